"""Lead correlations: pairs, scipy agreement, block bootstrap and seeds."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from alliancewar.models.estimators import _block_bootstrap_indices, lagged_correlations


@pytest.fixture(scope="module")
def series():
    """Alliance share x and war counts y, 1900-1959, with y partly driven by last year's x."""
    rng = np.random.default_rng(31)
    years = np.arange(1900, 1960)
    x = pd.Series(rng.random(60), index=years)
    y = pd.Series(rng.poisson(1 + 3 * np.r_[0.5, x.to_numpy()[:-1]]), index=years)
    return x, y


def _pairs(x: pd.Series, y: pd.Series, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(x_t, y_{t+1} + ... + y_{t+k}) for every year whose window is complete, by a plain loop."""
    a, b = [], []
    for t in x.index:
        window = [t + j for j in range(1, k + 1)]
        if all(year in y.index for year in window):
            a.append(x[t])
            b.append(sum(y[year] for year in window))
    return np.array(a), np.array(b, dtype=float)


def test_coefficients_and_pvalues_equal_scipy(series):
    x, y = series
    y = y.drop(1930)  # a missing year removes every window that covers it
    out = lagged_correlations(x, y, leads=(1, 3, 5), n_boot=200)
    assert list(out.columns) == [
        "lead", "method", "r", "conf_low", "conf_high", "p_value",
        "p_boot", "n", "block_length", "n_boot"
    ]
    assert len(out) == 6
    for row in out.itertuples():
        a, b = _pairs(x, y, row.lead)
        ref = stats.pearsonr(a, b) if row.method == "pearson" else stats.spearmanr(a, b)
        assert row.n == len(a) == 60 - row.lead - row.lead  # end of data and the gap
        assert row.r == pytest.approx(ref.statistic, rel=1e-12)
        assert row.p_value == pytest.approx(ref.pvalue, rel=1e-9)
        assert row.block_length == math.ceil(len(a) ** (1 / 3))
        assert row.conf_low <= row.r <= row.conf_high


def test_seeded_bootstrap_is_reproducible(series):
    x, y = series
    first = lagged_correlations(x, y, n_boot=300, seed=7)
    pd.testing.assert_frame_equal(first, lagged_correlations(x, y, n_boot=300, seed=7))
    other = lagged_correlations(x, y, n_boot=300, seed=8)
    np.testing.assert_array_equal(first["r"], other["r"])
    assert not np.allclose(first["conf_low"], other["conf_low"])


def test_one_block_of_full_length_reproduces_the_sample(series):
    x, y = series
    out = lagged_correlations(x, y, leads=(2,), n_boot=50, block_length=58)
    np.testing.assert_allclose(out["conf_low"], out["r"], rtol=1e-12)
    np.testing.assert_allclose(out["conf_high"], out["r"], rtol=1e-12)


def test_iid_bootstrap_interval_close_to_fisher_z():
    rng = np.random.default_rng(32)
    n = 400
    x = rng.normal(size=n + 1)
    y = np.r_[0.0, 0.5 * x[:-1] + rng.normal(size=n)]
    years = np.arange(1800, 1801 + n)
    out = lagged_correlations(pd.Series(x, years), pd.Series(y, years), leads=(1,), methods=("pearson",),
                              n_boot=4000, block_length=1)
    r = out["r"].iloc[0]
    half = 1.959963984540054 / math.sqrt(n - 3)
    low, high = np.tanh(np.arctanh(r) - half), np.tanh(np.arctanh(r) + half)
    assert out["conf_low"].iloc[0] == pytest.approx(low, abs=0.02)
    assert out["conf_high"].iloc[0] == pytest.approx(high, abs=0.02)


def test_resamples_are_runs_of_consecutive_positions():
    idx = _block_bootstrap_indices(23, 4, 50, np.random.default_rng(0))
    assert idx.shape == (50, 23) and idx.min() >= 0 and idx.max() <= 22
    blocks = idx[:, :20].reshape(50, 5, 4)
    np.testing.assert_array_equal(np.diff(blocks, axis=2), 1)


def test_input_errors(series):
    x, y = series
    with pytest.raises(ValueError, match="one value per year"):
        lagged_correlations(pd.concat([x, x.iloc[:1]]), y)
    with pytest.raises(ValueError, match="unknown correlation methods"):
        lagged_correlations(x, y, methods=("kendall",))
    with pytest.raises(ValueError, match="leads must be positive"):
        lagged_correlations(x, y, leads=(0,))


def test_bootstrap_p_value_matches_interval():
    """p_boot < 0.05 exactly when the 95% percentile interval excludes 0 (same replicates)."""
    import numpy as np
    import pandas as pd

    from alliancewar.models.estimators import lagged_correlations

    rng = np.random.default_rng(3)
    years = np.arange(1900, 2000)
    x = pd.Series(rng.normal(size=100).cumsum(), index=years)
    y = pd.Series(rng.poisson(np.exp(0.3 * (x - x.mean()) / x.std())), index=years)
    out = lagged_correlations(x, y, leads=(1, 3), n_boot=500, seed=1)
    assert out["p_boot"].between(0, 1).all()
    for r in out.itertuples():
        excludes = r.conf_low > 0 or r.conf_high < 0
        assert (r.p_boot < 0.05) == excludes or abs(r.p_boot - 0.05) < 0.01
