"""The strategy's change log: every change with its decision, internal and public.

The internal page shows who made each change; the public one shows only what the published
strategy had by the time its latest round was published, with its decisions and no person.
"""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from mittaristo.core.roles import role_required
from mittaristo.strategy.changelog import change_log
from mittaristo.strategy.models import Goal
from mittaristo.strategy.roles import can_view_internal

from .published import published_round
from .strategy_views import current_strategy


class ChangeLogFilter(forms.Form):
    tavoite = forms.ChoiceField(label=_("Goal"), required=False)
    mittari = forms.ChoiceField(label=_("Indicator"), required=False)
    paatos = forms.ChoiceField(label=_("Decision"), required=False)

    def __init__(self, data, *, strategy, decisions):
        super().__init__(data)
        everything = [("", _("All"))]
        self.goals = {g.code: g for g in Goal.objects.filter(aim__strategy=strategy)}
        self.indicators = {i.code: i for i in strategy.indicators.all()}
        self.fields["tavoite"].choices = everything + [
            (code, str(g)) for code, g in self.goals.items()
        ]
        self.fields["mittari"].choices = everything + [
            (code, str(i)) for code, i in self.indicators.items()
        ]
        self.fields["paatos"].choices = everything + [(d, d) for d in decisions]

    def chosen(self) -> dict:
        """The filter's choices as change_log's arguments (none for a filter that is wrong)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "goal": self.goals.get(data["tavoite"]),
            "indicator": self.indicators.get(data["mittari"]),
            "decision": data["paatos"] or None,
        }


def _page(request, template, strategy, *, until=None, people=True, extra=None):
    everything = change_log(strategy, until=until, people=people)
    form = ChangeLogFilter(request.GET or None, strategy=strategy, decisions=everything.decisions)
    chosen = form.chosen()
    log = change_log(strategy, until=until, people=people, **chosen) if chosen else everything
    return render(
        request,
        template,
        {
            "strategy": strategy,
            "form": form,
            "groups": log.groups,
            "filtered": any(chosen.values()),
            **(extra or {}),
        },
    )


@role_required(can_view_internal)
def change_log_page(request):
    return _page(request, "web/changes.html", current_strategy())


def public_change_log(request):
    """The published strategy's changes up to its latest round's publication, no people."""
    review = published_round(snapshot=False)
    if review is None:
        raise Http404
    return _page(
        request,
        "public/changes.html",
        review.strategy,
        until=review.published_at,
        people=False,
        extra={"review": review},
    )
