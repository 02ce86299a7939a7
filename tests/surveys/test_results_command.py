"""`mittaristo survey-results`: a round's results as CSV (the page's download) or JSON, with
the anonymity rules applied, on the demo's example rounds."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from mittaristo.surveys.models import SurveyRound
from mittaristo.surveys.results import round_results

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_db")]

STAFF = ["--survey", "tyotyytyvaisyys", "--round", "2026 kevät"]
BOUND = "tyytyvaisyys-kokonaisuutena"


def run(tmp_path, *args, name="out"):
    out = tmp_path / name
    call_command("survey-results", *args, "--out", str(out))
    return out.read_text(encoding="utf-8-sig")


def staff_result():
    return round_results(SurveyRound.objects.get(survey__code="tyotyytyvaisyys"))


def test_json_values_are_round_results(tmp_path):
    data = json.loads(run(tmp_path, *STAFF, "--format", "json"))
    result = staff_result()
    assert data["survey"] == "tyotyytyvaisyys" and data["is_example"] is True
    assert data["responses"] == result.responses
    for q, got in zip(result.questions, data["questions"], strict=True):
        assert got["code"] == q.question.code
        assert got["n"] == q.n
        assert got["response_rate"] == q.response_rate
        if q.figures is not None and q.figures.mean is not None:
            assert got["mean"]["value"] == round(q.figures.mean.value, 4)
            assert got["mean"]["low"] == round(q.figures.mean.low, 4)
        assert [s["count"] for s in got["distribution"]] == [s.count for s in q.distribution]
    bound = next(q for q in data["questions"] if q["code"] == BOUND)
    expected = next(q for q in result.questions if q.question.code == BOUND).bindings[0].value
    assert bound["indicators"][0]["value"] == float(expected)


def test_a_hidden_group_is_null_in_json(tmp_path):
    data = json.loads(run(tmp_path, *STAFF, "--by", "toimiala", "--format", "json"))
    groups = next(q for q in data["questions"] if q["code"] == BOUND)["breakdown"]["groups"]
    small = next(g for g in groups if g["group"] == "muu")  # three answered
    assert small["n"] is None and small["mean"] is None and small["hidden"]
    shown = [g for g in groups if not g["hidden"]]
    assert shown and all(g["n"] >= 5 and g["mean"]["value"] for g in shown)


def test_a_hidden_group_is_empty_in_csv_and_nothing_is_a_formula(tmp_path):
    with translation.override("en"):
        text = run(tmp_path, *STAFF, "--by", "toimiala", "--format", "csv")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1:] and all(r[2] == "toimiala" for r in rows[1:])
    small = [r for r in rows if r[0] == BOUND and r[3] == "muu"]
    assert small == [
        [
            BOUND,
            small[0][1],
            "toimiala",
            "muu",
            "answers",
            "",
            "",
            "",
            "",
            "",
            "",
            "fewer than 5 answers",
        ]
    ]
    cells = [cell for row in rows for cell in row]
    assert not any(cell[:1] in ("=", "+", "-", "@") and not _number(cell) for cell in cells)


def _number(cell):
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return False
    return True


def test_csv_without_by_is_the_pages_download(tmp_path, client):
    with translation.override("fi"):
        text = run(tmp_path, *STAFF)
    client.login(username="strategia", password="mittaristo-demo")
    pk = SurveyRound.objects.get(survey__code="tyotyytyvaisyys").pk
    page = client.get(f"/app/kyselyt/kierros/{pk}/tulokset.csv", HTTP_ACCEPT_LANGUAGE="fi")
    assert page.content.decode("utf-8-sig") == text


def test_the_round_is_found_by_its_name_in_any_language(tmp_path):
    by_period = run(tmp_path, *STAFF, "--format", "json", name="a")
    by_name = run(
        tmp_path,
        "--survey",
        "tyotyytyvaisyys",
        "--round",
        "exempel 2026 KEVÄT",
        "--format",
        "json",
        name="b",
    )
    assert by_period == by_name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--survey", "ei-ole", "--round", "2025"], "ei-ole"),
        (["--survey", "tyotyytyvaisyys", "--round", "1999"], "1999"),
        ([*STAFF, "--by", "mielekas-tyo"], "mielekas-tyo"),
        ([*STAFF, "--organisation", "000"], "no organisation '000' (there are: heinola (111))"),
    ],
)
def test_errors_are_one_line(tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        call_command("survey-results", *args, "--out", str(tmp_path / "x"))
    assert message in str(error.value) and "\n" not in str(error.value)
    assert not (tmp_path / "x").exists()


def test_an_unwritable_file_is_an_error(tmp_path):
    with pytest.raises(CommandError):
        call_command("survey-results", *STAFF, "--out", str(tmp_path / "no" / "such" / "x"))
