"""The open API (issue 20): read-only, what the public site shows and nothing more.

Everything it serves comes from published review rounds' evaluation records (the snapshot a
round keeps, monitoring/records), read through the one public gate
(`ReviewRound.objects.published()`, web/published.py); nothing imports this package.
"""
