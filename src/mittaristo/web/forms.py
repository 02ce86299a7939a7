"""Forms of the internal pages: entering one value of an indicator, choosing a review round or
a date."""

import contextlib

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mittaristo.core.dates import parse_date
from mittaristo.core.formatting import number
from mittaristo.core.models import Area
from mittaristo.core.numbers import NumberError, is_plausible, parse_number
from mittaristo.core.periods import KINDS_FOR_FREQUENCY, PeriodError, examples_for, parse_period
from mittaristo.core.translation import written_language
from mittaristo.observations.models import Observation
from mittaristo.observations.services import ObservationRow

from .uploads import limit as upload_limit
from .uploads import too_large


class WrittenSelect(forms.Select):
    """A choice among things people named in one language (review rounds): on a Swedish or
    English page each named option is marked `lang="fi"` (core.translation.written_language)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        language = written_language()
        if language and value not in ("", None):
            option["attrs"]["lang"] = language
        return option


class RoundOrDateForm(forms.Form):
    """Which evaluation a page shows: a review round (`kierros`), or the figures as known on a
    date (`ajankohta`), or neither (the page's default). A GET form, so its addresses can be
    linked and bookmarked; the mid-term page's old `paiva` and the dated report's `as_of` are
    read as `ajankohta`. The date is written 31.12.2024 or 2024-12-31 (the date input sends
    the latter); a date in the future or a round and a date at once is refused in words.

    `rounds`: the strategy's rounds offered, newest first; `empty_label`: what choosing no
    round means on the page."""

    DATE = "ajankohta"
    ALIASES = ("paiva", "as_of")

    kierros = forms.TypedChoiceField(
        label=_("Review round"), required=False, coerce=int, empty_value=None, widget=WrittenSelect
    )
    ajankohta = forms.CharField(
        label=_("Or as known on"),
        required=False,
        help_text=_("For example 31.12.2024. Leave empty to use the round."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    NOW = _("Now (the latest figures)")

    def __init__(self, data=None, *, rounds=(), empty_label=NOW):
        super().__init__(self._aliased(data) if data else None)
        self.rounds = {r.pk: r for r in rounds}
        self.fields["kierros"].choices = [("", empty_label)] + [
            (pk, r.name) for pk, r in self.rounds.items()
        ]
        date = self.fields[self.DATE].widget.attrs
        date["max"] = timezone.localdate().isoformat()
        date["aria-describedby"] = f"id_{self.DATE}-help"  # the help's id in web/_field.html

    @classmethod
    def _aliased(cls, data):
        """The data with an old name's date as `ajankohta`, and a date that reads written the
        ISO way, so that the date input shows it again."""
        data = data.copy()
        if not data.get(cls.DATE):
            given = next((data[name] for name in cls.ALIASES if data.get(name)), None)
            if given:
                data[cls.DATE] = given
        text = (data.get(cls.DATE) or "").strip()
        with contextlib.suppress(ValueError):  # else refused in clean_ajankohta, shown as written
            data[cls.DATE] = parse_date(text).isoformat() if text else ""
        return data

    def clean_ajankohta(self):
        text = self.cleaned_data[self.DATE].strip()
        if not text:
            return None
        try:
            day = parse_date(text)
        except ValueError:
            raise forms.ValidationError(
                _("Write the date as 31.12.2024."), code="invalid_date"
            ) from None
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return day

    def clean_kierros(self):
        pk = self.cleaned_data["kierros"]
        return self.rounds[pk] if pk is not None else None

    def clean(self):
        data = super().clean()
        if data.get("kierros") and data.get(self.DATE):
            raise forms.ValidationError(_("Choose a review round or a date, not both."))
        return data

    def chosen(self) -> tuple:
        """(round, date) asked for: at most one of them; (None, None) for the page's default,
        also when the form has errors (the page says them)."""
        if not self.is_bound or not self.is_valid():
            return None, None
        return self.cleaned_data["kierros"], self.cleaned_data[self.DATE]


class NumberField(forms.DecimalField):
    """A decimal written the Finnish way ("1 234,5", "−3", "12,5 %"), read strictly: a text
    that could be read two ways ("6.241") is refused with a message that says so."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {"invalid": _("Enter a number, for example 1 234,5.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_number(str(value), strict=True)
        except NumberError as error:
            if error.code == "ambiguous":
                raise forms.ValidationError(str(error), code="ambiguous") from None
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class EntryForm(forms.Form):
    """One value of one indicator: where, when, how much, how sure, and why."""

    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all(), empty_label=None)
    period = forms.CharField(label=_("Period"), max_length=30)
    value = NumberField(label=_("Value"), max_digits=20, decimal_places=6)
    status = forms.ChoiceField(
        label=_("Status"), choices=Observation.Status.choices, initial=Observation.Status.FINAL
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the source of the figure or why it was corrected."),
    )
    confirm = forms.BooleanField(
        label=_("The value is right: store it anyway"), required=False, label_suffix=""
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.examples = ", ".join(examples_for(indicator.frequency))
        self.fields["period"].help_text = gettext("For example %(examples)s.") % {
            "examples": self.examples
        }
        if str(indicator.unit):
            self.fields["value"].label = gettext("Value (%(unit)s)") % {"unit": indicator.unit}
        self.asks_confirmation = False

    def clean_period(self):
        try:
            period = parse_period(self.cleaned_data["period"])
        except PeriodError:
            raise forms.ValidationError(
                gettext("This is not a period. Accepted forms: %(examples)s.")
                % {"examples": self.examples},
                code="invalid",
            ) from None
        if period.kind not in KINDS_FOR_FREQUENCY.get(self.indicator.frequency, set()):
            raise forms.ValidationError(
                gettext(
                    "The period does not suit the indicator's frequency (%(frequency)s). "
                    "Accepted forms: %(examples)s."
                )
                % {
                    "frequency": self.indicator.get_frequency_display(),
                    "examples": self.examples,
                },
                code="frequency",
            )
        return period

    def clean(self):
        data = super().clean()
        value, area = data.get("value"), data.get("area")
        if value is None or area is None or data.get("confirm"):
            return data
        known = Observation.objects.current().series(self.indicator, area)
        bounds = self.indicator.plausible_range(known.values_list("value", flat=True))
        if not is_plausible(value, bounds):
            self.asks_confirmation = True
            self.add_error(
                "confirm",
                forms.ValidationError(
                    gettext(
                        "%(value)s is far from what is expected (%(low)s … %(high)s). "
                        "Check the value; if it is right, tick the box to store it."
                    )
                    % {"value": number(value), "low": number(bounds[0]), "high": number(bounds[1])},
                    code="implausible",
                ),
            )
        return data

    def row(self) -> ObservationRow:
        """The checked value, ready for observations_upsert."""
        data = self.cleaned_data
        return ObservationRow(
            indicator_id=self.indicator.pk,
            area_id=data["area"].pk,
            period=data["period"],
            value=data["value"],
            status=data["status"],
            note=data["note"],
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV, XLSX or ODS)"),
        help_text=_(
            "Columns: indicator (its code or name), area, period, value, and optionally "
            "status and note (in Finnish, Swedish or English). One column per year also works."
        ),
    )

    def __init__(self, *args, refused: str | None = None, **kwargs):
        """`refused`: why the upload handler skipped the file (web/uploads.py), if it did."""
        super().__init__(*args, **kwargs)
        if refused:  # the file never arrived: say why, not merely that it is missing
            self.fields["file"].error_messages["required"] = refused

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".ods")):
            raise forms.ValidationError(_("Choose a CSV, XLSX or ODS file."))
        if upload.size > upload_limit():  # e.g. a handler list without the size limit
            raise forms.ValidationError(too_large(upload.name))
        return upload


class ImportConfirmForm(forms.Form):
    """Storing a previewed file: the confirmation that its values far from expected are right."""

    accept_outliers = forms.BooleanField(
        label=_("I have checked the values far from what is expected: they are right"),
        required=False,
        label_suffix="",
    )


class PeerMethodForm(forms.Form):
    """The indicator page's choice of peer group: a GET form, an unknown choice is the default."""

    DEFAULT = "size_class"
    vertailu = forms.ChoiceField(
        label=_("Peer group"),
        choices=[
            ("size_class", _("Same size class")),
            ("region", _("Same region")),
            ("similar", _("Most similar by population and jobs")),
        ],
        required=False,
    )

    @classmethod
    def chosen(cls, query) -> "PeerMethodForm":
        """The form showing the method asked for in `query`, or the default when it is unknown."""
        asked = cls(query)
        method = asked.cleaned_data["vertailu"] if asked.is_valid() else ""
        return cls(initial={"vertailu": method or cls.DEFAULT})

    @property
    def method(self) -> str:
        return self.initial["vertailu"]
