"""The strategy file and the app: what was changed in the app since the file's last load, and
what of it a new load would undo.

The loader reports each difference it finds as a `Change`. Loading the state kept after the
last load (`StrategyLoad.state`) without writing gives what the app changed since; loading the
new file without writing gives what the file would change. A change the file would make to
something changed in the app is a `Conflict`: the load is refused with the list, unless told
to overwrite (then the revert is a revision of its own).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core.numbers import plain
from mittaristo.core.translation import CONTENT_LANGUAGES, TranslatedText

from .. import models as m


@dataclass(frozen=True)
class Change:
    """One difference between a file and the database: "+" the file has a row the database
    lacks, "~" a field differs, "-" the database has a row the file lacks."""

    kind: str
    label: str
    key: object
    field: str = ""
    old: object = None  # in the database
    new: object = None  # in the file
    model: type | None = None
    pk: int | None = None

    @property
    def row(self) -> tuple:
        return (self.label, self.key)


@dataclass(frozen=True)
class Conflict:
    """Something changed in the app that the file would undo."""

    # "changed" (a field), "added" or "deleted" (a row, in the app), "removed" (changed in the
    # app, not in the file), "unknown" (no earlier load tells which side changed)
    kind: str
    label: str
    key: object
    field: str = ""
    app: object = None
    file: object = None
    model: type | None = None
    pk: int | None = None
    history: str = ""  # when, by whom and why it was changed in the app

    @property
    def where(self) -> tuple:
        return (self.label, self.key, self.field)

    def line(self) -> str:
        what = f"{self.label} {show(self.key)}"
        if self.kind == "added":
            text = _("%(what)s: added in the app, not in the file (the file would delete it)") % {
                "what": what
            }
        elif self.kind == "removed":
            text = _("%(what)s: changed in the app, not in the file (the file would delete it)") % {
                "what": what
            }
        elif self.kind == "deleted":
            text = _(
                "%(what)s: deleted in the app, still in the file (the file would create it again)"
            ) % {"what": what}
        elif self.field:
            app, file = self._value(self.app), self._value(self.file)
            if app == file and any(isinstance(v, dict) for v in (self.app, self.file)):
                # the same in Finnish, different in another language: show every language
                app, file = _languages(self.app), _languages(self.file)
            text = _("%(what)s, %(field)s: in the app %(app)s, in the file %(file)s") % {
                "what": what,
                "field": self.field.removesuffix("_id"),
                "app": app,
                "file": file,
            }
        elif self.kind == "unknown" and self.file is None:
            text = _("%(what)s: in the app, not in the file") % {"what": what}
        else:
            text = _("%(what)s: in the file, not in the app") % {"what": what}
        return f"{text} [{self.history}]" if self.history else text

    def _value(self, value) -> str:
        if value is None or value == {}:
            return _("(empty)")
        if self.model is None:
            return show(value)
        try:
            field = self.model._meta.get_field(self.field.removesuffix("_id"))
        except FieldDoesNotExist:
            return show(value)
        if field.is_relation:
            related = field.related_model.objects.filter(pk=value).first()
            return show(getattr(related, "code", related) if related else value)
        return show(value)


def conflicts_between(app: list[Change], file: list[Change]) -> list[Conflict]:
    """What of the app's changes (the state of the last load against the app) the file's
    changes (the file against the app) would undo."""
    file_fields = {(c.label, c.key, c.field): c for c in file if c.kind == "~"}
    file_rows = {c.row: c for c in file if c.kind != "~"}
    found = []
    for change in app:
        common = {"label": change.label, "key": change.key, "model": change.model}
        if change.kind == "~":
            same_field = file_fields.get((change.label, change.key, change.field))
            if same_field is not None:
                found.append(
                    Conflict(
                        "changed",
                        field=change.field,
                        app=change.old,
                        file=same_field.new,
                        pk=change.pk,
                        **common,
                    )
                )
            elif _kind(file_rows.get(change.row)) == "-":
                found.append(Conflict("removed", pk=change.pk, **common))
        elif change.kind == "+" and _kind(file_rows.get(change.row)) == "+":
            # the last load had it, the app has it no more, and the file would create it again
            found.append(Conflict("deleted", **common))
        elif change.kind == "-" and _kind(file_rows.get(change.row)) == "-":
            # the app has it, the last load did not, and the file would delete it
            found.append(Conflict("added", pk=change.pk, **common))
    return _unique(found)


def _kind(change: Change | None) -> str:
    return change.kind if change is not None else ""


def unknown_conflicts(file: list[Change]) -> list[Conflict]:
    """Every change of the file, when no earlier load tells which side changed."""
    return [
        Conflict(
            "unknown",
            label=c.label,
            key=c.key,
            field=c.field,
            app=c.old if c.kind != "+" else None,
            file=c.new if c.kind != "-" else None,
            model=c.model,
            pk=c.pk,
        )
        for c in file
    ]


def with_history(conflicts: list[Conflict]) -> list[Conflict]:
    """Each conflict with when, by whom and why its row last changed (its history)."""
    result = []
    for c in conflicts:
        record = None
        if c.model is not None and c.pk is not None and hasattr(c.model, "history"):
            record = c.model.history.filter(id=c.pk).order_by("-history_id").first()
        if record is None and c.kind == "deleted" and c.model is not None:
            record = _deletion(c)
        result.append(_replace(c, history=_describe(record)) if record else c)
    return result


# A link deleted in the app has no code: its key is the codes of the two parts it joins.
_LINKS = {
    m.GoalIndicator: ("goal", "indicator"),
    m.ChangeFactorGoal: ("change_factor", "goal"),
    m.ChangeFactorIndicator: ("change_factor", "indicator"),
}


def _deletion(c: Conflict):
    """The history row of a row deleted in the app, found by its code where it has one (by
    the codes of the parts it joins for a link)."""
    if not hasattr(c.model, "history"):
        return None
    if c.model in _LINKS and isinstance(c.key, tuple) and len(c.key) == 2:
        a, b = _LINKS[c.model]
        found = c.model.history.filter(
            **{f"{a}__code": c.key[0], f"{b}__code": c.key[1]}, history_type="-"
        )
        return found.order_by("-history_id").first()
    code = c.key if isinstance(c.key, str) else None
    if code is None:
        return None
    try:
        c.model._meta.get_field("code")
    except FieldDoesNotExist:
        return None
    return c.model.history.filter(code=code, history_type="-").order_by("-history_id").first()


def _describe(record) -> str:
    what = {"+": _("added %(date)s"), "-": _("deleted %(date)s")}.get(
        record.history_type, _("changed %(date)s")
    )
    parts = [what % {"date": timezone.localtime(record.history_date).strftime(DATE)}]
    user = record.history_user
    if user is not None:
        parts.append(_("by %(user)s") % {"user": user.get_full_name() or user.get_username()})
    text = " ".join(parts)
    why = ", ".join(x for x in (record.history_change_reason, record.decision_ref) if x)
    return f"{text}: {why}" if why else text


DATE = "%d.%m.%Y"


def _replace(c: Conflict, **fields) -> Conflict:
    return Conflict(**{**c.__dict__, **fields})


def _unique(conflicts: list[Conflict]) -> list[Conflict]:
    seen, result = set(), []
    for c in conflicts:
        if c.where not in seen:
            seen.add(c.where)
            result.append(c)
    return result


class AppChangesError(Exception):
    """A load would undo changes made in the app since the file's last load."""

    def __init__(
        self, conflicts: list[Conflict], *, file: str, strategy, last_load: m.StrategyLoad | None
    ):
        self.conflicts = conflicts
        self.file = file
        self.strategy = strategy
        self.last_load = last_load
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        if self.last_load is None:
            head = _(
                "%(strategy)s: no earlier load of a strategy file is recorded, so whether these "
                "differences from %(file)s were made in the app or in the file cannot be told:"
            ) % {"strategy": self.strategy, "file": self.file}
        else:
            head = _(
                "%(strategy)s: changed in the app since the last load of a strategy file "
                "(%(loaded)s, %(last)s); %(file)s would undo:"
            ) % {
                "strategy": self.strategy,
                "loaded": _when(self.last_load.loaded),
                "last": self.last_load.file,
                "file": self.file,
            }
        return [
            head,
            *(f"  {c.line()}" for c in self.conflicts),
            _(
                "Nothing was loaded: the changes made in the app are kept. To load the file "
                "anyway and undo them, give --overwrite-app-changes (the revert is recorded as "
                "a revision); or bring the file up to date with `mittaristo export-strategy`."
            ),
        ]


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def _languages(value) -> str:
    text = TranslatedText(value)
    order = [*CONTENT_LANGUAGES, *sorted(set(text) - set(CONTENT_LANGUAGES))]
    shown = ", ".join(f"{lang}: {text[lang]}" for lang in order if lang in text)
    return repr(shown) if text else _("(empty)")


def show(value) -> str:
    if isinstance(value, tuple):
        return "/".join(str(v) for v in value)
    if isinstance(value, dict):
        return repr(TranslatedText(value).in_language("fi"))
    if hasattr(value, "normalize"):  # Decimal
        return plain(value)
    return str(value)
