"""Who may change surveys: the one predicate the survey pages ask (core/roles.py has the rest).

Defining a questionnaire, binding it to the strategy's indicators and running its rounds is
the strategy lead's work, like running review rounds: the strategy lead and the administrator.
Every internal reader (strategy.roles.can_view_internal) may read the surveys and their rounds.
"""

from mittaristo.core.roles import is_strategy_lead


def can_manage_surveys(user) -> bool:
    return is_strategy_lead(user)
