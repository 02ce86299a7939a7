"""The investment register's forms: a project with its yearly table (a formset), and the file
to import. They give the register's ProjectData; its rules are investments/services.py's."""

from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mittaristo.core.translation import CONTENT_LANGUAGES, TranslatedText
from mittaristo.investments.models import CashFlow, Project
from mittaristo.investments.services import FlowData, ProjectData
from mittaristo.strategy.models import Goal

from .edit_forms import YEAR, _Coded, _CodedMany
from .forms import ImportForm, NumberField

EUROS = {"max_digits": 16, "decimal_places": 2, "min_value": 0}


def _label(model, name) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


class ProjectForm(forms.Form):
    """A project's fields; the code only when it is added (it names the project in files)."""

    def __init__(self, *args, strategy, project: Project | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy, self.project = strategy, project
        fields = {}
        if project is None:
            fields["code"] = forms.SlugField(
                label=_label(Project, "code"),
                max_length=60,
                help_text=_("Letters, digits and hyphens, e.g. satama-alue; unique to the city."),
            )
        for name in ("name", "owner_unit"):
            for lang in CONTENT_LANGUAGES:
                fields[f"{name}_{lang}"] = forms.CharField(
                    label=f"{_label(Project, name)} ({lang})",
                    required=name == "name" and lang == "fi",
                    max_length=500,
                )
        fields["first_year"] = forms.IntegerField(label=_label(Project, "first_year"), **YEAR)
        fields["last_year"] = forms.IntegerField(label=_label(Project, "last_year"), **YEAR)
        for name in ProjectData.MONEY:
            fields[name] = NumberField(label=_label(Project, name), initial=0, **EUROS)
        fields["status"] = forms.ChoiceField(
            label=_label(Project, "status"), choices=Project.Status.choices
        )
        fields["decisions"] = forms.CharField(
            label=_label(Project, "decisions"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("For example: City council 13.11.2023 § 85."),
        )
        fields["goals"] = _CodedMany(
            label=_label(Project, "goals"),
            queryset=Goal.objects.filter(aim__strategy=strategy).order_by("aim__order", "order"),
            required=False,
        )
        fields["plan"] = _Coded(
            label=_label(Project, "plan"),
            queryset=strategy.plans.order_by("order"),
            required=False,
            empty_label=_("none"),
        )
        fields["discount_rate"] = NumberField(
            label=_label(Project, "discount_rate"),
            required=False,
            max_digits=5,
            decimal_places=2,
            min_value=0,
            max_value=100,
            help_text=_("For the calculation, e.g. 3,5. Leave empty if there is no calculation."),
        )
        fields["life_years"] = forms.IntegerField(
            label=_label(Project, "life_years"), required=False, min_value=1, max_value=200
        )
        self.fields = fields
        if project is not None:
            self._initial_from(project)

    def _initial_from(self, project: Project) -> None:
        for name in ("name", "owner_unit"):
            text = TranslatedText(getattr(project, name))
            for lang in CONTENT_LANGUAGES:
                self.fields[f"{name}_{lang}"].initial = text.get(lang, "")
        for name in ("first_year", "last_year", *ProjectData.MONEY, "status", "decisions"):
            self.fields[name].initial = getattr(project, name)
        for name in ("discount_rate", "life_years"):
            self.fields[name].initial = getattr(project, name)
        self.fields["goals"].initial = list(project.goals.values_list("pk", flat=True))
        self.fields["plan"].initial = project.plan_id

    def clean_code(self):
        code = self.cleaned_data["code"]
        taken = Project.objects.filter(organisation=self.strategy.organisation, code=code)
        if taken.exists():
            raise forms.ValidationError(_("The city has a project with this code already."))
        return code

    def project_data(self, flows: list[FlowData]) -> ProjectData:
        data = self.cleaned_data
        texts = {
            name: {
                lang: data[f"{name}_{lang}"].strip()
                for lang in CONTENT_LANGUAGES
                if data[f"{name}_{lang}"].strip()
            }
            for name in ("name", "owner_unit")
        }
        return ProjectData(
            code=data["code"] if self.project is None else self.project.code,
            name=texts["name"],
            owner_unit=texts["owner_unit"],
            first_year=data["first_year"],
            last_year=data["last_year"],
            **{name: data[name] or Decimal(0) for name in ProjectData.MONEY},
            status=data["status"],
            decisions=data["decisions"].strip(),
            goals=list(data["goals"]),
            plan=data["plan"],
            discount_rate=data["discount_rate"],
            life_years=data["life_years"],
            flows=flows,
        )


class FlowForm(forms.Form):
    """One year of the calculation's table; a row left empty is no year."""

    year = forms.IntegerField(label=_label(CashFlow, "year"), required=False, **YEAR)
    investment = NumberField(label=_label(CashFlow, "investment"), required=False, **EUROS)
    operating_costs = NumberField(
        label=_label(CashFlow, "operating_costs"), required=False, **EUROS
    )
    revenues = NumberField(label=_label(CashFlow, "revenues"), required=False, **EUROS)

    def clean(self):
        data = super().clean()
        amounts = [data.get(name) for name in ("investment", "operating_costs", "revenues")]
        if data.get("year") is None and any(value is not None for value in amounts):
            self.add_error("year", _("Give the year of these amounts."))
        return data

    def flow(self) -> FlowData | None:
        data = self.cleaned_data
        if not data or data.get("year") is None:
            return None
        return FlowData(
            year=data["year"],
            **{
                name: data.get(name) or Decimal(0)
                for name in ("investment", "operating_costs", "revenues")
            },
        )


FlowFormSet = forms.formset_factory(FlowForm, extra=3, max_num=200, validate_max=True)


def flow_initial(project: Project | None) -> list[dict]:
    if project is None:
        return []
    return [
        {
            "year": flow.year,
            "investment": flow.investment,
            "operating_costs": flow.operating_costs,
            "revenues": flow.revenues,
        }
        for flow in project.cash_flows.all()
    ]


class RegisterFileForm(ImportForm):
    """The observation import's file field (suffix and size checked), with its own help."""

    file = forms.FileField(
        label=gettext_lazy("File (CSV, XLSX or ODS)"),
        help_text=gettext_lazy(
            "One row per project and year of its calculation; the columns are listed above."
        ),
    )
