"""A survey round's results: per question the number of answers, the response rate, the
distribution, the figures with their 95 % intervals, the breakdowns by each background question
and the comparison with the previous round; the approved open-text answers.

Read in a fixed number of queries (the questions, their choices and bindings, the round's and
the previous round's answers), whatever the number of questions or answers. The statistics are
`mittaristo.evaluation.surveys`; this module only groups the answers and applies the anonymity
rules (docs/surveys.md, "Anonymity rules"):

- a question with fewer than `SURVEY_MIN_GROUP` answers shows no figures at all (`hidden`);
- in a breakdown, the groups `suppress` names are hidden, with the reason;
- a background question's own distribution is suppressed by the same rule, since its counts are
  the breakdown's group sizes;
- open-text answers show only once approved, and none when the round has fewer than
  `SURVEY_MIN_GROUP` responses.

A multiple-choice question's share of a choice is of the respondents who chose anything in it
(a respondent who left it empty stored no answer and cannot be told from one who skipped it).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch

from mittaristo.evaluation import surveys as stats

from .models import Answer, Binding, Choice, Question, Response, SurveyRound

NUMERIC = {Question.Kind.LIKERT, Question.Kind.SCALE, Question.Kind.NUMBER}
CHOICES = {Question.Kind.SINGLE, Question.Kind.MULTIPLE}
LIKERT_VALUES = range(1, 6)
SCALE_VALUES = range(0, 11)
NO_ANSWER = ""  # the breakdown's group of those who left the background question empty

# Why a figure or a group is not shown.
FEW_ANSWERS = "few_answers"  # fewer than the minimum group
RECOVERABLE = "recoverable"  # would let a hidden group's figures be worked out


@dataclass
class Share:
    """One choice's (or one value's) count and share with its interval."""

    key: object  # a choice's code, a scale value
    label: object  # a TranslatedText or the value
    count: int | None  # None when hidden
    estimate: stats.Estimate | None = None
    comparison: stats.Difference | None = None
    hidden: str = ""  # FEW_ANSWERS, RECOVERABLE or ""


@dataclass(frozen=True)
class Text:
    """An approved open-text answer and the language its respondent answered in."""

    text: str
    language: str


@dataclass
class Figures:
    """What a set of answers to one question gives: its n, mean, shares."""

    n: int
    mean: stats.Estimate | None = None
    shares: list[Share] = field(default_factory=list)


@dataclass
class Group:
    key: str  # the background choice's code, NO_ANSWER for those who left it empty
    label: object
    n: int | None  # None when hidden
    figures: Figures | None = None
    hidden: str = ""


@dataclass
class Breakdown:
    background: Question
    groups: list[Group]


@dataclass
class BindingResult:
    binding: Binding
    estimate: stats.Estimate | None  # None: too few answers, or none
    comparison: stats.Difference | None = None

    @property
    def value(self) -> Decimal | None:
        return binding_value(self.binding, self.estimate)


@dataclass
class QuestionResult:
    question: Question
    n: int
    response_rate: float | None
    hidden: str = ""  # FEW_ANSWERS when n < the minimum group
    figures: Figures | None = None
    mean_comparison: stats.Difference | None = None
    distribution: list[Share] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    bindings: list[BindingResult] = field(default_factory=list)
    texts: list["Text"] = field(default_factory=list)
    pending: int = 0  # open-text answers awaiting moderation


@dataclass
class RoundResult:
    round: SurveyRound
    previous: SurveyRound | None
    responses: int
    response_rate: float | None
    min_group: int
    questions: list[QuestionResult]

    @property
    def hidden(self) -> bool:
        return self.responses < self.min_group


class _Answers:
    """One round's answers grouped by question: number and choice per response, texts."""

    def __init__(self, rows):
        self.numbers = defaultdict(dict)  # question → response → float
        self.choices = defaultdict(lambda: defaultdict(set))  # question → response → choice ids
        self.texts = defaultdict(list)  # question → [(moderation, text, language)]
        for response, question, number, choice, text, moderation, language in rows:
            if number is not None:
                self.numbers[question][response] = float(number)
            if choice is not None:
                self.choices[question][response].add(choice)
            if text:
                self.texts[question].append((moderation, text, language))

    @classmethod
    def of(cls, survey_round):
        if survey_round is None:
            return cls([])
        return cls(
            Answer.objects.filter(response__round=survey_round)
            .order_by("pk")
            .values_list(
                "response_id",
                "question_id",
                "number",
                "choice_id",
                "text",
                "moderation",
                "response__language",
            )
        )

    def respondents(self, question) -> set:
        if question.kind in CHOICES:
            return set(self.choices[question.pk])
        if question.kind == Question.Kind.TEXT:
            return set()
        return set(self.numbers[question.pk])


def previous_round(survey_round) -> SurveyRound | None:
    """The same survey's round opened last before this one."""
    return (
        SurveyRound.objects.filter(survey_id=survey_round.survey_id, opens__lt=survey_round.opens)
        .order_by("-opens", "-pk")
        .first()
    )


def questions_of(survey) -> list[Question]:
    """The survey's questions in order, with their choices and bindings (three queries)."""
    return list(
        Question.objects.filter(section__survey=survey)
        .select_related("section")
        .prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("order", "pk")),
            Prefetch(
                "bindings",
                queryset=Binding.objects.select_related("indicator", "choice").order_by("pk"),
            ),
        )
        .order_by("section__order", "section__pk", "order", "pk")
    )


def round_results(survey_round: SurveyRound, *, min_group: int | None = None) -> RoundResult:
    """Every question's results of a round, the anonymity rules applied."""
    min_group = settings.SURVEY_MIN_GROUP if min_group is None else min_group
    previous = previous_round(survey_round)
    questions = questions_of(survey_round.survey)
    now, before = _Answers.of(survey_round), _Answers.of(previous)
    responses = Response.objects.filter(round=survey_round).count()
    population = survey_round.population
    backgrounds = [q for q in questions if q.is_background and q.kind == Question.Kind.SINGLE]
    results = []
    for question in questions:
        results.append(
            _question(question, now, before, backgrounds, population, responses, min_group)
        )
    return RoundResult(
        round=survey_round,
        previous=previous,
        responses=responses,
        response_rate=responses / population if population else None,
        min_group=min_group,
        questions=results,
    )


def _question(question, now, before, backgrounds, population, responses, min_group):
    if question.kind == Question.Kind.TEXT:
        texts = now.texts[question.pk]
        result = QuestionResult(question, len(texts), _rate(len(texts), population))
        result.pending = sum(1 for moderation, *_rest in texts if moderation == "pending")
        if responses >= min_group:
            result.texts = [
                Text(text, language)
                for moderation, text, language in texts
                if moderation == "approved"
            ]
        return result
    who = now.respondents(question)
    result = QuestionResult(question, len(who), _rate(len(who), population))
    if len(who) < min_group:
        result.hidden = FEW_ANSWERS
        result.bindings = [BindingResult(b, None) for b in question.bindings.all()]
        return result
    earlier = before.respondents(question)
    earlier = earlier if len(earlier) >= min_group else set()
    result.figures = figures(question, now, who, before, earlier)
    if question.kind in NUMERIC and earlier:
        result.mean_comparison = stats.welch(
            _values(before, question, earlier), _values(now, question, who)
        )
    result.distribution = _distribution(question, now, who, min_group)
    hidden = {d.key: d.hidden for d in result.distribution if d.hidden}
    if question.is_background and earlier:
        # A group hidden in the previous round is not compared: its share then would follow.
        hidden_then = _distribution(question, before, earlier, min_group)
        for share in result.figures.shares:
            if any(d.key == share.key and d.hidden for d in hidden_then):
                share.comparison = None
    for share in result.figures.shares:  # a background question's hidden groups: no share
        if share.key in hidden:
            share.hidden, share.count, share.estimate, share.comparison = (
                hidden[share.key],
                None,
                None,
                None,
            )
    result.bindings = [
        _binding(b, question, now, who, before, earlier) for b in question.bindings.all()
    ]
    for background in backgrounds:
        if background.pk != question.pk:
            result.breakdowns.append(_breakdown(question, background, now, who, min_group))
    return result


def _rate(n, population):
    return n / population if population else None


def _values(answers, question, who):
    numbers = answers.numbers[question.pk]
    return [numbers[r] for r in sorted(who)]


def figures(question, now, who, before=None, earlier=frozenset()) -> Figures:
    """The mean (numbers) or each choice's share (choices) of these respondents' answers, and
    each share's comparison with the previous round's respondents `earlier` (if any)."""
    result = Figures(len(who))
    if question.kind in NUMERIC:
        result.mean = stats.mean(_values(now, question, who))
        return result
    chosen = now.choices[question.pk]
    previous = before.choices[question.pk] if before is not None else {}
    for choice in question.choices.all():
        count = sum(1 for r in who if choice.pk in chosen[r])
        share = Share(choice.code, choice.label, count, stats.share_of_choice(count, len(who)))
        if earlier:
            then = sum(1 for r in earlier if choice.pk in previous[r])
            share.comparison = stats.newcombe((then, len(earlier)), (count, len(who)))
        result.shares.append(share)
    return result


def _distribution(question, now, who, min_group) -> list[Share]:
    """How many gave each value or choice; a background question's counts suppressed."""
    if question.kind == Question.Kind.NUMBER:
        return []
    if question.kind in CHOICES:
        chosen = now.choices[question.pk]
        shares = [
            Share(c.code, c.label, sum(1 for r in who if c.pk in chosen[r]))
            for c in question.choices.all()
        ]
    else:
        scale = LIKERT_VALUES if question.kind == Question.Kind.LIKERT else SCALE_VALUES
        counts = stats.distribution(_values(now, question, who), [float(v) for v in scale])
        shares = []
        for value, count in counts.items():
            value = int(value) if value == int(value) else value
            shares.append(Share(value, value, count))
    if question.is_background:
        hidden = stats.suppress({s.key: s.count for s in shares}, min_group)
        for share in shares:
            if share.key in hidden:
                share.hidden = FEW_ANSWERS if share.count < min_group else RECOVERABLE
                share.count = None
    return shares


def _breakdown(question, background, now, who, min_group) -> Breakdown:
    chosen = now.choices[background.pk]
    members = defaultdict(set)
    for respondent in who:
        picks = chosen.get(respondent)
        members[next(iter(picks)) if picks else None].add(respondent)
    groups = [(c.code, c.label, members.get(c.pk, set())) for c in background.choices.all()]
    if members.get(None):
        groups.append((NO_ANSWER, None, members[None]))
    hidden = stats.suppress({key: len(m) for key, _label, m in groups}, min_group)
    result = []
    for key, label, group in groups:
        if key in hidden:
            why = FEW_ANSWERS if len(group) < min_group else RECOVERABLE
            result.append(Group(key, label, None, None, why))
        elif group:
            result.append(Group(key, label, len(group), figures(question, now, group)))
        else:
            result.append(Group(key, label, 0))
    return Breakdown(background, result)


def _binding(binding, question, now, who, before, earlier) -> BindingResult:
    estimate = binding_estimate(binding, question, now, who)
    comparison = None
    if earlier:
        comparison = binding_comparison(binding, question, before, earlier, now, who)
    return BindingResult(binding, estimate, comparison)


def binding_estimate(binding, question, answers, who) -> stats.Estimate | None:
    """A binding's figure by its rule, from these respondents' answers."""
    rule = binding.rule
    if rule == Binding.Rule.SHARE_OF_CHOICE:
        chosen = answers.choices[question.pk]
        count = sum(1 for r in who if binding.choice_id in chosen[r])
        return stats.share_of_choice(count, len(who))
    values = _values(answers, question, who) if question.kind in NUMERIC else []
    if rule == Binding.Rule.MEAN:
        return stats.mean(values)
    if rule == Binding.Rule.SHARE_AT_LEAST:
        return stats.share_at_least(values, float(binding.level or 0))
    if rule == Binding.Rule.NPS:
        return stats.nps(values)
    return None


def binding_comparison(binding, question, before, earlier, now, who) -> stats.Difference | None:
    rule = binding.rule
    if rule == Binding.Rule.MEAN:
        return stats.welch(_values(before, question, earlier), _values(now, question, who))
    if rule == Binding.Rule.NPS:
        return stats.nps_difference(_values(before, question, earlier), _values(now, question, who))
    then = binding_estimate(binding, question, before, earlier)
    current = binding_estimate(binding, question, now, who)
    if then is None or current is None:
        return None
    return stats.newcombe((then.count, then.n), (current.count, current.n))


def binding_value(binding, estimate) -> Decimal | None:
    """The value an indicator gets: a mean to two decimals, a share in per cent and NPS in
    points to one decimal (the figures' own precision; more would be false precision)."""
    if estimate is None:
        return None
    if binding.rule == Binding.Rule.MEAN:
        return Decimal(str(round(estimate.value, 2)))
    if binding.rule == Binding.Rule.NPS:
        return Decimal(str(round(estimate.value, 1)))
    return Decimal(str(round(100 * estimate.value, 1)))
