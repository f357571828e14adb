"""The time-series inference library: each function against hand computations or a reference library."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from alliancewar.models.count import fit_count
from alliancewar.models.hac import hac_maxlags, hac_size_warning
from alliancewar.models.multitest import adjust_pvalues, adjust_within
from alliancewar.models.timeseries import (
    FORMS,
    HEADLINE_FORM,
    autocorrelations,
    correlation_tost,
    effective_sample_size,
    ess_correlation_test,
    lead_correlation_table,
    lead_pairs,
    stationary_bootstrap_correlation,
    transform_pairs,
)


@pytest.fixture(scope="module")
def walk():
    """Two independent random walks of 60 years (persistent, like alliance shares)."""
    rng = np.random.default_rng(5)
    return np.cumsum(rng.normal(size=60)), np.cumsum(rng.normal(size=60))


# --------------------------------------------------------------------------- pairs and forms


def test_lead_pairs_by_hand():
    x = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=[1900, 1901, 1902, 1903, 1905])  # 1904 missing
    y = pd.Series([10.0, 20.0, 30.0, 40.0, 50.0, 60.0], index=range(1900, 1906))
    p = lead_pairs(x, y, 2)
    assert list(p.index) == list(range(1900, 1906))
    np.testing.assert_array_equal(p["x"], [1, 2, 3, 4, np.nan, 5])
    np.testing.assert_array_equal(p["y"], [50, 70, 90, 110, np.nan, np.nan])  # y_{t+1} + y_{t+2}
    with pytest.raises(ValueError, match="positive"):
        lead_pairs(x, y, 0)
    with pytest.raises(ValueError, match="one value per year"):
        lead_pairs(pd.concat([x, x]), y, 1)


def test_transforms_by_hand():
    pairs = pd.DataFrame({"x": [1.0, 3.0, 2.0, np.nan, 6.0, 8.0], "y": [2.0, 2.0, 5.0, 1.0, 4.0, 3.0]},
                         index=range(1900, 1906))
    lev = transform_pairs(pairs, "levels")
    assert list(lev.index) == [1900, 1901, 1902, 1904, 1905]
    dif = transform_pairs(pairs, "differenced")  # differences spanning the missing 1903 x are dropped
    assert list(dif.index) == [1901, 1902, 1905]
    np.testing.assert_array_equal(dif["x"], [2.0, -1.0, 2.0])
    np.testing.assert_array_equal(dif["y"], [0.0, 3.0, -1.0])
    chg = transform_pairs(pairs, "change")
    np.testing.assert_array_equal(chg["x"], [2.0, -1.0, 2.0])
    np.testing.assert_array_equal(chg["y"], [2.0, 5.0, 3.0])  # the outcome as observed
    det = transform_pairs(pairs, "detrended")
    t = np.array([1900, 1901, 1902, 1904, 1905], dtype=float)
    for col in ("x", "y"):
        slope, intercept = np.polyfit(t, lev[col].to_numpy(), 1)
        np.testing.assert_allclose(det[col].to_numpy(), lev[col].to_numpy() - (intercept + slope * t), atol=1e-10)
    with pytest.raises(ValueError, match="form must be one of"):
        transform_pairs(pairs, "logs")


def test_forms_and_headline():
    assert FORMS == ("levels", "detrended", "differenced", "change") and HEADLINE_FORM == "change"


# --------------------------------------------------------------------------- ESS test


def test_autocorrelations_equal_statsmodels(walk):
    from statsmodels.tsa.stattools import acf

    a, b = walk
    np.testing.assert_allclose(autocorrelations(a, 12), acf(a, nlags=12, fft=False)[1:], rtol=1e-12)
    stacked = autocorrelations(np.vstack([a, b]), 3)
    np.testing.assert_allclose(stacked[1], acf(b, nlags=3, fft=False)[1:], rtol=1e-12)


def test_effective_sample_size_by_hand():
    a = np.array([1.0, 2.0, 4.0, 3.0, 5.0, 6.0, 5.0, 7.0, 8.0, 9.0])
    b = np.array([2.0, 1.0, 2.0, 3.0, 3.0, 5.0, 4.0, 6.0, 5.0, 7.0])
    n = 10

    def r(z, j):
        d = z - z.mean()
        return np.sum(d[: n - j] * d[j:]) / np.sum(d * d)

    inv = 1 / n + (2 / n) * sum((n - j) / n * r(a, j) * r(b, j) for j in (1, 2))  # J = 10 // 5
    assert effective_sample_size(a, b) == pytest.approx(1 / inv, rel=1e-12)
    assert effective_sample_size(a, b, max_lag=0) == n
    alternating = np.array([1.0, -1.0] * 5)  # lag-1 autocorrelation -0.9, against a trend's +0.7
    assert effective_sample_size(alternating, np.arange(10.0), max_lag=1) == n  # 1/N* < 1/N: capped at n


def test_ess_test_without_autocorrelation_is_the_textbook_test():
    rng = np.random.default_rng(8)
    a = rng.normal(size=80)
    b = 0.3 * a + rng.normal(size=80)
    res = ess_correlation_test(a, b, max_lag=0)
    ref = stats.pearsonr(a, b)
    assert res.n_eff == 80 and res.r == pytest.approx(ref.statistic, rel=1e-12)
    assert res.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    half = stats.norm.ppf(0.975) / math.sqrt(77)
    assert res.conf_low == pytest.approx(math.tanh(math.atanh(res.r) - half), rel=1e-12)
    assert res.conf_high == pytest.approx(math.tanh(math.atanh(res.r) + half), rel=1e-12)
    assert not res.persistent


def test_ess_test_shrinks_n_for_persistent_series(walk):
    a, b = walk
    res = ess_correlation_test(a, b)
    naive = stats.pearsonr(a, b)
    assert res.n_eff < 20 and res.persistent and res.rho1_x > 0.8
    assert res.p_value > naive.pvalue
    assert res.conf_low < res.r < res.conf_high


def test_ess_test_rejects_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        ess_correlation_test(np.ones(5), np.ones(6))
    with pytest.raises(ValueError, match="at least 4"):
        ess_correlation_test(np.arange(3.0), np.arange(3.0))
    with pytest.raises(ValueError, match="missing"):
        ess_correlation_test(np.array([1.0, np.nan, 2, 3, 4]), np.arange(5.0))


# --------------------------------------------------------------------------- stationary bootstrap


def test_stationary_bootstrap_uses_arch_block_length_and_is_seeded(walk):
    from arch.bootstrap import optimal_block_length

    a, b = walk
    res = stationary_bootstrap_correlation(a, b, n_boot=300, seed=3)
    opt = optimal_block_length(np.column_stack([a, b]))["stationary"].to_numpy()
    assert res.block_length_x == pytest.approx(max(1.0, opt[0])) and res.block_length_y == pytest.approx(max(1, opt[1]))
    assert res.block_length == max(res.block_length_x, res.block_length_y)
    assert res == stationary_bootstrap_correlation(a, b, n_boot=300, seed=3)
    assert res != stationary_bootstrap_correlation(a, b, n_boot=300, seed=4)
    assert res.r == pytest.approx(stats.pearsonr(a, b).statistic) and res.conf_low <= res.r <= res.conf_high


def test_stationary_positions_are_archs_sampler_row_by_row():
    from arch.bootstrap.base import stationary_bootstrap_sample

    from alliancewar.models.timeseries import _stationary_indices, stationary_positions

    rng = np.random.default_rng(11)
    starts, u = rng.integers(30, size=(200, 30), dtype=np.int64), rng.random((200, 30))
    want = np.stack([stationary_bootstrap_sample(starts[r].copy(), u[r], 0.25) for r in range(200)])
    np.testing.assert_array_equal(stationary_positions(starts, u.copy(), 0.25), want)
    idx = _stationary_indices(30, 4.0, 400, np.random.default_rng(11))
    assert idx.shape == (400, 30) and idx.min() == 0 and idx.max() == 29
    # blocks: a position continues the previous one (mod n) with probability 1 - 1/4
    cont = np.mean(idx[:, 1:] == (idx[:, :-1] + 1) % 30)
    assert 0.72 < cont < 0.78
    np.testing.assert_array_equal(idx, _stationary_indices(30, 4.0, 400, np.random.default_rng(11)))


def test_stationary_bootstrap_finds_a_strong_iid_correlation_and_not_a_null_one():
    rng = np.random.default_rng(12)
    a = rng.normal(size=150)
    strong = stationary_bootstrap_correlation(a, 0.6 * a + rng.normal(size=150), n_boot=999, seed=1)
    assert strong.p_value < 0.01 and strong.p_null < 0.01 and strong.conf_low > 0.2
    null = [stationary_bootstrap_correlation(rng.normal(size=60), rng.normal(size=60), n_boot=199, seed=i).p_null
            for i in range(60)]
    assert 0.25 < np.mean(null) < 0.75  # p-values of a true null spread over (0, 1)


# --------------------------------------------------------------------------- equivalence


def test_tost_by_hand():
    eq = correlation_tost(0.0, 103.0, 0.2)  # se = 0.1
    expected = stats.norm.sf(math.atanh(0.2) / 0.1)
    assert eq.p_lower == pytest.approx(expected) and eq.p_upper == pytest.approx(expected)
    assert eq.p_tost == pytest.approx(expected) and eq.p_tost < 0.05
    near = correlation_tost(0.19, 103.0, 0.2)
    assert near.p_upper == pytest.approx(stats.norm.cdf((math.atanh(0.19) - math.atanh(0.2)) / 0.1))
    assert near.p_tost > 0.4  # 0.19 is not equivalent to 0 at d = 0.2
    with pytest.raises(ValueError, match="sesoi"):
        correlation_tost(0.1, 50, 1.2)
    with pytest.raises(ValueError, match="n_eff"):
        correlation_tost(0.1, 3, 0.2)


# --------------------------------------------------------------------------- multiple testing


def test_holm_and_bh_by_hand():
    p = [0.01, 0.04, 0.03, np.nan]
    np.testing.assert_allclose(adjust_pvalues(p, "holm"), [0.03, 0.06, 0.06, np.nan], rtol=1e-12)
    np.testing.assert_allclose(adjust_pvalues(p, "bh"), [0.03, 0.04, 0.04, np.nan], rtol=1e-12)
    with pytest.raises(ValueError, match="method"):
        adjust_pvalues(p, "bonferroni")
    with pytest.raises(ValueError, match="between 0 and 1"):
        adjust_pvalues([1.2], "holm")


def test_holm_equals_statsmodels_on_random_families():
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(7)
    for m in (1, 2, 5, 24, 100):
        p = rng.uniform(size=m) ** 3
        p[rng.integers(0, m)] = p[0]  # ties
        np.testing.assert_allclose(adjust_pvalues(p, "holm"), multipletests(p, method="holm")[1], rtol=1e-12)


def test_adjust_within_families():
    t = pd.DataFrame({"period": ["a", "a", "a", "b", "b"], "p_value": [0.01, 0.04, 0.03, 0.02, np.nan]})
    out = adjust_within(t, ["period"])
    np.testing.assert_allclose(out["p_value_holm"], [0.03, 0.06, 0.06, 0.02, np.nan], rtol=1e-12)
    np.testing.assert_allclose(out["p_value_bh"], [0.03, 0.04, 0.04, 0.02, np.nan], rtol=1e-12)
    assert out["family_size"].tolist() == [3, 3, 3, 1, 1]
    one = adjust_within(t, [])
    assert one["family_size"].tolist() == [4] * 5
    np.testing.assert_allclose(one["p_value_holm"], [0.04, 0.06, 0.06, 0.06, np.nan], rtol=1e-12)


# --------------------------------------------------------------------------- HAC


def test_fixed_bandwidth_rule():
    assert [hac_maxlags(n) for n in (46, 84, 100, 192)] == [3, 3, 4, 4]
    with pytest.raises(ValueError, match="rule"):
        hac_maxlags(100, "andrews")
    with pytest.raises(ValueError, match="scores"):
        hac_maxlags(100, "nw_auto")


def test_automatic_bandwidth_is_archs_and_recorded_by_fit_count():
    import statsmodels.api as sm
    from arch.covariance.kernel import Bartlett

    rng = np.random.default_rng(2)
    n = 120
    x = np.cumsum(rng.normal(size=n)) / 5
    X = pd.DataFrame({"x": x, "trend": np.arange(n) / 100, "const": 1.0})
    y = rng.poisson(np.exp(0.3 + 0.2 * x))
    naive = sm.GLM(y, X, family=sm.families.Poisson()).fit()
    scores = naive.model.score_obs(naive.params)[:, :2]
    lags = hac_maxlags(n, "nw_auto", scores)
    assert lags == math.floor(Bartlett(scores, center=False).bandwidth)
    fit = fit_count(y, X, se="hac", hac_bandwidth="nw_auto")
    assert fit.extra["maxlags"] == lags and fit.extra["hac_bandwidth_rule"] == "nw_auto"
    ref = sm.GLM(y, X, family=sm.families.Poisson()).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    np.testing.assert_allclose(fit.bse.to_numpy(), ref.bse.to_numpy(), rtol=1e-8)
    given = fit_count(y, X, se="hac", maxlags=2)
    assert given.extra["maxlags"] == 2 and given.extra["hac_bandwidth_rule"] == "given"
    assert "hac_size_warning" in given.extra


def test_hac_size_warning():
    rng = np.random.default_rng(4)
    white = rng.normal(size=200)
    assert hac_size_warning(200, {"x": rng.normal(size=200)}, white) is None
    short = hac_size_warning(60, {"x": rng.normal(size=60)}, rng.normal(size=60))
    assert short.startswith("HAC standard errors may be too small") and "60 years" in short
    walk = np.cumsum(rng.normal(size=200))
    resid = np.convolve(rng.normal(size=203), np.ones(4) / 2, mode="valid")  # MA(3): lag-1 autocorrelation 0.75
    msg = hac_size_warning(200, {"share": walk}, resid)
    assert "persistent regressor(s) share" in msg and "200 years" not in msg


# --------------------------------------------------------------------------- the table


def test_lead_correlation_table():
    rng = np.random.default_rng(9)
    years = np.arange(1900, 1990)
    x = pd.Series(np.cumsum(rng.normal(size=90)), index=years)
    y = pd.Series(rng.poisson(2.0, size=90).astype(float), index=years)
    t = lead_correlation_table(x, y, (1, 3), n_boot=99, sesoi=0.2, seed=1)
    assert len(t) == 8 and t["form"].tolist() == list(FORMS) * 2
    assert t.loc[t["headline"], "form"].unique().tolist() == [HEADLINE_FORM]
    row = t[(t["lead"] == 3) & (t["form"] == "levels")].iloc[0]
    pairs = lead_pairs(x, y, 3).dropna()
    assert row["n"] == len(pairs) == 87 and row["first_year"] == 1900 and row["last_year"] == 1986
    ref = ess_correlation_test(pairs["x"].to_numpy(), pairs["y"].to_numpy())
    assert row["r"] == pytest.approx(ref.r) and row["p_value"] == pytest.approx(ref.p_value)
    assert row["p_tost"] == pytest.approx(correlation_tost(ref.r, ref.n_eff, 0.2).p_tost)
    pd.testing.assert_frame_equal(t, lead_correlation_table(x, y, (1, 3), n_boot=99, sesoi=0.2, seed=1))
    assert "p_boot" not in lead_correlation_table(x, y, (1,), n_boot=0).columns
    with pytest.raises(ValueError, match="lead 1, levels: only 5 complete year pairs"):
        lead_correlation_table(x.iloc[:6], y.iloc[:6], (1,), n_boot=0)
