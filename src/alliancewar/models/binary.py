"""Binary-outcome models: logit, Firth's penalised logit and King & Zeng's rare-events logit.

All three share one vectorised Newton-Raphson maximiser with step-halving (:func:`_maximise`).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.linalg
from scipy.special import expit

from .covariance import SE_TYPES, sandwich_cov
from .estimate import Estimate, EstimationError
from .inputs import CONST, _check_rank, _collect_warnings, _design, _Design

# Newton-Raphson settings of the ordinary (and rare-events) logit.
_LOGIT_MAX_ITER = 35
_LOGIT_TOL = 1e-10
# A fitted probability closer than this to 0 or 1 counts as perfectly predicted.
_BOUNDARY = 1e-8
_MAX_HALVINGS = 20
#: Newton decrement (twice the predicted gain of the objective) below which a full step counts
#: as converged when its scaled size is also below _LOOSE_STEP_TOL (see _maximise).
_DECREMENT_TOL = 1e-10
_LOOSE_STEP_TOL = 1e-6
# Covariance types of the estimators that take one cluster variable at most.
_ONE_WAY = ("naive", "robust", "cluster")
# Newton decrement (score' cov score) below which a conditional logit counts as converged.
# Relative change of a sum over observations that is rounding noise, not a decrease.
_ROUNDING = 1e-11


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
        decrement = float(grad @ full)
        for halving in range(_MAX_HALVINGS + 1):
            step = full / 2.0**halving
            new_value, new_grad, new_info = objective(beta + step)
            if new_value >= value - _ROUNDING * (1.0 + abs(value)):
                break
        else:
            return _NewtonResult(beta, value, chol, False, it, step)
        beta, value, grad, chol = beta + step, new_value, new_grad, _cholesky(new_info)
        size = np.max(np.abs(step) * scale)
        flat = halving == 0 and decrement <= _DECREMENT_TOL and size <= _LOOSE_STEP_TOL
        if (size <= tol or flat) and chol is not None:
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
