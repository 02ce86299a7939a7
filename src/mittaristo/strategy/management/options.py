"""What the commands' common options (--strategy CODE, --as-of DATE) mean, with one message
for each mistake (a CommandError: one line, never a traceback)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mittaristo.core.dates import parse_date
from mittaristo.strategy.models import Strategy


def strategy_option(code: str) -> Strategy:
    """The strategy `code`, or a message naming the strategies there are."""
    found = Strategy.objects.filter(code=code).first()
    if found is None:
        codes = ", ".join(Strategy.objects.values_list("code", flat=True)) or "—"
        raise CommandError(
            _("no strategy '%(code)s' (there are: %(codes)s)") % {"code": code, "codes": codes}
        )
    return found


def as_of_option(text: str | None):
    """The date of --as-of (None when not given), or a message saying how to write one."""
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise CommandError(
            _("--as-of: '%(value)s' is not a date (write 2025-03-01 or 1.3.2025)") % {"value": text}
        ) from None
