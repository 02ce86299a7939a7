"""JSON-stat decoding: one record per cell. Pure (no Django, no I/O).

Reads JSON-stat 2.0 (what PxWeb answers with `"format": "json-stat2"`) and the version-1
shape, where the dataset sits under a name in a wrapper object (`{"dataset": {...}}`) and
`id`, `size` and `role` sit inside `dimension`. Statistics Finland marks a missing or
confidential value as null in `value` and explains it in `status` ("." or ".."): such a cell
has `value` None and its `status` symbol.
"""

from dataclasses import dataclass
from itertools import product


class JsonStatError(ValueError):
    """The payload is not a JSON-stat dataset this decoder understands."""


@dataclass(frozen=True, slots=True)
class Cell:
    categories: dict  # dimension code → category code
    labels: dict  # dimension code → category label
    value: float | None
    status: str = ""


@dataclass(frozen=True)
class Dataset:
    label: str
    updated: str  # the table's own last-updated time, as the service writes it
    source: str
    ids: list  # dimension codes in storage order
    roles: dict  # role ("time", "geo", "metric") → dimension codes
    dimension_labels: dict  # dimension code → its label
    cells: list


def decode(payload) -> list[Cell]:
    """One record per cell: categories, labels, value (float or None), status."""
    return decode_dataset(payload).cells


def decode_dataset(payload) -> Dataset:
    """The dataset with its metadata (label, last-updated time, roles) and its cells."""
    data = _unwrap(payload)
    dimension = data.get("dimension")
    if not isinstance(dimension, dict):
        raise JsonStatError("no 'dimension' object")
    ids = data.get("id", dimension.get("id"))
    sizes = data.get("size", dimension.get("size"))
    roles = data.get("role", dimension.get("role")) or {}
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise JsonStatError("'id' and 'size' missing or of different lengths")
    codes, labels = [], []
    for dim_id, size in zip(ids, sizes, strict=True):
        ordered = _categories(dimension.get(dim_id), dim_id)
        if len(ordered) != size:
            raise JsonStatError(
                f"dimension {dim_id}: size {size} but {len(ordered)} categories listed"
            )
        codes.append([code for code, _label in ordered])
        labels.append(dict(ordered))
    total = 1
    for size in sizes:
        total *= size
    values = _dense(data.get("value"), total, "value")
    statuses = _dense(data.get("status"), total, "status", scalar_ok=True)
    cells = []
    for index, combination in enumerate(product(*codes)):
        value = values[index]
        if value is not None and not isinstance(value, int | float):
            raise JsonStatError(f"cell {index}: value {value!r} is not a number")
        status = statuses[index] or ""
        cells.append(
            Cell(
                categories=dict(zip(ids, combination, strict=True)),
                labels={
                    d: labels[i][c] for i, (d, c) in enumerate(zip(ids, combination, strict=True))
                },
                value=None if value is None else float(value),
                status=str(status),
            )
        )
    return Dataset(
        label=str(data.get("label", "")),
        updated=str(data.get("updated", "")),
        source=str(data.get("source", "")),
        ids=list(ids),
        roles={k: list(v) for k, v in roles.items()},
        dimension_labels={d: str(dimension[d].get("label", d)) for d in ids},
        cells=cells,
    )


def _unwrap(payload) -> dict:
    if not isinstance(payload, dict):
        raise JsonStatError("the payload is not a JSON object")
    if payload.get("class") == "dataset" or "value" in payload:
        return payload
    if "dataset" in payload and isinstance(payload["dataset"], dict):
        return payload["dataset"]
    datasets = [v for v in payload.values() if isinstance(v, dict) and "dimension" in v]
    if len(datasets) == 1:  # version 1 lets the dataset have any name
        return datasets[0]
    raise JsonStatError("no dataset in the payload")


def _categories(dimension, dim_id) -> list[tuple[str, str]]:
    """(code, label) in index order."""
    if not isinstance(dimension, dict) or not isinstance(dimension.get("category"), dict):
        raise JsonStatError(f"dimension {dim_id} has no categories")
    category = dimension["category"]
    index = category.get("index")
    labels = category.get("label") or {}
    if index is None:
        if len(labels) != 1:
            raise JsonStatError(f"dimension {dim_id} has no category index")
        order = list(labels)
    elif isinstance(index, list):
        order = list(index)
    else:
        order = sorted(index, key=index.__getitem__)
    return [(str(code), str(labels.get(code, code))) for code in order]


def _dense(raw, total, name, *, scalar_ok=False) -> list:
    if raw is None:
        return [None] * total
    if isinstance(raw, list):
        if len(raw) != total:
            raise JsonStatError(f"'{name}' has {len(raw)} entries for {total} cells")
        return raw
    if isinstance(raw, dict):  # sparse: position → value
        dense = [None] * total
        for key, item in raw.items():
            if not str(key).isdigit() or int(key) >= total:
                raise JsonStatError(f"'{name}' has an entry at a bad position {key!r}")
            dense[int(key)] = item
        return dense
    if scalar_ok and isinstance(raw, str):
        return [raw] * total
    raise JsonStatError(f"'{name}' is neither a list nor an object")
