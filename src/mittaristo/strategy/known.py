"""The organisations, kept in each process until one is saved or deleted.

Every request asks which organisation its address names and whether the installation has
several (web/organisations.py): two queries per request, at 308 organisations a good part of
a cached page's cost (docs/performance.md, "National scale"). They are few and rarely change,
so each process keeps them all, read in one query, together with the *stamp* under which it
read them: a value in the shared cache (Redis with several server processes) that every
write of an organisation through the ORM renews (`organisations_changed`, called by
Organisation's save and delete and by its queryset's update, delete and bulk create). A
process that finds another stamp reads them again. A cleared cache is a new stamp, so the
same. A write outside the ORM (raw SQL, a migration) is seen when the server restarts, or
after at most MAX_SECONDS.

Callers get copies (an Organisation is a mutable object; a request must not change the one
the next request gets).
"""

import copy
import secrets
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.core.cache import cache
from django.db import transaction

STAMP_KEY = "mittaristo:organisations:stamp"
MAX_SECONDS = 10 * 60


@dataclass(frozen=True)
class Known:
    ordered: tuple  # by id
    by_address: dict = field(default_factory=dict)
    by_pk: dict = field(default_factory=dict)

    def address(self, segment: str):
        """A copy of the organisation whose address is `segment`, or None (as
        `Organisation.objects.by_address`)."""
        found = self.by_address.get(segment)
        return copy.copy(found) if found is not None else None

    def all(self) -> list:
        return [copy.copy(o) for o in self.ordered]

    def get(self, pk):
        found = self.by_pk.get(pk)
        return copy.copy(found) if found is not None else None


_kept: tuple = (None, 0.0, None)  # (stamp, when read, Known)


def known(stamp=None) -> Known:
    """Every organisation, as this process read them under the current stamp. `stamp`: the
    stamp when the caller has read it already (with other keys, in one round trip)."""
    global _kept
    # By the app registry: the models import this module (their writes renew the stamp).
    Organisation = apps.get_model("strategy", "Organisation")

    stamp = stamp or _stamp(STAMP_KEY)
    if _kept[0] == stamp and stamp is not None and time.monotonic() - _kept[1] < MAX_SECONDS:
        return _kept[2]
    ordered = tuple(Organisation.objects.order_by("pk"))
    by_address = {o.code: o for o in ordered if not o.slug}
    by_address.update({o.slug: o for o in ordered if o.slug})
    found = Known(ordered, by_address, {o.pk: o for o in ordered})
    _kept = (stamp, time.monotonic(), found)
    return found


def _stamp(key: str, found: dict | None = None) -> str:
    """The stamp under `key` (from `found`, a get_many's answer, when there), made when the
    cache has none (a first start, or a cleared cache: a new stamp either way)."""
    stamp = (found or {}).get(key) or cache.get(key)
    if stamp is None:
        cache.add(key, secrets.token_hex(8), None)
        stamp = cache.get(key)
    return stamp


def _renew(key: str) -> None:
    """Renew the stamp under `key`: now, and when the transaction commits (a process that read
    the rows between the two read them as they were before the write)."""

    def renew():
        cache.set(key, secrets.token_hex(8), None)

    renew()
    transaction.on_commit(renew)


def organisations_changed() -> None:
    """Every process reads the organisations anew at its next request."""
    _renew(STAMP_KEY)


# What an organisation's public front page shows that can change (its published rounds, its
# open invitations) is kept by each process per organisation and *public stamp*
# (web/public_views.py): a value in the shared cache that every save or delete of a review
# round, a survey or a survey round renews (web/public_stamps.py). What sends no signal (a
# QuerySet.update) shows within PUBLIC_SECONDS; a round that opens or closes by the clock, at
# that moment.
PUBLIC_STAMP_KEY = "mittaristo:public:{}"
PUBLIC_SECONDS = 60


def public_pages_changed(organisation_id) -> None:
    """Every process makes the public front page of `organisation_id` anew."""
    _renew(PUBLIC_STAMP_KEY.format(organisation_id))


def public_stamp(organisation_id, found: dict | None = None) -> str:
    """The public stamp of `organisation_id` (from `found`, a get_many's answer, when there)."""
    return _stamp(PUBLIC_STAMP_KEY.format(organisation_id), found)


def by_address(segment: str) -> tuple:
    """(a copy of the organisation whose address is `segment` or None, the cache's answer for
    both stamps): the organisations' stamp and that organisation's public stamp are read in
    one round trip, as the public front page needs both."""
    guess = _kept[2].by_address.get(segment) if _kept[2] is not None else None
    keys = [STAMP_KEY] + ([PUBLIC_STAMP_KEY.format(guess.pk)] if guess is not None else [])
    found = cache.get_many(keys)
    return known(found.get(STAMP_KEY)).address(segment), found
