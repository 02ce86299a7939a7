"""What the survey-file tests share: a small valid file, and an organisation whose strategy has
the indicators it binds (the small test strategy with two survey indicators added)."""

import pytest

from mittaristo.surveys.definition import SurveyFileError, load_survey

# A small, valid survey file. Tests break it line by line: keep the line numbers in mind.
VALID = """\
schema_version: 1
code: kysely
name: {fi: Kysely, sv: Enkät, en: Survey}
description: Testikysely.
sections:
  - title: {fi: Osa, en: Part}
    questions:
      - code: tyytyvaisyys
        kind: likert
        text: {fi: Olen tyytyväinen., en: I am satisfied.}
        required: true
        low: {fi: Täysin eri mieltä, en: Strongly disagree}
        high: {fi: Täysin samaa mieltä, en: Strongly agree}
        bindings:
          - indicator: tyytyvaisyys
            rule: mean
      - code: suosittelu
        kind: scale
        text: Suosittelisitko?
        low: Ei
        high: Kyllä
      - code: kulkutapa
        kind: single
        text: Miten kuljet?
        choices:
          - {code: kavellen, label: Kävellen}
          - {code: autolla, label: Autolla}
        bindings:
          - indicator: osuus
            rule: share_of_choice
            choice: kavellen
  - title: Taustatiedot
    questions:
      - code: ika
        kind: single
        background: true
        text: Ikäsi
        choices:
          - {code: nuori, label: alle 30}
          - {code: vanha, label: 30 tai yli}
      - code: vuodet
        kind: number
        text: Montako vuotta olet asunut kunnassa?
        min: 0
        max: 120
      - code: palaute
        kind: text
        text: Vapaa sana
"""


def replace(text: str, old: str, new: str) -> str:
    """`text` with `old` (which must be there) replaced by `new`."""
    assert old in text, old
    return text.replace(old, new, 1)


def errors(text: str, organisation, **kwargs) -> list[str]:
    """The problems `load_survey` reports for `text` (named k.yaml)."""
    with pytest.raises(SurveyFileError) as caught:
        load_survey(text, organisation=organisation, filename="k.yaml", **kwargs)
    return caught.value.errors
