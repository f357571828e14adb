"""Fixed-effects models: linear probability model with entity (and time) effects, conditional logit."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .binary import _LOGIT_TOL, _binary_design, _inverse, _maximise, _require_chol
from .conditional_logit import group_rows, loglik_derivatives
from .estimate import Estimate, EstimationError
from .inputs import CONST, _check_rank, _collect_warnings, _design

# Newton decrement (score' cov score) below which a conditional logit counts as converged.
_CLOGIT_DECREMENT = 1e-8
_CLOGIT_MAX_ITER = 100


def fit_lpm_fe(
    y: Any,
    X: pd.DataFrame,
    entity: Any,
    time: Any,
    *,
    se: str = "cluster",
    twoway: bool = True,
    cluster_time: bool = False,
) -> Estimate:
    """Linear probability model with entity (and time) fixed effects, via linearmodels.

    Fits ``PanelOLS(entity_effects=True, time_effects=twoway)``. A ``"const"`` column of
    ``X`` is dropped (the effects absorb it). Two-way effects are swept out with sparse
    LSMR (``use_lsmr=True``): on a 150,000-row unbalanced panel it is twenty times faster
    than linearmodels' dense time-dummy algorithm (which would need gigabytes on the
    dyad-year panel) and agrees with it to 1e-13 standard errors. Standard errors
    (``debiased=True``):

    * ``se="cluster"``: clustered by entity (and by time too when ``cluster_time``), with
      ``group_debias=True``. The covariance is
      ``(X~'X~)^{-1} (sum_g S_g S_g') (X~'X~)^{-1}`` on the within-transformed
      regressors ``X~`` times ``G/(G-1) * (N-1)/N * N/(N-d-k)``, where d is the number
      of absorbed effects that linearmodels counts: 0 for entity effects alone (they are
      nested in the entity clusters; this equals Stata's ``xtreg, fe vce(cluster)``),
      and all of them (entities + periods - 1) with two-way effects (slightly
      conservative). Two-way clustering applies the factor to each of its three parts.
    * ``se="robust"``: White's estimator, times ``N/(N-d-k)``;
    * ``se="naive"``: homoskedastic, ``s^2 = e'e/(N-d-k)``.

    Inference uses the t distribution with ``N - d - k`` degrees of freedom, as
    linearmodels does.

    Parameters
    ----------
    y
        Length-n outcome.
    X
        ``(n, k)`` regressors.
    entity, time
        Length-n panel identifiers (e.g. dyad id and year; time must be numeric or dates).
    se
        ``"cluster"``, ``"robust"`` or ``"naive"``.
    twoway
        Add time fixed effects.
    cluster_time
        With ``se="cluster"``, cluster by time as well (two-way clustering).

    Returns
    -------
    Estimate
        ``loglik`` is ``None``; ``extra`` holds ``r2_within``, ``n_entities`` and
        ``n_periods``.

    References
    ----------
    Cameron, A. C., Gelbach, J. B. & Miller, D. L. (2011). Robust inference with
    multiway clustering. *Journal of Business & Economic Statistics* 29(2), 238-249.
    """
    from linearmodels.panel import PanelOLS
    from linearmodels.panel.utility import AbsorbingEffectError

    design = _design(y, X.drop(columns=CONST, errors="ignore"))
    _check_rank(design.X, design.names)
    index = pd.MultiIndex.from_arrays([np.asarray(entity), np.asarray(time)], names=["entity", "time"])
    if len(index) != design.n:
        raise ValueError(f"entity/time have {len(index)} rows, y {design.n}")
    if index.has_duplicates:
        raise ValueError("entity/time pairs must be unique")
    exog = pd.DataFrame(design.X, index=index, columns=design.names)
    dependent = pd.Series(design.y, index=index, name="y")
    model = PanelOLS(dependent, exog, entity_effects=True, time_effects=twoway)
    with _collect_warnings() as caught:
        try:
            res = model.fit(use_lsmr=twoway, **_panel_cov_options(se, cluster_time))
        except AbsorbingEffectError as err:
            raise EstimationError(
                f"singular design matrix: regressors absorbed by the fixed effects ({err})"
            ) from err
    n_entities, n_periods = index.get_level_values(0).nunique(), index.get_level_values(1).nunique()
    n_clusters = None
    if se == "cluster":
        n_clusters = min(n_entities, n_periods) if cluster_time else n_entities
    return Estimate(
        params=res.params,
        cov=res.cov,
        nobs=int(res.nobs),
        loglik=None,
        llnull=None,
        df_model=int(res.df_model),
        df_resid=float(res.df_resid),
        converged=True,
        warnings=caught,
        n_clusters=n_clusters,
        se_type=se,
        extra={
            "r2_within": float(res.rsquared_within),
            "n_entities": int(n_entities),
            "n_periods": int(n_periods),
        },
    )


def _panel_cov_options(se: str, cluster_time: bool) -> dict[str, Any]:
    """Keyword arguments of ``PanelOLS.fit`` for a covariance type."""
    if se == "cluster":
        return {
            "cov_type": "clustered",
            "cluster_entity": True,
            "cluster_time": cluster_time,
            "group_debias": True,
        }
    if se == "robust":
        return {"cov_type": "robust"}
    if se == "naive":
        return {"cov_type": "unadjusted"}
    raise ValueError(f"se must be 'cluster', 'robust' or 'naive', got {se!r}")


def fit_clogit(y: Any, X: pd.DataFrame, groups: Any) -> Estimate:
    """Conditional (fixed-effects) logit: the exact conditional likelihood (Chamberlain 1980).

    Groups whose outcome is all 0 or all 1 do not contribute to the conditional
    likelihood; they are removed before fitting (which is what makes it fast on dyad-year
    data where most dyads never fight) and counted in ``extra``. A ``"const"`` column
    of ``X`` is dropped (it is absorbed by the group effects). The likelihood, its score and
    its Hessian are computed exactly and vectorised over groups
    (:mod:`alliancewar.models.conditional_logit`, which says why not statsmodels'
    ``ConditionalLogit``; the tests check it against that); the logits' Newton maximiser with
    step-halving maximises it and the covariance is the inverse of the negative Hessian. ``converged`` is true when the
    Newton decrement ``score' cov score`` at the estimate is below 1e-8.

    Parameters
    ----------
    y
        Length-n 0/1 outcome.
    X
        ``(n, k)`` regressors varying within groups.
    groups
        Length-n group labels (e.g. dyad).

    Returns
    -------
    Estimate
        ``llnull`` is the conditional log-likelihood at zero coefficients; ``extra`` holds
        ``groups_total``, ``groups_dropped``, ``obs_dropped`` and ``n_events``.

    Raises
    ------
    EstimationError
        ``"no events in sample"``, ``"no informative groups ..."`` or ``"singular design
        matrix: ..."`` (columns without within-group variation).

    References
    ----------
    Chamberlain, G. (1980). Analysis of covariance with qualitative data. *Review of
    Economic Studies* 47(1), 225-238.
    """
    design = _binary_design(y, X.drop(columns=CONST, errors="ignore"), check_rank=False)
    codes, uniques = pd.factorize(np.asarray(groups))
    if len(codes) != design.n or np.any(codes < 0):
        raise ValueError("groups must have one non-missing label per row")
    by_group = pd.Series(design.y).groupby(codes)
    keep = (by_group.transform("min") < by_group.transform("max")).to_numpy()
    if not keep.any():
        raise EstimationError("no informative groups (the outcome is constant within every group)")
    X_in, g_in = design.X[keep], codes[keep]
    _check_rank(X_in - pd.DataFrame(X_in).groupby(g_in).transform("mean").to_numpy(), design.names,
                " (no variation within groups)")
    rows = group_rows(X_in, design.y[keep], pd.factorize(g_in)[0])
    zeros = np.zeros(len(design.names))
    with _collect_warnings() as caught:
        fit = _maximise(lambda b: loglik_derivatives(b, rows), zeros, design.scale, max_iter=_CLOGIT_MAX_ITER,
                        tol=_LOGIT_TOL)
        params, cov = fit.beta, _inverse(_require_chol(fit.chol))
        score = loglik_derivatives(params, rows, hessian=False)[1]
        converged = bool(score @ cov @ score < _CLOGIT_DECREMENT)
        if not converged:
            warnings.warn("conditional logit did not converge", RuntimeWarning)
    llnull = loglik_derivatives(zeros, rows, hessian=False)[0]
    n_dropped = len(uniques) - len(np.unique(g_in))
    return Estimate(
        params=pd.Series(params, index=design.names),
        cov=pd.DataFrame(cov, index=design.names, columns=design.names),
        nobs=int(keep.sum()),
        loglik=float(fit.value),
        llnull=float(llnull),
        df_model=len(design.names),
        df_resid=None,
        converged=converged,
        warnings=caught,
        n_clusters=None,
        se_type="naive",
        extra={
            "groups_total": len(uniques),
            "groups_dropped": int(n_dropped),
            "obs_dropped": int(design.n - keep.sum()),
            "n_events": int(design.y.sum()),
        },
    )
