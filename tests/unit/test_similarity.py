"""Alliance portfolio similarity on a hand-computed fixture, brute-force twins and published properties.

Fixture year (four states A=2, B=20, C=200, D=365), ties 0-3 (each state 3 with itself):
A-B defense (3), A-C entente (1), B-C none, C-D neutrality (2), A-D and B-D none.

    A: [3, 3, 1, 0]   B: [3, 3, 0, 0]   C: [1, 0, 3, 2]   D: [0, 0, 2, 3]

S(A, B) by hand: |d| = 0, 0, 1, 0 -> sum 1; S = 1 - 2 * (1/3) / 4 = 5/6.
S(C, D): |d| = 1, 0, 1, 1 -> sum 3; S = 1 - 2 * (3/3) / 4 = 1/2.
S(A, D): |d| = 3, 3, 1, 3 -> sum 10; S = 1 - 2 * (10/3) / 4 = -2/3.
Weighted by CINC w = (0.4, 0.1, 0.3, 0.2): S(A, D) = 1 - 2 * (0.4*3 + 0.1*3 + 0.3*1 + 0.2*3) / 3 = -0.6.
Regional (A, B in region 1, C, D in region 2): S_reg(A, B) over A, B only = 1; S_reg(A, C) over all four.
tau-b(A, B): pairs of k (6): (A,B) tie in both, (A,C) conc., (A,D) conc., (B,C) conc., (B,D) conc.,
(C,D) x: 1>0, y: 0=0 -> tie in y. n_c = 4, n_d = 0, ties x: {A,B} -> 1, ties y: {A,B},{C,D} -> 2;
tau-b = 4 / sqrt((6-1)(6-2)) = 4 / sqrt(20).
Cohen's kappa(A, B): D_o = 1/3 / 4 = 1/12; level shares A: (1/4 [0], 1/4 [1], 0, 2/4 [3]),
B: (2/4 [0], 0, 0, 2/4 [3]); D_e = sum_ab pA(a) pB(b) |a-b|/3 = (1/4*2/4*0 + 1/4*2/4*1 + 1/4*2/4*1/3
+ 1/4*2/4*2/3 + 2/4*2/4*1 + 2/4*2/4*0) = 1/8 + 1/24 + 1/12 + 1/4 = 1/2; kappa = 1 - (1/12)/(1/2) = 5/6.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau

from alliancewar.panels.similarity import (MEASURES, atop_tie_levels, cow_region, cow_tie_levels,
                                           portfolio_measures, similarity_dyad_years)

TIES = np.array([[3, 3, 1, 0], [3, 3, 0, 0], [1, 0, 3, 2], [0, 0, 2, 3]])
CINC = np.array([0.4, 0.1, 0.3, 0.2])
REGION = np.array([1, 1, 2, 2])


@pytest.fixture(scope="module")
def fixture_measures():
    return portfolio_measures(TIES, CINC, REGION)


def test_s_by_hand(fixture_measures):
    s = fixture_measures["s_un_glo"]
    assert s[0, 1] == pytest.approx(5 / 6)
    assert s[2, 3] == pytest.approx(1 / 2)
    assert s[0, 3] == pytest.approx(-2 / 3)
    assert fixture_measures["s_wt_glo"][0, 3] == pytest.approx(-0.6)


def test_regional_s_uses_the_union_of_the_two_regions(fixture_measures):
    assert fixture_measures["s_un_reg"][0, 1] == pytest.approx(1.0)  # A, B differ only on C, outside region 1
    assert fixture_measures["s_un_reg"][0, 2] == pytest.approx(fixture_measures["s_un_glo"][0, 2])
    # weighted regional S(A, B): over A, B (weights 0.4, 0.1), identical ties
    assert fixture_measures["s_wt_reg"][0, 1] == pytest.approx(1.0)


def test_tau_b_and_kappa_by_hand(fixture_measures):
    assert fixture_measures["taub"][0, 1] == pytest.approx(4 / np.sqrt(20))
    assert fixture_measures["kappa"][0, 1] == pytest.approx(5 / 6)


def test_identical_portfolios_score_one_and_every_measure_is_symmetric_and_bounded():
    rng = np.random.default_rng(7)
    n = 30
    ties = rng.integers(0, 4, (n, n))
    ties = np.triu(ties, 1) + np.triu(ties, 1).T
    np.fill_diagonal(ties, 3)
    ties[1] = ties[0]  # state 1 copies state 0's portfolio ...
    ties[:, 1] = ties[:, 0]  # ... and everyone ties to 1 as to 0, so both rows are identical
    ties[0, 1] = ties[1, 0] = ties[0, 0] = ties[1, 1] = 3
    out = portfolio_measures(ties, rng.random(n), rng.integers(1, 4, n))
    for k in ("s_un_glo", "s_wt_glo", "s_un_reg", "s_wt_reg", "taub", "kappa", "pi"):
        assert out[k][0, 1] == pytest.approx(1.0), k
        off = ~np.eye(n, dtype=bool)
        assert np.allclose(out[k], out[k].T, equal_nan=True), k
        vals = out[k][off]
        assert np.nanmin(vals) >= -1 - 1e-12 and np.nanmax(vals) <= 1 + 1e-12, k


@pytest.mark.parametrize("exponent", [1.0, 2.0, 1.5])
def test_matches_a_brute_force_pair_by_pair_computation(exponent):
    """S (fpsim's srs formula), tau-b (scipy), kappa and pi (fpsim's tables) for every pair, each computed directly."""
    rng = np.random.default_rng(11)
    n = 25
    ties = rng.integers(0, 4, (n, n))
    np.fill_diagonal(ties, 3)
    w, reg = rng.random(n), rng.integers(1, 4, n)
    out = portfolio_measures(ties, w, reg, exponent=exponent)
    lv = np.arange(4)
    dmat = (np.abs(lv[:, None] - lv[None, :]) / 3) ** exponent
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            x, y = ties[i], ties[j]
            d = (np.abs(x - y) / 3) ** exponent
            k = (reg == reg[i]) | (reg == reg[j])
            px, py = np.bincount(x, minlength=4) / n, np.bincount(y, minlength=4) / n
            pp = (px + py) / 2
            want = {"s_un_glo": 1 - 2 * d.mean(), "s_wt_glo": 1 - 2 * (w * d).sum() / w.sum(),
                    "s_un_reg": 1 - 2 * d[k].mean(), "s_wt_reg": 1 - 2 * (w[k] * d[k]).sum() / w[k].sum(),
                    "taub": kendalltau(x, y).statistic, "kappa": 1 - d.mean() / (px @ dmat @ py),
                    "pi": 1 - d.mean() / (pp @ dmat @ pp)}
            for name, value in want.items():
                assert out[name][i, j] == pytest.approx(value, abs=1e-12), (name, i, j)


def test_tie_levels_follow_the_documented_ranking():
    atop = pd.DataFrame({"atop_defense": [1, 0, 0, 0, 0, 0], "atop_offense": [0, 1, 0, 0, 0, 0],
                         "atop_neutral": [0, 0, 1, 0, 0, 0], "atop_consul": [0, 0, 0, 1, 0, 0],
                         "atop_nonagg": [1, 0, 0, 0, 1, 0]})
    assert atop_tie_levels(atop).tolist() == [3, 3, 2, 2, 1, 0]
    cow = pd.DataFrame({"cow_defense": [1, 0, 0, 0], "cow_neutrality": [1, 1, 0, 0], "cow_nonaggression": [1, 0, 1, 0],
                        "cow_entente": [1, 1, 1, 1]})
    assert cow_tie_levels(cow).tolist() == [3, 2, 2, 1]
    assert cow_region(np.array([2, 165, 200, 395, 402, 626, 630, 698, 700, 990])).tolist() == [1, 1, 2, 2, 3, 3, 4, 4,
                                                                                               5, 5]


def test_dyad_years_from_tables_match_the_matrix_and_ignore_non_members():
    members = pd.DataFrame({"ccode": [2, 20, 200, 365, 2, 20], "year": [1900] * 4 + [1901] * 2})
    allied = pd.DataFrame({"ccode1": [2, 2, 200, 2, 2], "ccode2": [20, 200, 365, 20, 999],
                           "year": [1900, 1900, 1900, 1901, 1901]})
    levels = np.array([3, 1, 2, 3, 3])  # the 999 tie (no such member) is ignored
    cinc = pd.DataFrame({"ccode": [2, 20, 200, 365], "year": 1900, "cinc": CINC})
    out = similarity_dyad_years(members, allied, levels, "atop", cinc, region=lambda c: np.array([1, 1, 2, 2])[
        : len(c)] if len(c) == 4 else np.ones(len(c)))
    assert list(out.columns) == ["ccode1", "ccode2", "year", *[f"atop_{m}" for m in MEASURES]]
    assert len(out) == 6 + 1
    row = out.query("ccode1 == 2 and ccode2 == 365 and year == 1900").iloc[0]
    assert row["atop_s_un_glo"] == pytest.approx(-2 / 3) and row["atop_s_wt_glo"] == pytest.approx(-0.6)
    assert out.query("year == 1901")["atop_s_un_glo"].iloc[0] == pytest.approx(1.0)
    assert np.isnan(out.query("year == 1901")["atop_s_wt_glo"].iloc[0])  # no CINC in 1901: total weight 0
