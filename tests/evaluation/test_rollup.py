"""Roll-up of statuses, by hand: the lower weighted median on the five-step scale."""

import pytest

from mittaristo.evaluation import Status
from mittaristo.evaluation.rollup import roll_up

S = Status


def test_the_median_step_of_three():
    # Steps: on_track 3, at_risk 2, achieved 4 → sorted 2, 3, 4 → median 3 = on_track.
    r = roll_up([S.ON_TRACK, S.AT_RISK, S.ACHIEVED])
    assert r.status == S.ON_TRACK
    assert (r.assessed, r.total, r.moving_away) == (3, 3, False)


def test_an_even_split_falls_to_the_worse_side_and_moving_away_is_flagged():
    # Steps 0 and 4, weights 1 and 1: half of 2 is 1, reached at step 0 → moving_away.
    r = roll_up([S.ACHIEVED, S.MOVING_AWAY])
    assert r.status == S.MOVING_AWAY and r.moving_away
    # Steps 1, 3, 3, 4: half of 4 is 2, cumulative 1, 2 → step 3.
    assert roll_up([S.OFF_TRACK, S.ON_TRACK, S.IMPROVING, S.ACHIEVED]).status == S.ON_TRACK


def test_trend_statuses_sit_on_the_same_scale_and_worsening_is_flagged():
    r = roll_up([S.IMPROVING_SLOWLY, S.STALLING, S.WORSENING])
    # Steps 2, 1, 0 → median 1 = off_track.
    assert r.status == S.OFF_TRACK and r.moving_away


def test_weights_move_the_median():
    # Steps 1 (weight 3) and 4 (weight 1): half of 4 is 2, reached at step 1 → off_track.
    assert roll_up([S.OFF_TRACK, S.ACHIEVED], [3, 1]).status == S.OFF_TRACK
    # Steps 1 (weight 1) and 4 (weight 3): cumulative 1 < 2, then 4 → achieved.
    assert roll_up([S.OFF_TRACK, S.ACHIEVED], [1, 3]).status == S.ACHIEVED
    # Weight 0 counts the part but leaves the median alone.
    r = roll_up([S.MOVING_AWAY, S.ACHIEVED], [0, 1])
    assert r.status == S.ACHIEVED and r.moving_away and r.counts[S.MOVING_AWAY] == 1


def test_no_data_is_counted_not_ranked():
    r = roll_up([S.NO_DATA, S.AT_RISK, S.NO_DATA])
    assert r.status == S.AT_RISK
    assert (r.assessed, r.total, r.counts[S.NO_DATA]) == (1, 3, 2)
    assert roll_up([S.NO_DATA, "no_data"]).status == S.NO_DATA
    assert roll_up([]).status == S.NO_DATA


def test_step_counts_for_a_card():
    r = roll_up([S.IMPROVING, S.ON_TRACK, S.NO_DATA, S.WORSENING])
    assert r.step_counts == {
        S.ACHIEVED: 0,
        S.ON_TRACK: 2,
        S.AT_RISK: 0,
        S.OFF_TRACK: 0,
        S.MOVING_AWAY: 1,
        S.NO_DATA: 1,
    }


def test_a_weight_for_each_status():
    with pytest.raises(ValueError):
        roll_up([S.ON_TRACK], [1, 2])
