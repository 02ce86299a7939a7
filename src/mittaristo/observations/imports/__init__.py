"""Importing observations from files: read a table (table.py), parse its rows (parse.py), and
resolve and store them (service.py). Reading and parsing are pure: no database."""
