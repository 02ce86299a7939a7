"""One form chooses "a review round or an as-of date" on the attention page, the mid-term page
and the overview's dated reports (web/forms.RoundOrDateForm): the same names (`kierros`,
`ajankohta`), the same Finnish dates, the same words for a wrong one; the mid-term page's old
`paiva` still works."""

import datetime as dt
import html as htmllib

import pytest
from django.urls import reverse
from django.utils import timezone

from mittaristo.reviews.models import ReviewRound
from mittaristo.web.forms import RoundOrDateForm

PAGES = {"attention": "/app/huomio/", "midterm": "/app/valiarviointi/"}


@pytest.fixture
def demo(demo_db):
    """The demo's published round."""
    return ReviewRound.objects.published().select_related("strategy").get()


def get(client, page, query) -> str:
    response = client.get(PAGES[page] + query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return htmllib.unescape(response.content.decode())


def chosen(data, rounds=()):
    form = RoundOrDateForm(data, rounds=rounds)
    return form.chosen(), {k: [str(e) for e in v] for k, v in form.errors.items()}


def test_the_form_reads_a_round_or_a_finnish_or_iso_date_and_says_what_is_wrong(demo):
    assert chosen({"kierros": str(demo.pk)}, [demo]) == ((demo, None), {})
    assert chosen({"ajankohta": "31.12.2024"}) == ((None, dt.date(2024, 12, 31)), {})
    assert chosen({"ajankohta": "2024-12-31"}) == ((None, dt.date(2024, 12, 31)), {})
    assert chosen({"paiva": "1.3.2025"}) == ((None, dt.date(2025, 3, 1)), {})  # the old name
    assert chosen({"as_of": "2025-03-01"}) == ((None, dt.date(2025, 3, 1)), {})
    assert chosen({}) == ((None, None), {})
    assert chosen({"ajankohta": "31.2.2025"}) == (
        (None, None),
        {"ajankohta": ["Write the date as 31.12.2024."]},
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert chosen({"ajankohta": f"{tomorrow:%d.%m.%Y}"})[1] == {
        "ajankohta": ["The date cannot be in the future."]
    }
    both = chosen({"kierros": str(demo.pk), "ajankohta": "1.3.2025"}, [demo])
    assert both == ((None, None), {"__all__": ["Choose a review round or a date, not both."]})
    assert "kierros" in chosen({"kierros": "999999"}, [demo])[1]  # not one of the strategy's


def test_a_finnish_date_is_shown_again_in_the_date_input_as_it_reads():
    form = RoundOrDateForm({"paiva": "1.3.2025"})
    field = str(form["ajankohta"])
    assert 'type="date"' in field and 'name="ajankohta"' in field and 'value="2025-03-01"' in field
    assert f'max="{timezone.localdate().isoformat()}"' in field


@pytest.mark.parametrize("page", PAGES)
def test_both_pages_with_a_round_a_date_and_a_bad_date(admin_client, demo, page):
    by_round = get(admin_client, page, f"?kierros={demo.pk}")
    assert f'<option value="{demo.pk}" selected lang="fi">{demo.name}</option>' in by_round
    by_date = get(admin_client, page, "?ajankohta=2025-03-01")
    assert "known on Mar 1, 2025" in by_date
    assert 'name="ajankohta" value="2025-03-01"' in by_date
    bad = get(admin_client, page, "?ajankohta=31.2.2025")
    assert "Write the date as 31.12.2024." in bad and 'class="field has-error"' in bad
    old = get(admin_client, page, "?paiva=1.3.2025")  # a bookmarked address of the old form
    assert 'name="ajankohta" value="2025-03-01"' in old and "Write the date" not in old


def test_the_dated_report_reads_the_date_as_the_pages_do(admin_client, demo, monkeypatch):
    from mittaristo.reports import views

    asked = []
    monkeypatch.setattr(views, "cached_file", lambda *a, **k: asked.append(k["as_of"]) or b"file")
    url = reverse("dated-report", args=["followup"])
    page = admin_client.get(reverse("app-overview")).content.decode()
    assert 'name="ajankohta"' in page and 'name="as_of"' not in page
    for query in ({"ajankohta": "1.3.2025"}, {"ajankohta": "2025-03-01"}, {"as_of": "2025-03-01"}):
        assert admin_client.get(url, query | {"format": "xlsx"}).status_code == 200
    assert asked == [dt.date(2025, 3, 1)] * 3
    bad = admin_client.get(
        url, {"ajankohta": "31.2.2025", "format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert bad.status_code == 400 and "Write the date as 31.12.2024." in bad.content.decode()
