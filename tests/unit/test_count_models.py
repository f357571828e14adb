"""Count models: the negative binomial never reports non-finite estimates as converged."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from alliancewar.models.count import fit_count


def _spiky_counts(seed: int) -> tuple[np.ndarray, pd.DataFrame]:
    """Overdispersed counts with two very large values (like the alliances begun in 1991-1993)."""
    rng = np.random.default_rng(seed)
    n = 120
    x = rng.random(n)
    y = rng.negative_binomial(0.5, 0.5 / (0.5 + np.exp(0.5 + x)), n)
    y[rng.integers(0, n, 2)] += 60
    return y.astype(float), pd.DataFrame({"x": x, "trend": np.arange(n) / 100, "const": 1.0})


def test_negbin_recovers_when_newton_ends_on_nan():
    y, X = _spiky_counts(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        newton = sm.NegativeBinomial(y, X, loglike_method="nb2").fit(method="newton", maxiter=100, disp=False)
        bfgs = sm.NegativeBinomial(y, X, loglike_method="nb2").fit(method="bfgs", maxiter=1000, disp=False)
    assert not np.all(np.isfinite(newton.params)) and newton.mle_retvals["converged"]  # the statsmodels behaviour
    for se in ("hac", "naive"):
        fit = fit_count(y, X, family="negbin", se=se)
        assert fit.converged and np.all(np.isfinite(fit.params)) and np.all(np.isfinite(fit.bse))
        np.testing.assert_allclose(fit.params.to_numpy(), bfgs.params.to_numpy(), rtol=1e-4)
        assert fit.loglik == pytest.approx(bfgs.llf, rel=1e-8)


def test_robust_errors_are_the_hand_computed_sandwich():
    """``se: robust`` (allowed by the spec for count models) is the HC0 sandwich H^-1 B H^-1."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=300)
    y = rng.poisson(np.exp(0.3 + 0.5 * x)).astype(float)
    X = pd.DataFrame({"x": x, "const": 1.0})
    fit = fit_count(y, X, family="poisson", se="robust")
    mu = np.exp(X.to_numpy() @ fit.params.to_numpy())
    bread = np.linalg.inv(X.to_numpy().T @ (X.to_numpy() * mu[:, None]))
    scores = X.to_numpy() * (y - mu)[:, None]
    cov = bread @ (scores.T @ scores) @ bread
    np.testing.assert_allclose(fit.bse.to_numpy(), np.sqrt(np.diag(cov)), rtol=1e-6)
    naive = fit_count(y, X, family="poisson", se="naive")
    assert not np.allclose(fit.bse.to_numpy(), naive.bse.to_numpy(), rtol=1e-3)
