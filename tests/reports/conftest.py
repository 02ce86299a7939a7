"""What the report tests share: the demo's published round, and reading a PDF's text."""

import io
import re

import pytest
from pypdf import PdfReader

from mittaristo.reviews.models import ReviewRound


@pytest.fixture
def published(demo_db):
    """The demo's published (example) review round."""
    return ReviewRound.objects.published().select_related("strategy").get()


def pdf_text(body: bytes) -> str:
    """A PDF's text with every run of white space (line breaks, no-break spaces) as one space."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return squeeze(text)


def squeeze(text: str) -> str:
    """Spaces as one; a hyphen at the end of a line joined to what follows ("16–64-" and
    "vuotiaat" on two lines read "16–64-vuotiaat"): the expected text goes through it too."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)
