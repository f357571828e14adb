"""Correlation inference for short, persistent annual series (system-years).

System-level alliance measures barely move from year to year (lag-1 autocorrelation 0.9-0.98)
and span 46-200 years, so the textbook t test of a correlation is invalid (two independent
AR(1) series with coefficient 0.95 are "significantly" correlated in 54-66% of samples of
46-192 years) and so is the moving-block bootstrap with blocks of 4-6 years that the pipeline
used before (32-37%; ``tests/unit/test_timeseries_size.py`` keeps it as a reference). This module gives pure functions
for the tests a time-series referee accepts:

* :func:`lead_pairs` and :func:`transform_pairs` -- the pairs ``(x_t, y_{t+1} + ... + y_{t+k})``
  of a lead window in each of :data:`FORMS`: levels, linearly detrended (both series),
  first-differenced (both series) and "change" (the change of x against the outcome window);
* :func:`ess_correlation_test` -- Pearson's r with the effective sample size of Pyper &
  Peterman (1998) (after Bartlett 1946 and Chelton 1983), its p-value and Fisher-z interval;
* :func:`stationary_bootstrap_correlation` -- the stationary bootstrap (Politis & Romano
  1994) with the block length chosen from the data (Politis & White 2004; Patton, Politis &
  White 2009), from the ``arch`` package;
* :func:`correlation_tost` -- the two one-sided tests of equivalence (Schuirmann 1987) for a
  correlation against a smallest effect size of interest;
* :func:`lead_correlation_table` -- all of them for several leads and forms of one pair of
  series.

Which test holds its size (rejections at a nominal 5%, 1,000 seeded replications, lengths
46-192; ``benchmarks/sim_system_inference.py`` prints them all):

* two series: the ESS test on first differences of both (4-5%, also with linear trends; a
  shared component explaining half of each series' variance is found in 95-100%). In levels
  7-8% and detrended 10-12% when both series are AR(1) with coefficient 0.95; with linear
  trends the levels test rejects 18-26%. The stationary bootstrap rejects 22-28% in levels
  and detrended forms, 3.5-6.5% in differences.
* lead windows (:data:`HEADLINE_FORM` ``"change"``): the change of a trending AR(1) series
  against independent counts in t+1..t+k, 3-5% for k = 1 and 5 (an effect of last year's
  change on the counts is found in 92-100% for k = 1; diluted over five years, 16-67%). The "differenced" form pairs the change of x with
  ``y_{t+k} - y_t``, which holds the outcome of year t: when x reacts to y within the year
  (wars ending alliances, METHODS pitfall 12) that reaction enters the correlation. On the
  real data the share allied falls in years in which wars begin (r = -0.19 between its change
  and the wars begun in the same year), which makes every differenced lead correlation look
  positive; it is reported, never the headline.

:func:`ess_correlation_test` flags a pair (``persistent``) when the geometric mean of the two
lag-1 autocorrelations exceeds :data:`PERSISTENCE_FLAG`: there every test here may
over-reject.

Inputs are year-indexed ``pandas.Series`` (for the pairs) or arrays whose last axis is time,
so a simulation can test many replications at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "FORMS",
    "HEADLINE_FORM",
    "PERSISTENCE_FLAG",
    "BootstrapTest",
    "CorrelationTest",
    "EquivalenceTest",
    "autocorrelations",
    "correlation_tost",
    "effective_sample_size",
    "ess_correlation_test",
    "forward_sum",
    "lead_correlation_table",
    "lead_pairs",
    "stationary_bootstrap_correlation",
    "transform_pairs",
]

#: Forms of a pair: as observed, linear trend removed from both, both first-differenced, and
#: the change of x (its first difference) against the outcome as observed.
FORMS = ("levels", "detrended", "differenced", "change")
#: The headline form of a lead design: valid for trending (and unit-root) series, size-tested,
#: and -- unlike "differenced" -- without the outcome of year t in the pair.
HEADLINE_FORM = "change"
#: Geometric mean of the two lag-1 autocorrelations above which the tests may over-reject.
PERSISTENCE_FLAG = 0.6
#: Pyper & Peterman's (1998) number of autocorrelation lags: N / 5.
_LAG_FRACTION = 5


@dataclass(frozen=True)
class CorrelationTest:
    """Pearson correlation with an autocorrelation-adjusted test (arrays for stacked input).

    Attributes
    ----------
    r
        Pearson's correlation coefficient.
    n
        Number of pairs.
    n_eff
        Effective sample size (between 3 and ``n``).
    p_value
        Two-sided p-value of ``r = 0``: t test with ``n_eff - 2`` degrees of freedom.
    conf_low, conf_high
        Fisher-z interval with standard error ``1 / sqrt(n_eff - 3)`` (NaN when
        ``n_eff <= 3``).
    rho1_x, rho1_y
        Lag-1 sample autocorrelations of the two series.
    persistent
        True when ``sqrt(rho1_x * rho1_y) > PERSISTENCE_FLAG``: the test may over-reject.
    """

    r: np.ndarray | float
    n: int
    n_eff: np.ndarray | float
    p_value: np.ndarray | float
    conf_low: np.ndarray | float
    conf_high: np.ndarray | float
    rho1_x: np.ndarray | float
    rho1_y: np.ndarray | float
    persistent: np.ndarray | bool


@dataclass(frozen=True)
class BootstrapTest:
    """Stationary-bootstrap inference for a correlation.

    Attributes
    ----------
    r
        Pearson's correlation coefficient.
    n
        Number of pairs.
    p_value
        Twice the smaller share of pair-resampled correlations on either side of 0 (the
        test that inverts the percentile interval).
    p_null
        Share of correlations of independently resampled series at least as large in
        absolute value as ``r`` (the null of independence imposed), ``(1 + #) / (1 + B)``.
    conf_low, conf_high
        Percentile interval of the pair-resampled correlations.
    block_length
        Mean block length of the joint resampling (the larger of the two series' optimal
        lengths).
    block_length_x, block_length_y
        Optimal mean block lengths of each series (used for the null resampling).
    n_boot
        Number of resamples.
    """

    r: float
    n: int
    p_value: float
    p_null: float
    conf_low: float
    conf_high: float
    block_length: float
    block_length_x: float
    block_length_y: float
    n_boot: int


@dataclass(frozen=True)
class EquivalenceTest:
    """Two one-sided tests (TOST) of a correlation against a smallest effect size of interest.

    Attributes
    ----------
    sesoi
        Smallest effect size of interest ``d`` (a correlation, ``0 < d < 1``).
    p_lower
        One-sided p-value of ``H0: rho <= -d`` against ``rho > -d``.
    p_upper
        One-sided p-value of ``H0: rho >= d`` against ``rho < d`` (also the test that the
        correlation is below the smallest positive effect of interest).
    p_tost
        ``max(p_lower, p_upper)``: equivalence (``|rho| < d``) when below alpha.
    """

    sesoi: float
    p_lower: float
    p_upper: float
    p_tost: float


# ---------------------------------------------------------------------------------------
# Pairs of a lead window and their forms
# ---------------------------------------------------------------------------------------


def forward_sum(y: pd.Series, k: int) -> pd.Series:
    """``y_{t+1} + ... + y_{t+k}`` on ``y``'s index, NaN where any term is missing or beyond the data.

    Parameters
    ----------
    y
        Series on consecutive integer years.
    k
        Window length (``k >= 1``).
    """
    if k < 1:
        raise ValueError(f"leads must be positive, got {k}")
    return y.rolling(k, min_periods=k).sum().shift(-k)


def lead_pairs(x: pd.Series, y: pd.Series, lead: int) -> pd.DataFrame:
    """The pairs ``(x_t, y_{t+1} + ... + y_{t+k})`` on every calendar year of the two series.

    Parameters
    ----------
    x, y
        Series indexed by integer year (one value per year; gaps allowed).
    lead
        Window length ``k``.

    Returns
    -------
    pandas.DataFrame
        Columns ``x`` and ``y`` (the window sum), indexed by every year from the first to the
        last year of either series; NaN where ``x_t`` or any term of the window is missing,
        so a window never runs past the data or across a gap.
    """
    for name, s in (("x", x), ("y", y)):
        if s.index.has_duplicates:
            raise ValueError(f"{name} must have one value per year")
    years = pd.RangeIndex(int(min(x.index.min(), y.index.min())), int(max(x.index.max(), y.index.max())) + 1)
    xs, ys = x.reindex(years).astype(float), y.reindex(years).astype(float)
    return pd.DataFrame({"x": xs, "y": forward_sum(ys, lead)}, index=years)


def transform_pairs(pairs: pd.DataFrame, form: str) -> pd.DataFrame:
    """Complete pairs in one of :data:`FORMS`.

    * ``"levels"``: the pairs as they are;
    * ``"detrended"``: each column minus its least-squares line on the year (over the
      complete pairs), which removes a linear trend from both series;
    * ``"differenced"``: first differences ``z_t - z_{t-1}`` of both columns, between
      consecutive calendar years only (a gap or a missing pair removes the differences
      that span it). Removes linear trends and unit roots. For a lead window the
      difference of the window sums is ``y_{t+k} - y_t``: it holds the outcome of year t,
      so an x that reacts to y within the year (wars ending alliances, METHODS pitfall 12)
      enters the correlation;
    * ``"change"``: the first difference of ``x`` (its change from ``t-1`` to ``t``) against
      the outcome window as observed: "growth of x in t, outcome in t+1..t+k". Valid for
      trending series as long as the change of x is not itself persistent (flagged by
      :func:`ess_correlation_test`).

    Parameters
    ----------
    pairs
        Output of :func:`lead_pairs` (a consecutive year index with NaN where undefined).
    form
        One of :data:`FORMS`.

    Returns
    -------
    pandas.DataFrame
        Rows with both values defined, indexed by year.
    """
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}, got {form!r}")
    if form in ("differenced", "change"):
        full = pairs.reindex(pd.RangeIndex(int(pairs.index.min()), int(pairs.index.max()) + 1))
        out = full.diff() if form == "differenced" else full.assign(x=full["x"].diff())
        return out.dropna()
    out = pairs.dropna()
    if form == "levels" or len(out) < 3:
        return out
    t = out.index.to_numpy(dtype=float)
    design = np.column_stack([np.ones_like(t), t - t.mean()])
    coef, *_ = np.linalg.lstsq(design, out.to_numpy(), rcond=None)
    return pd.DataFrame(out.to_numpy() - design @ coef, index=out.index, columns=out.columns)


# ---------------------------------------------------------------------------------------
# Effective-sample-size correlation test
# ---------------------------------------------------------------------------------------


def autocorrelations(a: np.ndarray, nlags: int) -> np.ndarray:
    """Sample autocorrelations at lags 1..nlags along the last axis.

    ``r_j = sum_{t=1}^{n-j} (a_t - abar)(a_{t+j} - abar) / sum_t (a_t - abar)^2`` (the usual
    estimator, statsmodels' ``acf``). A constant series gives NaN.

    Parameters
    ----------
    a
        Array of shape ``(..., n)``.
    nlags
        Largest lag (``< n``).

    Returns
    -------
    numpy.ndarray
        Shape ``(..., nlags)``.
    """
    a = np.asarray(a, dtype=float)
    n = a.shape[-1]
    if not 0 <= nlags < n:
        raise ValueError(f"nlags must be between 0 and {n - 1}, got {nlags}")
    d = a - a.mean(axis=-1, keepdims=True)
    denom = np.sum(d * d, axis=-1)
    out = np.stack([np.sum(d[..., : n - j] * d[..., j:], axis=-1) for j in range(1, nlags + 1)], axis=-1) \
        if nlags else np.empty((*a.shape[:-1], 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return out / denom[..., None]


def effective_sample_size(a: np.ndarray, b: np.ndarray, max_lag: int | None = None) -> np.ndarray | float:
    """Effective number of independent pairs for the correlation of two autocorrelated series.

    Pyper & Peterman (1998, eq. 1), after Bartlett (1946) and Chelton (1983)::

        1 / N* = 1 / N + (2 / N) * sum_{j=1}^{J} ((N - j) / N) r_a(j) r_b(j),   J = N / 5

    with the sample autocorrelations ``r`` of :func:`autocorrelations`. ``N*`` is kept
    between 3 and ``N`` (negative products of autocorrelations, e.g. of over-differenced
    series, would otherwise give ``N* > N``).

    Parameters
    ----------
    a, b
        Arrays of the same shape ``(..., N)``.
    max_lag
        ``J``; default ``N // 5`` (Pyper & Peterman's choice).

    Returns
    -------
    float or numpy.ndarray
        ``N*`` for each series pair.

    References
    ----------
    Bartlett, M. S. (1946). On the theoretical specification and sampling properties of
    autocorrelated time-series. *Supplement to the JRSS* 8(1), 27-41.
    Chelton, D. B. (1983). Effects of sampling errors in statistical estimation.
    *Deep-Sea Research* 30(10), 1083-1103.
    Pyper, B. J. & Peterman, R. M. (1998). Comparison of methods to account for
    autocorrelation in correlation analyses of fish data. *Canadian Journal of Fisheries
    and Aquatic Sciences* 55(9), 2127-2140.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    n = a.shape[-1]
    lags = n // _LAG_FRACTION if max_lag is None else int(max_lag)
    j = np.arange(1, lags + 1)
    products = ((n - j) / n) * autocorrelations(a, lags) * autocorrelations(b, lags)
    inv = 1.0 / n + (2.0 / n) * np.sum(products, axis=-1)
    n_eff = np.clip(1.0 / np.maximum(inv, 1.0 / n), 3.0, float(n))  # inv < 1/N (even < 0) means N* > N
    return float(n_eff) if np.ndim(n_eff) == 0 else n_eff


def _pearson(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pearson's r along the last axis (NaN when a series is constant)."""
    da = a - a.mean(axis=-1, keepdims=True)
    db = b - b.mean(axis=-1, keepdims=True)
    denom = np.sqrt(np.sum(da * da, axis=-1) * np.sum(db * db, axis=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sum(da * db, axis=-1) / denom


def ess_correlation_test(a: np.ndarray, b: np.ndarray, *, max_lag: int | None = None, alpha: float = 0.05
                         ) -> CorrelationTest:
    """Pearson correlation tested with the effective sample size of Pyper & Peterman (1998).

    ``t = r sqrt((N* - 2) / (1 - r^2))`` is referred to Student's t with ``N* - 2`` degrees
    of freedom (:func:`effective_sample_size`); the interval is Fisher's z transform with
    standard error ``1 / sqrt(N* - 3)``. Vectorised: stacked series (last axis time) give
    arrays of results.

    Size (two independent AR(1) series, coefficient 0.95, 5% level, 1,000 seeded
    replications; ``tests/unit/test_timeseries_size.py``): first differences 4-5% at every
    length 46-192 (the old moving-block bootstrap on the same draws: 32-37%); levels 7-8%;
    detrended 10-12% (both flagged ``persistent``). With linear trends in both series the
    levels test rejects 18-26%, the differenced one still 4-5%.

    Parameters
    ----------
    a, b
        Arrays of the same shape ``(..., N)``, ``N >= 4``, without missing values.
    max_lag
        Autocorrelation lags used by :func:`effective_sample_size` (default ``N // 5``).
    alpha
        One minus the coverage of the interval.

    Returns
    -------
    CorrelationTest
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    n = a.shape[-1]
    if n < 4:
        raise ValueError(f"need at least 4 pairs, got {n}")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("a and b must not contain missing or infinite values")
    r = _pearson(a, b)
    n_eff = effective_sample_size(a, b, max_lag)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = r * np.sqrt((n_eff - 2.0) / (1.0 - r * r))
        p = 2.0 * stats.t.sf(np.abs(t), n_eff - 2.0)
        half = stats.norm.ppf(1.0 - alpha / 2.0) / np.sqrt(np.where(n_eff > 3.0, n_eff - 3.0, np.nan))
        z = np.arctanh(np.clip(r, -1.0, 1.0))
    rho_a, rho_b = autocorrelations(a, 1)[..., 0], autocorrelations(b, 1)[..., 0]
    persistent = np.sqrt(np.clip(rho_a * rho_b, 0.0, None)) > PERSISTENCE_FLAG
    scalar = np.ndim(r) == 0
    conv = float if scalar else np.asarray
    return CorrelationTest(r=conv(r), n=n, n_eff=conv(n_eff), p_value=conv(p), conf_low=conv(np.tanh(z - half)),
                           conf_high=conv(np.tanh(z + half)), rho1_x=conv(rho_a), rho1_y=conv(rho_b),
                           persistent=bool(persistent) if scalar else persistent)


# ---------------------------------------------------------------------------------------
# Stationary bootstrap
# ---------------------------------------------------------------------------------------


def optimal_block_lengths(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Politis & White (2004) mean block lengths of the stationary bootstrap for each series.

    From ``arch.bootstrap.optimal_block_length`` (with the correction of Patton, Politis &
    White 2009), at least 1.
    """
    from arch.bootstrap import optimal_block_length

    lengths = optimal_block_length(np.column_stack([a, b]))["stationary"].to_numpy()
    return max(1.0, float(lengths[0])), max(1.0, float(lengths[1]))


def stationary_positions(starts: np.ndarray, u: np.ndarray, p: float) -> np.ndarray:
    """Stationary-bootstrap positions from uniform draws, for every resample at once.

    ``arch``'s sampler (``arch.bootstrap.base.stationary_bootstrap_sample``) applied to each
    row: position 0 and every position with ``u <= p`` start a block at the drawn index
    ``starts``; the others continue the block (previous position + 1, wrapping to 0).

    Parameters
    ----------
    starts
        ``(B, n)`` integers in ``[0, n)``.
    u
        ``(B, n)`` uniforms.
    p
        Probability of starting a new block (one over the mean block length).
    """
    n = starts.shape[1]
    new = u <= p
    new[:, 0] = True
    cols = np.arange(n)
    first = np.maximum.accumulate(np.where(new, cols, 0), axis=1)
    return (np.take_along_axis(starts, first, axis=1) + cols - first) % n


def _stationary_indices(n: int, block_length: float, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``(n_boot, n)`` positions of stationary-bootstrap resamples.

    ``arch``'s sampler with all draws made at once (``arch.bootstrap.StationaryBootstrap``
    draws them resample by resample: 10 ms per 499 resamples of 190 years against 2.6 ms
    here, 960 times in the default run's claim designs).
    """
    starts = rng.integers(n, size=(n_boot, n), dtype=np.int64)
    return stationary_positions(starts, rng.random((n_boot, n)), 1.0 / block_length)


def stationary_bootstrap_correlation(a: np.ndarray, b: np.ndarray, *, n_boot: int = 1999,
                                     block_length: float | None = None, seed: int = 20251201,
                                     alpha: float = 0.05) -> BootstrapTest:
    """Pearson correlation with stationary-bootstrap inference (Politis & Romano 1994).

    Blocks of geometrically distributed length (mean ``block_length``) start at uniform
    positions and wrap around the end of the sample (``arch``'s stationary-bootstrap sampler,
    vectorised over resamples: :func:`stationary_positions`).
    The mean block length is chosen from the data (:func:`optimal_block_lengths`, Politis &
    White 2004 with Patton et al. 2009): pairs are resampled jointly with the larger of the
    two series' lengths (percentile interval and its p-value); for ``p_null`` each series is
    resampled independently with its own length, which imposes independence.

    Size (same designs as :func:`ess_correlation_test`, 200 replications, 499 resamples;
    ``benchmarks/sim_system_inference.py``): in levels and detrended forms the bootstrap
    over-rejects badly (22-28% at a nominal 5% for both p-values: mean blocks of 8-19 years
    cannot reproduce the dependence of series with autocorrelation 0.95); first differences
    3.5-6.5%. Use it as a check of the headline ESS test, not instead of it. For a
    differenced lead window (``y_{t+k} - y_t``, strongly negatively autocorrelated at lag k)
    the Politis-White length can be very long (about 40 years on the real data).

    Parameters
    ----------
    a, b
        1-D arrays of equal length without missing values.
    n_boot
        Number of resamples.
    block_length
        Mean block length for both resamplings; ``None`` chooses it from the data.
    seed
        Seed of the random generator (same seed, same result).
    alpha
        One minus the coverage of the interval.

    Returns
    -------
    BootstrapTest

    References
    ----------
    Politis, D. N. & Romano, J. P. (1994). The stationary bootstrap. *JASA* 89(428),
    1303-1313.
    Politis, D. N. & White, H. (2004). Automatic block-length selection for the dependent
    bootstrap. *Econometric Reviews* 23(1), 53-70.
    Patton, A., Politis, D. N. & White, H. (2009). Correction to "Automatic block-length
    selection for the dependent bootstrap". *Econometric Reviews* 28(4), 372-375.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or a.shape != b.shape:
        raise ValueError("a and b must be 1-D arrays of the same length")
    n = len(a)
    if n < 4:
        raise ValueError(f"need at least 4 pairs, got {n}")
    if block_length is None:
        len_a, len_b = optimal_block_lengths(a, b)
    else:
        len_a = len_b = float(block_length)
    joint = max(len_a, len_b)
    rng = np.random.default_rng(seed)
    idx = _stationary_indices(n, joint, n_boot, rng)
    boot = _pearson(a[idx], b[idx])
    null = _pearson(a[_stationary_indices(n, len_a, n_boot, rng)], b[_stationary_indices(n, len_b, n_boot, rng)])
    r = float(_pearson(a, b))
    finite = boot[np.isfinite(boot)]
    low, high = np.quantile(finite, [alpha / 2.0, 1.0 - alpha / 2.0]) if finite.size else (np.nan, np.nan)
    p_pct = min(1.0, 2.0 * min(np.mean(finite <= 0.0), np.mean(finite >= 0.0))) if finite.size else np.nan
    null = null[np.isfinite(null)]
    p_null = (1.0 + np.sum(np.abs(null) >= abs(r))) / (1.0 + null.size)
    return BootstrapTest(r=r, n=n, p_value=float(p_pct), p_null=float(p_null), conf_low=float(low),
                         conf_high=float(high), block_length=joint, block_length_x=len_a, block_length_y=len_b,
                         n_boot=int(n_boot))


# ---------------------------------------------------------------------------------------
# Equivalence
# ---------------------------------------------------------------------------------------


def correlation_tost(r: float, n_eff: float, sesoi: float) -> EquivalenceTest:
    """Two one-sided tests that a correlation lies within ``(-sesoi, sesoi)``.

    With Fisher's ``z = atanh(r)`` and standard error ``1 / sqrt(n_eff - 3)`` (use the
    effective sample size of autocorrelated series)::

        p_lower = P(Z > (z - atanh(-d)) / se),   p_upper = P(Z < (z - atanh(d)) / se)

    and ``p_tost = max(p_lower, p_upper)`` (Schuirmann 1987; Lakens 2017). ``p_upper`` alone
    is the one-sided test that the correlation is below the smallest positive effect of
    interest, the test behind an "evidence against" a positive association.

    Parameters
    ----------
    r
        Sample correlation.
    n_eff
        (Effective) sample size, > 3.
    sesoi
        Smallest effect size of interest ``d``, ``0 < d < 1``.

    Returns
    -------
    EquivalenceTest

    References
    ----------
    Schuirmann, D. J. (1987). A comparison of the two one-sided tests procedure and the
    power approach for assessing the equivalence of average bioavailability. *Journal of
    Pharmacokinetics and Biopharmaceutics* 15(6), 657-680.
    Lakens, D. (2017). Equivalence tests: a practical primer for t tests, correlations, and
    meta-analyses. *Social Psychological and Personality Science* 8(4), 355-362.
    """
    if not 0.0 < sesoi < 1.0:
        raise ValueError(f"sesoi must lie strictly between 0 and 1, got {sesoi}")
    if not n_eff > 3.0:
        raise ValueError(f"n_eff must exceed 3, got {n_eff}")
    se = 1.0 / math.sqrt(n_eff - 3.0)
    z, d = math.atanh(max(-1.0, min(1.0, r))), math.atanh(sesoi)
    p_lower = float(stats.norm.sf((z + d) / se))
    p_upper = float(stats.norm.cdf((z - d) / se))
    return EquivalenceTest(sesoi=float(sesoi), p_lower=p_lower, p_upper=p_upper, p_tost=max(p_lower, p_upper))


# ---------------------------------------------------------------------------------------
# Everything for one pair of series
# ---------------------------------------------------------------------------------------


def lead_correlation_table(x: pd.Series, y: pd.Series, leads: Sequence[int] = (1, 3, 5),
                           forms: Sequence[str] = FORMS, *, n_boot: int = 1999, seed: int = 20251201,
                           alpha: float = 0.05, sesoi: float | None = None, min_pairs: int = 10) -> pd.DataFrame:
    """Correlation of ``x_t`` with ``y_{t+1} + ... + y_{t+k}``, every lead and form, every test.

    Parameters
    ----------
    x, y
        Series indexed by integer year (e.g. an alliance measure and war onsets).
    leads
        Window lengths ``k``.
    forms
        Any of :data:`FORMS`.
    n_boot
        Stationary-bootstrap resamples (0 skips the bootstrap).
    seed
        Seed of the bootstrap (each lead and form uses its own stream derived from it).
    alpha
        One minus the coverage of the intervals.
    sesoi
        Smallest effect size of interest for :func:`correlation_tost` (``None``: no TOST).
    min_pairs
        Fewer complete pairs than this raises ``ValueError`` naming the lead and form.

    Returns
    -------
    pandas.DataFrame
        One row per lead and form: ``lead``, ``form``, ``headline`` (form is
        :data:`HEADLINE_FORM`), ``n``, ``first_year``, ``last_year``, ``r``, ``n_eff``,
        ``p_value`` and ``conf_low``/``conf_high`` (ESS test), ``rho1_x``, ``rho1_y``,
        ``persistent``; with the bootstrap ``p_boot``, ``p_boot_null``,
        ``boot_conf_low``/``boot_conf_high``, ``block_length``, ``n_boot``; with ``sesoi``
        ``sesoi``, ``p_tost`` and ``p_below_sesoi``.
    """
    rows = []
    seeds = np.random.SeedSequence(seed).spawn(len(leads) * len(forms))
    for i, (k, form) in enumerate((k, f) for k in leads for f in forms):
        pairs = transform_pairs(lead_pairs(x, y, int(k)), form)
        n = len(pairs)
        if n < min_pairs:
            raise ValueError(f"lead {k}, {form}: only {n} complete year pairs, need at least {min_pairs}")
        a, b = pairs["x"].to_numpy(), pairs["y"].to_numpy()
        test = ess_correlation_test(a, b, alpha=alpha)
        row = {"lead": int(k), "form": form, "headline": form == HEADLINE_FORM, "n": n,
               "first_year": int(pairs.index.min()), "last_year": int(pairs.index.max()), "r": test.r,
               "n_eff": test.n_eff, "p_value": test.p_value, "conf_low": test.conf_low, "conf_high": test.conf_high,
               "rho1_x": test.rho1_x, "rho1_y": test.rho1_y, "persistent": test.persistent}
        if n_boot:
            boot = stationary_bootstrap_correlation(a, b, n_boot=n_boot, alpha=alpha,
                                                    seed=int(seeds[i].generate_state(1)[0]))
            row.update({"p_boot": boot.p_value, "p_boot_null": boot.p_null, "boot_conf_low": boot.conf_low,
                        "boot_conf_high": boot.conf_high, "block_length": boot.block_length, "n_boot": boot.n_boot})
        if sesoi is not None:
            eq = correlation_tost(test.r, test.n_eff, sesoi) if test.n_eff > 3 else None
            row.update({"sesoi": float(sesoi), "p_tost": eq.p_tost if eq else np.nan,
                        "p_below_sesoi": eq.p_upper if eq else np.nan})
        rows.append(row)
    return pd.DataFrame(rows)
