"""The evaluation record: one typed shape of an evaluation for every reader (schema.py), made
from the database by `evaluation_record` (build.py), read back from any stored version by
`read_record` (upgrade.py)."""

from .build import evaluation_record, peers_record, record_of
from .schema import (
    RECORD_VERSION,
    AimRecord,
    GoalRecord,
    IndicatorRecord,
    PeersRecord,
    StrategyRecord,
    record_schema,
)
from .upgrade import RecordError, read_record

__all__ = [
    "RECORD_VERSION",
    "AimRecord",
    "GoalRecord",
    "IndicatorRecord",
    "PeersRecord",
    "RecordError",
    "StrategyRecord",
    "evaluation_record",
    "peers_record",
    "read_record",
    "record_of",
    "record_schema",
]
