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
class GroupedRows:
    """The informative groups' rows in a padded (groups x max rows) layout, built once per fit.

    Attributes
    ----------
    x
        ``(G, m, k)`` regressors of each group's rows, 0 for padding.
    valid
        ``(G, m)`` True where a row is, False for padding.
    events
        ``(G,)`` number of events (``k_g``) of each group.
    event_sum
        ``(k,)`` sum of the regressors over all event rows.
    """

    x: np.ndarray
    valid: np.ndarray
    events: np.ndarray
    event_sum: np.ndarray


def group_rows(X: np.ndarray, y: np.ndarray, codes: np.ndarray) -> GroupedRows:
    """Lay out the rows of ``X`` (0/1 outcome ``y``) by group code (codes ``0..G-1``, every code present)."""
    order = np.argsort(codes, kind="stable")
    sizes = np.bincount(codes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    position = np.arange(len(codes)) - np.repeat(starts, sizes)
    index = np.full((len(sizes), int(sizes.max())), -1, dtype=np.int64)
    index[np.repeat(np.arange(len(sizes)), sizes), position] = order
    valid = index >= 0
    events = np.bincount(codes, weights=y, minlength=len(sizes)).round().astype(np.int64)
    return GroupedRows(x=X[np.where(valid, index, 0)] * valid[..., None], valid=valid, events=events,
                       event_sum=X.T @ y)


def loglik_derivatives(beta: np.ndarray, rows: GroupedRows,
                       hessian: bool = True) -> tuple[float, np.ndarray, np.ndarray | None]:
    """Conditional log-likelihood, its gradient and (optionally) its information at ``beta``.

    The information is the negative Hessian, so that the triple is an objective for
    :func:`alliancewar.models.binary._maximise`.

    Parameters
    ----------
    beta
        ``(k,)`` coefficients.
    rows
        :func:`group_rows` of the informative groups.
    hessian
        Whether to compute the ``(k, k)`` information (None otherwise).
    """
    G, m, k = rows.x.shape
    K = int(rows.events.max())
    eta = np.where(rows.valid, rows.x @ beta, -np.inf)
    shift = eta.max(axis=1)
    w = np.exp(eta - shift[:, None])                                       # (G, m), padding 0
    E = np.zeros((G, K + 1))
    E[:, 0] = 1.0
    dE = np.zeros((G, K + 1, k))
    d2E = np.zeros((G, K + 1, k, k)) if hessian else None
    for i in range(m):
        wi, xi = w[:, i, None], rows.x[:, i]                               # (G, 1), (G, k)
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
    e_k, de_k = E[g, rows.events], dE[g, rows.events]                       # (G,), (G, k)
    loglik = float(beta @ rows.event_sum) - float(np.sum(np.log(e_k) + rows.events * shift))
    ratio = de_k / e_k[:, None]
    grad = rows.event_sum - ratio.sum(axis=0)
    info = None
    if hessian:
        d2e_k = d2E[g, rows.events]
        info = (d2e_k / e_k[:, None, None] - ratio[:, :, None] * ratio[:, None, :]).sum(axis=0)
    return loglik, grad, info
