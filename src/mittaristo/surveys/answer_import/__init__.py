"""Importing answers collected in other survey tools (docs/surveys.md, "Importing answers from
other tools"): `cells.py` reads one cell as one question's answer, `service.py` checks the file
and stores it all or nothing."""
