"""Changing the rest of the strategy in the app by decision: an indicator's texts, owners and
responsible people, plans and plan goals, change factors and their links. Who may, what is
required, the preview, the revision."""

import datetime as dt

import pytest
from django.utils import timezone

from mittaristo.strategy import models as m

pytestmark = pytest.mark.django_db

DECISION = {"effective": "12.3.2025", "reason": "Väliarviointi", "decision": "Kv 12.3.2025 § 18"}

INDICATOR = "/app/mittarit/mittari/tekstit/"
PERSON = "/app/mittarit/mittari/vastuuhenkilo/"
OWNER = "/app/tavoitteet/T1/omistaja/"
PLAN_ADD = "/app/kaskadi/uusi/"
PLAN = "/app/kaskadi/ta-2024/muuta/"
PLAN_GOAL_ADD = "/app/kaskadi/ta-2024/uusi-tavoite/"
PLAN_GOAL = "/app/kaskadi/ta-2024/ta-t1/muuta/"
PLAN_GOAL_REMOVE = "/app/kaskadi/kays-2024/kays-t1/poista/"
FACTOR = "/app/muutostekijat/muutos/muuta/"
PAGES = [
    INDICATOR,
    PERSON,
    OWNER,
    PLAN_ADD,
    PLAN,
    PLAN_GOAL_ADD,
    PLAN_GOAL,
    PLAN_GOAL_REMOVE,
    FACTOR,
]


def post(client, path, data):
    return client.post(path, data, HTTP_ACCEPT_LANGUAGE="en")


def texts(prefix, **by_language):
    return {f"{prefix}_{lang}": by_language.get(lang, "") for lang in ("fi", "sv", "en")}


def indicator_edit(**changes):
    return {
        **texts("name", fi="Työlliset", sv="Sysselsatta", en="Employed"),
        **texts("description", fi="Kuvaus"),
        **texts("unit", fi="henkeä", en="persons"),
        **texts("method"),
        **texts("responsible_unit", fi="Elinvoima"),
        **DECISION,
        **changes,
    }


def plan_add(**changes):
    return {
        "code": "ohj-1",
        "kind": "programme",
        "parent": "",
        **texts("name", fi="Hyvinvointiohjelma", en="Wellbeing programme"),
        **texts("description"),
        **texts("owner_unit", fi="Hyvinvointi"),
        "start_year": "2025",
        "end_year": "2028",
        **DECISION,
        **changes,
    }


def plan_goal_add(minimal_strategy, **changes):
    goal = m.Goal.objects.get(code="T2")
    indicator = m.Indicator.objects.get(code="mittari")
    return {
        "code": "ta-t2",
        **texts("name", fi="Uusi talousarviotavoite"),
        "serves": goal.pk,
        "parent_goal": "",
        "indicator": indicator.pk,
        "target_value": "6 080",
        "target_year": "2024",
        **DECISION,
        **changes,
    }


def latest_revision():
    return m.Revision.objects.order_by("-effective", "-pk").first()


def test_only_the_strategy_lead_and_the_administrator_may_change(
    client, minimal_strategy, viewer, goal_owner, steward, strategy_lead, admin_user
):
    revisions = m.Revision.objects.count()
    for person in (viewer, goal_owner, steward):
        client.force_login(person)
        for path in PAGES:
            assert client.get(path).status_code == 403, path
            assert post(client, path, {**DECISION, "confirm": "1"}).status_code == 403, path
    assert m.Revision.objects.count() == revisions
    for person in (strategy_lead, admin_user):
        client.force_login(person)
        for path in PAGES:
            assert client.get(path).status_code == 200, path
    client.logout()
    assert client.get(PLAN_ADD).status_code == 302  # to the login
    client.force_login(strategy_lead)
    assert client.get("/app/kaskadi/ei-ole/muuta/").status_code == 404


def test_the_edit_links_show_for_the_strategy_lead_only(
    client, minimal_strategy, viewer, strategy_lead
):
    shown = {
        "/app/mittarit/mittari/": [INDICATOR, PERSON],
        "/app/tavoitteet/T1/": [OWNER],
        "/app/kaskadi/": [PLAN_ADD, PLAN, PLAN_GOAL_ADD, PLAN_GOAL, PLAN_GOAL_REMOVE],
        "/app/muutostekijat/": [FACTOR],
    }
    for person, visible in ((viewer, False), (strategy_lead, True)):
        client.force_login(person)
        for page, links in shown.items():
            html = client.get(page).content.decode()
            for link in links:
                assert (link in html) is visible, (person, page, link)


@pytest.mark.parametrize("missing", ["effective", "reason", "decision"])
def test_the_date_the_reason_and_the_decision_are_required(
    client, minimal_strategy, strategy_lead, missing
):
    client.force_login(strategy_lead)
    for path, data in (
        (INDICATOR, indicator_edit()),
        (PLAN_ADD, plan_add()),
        (PLAN_GOAL_ADD, plan_goal_add(minimal_strategy)),
        (PLAN_GOAL_REMOVE, DECISION),
    ):
        html = post(client, path, {**data, missing: "", "confirm": "1"}).content.decode()
        assert "This field is required." in html and 'role="alert"' in html, path
    assert not m.Plan.objects.filter(code="ohj-1").exists()
    assert m.PlanGoal.objects.filter(code="kays-t1").exists()
    assert not m.Revision.objects.filter(reason="Väliarviointi").exists()


def test_an_indicators_texts_preview_then_save(client, minimal_strategy, strategy_lead):
    client.force_login(strategy_lead)
    html = post(client, INDICATOR, indicator_edit()).content.decode()
    assert "Preview: nothing is saved yet" in html
    assert '<td class="before">Mittari</td><td class="after">Työlliset</td>' in html
    assert '<td class="before">—</td><td class="after">Sysselsatta</td>' in html
    assert '<td class="before">—</td><td class="after">Elinvoima</td>' in html
    assert m.Indicator.objects.get().name == {"fi": "Mittari"}
    assert not m.Revision.objects.filter(reason="Väliarviointi").exists()
    english_only = post(client, INDICATOR, indicator_edit(method_en="Counted.")).content
    assert "A text in another language needs its Finnish text too." in english_only.decode()
    nameless = post(client, INDICATOR, indicator_edit(name_fi="", confirm="1"))
    assert nameless.status_code == 200 and m.Indicator.objects.get().name == {"fi": "Mittari"}
    response = post(client, INDICATOR, indicator_edit(confirm="1"))
    assert response.status_code == 302 and response["Location"] == "/app/mittarit/mittari/"
    indicator = m.Indicator.objects.get()
    assert indicator.name == {"fi": "Työlliset", "sv": "Sysselsatta", "en": "Employed"}
    assert indicator.responsible_unit == {"fi": "Elinvoima"}
    revision = latest_revision()
    assert (revision.reason, revision.decision_ref, revision.user) == (
        "Väliarviointi",
        "Kv 12.3.2025 § 18",
        strategy_lead,
    )
    assert timezone.localdate(revision.effective) == dt.date(2025, 3, 12)
    assert indicator.history.first().decision_ref == "Kv 12.3.2025 § 18"
    again = post(client, INDICATOR, indicator_edit(confirm="1")).content.decode()
    assert "Nothing would change." in again


def test_an_owner_and_a_responsible_person_need_no_decision_and_stay_internal(
    client, minimal_strategy, strategy_lead, django_user_model
):
    person = django_user_model.objects.create_user(
        "vastaava", password="x-password-1", first_name="Ville", last_name="Vastaava"
    )
    client.force_login(strategy_lead)
    data = {"person": person.pk, **DECISION, "decision": ""}
    html = post(client, OWNER, data).content.decode()
    assert '<td class="before">—</td><td class="after">Ville Vastaava</td>' in html
    assert "In effect from 12.3.2025: Väliarviointi" in html
    assert post(client, OWNER, {**data, "confirm": "1"}).status_code == 302
    assert post(client, PERSON, {**data, "confirm": "1"}).status_code == 302
    assert m.Goal.objects.get(code="T1").owner == person
    assert m.Indicator.objects.get().responsible_person == person
    revision = latest_revision()
    assert revision.decision_ref == "" and revision.reason == "Väliarviointi"
    # The internal change log names the person; the public one never does.
    internal = client.get("/app/muutokset/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ville Vastaava" in internal
    from mittaristo.strategy.changelog import change_log

    public = change_log(minimal_strategy, people=False)
    shown = repr(public.groups)
    assert "Ville" not in shown and "Vastaava" not in shown
    # A person who cannot log in cannot be named.
    person.is_active = False
    person.save()
    html = post(client, OWNER, {**data, "person": person.pk}).content.decode()
    assert "Select a valid choice." in html


def test_a_plan_is_added_and_changed(client, minimal_strategy, strategy_lead):
    client.force_login(strategy_lead)
    html = post(client, PLAN_ADD, plan_add()).content.decode()
    assert '<td class="before">—</td><td class="after">Hyvinvointiohjelma</td>' in html
    assert not m.Plan.objects.filter(code="ohj-1").exists()
    taken = post(client, PLAN_ADD, plan_add(code="ta-2024")).content.decode()
    assert "The code ta-2024 is already in use." in taken
    badly_coded = post(client, PLAN_ADD, plan_add(code="_ohj")).content.decode()
    assert "begins with a letter or a digit" in badly_coded
    backwards = post(client, PLAN_ADD, plan_add(start_year="2029")).content.decode()
    assert "The plan cannot end before it starts." in backwards
    assert post(client, PLAN_ADD, plan_add(confirm="1")).status_code == 302
    assert latest_revision().changes[0].startswith("+ plan ohj-1: ")
    plan = m.Plan.objects.get(code="ohj-1")
    assert (plan.kind, plan.start_year, plan.end_year, plan.order) == ("programme", 2025, 2028, 2)
    assert plan.owner_unit == {"fi": "Hyvinvointi"}
    # A budget cannot stand below an operating plan: the file's rule, refused with nothing saved.
    below = m.Plan.objects.get(code="kays-2024").pk
    wrong = post(client, PLAN_ADD, plan_add(code="ta-x", kind="budget", parent=below, confirm="1"))
    assert "a budget cannot stand below a operating_plan" in wrong.content.decode()
    assert not m.Plan.objects.filter(code="ta-x").exists()
    data = {
        **texts("name", fi="Talousarvio 2024", sv="Budget 2024"),
        **texts("description"),
        **texts("owner_unit"),
        "start_year": "2024",
        "end_year": "2025",
        **DECISION,
    }
    html = post(client, PLAN, data).content.decode()
    assert '<td class="before">2024</td><td class="after">2025</td>' in html
    assert post(client, PLAN, {**data, "confirm": "1"}).status_code == 302
    plan = m.Plan.objects.get(code="ta-2024")
    assert plan.end_year == 2025 and plan.name == {"fi": "Talousarvio 2024", "sv": "Budget 2024"}


def test_a_plan_goal_is_added_changed_and_removed(client, minimal_strategy, strategy_lead):
    client.force_login(strategy_lead)
    data = plan_goal_add(minimal_strategy)
    html = post(client, PLAN_GOAL_ADD, data).content.decode()
    assert '<td class="before">—</td><td class="after">6,080</td>' in html
    assert '<td class="before">—</td><td class="after">T2 Toinen tavoite</td>' in html
    half = post(client, PLAN_GOAL_ADD, {**data, "target_year": ""}).content.decode()
    assert "Give both the target level and its year, or neither." in half
    late = post(client, PLAN_GOAL_ADD, {**data, "target_year": "2040"}).content.decode()
    assert "outside the strategy&#x27;s horizon" in late
    taken = post(client, PLAN_GOAL_ADD, {**data, "code": "kays-t1"}).content.decode()
    assert "The code kays-t1 is already in use." in taken  # in another plan: one file, one code
    assert post(client, PLAN_GOAL_ADD, {**data, "confirm": "1"}).status_code == 302
    added = m.PlanGoal.objects.get(code="ta-t2")
    assert (added.plan.code, added.serves.code, added.target_value, added.order) == (
        "ta-2024",
        "T2",
        6080,
        1,
    )
    change = {
        **texts("name", fi="Talousarviotavoite"),
        "serves": m.Goal.objects.get(code="T1").pk,
        "parent_goal": "",
        "indicator": "",
        "target_value": "",
        "target_year": "",
        **DECISION,
    }
    html = post(client, PLAN_GOAL, change).content.decode()
    assert '<td class="before">6,050</td><td class="after">—</td>' in html
    assert post(client, PLAN_GOAL, {**change, "confirm": "1"}).status_code == 302
    changed = m.PlanGoal.objects.get(code="ta-t1")
    assert changed.indicator is None and changed.target_value is None
    # The budget's goal is named by an operating plan's goal: it cannot go first.
    refused = post(client, "/app/kaskadi/ta-2024/ta-t1/poista/", DECISION).content.decode()
    assert "Goals of the plans below name this goal" in refused
    html = post(client, PLAN_GOAL_REMOVE, DECISION).content.decode()
    assert '<td class="after">—</td>' in html and m.PlanGoal.objects.filter(code="kays-t1")
    assert post(client, PLAN_GOAL_REMOVE, {**DECISION, "confirm": "1"}).status_code == 302
    assert not m.PlanGoal.objects.filter(code="kays-t1").exists()
    assert latest_revision().changes == [
        "- plan goal kays-2024/kays-t1: plan goal kays-t1 Käyttösuunnitelman tavoite → —"
    ]
    removed = m.PlanGoal.history.filter(code="kays-t1", history_type="-").get()
    assert removed.decision_ref == "Kv 12.3.2025 § 18"


def test_a_change_factor_and_its_links(client, minimal_strategy, strategy_lead):
    client.force_login(strategy_lead)
    t1, t2 = m.Goal.objects.get(code="T1"), m.Goal.objects.get(code="T2")
    data = {
        **texts("name", fi="Muutos", en="Change"),
        **texts("description"),
        "goals": [t2.pk],
        **DECISION,
    }
    html = post(client, FACTOR, data).content.decode()
    assert '<td class="before">T1</td><td class="after">T2</td>' in html
    assert '<td class="before">mittari</td><td class="after">—</td>' in html
    assert post(client, FACTOR, {**data, "confirm": "1"}).status_code == 302
    factor = m.ChangeFactor.objects.get()
    assert list(factor.goals.all()) == [t2] and not factor.indicators.exists()
    assert factor.name == {"fi": "Muutos", "en": "Change"}
    log = client.get("/app/muutokset/?tavoite=T1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Kv 12.3.2025 § 18" in log and "muutos → T1" in log
    assert t1 not in factor.goals.all()


def test_a_change_before_the_latest_revision_is_refused_at_the_preview(
    client, minimal_strategy, strategy_lead
):
    client.force_login(strategy_lead)
    html = post(client, PLAN_ADD, plan_add(effective="1.1.2020")).content.decode()
    assert "the latest recorded change of the strategy took effect on" in html
    assert "Preview: nothing is saved yet" not in html
