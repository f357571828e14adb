"""Count models: Poisson (GLM) and negative binomial (NB2) regressions via statsmodels."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .estimate import Estimate, EstimationError
from .inputs import _check_rank, _collect_warnings, _design


def fit_count(
    y: Any,
    X: pd.DataFrame,
    *,
    family: str = "poisson",
    se: str = "hac",
    groups: Any = None,
    maxlags: int | None = None,
) -> Estimate:
    """Poisson or negative binomial (NB2) count regression via statsmodels.

    Poisson is a GLM fitted by IRLS; the negative binomial is statsmodels' discrete
    ``NegativeBinomial`` (NB2, dispersion ``alpha`` reported as a parameter), fitted by
    Newton's method with a BFGS fallback when Newton does not converge.

    Standard errors: ``"hac"`` is Newey-West (Bartlett kernel) with ``maxlags`` lags,
    default ``floor(4 (n/100)^(2/9))`` (Newey & West 1994), for a time series whose rows
    are in time order (e.g. system-years); ``"cluster"`` clusters on ``groups``
    (statsmodels' default small-sample factor ``G/(G-1) (N-1)/(N-K)``); ``"naive"`` is
    the inverse information.

    Parameters
    ----------
    y
        Length-n non-negative counts.
    X
        ``(n, k)`` design; include a ``"const"`` column for an intercept.
    family
        ``"poisson"`` or ``"negbin"``.
    se
        ``"hac"``, ``"cluster"`` or ``"naive"``.
    groups
        Cluster labels for ``se="cluster"``.
    maxlags
        Newey-West truncation lag.

    Returns
    -------
    Estimate
        With ``extra["maxlags"]`` for HAC errors.

    References
    ----------
    Newey, W. K. & West, K. D. (1987). A simple, positive semi-definite,
    heteroskedasticity and autocorrelation consistent covariance matrix.
    *Econometrica* 55(3), 703-708.
    Newey, W. K. & West, K. D. (1994). Automatic lag selection in covariance matrix
    estimation. *Review of Economic Studies* 61(4), 631-653.
    """
    import statsmodels.api as sm

    design = _design(y, X)
    if np.any(design.y < 0) or np.any(design.y != np.round(design.y)):
        raise ValueError("counts must be non-negative integers")
    if design.y.sum() == 0:
        raise EstimationError("no events in sample")
    _check_rank(design.X, design.names)
    exog = pd.DataFrame(design.X, columns=design.names)
    cov_args, extra = _count_cov_options(se, design.n, groups, maxlags)
    with _collect_warnings() as caught:
        if family == "poisson":
            res = sm.GLM(design.y, exog, family=sm.families.Poisson()).fit(**cov_args)
            converged = bool(res.converged)
        elif family == "negbin":
            res, converged = _fit_negbin(sm.NegativeBinomial(design.y, exog, loglike_method="nb2"), cov_args)
        else:
            raise ValueError(f"family must be 'poisson' or 'negbin', got {family!r}")
    names = list(res.params.index)
    return Estimate(
        params=pd.Series(np.asarray(res.params), index=names),
        cov=pd.DataFrame(np.asarray(res.cov_params()), index=names, columns=names),
        nobs=design.n,
        loglik=float(res.llf),
        llnull=float(res.llnull),
        df_model=int(res.df_model),
        df_resid=None,
        converged=converged,
        warnings=caught,
        n_clusters=len(pd.unique(np.asarray(groups))) if se == "cluster" else None,
        se_type=se,
        extra=extra,
    )


def _count_cov_options(
    se: str, n: int, groups: Any, maxlags: int | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """statsmodels ``fit`` covariance arguments and the matching ``extra`` entries."""
    if se == "hac":
        lags = int(math.floor(4.0 * (n / 100.0) ** (2.0 / 9.0))) if maxlags is None else int(maxlags)
        return {"cov_type": "HAC", "cov_kwds": {"maxlags": lags}}, {"maxlags": lags}
    if se == "cluster":
        if groups is None:
            raise ValueError("se='cluster' needs groups")
        return {"cov_type": "cluster", "cov_kwds": {"groups": pd.factorize(np.asarray(groups))[0]}}, {}
    if se == "naive":
        return {"cov_type": "nonrobust"}, {}
    raise ValueError(f"se must be 'hac', 'cluster' or 'naive', got {se!r}")


def _fit_negbin(model: Any, cov_args: dict[str, Any]) -> tuple[Any, bool]:
    """Fit a statsmodels ``NegativeBinomial`` by Newton, falling back to BFGS."""
    res = model.fit(method="newton", maxiter=100, disp=False, **cov_args)
    if res.mle_retvals.get("converged", False):
        return res, True
    res = model.fit(method="bfgs", maxiter=1000, disp=False, start_params=res.params, **cov_args)
    return res, bool(res.mle_retvals.get("converged", False))
