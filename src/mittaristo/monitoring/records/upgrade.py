"""Reading a stored record of any version: each version's upgrader turns it into the next.

A published review round keeps its record for good (reviews/snapshot.py), so every shape ever
written must still read. `read_record` upgrades step by step to `RECORD_VERSION` and validates
the result; a reader never meets an old shape, and never needs a `.get()` fallback.

When the record changes shape: raise RECORD_VERSION in schema.py, add the upgrader from the
version before to UPGRADERS, keep a record written in the old shape as a test fixture
(tests/fixtures/), and regenerate docs/evaluation-record.schema.json (`mittaristo
record-schema > docs/evaluation-record.schema.json`).

Version 1 (issues 6–12): the snapshot a published round kept, written by reviews/snapshot.py
before the record existed. Snapshots of its early months lack keys added later (the peers,
the measure, a target's band and total, the forecast's stated uncertainty, the frequency):
they are filled here as those snapshots meant them.

Version 2 (from 2026-11-29): the typed record, before a value kept when it was published and
under which licence, and a target the baseline it states (version 3, for the council's
reports of issue 16).

Version 3 (from 2026-11-30): before a composite index's indicator kept its explanation (its
value, rank and how firm it is, its components and what moved it: version 4, issue 18).

Version 4 (from 2026-11-30): before the strategy kept its mission, the names of its levels
and its groupings, and a goal its sub-goals (version 5, issue 21).
"""

import copy

from .schema import RECORD_VERSION, StrategyRecord


class RecordError(ValueError):
    """A stored record that no upgrader can read."""


def read_record(data: dict) -> StrategyRecord:
    """A stored record of any version as a StrategyRecord of the current version."""
    if not isinstance(data, dict):
        raise RecordError("a stored record is a JSON object")
    version = data.get("version", 1)
    if not isinstance(version, int) or not 1 <= version <= RECORD_VERSION:
        raise RecordError(f"unknown record version {version!r}")
    if version < RECORD_VERSION:
        data = copy.deepcopy(data)
        while version < RECORD_VERSION:
            data = UPGRADERS[version](data)
            version += 1
    return StrategyRecord.model_validate(data)


def _from_1(data: dict) -> dict:
    """Version 1 → 2: the area gets its name, the date evaluated and the plans are kept, an
    aim its description, an indicator its due date and the basis of it."""
    round_ = data.get("round") or {}
    indicators = data.get("indicators", {})
    key = data.get("area", "")
    data["area"] = {"key": key, "name": _area_name(key, indicators)}
    data["as_of"] = round_.get("as_of")
    data["evaluated_on"] = round_.get("as_of")  # a round was evaluated as of its date
    data["plans"] = []
    data["version"] = 2
    strategy = data["strategy"]
    strategy.setdefault("vision", {})
    strategy.setdefault("values", [])
    for aim in data.get("aims", []):
        aim.setdefault("description", {})
        for goal in aim["goals"]:
            goal.setdefault("description", {})
            goal.setdefault("computed_status", goal["status"])
            goal.setdefault("moving_away", False)
            goal.setdefault("counts", {})
            goal.setdefault("assessment", None)
    for indicator in indicators.values():
        _indicator_from_1(indicator)
    return data


def _area_name(key: str, indicators: dict) -> dict:
    """Version 1 named its area only in a peer comparison."""
    for indicator in indicators.values():
        peers = indicator.get("peers") or {}
        if peers.get("area", {}).get("key") == key:
            return peers["area"]["name"]
    return {"fi": key}


def _indicator_from_1(indicator: dict) -> None:
    indicator.setdefault("frequency", "")
    indicator.setdefault("measure", "")
    indicator.setdefault("peers", None)
    indicator["due"] = None  # not kept in version 1
    indicator["due_basis"] = {}
    values = indicator.setdefault("values", [])
    for value in values:
        value.setdefault("source_ref", "")
        value.setdefault("is_example", False)
    target = indicator.get("target")
    if target is not None:
        target.setdefault("value_high", None)
        target.setdefault("cumulative_from", None)
        target.setdefault("is_example", False)
        target.setdefault("milestones", [])
    forecast = indicator.get("forecast")
    if forecast is not None:
        _forecast_from_1(forecast, values)
    peers = indicator["peers"]
    if peers is not None:
        # Before the measure was kept, the level was compared.
        for name, default in (
            ("measure", "level"),
            ("window", None),
            ("since", None),
            ("population", None),
            ("band", None),
            ("ranked", True),
        ):
            peers.setdefault(name, default)
        for standing in (peers.get("group"), peers.get("country")):
            if standing is not None:
                standing.setdefault("size", None)
                standing.setdefault("left_out", None)


def _forecast_from_1(forecast: dict, values: list) -> None:
    """Before it said why an interval was missing, a missing interval meant too few values,
    and one of no width a straight line (whose probability of 0 or 100 % is not shown)."""
    low, high = forecast.get("low"), forecast.get("high")
    if "uncertainty" not in forecast:
        if low is None or high is None:
            forecast["uncertainty"] = "too_few"
        elif float(low) >= float(high):
            forecast["uncertainty"] = "straight_line"
        else:
            forecast["uncertainty"] = None
    if "from_year" not in forecast:
        known = [v for v in values if v.get("value") is not None]
        last = known[-1] if known else {"period": str(forecast["year"]), "value": "0"}
        forecast["from_year"] = int(str(last["period"])[:4])
        forecast["from_value"] = float(last["value"])
    for name in ("probability", "projection_class", "slope", "trend_p"):
        forecast.setdefault(name, None)


def _from_2(data: dict) -> dict:
    """Version 2 → 3: a value gets its publication date and licence, a target its stated
    baseline. Version 2 kept none of them: they read as unknown (a fetched value's licence
    is still named in its `source_ref`, the credit line)."""
    for indicator in data.get("indicators", {}).values():
        for value in indicator.get("values", []):
            value.setdefault("published", None)
            value.setdefault("licence", "")
        target = indicator.get("target")
        if target is not None:
            target.setdefault("baseline_year", None)
            target.setdefault("baseline_value", None)
    data["version"] = 3
    return data


def _from_3(data: dict) -> dict:
    """Version 3 → 4: an indicator gets the explanation of a composite index. Version 3 kept
    none: an index's indicator reads as one without it (its values are still there)."""
    for indicator in data.get("indicators", {}).values():
        indicator.setdefault("index", None)
    data["version"] = 4
    return data


def _from_4(data: dict) -> dict:
    """Version 4 → 5: the strategy gets its mission, the names of its levels and its
    groupings, an aim and a goal their grouping, a goal the goal above it. No strategy could
    have any of them before version 5 (its file was refused), so none is missing: each reads
    as empty."""
    strategy = data.get("strategy")
    if isinstance(strategy, dict):  # (else not a record: validation says so)
        strategy.setdefault("mission", {})
        strategy.setdefault("levels", {})
        strategy.setdefault("groupings", [])
    for aim in data.get("aims", []):
        aim.setdefault("grouping", None)
        for goal in aim.get("goals", []):
            goal.setdefault("parent", None)
            goal.setdefault("grouping", None)
    data["version"] = 5
    return data


UPGRADERS = {1: _from_1, 2: _from_2, 3: _from_3, 4: _from_4}
