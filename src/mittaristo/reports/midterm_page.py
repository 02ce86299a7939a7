"""The mid-term evaluation's internal page: a review round's, or as known on a date.

The body is the report's (reports/midterm.py, templates/reports/_midterm_body.html), so the page
and the document say the same. Who may see the rounds may see it.
"""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mittaristo.core.dates import parse_date
from mittaristo.core.roles import role_required
from mittaristo.reviews.models import ReviewRound
from mittaristo.strategy.roles import can_view_internal
from mittaristo.web.forms import WrittenSelect
from mittaristo.web.strategy_views import current_record

from . import midterm as report


class MidtermChoice(forms.Form):
    """Which evaluation: a review round, or a date (a GET form); neither: the latest mid-term
    round, else as known today."""

    kierros = forms.ChoiceField(label=_("Review round"), required=False, widget=WrittenSelect)
    paiva = forms.CharField(
        label=_("Or as known on a date"),
        required=False,
        help_text=_("For example 31.12.2024. Leave empty to use the round."),
    )

    def __init__(self, data, *, rounds):
        super().__init__(data)
        self.rounds = {str(r.pk): r for r in rounds}
        self.fields["kierros"].choices = [("", _("None: as known on the date"))] + [
            (pk, r.name) for pk, r in self.rounds.items()
        ]

    def clean_paiva(self):
        text = self.cleaned_data["paiva"].strip()
        if not text:
            return None
        try:
            day = parse_date(text)
        except ValueError:
            raise forms.ValidationError(_("Write the date as 31.12.2024.")) from None
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def chosen(self) -> tuple:
        """(round, date) asked for: one of them, or (None, None) for the default."""
        if not self.is_bound or not self.is_valid():
            return None, None
        if self.cleaned_data["kierros"]:
            return self.rounds[self.cleaned_data["kierros"]], None
        return None, self.cleaned_data["paiva"]


@role_required(can_view_internal)
def midterm(request):
    record, strategy, _version = current_record()
    rounds = list(ReviewRound.objects.filter(strategy=strategy))
    form = MidtermChoice(request.GET or None, rounds=rounds)
    review, as_of = form.chosen()
    if review is None and as_of is None and not form.errors:
        mid_term = [r for r in rounds if r.kind == ReviewRound.Kind.MID_TERM]
        review = mid_term[0] if mid_term else None  # newest first (ReviewRound.Meta)
    live = review is None and as_of is None
    content = report.content(
        strategy,
        round=review,
        as_of=as_of,
        lang=get_language(),
        record=record if live else None,
    )
    return render(
        request,
        "web/midterm.html",
        {"strategy": strategy, "form": form, "mt": content, "review": review},
    )
