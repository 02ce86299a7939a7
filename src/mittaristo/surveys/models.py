"""The survey model: a questionnaire (sections, questions, choices, bindings to indicators),
its rounds, the one-time codes of closed rounds, and the anonymous answers.

Anonymity by design: a `Response` holds the round, the day it was submitted and the language,
and nothing else about who or when; no foreign key reaches it from a `ResponseCode` or a user,
and a code records only that it was used, not when. Results are shown through the disclosure
rules of `mittaristo.evaluation.surveys` (groups under `SURVEY_MIN_GROUP` hidden).
"""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mittaristo.core.translation import TranslatedTextField
from mittaristo.strategy.models import Indicator, Organisation

DECIMAL = {"max_digits": 20, "decimal_places": 6}


class Survey(models.Model):
    """A questionnaire: its sections and questions, in Finnish, Swedish and English."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    code = models.SlugField(_("code"), max_length=80)
    name = TranslatedTextField(_("name"))
    description = TranslatedTextField(_("description"), blank=True, multiline=True)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Example data, not decided by the city.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    changed = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="survey_code_unique")
        ]

    def __str__(self):
        return str(self.name)


class Section(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = TranslatedTextField(_("title"))
    description = TranslatedTextField(_("description"), blank=True, multiline=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self):
        return str(self.title)


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Likert scale 1–5")
        SCALE = "scale", _("scale 0–10")
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        NUMBER = "number", _("number")
        TEXT = "text", _("open text")

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # Unique within the survey (checked by the loader and the editing form).
    code = models.SlugField(_("code"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = TranslatedTextField(_("question"), multiline=True)
    help_text = TranslatedTextField(_("help text"), blank=True, multiline=True)
    required = models.BooleanField(_("required"), default=False)
    # The labelled ends of a Likert or 0–10 scale ("täysin eri mieltä" … "täysin samaa mieltä").
    low_label = TranslatedTextField(_("label of the lowest value"), blank=True)
    high_label = TranslatedTextField(_("label of the highest value"), blank=True)
    # A number question's accepted range.
    minimum = models.DecimalField(_("minimum"), null=True, blank=True, **DECIMAL)
    maximum = models.DecimalField(_("maximum"), null=True, blank=True, **DECIMAL)
    # A background question (age group, area, unit) defines breakdowns of the results.
    is_background = models.BooleanField(_("background question"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.code


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=80)
    label = TranslatedTextField(_("label"))

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="choice_code_unique")
        ]

    def __str__(self):
        return self.code


class Binding(models.Model):
    """A question's result as an indicator's value, by an aggregation rule."""

    class Rule(models.TextChoices):
        MEAN = "mean", _("mean")
        SHARE_AT_LEAST = "share_at_least", _("share at or above a level")
        NPS = "nps", _("net promoter score")
        SHARE_OF_CHOICE = "share_of_choice", _("share of a choice")

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="bindings"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="survey_bindings",
    )
    rule = models.CharField(_("aggregation rule"), max_length=20, choices=Rule.choices)
    # SHARE_AT_LEAST: the level (4 = "agree" on a 1–5 scale).
    level = models.DecimalField(_("level"), null=True, blank=True, **DECIMAL)
    # SHARE_OF_CHOICE: the choice counted.
    choice = models.ForeignKey(
        Choice,
        verbose_name=_("choice"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("binding to an indicator")
        verbose_name_plural = _("bindings to indicators")
        constraints = [
            models.UniqueConstraint(fields=["question", "indicator"], name="binding_unique")
        ]

    def __str__(self):
        return f"{self.question.code} → {self.indicator.code}"


class SurveyRound(models.Model):
    """One running of a survey ("kevät 2026"), open at a public link or closed by codes."""

    class Access(models.TextChoices):
        OPEN = "open", _("open: anyone with the link")
        CODES = "codes", _("closed: a one-time code per respondent")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="rounds"
    )
    name = TranslatedTextField(_("name"))
    # The observations' period: a survey round's period code ("2026 kevät", core/periods.py).
    period = models.CharField(_("period"), max_length=40)
    opens = models.DateTimeField(_("opens"))
    closes = models.DateTimeField(_("closes"))
    access = models.CharField(_("access"), max_length=10, choices=Access.choices)
    # For the response rate: how many were asked (staff, council members); unknown for residents.
    population = models.PositiveIntegerField(_("number of people asked"), null=True, blank=True)
    # Set when the results were stored as the bound indicators' values.
    results_stored = models.DateTimeField(_("results stored"), null=True, blank=True)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Example data, not decided by the city.")
    )

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-opens", "-pk"]

    def __str__(self):
        return str(self.name)

    def is_open(self, moment=None) -> bool:
        """Whether answers are taken now (from `opens` up to, not including, `closes`)."""
        moment = moment or timezone.now()
        return self.opens <= moment < self.closes


class ResponseCode(models.Model):
    """A one-time code of a closed round. Only its hash is kept, and only whether it was used:
    not when, and nothing that leads to the answer given with it."""

    round = models.ForeignKey(
        SurveyRound, verbose_name=_("survey round"), on_delete=models.CASCADE, related_name="codes"
    )
    digest = models.CharField(_("code digest"), max_length=64, unique=True)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("response code")
        verbose_name_plural = _("response codes")

    def __str__(self):
        return self.digest[:8]

    @staticmethod
    def digest_of(code: str) -> str:
        """The stored form of a code: SHA-256 of the code as typed, spaces and dashes removed
        and upper-cased, so that "ab12-cd34" and "AB12CD34" are the same code."""
        normal = "".join(ch for ch in code.upper() if ch.isalnum())
        return hashlib.sha256(normal.encode()).hexdigest()


class Response(models.Model):
    """One respondent's answers. No person, address, browser or time of day: the day is enough."""

    round = models.ForeignKey(
        SurveyRound,
        verbose_name=_("survey round"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    submitted_on = models.DateField(_("submitted on"))
    language = models.CharField(_("language"), max_length=5)
    # A random key made when the answering began: a second submission of it stores nothing.
    submission_key = models.CharField(_("submission key"), max_length=64)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "submission_key"], name="response_submission_once"
            )
        ]

    def __str__(self):
        return f"{self.round} {self.submitted_on}"


class Answer(models.Model):
    """One answer to one question: a number (Likert, scale, number), a choice (one row per
    chosen choice of a multiple-choice question) or a text, which shows only once moderated."""

    class Moderation(models.TextChoices):
        PENDING = "pending", _("awaiting review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    number = models.DecimalField(_("number"), null=True, blank=True, **DECIMAL)
    choice = models.ForeignKey(
        Choice,
        verbose_name=_("choice"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
    )
    text = models.TextField(_("text"), blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, blank=True
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "response"], name="answer_question_idx")]

    def __str__(self):
        return self.question.code
