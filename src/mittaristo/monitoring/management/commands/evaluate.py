"""mittaristo evaluate --strategy CODE [--area CODE | --all-areas] [--as-of DATE]
[--format table|json|csv]"""

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.core.dates import parse_date
from mittaristo.core.models import Area
from mittaristo.core.numbers import plain
from mittaristo.monitoring.evaluate import evaluate_strategy
from mittaristo.monitoring.labels import due_basis_text
from mittaristo.monitoring.national import TREND_FIELDS, national_trends
from mittaristo.strategy.models import Strategy


class Command(BaseCommand):
    help = _("Print the status of every indicator, goal and aim of a strategy.")

    def add_arguments(self, parser):
        parser.add_argument("--strategy", required=True, help=_("the strategy's code"))
        parser.add_argument("--area", help=_("an area code such as 111 or KU111 (default: own)"))
        parser.add_argument(
            "--all-areas",
            action="store_true",
            help=_("every area's trend in each indicator (one row per indicator and area)"),
        )
        parser.add_argument("--as-of", help=_("evaluate as known on this date (2025-03-01)"))
        parser.add_argument("--format", choices=["table", "json", "csv"], default=None)

    def handle(self, *args, strategy, area, all_areas, as_of, format, **options):
        found = Strategy.objects.filter(code=strategy).first()
        if found is None:
            codes = ", ".join(Strategy.objects.values_list("code", flat=True)) or "—"
            raise CommandError(
                _("no strategy '%(code)s' (there are: %(codes)s)")
                % {"code": strategy, "codes": codes}
            )
        if all_areas and area:
            raise CommandError(_("give either --area or --all-areas, not both"))
        place = None
        if area:
            place = Area.objects.all().lookup().get(area.strip().lower())
            if place is None:
                raise CommandError(_("no area '%(code)s'") % {"code": area})
        day = None
        if as_of:
            try:
                day = parse_date(as_of)
            except ValueError:
                raise CommandError(
                    _("--as-of: '%(value)s' is not a date (write 2025-03-01 or 1.3.2025)")
                    % {"value": as_of}
                ) from None
        if all_areas:
            self.write_trends(national_trends(found, as_of=day), format or "csv")
            return
        if format == "csv":
            raise CommandError(_("--format csv is for --all-areas"))
        result = evaluate_strategy(found, area=place, as_of=day)
        if format == "json":
            self.stdout.write(json.dumps(as_data(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_table(result))

    def write_trends(self, rows, format):
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if format == "table":
            for row in rows:
                self.stdout.write(
                    f"{row['indicator']:<28} {row['area']:<8} {row['latest_year'] or '':<5} "
                    f"{row['status']}"
                )
            return
        writer = csv.DictWriter(self.stdout, fieldnames=TREND_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def as_data(result) -> dict:
    def indicator(ev):
        p = ev.progress
        latest = ev.series.latest
        return {
            "code": ev.indicator.code,
            "status": str(p.status),
            "method": str(p.method),
            "ratio": p.ratio,
            "base_year": p.base_year,
            "latest_year": p.latest_year,
            "latest_period": latest[0].code if latest else None,
            "latest_value": plain(latest[1]) if latest else None,
            "target": plain(ev.target.value) if ev.target else None,
            "target_high": plain(ev.target.value_high)
            if ev.target and ev.target.value_high is not None
            else None,
            "cumulative_from": ev.target.cumulative_from if ev.target else None,
            "total": p.total,
            "target_year": ev.target.year if ev.target else None,
            "late": ev.late,
            "next_due": ev.due.isoformat() if ev.due else None,
            "next_due_basis": due_basis_text(ev.indicator) if ev.due else None,
            "sentence": ev.sentence(),
            "forecast": None
            if ev.forecast is None
            else {
                "year": ev.forecast_year,
                "value": ev.forecast.value,
                "low": ev.forecast.low,
                "high": ev.forecast.high,
                "probability": ev.forecast.probability,
                "slope": ev.forecast.slope,
                "trend_p": ev.forecast.trend_p,
                "projection_class": ev.forecast.projection_class,
            },
        }

    def part(ev, children):
        return {
            "code": ev.part.code,
            "status": str(ev.status),
            "moving_away": ev.rollup.moving_away,
            "counts": {str(k): v for k, v in ev.rollup.counts.items()},
            **children,
        }

    return {
        "strategy": result.strategy.code,
        "area": result.area.key,
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "status": str(result.rollup.status),
        "aims": [
            part(
                aim,
                {
                    "goals": [
                        part(g, {"indicators": [indicator(i) for i in g.parts]}) for g in aim.parts
                    ]
                },
            )
            for aim in result.aims
        ],
    }


def as_table(result) -> str:
    lines = [
        f"{result.strategy.code} · {result.area.key}"
        + (f" · {result.as_of.isoformat()}" if result.as_of else "")
        + f" · {result.rollup.status}"
    ]
    for aim in result.aims:
        lines.append(f"{aim.part.code:<8} {aim.status}")
        for goal in aim.parts:
            flag = " !" if goal.rollup.moving_away else ""
            lines.append(f"  {goal.part.code:<6} {goal.status}{flag}")
            for ev in goal.parts:
                late = f" ({_('late')})" if ev.late else ""
                lines.append(f"    {ev.indicator.code:<28} {ev.status:<16}{late} {ev.sentence()}")
    return "\n".join(lines) + "\n"
