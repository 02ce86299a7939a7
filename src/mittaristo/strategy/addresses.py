"""Which addresses an organisation may take (docs/organisations.md): a lowercase slug that is
not one of the site's own first segments (app, api, admin, tavoitteet, …) and not digits only
(an organisation without a slug is reached by its municipality code)."""

import functools
import re

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext as _

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@functools.cache
def reserved_segments() -> frozenset[str]:
    """The first segments of the site's own addresses (app, api, tavoitteet, …), which are
    never taken for an organisation's."""
    found = {"static", "media"}
    for pattern in get_resolver().url_patterns:
        stack = [pattern]
        while stack:
            item = stack.pop()
            text = str(item.pattern).lstrip("^")
            segment = text.split("/", 1)[0]
            if segment:
                found.add(segment.split("<", 1)[0].split("\\", 1)[0].rstrip("$"))
            elif isinstance(item, URLResolver):
                stack.extend(item.url_patterns)
            elif isinstance(item, URLPattern):
                continue
    return frozenset(found - {""})


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot be an organisation's address, or None."""
    if not SLUG.match(slug) or len(slug) > 60:
        return _(
            "an address is lower-case letters a–z, digits and hyphens (e.g. heinola), "
            "at most 60 characters"
        )
    if slug.isdigit():
        return _("an address of digits only could be another organisation's municipality code")
    if slug in reserved_segments():
        return _("“%(slug)s” is one of the site's own addresses (%(reserved)s): choose another") % {
            "slug": slug,
            "reserved": ", ".join(sorted(reserved_segments())),
        }
    return None
