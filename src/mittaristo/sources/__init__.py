"""Open-data sources: one module per source; `fetch()` does the HTTP, `parse()` is pure.

Statistics Finland's PxWeb (StatFin, Kuntien avainluvut, Kuntien talous ja toiminta), THL's
Sotkanet, SYKE's emission spreadsheets. See docs/data-sources.md.
"""
