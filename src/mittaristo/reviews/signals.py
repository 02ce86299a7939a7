"""What the review rounds tell the layers above them, which they may not import.

`round_published(sender=ReviewRound, review=…)` is sent by `services.round_publish` inside its
transaction, once the round is published; a receiver that starts work should start it with
`transaction.on_commit` (the reports build the round's files in the background worker:
reports/prebuild.py).
"""

from django.dispatch import Signal

round_published = Signal()
