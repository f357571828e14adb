"""Formation windows on a hand-made history with known before/after counts, and the paired estimator.

History (states 2, 20, 200):

* alliance 1001 forms on 1 March 1905 with founders 2 and 20; 200 joins in 1907 (not a founder);
* alliance 1002 forms in 1912 with founders 2 and 200 (already allied through 1001 in 1911);
* alliance 1003 forms in 2010 with founders 2 and 20 (its windows reach past the war data's 2007).

Dyad 2-20: MID onsets 1900, 1903, 1905 (formation year: in neither window), 1906, 1907, 1910; war
onset 1908. Dyad 2-200: state 200 leaves the system in 1916-1917, so its 5-year window after 1912
is incomplete. State 2 enters disputes in 1903, 1906 (twice: two disputes) and 1911, and a war in 1908.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from alliancewar.models.windows import era_difference, paired_poisson, window_estimates
from alliancewar.panels.windows import build_windows

T = pd.Timestamp
YEARS = list(range(1890, 1921)) + list(range(2000, 2017))


def _members() -> pd.DataFrame:
    rows = [(1001, 2, "1905-03-01", "1920-12-31"), (1001, 20, "1905-03-01", "1920-12-31"),
            (1001, 200, "1907-01-01", "1915-12-31"), (1002, 2, "1912-05-01", "1920-12-31"),
            (1002, 200, "1912-05-01", "1915-12-31"), (1003, 2, "2010-01-01", "2016-12-31"),
            (1003, 20, "2010-01-01", "2016-12-31")]
    df = pd.DataFrame(rows, columns=["atopid", "ccode", "entry", "exit"])
    return df.assign(entry=pd.to_datetime(df["entry"]), exit=pd.to_datetime(df["exit"]), defense=[1, 1, 1, 0, 0, 1, 1])


def _dyads() -> pd.DataFrame:
    rows = []
    for y in YEARS:
        rows.append((2, 20, y, int(y in (1900, 1903, 1905, 1906, 1907, 1910)), int(y == 1908), int(1905 <= y <= 1920)))
        if y not in (1916, 1917):
            rows.append((2, 200, y, 0, 0, int(1907 <= y <= 1915)))
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year", "mid_onset", "war_onset", "atop_any"])


def _states() -> pd.DataFrame:
    rows = [(c, y, int(c == 2 and y == 1908)) for c in (2, 20, 200) for y in YEARS if not (c == 200 and y in (1916, 1917))]
    return pd.DataFrame(rows, columns=["ccode", "year", "n_war_entries"])


def _participants() -> pd.DataFrame:
    rows = [(1, 2, "1903-02-01"), (2, 2, "1906-01-01"), (3, 2, "1906-06-01"), (3, 2, "1906-09-01"), (4, 2, "1911-03-01"),
            (4, 20, "1911-03-01")]
    df = pd.DataFrame(rows, columns=["dispnum", "ccode", "start"])
    return df.assign(start=pd.to_datetime(df["start"]))


@pytest.fixture(scope="module")
def windows(sources):
    tables = {"atop_members": _members(), "mid_participants": _participants()}
    return build_windows(tables, _dyads(), _states(), sources, start_year=1890, panel_end=2016, windows=(3, 5))


def _row(w, alliance, unit, n, c1, c2=None):
    sel = (w["alliance"] == alliance) & (w["unit"] == unit) & (w["window_years"] == n) & (w["ccode1"] == c1)
    if c2 is not None:
        sel &= w["ccode2"] == c2
    out = w[sel]
    assert len(out) == 1, out
    return out.iloc[0]


def test_only_founding_members_form_units(windows):
    dyads = windows[(windows["unit"] == "dyad") & (windows["window_years"] == 3)]
    assert sorted(map(tuple, dyads[["alliance", "ccode1", "ccode2"]].astype(int).to_numpy().tolist())) == [
        (1001, 2, 20), (1002, 2, 200), (1003, 2, 20)]
    states = windows[(windows["unit"] == "state") & (windows["window_years"] == 3)]
    assert sorted(map(tuple, states[["alliance", "ccode1"]].astype(int).to_numpy().tolist())) == [
        (1001, 2), (1001, 20), (1002, 2), (1002, 200), (1003, 2), (1003, 20)]


@pytest.mark.parametrize("n, mids, wars", [(3, (1, 2), (0, 1)), (5, (2, 3), (0, 1))])
def test_dyad_counts_exclude_the_formation_year(windows, n, mids, wars):
    r = _row(windows, 1001, "dyad", n, 2, 20)
    assert (r["mid_onsets_before"], r["mid_onsets_after"]) == mids
    assert (r["war_onsets_before"], r["war_onsets_after"]) == wars
    assert r["allied_before"] == 0 and r["nuclear_era"] == 0 and r["defense_pact"] == 1


def test_incomplete_windows_are_na_not_partial_sums(windows):
    r3, r5 = _row(windows, 1002, "dyad", 3, 2, 200), _row(windows, 1002, "dyad", 5, 2, 200)
    assert r3["mid_onsets_after"] == 0 and r3["allied_before"] == 1
    assert np.isnan(r5["mid_onsets_after"]) and r5["mid_onsets_before"] == 0  # 200 out of the system 1916-17


def test_windows_outside_coverage_are_masked(windows):
    r = _row(windows, 1003, "dyad", 3, 2, 20)
    # wars end in 2007 (NA after, although the fixture's panel says 0); dyadic MIDs in 2014
    assert np.isnan(r["war_onsets_before"]) and np.isnan(r["war_onsets_after"])
    assert r["mid_onsets_before"] == 0 and r["mid_onsets_after"] == 0
    assert np.isnan(_row(windows, 1003, "dyad", 5, 2, 20)["mid_onsets_after"])  # 2011-2015 past 2014
    assert r["nuclear_era"] == 1


def test_state_counts(windows):
    r = _row(windows, 1001, "state", 3, 2)
    assert (r["mid_entries_before"], r["mid_entries_after"]) == (1, 2)  # 1903; two disputes entered in 1906
    assert (r["war_entries_before"], r["war_entries_after"]) == (0, 1)
    r = _row(windows, 1002, "state", 3, 2)
    assert (r["mid_entries_before"], r["mid_entries_after"]) == (1, 0)  # 1911
    assert np.isnan(_row(windows, 1001, "dyad", 3, 2, 20)["mid_entries_before"])  # dyad rows carry no state counts


def test_window_estimates_on_the_fixture(windows):
    est = window_estimates(windows)
    cell = est[(est["unit"] == "dyad") & (est["outcome"] == "mid_onsets") & (est["window_years"] == 3)
               & (est["alliances_type"] == "all alliances") & (est["era"] == "pre-1945")].iloc[0]
    # units 1001 (1 before, 2 after) and 1002 (0, 0): totals 1 and 2, one informative cluster only
    assert (cell["before"], cell["after"], cell["n_units"], cell["n_informative"]) == (1, 2, 2, 1)
    assert np.isnan(cell["beta"]) and cell["reason"] == "fewer than 2 clusters"


def test_paired_poisson_matches_fixed_effects_poisson_and_clustered_binomial():
    rng = np.random.default_rng(7)
    n = 60
    clusters = rng.integers(0, 15, n)
    rate = rng.gamma(2.0, 1.0, n)
    before, after = rng.poisson(rate), rng.poisson(rate * 1.5)
    est = paired_poisson(before, after, clusters)
    # the unconditional Poisson with unit dummies gives the same beta (Hausman, Hall & Griliches 1984)
    keep = (before + after) > 0
    k = int(keep.sum())
    y = np.r_[before[keep], after[keep]]
    X = np.c_[np.r_[np.zeros(k), np.ones(k)], np.vstack([np.eye(k), np.eye(k)])]
    pois = sm.GLM(y, X, family=sm.families.Poisson()).fit()
    assert est["beta"] == pytest.approx(pois.params[0], abs=1e-8)
    assert est["se_model"] == pytest.approx(pois.bse[0], rel=1e-6)
    # the conditional likelihood is a binomial logit: statsmodels' cluster-robust error, G / (G - 1) correction
    binom = sm.GLM(np.c_[after[keep], before[keep]], np.ones((k, 1)), family=sm.families.Binomial()).fit(
        cov_type="cluster", cov_kwds={"groups": clusters[keep], "use_correction": True, "df_correction": False})
    assert est["beta"] == pytest.approx(binom.params[0], abs=1e-10)
    assert est["se"] == pytest.approx(binom.bse[0], rel=1e-8)
    assert est["irr"] == pytest.approx(after.sum() / before.sum())


def test_paired_poisson_edge_cases_and_era_difference():
    out = paired_poisson(np.array([0, 0]), np.array([1, 2]), np.array([1, 2]))
    assert np.isnan(out["beta"]) and out["reason"] == "no events on one side"
    with pytest.raises(ValueError, match="no missing values"):
        paired_poisson(np.array([1.0, np.nan]), np.array([1, 2]), np.array([1, 2]))
    a = {"beta": 0.5, "se": 0.3}
    b = {"beta": -0.1, "se": 0.4}
    d = era_difference(a, b)
    assert d["diff"] == pytest.approx(0.6) and d["se"] == pytest.approx(0.5) and d["z"] == pytest.approx(1.2)


def test_paired_poisson_size_under_the_null():
    """Clustered test of beta = 0 rejects about 5% when after and before share the rate (200 simulations)."""
    rng = np.random.default_rng(11)
    rejections = 0
    for _ in range(200):
        g = np.repeat(np.arange(40), 5)
        rate = np.repeat(rng.gamma(1.0, 1.0, 40), 5)  # alliance-level heterogeneity, correlated within clusters
        est = paired_poisson(rng.poisson(rate), rng.poisson(rate), g)
        rejections += est["p_value"] < 0.05
    # 200 draws: a 95% binomial interval around 5% is 2.5%-8.5%; 11% would mean clearly over-rejecting
    assert rejections / 200 < 0.11
