"""Mittaristo: strategy monitoring and evaluation for Finnish municipalities."""
