"""A small survey built with the ORM for the answering tests: one question of each kind in two
sections, and a round open now (or given), with access by link or by one-time codes."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from mittaristo.strategy.models import Organisation
from mittaristo.surveys.models import (
    Choice,
    Question,
    ResponseCode,
    Section,
    Survey,
    SurveyRound,
)

CODES = ["ABCD-EFGH", "JKLM-NPQR"]


def build_survey(code="asukas", organisation=None) -> Survey:
    """Page 1: a Likert (required), a 0–10 scale, a single choice (required). Page 2: a
    multiple choice, a number 0–120 (required), an open text."""
    organisation = (
        organisation
        or Organisation.objects.get_or_create(code="999", defaults={"name": {"fi": "Testikunta"}})[
            0
        ]
    )
    survey = Survey.objects.create(
        organisation=organisation,
        code=code,
        name={"fi": "Asukaskysely", "sv": "Invånarenkät", "en": "Residents' survey"},
        description={"fi": "Kerro mielipiteesi kaupungin palveluista.", "en": "Tell us."},
    )
    first = Section.objects.create(
        survey=survey, order=1, title={"fi": "Palvelut", "sv": "Tjänster", "en": "Services"}
    )
    second = Section.objects.create(survey=survey, order=2, title={"fi": "Taustatiedot"})
    Question.objects.create(
        section=first,
        order=1,
        code="tyytyvaisyys",
        kind=Question.Kind.LIKERT,
        text={"fi": "Olen tyytyväinen palveluihin.", "en": "I am satisfied with the services."},
        required=True,
        low_label={"fi": "täysin eri mieltä", "en": "strongly disagree"},
        high_label={"fi": "täysin samaa mieltä", "en": "strongly agree"},
    )
    Question.objects.create(
        section=first,
        order=2,
        code="suosittelu",
        kind=Question.Kind.SCALE,
        text={"fi": "Suosittelisitko kaupunkia?", "en": "Would you recommend the city?"},
        low_label={"fi": "en lainkaan", "en": "not at all"},
        high_label={"fi": "erittäin todennäköisesti", "en": "very likely"},
    )
    area = Question.objects.create(
        section=first,
        order=3,
        code="alue",
        kind=Question.Kind.SINGLE,
        text={"fi": "Asuinalue", "en": "Where you live"},
        required=True,
        is_background=True,
    )
    for order, (slug, label) in enumerate([("keskusta", "Keskusta"), ("muu", "Muu alue")]):
        Choice.objects.create(question=area, order=order, code=slug, label={"fi": label})
    services = Question.objects.create(
        section=second,
        order=1,
        code="palvelut",
        kind=Question.Kind.MULTIPLE,
        text={"fi": "Mitä palveluja käytät?", "en": "Which services do you use?"},
    )
    for order, (slug, label) in enumerate(
        [("kirjasto", {"fi": "Kirjasto", "en": "Library"}), ("uimahalli", {"fi": "Uimahalli"})]
    ):
        Choice.objects.create(question=services, order=order, code=slug, label=label)
    Question.objects.create(
        section=second,
        order=2,
        code="ika",
        kind=Question.Kind.NUMBER,
        text={"fi": "Ikäsi vuosina", "en": "Your age in years"},
        required=True,
        minimum=Decimal(0),
        maximum=Decimal(120),
    )
    Question.objects.create(
        section=second,
        order=3,
        code="terveiset",
        kind=Question.Kind.TEXT,
        text={"fi": "Mitä muuta haluat sanoa?", "en": "Anything else?"},
        help_text={"fi": "Älä kirjoita nimiä.", "en": "Please write no names."},
    )
    return survey


def build_round(survey=None, *, access="open", opens=None, closes=None, codes=CODES) -> SurveyRound:
    """A round of the survey, open from a day ago for a week unless told otherwise; a round
    with codes gets `codes` (digests are unique across rounds: give another round others)."""
    now = timezone.now()
    survey_round = SurveyRound.objects.create(
        survey=survey or build_survey(),
        name={"fi": "Kevät 2026"},
        period="2026 kevät",
        opens=opens or now - timedelta(days=1),
        closes=closes or now + timedelta(days=7),
        access=access,
    )
    if access == SurveyRound.Access.CODES:
        ResponseCode.objects.bulk_create(
            ResponseCode(round=survey_round, digest=ResponseCode.digest_of(code)) for code in codes
        )
    return survey_round


def questions(survey_round) -> dict[str, Question]:
    return {q.code: q for q in Question.objects.filter(section__survey=survey_round.survey)}


def page_one(survey_round, **changes) -> dict:
    """A valid POST of page 1 ("next"), by question code; changes override (None removes)."""
    q = questions(survey_round)
    data = {
        "tyytyvaisyys": "4",
        "suosittelu": "9",
        "alue": str(q["alue"].choices.get(code="keskusta").pk),
        **changes,
    }
    return _post(q, data, "next")


def page_two(survey_round, action="send", **changes) -> dict:
    """A valid POST of page 2 ("send"), by question code; changes override (None removes)."""
    q = questions(survey_round)
    chosen = [str(c.pk) for c in q["palvelut"].choices.all()]
    data = {"palvelut": chosen, "ika": "42", "terveiset": "Hyvä kaupunki.", **changes}
    return _post(q, data, action)


def _post(q, data, action) -> dict:
    post = {f"q{q[code].pk}": value for code, value in data.items() if value is not None}
    post["action"] = action
    return post
