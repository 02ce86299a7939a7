"""The figures in words: intervals written out, changes named only when the interval says so."""

from mittaristo.evaluation.surveys import Difference, Estimate, Method
from mittaristo.surveys.texts import difference_text, estimate_text, hidden_text


def test_a_share_with_its_interval():
    e = Estimate(0.62, 0.55, 0.69, 100, Method.WILSON, 62)
    assert estimate_text(e) == "62 % (95 % interval 55–69 %)"


def test_a_mean_without_an_interval_is_the_figure_alone():
    assert estimate_text(Estimate(3.456, None, None, 1, Method.T)) == "3.46"
    assert estimate_text(None) == ""


def test_nps_in_points():
    assert estimate_text(Estimate(12.4, -8.2, 30.1, 50, Method.NPS, 6)) == (
        "12 (95 % interval −8–30)"
    )


def test_changes():
    larger = Difference(0.2, 0.05, 0.33, Method.NEWCOMBE)
    assert difference_text(larger) == (
        "larger than the previous round: +20 percentage points (95 % interval +5…+33)"
    )
    smaller = Difference(-0.4, -0.7, -0.1, Method.WELCH)
    assert difference_text(smaller).startswith("smaller than the previous round: −0.4")
    unclear = Difference(0.3, -0.06, 0.66, Method.WELCH)
    assert difference_text(unclear) == (
        "no clear change from the previous round: +0.3 (95 % interval −0.06…+0.66)"
    )
    unknown = Difference(1.0, None, None, Method.WELCH)
    assert "too few answers" in difference_text(unknown)


def test_hidden_is_never_a_number():
    assert hidden_text("few_answers", 5) == "fewer than 5 answers"
    assert "cannot be worked out" in hidden_text("recoverable", 5)
