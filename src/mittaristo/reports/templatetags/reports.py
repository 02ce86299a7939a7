"""The download links of the reports, for the pages that offer them."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from mittaristo.reports.document import FORMATS, LANGUAGES
from mittaristo.reports.followup import UNRANKED
from mittaristo.reports.kinds import KINDS
from mittaristo.web.forms import RoundOrDateForm

register = template.Library()
LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}
FORMAT_NAMES = {"pdf": "PDF", "xlsx": "Excel"}


@register.inclusion_tag("reports/_links.html")
def report_links(url_name, pk):
    """Each report of the review round `pk` (at `url_name`: the internal or the public
    address) in the reader's language, and in the other languages."""
    lang = (get_language() or "fi").split("-")[0]
    reports = []
    for kind, module in KINDS.items():
        files = {
            code: [
                (FORMAT_NAMES[fmt], reverse(url_name, args=[pk, kind, code, fmt]))
                for fmt in FORMATS
            ]
            for code in LANGUAGES
        }
        others = [(LANGUAGE_NAMES[code], code, files[code]) for code in LANGUAGES if code != lang]
        reports.append(
            {"title": module.TITLE, "files": files.get(lang, files["fi"]), "others": others}
        )
    return {"reports": reports}


@register.inclusion_tag("reports/_dated_form.html")
def dated_report_form():
    """A form for a report with the figures as known on a date, for the overview page."""
    today = timezone.localdate()
    lang = (get_language() or "fi").split("-")[0]
    return {
        "kinds": [(kind, module.TITLE) for kind, module in KINDS.items()],
        "today": today,
        "lang": lang,
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "formats": [(fmt, FORMAT_NAMES[fmt]) for fmt in FORMATS],
        "date_name": RoundOrDateForm.DATE,  # the date as the pages' form names it
    }


@register.filter
def unranked_reason(reason):
    """Why an indicator that needs attention is listed apart, in words."""
    return UNRANKED.get(reason, "")
