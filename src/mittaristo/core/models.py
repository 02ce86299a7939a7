"""Areas: where an observation was made (a municipality, a region, a wellbeing county, Finland)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .translation import TranslatedTextField

COUNTRY_NAMES = {"sss", "koko maa", "finland", "suomi", "hela landet", "whole country"}


class AreaQuerySet(models.QuerySet):
    def municipalities(self):
        return self.filter(kind=Area.Kind.MUNICIPALITY)

    def lookup(self) -> dict[str, "Area"]:
        """Every way an area may be written in a file → the area (lower-case keys).

        "111", "KU111", "MK07", "SSS" and names in any language; a name two areas share
        (a region and a municipality can) is left out, so it cannot pick the wrong one.
        """
        index, names, ambiguous = {}, {}, set()
        for area in self:
            index[area.key.lower()] = area
            if area.kind == Area.Kind.MUNICIPALITY:
                index[area.code.lower()] = area
            if area.kind == Area.Kind.COUNTRY:
                index.update(dict.fromkeys(COUNTRY_NAMES, area))
            for name in {str(n).strip().lower() for n in area.name.values() if n}:
                if name in names and names[name] != area:
                    ambiguous.add(name)
                names[name] = area
        for name, area in names.items():
            if name not in ambiguous:
                index.setdefault(name, area)
        return index


class Area(models.Model):
    """An area by its official code: municipality 111 (Heinola), region 07, country SSS."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        REGION = "region", _("region")
        WELLBEING_COUNTY = "wellbeing_county", _("wellbeing services county")
        COUNTRY = "country", _("whole country")

    # Statistics Finland's prefixes, used in keys such as KU111 and MK07.
    PREFIX = {"municipality": "KU", "region": "MK", "wellbeing_county": "HV", "country": ""}

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=10)
    name = TranslatedTextField(_("name"))
    region = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        limit_choices_to={"kind__in": ["region", "wellbeing_county"]},
    )
    size_class = models.PositiveSmallIntegerField(
        _("size class"), null=True, blank=True, help_text=_("For forming peer groups by size.")
    )
    # The latest known population and jobs, for finding the most similar municipalities
    # (set by `mittaristo load-areas --population CODE --jobs CODE`).
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    jobs = models.PositiveIntegerField(_("jobs"), null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="area_kind_code")]

    def __str__(self):
        return f"{self.name} ({self.key})"

    @property
    def key(self) -> str:
        """The area's code as Statistics Finland writes it: KU111, MK07, SSS."""
        return self.key_of(self.kind, self.code)

    @classmethod
    def key_of(cls, kind: str, code: str) -> str:
        """The key of the area of `kind` and `code`, without reading it (see `key`)."""
        return f"{cls.PREFIX[kind]}{code}"
