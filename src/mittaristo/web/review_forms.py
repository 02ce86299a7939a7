"""Forms of review rounds: opening a round, writing an assessment, returning one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mittaristo.monitoring.labels import LABELS
from mittaristo.reviews.models import ReviewRound


class RoundForm(forms.ModelForm):
    class Meta:
        model = ReviewRound
        fields = ["name", "kind", "as_of", "due"]
        widgets = {
            "as_of": forms.DateInput(attrs={"type": "date"}),
            "due": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"name": _("For example “Osavuosikatsaus 1/2026” or “Tilinpäätös 2025”.")}


class AssessmentForm(forms.Form):
    commentary = forms.CharField(
        label=_("Assessment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the figures say and what has been done. Required to submit."),
        required=False,
    )
    next_steps = forms.CharField(
        label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    status_override = forms.ChoiceField(
        label=_("Assessed status"),
        required=False,
        help_text=_("Leave as computed unless you can justify another status."),
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the assessed status differs from the computed one."),
    )

    def __init__(self, *args, computed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status_override"].choices = [
            ("", _("as computed: %(status)s") % {"status": LABELS[computed]})
        ] + [(str(code), label) for code, label in LABELS.items() if code != computed]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3})
    )
