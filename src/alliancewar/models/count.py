"""Count models: Poisson (GLM) and negative binomial (NB2) regressions via statsmodels."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .estimate import Estimate, EstimationError
from .hac import hac_maxlags, hac_size_warning
from .inputs import CONST, _check_rank, _collect_warnings, _design


def fit_count(
    y: Any,
    X: pd.DataFrame,
    *,
    family: str = "poisson",
    se: str = "hac",
    groups: Any = None,
    maxlags: int | None = None,
    hac_bandwidth: str = "nw_rule",
) -> Estimate:
    """Poisson or negative binomial (NB2) count regression via statsmodels.

    Poisson is a GLM fitted by IRLS; the negative binomial is statsmodels' discrete
    ``NegativeBinomial`` (NB2, dispersion ``alpha`` reported as a parameter), fitted by
    Newton's method with a BFGS fallback when Newton does not converge.

    Standard errors: ``"hac"`` is Newey-West (Bartlett kernel; statsmodels, without a
    small-sample factor, normal reference) for a time series whose rows are in time order (e.g. system-years), with
    ``maxlags`` lags or, by default, the lag of the bandwidth rule ``hac_bandwidth``
    (:func:`~alliancewar.models.hac.hac_maxlags`: ``"nw_rule"`` = ``floor(4 (n/100)^(2/9))``,
    ``"nw_auto"`` = Newey & West's 1994 automatic plug-in); ``"cluster"`` clusters on
    ``groups`` (statsmodels' default small-sample factor ``G/(G-1) (N-1)/(N-K)``);
    ``"robust"`` is the Huber-White sandwich (HC0: statsmodels applies no small-sample factor
    to likelihood models);
    ``"naive"`` is the inverse information.

    HAC Wald tests over-reject in short series and with persistent regressors and
    residuals (simulated sizes in :mod:`alliancewar.models.hac`); such a fit carries the
    message of :func:`~alliancewar.models.hac.hac_size_warning` in ``extra`` and in its
    warnings.

    Parameters
    ----------
    y
        Length-n non-negative counts.
    X
        ``(n, k)`` design; include a ``"const"`` column for an intercept.
    family
        ``"poisson"`` or ``"negbin"``.
    se
        ``"hac"``, ``"cluster"``, ``"robust"`` or ``"naive"``.
    groups
        Cluster labels for ``se="cluster"``.
    maxlags
        Newey-West truncation lag (overrides ``hac_bandwidth``).
    hac_bandwidth
        Bandwidth rule when ``maxlags`` is ``None``: ``"nw_rule"`` or ``"nw_auto"``.

    Returns
    -------
    Estimate
        For HAC errors ``extra`` holds ``maxlags`` (the bandwidth used),
        ``hac_bandwidth_rule`` (the rule, or ``"given"``) and ``hac_size_warning`` (``None``
        or the reason the test may over-reject).

    References
    ----------
    Newey, W. K. & West, K. D. (1987). A simple, positive semi-definite,
    heteroskedasticity and autocorrelation consistent covariance matrix.
    *Econometrica* 55(3), 703-708.
    Newey, W. K. & West, K. D. (1994). Automatic lag selection in covariance matrix
    estimation. *Review of Economic Studies* 61(4), 631-653.
    """
    design = _design(y, X)
    if np.any(design.y < 0) or np.any(design.y != np.round(design.y)):
        raise ValueError("counts must be non-negative integers")
    if design.y.sum() == 0:
        raise EstimationError("no events in sample")
    if family not in ("poisson", "negbin"):
        raise ValueError(f"family must be 'poisson' or 'negbin', got {family!r}")
    _check_rank(design.X, design.names)
    exog = pd.DataFrame(design.X, columns=design.names)
    extra: dict[str, Any] = {}
    with _collect_warnings() as caught:
        if se == "hac":
            if maxlags is None and hac_bandwidth == "nw_auto":
                first, _ = _fit_family(family, design.y, exog, {"cov_type": "nonrobust"})
                lags = hac_maxlags(design.n, "nw_auto", _regressor_scores(first, design.names))
            else:
                lags = hac_maxlags(design.n, hac_bandwidth) if maxlags is None else int(maxlags)
            res, converged = _fit_family(family, design.y, exog, {"cov_type": "HAC", "cov_kwds": {"maxlags": lags}})
            warning = hac_size_warning(design.n, {n: design.X[:, i] for i, n in enumerate(design.names)
                                                  if n != CONST}, _pearson_residuals(res, family, design))
            extra = {"maxlags": lags, "hac_bandwidth_rule": "given" if maxlags is not None else hac_bandwidth,
                     "hac_size_warning": warning}
        else:
            res, converged = _fit_family(family, design.y, exog, _count_cov_options(se, groups))
    if se == "hac" and extra["hac_size_warning"]:
        caught.append(extra["hac_size_warning"])
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


def _count_cov_options(se: str, groups: Any) -> dict[str, Any]:
    """statsmodels ``fit`` covariance arguments for the non-HAC types."""
    if se == "cluster":
        if groups is None:
            raise ValueError("se='cluster' needs groups")
        return {"cov_type": "cluster", "cov_kwds": {"groups": pd.factorize(np.asarray(groups))[0]}}
    if se == "robust":
        return {"cov_type": "HC0"}
    if se == "naive":
        return {"cov_type": "nonrobust"}
    raise ValueError(f"se must be 'hac', 'cluster', 'robust' or 'naive', got {se!r}")


def _fit_family(family: str, y: np.ndarray, exog: pd.DataFrame, cov_args: dict[str, Any]) -> tuple[Any, bool]:
    """Fit the Poisson GLM or the NB2 model with the given covariance; (results, converged)."""
    import statsmodels.api as sm

    if family == "poisson":
        res = sm.GLM(y, exog, family=sm.families.Poisson()).fit(**cov_args)
        return res, bool(res.converged)
    return _fit_negbin(sm.NegativeBinomial(y, exog, loglike_method="nb2"), cov_args)


def _regressor_scores(res: Any, names: list[str]) -> np.ndarray:
    """Per-observation scores of the non-constant regressors at the estimates."""
    scores = np.asarray(res.model.score_obs(np.asarray(res.params)))
    return scores[:, [i for i, n in enumerate(names) if n != CONST]]


def _pearson_residuals(res: Any, family: str, design: Any) -> np.ndarray:
    """``(y - mu) / sqrt(V(mu))`` with ``V = mu`` (Poisson) or ``mu + alpha mu^2`` (NB2)."""
    params = np.asarray(res.params)
    mu = np.exp(design.X @ params[: design.X.shape[1]])
    var = mu if family == "poisson" else mu + params[-1] * mu**2
    return (design.y - mu) / np.sqrt(var)


def _fit_negbin(model: Any, cov_args: dict[str, Any]) -> tuple[Any, bool]:
    """Fit a statsmodels ``NegativeBinomial`` by Newton, falling back to BFGS.

    statsmodels' Newton iteration can end on non-finite estimates while reporting
    convergence (overdispersed counts with a few very large values); such a fit is not
    converged, and BFGS restarts from statsmodels' default start values.
    """
    res = model.fit(method="newton", maxiter=100, disp=False, **cov_args)
    if _negbin_converged(res):
        return res, True
    start = res.params if np.all(np.isfinite(np.asarray(res.params))) else None
    res = model.fit(method="bfgs", maxiter=1000, disp=False, start_params=start, **cov_args)
    return res, _negbin_converged(res)


def _negbin_converged(res: Any) -> bool:
    """Converged by statsmodels' criterion and with finite estimates and log-likelihood."""
    return bool(res.mle_retvals.get("converged", False)) and bool(np.isfinite(res.llf)) and \
        bool(np.all(np.isfinite(np.asarray(res.params))))
