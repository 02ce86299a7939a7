"""The strategy's content in Swedish and English: the demo's pages show no Finnish name where
a translation exists, a text without one is marked as Finnish, and the pages say whose
translation it is."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from mittaristo.demo.round import DEMO_ROUND
from mittaristo.strategy.models import Aim, ChangeFactor, Goal, Indicator, Plan, PlanGoal, Value

NOTE = (
    "The strategy's texts in this language are translated by the Mittaristo project, "
    "not by the municipality."
)
SWEDISH_NOTE = "Svenskan följer de termer som en finländsk kommuns svenskspråkiga dokument"


class _Text(HTMLParser):
    """The text a reader meets: text outside scripts and styles, and the labels of elements."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.extend(v for k, v in attrs if k in ("aria-label", "title", "alt") and v)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _finnish_names(language):
    """Every Finnish name and unit of the strategy (each must have its text in `language`)
    that differs from its translation ("Heinola" is Heinola in every language)."""
    texts = [
        *(
            o.name
            for model in (Aim, Goal, Value, ChangeFactor, Plan, PlanGoal)
            for o in model.objects.all()
        ),
        *(t for i in Indicator.objects.all() for t in (i.name, i.unit)),
    ]
    untranslated = sorted(t["fi"] for t in texts if not t.get(language))
    assert not untranslated, untranslated
    return {t["fi"] for t in texts if t[language] != t["fi"]}


def _pages(client):
    goals = list(Goal.objects.values_list("code", flat=True))
    indicators = list(Indicator.objects.filter(goals__isnull=False).values_list("code", flat=True))
    return [
        reverse("overview"),
        *(reverse("public-goal", args=[c]) for c in goals),
        *(reverse("public-indicator", args=[c]) for c in sorted(set(indicators))),
        reverse("app-overview"),
        reverse("factors"),
        reverse("cascade"),
        reverse("process"),
    ]


# What the demo's people wrote, in Finnish only (demo/round.py): the round's name, each
# assessment and its next steps. The models keep such texts in one language.
WRITTEN = (DEMO_ROUND, "Esimerkkiarvio, ei kaupungin kirjoittama", "Esimerkki: seuraavat toimet")

# An element marked as Finnish, other than the page in Finnish and the switch's "Suomi", with
# the start of its text.
FINNISH_MARK = re.compile(r'<(?!option\b|html\b)[a-z]+\b[^>]*\blang="fi"[^>]*>([^<]*)')


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_demo_shows_no_finnish_name_in_swedish_or_english(
    demo_db, admin_client, settings, language
):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    finnish = _finnish_names(language)
    assert len(finnish) > 60  # aims, goals, indicators, units, values, factors, plans
    for url in _pages(admin_client):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        text = _text(html)
        shown = sorted(name for name in finnish if name in text)
        assert not shown, (url, shown)
        # Marked as Finnish: only what a person wrote in one language (the round, assessments).
        marked = FINNISH_MARK.findall(html)
        assert all(text.startswith(WRITTEN) for text in marked), (url, marked)
    # Whose translation it is (Heinola's file: `translations`), on the public front page and
    # under each internal page, with the file's note for the language if it has one.
    with translation.override(language):
        note = translation.gettext(NOTE)
    for url in (reverse("overview"), reverse("app-overview")):
        text = _text(admin_client.get(url).content.decode())
        assert note in text
        assert (SWEDISH_NOTE in text) == (language == "sv")


def test_in_finnish_there_is_no_translation_note_and_no_marking(demo_db, admin_client, settings):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    for url in (reverse("overview"), reverse("app-overview")):
        html = admin_client.get(url).content.decode()
        assert "Mittaristo-projektin" not in html and NOTE not in html
        assert not FINNISH_MARK.search(html)


def test_a_language_the_municipality_translated_has_no_note(demo_db, admin_client, settings):
    from mittaristo.strategy.models import Strategy

    # The file's `translations`: Swedish by the city itself, English not named (its own too).
    Strategy.objects.update(translations={"sv": {"by": "municipality"}})
    for language in ("sv", "en"):
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in (reverse("overview"), reverse("app-overview")):
            html = admin_client.get(url).content.decode()
            assert 'class="translation-note"' not in html, (language, url)


def test_a_text_without_a_translation_is_marked_as_finnish(demo_db, admin_client, settings):
    goal = Goal.objects.get(code="T1.1")
    goal.name = {"fi": "Hyvinvointi lisääntyy", "en": "Wellbeing increases"}  # no Swedish
    goal._change_reason = "Test"
    goal.save()
    indicator = Indicator.objects.get(code="hyte-kerroin")
    indicator.method = {"fi": "Vain suomeksi."}
    indicator._change_reason = "Test"
    indicator.save()
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    html = admin_client.get(reverse("goal", args=["T1.1"])).content.decode()
    assert '<h1><span lang="fi">Hyvinvointi lisääntyy</span></h1>' in html
    # Not inside the title, where markup would show as text.
    assert "<title>Hyvinvointi lisääntyy – Det goda växer i Heinola</title>" in html
    html = admin_client.get(reverse("indicator", args=["hyte-kerroin"])).content.decode()
    assert '<p lang="fi">Vain suomeksi.</p>' in html

    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = admin_client.get(reverse("goal", args=["T1.1"])).content.decode()
    assert "<h1>Wellbeing increases</h1>" in html


class _Languages(HTMLParser):
    """Each piece of text a reader meets with the language of the element it stands in."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__()
        self.stack, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            parent = self.stack[-1][1] if self.stack else None
            self.stack.append((tag, dict(attrs).get("lang", parent)))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        tags = [tag for tag, _lang in self.stack]
        if data.strip() and not {"title", "script", "style"} & set(tags):
            self.texts.append((self.stack[-1][1] if self.stack else None, data.strip()))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_what_people_wrote_in_finnish_is_marked_finnish(demo_db, admin_client, settings, language):
    from mittaristo.reviews.models import ReviewRound

    review = ReviewRound.objects.get(name=DEMO_ROUND)
    assessment = review.assessments.get(goal__code="T1.1")
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    urls = [
        reverse("overview"),
        reverse("public-goal", args=["T1.1"]),
        reverse("public-round", args=[review.pk]),
        reverse("app-overview"),
        reverse("rounds"),
        reverse("round", args=[review.pk]),
        reverse("assessment", args=[assessment.pk]),
        reverse("goal", args=["T1.1"]),
        reverse("attention") + f"?kierros={review.pk}",
        reverse("public-attention"),
        reverse("midterm") + f"?kierros={review.pk}",
    ]
    seen = set()
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        parser = _Languages()
        parser.feed(response.content.decode())
        for lang, text in parser.texts:
            for written in WRITTEN:
                if written in text:
                    seen.add(written)
                    assert lang == "fi", (url, text, lang)
    assert seen == set(WRITTEN)
