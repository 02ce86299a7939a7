"""The statistical overview page on a 375 px phone in fi, sv and en, with regions and peers:
every chart drawn, nothing scrolls sideways, axe clean, targets big enough (test_phone.check).

The demo's Heinola, with a region, a country and four more municipalities of three years, so
that each line of the comparison charts (the area, peers, region, country) is drawn."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.strategy.models import Indicator

from .conftest import ARTEFACTS
from .test_phone import check, log_in, phone

pytestmark = pytest.mark.browser


@pytest.fixture
def municipalities(demo_committed):
    region = Area.objects.update_or_create(
        kind="region",
        code="07",
        defaults={"name": {"fi": "Päijät-Häme", "sv": "Päijänne-Tavastland", "en": "Päijät-Häme"}},
    )[0]
    Area.objects.get_or_create(kind="country", code="SSS", defaults={"name": {"fi": "Koko maa"}})
    heinola = Area.objects.get(kind="municipality", code="111")
    heinola.size_class, heinola.region = 8, region
    heinola.save()
    codes = {
        c: Indicator.objects.get(code=c).data_id
        for c in ("vakiluku", "lainat-per-asukas", "tyottomyysaste")
    }
    rows = []
    for n, code in enumerate(["098", "101", "102", "103", "104", "105"]):
        area = Area.objects.create(
            kind="municipality",
            code=code,
            name={"fi": f"Kunta {code}"},
            size_class=8,
            region=region,
        )
        for year in (2010, 2011, 2012):
            period = parse_period(str(year))
            rows.append(
                ObservationRow(
                    codes["vakiluku"], area.pk, period, Decimal(20_000 + 1000 * n + year)
                )
            )
            rows.append(
                ObservationRow(codes["lainat-per-asukas"], area.pk, period, Decimal(1500 + 100 * n))
            )
            rows.append(
                ObservationRow(codes["tyottomyysaste"], area.pk, period, Decimal(f"{8 + n / 2}"))
            )
    for year, people in ((2010, 20_258), (2011, 20_164), (2012, 20_051)):
        period = parse_period(str(year))
        rows.append(ObservationRow(codes["vakiluku"], heinola.pk, period, Decimal(people)))
        rows.append(ObservationRow(codes["lainat-per-asukas"], heinola.pk, period, Decimal(2365)))
        rows.append(ObservationRow(codes["tyottomyysaste"], heinola.pk, period, Decimal("13.4")))
    observations_upsert(rows=rows, source_kind="import")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_statistical_overview_fits_a_phone(browser, municipalities, live_server, language):
    context, tab = phone(browser, live_server, language)
    try:
        log_in(tab, "strategia")
        path = reverse("statistics")
        assert check(tab, path) == []
        assert tab.locator("figure[data-vega-spec-id]").count() >= 3
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=ARTEFACTS / f"statistics_{language}.png", full_page=True)
    finally:
        context.close()
