"""Fetch a binding into a series: fetch each query's rows, sum, scale, apply formulas.

No Django: the HTTP goes through the clients handed in, and the result is plain data
(series keyed by ((area kind, code), period code), area names, the requests made, the
tables' last-updated times), which `store.py` writes in one transaction.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from mittaristo.strategy.bindings import Binding, Formula, Query

from . import formulas, pxweb, sotkanet
from .areas import area_key
from .http import Client, RecordingTransport, ReplayTransport, SourceError

LICENCES = {
    "sotkanet": (sotkanet.LICENCE, sotkanet.ATTRIBUTION),
    "statfin": (pxweb.LICENCE, pxweb.ATTRIBUTION),
    "kuntien_avainluvut": (pxweb.LICENCE, pxweb.ATTRIBUTION),
    "kuntien_talous": (pxweb.LICENCE, pxweb.ATTRIBUTION),
}


@dataclass
class Clients:
    pxweb: Client
    sotkanet: Client
    pxweb_base: str = pxweb.BASE_URL
    sotkanet_base: str = sotkanet.BASE_URL
    _regions: dict | None = None

    def regions(self) -> dict:
        if self._regions is None:
            self._regions = sotkanet.fetch_regions(self.sotkanet, self.sotkanet_base)
        return self._regions


def make_clients(*, record=None, replay=None) -> Clients:
    """Clients for the network, for recording every answer, or for replaying recorded ones."""
    if replay:
        transport = ReplayTransport(Path(replay))
        return Clients(pxweb=Client(transport=transport), sotkanet=Client(transport=transport))
    make = (lambda: RecordingTransport(Path(record))) if record else (lambda: None)
    return Clients(pxweb=pxweb.pxweb_client(transport=make()), sotkanet=Client(transport=make()))


@dataclass
class Result:
    values: dict = field(default_factory=dict)  # ((kind, code), period) → Decimal
    names: dict = field(default_factory=dict)  # (kind, code) → {"fi": ...}
    requests: list = field(default_factory=list)
    updated: str = ""  # the newest last-updated time of the tables read
    missing: int = 0  # cells the source marked missing or confidential ("." / "..")
    sources: set = field(default_factory=set)
    # ((kind, code), period) of values the source marks preliminary; a formula's value is
    # preliminary where any of its parts is.
    provisional: set = field(default_factory=set)


def fetch_binding(
    binding: Binding, *, clients: Clients, areas=None, since=None, until=None
) -> Result:
    """The binding's values for these areas ((kind, code) pairs; None: all) from `since`."""
    result = Result()
    result.values = _node(binding.root, clients, areas, since, until, result)
    return result


def _node(node, clients, areas, since, until, result) -> dict:
    if isinstance(node, Formula):
        first, second = (_node(p, clients, areas, since, until, result) for p in node.parts)
        if node.kind == "per_resident":
            values = formulas.per_resident(first, second)
        else:
            values = formulas.ratio(first, second, percent=node.percent)
        return formulas.scaled(values, node.scale)
    if not node.fetched:
        raise SourceError(f"{node.ref}: read from a file, not fetched (see docs/data-sources.md)")
    result.sources.add(node.source)
    if node.source == "sotkanet":
        values = _sotkanet(node, clients, areas, since, until, result)
    else:
        values = _pxweb(node, clients, areas, since, result)
    return formulas.scaled(values, node.scale)


def _pxweb(query: Query, clients, areas, since, result) -> dict:
    px = pxweb.PxQuery(
        database=query.database,
        table=query.table,
        contents=list(query.contents),
        select={k: list(v) for k, v in query.select},
        areas=None if areas is None else sorted(areas),
        since=since,
        area_variable=query.area,
    )
    fetched = pxweb.fetch(px, client=clients.pxweb, base_url=clients.pxweb_base)
    result.requests.extend(fetched.requests)
    result.updated = max(result.updated, fetched.updated)
    items, counted = [], {}
    for row in fetched.rows:
        key = area_key(row.area)
        if key is None or (areas is not None and key not in areas):
            continue
        result.names.setdefault(key, {"fi": row.area_label})
        fixed = {d: c for d, c in row.breakdown.items() if not _is(d, query.sum, fetched)}
        counted.setdefault((key, row.period), set()).add(tuple(sorted(fixed.items())))
        if row.value is None:
            result.missing += 1
        if row.preliminary:
            result.provisional.add((key, row.period))
        value = None if row.value is None else Decimal(repr(row.value))
        items.append(((key, row.period), value))
    several = {k: v for k, v in counted.items() if len(v) > 1}
    if several:
        raise SourceError(
            f"table {query.table}: several categories per area and year but no 'sum' over them"
        )
    expected = 1
    if query.sum:
        expected = len(dict(query.select)[query.sum])
    return formulas.sum_over(items, expected=expected)


def _is(dimension, name, fetched) -> bool:
    """Whether a dimension code of the answer is the variable the binding sums over."""
    if not name:
        return False
    for variable in fetched.metadata.get("variables", []):
        if variable["code"] == dimension:
            text, code = variable["text"].lower(), variable["code"].lower()
            return name.lower() in (text, code) or code.startswith(name.lower() + "_")
    return False


def _sotkanet(query: Query, clients, areas, since, until, result) -> dict:
    regions = clients.regions()
    until = until or dt.date.today().year
    years = range(since or 1990, until + 1)
    rows, request = sotkanet.fetch(
        query.indicator,
        years,
        client=clients.sotkanet,
        gender=query.gender,
        base_url=clients.sotkanet_base,
    )
    result.requests.append(request)
    values = {}
    for row in rows:
        if row.indicator != query.indicator:
            raise SourceError(f"sotkanet:{query.indicator}: a row of indicator {row.indicator}")
        if row.gender != query.gender or row.year not in years:
            continue  # (a replayed answer holds every year, whatever years were asked)
        region = regions.get(row.region)
        if region is None:
            continue  # a kind of area we do not keep (hospital district, AVI area, ...)
        key = (region.kind, region.code)
        if areas is not None and key not in areas:
            continue
        result.names.setdefault(key, region.name)
        if row.value is None:
            result.missing += 1
            continue
        values[(key, str(row.year))] = Decimal(repr(row.value))
    if areas is not None:
        absent = sorted(areas - {k for k, _p in values})
        if absent and rows:
            where = ", ".join(f"{kind} {code}" for kind, code in absent[:5])
            raise SourceError(f"sotkanet:{query.indicator}: no values for {where}")
    return values
