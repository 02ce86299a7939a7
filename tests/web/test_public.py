"""The public site: published review rounds only, never drafts or personal data."""

import datetime as dt
import io
import re

import lxml.html
import pytest
from django.test import Client
from openpyxl import load_workbook

from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.services import assessment_save, round_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_db):
    """The demo's published round (the demo is built once per session: tests/demo_snapshot.py)."""
    return ReviewRound.objects.get()


def publish_later_round(demo, snapshot):
    """A round published after the demo's, with `snapshot` (as if from later data)."""
    from django.utils import timezone

    # Its save renews the organisation's public stamp (web/public_stamps.py).
    published = ReviewRound.objects.create(
        strategy=demo.strategy,
        name="Tilinpäätös 2026",
        as_of=dt.date.today(),
        state=ReviewRound.State.PUBLISHED,
        published_at=timezone.now(),
        snapshot=snapshot,
    )
    return published


def main_part(html: str) -> str:
    """The page's <main> (the language form's CSRF token differs between two requests)."""
    return html[html.index("<main") : html.index("</main>")]


def test_before_any_review_the_front_page_says_so(client, minimal_strategy):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Test strategy</h1>" in html
    assert "No review of this strategy has been published yet." in html
    assert client.get("/tavoitteet/T1/").status_code == 200  # the same note, no error


def test_the_front_page_shows_the_published_round(client, demo):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "<h1>Hyvä kasvaa Heinolassa</h1>" in html
    assert demo.name in html
    assert "example-label" in html  # the demo round is example data, and says so
    assert html.count('<li class="goal status-card') == 12
    assert "Tämä on ensimmäinen julkaistu seuranta." in html or "first published" in html


def test_goal_and_indicator_pages_and_downloads(client, demo):
    html = client.get("/tavoitteet/T2.2/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Esimerkkiarvio" in html  # the approved (example) assessment
    assert 'href="/mittarit/tyopaikat/"' in html
    assert '<svg class="sparkline"' in html
    html = client.get("/mittarit/tyopaikat/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="chart-spec"' in html and "vega-lite" in html
    assert "6,199" in html and "6,230" in html
    csv = client.get("/mittarit/tyopaikat/lataa.csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    # 2019 published figure and 2020–2023 example values, exactly as the page shows them.
    assert [line.split(";")[2] for line in lines[1:]] == ["2019", "2020", "2021", "2022", "2023"]
    assert lines[1].split(";")[3] == "6199"
    xlsx = client.get("/mittarit/tyopaikat/lataa.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 6 and rows[1][3] == 6199
    assert client.get("/mittarit/tyopaikat/lataa.json").status_code == 404
    assert client.get("/mittarit/ei-ole/").status_code == 404


def test_nothing_unpublished_ever_shows(client, demo, django_user_model):
    lead = django_user_model.objects.get(username="strategia")
    draft = round_open(
        strategy=demo.strategy, name="Osavuosikatsaus 1/2026", as_of=dt.date.today(), user=lead
    )
    assessment = draft.assessments.first()
    assessment_save(assessment=assessment, user=lead, commentary="SALAINEN LUONNOS")
    pages = ["/", f"/tavoitteet/{assessment.goal.code}/", "/mittarit/tyopaikat/"]
    for url in pages:
        html = client.get(url).content.decode()
        assert "SALAINEN LUONNOS" not in html and "Osavuosikatsaus 1/2026" not in html
        # No personal data: the demo users' names and user names never appear.
        for word in ["strategia (", "omistaja", "tietovastaava", "Strategiavastaava (demo)"]:
            assert word not in html
    assert client.get(f"/kierrokset/{draft.pk}/").status_code == 404
    assert client.get(f"/kierrokset/{demo.pk}/").status_code == 200


def test_the_internal_overview_needs_a_login(client, demo):
    response = client.get("/app/")
    assert response.status_code == 302 and "/app/login/" in response["Location"]


def test_the_cached_front_page_follows_new_rounds_and_languages(client, demo):
    """The front page's content is cached per round and language: a newly published round
    and a changed status show at once, and each language gets its own copy."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def article(html):
        return html[html.index("<article") : html.index("</article>")]

    fi = client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Tämä on ensimmäinen julkaistu seuranta." in fi
    en = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This is the first published review." in en
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert article(again) == article(fi)
    # From the cache: no query reads a snapshot.
    assert not any('"snapshot"' in q["sql"] for q in queries.captured_queries)
    snapshot = demo.snapshot
    first_goal = snapshot["aims"][0]["goals"][0]
    before = first_goal["status"]
    first_goal["status"] = "achieved" if before != "achieved" else "off_track"
    publish_later_round(demo, snapshot)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tilinpäätös 2026" in html and "Published reviews" in html
    assert "Changes since the previous review" in html
    assert first_goal["name"]["en"] in html.split("Changes since the previous review")[1]
    old = client.get(f"/kierrokset/{demo.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This is the first published review." in old and 'aria-current="page"' in old


def new_sentence(snapshot):
    snapshot["indicators"]["tyopaikat"]["sentence"] = {"fi": "Uusi teksti.", "en": "A new text."}


def new_description(snapshot):
    goal = next(g for a in snapshot["aims"] for g in a["goals"] if g["code"] == "T2.2")
    goal["description"] = {"fi": "Uusi teksti.", "en": "A new text."}


@pytest.mark.parametrize(
    "page, change, titles",
    [
        ("mittarit/tyopaikat", new_sentence, ("Number of jobs", "Työpaikkojen määrä")),
        (
            "tavoitteet/T2.2",
            new_description,
            ("A dynamic and renewing business life", "Dynaaminen ja uudistuva elinkeinoelämä"),
        ),
    ],
)
def test_a_cached_public_page_follows_new_rounds(client, demo, page, change, titles):
    """The indicator and goal pages are cached per round, page and language: a hit reads no
    snapshot, each language has its own copy, a newly published round shows at once, an
    earlier round stays as it was, and an unknown code is still not found."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def title(html):
        return html[html.index("<title>") : html.index("</title>")]

    first = client.get(f"/{page}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"/{page}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert main_part(again) == main_part(first) and title(again) == title(first)
    assert not any('"snapshot"' in q["sql"] for q in queries.captured_queries)
    finnish = client.get(f"/{page}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert titles[0] in title(first) and titles[1] in title(finnish)
    snapshot = demo.snapshot
    change(snapshot)
    publish_later_round(demo, snapshot)
    newer = client.get(f"/{page}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A new text." in newer and "A new text." not in first
    old = client.get(f"/kierrokset/{demo.pk}/{page}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "A new text." not in old.content.decode()
    assert client.get(f"/{page.split('/')[0]}/EI/").status_code == 404


def test_a_first_visit_gets_the_whole_front_page_from_the_cache(
    client, demo, django_user_model, monkeypatch
):
    """An anonymous first visit's front page is made once per published rounds, open
    invitations and language: a repeat costs no query and renders nothing, each visitor gets
    their own CSRF token, an invitation shows as soon as its round is opened (the service)
    and as soon as the clock opens it, and a logged-in person gets their own page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from mittaristo.surveys.models import Survey, SurveyRound
    from mittaristo.surveys.rounds import round_close, round_save

    first = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert main_part(again) == main_part(first)
    # The organisation and the published rounds and invitations are kept (strategy/known.py).
    assert len(queries.captured_queries) == 0, queries.captured_queries
    other = type(client)()  # another visitor: a CSRF token of their own
    token = 'name="csrfmiddlewaretoken" value="'
    theirs = other.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert main_part(theirs) == main_part(first)
    assert theirs.split(token)[1][:20] != first.split(token)[1][:20]
    assert other.cookies["csrftoken"].value
    assert "Asukaskysely" not in first
    now = timezone.now()
    survey = Survey.objects.create(
        organisation=demo.strategy.organisation, code="asukas", name={"fi": "Asukaskysely"}
    )
    later = {"name": {"fi": "Syksy"}, "period": "2026", "access": SurveyRound.Access.OPEN}
    survey_round = round_save(
        survey=survey,
        opens=now + dt.timedelta(days=1),
        closes=now + dt.timedelta(days=30),
        **later,
    )
    assert "Asukaskysely" not in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The clock opens it: the kept state ends at its opening time.
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(days=1, seconds=1))
    opened = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Asukaskysely" in opened
    # Closed early by the service: gone at once.
    round_close(survey_round=survey_round)
    assert "Asukaskysely" not in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Opened now by the service: shown at once.
    round_save(
        survey=survey, opens=now, closes=now + dt.timedelta(days=30), **{**later, "period": "2027"}
    )
    assert "Asukaskysely" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    django_user_model.objects.create_user("vierailija", password="x")
    client.login(username="vierailija", password="x")
    mine = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log out (vierailija)" in mine
    assert "Log out" not in other.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_round_renamed_in_the_admin_shows_at_once(client, admin_user, demo):
    """A first visit's front page is kept per the organisation's public stamp, which every
    save of a review round renews, however it is made (web/public_stamps.py)."""
    assert demo.name in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    admin = Client()
    admin.force_login(admin_user)
    url = f"/admin/reviews/reviewround/{demo.pk}/change/"
    form = lxml.html.fromstring(admin.get(url).content).get_element_by_id("reviewround_form")
    data = {**dict(form.form_values()), "name": "Uudelleen nimetty"}
    response = admin.post(url, data)
    assert response.status_code == 302, re.findall(r"errorlist.{0,300}", response.content.decode())
    assert "Uudelleen nimetty" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_change_that_sends_no_signal_shows_within_a_minute(client, demo, monkeypatch):
    """A change that saves no object (a QuerySet.update, which sends no signal) leaves the
    stamp as it was: it shows when the kept state ends, PUBLIC_SECONDS at most."""
    from django.utils import timezone

    from mittaristo.strategy.known import PUBLIC_SECONDS

    assert demo.name in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    ReviewRound.objects.filter(pk=demo.pk).update(name="Uudelleen nimetty")
    assert "Uudelleen nimetty" not in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(seconds=PUBLIC_SECONDS + 1))
    assert "Uudelleen nimetty" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
