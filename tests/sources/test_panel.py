"""The 1990–2012 Sotkanet panel: parsed by names, mapped to codes through /regions."""

import json

import pytest

from mittaristo.sources import sotkanet
from mittaristo.sources.http import SourceError
from mittaristo.sources.panel import parse_panel


def test_heinola_panel(recorded_data):
    path = recorded_data / "sotkanet" / "ouzor_sotkanet_2013_heinola_long.csv"
    with path.open(encoding="utf-8") as handle:
        rows = parse_panel(handle)
    assert len(rows) == 682  # 683 lines less the header
    assert len({r.title for r in rows}) == 51
    voting = [r for r in rows if r.title.endswith("Äänestysaktiivisuus kuntavaaleissa, %")]
    assert {(r.year, str(r.value)) for r in voting} >= {("2012", "59.9")}
    regions = sotkanet.parse_regions(
        json.loads((recorded_data / "sotkanet" / "oskari" / "SotkaRegions.json").read_text())
    )
    codes = {r.name["fi"]: r.code for r in regions.values() if r.kind == "municipality"}
    assert {codes[r.area] for r in rows} == {"111"}


def test_bad_value_names_the_line():
    lines = ["Muuttuja,Alue,Vuosi,Arvo,Maakunta", "x,Heinola,2012,..,Päijät-Häme"]
    with pytest.raises(SourceError, match="panel line 2"):
        parse_panel(lines)
