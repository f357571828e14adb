"""Sandwich covariance matrices computed from per-observation scores.

Every estimator here has the form ``V = B M B`` where ``B`` (the *bread*) is the inverse
of the negative Hessian of the objective (for least squares ``(X'X)^{-1}``) and ``M``
(the *meat*) is a sum of outer products of the per-observation scores ``s_i`` (rows of
``scores``; for a logit ``s_i = x_i (y_i - p_i)``). The estimators differ only in which
pairs of observations ``(i, j)`` are allowed to be correlated:

* :func:`robust_cov` -- only ``i = j`` (Huber-White, HC0/HC1);
* :func:`cluster_cov` -- pairs in the same cluster;
* :func:`twoway_cluster_cov` -- pairs that share either of two cluster variables
  (Cameron, Gelbach & Miller 2011);
* :func:`dyadic_cluster_cov` -- pairs of dyads that share at least one member state
  (Aronow, Samii & Assenova 2015).

All group sums are vectorised (``numpy.bincount``); nothing loops over observations.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "SE_TYPES",
    "robust_cov",
    "cluster_cov",
    "twoway_cluster_cov",
    "dyadic_cluster_cov",
    "sandwich_cov",
]

# Negative eigenvalues smaller than this times the largest are rounding noise, not a defect.
_EIG_RTOL = 1e-10
#: A PSD fix that changes no standard error by more than this (relative) needs no warning.
_SE_RTOL = 1e-3

#: Names of the score-based covariance types accepted by :func:`sandwich_cov`.
SE_TYPES = ("naive", "robust", "cluster", "cluster2", "dyadic")


def robust_cov(scores: np.ndarray, bread: np.ndarray, *, kind: str = "HC1") -> np.ndarray:
    """Heteroskedasticity-robust (Huber-White) sandwich covariance.

    Parameters
    ----------
    scores
        ``(n, k)`` per-observation scores.
    bread
        ``(k, k)`` inverse of the negative Hessian.
    kind
        ``"HC0"`` (no small-sample factor) or ``"HC1"`` (factor ``n / (n - k)``).

    Returns
    -------
    numpy.ndarray
        ``(k, k)`` covariance ``B (sum_i s_i s_i') B``, times ``n / (n - k)`` for HC1.

    References
    ----------
    White, H. (1980). A heteroskedasticity-consistent covariance matrix estimator and a
    direct test for heteroskedasticity. *Econometrica* 48(4), 817-838.
    """
    if kind not in ("HC0", "HC1"):
        raise ValueError(f"kind must be 'HC0' or 'HC1', got {kind!r}")
    n, k = scores.shape
    factor = n / (n - k) if kind == "HC1" else 1.0
    return factor * _sandwich(bread, scores.T @ scores)


def cluster_cov(
    scores: np.ndarray, bread: np.ndarray, groups: Any, *, small_sample: bool = True
) -> np.ndarray:
    """One-way cluster-robust sandwich covariance.

    Parameters
    ----------
    scores
        ``(n, k)`` per-observation scores.
    bread
        ``(k, k)`` inverse of the negative Hessian.
    groups
        Length-``n`` cluster labels (any hashable values; no missing values).
    small_sample
        Multiply by ``G/(G-1) * (N-1)/(N-K)`` (G clusters, N observations, K
        parameters). This is the factor of Stata's ``regress, vce(cluster)`` and the
        default of statsmodels (``use_correction=True``); Stata's ML commands
        (``logit, vce(cluster)``) use ``G/(G-1)`` alone. With N in the hundreds of
        thousands the two differ by far less than a rounding error.

    Returns
    -------
    numpy.ndarray
        ``(k, k)`` covariance ``B (sum_g S_g S_g') B`` where ``S_g`` is the sum of the
        scores of cluster g.

    References
    ----------
    Cameron, A. C., Gelbach, J. B. & Miller, D. L. (2011). Robust inference with
    multiway clustering. *Journal of Business & Economic Statistics* 29(2), 238-249.
    """
    codes, n_groups = _codes(groups, len(scores))
    sums = _group_sums(scores, codes, n_groups)
    factor = _small_sample_factor(n_groups, *scores.shape) if small_sample else 1.0
    return factor * _sandwich(bread, sums.T @ sums)


def twoway_cluster_cov(
    scores: np.ndarray, bread: np.ndarray, g1: Any, g2: Any, *, small_sample: bool = True
) -> np.ndarray:
    """Two-way cluster-robust covariance of Cameron, Gelbach & Miller (2011).

    ``V = V_1 + V_2 - V_12`` where ``V_1`` and ``V_2`` cluster on ``g1`` and ``g2`` and
    ``V_12`` on their intersection (observations equal on both). Each term gets its own
    small-sample factor ``G/(G-1) * (N-1)/(N-K)`` with its own number of clusters G
    (CGM 2011, section 2.3). ``V`` need not be positive semi-definite; if it has a
    negative eigenvalue, it is replaced by ``U max(L, 0) U'`` from its eigendecomposition
    ``U L U'`` (CGM 2011, section 2.3) and a ``RuntimeWarning`` is issued.

    Parameters
    ----------
    scores
        ``(n, k)`` per-observation scores.
    bread
        ``(k, k)`` inverse of the negative Hessian.
    g1, g2
        Length-``n`` labels of the two cluster dimensions (e.g. dyad and year).
    small_sample
        Apply the small-sample factors described above.

    Returns
    -------
    numpy.ndarray
        ``(k, k)`` covariance.

    References
    ----------
    Cameron, A. C., Gelbach, J. B. & Miller, D. L. (2011). Robust inference with
    multiway clustering. *Journal of Business & Economic Statistics* 29(2), 238-249.
    """
    n = len(scores)
    codes1, n1 = _codes(g1, n)
    codes2, n2 = _codes(g2, n)
    both = codes1.astype(np.int64) * n2 + codes2
    cov = (
        cluster_cov(scores, bread, codes1, small_sample=small_sample)
        + cluster_cov(scores, bread, codes2, small_sample=small_sample)
        - cluster_cov(scores, bread, both, small_sample=small_sample)
    )
    return _clip_to_psd(cov, "two-way cluster")


def dyadic_cluster_cov(
    scores: np.ndarray,
    bread: np.ndarray,
    ccode1: Any,
    ccode2: Any,
    *,
    small_sample: bool = True,
) -> np.ndarray:
    """Dyadic-robust covariance of Aronow, Samii & Assenova (2015).

    The meat sums ``s_i s_j'`` over all pairs of observations (dyad-years) whose dyads
    share at least one member state, including ``i = j`` and the same dyad in other
    years. With ``m(i)`` the two members of observation i, ``|m(i) & m(j)|`` is 0, 1 or
    2, and it is 2 exactly when i and j are the same undirected dyad, so::

        1[m(i) & m(j) nonempty] = |m(i) & m(j)| - 1[m(i) = m(j)].

    Summing over pairs gives the vectorised form used here::

        M = sum_states S_c S_c' - sum_dyads S_D S_D',

    where ``S_c`` is the sum of the scores of all observations with state c as one of
    the two members and ``S_D`` the sum over all observations of the undirected dyad D
    (``(a, b)`` and ``(b, a)`` are the same dyad). The unit tests check it against the
    O(n^2) double loop. By analogy with one-way clustering, ``small_sample`` multiplies
    by ``G/(G-1) * (N-1)/(N-K)`` with G the number of distinct states. Like the two-way
    estimator the result can be indefinite; negative eigenvalues are set to zero, with a
    ``RuntimeWarning``.

    Parameters
    ----------
    scores
        ``(n, k)`` per-observation scores.
    bread
        ``(k, k)`` inverse of the negative Hessian.
    ccode1, ccode2
        Length-``n`` codes of the two member states of each observation; they must
        differ on every row.
    small_sample
        Apply the small-sample factor described above.

    Returns
    -------
    numpy.ndarray
        ``(k, k)`` covariance.

    References
    ----------
    Aronow, P. M., Samii, C. & Assenova, V. A. (2015). Cluster-robust variance
    estimation for dyadic data. *Political Analysis* 23(4), 564-577.
    """
    n = len(scores)
    states, n_states = _codes(np.concatenate([np.asarray(ccode1), np.asarray(ccode2)]), 2 * n)
    a, b = states[:n], states[n:]
    if np.any(a == b):
        raise ValueError("ccode1 and ccode2 must differ on every row of a dyadic covariance")
    dyads = np.minimum(a, b).astype(np.int64) * n_states + np.maximum(a, b)
    dyad_codes, n_dyads = _codes(dyads, n)
    state_sums = _group_sums(np.vstack([scores, scores]), states, n_states)
    dyad_sums = _group_sums(scores, dyad_codes, n_dyads)
    meat = state_sums.T @ state_sums - dyad_sums.T @ dyad_sums
    factor = _small_sample_factor(n_states, *scores.shape) if small_sample else 1.0
    return _clip_to_psd(factor * _sandwich(bread, meat), "dyadic")


def sandwich_cov(
    se: str,
    scores: np.ndarray,
    bread: np.ndarray,
    *,
    groups: Any = None,
    groups2: Any = None,
    dyad_members: Any = None,
) -> tuple[np.ndarray, int | None]:
    """Covariance of the requested type and its number of clusters.

    Parameters
    ----------
    se
        One of :data:`SE_TYPES`: ``"naive"`` (the bread itself, i.e. the inverse
        information matrix), ``"robust"`` (HC1), ``"cluster"`` (on ``groups``),
        ``"cluster2"`` (on ``groups`` and ``groups2``) or ``"dyadic"`` (on
        ``dyad_members``).
    scores, bread
        As in :func:`cluster_cov`.
    groups, groups2
        Cluster labels for ``"cluster"`` and ``"cluster2"``.
    dyad_members
        The two member-state codes for ``"dyadic"``: a pair of arrays or a two-column
        DataFrame.

    Returns
    -------
    cov : numpy.ndarray
        ``(k, k)`` covariance.
    n_clusters : int or None
        Clusters used: G for ``"cluster"``, the smaller G for ``"cluster2"``, the
        number of states for ``"dyadic"``, else ``None``.
    """
    n = len(scores)
    if se == "naive":
        return bread, None
    if se == "robust":
        return robust_cov(scores, bread), None
    if se == "cluster":
        _require(groups, "groups", se)
        return cluster_cov(scores, bread, groups), _codes(groups, n)[1]
    if se == "cluster2":
        _require(groups, "groups", se)
        _require(groups2, "groups2", se)
        n_clusters = min(_codes(groups, n)[1], _codes(groups2, n)[1])
        return twoway_cluster_cov(scores, bread, groups, groups2), n_clusters
    if se == "dyadic":
        _require(dyad_members, "dyad_members", se)
        c1, c2 = _members(dyad_members)
        n_states = _codes(np.concatenate([c1, c2]), 2 * n)[1]
        return dyadic_cluster_cov(scores, bread, c1, c2), n_states
    raise ValueError(f"se must be one of {SE_TYPES}, got {se!r}")


def _sandwich(bread: np.ndarray, meat: np.ndarray) -> np.ndarray:
    """``bread @ meat @ bread``, symmetrised against rounding."""
    cov = bread @ meat @ bread
    return (cov + cov.T) / 2.0


def _small_sample_factor(n_groups: int, n: int, k: int) -> float:
    """Stata/statsmodels cluster factor ``G/(G-1) * (N-1)/(N-K)``."""
    if n_groups < 2:
        raise ValueError("a clustered covariance needs at least two clusters")
    return n_groups / (n_groups - 1) * (n - 1) / (n - k)


def _codes(labels: Any, n: int) -> tuple[np.ndarray, int]:
    """Integer codes ``0..G-1`` of ``labels`` and G; rejects missing labels and wrong lengths."""
    codes, uniques = pd.factorize(np.asarray(labels))
    if len(codes) != n:
        raise ValueError(f"cluster labels have {len(codes)} rows, the scores {n}")
    if np.any(codes < 0):
        raise ValueError("cluster labels must not be missing")
    return codes, len(uniques)


def _group_sums(scores: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """``(G, k)`` sums of the rows of ``scores`` by group code (one bincount per column)."""
    return np.column_stack(
        [np.bincount(codes, weights=scores[:, j], minlength=n_groups) for j in range(scores.shape[1])]
    )


def _clip_to_psd(cov: np.ndarray, label: str) -> np.ndarray:
    """Set negative eigenvalues of a symmetric matrix to zero (Cameron, Gelbach & Miller 2011).

    A ``RuntimeWarning`` (which makes the fit doubtful) reports the largest relative change of a
    standard error the fix causes; a fix that changes no standard error by more than
    :data:`_SE_RTOL` is numerically immaterial and passes without one.
    """
    values, vectors = np.linalg.eigh(cov)
    if values.min() >= -_EIG_RTOL * max(values.max(), 0.0):
        return cov
    fixed = (vectors * np.clip(values, 0.0, None)) @ vectors.T
    fixed = (fixed + fixed.T) / 2.0
    before, after = np.sqrt(np.clip(np.diag(cov), 0.0, None)), np.sqrt(np.diag(fixed))
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.where(before > 0, np.abs(after - before) / before, np.where(after > 0, np.inf, 0.0))
    if np.max(change) > _SE_RTOL:
        warnings.warn(
            f"{label} covariance was not positive semi-definite; negative eigenvalues were set to zero "
            f"(Cameron, Gelbach & Miller 2011), which changed standard errors by up to {np.max(change):.0%}",
            RuntimeWarning,
            stacklevel=3,
        )
    return fixed


def _members(dyad_members: Any) -> tuple[np.ndarray, np.ndarray]:
    """The two member-state columns of ``dyad_members`` (pair of arrays or 2-column frame)."""
    if isinstance(dyad_members, pd.DataFrame):
        if dyad_members.shape[1] != 2:
            raise ValueError("dyad_members must have exactly two columns")
        return dyad_members.iloc[:, 0].to_numpy(), dyad_members.iloc[:, 1].to_numpy()
    if isinstance(dyad_members, Sequence) and len(dyad_members) == 2:
        return np.asarray(dyad_members[0]), np.asarray(dyad_members[1])
    raise ValueError("dyad_members must be a pair of arrays or a two-column DataFrame")


def _require(value: Any, name: str, se: str) -> None:
    """Raise a ValueError when a covariance type is missing the labels it needs."""
    if value is None:
        raise ValueError(f"se={se!r} needs {name}")
