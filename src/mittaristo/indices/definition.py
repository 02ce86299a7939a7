"""An index definition read from a plain mapping (the index's block of the strategy file).

    {"code": "hyvinvointi-indeksi",
     "normalisation": "minmax" | {"method": "minmax", "low": 0, "high": 100},
     "aggregation": "arithmetic" | "geometric",
     "treatment": "none" | {"method": "winsorise", "percentiles": [5, 95]}
                  | {"method": "skew_kurtosis", "winmax": 5, "skew": 2, "kurtosis": 3.5},
     "missing": "reweight" | {"method": "reweight" | "none", "min_coverage": 0.5,
                              "carry_forward": 2},
     "components": [
        {"code": "terveys", "weight": 1, "components": [...]},          # a group
        {"indicator": "sairastavuus", "direction": "lower", "weight": 2,  # a leaf
         "goalposts": [50, 150], "target": 80},
     ]}

`check` turns it into typed nodes or raises IndexDefinitionError naming where the problem is
("components[1].components[0].weight: …"), so a mistake in the file reads as a sentence.
Pure: no Django.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

NORMALISATIONS = ("minmax", "zscore", "goalposts", "rank", "distance_to_target")
AGGREGATIONS = ("arithmetic", "geometric")
TREATMENTS = ("none", "winsorise", "skew_kurtosis")
MISSING = ("reweight", "none")
DIRECTIONS = ("higher", "lower")


class IndexDefinitionError(ValueError):
    """The definition cannot be computed; `problems` lists each, with where it is."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Normalisation:
    method: str = "minmax"
    low: float = 0.0  # minmax, goalposts, distance_to_target: the scores' range

    high: float = 100.0
    mean: float = 0.0  # zscore: the scores' mean and standard deviation
    sd: float = 1.0
    cap: bool = True  # distance_to_target: a value beyond the target scores as the target


@dataclass(frozen=True)
class Treatment:
    method: str = "none"
    percentiles: tuple[float, float] = (5.0, 95.0)
    winmax: int = 5
    skew: float = 2.0
    kurtosis: float = 3.5


@dataclass(frozen=True)
class Missing:
    method: str = "reweight"
    min_coverage: float = 0.0  # the share of a group's weight that must be present
    carry_forward: int = 0  # years a last value may stand in (compute_years)


@dataclass(frozen=True)
class Leaf:
    indicator: str
    direction: str
    weight: float
    goalposts: tuple[float, float] | None = None
    target: float | None = None

    @property
    def code(self) -> str:
        return self.indicator


@dataclass(frozen=True)
class Group:
    code: str
    weight: float
    components: tuple["Group | Leaf", ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Definition:
    root: Group
    normalisation: Normalisation
    aggregation: str
    treatment: Treatment
    missing: Missing

    def leaves(self) -> list[Leaf]:
        found = []

        def walk(node):
            if isinstance(node, Leaf):
                found.append(node)
            else:
                for child in node.components:
                    walk(child)

        walk(self.root)
        return found

    def groups(self) -> list[Group]:
        """Every group, children before their parent (the order of aggregation)."""
        found = []

        def walk(node):
            if isinstance(node, Group):
                for child in node.components:
                    walk(child)
                found.append(node)

        walk(self.root)
        return found


def _method_block(value, where, allowed, problems) -> dict:
    if isinstance(value, str):
        value = {"method": value}
    if not isinstance(value, Mapping) or value.get("method") not in allowed:
        problems.append(f"{where}: one of {', '.join(allowed)}")
        return {"method": allowed[0]}
    return dict(value)


def _number(block, key, where, problems, default):
    value = block.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(f"{where}.{key}: a number")
        return default
    return float(value)


def _normalisation(value, problems) -> Normalisation:
    block = _method_block(value, "normalisation", NORMALISATIONS, problems)
    where = "normalisation"
    result = Normalisation(
        method=block["method"],
        low=_number(block, "low", where, problems, 0.0),
        high=_number(block, "high", where, problems, 100.0),
        mean=_number(block, "mean", where, problems, 0.0),
        sd=_number(block, "sd", where, problems, 1.0),
        cap=bool(block.get("cap", True)),
    )
    if result.high <= result.low:
        problems.append("normalisation: high must be above low")
    if result.sd <= 0:
        problems.append("normalisation.sd: above zero")
    return result


def _treatment(value, problems) -> Treatment:
    block = _method_block(value or "none", "treatment", TREATMENTS, problems)
    where = "treatment"
    low, high = block.get("percentiles", (5, 95))[:2] if block.get("percentiles") else (5, 95)
    result = Treatment(
        method=block["method"],
        percentiles=(float(low), float(high)),
        winmax=int(_number(block, "winmax", where, problems, 5)),
        skew=_number(block, "skew", where, problems, 2.0),
        kurtosis=_number(block, "kurtosis", where, problems, 3.5),
    )
    if not 0 <= result.percentiles[0] < result.percentiles[1] <= 100:
        problems.append("treatment.percentiles: two percentiles, 0 ≤ low < high ≤ 100")
    if result.winmax < 1:
        problems.append("treatment.winmax: at least 1")
    return result


def _missing(value, problems) -> Missing:
    block = _method_block(value or "reweight", "missing", MISSING, problems)
    result = Missing(
        method=block["method"],
        min_coverage=_number(block, "min_coverage", "missing", problems, 0.0),
        carry_forward=int(_number(block, "carry_forward", "missing", problems, 0)),
    )
    if not 0 <= result.min_coverage <= 1:
        problems.append("missing.min_coverage: a share from 0 to 1")
    if result.carry_forward < 0:
        problems.append("missing.carry_forward: years, 0 or more")
    return result


def _weight(block, where, problems) -> float:
    weight = _number(block, "weight", where, problems, 1.0)
    if weight <= 0:
        problems.append(f"{where}.weight: above zero")
        return 1.0
    return weight


def _node(block, where, problems, seen) -> Group | Leaf:
    if not isinstance(block, Mapping):
        problems.append(f"{where}: a group (code, components) or an indicator")
        return Leaf("?", "higher", 1.0)
    weight = _weight(block, where, problems)
    if "indicator" in block:
        code = str(block["indicator"])
        if code in seen:
            problems.append(f"{where}.indicator: {code} appears twice")
        seen.add(code)
        direction = block.get("direction", "higher")
        if direction not in DIRECTIONS:
            problems.append(f"{where}.direction: higher or lower")
            direction = "higher"
        goalposts = block.get("goalposts")
        if goalposts is not None:
            ok = (
                isinstance(goalposts, list | tuple)
                and len(goalposts) == 2
                and all(isinstance(v, int | float) for v in goalposts)
                and goalposts[0] < goalposts[1]
            )
            if not ok:
                problems.append(f"{where}.goalposts: [low, high], low below high")
                goalposts = None
            else:
                goalposts = (float(goalposts[0]), float(goalposts[1]))
        target = block.get("target")
        if target is not None and (isinstance(target, bool) or not isinstance(target, int | float)):
            problems.append(f"{where}.target: a number")
            target = None
        return Leaf(code, direction, weight, goalposts, None if target is None else float(target))
    code = block.get("code")
    if not code:
        problems.append(f"{where}.code: a group needs a code")
        code = where
    if code in seen:
        problems.append(f"{where}.code: {code} appears twice")
    seen.add(code)
    children = block.get("components")
    if not isinstance(children, list) or not children:
        problems.append(f"{where}.components: a group needs components")
        children = []
    return Group(
        str(code),
        weight,
        tuple(_node(c, f"{where}.components[{i}]", problems, seen) for i, c in enumerate(children)),
    )


def check(definition: Mapping) -> Definition:
    """The definition as typed nodes, or IndexDefinitionError with every problem found."""
    problems: list[str] = []
    if not isinstance(definition, Mapping):
        raise IndexDefinitionError(["the definition: a mapping"])
    normalisation = _normalisation(definition.get("normalisation", "minmax"), problems)
    aggregation = definition.get("aggregation", "arithmetic")
    if aggregation not in AGGREGATIONS:
        problems.append(f"aggregation: one of {', '.join(AGGREGATIONS)}")
        aggregation = "arithmetic"
    treatment = _treatment(definition.get("treatment", "none"), problems)
    missing = _missing(definition.get("missing", "reweight"), problems)
    root = _node(
        {"code": definition.get("code", "index"), **{"components": definition.get("components")}},
        "components",
        problems,
        set(),
    )
    result = Definition(root, normalisation, aggregation, treatment, missing)
    leaves = result.leaves()
    if normalisation.method == "goalposts":
        for leaf in leaves:
            if leaf.goalposts is None:
                problems.append(f"{leaf.indicator}: goalposts normalisation needs its goalposts")
    if normalisation.method == "distance_to_target":
        for leaf in leaves:
            if leaf.target is None:
                problems.append(f"{leaf.indicator}: distance_to_target needs its target")
    if aggregation == "geometric" and not positive_scores(normalisation):
        problems.append(
            "aggregation: a geometric mean needs scores above zero: "
            "minmax, goalposts or distance_to_target onto a range whose low is above 0, or rank"
        )
    if problems:
        raise IndexDefinitionError(problems)
    return result


def positive_scores(normalisation: Normalisation) -> bool:
    """Whether every score the normalisation gives is above zero (a geometric mean needs it)."""
    if normalisation.method == "rank":
        return True
    if normalisation.method in ("minmax", "goalposts", "distance_to_target"):
        return normalisation.low > 0
    return False  # zscore
