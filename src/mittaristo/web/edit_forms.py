"""The forms of the changes by decision in web/edit_views.py: each a DecisionForm (the date,
the reason, the decision) with the fields of the part it changes; translated texts in fi, sv
and en, Finnish required for a name."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mittaristo.core.numbers import NumberError, parse_number
from mittaristo.core.roles import current_organisation
from mittaristo.core.translation import CONTENT_LANGUAGES, TranslatedText
from mittaristo.strategy import edits, index_edit
from mittaristo.strategy.models import ChangeFactor, Goal, Indicator, Plan, PlanGoal
from mittaristo.strategy.roles import people_of

from .change_views import DecisionForm, _plain

YEAR = {"min_value": 1900, "max_value": 2200}


def _label(model, name) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


class _Coded(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class _CodedMany(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class _Person(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return edits.person_name(obj)


class TextsForm(DecisionForm):
    """A DecisionForm with the translated texts `TEXTS` of `MODEL`, first, one field a language."""

    MODEL = None
    TEXTS: tuple = ()

    def __init__(self, *args, part=None, **kwargs):
        super().__init__(*args, **kwargs)
        texts = {}
        for name in self.TEXTS:
            field = self.MODEL._meta.get_field(name)
            for lang in CONTENT_LANGUAGES:
                texts[f"{name}_{lang}"] = forms.CharField(
                    label=f"{capfirst(field.verbose_name)} ({lang})",
                    required=name == "name" and lang == "fi",
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}) if field.multiline else None,
                )
                if part is not None:
                    texts[f"{name}_{lang}"].initial = TranslatedText(getattr(part, name)).get(
                        lang, ""
                    )
        self.fields = {**self._head(), **texts, **self._more(part), **self._decision()}

    def _head(self) -> dict:
        return {}

    def _more(self, part) -> dict:
        return {}

    def _decision(self) -> dict:
        return {n: self.fields[n] for n in ("effective", "reason", "decision")}

    def texts(self) -> dict:
        return {
            name: TranslatedText(
                {lang: self.cleaned_data[f"{name}_{lang}"].strip() for lang in CONTENT_LANGUAGES}
            )
            for name in self.TEXTS
        }


class IndicatorTextsForm(TextsForm):
    MODEL, TEXTS = Indicator, edits.INDICATOR_TEXTS


class PersonForm(DecisionForm):
    """A goal's owner or an indicator's responsible person: anyone who can log in; naming
    them gives them the role. No council decides it, so the decision may be empty."""

    field_order = ["person"]

    def __init__(self, *args, part, field, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = _Person(
            label=_label(type(part), field),
            queryset=people_of(
                current_organisation(), get_user_model().objects.filter(is_active=True)
            ).order_by("last_name", "first_name", "username"),
            required=False,
            empty_label=_("nobody"),
            initial=getattr(part, f"{field}_id"),
        )
        self.fields["decision"].required = False
        self.order_fields(self.field_order)


class PlanForm(TextsForm):
    MODEL, TEXTS = Plan, edits.PLAN_TEXTS

    def __init__(self, *args, strategy, plan=None, **kwargs):
        self.strategy, self.plan = strategy, plan
        super().__init__(*args, part=plan, **kwargs)

    def _head(self) -> dict:
        if self.plan is not None:  # a plan's code, kind and place in the cascade stay
            return {}
        return {
            "code": forms.SlugField(label=_label(Plan, "code"), max_length=60),
            "kind": forms.ChoiceField(label=_label(Plan, "kind"), choices=Plan.Kind.choices),
            "parent": _Coded(
                label=gettext_lazy("Parent plan"),
                queryset=self.strategy.plans.order_by("order"),
                required=False,
                empty_label=_("none: directly below the strategy"),
            ),
        }

    def _more(self, part) -> dict:
        start = forms.IntegerField(label=_label(Plan, "start_year"), **YEAR)
        end = forms.IntegerField(label=_label(Plan, "end_year"), **YEAR)
        if part is not None:
            start.initial, end.initial = part.start_year, part.end_year
        return {"start_year": start, "end_year": end}

    def clean(self):
        data = super().clean()
        if (
            data.get("start_year")
            and data.get("end_year")
            and data["start_year"] > data["end_year"]
        ):
            self.add_error("end_year", _("The plan cannot end before it starts."))
        return data

    def fields_made(self) -> dict:
        data = self.cleaned_data
        made = {**self.texts(), "start_year": data["start_year"], "end_year": data["end_year"]}
        if self.plan is None:
            made = {"code": data["code"], "kind": data["kind"], "parent": data["parent"], **made}
        return made


class PlanGoalForm(TextsForm):
    MODEL, TEXTS = PlanGoal, ("name",)

    def __init__(self, *args, plan, plan_goal=None, **kwargs):
        self.plan, self.plan_goal = plan, plan_goal
        super().__init__(*args, part=plan_goal, **kwargs)

    def _head(self) -> dict:
        if self.plan_goal is not None:
            return {}
        return {"code": forms.SlugField(label=_label(PlanGoal, "code"), max_length=60)}

    def _more(self, part) -> dict:
        strategy = self.plan.strategy
        ancestors, parent = [], self.plan.parent
        while parent is not None and parent not in ancestors:
            ancestors.append(parent)
            parent = parent.parent
        fields = {
            "serves": _Coded(
                label=_label(PlanGoal, "serves"),
                queryset=Goal.objects.filter(aim__strategy=strategy).order_by(
                    "aim__order", "order"
                ),
            ),
            "parent_goal": _Coded(
                label=_label(PlanGoal, "parent_goal"),
                queryset=PlanGoal.objects.filter(plan__in=ancestors).order_by(
                    "plan__order", "order"
                ),
                required=False,
                empty_label=_("none"),
            ),
            "indicator": _Coded(
                label=gettext_lazy("Indicator"),
                queryset=strategy.indicators.order_by("order"),
                required=False,
                empty_label=_("none"),
            ),
            "target_value": forms.CharField(
                label=_label(PlanGoal, "target_value"), max_length=40, required=False
            ),
            "target_year": forms.IntegerField(
                label=_label(PlanGoal, "target_year"), required=False, **YEAR
            ),
        }
        if part is not None:
            for name in ("serves", "parent_goal", "indicator"):
                fields[name].initial = getattr(part, f"{name}_id")
            fields["target_year"].initial = part.target_year
            if part.target_value is not None:
                fields["target_value"].initial = _plain(part.target_value)
        return fields

    def clean_target_value(self):
        text = self.cleaned_data["target_value"].strip()
        if not text:
            return None
        try:
            return parse_number(text, strict=False)
        except NumberError as error:
            raise ValidationError(_("Not a number: %(text)s") % {"text": text}) from error

    def fields_made(self) -> dict:
        data = self.cleaned_data
        made = {
            **self.texts(),
            **{
                name: data[name]
                for name in ("serves", "parent_goal", "indicator", "target_value", "target_year")
            },
        }
        if self.plan_goal is None:
            made = {"code": data["code"], **made}
        return made


class FactorForm(TextsForm):
    MODEL, TEXTS = ChangeFactor, edits.FACTOR_TEXTS

    def __init__(self, *args, factor, **kwargs):
        self.factor = factor
        super().__init__(*args, part=factor, **kwargs)

    def _more(self, part) -> dict:
        strategy = part.strategy
        goals = _CodedMany(
            label=gettext_lazy("Goals it bears on"),
            queryset=Goal.objects.filter(aim__strategy=strategy).order_by("aim__order", "order"),
            required=False,
            initial=list(part.goals.values_list("pk", flat=True)),
        )
        indicators = _CodedMany(
            label=gettext_lazy("Indicators that track it"),
            queryset=strategy.indicators.order_by("order"),
            required=False,
            initial=list(part.indicators.values_list("pk", flat=True)),
        )
        return {"goals": goals, "indicators": indicators}


class IndexForm(DecisionForm):
    """A composite index's definition as YAML text (docs/indices.md), with the decision."""

    field_order = ["definition"]
    definition = forms.CharField(
        label=gettext_lazy("Index definition"),
        required=False,
        strip=False,
        max_length=index_edit.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code"}),
        help_text=gettext_lazy(
            "As under index: in the strategy file: normalisation, aggregation, treatment, "
            "missing, reference and the components with their directions and weights "
            "(docs/indices.md). Empty: the index has no definition."
        ),
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["definition"].initial = index_edit.index_text(indicator)
