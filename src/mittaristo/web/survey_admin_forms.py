"""The forms of managing surveys (web/survey_admin_views.py): a survey, a section, a question
with a formset of its choices, a binding to an indicator, a round, and a number of codes.

The forms read what people type (codes, Finnish numbers, times); the rules that need the survey
(codes used twice, a level outside the scale, answers already given) are the services'
(surveys/editing.py, surveys/rounds.py), whose ValidationError the views put on these forms.
Translated texts are a field a language, as on the strategy's edit pages; Finnish is required
where the text is.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mittaristo.core.numbers import NumberError, parse_number
from mittaristo.core.translation import CONTENT_LANGUAGES, TranslatedText
from mittaristo.surveys.codes import MAX_CODES
from mittaristo.surveys.editing import ChoiceEdit, indicators_for
from mittaristo.surveys.models import Binding, Question, Section, Survey, SurveyRound

SLUG = r"^[a-z0-9][a-z0-9-]*$"


def code_field(**kwargs):
    return forms.RegexField(
        regex=SLUG,
        max_length=80,
        error_messages={
            "invalid": gettext_lazy("Use lower-case letters a–z, digits and hyphens only.")
        },
        help_text=gettext_lazy(
            "Lower-case letters a–z, digits and hyphens, e.g. “asukaskysely”. It does not "
            "show to respondents."
        ),
        **kwargs,
    )


def _label(model, name) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


class TextsForm(forms.Form):
    """A form with the translated texts `TEXTS` of `MODEL`, one field a language (`name_fi`…).

    `REQUIRED`: the texts whose Finnish is required."""

    MODEL = None
    TEXTS: tuple = ()
    REQUIRED: tuple = ()

    def __init__(self, *args, part=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.TEXTS:
            field = self.MODEL._meta.get_field(name)
            for lang in CONTENT_LANGUAGES:
                self.fields[f"{name}_{lang}"] = forms.CharField(
                    label=f"{capfirst(field.verbose_name)} ({lang})",
                    required=name in self.REQUIRED and lang == "fi",
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 3}) if field.multiline else None,
                    initial=TranslatedText(getattr(part, name)).get(lang, "") if part else None,
                )

    def text(self, name) -> TranslatedText:
        return TranslatedText(
            {lang: self.cleaned_data[f"{name}_{lang}"].strip() for lang in CONTENT_LANGUAGES}
        )

    def texts(self) -> dict:
        return {name: self.text(name) for name in self.TEXTS}

    def add_errors(self, error: ValidationError):
        """A service's ValidationError on the fields it names (a text on its Finnish field)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for name, problems in error.message_dict.items():
            if name not in self.fields and f"{name}_fi" in self.fields:
                name = f"{name}_fi"
            self.add_error(name if name in self.fields else None, problems)


class SurveyForm(TextsForm):
    MODEL, TEXTS, REQUIRED = Survey, ("name", "description"), ("name",)

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, part=survey, **kwargs)
        if survey is None:  # the code is given once: answers, files and results refer to it
            self.fields = {"code": code_field(label=_label(Survey, "code")), **self.fields}


class SectionForm(TextsForm):
    MODEL, TEXTS, REQUIRED = Section, ("title", "description"), ("title",)


def _number(form, name):
    text = (form.cleaned_data.get(name) or "").strip()
    if not text:
        return None
    try:
        return parse_number(text, strict=True)
    except NumberError:
        form.add_error(name, _("Write a number, e.g. 12 or 2,5."))
        return None


class QuestionForm(TextsForm):
    MODEL = Question
    TEXTS = ("text", "help_text", "low_label", "high_label")
    REQUIRED = ("text",)

    def __init__(self, *args, survey, question=None, **kwargs):
        super().__init__(*args, part=question, **kwargs)
        head = {}
        if question is not None:
            head["section"] = forms.ModelChoiceField(
                label=_label(Question, "section"),
                queryset=survey.sections.all(),
                initial=question.section_id,
                empty_label=None,
            )
        head["code"] = code_field(
            label=_label(Question, "code"), initial=question.code if question else None
        )
        head["kind"] = forms.ChoiceField(
            label=_label(Question, "kind"),
            choices=Question.Kind.choices,
            initial=question.kind if question else None,
            help_text=_(
                "Choices are given below for a single or multiple choice question only; the "
                "labels of the ends for a Likert or 0–10 scale only."
            ),
        )
        more = {
            "required": forms.BooleanField(
                label=_("An answer is required"),
                required=False,
                initial=question.required if question else False,
            ),
            "minimum": forms.CharField(
                label=_("Smallest number accepted"),
                required=False,
                max_length=40,
                help_text=_("A number question only; empty for no limit."),
            ),
            "maximum": forms.CharField(
                label=_("Largest number accepted"), required=False, max_length=40
            ),
            "is_background": forms.BooleanField(
                label=_("A background question: results are broken down by its choices"),
                required=False,
                initial=question.is_background if question else False,
                help_text=_("Age group, area of residence, unit: a single choice question."),
            ),
        }
        if question is not None:
            for name in ("minimum", "maximum"):
                value = getattr(question, name)
                more[name].initial = "" if value is None else f"{value.normalize():f}"
        self.fields = {**head, **self.fields, **more}

    def clean(self):
        data = super().clean()
        data["minimum_value"] = _number(self, "minimum")
        data["maximum_value"] = _number(self, "maximum")
        return data

    def question_fields(self) -> dict:
        data = self.cleaned_data
        return {
            **self.texts(),
            "section": data.get("section"),
            "code": data["code"],
            "kind": data["kind"],
            "required": data["required"],
            "minimum": data["minimum_value"],
            "maximum": data["maximum_value"],
            "is_background": data["is_background"],
        }


class ChoiceForm(forms.Form):
    """One choice of a question; a row left empty is no choice."""

    choice = forms.IntegerField(widget=forms.HiddenInput, required=False)
    code = forms.RegexField(
        regex=SLUG,
        max_length=80,
        required=False,
        label=gettext_lazy("Code"),
        error_messages={
            "invalid": gettext_lazy("Use lower-case letters a–z, digits and hyphens only.")
        },
    )
    label_fi = forms.CharField(label=gettext_lazy("Label (fi)"), required=False, max_length=400)
    label_sv = forms.CharField(label=gettext_lazy("Label (sv)"), required=False, max_length=400)
    label_en = forms.CharField(label=gettext_lazy("Label (en)"), required=False, max_length=400)

    def clean(self):
        data = super().clean()
        filled = any(data.get(n) for n in ("code", "label_fi", "label_sv", "label_en"))
        if filled and not data.get("DELETE"):
            if not data.get("code"):
                self.add_error("code", _("Give the choice a code."))
            if not data.get("label_fi"):
                self.add_error("label_fi", _("Give the choice a label in Finnish."))
        data["filled"] = filled
        return data


class _Choices(forms.BaseFormSet):
    def __init__(self, *args, question=None, **kwargs):
        self.question = question
        super().__init__(*args, **kwargs)

    def edits(self) -> list[ChoiceEdit]:
        """The choices kept, in the order given (ORDER, then position), as the service takes
        them; a deleted or empty row is left out."""
        known = {c.pk: c for c in self.question.choices.all()} if self.question else {}
        rows = []
        for position, form in enumerate(self.forms):
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("filled"):
                continue
            order = data.get("ORDER")
            rows.append(
                (
                    order if order is not None else position + 1,
                    position,
                    ChoiceEdit(
                        code=data["code"],
                        label=TranslatedText(
                            {lang: data[f"label_{lang}"] for lang in CONTENT_LANGUAGES}
                        ),
                        choice=known.get(data.get("choice")),
                    ),
                )
            )
        return [edit for _order, _position, edit in sorted(rows, key=lambda r: r[:2])]


ChoiceFormSet = forms.formset_factory(
    ChoiceForm, formset=_Choices, extra=3, can_delete=True, can_order=True, max_num=100
)


def choice_formset(data=None, *, question=None):
    initial = [
        {
            "choice": c.pk,
            "code": c.code,
            "ORDER": number,
            **{f"label_{lang}": c.label.get(lang, "") for lang in CONTENT_LANGUAGES},
        }
        for number, c in enumerate(question.choices.all() if question else [], start=1)
    ]
    return ChoiceFormSet(data, initial=initial, prefix="choices", question=question)


class _Indicator(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class BindingForm(forms.Form):
    def __init__(self, *args, question, binding=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"] = _Indicator(
            label=_label(Binding, "indicator"),
            queryset=indicators_for(question.section.survey),
            initial=binding.indicator_id if binding else None,
        )
        self.fields["rule"] = forms.ChoiceField(
            label=_label(Binding, "rule"),
            choices=Binding.Rule.choices,
            initial=binding.rule if binding else None,
            help_text=_(
                "Mean: of a scale or number. Share at or above a level: e.g. the share who "
                "agree (4 or 5 on a 1–5 scale). Net promoter score: of a 0–10 scale. Share of "
                "a choice: of a choice question."
            ),
        )
        level = binding.level if binding else None
        self.fields["level"] = forms.CharField(
            label=_label(Binding, "level"),
            required=False,
            max_length=40,
            initial="" if level is None else f"{level.normalize():f}",
            help_text=_("For a share at or above a level only: the level, inside the scale."),
        )
        self.fields["choice"] = forms.ModelChoiceField(
            label=_label(Binding, "choice"),
            queryset=question.choices.all(),
            required=False,
            initial=binding.choice_id if binding else None,
            empty_label=_("none"),
            help_text=_("For a share of a choice only: the choice counted."),
        )

    def clean(self):
        data = super().clean()
        data["level"] = _number(self, "level")
        return data

    add_errors = TextsForm.add_errors


DATETIME = {"type": "datetime-local"}


class RoundForm(TextsForm):
    MODEL, TEXTS, REQUIRED = SurveyRound, ("name",), ("name",)

    def __init__(self, *args, survey_round=None, **kwargs):
        super().__init__(*args, part=survey_round, **kwargs)
        r = survey_round
        self.fields["name_fi"].help_text = _("For example “Asukaskysely kevät 2026”.")
        self.fields["period"] = forms.CharField(
            label=_label(SurveyRound, "period"),
            max_length=40,
            initial=r.period if r else None,
            help_text=_(
                "The period its results are stored for: a year and a season, e.g. “2026 "
                "kevät”, or a year."
            ),
        )
        for name in ("opens", "closes"):
            self.fields[name] = forms.DateTimeField(
                label=_label(SurveyRound, name),
                widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
                initial=getattr(r, name) if r else None,
            )
        self.fields["access"] = forms.ChoiceField(
            label=_label(SurveyRound, "access"),
            choices=SurveyRound.Access.choices,
            widget=forms.RadioSelect,
            initial=r.access if r else SurveyRound.Access.OPEN,
        )
        self.fields["population"] = forms.IntegerField(
            label=_label(SurveyRound, "population"),
            required=False,
            min_value=1,
            initial=r.population if r else None,
            help_text=_(
                "For the response rate: how many were asked (staff, council members). Leave "
                "empty for a residents' survey."
            ),
        )

    def round_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": self.text("name"),
            **{n: data[n] for n in ("period", "opens", "closes", "access", "population")},
        }


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=gettext_lazy("Number of codes"),
        min_value=1,
        max_value=MAX_CODES,
        help_text=gettext_lazy("One for each person asked; at most 5 000 at a time."),
    )
