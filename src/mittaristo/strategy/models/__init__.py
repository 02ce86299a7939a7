"""The strategy as data: a municipality's strategy, its parts and its cascade.

Domain names are English (see docs/glossary.md): Strategy = strategia, Value = arvo,
ChangeFactor = toimintaympäristön muutostekijä, Aim = päämäärä, Goal = tavoite,
Indicator = mittari, Target = tavoitetaso, Plan = ohjelma / talousarvio / käyttösuunnitelma.
Every model keeps its history (django-simple-history, see history.py).

The models live in three modules by concern: `base` (the organisation, the strategy and what
every level shares), `indicators` (indicators, goals, change factors, targets) and `cascade`
(plans and their goals); this module is the one place they are imported from.
"""

from .base import (
    DECIMAL,
    Aim,
    Approval,
    DataStamp,
    Grouping,
    Organisation,
    OrganisationQuerySet,
    ProcessEvent,
    Revision,
    Strategy,
    StrategyLoad,
    StrategyPart,
    StrategyQuerySet,
    Value,
    history,
)
from .cascade import Plan, PlanGoal
from .indicators import (
    ChangeFactor,
    ChangeFactorGoal,
    ChangeFactorIndicator,
    Goal,
    GoalIndicator,
    Indicator,
    IndicatorQuerySet,
    Milestone,
    Target,
)
from .memberships import Membership, MembershipQuerySet
from .proposals import Proposal, ProposalQuerySet

__all__ = [
    "DECIMAL",
    "Aim",
    "Approval",
    "ChangeFactor",
    "ChangeFactorGoal",
    "ChangeFactorIndicator",
    "DataStamp",
    "Goal",
    "GoalIndicator",
    "Grouping",
    "Indicator",
    "IndicatorQuerySet",
    "Membership",
    "MembershipQuerySet",
    "Milestone",
    "Organisation",
    "OrganisationQuerySet",
    "Plan",
    "PlanGoal",
    "Proposal",
    "ProposalQuerySet",
    "ProcessEvent",
    "Revision",
    "Strategy",
    "StrategyLoad",
    "StrategyPart",
    "StrategyQuerySet",
    "Target",
    "Value",
    "history",
]
