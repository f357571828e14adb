"""Both peace-year rules on a hand-made dyad history, checked year by year, and against peacesciencer.

Dyad A (2, 20), 1900-1914: at war 1903-1905 (onset 1903, a second war begun in 1905 while the
first goes on), 1909 (onset) and 1912-1913 (onset 1912). Dyad B (2, 200) never fights, and has a
gap in its years (1900-1902, then 1906-1908), as a state leaving and re-entering the system.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancewar.panels.peace import add_peace_years, peace_years, years_since, unit_order

YEARS = list(range(1900, 1915))
ONGOING = [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0]
ONSET = [0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0]
# by hand: the onset rule restarts the count the year after each onset, the ongoing rule the
# year after each year at war; an event year carries the count before it
BY_ONSET = [0, 1, 2, 3, 0, 1, 0, 1, 2, 3, 0, 1, 2, 0, 1]
BY_ONGOING = [0, 1, 2, 3, 0, 0, 0, 1, 2, 3, 0, 1, 2, 0, 0]
B_YEARS = [1900, 1901, 1902, 1906, 1907, 1908]


def _history() -> pd.DataFrame:
    a = pd.DataFrame({"ccode1": 2, "ccode2": 20, "year": YEARS, "war_onset": ONSET, "war_ongoing": ONGOING})
    b = pd.DataFrame({"ccode1": 2, "ccode2": 200, "year": B_YEARS, "war_onset": 0, "war_ongoing": 0})
    return pd.concat([b, a], ignore_index=True)  # not sorted: B first


def _ps_btscs_spells(x: list[int]) -> list[int]:
    """A line-by-line transcription of the ``spells()`` loop of stevemisc's ``ps_btscs()``.

    (peacesciencer's ``add_peace_years()`` calls ``ps_btscs`` on the *ongoing* indicator;
    stevemisc @ 560c581, R/ps_btscs.R, from DAMisc's ``btscs``.) It counts rows, not years.
    """
    tmp = [0] * len(x)
    runcount = 0
    for j in range(1, len(x)):
        if x[j] == 0 and x[j - 1] == 0:
            runcount += 1
            tmp[j] = runcount
        if x[j] != 0 and x[j - 1] == 0:
            tmp[j] = runcount + 1
            runcount = 0
        if x[j] == 0 and x[j - 1] != 0:
            runcount = 0
            tmp[j] = 0
    return tmp


def test_both_rules_year_by_year():
    h = _history()
    got = h.assign(onset=peace_years(h, "war_onset"), ongoing=peace_years(h, "war_ongoing"))
    a = got[got["ccode2"] == 20].set_index("year")
    assert a["onset"].tolist() == BY_ONSET
    assert a["ongoing"].tolist() == BY_ONGOING
    # a dyad without events counts calendar years from its first year, across its gap
    b = got[got["ccode2"] == 200].set_index("year")
    assert b["onset"].tolist() == [0, 1, 2, 6, 7, 8] and b["ongoing"].tolist() == [0, 1, 2, 6, 7, 8]


def test_ongoing_rule_equals_peacesciencer_on_the_hand_history():
    assert _ps_btscs_spells(ONGOING) == BY_ONGOING


@pytest.mark.parametrize("seed", range(5))
def test_ongoing_rule_equals_peacesciencer_on_random_histories(seed):
    rng = np.random.default_rng(seed)
    n_dyads, n_years = 40, 60
    x = (rng.random((n_dyads, n_years)) < rng.uniform(0.05, 0.5, size=(n_dyads, 1))).astype(int)
    df = pd.DataFrame({"ccode1": np.repeat(np.arange(n_dyads) + 1, n_years), "ccode2": 999,
                       "year": np.tile(np.arange(1900, 1900 + n_years), n_dyads), "war_ongoing": x.ravel()})
    order, years, new_unit = unit_order(df)
    got = years_since(df["war_ongoing"].to_numpy(dtype="float64"), order, years, new_unit).reshape(n_dyads, n_years)
    expected = np.array([_ps_btscs_spells(row.tolist()) for row in x])
    np.testing.assert_array_equal(got, expected)


def test_panel_columns_for_each_outcome_and_rule():
    h = _history()
    for c in ("mid_onset", "mid_ongoing", "fatal_mid_onset", "fatal_mid_ongoing", "force_mid_onset",
              "force_mid_ongoing"):
        h[c] = h["war_onset" if c.endswith("onset") else "war_ongoing"]
    p = add_peace_years(h, knots=(1, 4, 7))
    a = p[p["ccode2"] == 20]
    for stem in ("", "mid_", "fatal_mid_", "force_mid_"):
        assert a[f"{stem}peace_years"].tolist() == BY_ONSET
        assert a[f"{stem}peace_years_ongoing"].tolist() == BY_ONGOING
    t = a["peace_years_ongoing"].to_numpy(dtype="float64")
    np.testing.assert_array_equal(a["peace_years_ongoing3"], t ** 3)
    np.testing.assert_array_equal(a["peace_years_ongoing_spline2"], np.maximum(t - 4, 0) ** 3)
