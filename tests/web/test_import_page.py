"""Importing from the web: upload, preview, store; only one's own indicators; nothing half-done."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mittaristo.core.models import Area
from mittaristo.observations.models import Observation

GOOD = "indikaattori;alue;kausi;arvo\nmittari;999;2021;6 000\nmittari;999;2022;6 100,5\n"


@pytest.fixture
def area(db):
    return Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})


def upload(client, text, name="arvot.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post("/app/tuonti/", {"file": file}, HTTP_ACCEPT_LANGUAGE="en")


def test_preview_then_store(client, steward, area, tmp_path, settings):
    settings.UPLOAD_DIR = tmp_path
    client.force_login(steward)
    response = upload(client, GOOD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview of arvot.csv" in html and "Store these values" in html
    assert "<dt>New values</dt><dd>2</dd>" in html
    assert not Observation.objects.exists()  # the preview stores nothing
    response = client.post("/app/tuonti/tallenna/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "2 new, 0 changed, 0 unchanged" in response.content.decode()
    values = dict(Observation.objects.current().values_list("period", "value"))
    assert values == {"2021": Decimal("6000"), "2022": Decimal("6100.5")}
    assert Observation.objects.filter(recorded_by=steward, source_ref="arvot.csv").count() == 2
    assert list(tmp_path.iterdir()) == []  # the waiting file is gone
    # Storing again without a new preview does nothing.
    client.post("/app/tuonti/tallenna/")
    assert Observation.objects.count() == 2


def test_a_wrong_row_is_listed_and_nothing_can_be_stored(client, steward, area, tmp_path, settings):
    settings.UPLOAD_DIR = tmp_path
    client.force_login(steward)
    html = upload(client, GOOD.replace("6 100,5", "paljon")).content.decode()
    assert "Rows to correct" in html and "paljon" in html and "<td>3</td>" in html
    assert "Store these values" not in html
    client.post("/app/tuonti/tallenna/")
    assert not Observation.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_steward_cannot_import_another_persons_indicator(
    client, steward, area, django_user_model, tmp_path, settings
):
    settings.UPLOAD_DIR = tmp_path
    from mittaristo.strategy.models import Indicator

    other = django_user_model.objects.create_user("toinen", password="x-password-123")
    mittari = Indicator.objects.get(code="mittari")
    mittari.responsible_person = other  # the indicator passes to another steward
    mittari.save()
    client.force_login(other)
    assert upload(client, GOOD).status_code == 200
    client.force_login(steward)
    assert upload(client, GOOD).status_code == 403  # responsible for nothing now
    assert not Observation.objects.exists()


def test_an_outsider_gets_403_and_anonymous_goes_to_login(client, outsider, area):
    client.force_login(outsider)
    assert upload(client, GOOD).status_code == 403
    client.logout()
    response = client.get("/app/tuonti/")
    assert response.status_code == 302 and "/app/login/" in response["Location"]
    assert not Observation.objects.exists()


def test_a_file_of_the_wrong_kind_is_refused(client, steward, area):
    client.force_login(steward)
    html = upload(client, "not a table", name="arvot.pdf").content.decode()
    assert "Choose a CSV, XLSX or ODS file." in html


def test_download_what_was_imported_and_read_it_back(client, steward, area, tmp_path, settings):
    from mittaristo.observations.imports.service import import_observations

    settings.UPLOAD_DIR = tmp_path
    path = tmp_path / "arvot.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert import_observations(path=path).ok
    client.force_login(steward)
    page = client.get(f"/app/syotto/{steward_indicator_pk()}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "/app/vienti/?format=xlsx&amp;strategy=testi-2030&amp;indicator=mittari" in (
        page.content.decode()
    )
    response = client.get("/app/vienti/", {"format": "csv", "indicator": "mittari"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("indikaattori;alue;kausi;arvo;tila;")  # Finnish,
    assert text.splitlines()[1:] == [  # and so are the statuses
        "mittari;KU999;2021;6000;lopullinen;;;;",
        "mittari;KU999;2022;6100,5;lopullinen;;;;",
    ]
    download = tmp_path / "lataus.csv"
    download.write_bytes(response.content)
    report = import_observations(path=download)
    assert (report.created, report.changed, report.unchanged) == (0, 0, 2)
    assert client.get("/app/vienti/", {"format": "pdf"}).status_code == 400
    client.logout()
    assert client.get("/app/vienti/").status_code == 302


def steward_indicator_pk():
    from mittaristo.strategy.models import Indicator

    return Indicator.objects.get(code="mittari").pk


# Plausibility. The series: 6 000 (2021), 6 100 (2022), 6 230 (2023); its plausible range by
# the form's rule: span 230, widened by 115 on each side: 5 885 … 6 345. "6,241" read with a
# decimal comma is 6.241, far below it.
KNOWN = GOOD.replace("6 100,5", "6 100") + "mittari;999;2023;6 230\n"
SLIPPED = 'indikaattori;alue;kausi;arvo\nmittari;Testikunta;2023;"6,241"\nmittari;999;2024;6 300\n'
BEFORE = {"2021": Decimal("6000"), "2022": Decimal("6100"), "2023": Decimal("6230")}


def store_known(tmp_path, text=KNOWN, accept_outliers=False):
    from mittaristo.observations.imports.service import import_observations

    path = tmp_path.parent / f"{tmp_path.name}-tunnetut.csv"  # not in UPLOAD_DIR
    path.write_text(text, encoding="utf-8")
    assert import_observations(path=path, accept_outliers=accept_outliers).stored


def store(client, **data):
    return client.post("/app/tuonti/tallenna/", data, HTTP_ACCEPT_LANGUAGE="fi")


def current_values():
    return dict(Observation.objects.current().values_list("period", "value"))


def test_the_preview_shows_old_and_new_values_and_the_outlier_in_finnish(
    client, steward, area, tmp_path, settings
):
    settings.UPLOAD_DIR = tmp_path
    store_known(tmp_path)
    client.force_login(steward)
    file = SimpleUploadedFile("arvot.csv", SLIPPED.encode(), content_type="text/csv")
    html = client.post("/app/tuonti/", {"file": file}, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    # Finnish: a no-break space groups thousands, a comma marks decimals.
    changes = html.split("Uudet ja muuttuneet arvot")[1]
    assert '<td class="num">6\xa0230 → 6,241</td>' in changes
    assert '<td class="num">6\xa0300 (uusi)</td>' in changes
    outliers = html.split("Paljon odotetusta poikkeavat arvot")[1].split("</table>")[0]
    assert "<td>2</td><td>mittari</td><td>Testikunta</td><td>2023</td>" in outliers
    assert '<td class="num">6\xa0230 → 6,241</td><td class="num">5\xa0885 … 6\xa0345</td>' in (
        outliers
    )
    assert "2024" not in outliers  # 6 300 is plausible
    assert 'name="accept_outliers"' in html
    assert current_values() == BEFORE


def test_an_outlier_stores_nothing_until_it_is_confirmed(client, steward, area, tmp_path, settings):
    settings.UPLOAD_DIR = tmp_path
    store_known(tmp_path)
    client.force_login(steward)
    upload(client, SLIPPED)
    response = store(client)  # the box not ticked
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mitään ei tallennettu" in html and "6\xa0230 → 6,241" in html
    assert current_values() == BEFORE  # not even the plausible 2024 row
    assert len(list(tmp_path.iterdir())) == 1  # the file still waits
    response = store(client, accept_outliers="on")
    assert response.status_code == 302
    assert current_values() == {**BEFORE, "2023": Decimal("6.241"), "2024": Decimal("6300")}
    assert list(tmp_path.iterdir()) == []


def test_a_confirmation_holds_only_for_the_outliers_it_saw(
    client, steward, area, tmp_path, settings
):
    settings.UPLOAD_DIR = tmp_path
    store_known(tmp_path)
    client.force_login(steward)
    upload(client, SLIPPED)
    # Meanwhile someone stores 5 000 for 2020 (itself outside 5 885 … 6 345, so confirmed):
    # the range becomes 4 385 … 6 845 (span 6 230 − 5 000 = 1 230, ± 615); 6.241 is still
    # far off, but it is not the outlier list the person saw.
    store_known(tmp_path, "indikaattori;alue;kausi;arvo\nmittari;999;2020;5 000\n", True)
    html = store(client, accept_outliers="on").content.decode()
    assert "eivät ole enää ne" in html and "4\xa0385 … 6\xa0845" in html
    assert current_values()["2023"] == Decimal("6230")
    assert store(client, accept_outliers="on").status_code == 302  # this list, now confirmed
    assert current_values()["2023"] == Decimal("6.241")
