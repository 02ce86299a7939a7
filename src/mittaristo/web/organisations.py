"""Which organisation a request is about, and the person's roles in it (docs/organisations.md).

An address that begins with an organisation's slug (or, while it has none, its municipality
code) is that organisation's: /heinola/ is Heinola's public site, /heinola/app/ its internal
application. The segment is taken off the path before the address is resolved, and put in
front of every address the request reverses (Django's script prefix), so the same views and
templates serve /heinola/… and, in a single-organisation installation, /… unchanged.

An address without one is about the only organisation while there is one; with several, about
none on the public side (the front page lists them), and on the internal side about the
organisation whose internal pages the person visited last, or the first of theirs.
"""

from django.http import Http404, HttpResponseRedirect
from django.urls import get_script_prefix, set_script_prefix

from mittaristo.core.roles import SCOPE, groups_of
from mittaristo.strategy.addresses import reserved_segments
from mittaristo.strategy.known import STAMP_KEY, by_address, known
from mittaristo.strategy.models import Organisation
from mittaristo.strategy.roles import holdings, organisation_groups

SESSION_KEY = "mittaristo_organisation"


class Scope:
    """The request's organisation (found when first asked) and the roles people hold in it."""

    def __init__(self, request, fixed=None, organisations=None):
        self.request = request
        self.fixed = fixed
        self._organisations = organisations
        self._chosen = fixed
        self._done = fixed is not None
        self.base = "/"  # the script prefix before any organisation's address
        self.stamps = {}  # the shared cache's stamps read with the organisation (known.py)

    @property
    def organisations(self):
        """Every organisation, kept in the process (strategy/known.py), under the stamp read
        once for the request."""
        if self._organisations is None:
            self._organisations = known()
        return self._organisations

    @property
    def single(self) -> bool:
        """Whether the installation has at most one organisation."""
        return len(self.organisations.ordered) <= 1

    @property
    def organisation(self):
        if not self._done:
            self._chosen, self._done = self._default(), True
        return self._chosen

    def _default(self):
        if self.single:
            return self.organisations.all()[0] if self.organisations.ordered else None
        user = self.request.user
        if not user.is_authenticated or not self.request.path_info.startswith("/app/"):
            return None
        visible = Organisation.objects.visible_to(user)
        remembered = self.request.session.get(SESSION_KEY)
        found = visible.filter(pk=remembered).first() if remembered else None
        return found or visible.order_by("code").first()

    def groups(self, user) -> frozenset[str]:
        return organisation_groups(user, self.organisation, single=self.single)


def request_organisation(request):
    """The organisation `request` is about, or None."""
    return request.mittaristo_scope.organisation


def address_organisation(request):
    """The organisation the address names (/heinola/…), or None for an address without one."""
    scope = getattr(request, "mittaristo_scope", None)
    return scope.fixed if scope is not None else None


def several_organisations(request) -> bool:
    return not request.mittaristo_scope.single


class OrganisationMiddleware:
    """Sets the request's organisation from the address, and the roles that follow from it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        segment, _slash, rest = request.path_info.lstrip("/").partition("/")
        fixed = organisations = stamps = None
        if segment and segment not in reserved_segments():
            # Kept in the process until one changes (strategy/known.py).
            fixed, stamps = by_address(segment)
            organisations = known(stamps.get(STAMP_KEY))
        if fixed is not None and not _slash:
            return HttpResponseRedirect(request.path + "/")
        scope = request.mittaristo_scope = Scope(request, fixed, organisations)
        scope.stamps = stamps or {}
        token = SCOPE.set(scope)
        prefix = scope.base = get_script_prefix()
        try:
            if fixed is None:
                return self.get_response(request)
            request.path_info = "/" + rest
            set_script_prefix(f"{prefix}{segment}/")
            if rest.startswith("app/") and request.user.is_authenticated:
                _enter(request, fixed)
            return self.get_response(request)
        finally:
            SCOPE.reset(token)
            set_script_prefix(prefix)


# Internal addresses a person of another organisation may still open.
OPEN = ("app/login/", "app/logout/", "app/salasana/")


def _enter(request, organisation) -> None:
    """A person opening another organisation's internal pages gets 404, as for any of its
    objects (its existence is no secret: its public site is not); else the organisation is
    remembered for the internal addresses that name none."""
    # A role here (a membership, a goal, an indicator: read once per request, and needed for
    # the page anyway) makes the organisation visible, as Organisation.objects.visible_to.
    user = request.user
    visible = user.is_superuser or bool(groups_of(user)) or organisation.pk in holdings(user)
    if not visible:
        if request.path_info.lstrip("/").startswith(OPEN):
            return
        raise Http404
    if request.session.get(SESSION_KEY) != organisation.pk:
        request.session[SESSION_KEY] = organisation.pk


def organisation_or_404(request):
    found = request_organisation(request)
    if found is None:
        raise Http404
    return found
