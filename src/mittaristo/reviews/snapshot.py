"""The frozen snapshot a published round keeps: its evaluation record, as it was.

The snapshot **is** the evaluation record (monitoring/records) in its JSON form: texts in every
language the site has, measured numbers as strings (decimals kept exact), no personal data (no
names of owners or authors), approved assessments only, and each indicator's comparison with
the municipalities of the same size class as of the round's date, and each composite index
explained (its rank, how firm it is, its components: monitoring/records/index.py). It is read
back with `read_snapshot`, which upgrades a snapshot of any earlier version
(monitoring/records/upgrade.py).
"""

from mittaristo.monitoring.records import StrategyRecord, evaluation_record, read_record
from mittaristo.monitoring.records.schema import AssessmentRecord, RoundRecord


def build_snapshot(review) -> dict:
    """The record `review` publishes, as the JSON its `snapshot` column keeps."""
    return round_record(review, peers=True, indices=True).model_dump(mode="json")


def round_record(review, *, peers: bool = False, indices: bool = False) -> StrategyRecord:
    """The record of `review` as it stands: its strategy as of the round's date, with the
    assessments approved so far (what publishing would keep, `peers` and the composite
    indices explained besides)."""
    assessments = {
        a.goal.code: AssessmentRecord(
            status=a.status,
            overridden=bool(a.status_override),
            justification=a.justification,
            commentary=a.commentary,
            next_steps=a.next_steps,
        )
        for a in review.assessments.filter(state="approved").select_related("goal")
    }
    return evaluation_record(
        review.strategy,
        as_of=review.as_of,
        peers=peers,
        indices=indices,
        assessments=assessments,
        round=RoundRecord(
            name=review.name, kind=review.kind, as_of=review.as_of, is_example=review.is_example
        ),
    )


def read_snapshot(review) -> StrategyRecord:
    """A published round's record, of whatever version it was stored in."""
    return read_record(review.snapshot)
