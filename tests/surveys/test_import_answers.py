"""Importing answers collected in other tools: each kind's checks, all or nothing, columns,
formats, a second import of the same file (surveys/answer_import/)."""

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook

from mittaristo.surveys.answer_import import service
from mittaristo.surveys.answer_import.service import import_answers
from mittaristo.surveys.models import Answer, Response

from . import import_data
from .import_data import HEADER, write_csv

survey_round = import_data.survey_round  # the fixture

GOOD = ["4", "9", "keskusta", "web;paper", "42,5", "Hyvä kaupunki"]


def run(path, survey_round, **options):
    return import_answers(path=path, survey_round=survey_round, **options)


def problems(report) -> list[str]:
    return [str(problem) for problem in report.problems]


def test_good_file_stores_one_response_per_row(tmp_path, survey_round):
    path = write_csv(tmp_path / "vastaukset.csv", [HEADER, GOOD, ["5", "", "", "", "", ""]])
    report = run(path, survey_round)
    assert report.ok, problems(report)
    assert (report.rows, report.responses, report.answers, report.stored) == (2, 2, 8, True)
    assert Response.objects.filter(round=survey_round).count() == 2
    first = Response.objects.filter(round=survey_round).order_by("pk").first()
    assert first.language == "fi"
    assert first.submitted_on == dt.date(2026, 5, 15)  # the closing day, already past
    answers = {a.question.code: a for a in first.answers.all() if a.question.kind != "multiple"}
    assert answers["likert"].number == 4 and answers["scale"].number == 9
    assert answers["area"].choice.code == "keskusta"
    assert answers["age"].number == Decimal("42.5")  # the decimal comma
    assert answers["comment"].text == "Hyvä kaupunki"
    assert answers["scale"].text == "" and answers["scale"].choice is None
    assert answers["comment"].moderation == Answer.Moderation.PENDING
    assert answers["likert"].moderation == ""
    chosen = first.answers.filter(question__code="channels").values_list("choice__code", flat=True)
    assert sorted(chosen) == ["paper", "web"]


def test_dry_run_stores_nothing(tmp_path, survey_round):
    path = write_csv(tmp_path / "v.csv", [HEADER, GOOD])
    report = run(path, survey_round, dry_run=True)
    assert report.ok and not report.stored and report.responses == 1 and report.answers == 7
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "why"),
    [
        ("likert", "6", '"6" is not a whole number from 1 to 5'),
        ("likert", "3,5", '"3,5" is not a whole number from 1 to 5'),
        ("likert", "samaa mieltä", '"samaa mieltä" is not a whole number from 1 to 5'),
        ("likert", "", "an answer is required"),
        ("scale", "11", '"11" is not a whole number from 0 to 10'),
        ("scale", "-1", '"-1" is not a whole number from 0 to 10'),
        ("area", "laita", '"laita" is none of the choices (their codes: keskusta, kylat)'),
        ("channels", "web;fax", '"fax" is none of the choices'),
        ("age", "12", '"12" is less than the smallest accepted, 15'),
        ("age", "130,5", '"130,5" is more than the largest accepted, 120'),
        ("age", "vanha", '"vanha" is not a number'),
    ],
)
def test_each_kind_names_row_column_and_value(tmp_path, survey_round, column, value, why):
    row = list(GOOD)
    row[HEADER.index(column)] = value
    path = write_csv(tmp_path / "v.csv", [HEADER, GOOD, row])
    report = run(path, survey_round)
    assert not report.ok and not report.stored
    [problem] = problems(report)
    assert problem.startswith(f"v.csv: row 3, column {column}: {why}")
    assert not Response.objects.exists()


def test_labels_in_swedish_and_finnish_and_codes_any_case(tmp_path, survey_round):
    rows = [
        HEADER + ["språk"],
        ["1", "0", "Centrum", "Webben, Papper", "15", "", "sv"],
        ["2", "10", "kylät", "TELEFON", "120", "", "SV"],
        ["3", "5", "KYLAT", "verkko; puhelin", "", "", ""],
    ]
    report = run(write_csv(tmp_path / "v.csv", rows), survey_round)
    assert report.ok, problems(report)
    responses = list(Response.objects.order_by("pk"))
    assert [r.language for r in responses] == ["sv", "sv", "fi"]
    assert [
        sorted(r.answers.filter(question__kind="multiple").values_list("choice__code", flat=True))
        for r in responses
    ] == [["paper", "web"], ["phone"], ["phone", "web"]]
    area = Answer.objects.filter(question__code="area").order_by("response")
    assert [a.choice.code for a in area] == ["keskusta", "kylat", "kylat"]


def test_a_wrong_language(tmp_path, survey_round):
    rows = [HEADER + ["language"], GOOD + ["de"]]
    report = run(write_csv(tmp_path / "v.csv", rows), survey_round)
    assert problems(report) == [
        'v.csv: row 2, column language: "de" is not a language; write fi, sv or en'
    ]


def test_all_or_nothing_a_bad_last_row_stores_nothing(tmp_path, survey_round):
    rows = [HEADER] + [GOOD] * 2500 + [["7", "", "", "", "", ""]]  # over two batches first
    report = run(write_csv(tmp_path / "v.csv", rows), survey_round)
    assert problems(report) == [
        'v.csv: row 2502, column likert: "7" is not a whole number from 1 to 5'
    ]
    assert report.responses == 0 and not Response.objects.exists() and not Answer.objects.exists()


def test_every_problem_listed_up_to_a_cap(tmp_path, survey_round):
    rows = [HEADER] + [["x", "", "", "", "", ""]] * 130
    report = run(write_csv(tmp_path / "v.csv", rows), survey_round)
    assert len(report.problems) == 100 and report.more_problems == 30
    assert report.lines()[-1] == "… and 30 more problems"
    assert report.lines()[0] == "v.csv: 130 rows read; 130 problems; nothing was stored."


def test_unknown_columns_are_refused_by_name(tmp_path, survey_round):
    rows = [HEADER + ["Aikaleima", "email"], GOOD + ["1.5.2026", "a@b.fi"]]
    report = run(write_csv(tmp_path / "v.csv", rows), survey_round)
    assert problems(report) == [
        "v.csv: columns that are no questions of the survey: Aikaleima, email. Delete them or "
        "name the questions' codes."
    ]
    assert not Response.objects.exists()


def test_a_column_may_be_missing_only_for_optional_questions(tmp_path, survey_round):
    ok = run(write_csv(tmp_path / "ok.csv", [["likert"], ["3"]]), survey_round, dry_run=True)
    assert ok.ok and ok.answers == 1
    missing = run(write_csv(tmp_path / "v.csv", [["scale", "comment"], ["3", "x"]]), survey_round)
    assert problems(missing) == ["v.csv: no column for the required questions likert"]


def test_a_column_twice(tmp_path, survey_round):
    report = run(write_csv(tmp_path / "v.csv", [["likert", "LIKERT"], ["3", "4"]]), survey_round)
    assert problems(report) == ["v.csv: column LIKERT: the column is in the file twice"]


def test_comma_separated_csv_without_bom(tmp_path, survey_round):
    rows = [HEADER, ["4", "9", "kylat", "web;phone", "33.5", "Hyvä, kiitos"]]
    path = write_csv(tmp_path / "v.csv", rows, delimiter=",", bom=False)
    report = run(path, survey_round)
    assert report.ok, problems(report)
    assert Answer.objects.get(question__code="age").number == Decimal("33.5")
    assert Answer.objects.get(question__code="comment").text == "Hyvä, kiitos"


def test_windows_1252_csv(tmp_path, survey_round):
    rows = [HEADER, ["4", "", "Kylät", "", "", "Hyvä"]]
    report = run(write_csv(tmp_path / "v.csv", rows, bom=False, encoding="cp1252"), survey_round)
    assert report.ok, problems(report)
    assert Answer.objects.get(question__code="comment").text == "Hyvä"


def test_xlsx_with_numbers_as_spreadsheet_numbers(tmp_path, survey_round):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([4, 10, "Keskusta", "web; paper", 42.5, "Hyvä"])
    sheet.append([5.0, None, None, None, None, None])
    sheet.append([3, 7.5, None, None, None, None])
    path = tmp_path / "vastaukset.xlsx"
    book.save(path)
    report = run(path, survey_round)
    assert problems(report) == [
        'vastaukset.xlsx: row 4, column scale: "7.5" is not a whole number from 0 to 10'
    ]
    sheet.delete_rows(4)
    book.save(path)
    report = run(path, survey_round)
    assert report.ok and report.responses == 2 and report.answers == 8, problems(report)


def test_reimporting_the_same_file_stores_nothing_new(tmp_path, survey_round):
    path = write_csv(tmp_path / "v.csv", [HEADER, GOOD, GOOD])
    assert run(path, survey_round).stored
    again = run(path, survey_round)
    assert not again.stored
    [problem] = problems(again)
    assert problem.startswith("v.csv: this file was imported into the round already")
    assert Response.objects.count() == 2
    dry = run(path, survey_round, dry_run=True)  # the preview says so too
    assert not dry.ok
    other = write_csv(tmp_path / "toinen.csv", [HEADER, GOOD, ["1", "", "", "", "", ""]])
    assert run(other, survey_round).stored  # another file is other answers
    assert Response.objects.count() == 4
    keys = set(Response.objects.values_list("submission_key", flat=True))
    assert len(keys) == 4 and all(key.startswith(service.KEY_PREFIX) for key in keys)


def test_open_round_answers_carry_today(tmp_path, survey_round):
    from django.utils import timezone

    survey_round.closes = timezone.now() + dt.timedelta(days=10)
    survey_round.save()
    run(write_csv(tmp_path / "v.csv", [HEADER, GOOD]), survey_round)
    assert Response.objects.get().submitted_on == timezone.localdate()


def test_hostile_files_are_refused_whole(tmp_path, survey_round):
    empty = tmp_path / "tyhja.csv"
    empty.write_bytes(b"")
    assert problems(run(empty, survey_round)) == ["tyhja.csv: the file has no rows"]
    fake = tmp_path / "kuva.xlsx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    [problem] = problems(run(fake, survey_round))
    assert "not an XLSX spreadsheet" in problem and "it is an image" in problem
    other = tmp_path / "v.txt"
    other.write_text("likert\n3\n")
    [problem] = problems(run(other, survey_round))
    assert 'cannot read files of type ".txt"' in problem


def test_batches_insert_every_row(tmp_path, survey_round, monkeypatch):
    monkeypatch.setattr(service, "BATCH", 7)
    rows = [HEADER] + [GOOD] * 30
    report = run(write_csv(tmp_path / "v.csv", rows), survey_round)
    assert report.stored and Response.objects.count() == 30 and Answer.objects.count() == 210


def test_ods_comes_with_the_observation_import_reader(tmp_path, survey_round):
    from tests.observations.test_import_parse import write_ods

    rows = [HEADER + ["kieli"], [4, 0, "Byar", "Telefon", 18, "Bra", "svenska"]]
    report = run(write_ods(tmp_path, rows, name="vastaukset.ods"), survey_round)
    assert report.stored and report.answers == 6, problems(report)
    assert Response.objects.get().language == "sv"
    assert Answer.objects.get(question__code="area").choice.code == "kylat"


def test_texts_with_tabs_backslashes_and_line_ends(tmp_path, survey_round):
    text = 'Rivi 1\nrivi 2\ttabulaattori \\N kenoviiva \\ "lainaus"'
    path = write_csv(tmp_path / "v.csv", [HEADER, ["3", "", "", "", "", text]])
    assert run(path, survey_round).stored
    assert Answer.objects.get(question__code="comment").text == text.strip()


def test_results_already_stored_are_named(tmp_path, survey_round):
    from django.utils import timezone

    survey_round.results_stored = timezone.make_aware(dt.datetime(2026, 5, 20, 9, 0))
    survey_round.save()
    report = run(write_csv(tmp_path / "v.csv", [HEADER, GOOD]), survey_round, dry_run=True)
    assert report.ok
    assert report.lines()[1] == (
        "The round's results were stored as indicator values on 20.5.2026: store them again "
        "once the answers are imported, or the indicators leave these answers out."
    )


def test_round_find_by_name_or_period_and_ambiguity(survey_round):
    from mittaristo.surveys.answer_import.service import RoundNotFound, round_find

    assert round_find(survey="asukas", round_name="VÅREN 2026") == survey_round
    assert round_find(survey="asukas", round_name="2026 kevät", organisation="999") == survey_round
    survey_round.pk = None
    survey_round.save()  # a second round of the same name
    with pytest.raises(RoundNotFound, match="Several rounds 'Kevät 2026' in survey 'asukas'"):
        round_find(survey="asukas", round_name="Kevät 2026")
