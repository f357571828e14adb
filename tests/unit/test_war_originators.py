"""Originating and joining dyads of multilateral wars, and the war number of a dyad-year's onset.

War 1 begins on 1 Mar 1900 between 2 (side 1) and 20 (side 2); 200 joins side 2 on 1 Jun 1900;
220 joins side 1 on 10 Jan 1901 and 20 leaves on 31 Dec 1900. War 2 begins on 1 Aug 1900
between 2 and 200, so the dyad 2-200 begins two wars in 1900: as a joiner of war 1 (1 Jun) and
as an originator of war 2 (1 Aug).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancewar.panels.wars import war_dyad_onsets, war_dyad_years

T = pd.Timestamp


def _participants() -> pd.DataFrame:
    rows = [  # warnum, ccode, side, start, end
        (1, 2, 1, "1900-03-01", "1901-06-30"), (1, 20, 2, "1900-03-01", "1900-12-31"),
        (1, 200, 2, "1900-06-01", "1901-06-30"), (1, 220, 1, "1901-01-10", "1901-06-30"),
        (2, 2, 1, "1900-08-01", "1900-09-30"), (2, 200, 2, "1900-08-01", "1900-09-30"),
    ]
    p = pd.DataFrame(rows, columns=["warnum", "ccode", "side", "start", "end"])
    return p.assign(start=pd.to_datetime(p["start"]), end=pd.to_datetime(p["end"]),
                    warnum=p["warnum"].astype("Int64"), ccode=p["ccode"].astype("Int64"),
                    side=p["side"].astype("Int64"))


@pytest.fixture(scope="module")
def years():
    y = war_dyad_years(_participants())
    return y[y["ccode1"] < y["ccode2"]].set_index(["ccode1", "ccode2", "year"])


def test_dyad_war_onsets():
    o = war_dyad_onsets(_participants())
    o = o[o["ccode1"] < o["ccode2"]].set_index(["warnum", "ccode1", "ccode2"])
    # 20 and 220 are both at war 1 on opposite sides, but never on the same day: no dyad
    assert o["originator"].to_dict() == {(1, 2, 20): True, (1, 2, 200): False, (1, 200, 220): False,
                                         (2, 2, 200): True}
    assert o.loc[(1, 2, 200), "onset_date"] == T("1900-06-01") and o.loc[(1, 2, 200), "days_since_start"] == 92
    assert o.loc[(1, 200, 220), "onset_date"] == T("1901-01-10")


def test_dyad_years(years):
    cols = ["war_onset", "n_war_onsets", "war_onset_originator", "war_onset_warnum", "war_onset_days"]
    got = years[cols].astype("float64")
    nan = np.nan
    expected = {
        (2, 20, 1900): [1, 1, 1, 1, 0],
        (2, 200, 1900): [1, 2, 1, 2, 0],  # two onsets: attributed to war 2, which it originates
        (2, 200, 1901): [0, 0, 0, nan, nan],
        (20, 220, 1901): None,  # 20 left war 1 before 220 joined: never at war
        (200, 220, 1901): [1, 1, 0, 1, 315],
    }
    for key, row in expected.items():
        if row is None:
            assert key not in got.index
        else:
            np.testing.assert_array_equal(got.loc[key].to_numpy(), np.array(row, dtype="float64"), err_msg=str(key))
    assert (years["war_ongoing"] == 1).all()


def test_onset_day_is_the_first_onset_of_the_year(years):
    assert years.loc[(2, 200, 1900), "war_onset_day"] == (T("1900-06-01") - T("1970-01-01")).days
    assert np.isnan(years.loc[(2, 200, 1901), "war_onset_day"])
