"""The import template, indicator names in a file, and files that are no spreadsheet at all."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from mittaristo.core.models import Area
from mittaristo.observations.models import Observation
from mittaristo.strategy.models import Indicator

TODAY = dt.date(2026, 11, 29)
HEADERS = ["indicator", "area", "period", "value", "status", "note", "breakdown", "example"]


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def area(db):
    return Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})


def known(area, period, value):
    """A stored value of "mittari" in the own area."""
    from mittaristo.core.periods import parse_period
    from mittaristo.observations.services import ObservationRow, observations_upsert

    row = ObservationRow(
        indicator_id=Indicator.objects.get(code="mittari").pk,
        area_id=area.pk,
        period=parse_period(period),
        value=Decimal(value),
    )
    observations_upsert(rows=[row], source_kind=Observation.SourceKind.MANUAL, source_ref="t")


def template(client, language="en"):
    response = client.get("/app/tuonti/pohja/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def upload(client, content: bytes, name: str):
    file = SimpleUploadedFile(name, content)
    return client.post("/app/tuonti/", {"file": file}, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def filled(rows, values) -> bytes:
    """The downloaded template with `values` written into its value column, row by row."""
    workbook = Workbook()
    workbook.active.append(rows[0])
    for position, row in enumerate(rows[1:]):
        value = values[position] if position < len(values) else None
        workbook.active.append(row[:3] + [value] + row[4:])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_template_lists_the_stewards_periods_due_and_imports_back(
    client, steward, area, frozen, tmp_path, settings
):
    settings.UPLOAD_DIR = tmp_path
    known(area, "2022", "6000")
    client.force_login(steward)
    page = client.get("/app/tuonti/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/app/tuonti/pohja/"' in page
    rows = template(client)
    assert rows[0][:8] == HEADERS and rows[0][9:] == ["indicator name", "unit"]
    # After 2022 the years that have ended by 29.11.2026: 2023, 2024 and 2025.
    assert [row[:4] for row in rows[1:]] == [
        ["mittari", "KU999", "2023", None],
        ["mittari", "KU999", "2024", None],
        ["mittari", "KU999", "2025", None],
    ]
    assert rows[1][9:] == ["Mittari", "persons"]
    # Two values filled in, one left empty: the preview shows two new values, nothing else.
    html = upload(client, filled(rows, [6100, 6150.5]), "pohja.xlsx")
    assert "<dt>New values</dt><dd>2</dd>" in html and "<dt>Wrong rows</dt><dd>0</dd>" in html
    assert "Columns not used" not in html  # the name and unit columns are for reading
    assert "<td>2</td><td>mittari</td>" in html and "<td>3</td><td>mittari</td>" in html
    client.post("/app/tuonti/tallenna/", HTTP_ACCEPT_LANGUAGE="en")
    values = dict(Observation.objects.current().values_list("period", "value"))
    assert values == {"2022": Decimal("6000"), "2023": Decimal("6100"), "2024": Decimal("6150.5")}
    # Now 2025 is what is due.
    assert [row[2] for row in template(client)[1:]] == ["2025"]


def test_the_template_in_finnish_and_swedish_reads_back_too(
    client, steward, area, frozen, tmp_path, settings
):
    settings.UPLOAD_DIR = tmp_path
    client.force_login(steward)
    for language in ("fi", "sv"):
        rows = template(client, language)
        assert [row[:3] for row in rows[1:]] == [["mittari", "KU999", "2025"]]  # no value yet
        html = upload(client, filled(rows, [6000]), "pohja.xlsx")
        assert "<dt>New values</dt><dd>1</dd>" in html and "Columns not used" not in html


def test_the_administrator_gets_every_indicator_and_an_up_to_date_series_its_next_period(
    client, steward, area, frozen, django_user_model
):
    other = Indicator.objects.get(code="mittari")
    other.pk, other.code, other.frequency = None, "kuukausi", "monthly"
    other.responsible_person = None
    other.save()
    known(area, "2025", "6000")  # mittari is up to date: 2026 has not ended
    admin = django_user_model.objects.create_superuser("admin", password="admin-password-1")
    client.force_login(admin)
    rows = template(client)
    assert [row[:3] for row in rows[1:]] == [
        ["kuukausi", "KU999", "2026M10"],  # no value yet: the last month that has ended
        ["mittari", "KU999", "2026"],
    ]
    client.force_login(steward)
    assert [row[0] for row in template(client)[1:]] == ["mittari"]  # only their own


def test_who_may_not_import_gets_no_template(client, outsider, strategy_lead, viewer):
    for user in (outsider, strategy_lead, viewer):
        client.force_login(user)
        assert client.get("/app/tuonti/pohja/").status_code == 403
    client.logout()
    assert client.get("/app/tuonti/pohja/").status_code == 302


NAMED = "indikaattori;alue;kausi;arvo\n{}\n"


def test_an_indicator_may_be_written_by_its_name_in_any_language(
    client, steward, area, tmp_path, settings
):
    settings.UPLOAD_DIR = tmp_path
    Indicator.objects.filter(code="mittari").update(
        name={"fi": "Asukasluku", "sv": "Invånarantal", "en": "Population"}
    )
    client.force_login(steward)
    rows = (
        "ASUKASLUKU;999;2021;1\n  invånarantal ;999;2022;2\n"
        "Population;999;2023;3\nmittari;999;2024;4"
    )
    html = upload(client, NAMED.format(rows).encode(), "nimet.csv")
    assert "<dt>New values</dt><dd>4</dd>" in html and "<dt>Wrong rows</dt><dd>0</dd>" in html
    html = upload(client, NAMED.format("Väkiluku;999;2021;1").encode(), "nimet.csv")
    assert "unknown indicator: write its code or its name as shown on the pages" in html


def test_a_name_shared_by_two_indicators_asks_for_the_code(
    client, steward, area, tmp_path, settings
):
    settings.UPLOAD_DIR = tmp_path
    mittari = Indicator.objects.get(code="mittari")
    mittari.name = {"fi": "Asukasluku"}
    mittari.save()
    twin = Indicator.objects.get(code="mittari")
    twin.pk, twin.code, twin.name = None, "asukkaat", {"fi": "Väestö", "en": "asukasluku"}
    twin.save()
    client.force_login(steward)
    html = upload(client, NAMED.format("Asukasluku;999;2021;1").encode(), "nimet.csv")
    assert "the name matches several indicators (mittari, asukkaat)" in html or (
        "the name matches several indicators (asukkaat, mittari)" in html
    )
    assert "write the code of the one you mean" in html
    assert not Observation.objects.exists()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("content", "seems"),
    [
        (PNG + bytes(200), "it is an image"),
        (b"indikaattori;alue;kausi;arvo\nmittari;999;2021;1\n", "it is text"),
        (b"%PDF-1.7\n" + bytes(100), "it is a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old Excel format (.xls)"),
    ],
)
def test_a_file_that_is_no_spreadsheet_gets_a_plain_message(
    client, steward, area, tmp_path, settings, content, seems
):
    settings.UPLOAD_DIR = tmp_path
    client.force_login(steward)
    html = upload(client, content, "arvot.xlsx")
    assert "arvot.xlsx: cannot read: this is not an XLSX spreadsheet, though its name" in html
    assert seems in html and "save it as XLSX, ODS or CSV" in html
    # No reader's error (a random CSRF token may hold "zip": it is left out).
    shown = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    assert "zip" not in shown.lower()
    assert "Store these values" not in html
    assert not Observation.objects.exists() and list(tmp_path.iterdir()) == []


def test_a_zip_archive_that_is_no_spreadsheet_gets_a_plain_message(
    client, steward, area, tmp_path, settings
):
    import zipfile

    settings.UPLOAD_DIR = tmp_path
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as files:
        files.writestr("word/document.xml", "<w:document/>")
    client.force_login(steward)
    html = upload(client, archive.getvalue(), "arvot.xlsx")
    assert "arvot.xlsx: cannot read: the file is damaged, protected by a password, or not an" in (
        html
    )
    assert not Observation.objects.exists()
