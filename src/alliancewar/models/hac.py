"""HAC (Newey-West) bandwidth rules and a size warning for count regressions on annual series.

Two rules for the truncation lag ``L`` of the Bartlett kernel (weights ``1 - j / (L + 1)``):

* ``"nw_rule"`` (default): ``L = floor(4 (T / 100)^(2/9))``, the deterministic rule of
  Newey & West (1994) for the Bartlett kernel (3 lags for 46 years, 4 for 100 and 192);
* ``"nw_auto"``: Newey & West's (1994) automatic plug-in bandwidth, ``L = floor(1.1447
  (s1 / s0)^(2/3) T^(1/3))`` with ``s0, s1`` estimated from the scores with
  ``ceil(4 (T / 100)^(2/9))`` lags (``arch.covariance.kernel.Bartlett``).

The default is the fixed rule because the automatic one over-rejected more in the project's
simulations (Poisson regression on a trending AR(1) regressor with a trend term and
independent i.i.d. counts, nominal 5%, 46 / 84 / 100 / 192 years: fixed rule 11.7, 9.6, 9.8,
7.1%; automatic 20, 15, 12, 11%; ``tests/unit/test_timeseries_size.py`` and
``benchmarks/sim_system_inference.py``). Neither holds 8% below about 150 years, nor when the
counts are themselves autocorrelated (AR(1) log-intensity 0.5: fixed rule 10-16%; 0.9:
21-24%), the Granger-Newbold problem HAC with a few lags does not solve.
:func:`hac_size_warning` puts the reason in the fit record (it flags 81% of the 0.5 and 93%
of the 0.9 designs at 192 years, 17% of the i.i.d. one).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .timeseries import autocorrelations

__all__ = ["BANDWIDTH_RULES", "MIN_YEARS_HAC", "PERSISTENT_SCORES", "hac_maxlags", "hac_size_warning"]

BANDWIDTH_RULES = ("nw_rule", "nw_auto")
#: Below this many years the HAC Wald tests over-rejected in the simulations (9-12% at 5%).
MIN_YEARS_HAC = 150
#: Product of a regressor's and the residuals' lag-1 autocorrelations above which the scores are persistent.
PERSISTENT_SCORES = 0.05


def hac_maxlags(n: int, rule: str = "nw_rule", scores: Any = None) -> int:
    """Newey-West truncation lag for ``n`` consecutive observations.

    Parameters
    ----------
    n
        Number of observations (years).
    rule
        ``"nw_rule"`` or ``"nw_auto"`` (see the module docstring).
    scores
        ``(n, k)`` per-observation scores of the non-constant regressors, needed by
        ``"nw_auto"`` (each weighted 1, as Newey & West 1994 suggest).

    Returns
    -------
    int
        The lag ``L`` (``0 <= L < n``), to pass as statsmodels' ``maxlags``.

    References
    ----------
    Newey, W. K. & West, K. D. (1994). Automatic lag selection in covariance matrix
    estimation. *Review of Economic Studies* 61(4), 631-653.
    """
    if rule not in BANDWIDTH_RULES:
        raise ValueError(f"HAC bandwidth rule must be one of {BANDWIDTH_RULES}, got {rule!r}")
    if rule == "nw_rule":
        return min(n - 1, int(math.floor(4.0 * (n / 100.0) ** (2.0 / 9.0))))
    if scores is None:
        raise ValueError("the 'nw_auto' bandwidth needs the scores")
    from arch.covariance.kernel import Bartlett

    s = np.asarray(scores, dtype=float).reshape(n, -1)
    return min(n - 1, int(math.floor(Bartlett(s, center=False).bandwidth)))


def hac_size_warning(n: int, regressors: dict[str, np.ndarray], residuals: np.ndarray) -> str | None:
    """A warning when a HAC Wald test on this design is known to over-reject, else ``None``.

    Flags (from the simulations in ``tests/unit/test_timeseries_size.py``): fewer than
    :data:`MIN_YEARS_HAC` years; or a regressor whose lag-1 autocorrelation times that of the
    (Pearson) residuals exceeds :data:`PERSISTENT_SCORES` (persistent scores: HAC with a few
    lags underestimates their long-run variance).

    Parameters
    ----------
    n
        Number of observations.
    regressors
        Non-constant regressors by name.
    residuals
        Pearson residuals of the fit.
    """
    reasons = []
    if n < MIN_YEARS_HAC:
        reasons.append(f"{n} years (< {MIN_YEARS_HAC}: simulated size of HAC Wald tests 9-12% at 5%)")
    rho_u = float(autocorrelations(residuals, 1)[0]) if n > 2 else float("nan")
    persistent = []
    for name, x in regressors.items():
        rho_x = float(autocorrelations(x, 1)[0]) if n > 2 else float("nan")
        if np.isfinite(rho_x) and np.isfinite(rho_u) and rho_x * rho_u > PERSISTENT_SCORES:
            persistent.append(f"{name} (lag-1 autocorrelation {rho_x:.2f})")
    if persistent:
        reasons.append(f"persistent regressor(s) {', '.join(persistent)} with autocorrelated residuals "
                       f"(lag-1 autocorrelation {rho_u:.2f})")
    if not reasons:
        return None
    return "HAC standard errors may be too small: " + "; ".join(reasons)
