"""The structure of a JSON-stat 2.0 dataset, as a JSON Schema (draft 2020-12), written from
the format's full specification (https://json-stat.org/full/): what a dataset response must
have and what each property may hold. Strict where the specification is (no property outside
it at the root, in a dimension or in a category); `extension` holds anything."""

STRINGS = {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
CELL = {"type": ["number", "string", "null"]}
LINKS = {
    "type": "object",
    "additionalProperties": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "class": {"enum": ["dataset", "collection", "dimension"]},
                "href": {"type": "string", "format": "uri"},
                "label": {"type": "string"},
            },
        },
    },
}
CATEGORY = {
    "type": "object",
    "properties": {
        "index": {
            "oneOf": [STRINGS, {"type": "object", "additionalProperties": {"type": "integer"}}]
        },
        "label": {"type": "object", "additionalProperties": {"type": "string"}},
        "note": {"type": "object", "additionalProperties": STRINGS},
        "unit": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "label": {"type": "string"},
                    "symbol": {"type": "string"},
                    "position": {"enum": ["start", "end"]},
                    "decimals": {"type": "integer", "minimum": 0},
                },
            },
        },
        "child": {"type": "object", "additionalProperties": STRINGS},
        "coordinates": {"type": "object"},
    },
    "additionalProperties": False,
}
DATASET = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "class", "id", "size", "dimension", "value"],
    "properties": {
        "version": {"const": "2.0"},
        "class": {"const": "dataset"},
        "href": {"type": "string", "format": "uri"},
        "label": {"type": "string"},
        "source": {"type": "string"},
        "updated": {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$",
        },
        "note": STRINGS,
        "link": LINKS,
        "error": {"type": "array"},
        "extension": {"type": "object"},
        "id": STRINGS,
        "size": {"type": "array", "items": {"type": "integer", "minimum": 0}},
        "role": {
            "type": "object",
            "properties": {"time": STRINGS, "geo": STRINGS, "metric": STRINGS},
            "additionalProperties": False,
        },
        "dimension": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["category"],
                "properties": {
                    "label": {"type": "string"},
                    "href": {"type": "string"},
                    "note": STRINGS,
                    "link": LINKS,
                    "extension": {"type": "object"},
                    "category": CATEGORY,
                },
                "additionalProperties": False,
            },
        },
        "value": {
            "oneOf": [
                {"type": "array", "items": CELL},
                {
                    "type": "object",
                    "propertyNames": {"pattern": r"^\d+$"},
                    "additionalProperties": CELL,
                },
            ]
        },
        "status": {
            "oneOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": ["string", "null"]}},
                {
                    "type": "object",
                    "propertyNames": {"pattern": r"^\d+$"},
                    "additionalProperties": {"type": "string"},
                },
            ]
        },
    },
    "additionalProperties": False,
}


def structure_problems(data: dict) -> list[str]:
    """What breaks the structure, beyond the schema: the rules across properties."""
    problems = []
    ids, sizes, dimension = data["id"], data["size"], data["dimension"]
    if len(ids) != len(sizes):
        problems.append("id and size differ in length")
    if set(ids) != set(dimension):
        problems.append("id and dimension name different dimensions")
    cells = 1
    for name, size in zip(ids, sizes, strict=False):
        category = dimension[name]["category"]
        index = category.get("index", list(category.get("label", {})))
        if len(index) != size:
            problems.append(f"{name}: size {size}, {len(index)} categories")
        if set(category.get("label", {})) - set(index):
            problems.append(f"{name}: a label for a category not in the index")
        cells *= size
    value = data["value"]
    if isinstance(value, list) and len(value) != cells:
        problems.append(f"{len(value)} values for {cells} cells")
    if isinstance(value, dict) and any(int(k) >= cells for k in value):
        problems.append("a value beyond the last cell")
    for role in data.get("role", {}).values():
        if set(role) - set(ids):
            problems.append("a role names an unknown dimension")
    for name in data.get("role", {}).get("metric", []):
        category = dimension[name]["category"]
        if set(category.get("index", [])) - set(category.get("unit", {})):
            problems.append(f"{name}: a metric category without its unit")
    return problems
