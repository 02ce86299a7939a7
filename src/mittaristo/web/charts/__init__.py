"""Charts: one definition per chart kind, for every page that draws one (and the PDF report).

specs.py builds the Vega-Lite specifications from plain data and imports nothing of Django;
text.py gives them their words and text alternatives in the reader's language. (Nothing is
imported here, so that specs.py can be used without Django.)
"""
