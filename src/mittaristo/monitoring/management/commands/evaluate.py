"""mittaristo evaluate [--organisation CODE_OR_SLUG] [--strategy CODE]
[--area CODE | --all-areas] [--as-of DATE] [--format table|json|csv] [--indices]"""

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.core.models import Area
from mittaristo.monitoring.national import TREND_FIELDS, national_trends
from mittaristo.monitoring.records import evaluation_record
from mittaristo.strategy.management.options import (
    add_organisation_option,
    as_of_option,
    organisation_option,
    strategy_option,
)


class Command(BaseCommand):
    help = _("Print the status of every indicator, goal and aim of a strategy.")

    def add_arguments(self, parser):
        add_organisation_option(parser)
        parser.add_argument(
            "--strategy", help=_("the strategy's code (default: the organisation's in force)")
        )
        parser.add_argument("--area", help=_("an area code such as 111 or KU111 (default: own)"))
        parser.add_argument(
            "--all-areas",
            action="store_true",
            help=_("every area's trend in each indicator (one row per indicator and area)"),
        )
        parser.add_argument("--as-of", help=_("evaluate as known on this date (2025-03-01)"))
        parser.add_argument("--format", choices=["table", "json", "csv"], default=None)
        parser.add_argument(
            "--indices",
            action="store_true",
            help=_("explain each composite index: its rank, how firm it is, its components"),
        )

    def handle(
        self, *args, organisation, strategy, area, all_areas, as_of, format, indices, **options
    ):
        found = strategy_option(strategy, organisation_option(organisation))
        if all_areas and area:
            raise CommandError(_("give either --area or --all-areas, not both"))
        place = None
        if area:
            place = Area.objects.all().lookup().get(area.strip().lower())
            if place is None:
                raise CommandError(_("no area '%(code)s'") % {"code": area})
        day = as_of_option(as_of)
        if all_areas:
            self.write_trends(national_trends(found, as_of=day), format or "csv")
            return
        if format == "csv":
            raise CommandError(_("--format csv is for --all-areas"))
        record = evaluation_record(found, area=place, as_of=day, indices=indices)
        if format == "json":
            # The evaluation record (docs/evaluation-record.schema.json), as the API gives it.
            self.stdout.write(record.model_dump_json(indent=2))
        else:
            self.stdout.write(as_table(record))

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


def as_table(record) -> str:
    """The record in lines: each aim, goal and indicator with its status and sentence."""
    lines = [
        f"{record.strategy.code} · {record.area.key}"
        + (f" · {record.as_of.isoformat()}" if record.as_of else "")
        + f" · {record.status}"
    ]
    for aim in record.aims:
        lines.append(f"{aim.code:<8} {aim.status}")
        depth: dict = {}  # a sub-goal is indented below its goal (each comes after its goal)
        for goal in aim.goals:
            depth[goal.code] = depth.get(goal.parent, 0) + 1
            pad = "  " * depth[goal.code]
            flag = " !" if goal.moving_away else ""
            lines.append(f"{pad}{goal.code:<6} {goal.status}{flag}")
            for indicator in record.indicators_of(goal):
                late = f" ({_('late')})" if indicator.late else ""
                lines.append(
                    f"{pad}  {indicator.code:<28} {indicator.status:<16}{late} {indicator.sentence}"
                )
    return "\n".join(lines) + "\n"
