"""A survey's rounds in the app: opening one, changing it, closing it early, and what the
strategy lead is told about them (the surveys page, My tasks).

A round's period is the period its results are stored for ("2026 kevät", or a year): read by
core/periods.py and kept in its canonical form, so the observations of every round of a
survey line up.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core.periods import PeriodError, PeriodKind, parse_period
from mittaristo.core.translation import TranslatedText
from mittaristo.strategy.models import Indicator

from .models import Binding, ResponseCode, Survey, SurveyRound

ROUND_PERIOD_KINDS = (PeriodKind.SURVEY_ROUND, PeriodKind.YEAR)
# A round closing within this many days is "closing soon" on My tasks.
CLOSING_SOON_DAYS = 7

OPEN, UPCOMING, CLOSED = "open", "upcoming", "closed"


def round_state(survey_round: SurveyRound, moment=None) -> str:
    moment = moment or timezone.now()
    if survey_round.is_open(moment):
        return OPEN
    return UPCOMING if moment < survey_round.opens else CLOSED


def period_code(text: str) -> str:
    """The canonical code of a round's period, or ValidationError saying how to write it."""
    try:
        period = parse_period(text)
    except PeriodError:
        period = None
    if period is None or period.kind not in ROUND_PERIOD_KINDS:
        raise ValidationError(
            _('Write the period as a year and a season, e.g. "2026 kevät", or as a year.'),
            code="period",
        )
    return period.code


@transaction.atomic
def round_save(
    *,
    survey: Survey,
    survey_round: SurveyRound | None = None,
    name,
    period: str,
    opens: dt.datetime,
    closes: dt.datetime,
    access: str,
    population: int | None = None,
) -> SurveyRound:
    """Open a new round of `survey` or change `survey_round`."""
    problems: dict[str, list] = {}
    try:
        period = period_code(period)
    except ValidationError as error:
        problems["period"] = error.messages
    if closes <= opens:
        problems["closes"] = [_("The round must close after it opens.")]
    if survey_round is not None and survey_round.pk:
        if survey_round.results_stored and period != survey_round.period:
            problems.setdefault("period", []).append(
                _("The round's results are stored for its period: the period cannot change.")
            )
        started = survey_round.responses.exists() or survey_round.codes.exists()
        if access != survey_round.access and started:
            problems["access"] = [
                _("The round has answers or codes already: its access cannot change.")
            ]
    if problems:
        raise ValidationError(problems)
    survey_round = survey_round or SurveyRound(survey=survey)
    survey_round.name = TranslatedText(name)
    survey_round.period, survey_round.opens, survey_round.closes = period, opens, closes
    survey_round.access, survey_round.population = access, population
    survey_round.save()
    return survey_round


@transaction.atomic
def round_close(*, survey_round: SurveyRound, moment=None) -> SurveyRound:
    """Close an open round now, before its closing time: no answer is taken after this."""
    moment = moment or timezone.now()
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if not survey_round.is_open(moment):
        raise ValidationError(_("Only an open round can be closed early."))
    survey_round.closes = moment
    survey_round.save(update_fields=["closes"])
    return survey_round


# -- reading -----------------------------------------------------------------------------------


def with_counts(rounds):
    """Rounds with the number of responses (`n_responses`) and of codes (`n_codes`, `n_used`)."""
    return rounds.annotate(
        n_responses=Count("responses", distinct=True),
        n_codes=Count("codes", distinct=True),
        n_used=Count("codes", filter=Q(codes__used=True), distinct=True),
    )


def code_counts(survey_round: SurveyRound) -> tuple[int, int]:
    """How many codes the round has and how many were used (never which)."""
    counted = ResponseCode.objects.filter(round=survey_round).aggregate(
        total=Count("pk"), used=Count("pk", filter=Q(used=True))
    )
    return counted["total"], counted["used"]


@dataclass
class SurveyRow:
    """A survey on the surveys page: its rounds by state and the indicators it feeds."""

    survey: Survey
    open: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)
    closed: list = field(default_factory=list)
    indicators: list = field(default_factory=list)


def survey_rows(organisation, moment=None) -> list[SurveyRow]:
    """Every survey of `organisation` with its rounds and indicators, in four queries."""
    moment = moment or timezone.now()
    surveys = (
        Survey.objects.filter(organisation=organisation)
        .order_by("code")
        .prefetch_related(Prefetch("rounds", queryset=with_counts(SurveyRound.objects.all())))
    )
    rows = {s.pk: SurveyRow(s) for s in surveys}
    for row in rows.values():
        for r in row.survey.rounds.all():
            getattr(row, round_state(r, moment)).append(r)
    pairs = (
        Binding.objects.filter(question__section__survey__in=list(rows))
        .order_by("indicator__order", "indicator__code")
        .values_list("question__section__survey", "indicator")
    )
    pairs = list(dict.fromkeys(pairs))
    indicators = Indicator.objects.in_bulk({pk for _survey, pk in pairs})
    for survey_pk, indicator_pk in pairs:
        rows[survey_pk].indicators.append(indicators[indicator_pk])
    return list(rows.values())


@dataclass
class RoundWatch:
    """What the strategy lead watches on My tasks: rounds open now (those closing within
    CLOSING_SOON_DAYS flagged), and closed rounds that feed indicators but whose results are
    not stored yet."""

    open: list = field(default_factory=list)  # (round, closing soon)
    results_due: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.open or self.results_due)


def round_watch(moment=None, *, organisation=None) -> RoundWatch:
    """The rounds open now and those whose results wait to be stored: of `organisation`'s
    surveys (None: of every organisation's, for a command)."""
    moment = moment or timezone.now()
    rounds = SurveyRound.objects.select_related("survey")
    if organisation is not None:
        rounds = rounds.filter(survey__organisation=organisation)
    rounds = with_counts(rounds)
    soon = moment + dt.timedelta(days=CLOSING_SOON_DAYS)
    feeds = Exists(Binding.objects.filter(question__section__survey=OuterRef("survey")))
    return RoundWatch(
        open=[
            (r, r.closes <= soon)
            for r in rounds.filter(opens__lte=moment, closes__gt=moment).order_by("closes")
        ],
        results_due=list(
            rounds.filter(feeds, closes__lte=moment, results_stored__isnull=True).order_by("closes")
        ),
    )


def open_invitations(organisation, moment=None) -> list[SurveyRound]:
    """The rounds anyone may answer now (open access, open window) of the organisation's
    surveys, soonest closing first: what the public front page invites its reader to answer."""
    moment = moment or timezone.now()
    return list(
        SurveyRound.objects.filter(
            survey__organisation=organisation,
            access=SurveyRound.Access.OPEN,
            opens__lte=moment,
            closes__gt=moment,
        )
        .select_related("survey")
        .order_by("closes", "pk")
    )
