"""A record's texts in every language of the site (settings.LANGUAGES)."""

from django.conf import settings
from django.utils import translation

from mittaristo.core.translation import TranslatedText

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def in_languages(say) -> TranslatedText:
    """`say()` in every language of the site."""
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = str(say())
    return TranslatedText(texts)
