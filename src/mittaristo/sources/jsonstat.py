"""JSON-stat decoding: one record per cell. Pure (no Django, no I/O).

Reads the whole JSON-stat 2.0 dataset (https://json-stat.org/full/) and the version-1 shape
as producers write it:

- `value` as an array, or as a sparse object (position → value) where absent cells are null;
  a value is a number, null, or text: text that is a number ("12.5") is read as one, any other
  text (a symbol such as ".." that some services write instead of null) leaves the cell
  without a figure and keeps the text in `Cell.text`;
- `status` as a string (for every cell), an array of one (for every cell) or of one per cell,
  or a sparse object;
- a dimension's `category.index` as an array of codes or an object code → position, or absent
  when the dimension has a single category (its code is then the only key of `label`);
- `child`, `unit`, `coordinates`, `note`, `link`, `extension` and anything else unknown are
  ignored;
- version 1: the dataset under a name in a wrapper object (`{"dataset": {...}}` or any name),
  `id`, `size` and `role` inside `dimension`, sizes written as strings ("12").

Statistics Finland marks a missing or confidential value as null in `value` and explains it
in `status` ("." or ".."): such a cell has `value` None and its `status` symbol. What truly
cannot be read (no dimensions, sizes that do not multiply to the number of values, a value
that is an object or true/false, a bundle of several datasets) is refused with a JsonStatError
that says what and where.
"""

import math
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
    text: str = ""  # a value written as text that is not a number, as written


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
    sizes = [_size(size, dim_id) for dim_id, size in zip(ids, sizes, strict=True)]
    codes, labels = [], []
    for dim_id, size in zip(ids, sizes, strict=True):
        ordered = _categories(dimension.get(dim_id), dim_id)
        if len(ordered) != size:
            raise JsonStatError(
                f"dimension {dim_id}: size {size} but {len(ordered)} categories listed"
            )
        codes.append([code for code, _label in ordered])
        labels.append(dict(ordered))
    total = math.prod(sizes)
    values = _dense(data.get("value"), total, "value")
    statuses = _statuses(data.get("status"), total)
    cells = []
    for index, combination in enumerate(product(*codes)):
        value, text = _value(values[index], index)
        status = statuses[index]
        cells.append(
            Cell(
                categories=dict(zip(ids, combination, strict=True)),
                labels={
                    d: labels[i][c] for i, (d, c) in enumerate(zip(ids, combination, strict=True))
                },
                value=value,
                status="" if status is None else str(status),
                text=text,
            )
        )
    if not isinstance(roles, dict):
        roles = {}
    return Dataset(
        label=str(data.get("label", "")),
        updated=str(data.get("updated", "")),
        source=str(data.get("source", "")),
        ids=list(ids),
        roles={k: list(v) for k, v in roles.items() if isinstance(v, list)},
        dimension_labels={d: str(dimension[d].get("label", d)) for d in ids},
        cells=cells,
    )


def _unwrap(payload) -> dict:
    if not isinstance(payload, dict):
        raise JsonStatError("the payload is not a JSON object")
    if payload.get("class") == "collection":
        raise JsonStatError("the payload is a collection of datasets, not one dataset")
    if payload.get("class") == "dataset" or "value" in payload:
        return payload
    if "dataset" in payload and isinstance(payload["dataset"], dict):
        return payload["dataset"]
    # Version 1 lets the dataset have any name; a bundle holds several.
    datasets = {k: v for k, v in payload.items() if isinstance(v, dict) and "dimension" in v}
    if len(datasets) == 1:
        return next(iter(datasets.values()))
    if datasets:
        raise JsonStatError(
            f"the payload holds {len(datasets)} datasets ({', '.join(datasets)}), not one"
        )
    raise JsonStatError("no dataset in the payload")


def _size(size, dim_id) -> int:
    """A dimension's size: a whole number, or one written as text ("12", as some write it)."""
    if isinstance(size, str) and size.strip().isdigit():
        return int(size)
    if isinstance(size, int) and not isinstance(size, bool) and size >= 0:
        return size
    raise JsonStatError(f"dimension {dim_id}: size {size!r} is not a whole number")


def _categories(dimension, dim_id) -> list[tuple[str, str]]:
    """(code, label) in index order."""
    if not isinstance(dimension, dict) or not isinstance(dimension.get("category"), dict):
        raise JsonStatError(f"dimension {dim_id} has no categories")
    category = dimension["category"]
    index = category.get("index")
    labels = category.get("label")
    if not isinstance(labels, dict):
        labels = {}
    if index is None:
        if len(labels) != 1:
            raise JsonStatError(f"dimension {dim_id} has no category index")
        order = list(labels)
    elif isinstance(index, list):
        order = list(index)
    elif isinstance(index, dict):
        positions = list(index.values())
        if not all(isinstance(p, int) and not isinstance(p, bool) for p in positions) or sorted(
            positions
        ) != list(range(len(index))):
            raise JsonStatError(
                f"dimension {dim_id}: the category index is not the positions 0 … {len(index) - 1}"
            )
        order = sorted(index, key=index.__getitem__)
    else:
        raise JsonStatError(
            f"dimension {dim_id}: the category index is neither a list nor an object"
        )
    if len(set(map(str, order))) != len(order):
        raise JsonStatError(f"dimension {dim_id}: a category code is listed twice")
    return [(str(code), str(labels.get(code, code))) for code in order]


def _dense(raw, total, name) -> list:
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
    raise JsonStatError(f"'{name}' is neither a list nor an object")


def _statuses(raw, total) -> list:
    """One status per cell: a string or a one-element array applies to every cell."""
    if isinstance(raw, str):
        return [raw] * total
    if isinstance(raw, list) and len(raw) == 1 and total != 1:
        return raw * total
    return _dense(raw, total, "status")


def _value(raw, index) -> tuple[float | None, str]:
    """A cell's figure and, for text that is not a number, the text."""
    if raw is None:
        return None, ""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise JsonStatError(f"cell {index}: value {raw!r} is neither a number, text nor null")
    if isinstance(raw, str):
        try:
            number = float(raw.strip())
        except ValueError:
            return None, raw
        if not math.isfinite(number):
            return None, raw
        return number, ""
    if not math.isfinite(raw):
        raise JsonStatError(f"cell {index}: value {raw!r} is not a finite number")
    return float(raw), ""
