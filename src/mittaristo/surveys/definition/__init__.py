"""The survey file: YAML in, checked data out, then loaded into the database (docs/surveys.md).

`load_survey(text_or_path, organisation=…)` loads a file all or nothing and returns the Survey,
or raises SurveyFileError whose `errors` are `FILE:LINE: what is wrong`; `survey_yaml(survey)`
writes a stored survey back. `templates()` lists the shipped templates (`surveys/library/`).
"""

from .check import check
from .export import survey_export, survey_yaml
from .library import LIBRARY, Template, templates
from .load import SurveyLoad, load_survey, survey_load
from .parse import SurveyFileError, parse_survey

__all__ = [
    "LIBRARY",
    "SurveyFileError",
    "SurveyLoad",
    "Template",
    "check",
    "load_survey",
    "parse_survey",
    "survey_export",
    "survey_load",
    "survey_yaml",
    "templates",
]
