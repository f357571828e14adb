"""Exact conditional (fixed-effects) logit likelihood, vectorised over groups.

Why not statsmodels' ``ConditionalLogit``: it evaluates each group's denominator by a
Python-level recursion and takes the Hessian by numerical differentiation of the score; on
the default run's dyad fixed-effects fit (229 informative dyads, 14,656 score-group
evaluations) that is 13.6 s of a 35 s job. The likelihood here is the same (Chamberlain 1980):
for group g with ``k_g`` events among ``n_g`` rows and ``w_i = exp(x_i' b)``,

    l_g(b) = sum_{i in events} x_i' b - log e_{k_g}(w_1, ..., w_{n_g}),

where ``e_k`` is the elementary symmetric polynomial of degree ``k`` (the sum over all
k-subsets of the products of their ``w``). ``e_k``, its gradient and its Hessian follow
from the recursion ``e_j <- e_j + w_i e_{j-1}`` over the rows of a group (Gail, Lubin &
Rubinstein 1981), run for all groups at once on a padded (groups x rows) layout, so that
the score and the Hessian are exact and a fit takes a fraction of a second. The weights are
scaled by each group's largest ``w`` (which cancels in every ratio). The unit tests check
estimates, standard errors and log-likelihoods against statsmodels.

References
----------
Chamberlain, G. (1980). Analysis of covariance with qualitative data. *Review of Economic
Studies* 47(1), 225-238.

Gail, M. H., Lubin, J. H. & Rubinstein, L. V. (1981). Likelihood calculations for matched
case-control studies and survival studies with tied death times. *Biometrika* 68(3), 703-707.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class GroupLayout:
    """Rows of each group in a padded (groups x max rows) layout.

    Attributes
    ----------
    index
        ``(G, m)`` row numbers into the data, ``-1`` for padding.
    valid
        ``(G, m)`` True where ``index`` is a row.
    events
        ``(G,)`` number of events (``k_g``) of each group.
    """

    index: np.ndarray
    valid: np.ndarray
    events: np.ndarray


def group_layout(y: np.ndarray, codes: np.ndarray) -> GroupLayout:
    """Padded layout of rows by group code (codes ``0..G-1``, every code present)."""
    order = np.argsort(codes, kind="stable")
    sizes = np.bincount(codes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    position = np.arange(len(codes)) - np.repeat(starts, sizes)
    index = np.full((len(sizes), int(sizes.max())), -1, dtype=np.int64)
    index[np.repeat(np.arange(len(sizes)), sizes), position] = order
    events = np.bincount(codes, weights=y, minlength=len(sizes)).round().astype(np.int64)
    return GroupLayout(index=index, valid=index >= 0, events=events)


def loglik_derivatives(beta: np.ndarray, X: np.ndarray, y: np.ndarray, layout: GroupLayout,
                       hessian: bool = True) -> tuple[float, np.ndarray, np.ndarray | None]:
    """Conditional log-likelihood, its gradient and (optionally) its Hessian at ``beta``.

    Parameters
    ----------
    beta
        ``(k,)`` coefficients.
    X, y
        ``(n, k)`` regressors and the 0/1 outcome of the informative groups' rows.
    layout
        :func:`group_layout` of those rows.
    hessian
        Whether to compute the ``(k, k)`` Hessian (None otherwise).
    """
    G, m = layout.index.shape
    k = X.shape[1]
    K = int(layout.events.max())
    rows = np.where(layout.valid, layout.index, 0)
    eta = np.where(layout.valid, (X @ beta)[rows], -np.inf)
    shift = eta.max(axis=1)
    w = np.exp(eta - shift[:, None])                                       # (G, m), padding 0
    xs = X[rows] * layout.valid[..., None]                                 # (G, m, k)
    E = np.zeros((G, K + 1))
    E[:, 0] = 1.0
    dE = np.zeros((G, K + 1, k))
    d2E = np.zeros((G, K + 1, k, k)) if hessian else None
    for i in range(m):
        wi, xi = w[:, i, None], xs[:, i]                                   # (G, 1), (G, k)
        prev, dprev = E[:, :-1].copy(), dE[:, :-1].copy()
        if hessian:
            d2prev = d2E[:, :-1].copy()
            outer = xi[:, :, None] * xi[:, None, :]                        # (G, k, k)
            cross = xi[:, None, :, None] * dprev[:, :, None, :]            # x_i dE_{j-1}'
            d2E[:, 1:] += wi[:, :, None, None] * (outer[:, None] * prev[..., None, None] + cross
                                                   + cross.transpose(0, 1, 3, 2) + d2prev)
        dE[:, 1:] += wi[..., None] * (xi[:, None, :] * prev[..., None] + dprev)
        E[:, 1:] += wi * prev
    g = np.arange(G)
    e_k, de_k = E[g, layout.events], dE[g, layout.events]                   # (G,), (G, k)
    event_sum = (X * y[:, None]).sum(axis=0)
    eta_events = float((X @ beta) @ y)
    loglik = eta_events - float(np.sum(np.log(e_k) + layout.events * shift))
    ratio = de_k / e_k[:, None]
    grad = event_sum - ratio.sum(axis=0)
    hess = None
    if hessian:
        d2e_k = d2E[g, layout.events]
        hess = -(d2e_k / e_k[:, None, None] - ratio[:, :, None] * ratio[:, None, :]).sum(axis=0)
    return loglik, grad, hess


@dataclass(frozen=True)
class ConditionalFit:
    """Result of :func:`maximise`."""

    beta: np.ndarray
    cov: np.ndarray
    loglik: float
    decrement: float
    n_iter: int


def maximise(X: np.ndarray, y: np.ndarray, layout: GroupLayout, *, maxiter: int = 100,
             tol: float = 1e-12) -> ConditionalFit:
    """Newton's method with step halving from ``b = 0``; stops when the Newton decrement
    ``g' (-H)^{-1} g`` falls below ``tol``. The covariance is ``(-H)^{-1}`` at the estimate."""
    beta = np.zeros(X.shape[1])
    loglik, grad, hess = loglik_derivatives(beta, X, y, layout)
    n_iter = 0
    for n_iter in range(1, maxiter + 1):
        step = np.linalg.solve(-hess, grad)
        decrement = float(grad @ step)
        if decrement < tol:
            break
        t = 1.0
        while t > 1e-10:
            cand = beta + t * step
            cand_ll, cand_grad, cand_hess = loglik_derivatives(cand, X, y, layout)
            if np.isfinite(cand_ll) and cand_ll >= loglik - 1e-12 * abs(loglik):
                break
            t /= 2
        beta, loglik, grad, hess = cand, cand_ll, cand_grad, cand_hess
    cov = np.linalg.inv(-hess)
    return ConditionalFit(beta=beta, cov=cov, loglik=float(loglik), decrement=float(grad @ cov @ grad),
                          n_iter=n_iter)
