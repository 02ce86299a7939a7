"""mittaristo close-survey-rounds: store the results of every round that has closed and whose
results are not stored yet, as its bound indicators' values.

Run it from a timer (docs/operations.md), e.g. every hour; running it again does nothing, as a
stored round is not taken again (and storing the same values twice would change nothing).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.core.periods import PeriodError
from mittaristo.observations.services import StoreBusy
from mittaristo.surveys.store import rounds_to_close, store_results


class Command(BaseCommand):
    help = _("Store the results of the survey rounds that have closed as their indicators' values.")

    def handle(self, *args, **options):
        closed = failed = 0
        for survey_round in rounds_to_close():
            try:
                report = store_results(survey_round)
            except (PeriodError, StoreBusy) as error:
                # One round's fault (a period typed wrong, a store in progress) stops no other;
                # the round stays unstored and is taken again on the next run.
                self.stderr.write(f"{survey_round}: {error}")
                failed += 1
                continue
            closed += 1
            self.stdout.write(
                _(
                    "%(round)s: %(stored)s values stored (%(created)s new, %(changed)s changed), "
                    "%(suppressed)s not stored: fewer answers than the minimum group"
                )
                % {
                    "round": survey_round,
                    "stored": len(report.stored),
                    "created": report.created,
                    "changed": report.changed,
                    "suppressed": len(report.suppressed),
                }
            )
        if not closed and not failed:
            self.stdout.write(_("No survey round to close."))
        if failed:
            raise CommandError(
                _("%(count)s survey rounds could not be stored; see above") % {"count": failed}
            )
