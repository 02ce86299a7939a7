"""Translated content: the project's one mechanism for texts a user reads in fi, sv and en.

A translated text is stored as one JSON object {"fi": ..., "sv": ..., "en": ...} in a single
column. Finnish is the strategy's own language and the fallback: str() gives the active
language's text, else the Finnish, else any text there is. One JSON column (rather than a
column per language) keeps the history tables of django-simple-history, the YAML definition
file and the admin form the same shape.
"""

from django import forms
from django.db import models
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

CONTENT_LANGUAGES = ("fi", "sv", "en")
FALLBACK_LANGUAGE = "fi"


class TranslatedText(dict):
    """A mapping language → text that prints in the active language."""

    def __init__(self, value=None):
        if value is None:
            value = {}
        elif isinstance(value, str):
            value = {FALLBACK_LANGUAGE: value}
        super().__init__({k: v for k, v in dict(value).items() if v not in (None, "")})

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        """As a pydantic type: an object of language → text, written as a plain object (so
        that a schema generator can encode a default such as `TranslatedText()`)."""
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.dict_schema(core_schema.str_schema(), core_schema.str_schema()),
            serialization=core_schema.plain_serializer_function_ser_schema(dict),
        )

    def in_language(self, language: str | None) -> str:
        shown = self.language_shown(language)
        return self[shown] if shown else ""

    def language_shown(self, language: str | None) -> str | None:
        """The language whose text is shown to a reader of `language`: that language if the
        text has it, else the fallback (Finnish, then any); None for an empty text."""
        language = (language or FALLBACK_LANGUAGE).split("-")[0]
        for lang in (language, FALLBACK_LANGUAGE, *CONTENT_LANGUAGES):
            if self.get(lang):
                return lang
        return None

    def fallback_language(self, language: str | None = None) -> str | None:
        """The language of the text shown when it is not the reader's own (a fallback), else
        None. Templates mark such a text with its `lang` so that it is read as Finnish."""
        language = ((language or get_language()) or FALLBACK_LANGUAGE).split("-")[0]
        shown = self.language_shown(language)
        return shown if shown and shown != language else None

    def has_language(self, language: str) -> bool:
        return bool(self.get(language))

    def __str__(self) -> str:
        language = get_language()
        fallback = self.fallback_language(language)
        if fallback:
            return FallbackText(self[fallback], fallback)
        return self.in_language(language)

    def __html__(self) -> str:
        return str(conditional_escape(str(self)))


class FallbackText(str):
    """A text shown in another language than the reader's (Finnish, as the fallback).

    It is a plain str everywhere but in HTML: a template's `{{ name }}` (Django prints a value
    as str(value), then escapes it through `__html__`) puts it inside `<span lang="fi">`, so
    that a screen reader reads it as Finnish. Where markup cannot go (an attribute, a title),
    use `|plain` (str() of it is a plain str) or strip the tags.
    """

    def __new__(cls, text: str, language: str):
        obj = super().__new__(cls, text)
        obj.language = language
        return obj

    def __html__(self) -> str:
        return str(format_html('<span lang="{}">{}</span>', self.language, str.__str__(self)))

    def __reduce__(self):
        return (FallbackText, (str.__str__(self), self.language))


class TranslatedTextWidget(forms.MultiWidget):
    template_name = "core/translated_text_widget.html"

    def __init__(self, multiline=False, attrs=None):
        inner = forms.Textarea(attrs={"rows": 3}) if multiline else forms.TextInput()
        super().__init__([inner] * len(CONTENT_LANGUAGES), attrs)
        self.widgets_names = [f"_{lang}" for lang in CONTENT_LANGUAGES]

    def decompress(self, value):
        value = TranslatedText(value)
        return [value.get(lang, "") for lang in CONTENT_LANGUAGES]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for lang, sub in zip(CONTENT_LANGUAGES, context["widget"]["subwidgets"], strict=True):
            sub["language"] = lang
        return context


class TranslatedTextFormField(forms.MultiValueField):
    def __init__(self, *, multiline=False, required=True, **kwargs):
        for key in ("encoder", "decoder", "max_length", "empty_value"):
            kwargs.pop(key, None)
        fields = [forms.CharField(required=False) for _ in CONTENT_LANGUAGES]
        super().__init__(
            fields,
            widget=TranslatedTextWidget(multiline=multiline),
            require_all_fields=False,
            required=required,
            **kwargs,
        )
        # Finnish is required whenever the text is.
        self.fields[0].required = required

    def compress(self, data_list):
        return TranslatedText(dict(zip(CONTENT_LANGUAGES, data_list or [], strict=False)))


class TranslatedTextField(models.JSONField):
    """A model field holding a TranslatedText."""

    def __init__(self, *args, multiline=False, **kwargs):
        self.multiline = multiline
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.multiline:
            kwargs["multiline"] = True
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        return TranslatedText(value) if isinstance(value, dict | str) or value is None else value

    def to_python(self, value):
        return TranslatedText(value) if isinstance(value, dict | str) or value is None else value

    def get_prep_value(self, value):
        if isinstance(value, str):
            value = TranslatedText(value)
        return super().get_prep_value(dict(value) if isinstance(value, dict) else value)

    def formfield(self, **kwargs):
        return TranslatedTextFormField(
            multiline=self.multiline,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name),
            help_text=self.help_text,
        )


def written_language() -> str | None:
    """The language of what people write in the app in one language (an assessment, a round's
    name: fields with no translations), when the page is in another; else None. Such texts are
    taken to be in the content's fallback language, Finnish."""
    language = (get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return FALLBACK_LANGUAGE if language != FALLBACK_LANGUAGE else None
