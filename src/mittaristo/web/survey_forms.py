"""Forms of the respondent's side of a survey: the one-time code, and one form per section
built from its questions.

Each question is one field named after its primary key; the form reads what was sent into the
plain answers `surveys.answering.response_store` stores. The section's template renders each
kind itself (web/_survey_question.html): scales and choices as radio groups in a fieldset.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mittaristo.core.formatting import number
from mittaristo.core.numbers import NumberError, parse_number
from mittaristo.surveys.answering import AnswerValue
from mittaristo.surveys.models import Question

TEXT_MAX = 4000  # characters of one open answer: a long paragraph, not a document
CODE_MAX = 64
LIKERT = range(1, 6)
SCALE = range(0, 11)
REQUIRED = _("Answer this question.")


class CodeForm(forms.Form):
    """The one-time code of a closed round, typed as printed (spaces and dashes ignored)."""

    code = forms.CharField(
        label=_("Your answering code"),
        max_length=CODE_MAX,
        help_text=_("The code in the invitation you received, for example ABCD-EFGH."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Type the code from your invitation.")},
    )


class WrittenOptions:
    """A radio's or checkbox's option written out here, the very HTML of Django's
    input_option.html, input.html and attrs.html: through those three templates the 33
    options of a seven-question page took 3.5 of its 14 ms (bench/survey_load.py)."""

    def _render(self, template_name, context, renderer=None):
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        attrs = widget["attrs"]
        html = format_html('<input type="{}" name="{}"', widget["type"], widget["name"])
        if widget["value"] is not None:
            html += format_html(' value="{}"', str(widget["value"]))
        for name, value in attrs.items():
            if value is True:
                html += format_html(" {}", name)
            elif value is not False:
                html += format_html(' {}="{}"', name, str(value))
        html += mark_safe(">\n")  # input.html ends its line
        if not widget.get("wrap_label"):
            return html
        label_for = format_html(' for="{}"', attrs["id"]) if attrs.get("id") else ""
        return format_html("<label{}>{} {}</label>", label_for, html, widget["label"])


class FirstOptionRadio(WrittenOptions, forms.RadioSelect):
    """Radios whose field's id is its first option's, so that the error summary's link and
    the field's error lead to the group (Django gives a radio group no id of its own)."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class FirstOptionCheckboxes(WrittenOptions, forms.CheckboxSelectMultiple):
    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class NumberAnswerField(forms.Field):
    """A number as a browser's number input sends it (1234.5), or written the Finnish way
    (1 234,5) where the browser has no number input, within the question's range."""

    widget = forms.NumberInput

    def __init__(self, *, minimum=None, maximum=None, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(**kwargs)
        attrs = {"step": "any", "inputmode": "decimal"}
        if minimum is not None:
            attrs["min"] = _plain(minimum)
        if maximum is not None:
            attrs["max"] = _plain(maximum)
        self.widget.attrs.update(attrs)

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            try:
                number = parse_number(text, strict=True)
            except NumberError:
                raise forms.ValidationError(_("Write a number, for example 12 or 3,5.")) from None
        if not number.is_finite() or abs(number) >= Decimal(10) ** 14:
            raise forms.ValidationError(_("Write a number, for example 12 or 3,5."))
        return number.quantize(Decimal("0.000001")).normalize()

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            raise forms.ValidationError(_range_message(low, high))


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _range_message(low, high) -> str:
    """The error of a number out of the question's range, the range in the reader's locale."""
    if low is not None and high is not None:
        message = gettext("Write a number from %(low)s to %(high)s.")
    elif low is not None:
        message = gettext("Write a number of at least %(low)s.")
    else:
        message = gettext("Write a number of at most %(high)s.")
    return message % {"low": number(low), "high": number(high)}


def _range_hint(low, high) -> str:
    """The accepted range, said before anything was typed."""
    if low is not None and high is not None:
        message = gettext("A number from %(low)s to %(high)s.")
    elif low is not None:
        message = gettext("A number of at least %(low)s.")
    elif high is not None:
        message = gettext("A number of at most %(high)s.")
    else:
        return ""
    return message % {"low": number(low), "high": number(high)}


def _scale_choices(values: range, question: Question) -> list[tuple[str, object]]:
    """The scale's values, its ends labelled ("1 – strongly disagree") when labels are given."""
    ends = {values[0]: question.low_label, values[-1]: question.high_label}
    return [(str(v), Label(ends.get(v), prefix=v)) for v in values]


class Label:
    """A choice's label from a translated text (a dict, which Django would take for a group of
    choices): printed in the reader's language, in a `lang` of its own where it falls back to
    Finnish (the TranslatedText's own HTML); a scale's value before it ("5 – agree")."""

    def __init__(self, text, prefix=None):
        self.text, self.prefix = text, prefix

    def __str__(self):
        if self.prefix is None:
            return str(self.text or "")
        return f"{self.prefix} – {self.text}" if self.text else str(self.prefix)

    def __html__(self):
        if self.prefix is None:
            return conditional_escape(self.text or "")
        if not self.text:
            return conditional_escape(str(self.prefix))
        return format_html("{} – {}", self.prefix, self.text)


def question_field(question: Question) -> forms.Field:
    """The form field of one question, by its kind."""
    common = {
        "label": question.text,
        "required": question.required,
        "error_messages": {"required": REQUIRED},
    }
    kind = question.kind
    if kind in (Question.Kind.LIKERT, Question.Kind.SCALE):
        values = LIKERT if kind == Question.Kind.LIKERT else SCALE
        return forms.TypedChoiceField(
            choices=_scale_choices(values, question),
            coerce=int,
            widget=FirstOptionRadio,
            **common,
        )
    if kind == Question.Kind.SINGLE:
        choices = [(str(c.pk), Label(c.label)) for c in question.choices.all()]
        return forms.TypedChoiceField(
            choices=choices, coerce=int, widget=FirstOptionRadio, **common
        )
    if kind == Question.Kind.MULTIPLE:
        choices = [(str(c.pk), Label(c.label)) for c in question.choices.all()]
        return forms.TypedMultipleChoiceField(
            choices=choices, coerce=int, widget=FirstOptionCheckboxes, **common
        )
    if kind == Question.Kind.NUMBER:
        return NumberAnswerField(minimum=question.minimum, maximum=question.maximum, **common)
    return forms.CharField(
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        **common,
    )


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class SectionForm(forms.Form):
    """The questions of one section. `data` is what was sent, or what the session kept."""

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.questions = list(section.questions.all())
        for question in self.questions:
            field = question_field(question)
            field.question = question
            field.range_hint = (
                _range_hint(question.minimum, question.maximum)
                if question.kind == Question.Kind.NUMBER
                else ""
            )
            self.fields[field_name(question)] = field
        self._describe()

    def full_clean(self):
        super().full_clean()
        self._describe()

    def _describe(self):
        """Each question described by its help, its hint and its error, by their ids: on the
        fieldset of a group of radios or checkboxes (the template's), else on the input."""
        errors = self._errors or {}
        for name, field in self.fields.items():
            question = field.question
            ids = [f"id_{name}-help"] if question.help_text else []
            if field.range_hint or question.kind == Question.Kind.MULTIPLE:
                ids.append(f"id_{name}-hint")
            if name in errors:
                ids.append(f"id_{name}-error")
            field.describedby = " ".join(ids)
            if isinstance(field.widget, forms.RadioSelect):
                continue
            if ids:
                field.widget.attrs["aria-describedby"] = field.describedby
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def questions_with_fields(self):
        """(question, bound field) in the section's order, for the template."""
        return [(q, self[field_name(q)]) for q in self.questions]

    def kept(self) -> dict[str, list[str]]:
        """What was sent for this section's questions, as the session keeps it (lists of
        strings, JSON-serialisable), whether or not it was valid."""
        if not self.is_bound:
            return {}
        kept = {}
        for name, field in self.fields.items():
            if name not in self.data:
                continue
            # Bounded whatever is sent: a text one past its limit (so that it still fails),
            # a choice's value a short key, as many values as the question has choices.
            text = field.question.kind == Question.Kind.TEXT
            many = len(field.choices) if isinstance(field, forms.MultipleChoiceField) else 1
            kept[name] = [str(v)[: TEXT_MAX + 1 if text else 64] for v in self.data.getlist(name)]
            kept[name] = kept[name][:many]
        return kept

    def answers(self) -> list[AnswerValue]:
        """The valid form's answers; an unanswered optional question gives none."""
        values = []
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value in (None, "", []):
                continue
            kind, pk = question.kind, question.pk
            if kind == Question.Kind.SINGLE:
                values.append(AnswerValue(pk, choice_id=value))
            elif kind == Question.Kind.MULTIPLE:
                values += [AnswerValue(pk, choice_id=choice) for choice in value]
            elif kind == Question.Kind.TEXT:
                values.append(AnswerValue(pk, text=value))
            else:
                values.append(AnswerValue(pk, number=Decimal(value)))
        return values
