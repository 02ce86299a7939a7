"""The strategy itself: the organisation, the strategy, its approvals and process, the parts
that every level shares, values and aims, and the log of revisions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mittaristo.core.models import Area
from mittaristo.core.roles import ROLE_GROUPS
from mittaristo.core.translation import TranslatedTextField
from mittaristo.strategy.addresses import slug_problem
from mittaristo.strategy.known import organisations_changed

from ..history import RevisionInfo

DECIMAL = {"max_digits": 20, "decimal_places": 6}


def _history_of(name) -> str:
    return gettext("%(name)s (history)") % {"name": name}


history_of = lazy(_history_of, str)


class History(HistoricalRecords):
    """simple-history's records, with labels in the reader's language for the fields it adds.

    simple-history has no Finnish or Swedish catalogue, and names its models "historical …"
    without a translation; these labels are the project's own msgids.
    """

    LABELS = {
        "history_id": _("history id"),
        "history_date": _("in effect from"),
        "history_change_reason": _("reason"),
        "history_type": _("kind of change"),
        "history_user": _("made by"),
    }

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        for name, label in self.LABELS.items():
            # Django deconstructs (and migrates) the label from _verbose_name.
            extra[name].verbose_name = extra[name]._verbose_name = label
        extra["history_type"].choices = [
            ("+", _("added")),
            ("~", _("modified")),
            ("-", _("deleted")),
        ]
        return extra

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        options["verbose_name"] = history_of(model._meta.verbose_name)
        options["verbose_name_plural"] = history_of(model._meta.verbose_name_plural)
        return options


def history(**kwargs):
    return History(bases=[RevisionInfo], **kwargs)


class OrganisationQuerySet(models.QuerySet):
    # Every process keeps the organisations until one is written (strategy/known.py): the
    # writes that bypass save() and delete() renew its stamp too.
    def update(self, **kwargs):
        organisations_changed()
        return super().update(**kwargs)

    def delete(self):
        organisations_changed()
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        organisations_changed()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        organisations_changed()
        return super().bulk_update(objs, *args, **kwargs)

    def visible_to(self, user):
        """The organisations whose internal data `user` may read: every one for the
        administrator (a superuser); else those where they hold a role: a membership, a goal
        they own or an indicator whose values they keep; and, while the installation has one
        organisation only, that one for a member of a global role group (docs/organisations.md).
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        held = (
            models.Q(memberships__user=user)
            | models.Q(strategies__aims__goals__owner=user)
            | models.Q(strategies__indicators__responsible_person=user)
        )
        single = Organisation.objects.count() <= 1
        if single and user.groups.filter(name__in=ROLE_GROUPS).exists():
            return self.all()
        return self.filter(pk__in=Organisation.objects.filter(held).values("pk"))

    def by_address(self, segment: str):
        """The organisation whose public address is `segment` (its slug, or its municipality
        code while it has no slug), or None."""
        return self.filter(models.Q(slug=segment) | models.Q(slug="", code=segment)).first()


class Organisation(models.Model):
    """A municipality, known by its official municipality code (Heinola: 111).

    Its public site is at /<slug>/ (e.g. /heinola/), or at /<code>/ while the slug is empty
    (an organisation a strategy file has just created): docs/organisations.md."""

    # The own area is the area of this kind with the organisation's code: the one rule, used by
    # `area` below and by the queries that join on it (Observation.objects.with_latest_value,
    # web/cache.py).
    AREA_KIND = Area.Kind.MUNICIPALITY

    code = models.CharField(_("municipality code"), max_length=10, unique=True)
    name = TranslatedTextField(_("name"))
    slug = models.SlugField(
        _("address"),
        max_length=60,
        blank=True,
        help_text=_("The public site's address: /address/ (e.g. heinola)."),
    )
    history = history()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=~models.Q(slug=""), name="organisation_slug_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        organisations_changed()  # every process reads them anew (strategy/known.py)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        organisations_changed()
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.slug and (problem := slug_problem(self.slug)):
            raise ValidationError({"slug": problem})

    @property
    def address(self) -> str:
        """The first segment of the organisation's pages' addresses: the slug, or the code."""
        return self.slug or self.code

    @property
    def area(self) -> Area:
        """The organisation's own municipality (one query); unsaved, so without values, when
        none is stored yet: reading, such as opening a page, must not create areas."""
        found = Area.objects.filter(kind=self.AREA_KIND, code=self.code).first()
        return found or Area(kind=self.AREA_KIND, code=self.code, name=self.name)

    def get_or_create_area(self) -> Area:
        """The own municipality, stored from the organisation if missing: for what writes
        values into it (the data-entry page, the demo)."""
        area, _created = Area.objects.get_or_create(
            kind=self.AREA_KIND, code=self.code, defaults={"name": self.name}
        )
        return area


class DataStamp(models.Model):
    """An organisation's data stamp: renewed, in the same transaction, by every change to
    what is under it that the live evaluation reads (strategy/data_stamps.py), and read by the
    data version (web/cache.py) in place of walking the organisation's history rows."""

    # A plain number, no foreign key: a stamp renewed while its organisation is being deleted
    # must not hold up the deletion; an orphaned row is harmless.
    organisation_id = models.BigIntegerField(_("organisation"), primary_key=True)
    stamp = models.BigIntegerField(_("stamp"))

    class Meta:
        verbose_name = _("data stamp")
        verbose_name_plural = _("data stamps")

    def __str__(self):
        return f"{self.organisation_id}: {self.stamp}"


class StrategyQuerySet(models.QuerySet):
    def with_goals(self):
        """Prefetch the aims, their goals and the goals' links to indicators, in a fixed
        number of queries: what the evaluation reads (it attaches the indicators itself). No
        person: the evaluation is cached per data version, which has none (web/cache.py)."""
        return self.select_related("organisation").prefetch_related(
            "aims__goals", "aims__goals__goal_indicators"
        )

    def of(self, organisation):
        """The strategies of `organisation` (none for None)."""
        if organisation is None:
            return self.none()
        return self.filter(organisation=organisation)

    def current(self):
        """The strategy in force: the one whose horizon reaches furthest (None if none).
        Of one organisation: `Strategy.objects.of(organisation).current()`."""
        return self.order_by("-horizon_end", "-horizon_start", "pk").first()


class Strategy(models.Model):
    PROJECT = "project"  # in `translations`: the texts are the Mittaristo project's translation

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="strategies",
    )
    code = models.SlugField(_("code"), max_length=60)
    name = TranslatedTextField(_("name"))
    vision = TranslatedTextField(_("vision or slogan"), blank=True)
    mission = TranslatedTextField(_("mission"), blank=True, multiline=True)
    description = TranslatedTextField(_("description"), blank=True, multiline=True)
    follow_up = TranslatedTextField(_("follow-up and evaluation"), blank=True, multiline=True)
    targets_note = TranslatedTextField(_("note on target levels"), blank=True, multiline=True)
    horizon_start = models.PositiveSmallIntegerField(_("horizon from"))
    horizon_end = models.PositiveSmallIntegerField(_("horizon to"))
    council_term_start = models.PositiveSmallIntegerField(_("council term from"))
    council_term_end = models.PositiveSmallIntegerField(_("council term to"))
    # The evaluation's thresholds where the strategy sets its own (keys of
    # mittaristo.evaluation.Thresholds); empty means the method's defaults.
    thresholds = models.JSONField(_("evaluation thresholds"), default=dict, blank=True)
    # Who translated the texts into a language other than the original, from the file's
    # `translations`: {"sv": {"by": "project", "note": "…"}}; a language not named is the
    # municipality's own.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    # What the municipality calls its levels, from the file's `levels`: {"aim": {"fi": …},
    # "goal": …, "subgoal": …, "focus_area": …, "perspective": …}; a level not named keeps
    # the default word (LEVELS).
    levels = models.JSONField(_("names of the levels"), default=dict, blank=True)
    history = history()

    objects = StrategyQuerySet.as_manager()

    # The level keys a file may name, with the words used where it names none (the record's
    # StrategyRecord.level_names gives each in the reader's language).
    LEVELS = {
        "aim": _("Strategic aim"),
        "goal": _("Goal"),
        "subgoal": _("Sub-goal"),
        "focus_area": _("Focus area"),
        "perspective": _("Perspective"),
        "other": _("Grouping"),
    }

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="strategy_code_unique"),
        ]

    def __str__(self):
        return str(self.name)

    @property
    def horizon(self) -> str:
        return f"{self.horizon_start}–{self.horizon_end}"

    @property
    def council_term(self) -> str:
        return f"{self.council_term_start}–{self.council_term_end}"

    def has_example_data(self) -> bool:
        targets = self.indicators.filter(targets__is_example=True).exists()
        plans = self.plans.filter(is_example=True).exists()
        return targets or plans

    def translation_by_project(self, language: str) -> dict | None:
        """The file's entry for `language` ({"by", "note"}) if the Mittaristo project, not the
        municipality, translated the strategy's texts into it; else None."""
        entry = (self.translations or {}).get(language)
        return entry if entry and entry.get("by") == self.PROJECT else None

    def adoption(self):
        """The last approval (the council's), or None."""
        return self.approvals.order_by("-date").first()


class Approval(models.Model):
    """A decision that approved the strategy: a body and a date."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="approvals"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    body = TranslatedTextField(_("decision-making body"))
    date = models.DateField(_("date"))
    decision_ref = models.CharField(_("decision"), max_length=200, blank=True)
    history = history()

    class Meta:
        ordering = ["order"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self):
        return f"{self.body} {self.date:%d.%m.%Y}"


class ProcessEvent(models.Model):
    """A step of how the strategy was prepared: an event, an analysis or a survey."""

    class Kind(models.TextChoices):
        EVENT = "event", _("event")
        ANALYSIS = "analysis", _("analysis")
        SURVEY = "survey", _("survey")

    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.CASCADE,
        related_name="process_events",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EVENT)
    name = TranslatedTextField(_("name"))
    description = TranslatedTextField(_("description"), blank=True, multiline=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)
    history = history()

    class Meta:
        ordering = ["order"]
        verbose_name = _("process event")
        verbose_name_plural = _("process events")

    def __str__(self):
        return str(self.name)


class StrategyPart(models.Model):
    """Fields shared by the named, coded parts of a strategy."""

    code = models.CharField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = TranslatedTextField(_("name"))
    description = TranslatedTextField(_("description"), blank=True, multiline=True)

    class Meta:
        abstract = True
        ordering = ["order"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Value(StrategyPart):
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="values"
    )
    history = history()

    class Meta(StrategyPart.Meta):
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [models.UniqueConstraint(fields=["strategy", "code"], name="value_code")]


class Grouping(StrategyPart):
    """A named grouping of aims and goals across the hierarchy: a focus area (painopiste,
    kärki), a Balanced Scorecard perspective, or another kind the strategy uses."""

    class Kind(models.TextChoices):
        FOCUS_AREA = "focus_area", _("focus area")
        PERSPECTIVE = "perspective", _("perspective")
        OTHER = "other", _("other grouping")

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="groupings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    history = history()

    class Meta(StrategyPart.Meta):
        verbose_name = _("grouping")
        verbose_name_plural = _("groupings")
        constraints = [models.UniqueConstraint(fields=["strategy", "code"], name="grouping_code")]


class Aim(StrategyPart):
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="aims"
    )
    grouping = models.ForeignKey(
        Grouping,
        verbose_name=_("grouping"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aims",
    )
    history = history()

    class Meta(StrategyPart.Meta):
        verbose_name = _("strategic aim")
        verbose_name_plural = _("strategic aims")
        constraints = [models.UniqueConstraint(fields=["strategy", "code"], name="aim_code")]


class Revision(models.Model):
    """One recorded change of a strategy: when it took effect, why, by which decision.

    The changed rows themselves are in the simple-history tables, stamped with the same
    date, reason and decision; this is the readable log of them.
    """

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="revisions"
    )
    effective = models.DateTimeField(_("in effect from"))
    reason = models.TextField(_("reason"))
    decision_ref = models.CharField(_("decision"), max_length=200, blank=True)
    source = models.CharField(_("made with"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded = models.DateTimeField(_("recorded"), auto_now_add=True)
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        ordering = ["-effective", "-pk"]
        get_latest_by = "effective"
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        return f"{self.effective:%d.%m.%Y} {self.reason}"


class StrategyLoad(models.Model):
    """A load of a strategy file: which file, when, and the strategy as it stood after it.

    `state` is the strategy as a definition file right after the load (written by
    definition/export.py): what differs from it now was changed in the app since, and the
    next load reports it and keeps it unless told to overwrite it (definition/compare.py).
    """

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="loads"
    )
    file = models.CharField(_("file"), max_length=500)
    loaded = models.DateTimeField(_("loaded"), default=timezone.now)
    revision = models.ForeignKey(
        Revision,
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.TextField(_("the strategy after the load"))

    class Meta:
        ordering = ["-loaded", "-pk"]
        get_latest_by = "loaded"
        verbose_name = _("load of a strategy file")
        verbose_name_plural = _("loads of strategy files")

    def __str__(self):
        return f"{timezone.localtime(self.loaded):%d.%m.%Y %H:%M} {self.file}"
