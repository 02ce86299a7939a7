"""Forms of a goal owner's proposal and of the strategy lead's answer to it.

A proposal is the lead's change form (web/change_views.py) without the decision: the proposer
gives the reason, and the lead gives the date the change takes effect and the decision's
reference when accepting it.
"""

from django import forms
from django.utils.translation import gettext_lazy

from mittaristo.strategy.proposals import reason_room

from .change_views import DecisionForm, GoalForm, TargetForm


def _reason_field(**kwargs) -> forms.CharField:
    # The revision's reason says who proposed the change; the room left for the reason itself.
    return forms.CharField(label=gettext_lazy("Reason"), max_length=reason_room(), **kwargs)


class ProposalMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["effective"], self.fields["decision"]
        self.fields["reason"] = _reason_field(
            help_text=gettext_lazy(
                "Why the change is proposed. The strategy lead sees it, and it goes into the "
                "change log if the proposal is accepted."
            )
        )


class TargetProposalForm(ProposalMixin, TargetForm):
    pass


class GoalProposalForm(ProposalMixin, GoalForm):
    pass


class AcceptForm(DecisionForm):
    """The strategy lead's decision on a proposal: when, why (the proposer's reason to start
    from) and by which decision."""

    def __init__(self, *args, proposal, **kwargs):
        kwargs.setdefault("initial", {"reason": proposal.reason})
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _reason_field(
            help_text=gettext_lazy(
                "The change log says that the goal owner proposed it, before this reason."
            )
        )
        self.order_fields(["effective", "reason", "decision"])


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("Reply to the proposer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Why the proposal is returned; the proposer sees it."),
    )
