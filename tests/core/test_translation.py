from django.utils import translation

from mittaristo.core.translation import TranslatedText


def test_text_in_active_language_with_finnish_fallback():
    text = TranslatedText({"fi": "Arvot", "en": "Values"})
    with translation.override("en"):
        assert str(text) == "Values"
    with translation.override("sv"):
        assert str(text) == "Arvot"  # no Swedish: Finnish is the fallback
    with translation.override("fi"):
        assert str(text) == "Arvot"


def test_plain_string_is_finnish_and_empty_languages_are_dropped():
    assert TranslatedText("Välittäminen") == {"fi": "Välittäminen"}
    assert TranslatedText({"fi": "A", "sv": "", "en": None}) == {"fi": "A"}


def test_text_is_escaped_in_html():
    text = TranslatedText({"fi": "<b>x</b>"})
    assert text.__html__() == "&lt;b&gt;x&lt;/b&gt;"
