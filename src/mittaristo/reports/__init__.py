"""Reports for the council: documents rendered from evaluation records (docs/reports.md).

One module per kind (followup.py, midterm.py, overview.py) builds its typed content from
records (`content`), names its HTML template (templates/reports/<kind>.html) and its workbook
(`sheets`); kinds.py registers them; document.py renders a content as PDF or XLSX. No
calculation here: statuses, forecasts and sentences are the record's. The mid-term evaluation
and the statistical overview are pages too (midterm_page.py, overview_page.py).
"""
