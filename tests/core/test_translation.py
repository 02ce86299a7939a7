from django.template import Context, Template
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
    with translation.override("fi"):
        assert text.__html__() == "&lt;b&gt;x&lt;/b&gt;"


def test_a_fallback_is_marked_with_its_language_in_html():
    text = TranslatedText({"fi": "Arvot & <muut>", "en": "Values"})
    with translation.override("en"):
        assert text.fallback_language() is None
        assert text.__html__() == "Values"
    with translation.override("sv"):
        assert text.fallback_language() == "fi"
        assert text.__html__() == '<span lang="fi">Arvot &amp; &lt;muut&gt;</span>'
        assert str(text) == "Arvot & <muut>"  # as text, it is the text
        assert type(str(str(text))) is str
    with translation.override("fi"):
        assert text.__html__() == "Arvot &amp; &lt;muut&gt;"
    only_swedish = TranslatedText({"sv": "Värden"})
    with translation.override("en"):
        assert only_swedish.__html__() == '<span lang="sv">Värden</span>'
    with translation.override("sv"):
        assert TranslatedText({}).__html__() == ""


def test_templates_mark_a_fallback_and_keep_markup_out_of_attributes_and_titles():
    text = TranslatedText({"fi": "Toimintakate"})
    page = Template(
        "{% load mittaristo %}<title>{% filter striptags %}{{ t }}{% endfilter %}</title>"
        '<p{{ t|lang_of }}>{{ t|linebreaksbr }}</p><b aria-label="{{ t|plain }}">{{ t }}</b>'
    )
    with translation.override("en"):
        html = page.render(Context({"t": text}))
    assert html == (
        '<title>Toimintakate</title><p lang="fi">Toimintakate</p>'
        '<b aria-label="Toimintakate"><span lang="fi">Toimintakate</span></b>'
    )
    with translation.override("fi"):
        assert "lang=" not in page.render(Context({"t": text}))
