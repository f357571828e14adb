"""Estimators: pure functions from numpy/pandas data to :class:`~.estimate.Estimate`.

Binary-outcome models (:func:`fit_logit`, :func:`fit_firth`, :func:`fit_relogit`) share one
vectorised Newton-Raphson maximiser with step-halving (:func:`_maximise`); the linear
probability model with fixed effects uses linearmodels, the conditional logit and the
count models use statsmodels. :func:`lagged_correlations` computes system-level lead
correlations with moving-block bootstrap intervals.

Inputs are taken by position: ``y``, ``X`` and any group labels must have the same number
of rows in the same order, without missing values. ``X`` carries its own constant column
named ``"const"`` when an intercept is wanted.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.linalg
from scipy import stats
from scipy.special import expit

from .covariance import SE_TYPES, sandwich_cov
from .estimate import Estimate, EstimationError

__all__ = [
    "fit_logit",
    "fit_firth",
    "fit_relogit",
    "fit_lpm_fe",
    "fit_clogit",
    "fit_count",
    "lagged_correlations",
]

CONST = "const"

# Newton-Raphson settings of the ordinary (and rare-events) logit.
_LOGIT_MAX_ITER = 35
_LOGIT_TOL = 1e-10
# A fitted probability closer than this to 0 or 1 counts as perfectly predicted.
_BOUNDARY = 1e-8
_MAX_HALVINGS = 20
# Covariance types of the estimators that take one cluster variable at most.
_ONE_WAY = ("naive", "robust", "cluster")
# Newton decrement (score' cov score) below which a conditional logit counts as converged.
_CLOGIT_DECREMENT = 1e-8
# Relative change of a sum over observations that is rounding noise, not a decrease.
_ROUNDING = 1e-11


# ---------------------------------------------------------------------------------------
# Binary-outcome models
# ---------------------------------------------------------------------------------------


def fit_logit(
    y: Any,
    X: pd.DataFrame,
    *,
    se: str = "cluster",
    groups: Any = None,
    groups2: Any = None,
    dyad_members: Any = None,
) -> Estimate:
    """Maximum-likelihood logit with naive, robust, clustered or dyadic standard errors.

    The likelihood is maximised by a vectorised Newton-Raphson with step-halving (the
    iteration statsmodels' ``Logit.fit(method="newton")`` runs, checked against it in the
    unit tests), because statsmodels takes about twice as long on the 900,000-row
    dyad-year panel (with its clustered covariance) and gives less control over
    separation. There is no BFGS fallback: with step-halving every iteration increases
    the concave log-likelihood, so Newton converges whenever the MLE exists (when it
    does not, the data are separated and an error is raised). Convergence: every Newton
    step, measured in units of its column's root mean square, below 1e-10.

    Parameters
    ----------
    y
        Length-n 0/1 outcome.
    X
        ``(n, k)`` design; include a ``"const"`` column for an intercept.
    se
        ``"naive"`` (inverse information), ``"robust"`` (HC1), ``"cluster"`` (on
        ``groups``), ``"cluster2"`` (on ``groups`` and ``groups2``) or ``"dyadic"``
        (on ``dyad_members``); see :mod:`alliancewar.models.covariance`.
    groups, groups2
        Cluster labels (e.g. dyad and year).
    dyad_members
        The two member-state codes of every row (pair of arrays or two-column frame).

    Returns
    -------
    Estimate
        ``loglik`` and ``llnull`` (intercept-only model); ``extra`` holds ``n_events`` and
        ``n_iter``.

    Raises
    ------
    EstimationError
        ``"no events in sample"``, ``"outcome has no variation"``, ``"singular design
        matrix: collinear columns [...]"`` or ``"perfect separation: ..."`` (complete or
        quasi-complete: the iteration does not converge and some fitted probabilities
        are within 1e-8 of 0 or 1).

    References
    ----------
    Albert, A. & Anderson, J. A. (1984). On the existence of maximum likelihood estimates
    in logistic regression models. *Biometrika* 71(1), 1-10.
    """
    design = _binary_design(y, X)
    with _collect_warnings() as caught:
        fit = _logit_mle(design, np.ones(design.n))
        scores = design.X * (design.y - fit.p)[:, None]
        cov, n_clusters = _binary_cov(
            se, scores, fit.bread, groups=groups, groups2=groups2, dyad_members=dyad_members
        )
    return _binary_estimate(
        design,
        fit.beta,
        cov,
        loglik=fit.value,
        llnull=_logit_llnull(design.y, np.ones(design.n)),
        converged=fit.converged,
        warnings=caught,
        n_clusters=n_clusters,
        se_type=se,
        extra={"n_iter": fit.n_iter},
    )


def fit_firth(
    y: Any,
    X: pd.DataFrame,
    *,
    se: str = "naive",
    groups: Any = None,
    max_iter: int = 100,
    tol: float = 1e-8,
) -> Estimate:
    """Firth's (1993) penalised-likelihood logit.

    Maximises ``l(b) + 0.5 log|I(b)|`` (Jeffreys prior) by Newton-type steps
    ``I(b)^{-1} U*(b)`` on the modified score
    ``U*(b) = X'(y - p + h (1/2 - p))``, with step-halving on the penalised
    log-likelihood, as ``logistf`` does. The hat values ``h_i = w_i x_i' I^{-1} x_i``
    come from the Cholesky factor of ``I = X'WX`` (no n x n matrices). The estimates
    are finite even under complete separation. Intervals are Wald intervals from
    ``I(b)^{-1}`` (``se="naive"``), not the profile-likelihood intervals ``logistf``
    prefers; they can be too narrow near separation.

    Parameters
    ----------
    y
        Length-n 0/1 outcome.
    X
        ``(n, k)`` design; include a ``"const"`` column for an intercept.
    se
        ``"naive"``, ``"robust"`` or ``"cluster"`` (sandwich on the modified scores).
    groups
        Cluster labels for ``se="cluster"``.
    max_iter
        Maximum number of iterations.
    tol
        Convergence when every step, in units of its column's root mean square, is
        below ``tol``.

    Returns
    -------
    Estimate
        ``loglik`` is the penalised log-likelihood, ``llnull`` that of the penalised
        intercept-only model (closed form, ``p = (sum y + 1/2) / (n + 1)``);
        ``extra["loglik_unpenalized"]`` holds the ordinary log-likelihood at the
        estimates.

    References
    ----------
    Firth, D. (1993). Bias reduction of maximum likelihood estimates. *Biometrika*
    80(1), 27-38.
    Heinze, G. & Schemper, M. (2002). A solution to the problem of separation in
    logistic regression. *Statistics in Medicine* 21(16), 2409-2419.
    """
    design = _binary_design(y, X)
    with _collect_warnings() as caught:
        start = _start(design, np.ones(design.n))
        fit = _maximise(_firth_objective(design), start, design.scale, max_iter=max_iter, tol=tol)
        if not fit.converged:
            warnings.warn(f"Firth logit did not converge in {max_iter} iterations", RuntimeWarning)
        p = expit(design.X @ fit.beta)
        bread = _inverse(_require_chol(fit.chol))
        h = p * (1.0 - p) * _leverage(design.X, fit.chol)
        scores = design.X * (design.y - p + h * (0.5 - p))[:, None]
        cov, n_clusters = _binary_cov(se, scores, bread, groups=groups, allowed=_ONE_WAY)
    return _binary_estimate(
        design,
        fit.beta,
        cov,
        loglik=fit.value,
        llnull=_firth_llnull(design.y),
        converged=fit.converged,
        warnings=caught,
        n_clusters=n_clusters,
        se_type=se,
        extra={
            "n_iter": fit.n_iter,
            "loglik_unpenalized": _logit_loglik(design.y, design.X @ fit.beta),
        },
    )


def fit_relogit(
    y: Any,
    X: pd.DataFrame,
    *,
    tau: float | None = None,
    se: str = "cluster",
    groups: Any = None,
) -> Estimate:
    """King & Zeng's (2001) rare-events logit (small-sample bias correction).

    With ``b`` the (weighted) logit MLE, ``p = expit(X b)``, weights ``w_i = w1`` for
    events and ``w0`` for non-events, ``W = diag(p (1 - p) w)`` and
    ``Q_ii = x_i' (X'WX)^{-1} x_i``, the estimate is ``b - (X'WX)^{-1} X'W xi`` with
    ``xi_i = 0.5 Q_ii ((1 + w1) p_i - w1)``, and its covariance is the covariance of
    ``b`` times ``(n / (n + k))^2`` (King & Zeng 2001).

    Without ``tau`` all weights are 1 (``w1 = 1``), the plain small-sample correction.
    With ``tau`` (the population share of events) the logit is weighted
    (``w1 = tau / ybar``, ``w0 = (1 - tau) / (1 - ybar)``, King & Zeng's "weighting"
    correction for case-control sampling); use a robust or clustered ``se`` then, as
    the inverse information of a weighted likelihood is not a valid covariance.

    Parameters
    ----------
    y
        Length-n 0/1 outcome.
    X
        ``(n, k)`` design; include a ``"const"`` column for an intercept.
    tau
        Population share of events, or ``None`` for no prior correction.
    se
        ``"naive"``, ``"robust"`` or ``"cluster"``; the sandwich is evaluated at ``b``.
    groups
        Cluster labels for ``se="cluster"``.

    Returns
    -------
    Estimate
        ``loglik`` is the (weighted) log-likelihood at the MLE ``b``, which the
        correction starts from (the corrected estimate maximises no likelihood);
        ``extra`` holds ``ml_params`` (``b``), ``w1``, ``w0`` and ``tau``.

    References
    ----------
    King, G. & Zeng, L. (2001). Logistic regression in rare events data. *Political
    Analysis* 9(2), 137-163.
    """
    design = _binary_design(y, X)
    w1, w0 = _relogit_weights(design.y, tau)
    weights = np.where(design.y == 1.0, w1, w0)
    with _collect_warnings() as caught:
        fit = _logit_mle(design, weights)
        wpq = weights * fit.p * (1.0 - fit.p)
        xi = 0.5 * _leverage(design.X, fit.chol) * ((1.0 + w1) * fit.p - w1)
        bias = scipy.linalg.cho_solve(fit.chol, design.X.T @ (wpq * xi))
        scores = design.X * (weights * (design.y - fit.p))[:, None]
        cov, n_clusters = _binary_cov(se, scores, fit.bread, groups=groups, allowed=_ONE_WAY)
    n, k = design.X.shape
    return _binary_estimate(
        design,
        fit.beta - bias,
        cov * (n / (n + k)) ** 2,
        loglik=fit.value,
        llnull=_logit_llnull(design.y, weights),
        converged=fit.converged,
        warnings=caught,
        n_clusters=n_clusters,
        se_type=se,
        extra={
            "n_iter": fit.n_iter,
            "ml_params": dict(zip(design.names, map(float, fit.beta), strict=True)),
            "tau": tau,
            "w1": w1,
            "w0": w0,
        },
    )


@dataclass(frozen=True)
class _Design:
    """Validated numeric data of a model: outcome, design matrix and column scales."""

    y: np.ndarray
    X: np.ndarray
    names: list[str]
    scale: np.ndarray

    @property
    def n(self) -> int:
        return len(self.y)

    @property
    def has_const(self) -> bool:
        return CONST in self.names


@dataclass(frozen=True)
class _NewtonResult:
    """Where :func:`_maximise` stopped: estimate, objective and information factor."""

    beta: np.ndarray
    value: float
    chol: tuple[np.ndarray, bool] | None
    converged: bool
    n_iter: int
    last_step: np.ndarray


@dataclass(frozen=True)
class _LogitFit:
    """A logit MLE with its fitted probabilities and inverse information."""

    beta: np.ndarray
    value: float
    p: np.ndarray
    chol: tuple[np.ndarray, bool]
    bread: np.ndarray
    converged: bool
    n_iter: int


Objective = Callable[[np.ndarray], tuple[float, np.ndarray, np.ndarray]]


def _design(y: Any, X: pd.DataFrame) -> _Design:
    """Check shapes and finiteness and convert to float arrays."""
    if not isinstance(X, pd.DataFrame):
        raise TypeError("X must be a pandas DataFrame (its columns name the coefficients)")
    yv = np.asarray(y, dtype=float).ravel()
    Xv = X.to_numpy(dtype=float)
    if len(yv) != len(Xv):
        raise ValueError(f"y has {len(yv)} rows, X {len(Xv)}")
    if len(yv) <= Xv.shape[1]:
        raise EstimationError(f"too few observations: {len(yv)} rows for {Xv.shape[1]} parameters")
    if not (np.isfinite(yv).all() and np.isfinite(Xv).all()):
        raise ValueError("y and X must not contain missing or infinite values")
    scale = np.sqrt(np.mean(Xv**2, axis=0))
    return _Design(yv, Xv, [str(c) for c in X.columns], np.where(scale > 0.0, scale, 1.0))


def _binary_design(y: Any, X: pd.DataFrame, *, check_rank: bool = True) -> _Design:
    """:func:`_design` plus the checks every binary model needs (0/1, variation, rank)."""
    design = _design(y, X)
    if not np.isin(design.y, (0.0, 1.0)).all():
        raise ValueError("the outcome of a binary model must be coded 0/1")
    n_events = design.y.sum()
    if n_events == 0:
        raise EstimationError("no events in sample")
    if n_events == design.n:
        raise EstimationError("outcome has no variation")
    if check_rank:
        _check_rank(design.X, design.names)
    return design


def _check_rank(X: np.ndarray, names: Sequence[str], context: str = "") -> None:
    """Raise ``EstimationError`` naming the columns a pivoted QR finds linearly dependent."""
    scale = np.sqrt(np.mean(X**2, axis=0))
    r, pivots = scipy.linalg.qr(X / np.where(scale > 0.0, scale, 1.0), mode="r", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int(np.sum(diag > diag[0] * max(X.shape) * np.finfo(float).eps))
    if rank < X.shape[1]:
        dropped = sorted(names[i] for i in pivots[rank:])
        raise EstimationError(f"singular design matrix: collinear columns {dropped}{context}")


def _maximise(
    objective: Objective, beta: np.ndarray, scale: np.ndarray, *, max_iter: int, tol: float
) -> _NewtonResult:
    """Newton-Raphson with step-halving for a concave(-ish) objective.

    ``objective(beta)`` returns the value, the gradient and the (positive definite)
    information matrix used as negative Hessian. Steps are halved (at most 20 times)
    until the objective does not decrease by more than rounding noise (a relative 1e-11).
    Convergence: ``max |step_j| * scale_j <= tol``.
    The iteration also stops, unconverged, when no halving increases the objective or
    the information matrix is numerically singular.
    """
    value, grad, info = objective(beta)
    chol = _cholesky(info)
    step = np.zeros_like(beta)
    for it in range(1, max_iter + 1):
        if chol is None:
            return _NewtonResult(beta, value, chol, False, it - 1, step)
        full = scipy.linalg.cho_solve(chol, grad)
        for halving in range(_MAX_HALVINGS + 1):
            step = full / 2.0**halving
            new_value, new_grad, new_info = objective(beta + step)
            if new_value >= value - _ROUNDING * (1.0 + abs(value)):
                break
        else:
            return _NewtonResult(beta, value, chol, False, it, step)
        beta, value, grad, chol = beta + step, new_value, new_grad, _cholesky(new_info)
        if np.max(np.abs(step) * scale) <= tol and chol is not None:
            return _NewtonResult(beta, value, chol, True, it, step)
    return _NewtonResult(beta, value, chol, False, max_iter, step)


def _logit_mle(design: _Design, weights: np.ndarray) -> _LogitFit:
    """Weighted logit MLE; raises ``EstimationError`` on perfect separation."""
    fit = _maximise(
        _logit_objective(design, weights),
        _start(design, weights),
        design.scale,
        max_iter=_LOGIT_MAX_ITER,
        tol=_LOGIT_TOL,
    )
    p = expit(design.X @ fit.beta)
    if not fit.converged:
        _raise_if_separated(p, fit.last_step * design.scale, design.names)
        warnings.warn(f"logit did not converge in {fit.n_iter} iterations", RuntimeWarning)
    chol = _require_chol(fit.chol)
    return _LogitFit(fit.beta, fit.value, p, chol, _inverse(chol), fit.converged, fit.n_iter)


def _raise_if_separated(p: np.ndarray, scaled_step: np.ndarray, names: Sequence[str]) -> None:
    """Raise "perfect separation" when some fitted probabilities reached 0 or 1.

    Called only for a fit that did not converge: under (quasi-)complete separation the
    MLE does not exist, the coefficients of the separating direction grow by about one
    per Newton step and the probabilities of the separated observations go to 0 or 1.
    The diverging terms are those with the largest last steps (in root-mean-square units).
    """
    at_bound = int(np.sum((p < _BOUNDARY) | (p > 1.0 - _BOUNDARY)))
    if at_bound == 0:
        return
    size = np.abs(scaled_step)
    diverging = [name for name, s in zip(names, size, strict=True) if s >= 0.1 * size.max()]
    raise EstimationError(
        f"perfect separation: {at_bound} observations perfectly predicted "
        f"(fitted probability 0 or 1); diverging terms {diverging}"
    )


def _logit_objective(design: _Design, weights: np.ndarray) -> Objective:
    """Weighted logit log-likelihood, score and information."""
    X, y = design.X, design.y

    def objective(beta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        eta = X @ beta
        p = expit(eta)
        value = float(np.sum(weights * (y * eta - np.logaddexp(0.0, eta))))
        return value, X.T @ (weights * (y - p)), _gram(X, weights * p * (1.0 - p))

    return objective


def _firth_objective(design: _Design) -> Objective:
    """Firth's penalised log-likelihood, modified score and information."""
    X, y = design.X, design.y

    def objective(beta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        eta = X @ beta
        p = expit(eta)
        w = p * (1.0 - p)
        info = _gram(X, w)
        chol = _cholesky(info)
        if chol is None:
            return -np.inf, np.zeros_like(beta), info
        h = w * _leverage(X, chol)
        value = _logit_loglik(y, eta) + float(np.sum(np.log(np.diag(chol[0]))))
        return value, X.T @ (y - p + h * (0.5 - p)), info

    return objective


def _start(design: _Design, weights: np.ndarray) -> np.ndarray:
    """Zero coefficients, with the constant at the logit of the (weighted) event share."""
    beta = np.zeros(len(design.names))
    if design.has_const:
        share = np.sum(weights * design.y) / np.sum(weights)
        beta[design.names.index(CONST)] = math.log(share / (1.0 - share))
    return beta


def _gram(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``X' diag(w) X``."""
    Xw = X * np.sqrt(w)[:, None]
    return Xw.T @ Xw


def _cholesky(info: np.ndarray) -> tuple[np.ndarray, bool] | None:
    """Lower Cholesky factor (``cho_factor`` form), or ``None`` if not positive definite."""
    try:
        return scipy.linalg.cho_factor(info, lower=True)
    except np.linalg.LinAlgError:
        return None


def _require_chol(chol: tuple[np.ndarray, bool] | None) -> tuple[np.ndarray, bool]:
    """The Cholesky factor of the information matrix, or ``EstimationError`` if it is singular."""
    if chol is None:
        raise EstimationError("singular information matrix")
    return chol


def _inverse(chol: tuple[np.ndarray, bool]) -> np.ndarray:
    """Inverse of a matrix from its Cholesky factor, symmetrised."""
    inv = scipy.linalg.cho_solve(chol, np.eye(len(chol[0])))
    return (inv + inv.T) / 2.0


def _leverage(X: np.ndarray, chol: tuple[np.ndarray, bool]) -> np.ndarray:
    """``x_i' A^{-1} x_i`` for every row, with ``A = L L'``: squared norms of ``L^{-1} x_i``."""
    z = scipy.linalg.solve_triangular(chol[0], X.T, lower=True, check_finite=False)
    return np.einsum("ij,ij->j", z, z)


def _logit_loglik(y: np.ndarray, eta: np.ndarray) -> float:
    """Unweighted logit log-likelihood at linear predictor ``eta``."""
    return float(np.sum(y * eta - np.logaddexp(0.0, eta)))


def _logit_llnull(y: np.ndarray, weights: np.ndarray) -> float:
    """Log-likelihood of the (weighted) intercept-only logit."""
    share = np.sum(weights * y) / np.sum(weights)
    return float(np.sum(weights * (y * math.log(share) + (1.0 - y) * math.log1p(-share))))


def _firth_llnull(y: np.ndarray) -> float:
    """Penalised log-likelihood of the intercept-only Firth logit (closed form)."""
    n, events = len(y), float(np.sum(y))
    share = (events + 0.5) / (n + 1.0)
    loglik = events * math.log(share) + (n - events) * math.log1p(-share)
    return loglik + 0.5 * math.log(n * share * (1.0 - share))


def _relogit_weights(y: np.ndarray, tau: float | None) -> tuple[float, float]:
    """King & Zeng's event and non-event weights ``(w1, w0)``."""
    if tau is None:
        return 1.0, 1.0
    if not 0.0 < tau < 1.0:
        raise ValueError(f"tau must lie strictly between 0 and 1, got {tau}")
    ybar = float(np.mean(y))
    return tau / ybar, (1.0 - tau) / (1.0 - ybar)


def _binary_cov(
    se: str,
    scores: np.ndarray,
    bread: np.ndarray,
    *,
    groups: Any = None,
    groups2: Any = None,
    dyad_members: Any = None,
    allowed: Sequence[str] = SE_TYPES,
) -> tuple[np.ndarray, int | None]:
    """:func:`sandwich_cov` restricted to the covariance types an estimator supports."""
    if se not in allowed:
        raise ValueError(f"se must be one of {tuple(allowed)}, got {se!r}")
    return sandwich_cov(se, scores, bread, groups=groups, groups2=groups2, dyad_members=dyad_members)


def _binary_estimate(
    design: _Design, beta: np.ndarray, cov: np.ndarray, *, extra: dict[str, Any], **fields: Any
) -> Estimate:
    """Wrap arrays of a binary model into an :class:`Estimate` (z inference)."""
    return Estimate(
        params=pd.Series(beta, index=design.names),
        cov=pd.DataFrame(cov, index=design.names, columns=design.names),
        nobs=design.n,
        df_model=len(design.names) - int(design.has_const),
        df_resid=None,
        extra={"n_events": int(design.y.sum()), **extra},
        **fields,
    )


@contextmanager
def _collect_warnings() -> Iterator[list[str]]:
    """Record the warnings raised inside the block; the list is filled when it exits."""
    messages: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield messages
    messages.extend(dict.fromkeys(str(w.message) for w in caught))


# ---------------------------------------------------------------------------------------
# Linear probability model with fixed effects, conditional logit, count models
# ---------------------------------------------------------------------------------------


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
    """Conditional (fixed-effects) logit, via statsmodels ``ConditionalLogit``.

    Groups whose outcome is all 0 or all 1 do not contribute to the conditional
    likelihood; they are removed before fitting (which is what makes it fast on dyad-year
    data where most dyads never fight) and counted in ``extra``. A ``"const"`` column
    of ``X`` is dropped (it is absorbed by the group effects). The likelihood is
    maximised with statsmodels' Newton method; the covariance is the inverse of its
    (numerical) Hessian. ``converged`` is true when the Newton decrement
    ``score' cov score`` at the estimate is below 1e-8.

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
    from statsmodels.discrete.conditional_models import ConditionalLogit

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
    model = ConditionalLogit(design.y[keep], pd.DataFrame(X_in, columns=design.names), groups=g_in)
    with _collect_warnings() as caught:
        res = model.fit(method="newton", maxiter=100, disp=False)
        params, cov = np.asarray(res.params), np.asarray(res.cov_params())
        score = model.score(params)
        converged = bool(score @ cov @ score < _CLOGIT_DECREMENT)
        if not converged:
            warnings.warn("conditional logit did not converge", RuntimeWarning)
    n_dropped = len(uniques) - len(np.unique(g_in))
    return Estimate(
        params=pd.Series(params, index=design.names),
        cov=pd.DataFrame(cov, index=design.names, columns=design.names),
        nobs=int(keep.sum()),
        loglik=float(res.llf),
        llnull=float(model.loglike(np.zeros(len(design.names)))),
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


# ---------------------------------------------------------------------------------------
# Lagged (lead) correlations with moving-block bootstrap intervals
# ---------------------------------------------------------------------------------------


def lagged_correlations(
    x: pd.Series,
    y: pd.Series,
    leads: Sequence[int] = (1, 3, 5),
    *,
    methods: Sequence[str] = ("pearson", "spearman"),
    n_boot: int = 2000,
    block_length: int | None = None,
    seed: int = 12345,
) -> pd.DataFrame:
    """Correlation of ``x_t`` with the sum of ``y`` over the next k years.

    For every lead k, pairs ``(x_t, y_{t+1} + ... + y_{t+k})`` are formed over the
    years of the index (consecutive calendar years; a pair is dropped when ``x_t`` or any
    ``y`` of its window is missing, so windows never run past the data). Pearson's and
    Spearman's coefficients are reported with

    * an analytic two-sided p-value (scipy's t test of no correlation). The sums of
      overlapping windows are autocorrelated, so for k > 1 this p-value is too small;
      the bootstrap interval is the honest measure, and ``p_boot`` (twice the smaller
      share of bootstrap replicates on either side of 0) the matching p-value;
    * a 95% percentile interval from the moving-block bootstrap (Kuensch 1989): blocks
      of ``block_length`` consecutive pairs, starting at uniformly drawn positions, are
      joined and cut to n pairs, which keeps the serial dependence within blocks.
      The default block length is ``ceil(n^(1/3))``, the rate-optimal order for
      variance and distribution estimation (Hall, Horowitz & Jing 1995). The same block
      draws are used for both methods of a lead. Resamples with a constant series (no
      defined correlation) are ignored.

    Parameters
    ----------
    x, y
        Series indexed by integer year.
    leads
        Window lengths k.
    methods
        Any of ``"pearson"`` and ``"spearman"``.
    n_boot
        Number of bootstrap resamples.
    block_length
        Block length; ``None`` for ``ceil(n^(1/3))``.
    seed
        Seed of the random generator (same seed, same intervals).

    Returns
    -------
    pandas.DataFrame
        Columns ``lead``, ``method``, ``r``, ``conf_low``, ``conf_high``, ``p_value``,
        ``p_boot``, ``n``, ``block_length``, ``n_boot``; one row per lead and method.

    References
    ----------
    Kuensch, H. R. (1989). The jackknife and the bootstrap for general stationary
    observations. *Annals of Statistics* 17(3), 1217-1241.
    Hall, P., Horowitz, J. L. & Jing, B.-Y. (1995). On blocking rules for the bootstrap
    with dependent data. *Biometrika* 82(3), 561-574.
    """
    unknown = set(methods) - {"pearson", "spearman"}
    if unknown:
        raise ValueError(f"unknown correlation methods {sorted(unknown)}")
    if x.index.has_duplicates or y.index.has_duplicates:
        raise ValueError("x and y must have one value per year")
    years = pd.RangeIndex(int(min(x.index.min(), y.index.min())), int(max(x.index.max(), y.index.max())) + 1)
    xs, ys = x.reindex(years).astype(float), y.reindex(years).astype(float)
    rng = np.random.default_rng(seed)
    rows = []
    for k in leads:
        pairs = pd.DataFrame({"x": xs, "ysum": _forward_sum(ys, k)}).dropna()
        n = len(pairs)
        if n < 4:
            raise ValueError(f"lead {k}: only {n} complete year pairs, need at least 4")
        length = math.ceil(n ** (1.0 / 3.0)) if block_length is None else int(block_length)
        idx = _block_bootstrap_indices(n, length, n_boot, rng)
        a, b = pairs["x"].to_numpy(), pairs["ysum"].to_numpy()
        for method in methods:
            r, p_value = _correlation(a, b, method)
            boot = _rowwise_correlation(a[idx], b[idx], method)
            low, high = np.nanquantile(boot, [0.025, 0.975])
            rows.append(
                {"lead": int(k), "method": method, "r": r, "conf_low": float(low), "conf_high": float(high),
                 "p_value": p_value, "p_boot": _bootstrap_p(boot), "n": n, "block_length": length,
                 "n_boot": int(n_boot)}
            )
    return pd.DataFrame(rows)


def _bootstrap_p(boot: np.ndarray) -> float:
    """Two-sided percentile-bootstrap p-value of r = 0: twice the smaller tail share beyond 0."""
    b = boot[np.isfinite(boot)]
    if b.size == 0:
        return float("nan")
    return float(min(1.0, 2.0 * min(np.mean(b <= 0.0), np.mean(b >= 0.0))))


def _forward_sum(y: pd.Series, k: int) -> pd.Series:
    """``y_{t+1} + ... + y_{t+k}``, NaN where any term is missing or beyond the data."""
    if k < 1:
        raise ValueError(f"leads must be positive, got {k}")
    return y.rolling(k, min_periods=k).sum().shift(-k)


def _block_bootstrap_indices(n: int, length: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``(n_boot, n)`` positions of moving-block bootstrap resamples."""
    if not 1 <= length <= n:
        raise ValueError(f"block_length must be between 1 and {n}, got {length}")
    n_blocks = math.ceil(n / length)
    starts = rng.integers(0, n - length + 1, size=(n_boot, n_blocks))
    return (starts[:, :, None] + np.arange(length)).reshape(n_boot, -1)[:, :n]


def _correlation(a: np.ndarray, b: np.ndarray, method: str) -> tuple[float, float]:
    """Coefficient and analytic p-value from scipy."""
    test = stats.pearsonr(a, b) if method == "pearson" else stats.spearmanr(a, b)
    return float(test.statistic), float(test.pvalue)


def _rowwise_correlation(a: np.ndarray, b: np.ndarray, method: str) -> np.ndarray:
    """Correlation of each row of ``a`` with the same row of ``b`` (NaN if a row is constant)."""
    if method == "spearman":
        a, b = stats.rankdata(a, axis=1), stats.rankdata(b, axis=1)
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    denom = np.sqrt(np.sum(a * a, axis=1) * np.sum(b * b, axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0.0, np.sum(a * b, axis=1) / denom, np.nan)
