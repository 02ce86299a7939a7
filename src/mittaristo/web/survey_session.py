"""One round's answering as the session keeps it until the answers are sent.

The session holds, per round: the random submission key made when answering began, for a round
with codes the digest of the code that let the respondent in (never the code as typed), and
what was sent on each section's page, so that moving back and forth keeps it. All of it is
deleted once the answers are stored; nothing here is written anywhere else.
"""

import secrets

SESSION_KEY = "survey_answering"


def new_submission_key() -> str:
    """A random key that one respondent's sending carries: stored with the response, so that
    the same answers sent twice are stored once."""
    return secrets.token_urlsafe(24)


class Answering:
    """The respondent's answering of one round in `session`."""

    def __init__(self, session, round_pk: int):
        self.session = session
        self.round = str(round_pk)

    def _all(self) -> dict:
        return self.session.get(SESSION_KEY, {})

    def _state(self) -> dict | None:
        return self._all().get(self.round)

    def _save(self, state: dict | None) -> None:
        everything = dict(self._all())
        if state is None:
            everything.pop(self.round, None)
        else:
            everything[self.round] = state
        if everything:
            self.session[SESSION_KEY] = everything
        else:
            self.session.pop(SESSION_KEY, None)

    @property
    def begun(self) -> bool:
        return self._state() is not None

    def begin(self, digest: str | None = None) -> str:
        """Start answering (again, from nothing): a new submission key."""
        key = new_submission_key()
        self._save({"key": key, "digest": digest, "answers": {}})
        return key

    @property
    def key(self) -> str | None:
        state = self._state()
        return state["key"] if state else None

    @property
    def digest(self) -> str | None:
        state = self._state()
        return state.get("digest") if state else None

    def kept(self, section_pk: int) -> dict[str, list[str]] | None:
        """What was sent on the section's page before, or None if it never was."""
        state = self._state() or {}
        return state.get("answers", {}).get(str(section_pk))

    def keep(self, section_pk: int, data: dict[str, list[str]]) -> None:
        state = dict(self._state() or {})
        if not state:
            return
        state["answers"] = {**state.get("answers", {}), str(section_pk): data}
        self._save(state)

    def end(self) -> None:
        """Forget the round's answering: its key, code digest and answers."""
        self._save(None)
