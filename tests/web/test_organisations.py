"""Many organisations in one installation: each sees its own, nobody another's internal data.

Two municipalities load the same small strategy file (so their goals and indicators share
codes, the hardest case), each with review rounds, a survey and an investment project. The
walk below takes every internal address of the URL conf and asks it, as a person of the first
organisation, for the second's objects: 404, or a page without a word of the second's.
"""

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mittaristo.investments.models import Project
from mittaristo.observations.models import ImportJob
from mittaristo.reviews import services as reviews
from mittaristo.reviews.models import ReviewRound
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load
from mittaristo.strategy.models import Membership, Organisation, Proposal
from tests.conftest import MINIMAL
from tests.surveys.conftest import SurveyFixture

pytestmark = pytest.mark.django_db

B_MARK = "Zyx"  # in the name of everything of the second organisation: no page of A shows it
# A CSRF token or a submission key: random letters, which may hold B_MARK by chance.
RANDOM_VALUE = re.compile(r'"[A-Za-z0-9_-]{32,}"')


def shows_b(text: str) -> bool:
    """Whether a page shows anything of the second organisation (its random values aside)."""
    return B_MARK in RANDOM_VALUE.sub('""', text)


def _load_second(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace('code: "999"', 'code: "998"').replace("Testikunta", "Zyxkunta")
    text = text.replace("Testistrategia", "Zyxstrategia").replace("Test strategy", "Zyx strategy")
    path = tmp_path / "toinen.yaml"
    path.write_text(text, encoding="utf-8")
    return strategy_load(definition=read_definition(path)).strategy


def _project(organisation, code, name):
    return Project.objects.create(
        organisation=organisation,
        code=code,
        name={"fi": name},
        first_year=2024,
        last_year=2025,
        city_investment=1000,
        state_funding=0,
        eu_funding=0,
        other_funding=0,
        private_investment=0,
    )


class Two:
    """Two organisations with their strategies, rounds, surveys, projects and people."""

    def __init__(self, a_strategy, tmp_path, django_user_model):
        self.a_strategy, self.b_strategy = a_strategy, _load_second(tmp_path)
        self.a, self.b = self.a_strategy.organisation, self.b_strategy.organisation
        Organisation.objects.filter(pk=self.a.pk).update(slug="aakkola")
        Organisation.objects.filter(pk=self.b.pk).update(slug="beeberg")
        self.a.refresh_from_db(), self.b.refresh_from_db()
        make = django_user_model.objects.create_user
        # A person who holds every role in A: strategy lead, viewer, finance, goal owner, steward.
        self.a_user = make("aino", password="a-password-1")
        for role in ("strategy_lead", "viewer", "finance"):
            Membership.objects.create(user=self.a_user, organisation=self.a, role=role)
        self.b_user = make("bertta", password="b-password-1")
        Membership.objects.create(user=self.b_user, organisation=self.b, role="strategy_lead")
        for strategy, user in ((self.a_strategy, self.a_user), (self.b_strategy, self.b_user)):
            strategy.indicators.update(responsible_person=user)
            for aim in strategy.aims.all():
                aim.goals.update(owner=user)
        self.a_survey = SurveyFixture(self.a_strategy)
        self.b_survey = SurveyFixture(self.b_strategy)
        self.b_survey.survey.name = {"fi": "Zyxkysely"}
        self.b_survey.survey.save()
        for survey_round in self.b_survey.survey.rounds.all():
            survey_round.name = {"fi": f"Zyx {survey_round.period}"}
            survey_round.save()
        self.a_project = _project(self.a, "a-hanke", "A:n hanke")
        self.b_project = _project(self.b, "b-hanke", "Zyxhanke")
        day = dt.date(2024, 12, 31)
        self.a_open = reviews.round_open(
            strategy=self.a_strategy, name="A:n kierros", as_of=day, user=self.a_user
        )
        self.b_open = reviews.round_open(
            strategy=self.b_strategy, name="Zyx-kierros", as_of=day, user=self.b_user
        )
        self.b_published = self._published(self.b_strategy, "Zyx julkaistu", self.b_user)
        goal = self.b_strategy.aims.first().goals.get(code="T1")
        self.b_proposal = Proposal.objects.create(
            goal=goal, kind="goal", proposed={}, base={}, reason="Zyxsyy", proposed_by=self.b_user
        )

    @staticmethod
    def _published(strategy, name, user):
        review = reviews.round_open(
            strategy=strategy, name=name, as_of=dt.date(2024, 6, 30), user=user
        )
        for assessment in review.assessments.all():
            assessment.state = "approved"
            assessment.save()
        return reviews.round_publish(review=review, user=user)


@pytest.fixture
def two(minimal_strategy, tmp_path, django_user_model):
    return Two(minimal_strategy, tmp_path, django_user_model)


# -- the walk over every internal address ------------------------------------------------------


def _patterns(resolver=None, prefix=""):
    for item in (resolver or get_resolver()).url_patterns:
        if isinstance(item, URLResolver):
            if item.namespace in ("api", "admin"):
                continue  # the API is walked below; the admin is for superusers only
            yield from _patterns(item, prefix + str(item.pattern))
        elif isinstance(item, URLPattern) and item.name:
            yield prefix + str(item.pattern), item.name


def internal_names() -> list[str]:
    return sorted({name for route, name in _patterns() if route.lstrip("^").startswith("app/")})


# For each internal address naming an object by id: what of B's it is given.
def b_arguments(two) -> dict[str, dict]:
    s = two.b_survey
    section = s.survey.sections.first()
    question = s.q["palaute"]
    answer = s.answer(s.spring, text="Zyx vastaus")
    answer_pk = answer.answers.get(question=question).pk
    indicator = two.b_strategy.indicators.get(code="mittari")
    area = two.b.get_or_create_area()
    assessment = two.b_open.assessments.first()
    survey_round = s.spring
    # A's person's own job, started on B's pages (as if they kept a value there too).
    job = ImportJob.objects.create(
        file_name="zyx.csv", path="/nonexistent", user=two.a_user, organisation=two.b
    )
    return {
        "import-job": {"pk": job.pk},
        "round": {"pk": two.b_open.pk},
        "round-publish": {"pk": two.b_open.pk},
        "round-report": {"pk": two.b_published.pk, "kind": "followup", "lang": "fi", "fmt": "xlsx"},
        "assessment": {"pk": assessment.pk},
        "assessment-decide": {"pk": assessment.pk},
        "proposal": {"pk": two.b_proposal.pk},
        "proposal-accept": {"pk": two.b_proposal.pk},
        "proposal-return": {"pk": two.b_proposal.pk},
        "proposal-withdraw": {"pk": two.b_proposal.pk},
        "entry-indicator": {"pk": indicator.pk},
        "entry-history": {"pk": indicator.pk, "area_pk": area.pk, "period": "2024"},
        "investment": {"code": two.b_project.code},
        "investment-edit": {"code": two.b_project.code},
        "survey": {"pk": s.survey.pk},
        "survey-edit": {"pk": s.survey.pk},
        "survey-copy": {"pk": s.survey.pk},
        "survey-delete": {"pk": s.survey.pk},
        "survey-section-add": {"pk": s.survey.pk},
        "survey-round-add": {"pk": s.survey.pk},
        "survey-section-edit": {"pk": section.pk},
        "survey-section-move": {"pk": section.pk},
        "survey-section-delete": {"pk": section.pk},
        "survey-question-add": {"pk": section.pk},
        "survey-question-edit": {"pk": question.pk},
        "survey-question-move": {"pk": question.pk},
        "survey-question-delete": {"pk": question.pk},
        "survey-binding-add": {"pk": question.pk},
        "survey-binding-edit": {"pk": s.bindings[0].pk},
        "survey-binding-delete": {"pk": s.bindings[0].pk},
        "survey-round": {"pk": survey_round.pk},
        "survey-round-edit": {"pk": survey_round.pk},
        "survey-round-close": {"pk": survey_round.pk},
        "survey-round-store": {"pk": survey_round.pk},
        "survey-round-codes": {"pk": survey_round.pk},
        "survey-results": {"pk": survey_round.pk},
        "survey-results-download": {"pk": survey_round.pk, "fmt": "csv"},
        "survey-moderation": {"pk": survey_round.pk},
        "survey-moderation-decide": {"pk": survey_round.pk, "answer": answer_pk},
        "survey-import": {"pk": survey_round.pk},
    }


# Addresses by code (the same codes in both organisations: A's page is answered, with nothing
# of B's) or naming nothing at all (lists, forms: A's only).
BY_CODE_OR_NOTHING = {
    "app-overview": {},
    "attention": {},
    "cascade": {},
    "changes": {},
    "dated-report": {"kind": "followup"},
    "entry-list": {},
    "export": {},
    "factor-edit": {"code": "muutos"},
    "factors": {},
    "goal": {"code": "T1"},
    "goal-edit": {"code": "T1"},
    "goal-owner": {"code": "T1"},
    "goal-propose": {"code": "T1"},
    "import-template": {},
    "import-upload": {},
    "indicator": {"code": "mittari"},
    "indicator-edit": {"code": "mittari"},
    "indicator-index": {"code": "mittari"},
    "indicator-person": {"code": "mittari"},
    "investment-add": {},
    "investment-import": {},
    "indicator-components": {"code": "mittari", "fmt": "csv"},
    "investment-indicators": {},
    "investments": {},
    "midterm": {},
    "plan-add": {},
    "plan-edit": {"code": "ta-2024"},
    "plan-goal-add": {"code": "ta-2024"},
    "plan-goal-edit": {"plan": "ta-2024", "code": "ta-t1"},
    "process": {},
    "rounds": {},
    "statistics": {},
    "survey-add": {},
    "survey-templates": {},
    "surveys": {},
    "target-edit": {"code": "mittari", "year": 2030},
    "target-propose": {"code": "mittari", "year": 2030},
    "tasks": {},
}

NOT_AN_INDEX = {
    "indicator-index",
    "indicator-components",
}  # "mittari" is no composite index: 404 in A too
QUERIES = {"dated-report": "?format=xlsx&lang=en", "export": "?format=csv"}

# Addresses that are about no organisation's data, or only their own user's.
NOT_SCOPED = {
    "login": "logging in",
    "logout": "logging out",
    "password-reset": "the password reset by e-mail",
    "password-reset-done": "the password reset by e-mail",
    "password-reset-confirm": "the password reset by e-mail",
    "password-reset-complete": "the password reset by e-mail",
    "roles": "the administrator's only: 403 for everyone else",
    "role-change": "the administrator's only: 403 for everyone else",
    "import-store": "reads the person's own upload from their session",
    "import-cancel": "forgets the person's own upload from their session",
    "plan-goal-remove": "POST only, by code: tried under B's address below",
    "oidc_authentication_init": "single sign-on: logging in (404 while it is off)",
    "oidc_authentication_callback": "single sign-on: logging in (404 while it is off)",
}


def test_every_internal_address_is_named_here(two):
    """A new internal page must say how it is kept to its organisation, in one of the maps."""
    known = set(b_arguments(two)) | set(BY_CODE_OR_NOTHING) | set(NOT_SCOPED)
    assert set(internal_names()) - known == set()


def test_a_person_of_one_organisation_gets_404_for_every_object_of_another(client, two):
    client.force_login(two.a_user)
    for name, kwargs in b_arguments(two).items():
        url = reverse(name, kwargs=kwargs)
        assert client.get(url).status_code in (404, 405), url  # 405: a POST-only address
        assert client.post(url, {}).status_code == 404, url
    # Nothing of B's changed: its open round is still open, its proposal still open.
    assert ReviewRound.objects.get(pk=two.b_open.pk).state == ReviewRound.State.OPEN
    assert Proposal.objects.get(pk=two.b_proposal.pk).state == Proposal.State.OPEN


def test_the_pages_by_code_show_ones_own_organisation_and_nothing_of_another(client, two):
    client.force_login(two.a_user)
    for name, kwargs in BY_CODE_OR_NOTHING.items():
        url = reverse(name, kwargs=kwargs) + QUERIES.get(name, "")
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        expected = (404,) if name in NOT_AN_INDEX else (200, 302)
        expected = (*expected, 405)  # a POST-only address answers a GET so, seeing nothing
        assert response.status_code in expected, (name, response.status_code)
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        assert not shows_b(text) and "b-hanke" not in text, name


def test_every_internal_address_under_another_organisations_address_is_404(client, two):
    """/beeberg/app/… as a person of A: 404 for every page but logging in and out."""
    client.force_login(two.a_user)
    arguments = {**b_arguments(two), **BY_CODE_OR_NOTHING}
    for name in internal_names():
        if name in NOT_SCOPED and name not in ("roles", "role-change", "plan-goal-remove"):
            continue
        kwargs = arguments.get(name, {"pk": 1, "code": "T1", "plan": "ta-2024"})
        kwargs = {k: v for k, v in kwargs.items() if k in _kwargs_of(name)}
        url = "/beeberg" + reverse(name, kwargs=kwargs)
        assert client.get(url).status_code == 404, url  # before any method check
        assert client.post(url, {}).status_code == 404, url
    # The own organisation's address opens, the other's login page too.
    assert client.get("/aakkola/app/").status_code == 200
    assert client.get("/beeberg/app/login/").status_code in (200, 302)


def _kwargs_of(name) -> set[str]:
    """The names of the arguments the address `name` takes."""
    for item in _leaves(get_resolver()):
        if item.name == name:
            pattern = item.pattern
            return set(getattr(pattern, "converters", None) or pattern.regex.groupindex)
    return set()


def _leaves(resolver):
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            yield from _leaves(item)
        else:
            yield item


def test_a_person_holds_different_roles_in_two_organisations(client, two, django_user_model):
    both = django_user_model.objects.create_user("kaksi", password="both-password-1")
    Membership.objects.create(user=both, organisation=two.a, role="strategy_lead")
    Membership.objects.create(user=both, organisation=two.b, role="viewer")
    client.force_login(both)
    # In A the strategy lead: opens a round. In B a viewer: reads, may not open one.
    data = {"name": "Kevät", "as_of": "2025-01-31", "kind": "other"}
    assert client.post("/aakkola/app/kierrokset/", data).status_code == 302
    assert ReviewRound.objects.filter(strategy=two.a_strategy, name="Kevät").exists()
    assert client.get("/beeberg/app/kierrokset/").status_code == 200
    assert client.post("/beeberg/app/kierrokset/", data).status_code == 403
    assert not ReviewRound.objects.filter(strategy=two.b_strategy, name="Kevät").exists()
    # Each organisation's pages show its own strategy (the chooser names both organisations).
    assert B_MARK in _page(client, "/beeberg/app/")
    assert not shows_b(_page(client, "/aakkola/app/"))
    # The address without one is the organisation last opened.
    assert not shows_b(_page(client, "/app/"))
    client.get("/beeberg/app/")
    assert B_MARK in _page(client, "/app/")


def _page(client, url) -> str:
    """The page without the organisation chooser, which names each of the person's."""
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return re.sub(r'<details class="organisation-chooser">.*?</details>', "", html, flags=re.S)


def test_the_administrator_sees_every_organisation(admin_client, two):
    assert admin_client.get("/aakkola/app/").status_code == 200
    assert admin_client.get(f"/beeberg/app/kierrokset/{two.b_open.pk}/").status_code == 200
    # …but each under its own address: B's round is not A's.
    assert admin_client.get(f"/aakkola/app/kierrokset/{two.b_open.pk}/").status_code == 404


def test_roles_given_in_one_organisation_hold_there_only(admin_client, two):
    person = two.a_user
    response = admin_client.post(f"/beeberg/app/roolit/{person.pk}/", {"viewer": "1"})
    assert response.status_code == 302
    assert set(
        Membership.objects.filter(user=person, organisation=two.b).values_list("role", flat=True)
    ) == {"viewer"}
    assert set(
        Membership.objects.filter(user=person, organisation=two.a).values_list("role", flat=True)
    ) == {"strategy_lead", "viewer", "finance"}


# -- the public site ---------------------------------------------------------------------------


def test_the_front_page_lists_the_organisations_and_each_has_its_own_site(client, two):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/aakkola/"' in html and 'href="/beeberg/"' in html
    b_page = client.get("/beeberg/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert B_MARK in b_page and "Zyx julkaistu" in b_page
    # A has published nothing: its site says so, and shows nothing of B's.
    a_page = client.get("/aakkola/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No review of this strategy has been published yet." in a_page
    assert not shows_b(a_page)
    # Links on B's site stay under B's address.
    assert re.search(r'href="/beeberg/tavoitteet/T1/"', b_page)
    assert client.get("/beeberg/tavoitteet/T1/").status_code == 200


def test_a_published_round_is_public_under_its_own_organisations_address_only(client, two):
    pk = two.b_published.pk
    assert client.get(f"/beeberg/kierrokset/{pk}/").status_code == 200
    assert client.get(f"/aakkola/kierrokset/{pk}/").status_code == 404
    assert client.get(f"/kierrokset/{pk}/").status_code == 404  # several: no organisation
    report = f"/kierrokset/{pk}/raportit/followup-fi.xlsx"
    assert client.get("/aakkola" + report).status_code == 404
    # Nobody's open round is public under any address.
    for address in ("", "/aakkola", "/beeberg"):
        assert client.get(f"{address}/kierrokset/{two.b_open.pk}/").status_code == 404
        assert client.get(f"{address}/kierrokset/{two.a_open.pk}/").status_code == 404


def test_an_address_without_a_slug_is_the_municipality_code(client, two):
    Organisation.objects.filter(pk=two.b.pk).update(slug="")
    assert B_MARK in client.get("/998/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert client.get("/beeberg/").status_code == 404


# -- the open API ------------------------------------------------------------------------------


def api_lists() -> list[str]:
    from mittaristo.api.urls import urlpatterns

    return [
        "/api/" + str(p.pattern)
        for p in urlpatterns
        if "{" not in str(p.pattern)
        and "<" not in str(p.pattern)
        and str(p.pattern).startswith("v1/")
    ]


def test_the_api_answers_the_published_rounds_of_every_organisation_and_nothing_unpublished(
    client, two
):
    lists = api_lists()
    assert len(lists) >= 10
    for url in lists:
        every = not url.endswith(("/organisations/", "/strategies/", "/rounds/"))
        response = client.get(url, {"round": "all"} if every else {})
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "A:n kierros" not in text and "Zyx-kierros" not in text, url
    rounds = client.get("/api/v1/rounds/").json()["results"]
    assert [row["id"] for row in rounds] == [two.b_published.pk]
    for pk in (two.a_open.pk, two.b_open.pk):
        assert client.get(f"/api/v1/rounds/{pk}/").status_code == 404
    assert client.get(f"/api/v1/rounds/{two.b_published.pk}/").status_code == 200
    # The same under an organisation's address: the API is about no one organisation.
    assert client.get(f"/aakkola/api/v1/rounds/{two.a_open.pk}/").status_code == 404


# -- the migration -----------------------------------------------------------------------------


def test_the_migration_gives_slugs_and_turns_the_only_organisations_groups_into_memberships(
    minimal_strategy, viewer, strategy_lead
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "mittaristo.strategy.migrations.0010_organisation_slug_memberships"
    )
    organisation = minimal_strategy.organisation
    migration.fill_slugs(apps, None)
    organisation.refresh_from_db()
    assert organisation.slug == "testikunta"
    migration.memberships_from_groups(apps, None)
    held = set(Membership.objects.values_list("user__username", "organisation", "role"))
    assert held == {
        ("lukija", organisation.pk, "viewer"),
        ("strategia", organisation.pk, "strategy_lead"),
    }


def test_with_several_organisations_a_global_group_opens_none(client, two, viewer):
    client.force_login(viewer)  # a member of the global group "viewer" only
    assert client.get("/app/").status_code == 403
    assert client.get("/aakkola/app/").status_code == 404


# -- import jobs ---------------------------------------------------------------------------------


def test_an_import_job_is_shown_within_its_own_organisation_only(client, two):
    job = ImportJob.objects.create(
        file_name="a.csv", path="/nonexistent", user=two.a_user, organisation=two.a
    )
    other = ImportJob.objects.create(
        file_name="zyx.csv", path="/nonexistent", user=two.a_user, organisation=two.b
    )
    Membership.objects.create(user=two.a_user, organisation=two.b, role="viewer")
    client.force_login(two.a_user)
    assert client.get(f"/aakkola/app/tuonti/tyo/{job.pk}/").status_code == 200
    assert client.get(f"/beeberg/app/tuonti/tyo/{job.pk}/").status_code == 404
    assert client.get(f"/beeberg/app/tuonti/tyo/{other.pk}/").status_code == 200
    assert client.get(f"/aakkola/app/tuonti/tyo/{other.pk}/").status_code == 404
    # The import page lists the jobs of its organisation only.
    page = client.get("/aakkola/app/tuonti/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "a.csv" in page and "zyx.csv" not in page


def test_an_import_job_stores_its_organisations_indicators_only(two, tmp_path):
    from mittaristo.observations.imports.jobs import import_job_run
    from mittaristo.observations.models import Observation

    two.a.get_or_create_area()
    path = tmp_path / "values.csv"
    path.write_text("indicator,area,period,value\nmittari,999,2021,5\n", encoding="utf-8")
    # The same person keeps "mittari" in both; the job started on A's pages stores A's only.
    two.b_strategy.indicators.update(responsible_person=two.a_user)
    job = ImportJob.objects.create(
        file_name="values.csv", path=str(path), user=two.a_user, organisation=two.a
    )
    assert import_job_run(job.pk) == ImportJob.State.STORED
    stored = Observation.objects.values_list("indicator__strategy__organisation", flat=True)
    assert list(stored) == [two.a.pk]


# -- the survey answering pages ----------------------------------------------------------------


def test_a_survey_is_answered_under_its_own_address_or_none_and_404_under_another(client, two):
    pk = two.a_survey.spring.pk
    for page in (f"/kysely/{pk}/", f"/kysely/{pk}/osa/1/", f"/kysely/{pk}/kiitos/"):
        assert client.get(page).status_code == 200, page
        assert client.get("/aakkola" + page).status_code == 200, page
        assert client.get("/beeberg" + page).status_code == 404, page
        assert client.post("/beeberg" + page, {}).status_code in (404, 405), page
    b_pk = two.b_survey.spring.pk
    assert client.get(f"/beeberg/kysely/{b_pk}/").status_code == 200
    assert client.get(f"/aakkola/kysely/{b_pk}/").status_code == 404


# -- addresses without an organisation, and the chooser ---------------------------------------


def test_a_link_without_the_address_does_not_switch_and_app_offers_a_chooser(
    client, two, django_user_model
):
    both = django_user_model.objects.create_user("kaksi", password="both-password-1")
    Membership.objects.create(user=both, organisation=two.a, role="viewer")
    Membership.objects.create(user=both, organisation=two.b, role="viewer")
    client.force_login(both)
    html = client.get("/app/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert B_MARK in html  # none opened yet: the first by code, B (998)
    chooser = re.search(r'<details class="organisation-chooser">.*?</details>', html, re.S)
    assert chooser, "no chooser"
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>', chooser.group(0))
    assert sorted(href for href, _current in links) == ["/aakkola/app/", "/beeberg/app/"]
    assert "Change organisation" in chooser.group(0)
    # B's round by a link without an address, while A is open: 404, and A stays open.
    client.get("/aakkola/app/")
    assert client.get(f"/app/kierrokset/{two.b_open.pk}/").status_code == 404
    assert not shows_b(_page(client, "/app/"))
    html = client.get("/app/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<a href="/aakkola/app/" aria-current="page">' in html
    # Under B's address the chooser marks B.
    html = client.get("/beeberg/app/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<a href="/beeberg/app/" aria-current="page">' in html


def test_no_chooser_for_a_person_of_one_organisation(client, two):
    client.force_login(two.a_user)
    html = client.get("/aakkola/app/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "organisation-chooser" not in html
