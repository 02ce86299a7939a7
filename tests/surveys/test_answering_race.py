"""One code sent from two places at once (two tabs, or two people with one code): it works once.

Each sending runs in its own thread with its own database connection. The first is held inside
its storing transaction (its code marked used, its response written, not committed) until the
test lets it go, so the overlap is certain, not a matter of timing. Row locks between two
connections are PostgreSQL's; on SQLite (one writer at a time anyway) these tests skip.
"""

import threading
import time

import pytest
from django.db import connection
from django.db.models import QuerySet

from mittaristo.surveys import answering
from mittaristo.surveys.answering import AnswerValue, Outcome, response_store
from mittaristo.surveys.models import Response, ResponseCode

from .answering_survey import CODES, build_round

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks between two connections")


class Sending(threading.Thread):
    """One sending of answers with the code; the held one stops before committing."""

    def __init__(self, survey_round, key, *, held=None):
        super().__init__(name=f"sending-{key}")
        self.survey_round, self.key, self.held = survey_round, key, held
        self.outcome, self.error = None, None

    def run(self):
        question = self.survey_round.survey.sections.first().questions.first()
        try:
            self.outcome = response_store(
                survey_round=self.survey_round,
                submission_key=self.key,
                answers=[AnswerValue(question.pk, number=4)],
                language="fi",
                digest=ResponseCode.digest_of(CODES[0]),
            )
        except Exception as error:  # noqa: BLE001 (handed to the test)
            self.error = error
        finally:
            connection.close()


@pytest.fixture
def hold(monkeypatch):
    """Holds the first sending inside its transaction, its rows written, until released."""
    written, release = threading.Event(), threading.Event()
    real = answering._answer_rows

    def rows_then_hold(response, answers):
        rows = real(response, answers)
        if threading.current_thread().name == "sending-first":
            written.set()
            assert release.wait(30), "the test never released the first sending"
        return rows

    monkeypatch.setattr(answering, "_answer_rows", rows_then_hold)
    return written, release


def wait_until_blocked():
    """Until some other connection waits for a lock (the second sending behind the first)."""
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def race(survey_round, hold, second_key):
    written, release = hold
    first = Sending(survey_round, "first")
    first.start()
    assert written.wait(30)
    second = Sending(survey_round, second_key)
    second.start()
    blocked = wait_until_blocked()
    release.set()
    first.join(30)
    second.join(30)
    assert first.error is None and second.error is None, (first.error, second.error)
    return first.outcome, second.outcome, blocked


def test_two_people_with_one_code_store_one_response(hold):
    survey_round = build_round(access="codes")
    first, second, blocked = race(survey_round, hold, "second")
    assert blocked, "the second sending never waited for the first's lock"
    assert (first, second) == (Outcome.STORED, Outcome.CODE_REFUSED)
    assert Response.objects.count() == 1


def test_two_tabs_sending_the_same_answers_store_them_once(hold):
    """The same session's key in both: the second finds the code used by its own answers."""
    survey_round = build_round(access="codes")
    written, release = hold
    first = Sending(survey_round, "first")
    first.start()
    assert written.wait(30)
    # The second tab: the same submission key as the first (one session), its own thread.
    second = Sending(survey_round, "first")
    second.name = "sending-tab"
    second.start()
    assert wait_until_blocked()
    release.set()
    first.join(30)
    second.join(30)
    assert first.error is None and second.error is None, (first.error, second.error)
    assert (first.outcome, second.outcome) == (Outcome.STORED, Outcome.ALREADY_RECEIVED)
    assert Response.objects.count() == 1


def test_without_the_lock_one_code_would_store_two_responses(hold, monkeypatch):
    """The hole the lock closes: both read the code unused, and both store."""
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, **kwargs: self)
    survey_round = build_round(access="codes")
    first, second, _blocked = race(survey_round, hold, "second")
    assert (first, second) == (Outcome.STORED, Outcome.STORED)
    assert Response.objects.count() == 2
