"""Sandwich covariances against statsmodels and brute-force double loops."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from alliancewar.models.covariance import (
    cluster_cov,
    dyadic_cluster_cov,
    robust_cov,
    sandwich_cov,
    twoway_cluster_cov,
)


@pytest.fixture(scope="module")
def logit_scores():
    """Scores and bread of a statsmodels logit, with two cluster variables."""
    rng = np.random.default_rng(7)
    n = 400
    X = sm.add_constant(rng.normal(size=(n, 2)))
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-(X @ [-0.5, 0.8, -0.4])))).astype(float)
    g1, g2 = rng.integers(0, 25, n), rng.integers(0, 12, n)
    res = sm.Logit(y, X).fit(disp=0)
    scores = X * (y - res.predict())[:, None]
    bread = np.linalg.inv(-res.model.hessian(res.params))
    return y, X, g1, g2, scores, bread


def _pair_meat(scores: np.ndarray, linked: np.ndarray) -> np.ndarray:
    """sum_{i,j} linked[i, j] s_i s_j' by the O(n^2) definition."""
    n, k = scores.shape
    meat = np.zeros((k, k))
    for i in range(n):
        for j in range(n):
            if linked[i, j]:
                meat += np.outer(scores[i], scores[j])
    return meat


def test_cluster_cov_matches_statsmodels(logit_scores):
    y, X, g1, _, scores, bread = logit_scores
    expected = sm.Logit(y, X).fit(disp=0, cov_type="cluster", cov_kwds={"groups": g1}).cov_params()
    np.testing.assert_allclose(cluster_cov(scores, bread, g1), expected, rtol=1e-10)


def test_cluster_cov_small_sample_factor(logit_scores):
    _, _, g1, _, scores, bread = logit_scores
    n, k = scores.shape
    G = len(np.unique(g1))
    meat = sum(np.outer(scores[g1 == g].sum(0), scores[g1 == g].sum(0)) for g in np.unique(g1))
    raw = bread @ meat @ bread
    np.testing.assert_allclose(cluster_cov(scores, bread, g1, small_sample=False), raw, rtol=1e-12)
    np.testing.assert_allclose(
        cluster_cov(scores, bread, g1), raw * G / (G - 1) * (n - 1) / (n - k), rtol=1e-12
    )


def test_cluster_labels_of_any_type(logit_scores):
    _, _, g1, _, scores, bread = logit_scores
    labels = np.array([f"dyad-{g}" for g in g1], dtype=object)
    np.testing.assert_allclose(cluster_cov(scores, bread, labels), cluster_cov(scores, bread, g1), rtol=1e-12)
    with pytest.raises(ValueError, match="missing"):
        cluster_cov(scores, bread, np.where(g1 == 3, np.nan, g1))


def test_robust_cov_matches_statsmodels(logit_scores):
    y, X, _, _, scores, bread = logit_scores
    hc0 = sm.Logit(y, X).fit(disp=0, cov_type="HC0").cov_params()
    np.testing.assert_allclose(robust_cov(scores, bread, kind="HC0"), hc0, rtol=1e-10)
    ols = sm.OLS(y, X).fit()
    ols_scores = X * ols.resid[:, None]
    np.testing.assert_allclose(robust_cov(ols_scores, np.linalg.inv(X.T @ X)), ols.cov_HC1, rtol=1e-10)


def test_twoway_equals_pairs_sharing_either_cluster(logit_scores):
    _, _, g1, g2, scores, bread = logit_scores
    s, b, a1, a2 = scores[:120], bread, g1[:120], g2[:120]
    linked = (a1[:, None] == a1[None, :]) | (a2[:, None] == a2[None, :])
    expected = b @ _pair_meat(s, linked) @ b
    np.testing.assert_allclose(twoway_cluster_cov(s, b, a1, a2, small_sample=False), expected, rtol=1e-10)


def test_twoway_small_sample_factor_per_component(logit_scores):
    _, _, g1, g2, scores, bread = logit_scores
    both = pd.factorize(pd.Series(list(zip(g1, g2, strict=True))))[0]
    expected = (
        cluster_cov(scores, bread, g1) + cluster_cov(scores, bread, g2) - cluster_cov(scores, bread, both)
    )
    np.testing.assert_allclose(twoway_cluster_cov(scores, bread, g1, g2), expected, rtol=1e-12)


def test_twoway_eigenvalue_fix():
    rng = np.random.default_rng(1)  # a draw whose V1 + V2 - V12 is indefinite
    scores = rng.normal(size=(12, 2))
    g1, g2 = rng.integers(0, 3, 12), rng.integers(0, 3, 12)
    linked = (g1[:, None] == g1[None, :]) | (g2[:, None] == g2[None, :])
    raw = _pair_meat(scores, linked)
    values, vectors = np.linalg.eigh(raw)
    assert values.min() < -1e-3 * values.max()
    with pytest.warns(RuntimeWarning, match="not positive semi-definite"):
        fixed = twoway_cluster_cov(scores, np.eye(2), g1, g2, small_sample=False)
    np.testing.assert_allclose(fixed, (vectors * np.clip(values, 0, None)) @ vectors.T, atol=1e-12)
    assert np.linalg.eigvalsh(fixed).min() > -1e-12


def _dyads(rng: np.random.Generator, n: int, n_states: int) -> tuple[np.ndarray, np.ndarray]:
    """Random member pairs (a != b), in both orders, over ``n_states`` states."""
    a = rng.integers(0, n_states, n)
    b = (a + rng.integers(1, n_states, n)) % n_states
    return a * 10 + 2, b * 10 + 2  # COW-like codes


def test_dyadic_equals_brute_force():
    rng = np.random.default_rng(3)
    n, k = 90, 3
    scores = rng.normal(size=(n, k))
    bread = np.linalg.inv(np.cov(rng.normal(size=(k, 50))) + np.eye(k))
    c1, c2 = _dyads(rng, n, 9)
    members = [{a, b} for a, b in zip(c1, c2, strict=True)]
    linked = np.array([[bool(mi & mj) for mj in members] for mi in members])
    expected = bread @ _pair_meat(scores, linked) @ bread
    got = dyadic_cluster_cov(scores, bread, c1, c2, small_sample=False)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)
    G = len(np.unique(np.r_[c1, c2]))
    np.testing.assert_allclose(
        dyadic_cluster_cov(scores, bread, c1, c2), expected * G / (G - 1) * (n - 1) / (n - k), rtol=1e-10
    )


def test_dyadic_treats_directed_pairs_as_one_dyad():
    rng = np.random.default_rng(4)
    n = 60
    scores = rng.normal(size=(n, 2))
    c1, c2 = _dyads(rng, n, 6)
    flip = rng.random(n) < 0.5
    d1, d2 = np.where(flip, c2, c1), np.where(flip, c1, c2)
    np.testing.assert_allclose(
        dyadic_cluster_cov(scores, np.eye(2), d1, d2), dyadic_cluster_cov(scores, np.eye(2), c1, c2), rtol=1e-12
    )


def test_dyadic_rejects_self_dyads():
    with pytest.raises(ValueError, match="differ"):
        dyadic_cluster_cov(np.ones((3, 1)), np.eye(1), [2, 20, 200], [20, 20, 2])


def test_sandwich_dispatch_counts_clusters(logit_scores):
    _, _, g1, g2, scores, bread = logit_scores
    n = len(scores)
    c1, c2 = _dyads(np.random.default_rng(5), n, 30)
    assert sandwich_cov("naive", scores, bread) == (bread, None)
    assert sandwich_cov("cluster", scores, bread, groups=g1)[1] == len(np.unique(g1))
    assert sandwich_cov("cluster2", scores, bread, groups=g1, groups2=g2)[1] == len(np.unique(g2))
    cov, n_states = sandwich_cov("dyadic", scores, bread, dyad_members=pd.DataFrame({"a": c1, "b": c2}))
    assert n_states == len(np.unique(np.r_[c1, c2]))
    np.testing.assert_allclose(cov, dyadic_cluster_cov(scores, bread, c1, c2))
    with pytest.raises(ValueError, match="needs groups"):
        sandwich_cov("cluster", scores, bread)
    with pytest.raises(ValueError, match="se must be"):
        sandwich_cov("bootstrap", scores, bread)
