"""One-time codes of a closed round: made in bulk, given out once as a CSV file, kept only as
their SHA-256 digests (ResponseCode.digest_of).

A code is 10 characters drawn by `secrets` from 31 that cannot be mistaken for one another
(no 0/O, 1/I/L), written in groups "ABCD-EFGH-JK" for reading aloud or typing from paper:
31^10 ≈ 8 × 10^14 codes, so guessing one of even 5,000 live codes takes some 10^11 tries.
Nothing that could show a code again is stored: the file is the only copy.
"""

import csv
import io
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core import formatting
from mittaristo.core.formulas import csv_text

from .models import ResponseCode, SurveyRound

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 10
GROUPS = (4, 4, 2)
MAX_CODES = 5000  # per request: a staff or council round, with room to spare


def code_new() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    parts, at = [], 0
    for size in GROUPS:
        parts.append(raw[at : at + size])
        at += size
    return "-".join(parts)


@transaction.atomic
def codes_generate(*, survey_round: SurveyRound, count: int) -> list[str]:
    """Make `count` new codes for the round; store their digests; return the codes themselves,
    which are not kept anywhere."""
    if survey_round.access != SurveyRound.Access.CODES:
        raise ValidationError(_("Only a round answered with codes has codes."))
    if not 1 <= count <= MAX_CODES:
        raise ValidationError(
            _("Give a number from 1 to %(most)s.") % {"most": formatting.number(MAX_CODES)}
        )
    if survey_round.closes <= timezone.now():
        raise ValidationError(_("The round has closed: its codes would never be used."))
    codes: dict[str, str] = {}
    while len(codes) < count:
        wanted = {ResponseCode.digest_of(c): c for c in (code_new() for _ in range(count))}
        taken = set(
            ResponseCode.objects.filter(digest__in=list(wanted)).values_list("digest", flat=True)
        )
        for digest, code in wanted.items():
            if digest not in taken and len(codes) < count:
                codes[digest] = code
    ResponseCode.objects.bulk_create(
        [ResponseCode(round=survey_round, digest=d) for d in codes], batch_size=1000
    )
    return list(codes.values())


def codes_csv(codes: list[str]) -> bytes:
    """The codes as a CSV file for a mail merge: a header, a code a row, UTF-8 with a BOM so
    that Excel reads it as UTF-8; every cell neutralised against formulas (core/formulas.py)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_text(_("code"))])
    writer.writerows([csv_text(code)] for code in codes)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
