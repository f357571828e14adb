"""Predicted probabilities: point estimates on all rows; simulation intervals from an importance
sample of rows, checked against the full (rows x draws) simulation and the delta method."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.special import expit

from alliancewar.models.estimate import Estimate
from alliancewar.models.estimators import fit_logit
from alliancewar.models.quantities import predicted_probabilities


@pytest.fixture(scope="module")
def logit_fit():
    rng = np.random.default_rng(21)
    n = 3000
    X = pd.DataFrame({"const": 1.0, "allied": (rng.random(n) < 0.35) * 1.0, "cap": rng.normal(size=n)})
    y = (rng.random(n) < expit(-1.6 + 0.5 * X["allied"] + 0.7 * X["cap"])).to_numpy(dtype=float)
    return fit_logit(y, X, se="naive"), X


def _delta(est: Estimate, X: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Point estimates and delta-method standard errors of the four quantities."""
    beta, V = est.params.to_numpy(), est.cov.to_numpy()
    X1, X0 = X.assign(allied=1.0).to_numpy(), X.assign(allied=0.0).to_numpy()
    p1, p0 = expit(X1 @ beta), expit(X0 @ beta)
    pp1, pp0 = p1.mean(), p0.mean()
    g1 = (p1 * (1 - p1)) @ X1 / len(X)
    g0 = (p0 * (1 - p0)) @ X0 / len(X)
    grads = {"pp_allied": g1, "pp_not_allied": g0, "pp_diff": g1 - g0, "pp_ratio": g1 / pp0 - pp1 * g0 / pp0**2}
    points = {"pp_allied": pp1, "pp_not_allied": pp0, "pp_diff": pp1 - pp0, "pp_ratio": pp1 / pp0}
    return {key: (points[key], float(np.sqrt(g @ V @ g))) for key, g in grads.items()}


def _full_simulation(est, X, n_sims=1000, seed=12345):
    """The textbook simulation: every row for every draw (an n x draws matrix), same draws."""
    rng = np.random.default_rng(seed)
    draws = rng.multivariate_normal(est.params.to_numpy(), est.cov.to_numpy(), size=n_sims, method="eigh")
    X1, X0 = X.assign(allied=1.0).to_numpy(), X.assign(allied=0.0).to_numpy()
    p1, p0 = expit(X1 @ draws.T).mean(axis=0), expit(X0 @ draws.T).mean(axis=0)
    return {"pp_allied": p1, "pp_not_allied": p0, "pp_diff": p1 - p0, "pp_ratio": p1 / p0}


@pytest.fixture(scope="module")
def rare_fit():
    """A rare event (about 0.5%) driven by a few high-risk rows, like dyadic war onset."""
    rng = np.random.default_rng(8)
    n = 60_000
    X = pd.DataFrame({"const": 1.0, "allied": (rng.random(n) < 0.2) * 1.0, "risk": (rng.random(n) < 0.05) * 1.0,
                      "cap": rng.normal(size=n)})
    eta = -6.5 - 0.4 * X["allied"] + 3.0 * X["risk"] + 0.5 * X["cap"]
    y = (rng.random(n) < expit(eta)).to_numpy(dtype=float)
    return fit_logit(y, X, se="naive"), X


@pytest.mark.parametrize("fixture", ["logit_fit", "rare_fit"])
def test_importance_sampled_simulation_matches_the_full_simulation(fixture, request):
    """Same draws, every row vs the importance sample of rows: bounds within 2% of the width.

    The logit fixture has fewer rows than the sample (every row is used: exact); the rare-event
    one, like the dyad-year panels, is estimated from 4,000 rows.
    """
    est, X = request.getfixturevalue(fixture)
    out = predicted_probabilities(est, X, "allied")
    full = _full_simulation(est, X)
    for key, sims in full.items():
        low, high = np.quantile(sims, [0.025, 0.975])
        assert out[key]["conf_low"] == pytest.approx(low, abs=0.02 * (high - low)), key
        assert out[key]["conf_high"] == pytest.approx(high, abs=0.02 * (high - low)), key


def test_point_estimates_use_every_row(rare_fit):
    est, X = rare_fit
    out = predicted_probabilities(est, X, "allied", n_rows=500)
    beta = est.params.to_numpy()
    p1 = expit(X.assign(allied=1.0).to_numpy() @ beta).mean()
    p0 = expit(X.assign(allied=0.0).to_numpy() @ beta).mean()
    assert out["pp_allied"]["estimate"] == pytest.approx(p1, rel=1e-12)
    assert out["pp_ratio"]["estimate"] == pytest.approx(p1 / p0, rel=1e-12)
    for key in ("pp_allied", "pp_not_allied", "pp_ratio", "pp_diff"):
        assert out[key]["conf_low"] < out[key]["estimate"] < out[key]["conf_high"]


def test_simulation_intervals_agree_with_delta_method(logit_fit):
    """A large-sample check: the simulation intervals are close to symmetric delta-method ones."""
    est, X = logit_fit
    out = predicted_probabilities(est, X, "allied", n_sims=20_000)
    for key, (point, se) in _delta(est, X).items():
        half = 1.959963984540054 * se
        assert out[key]["estimate"] == pytest.approx(point, rel=1e-12)
        assert out[key]["conf_low"] == pytest.approx(point - half, abs=0.06 * half)
        assert out[key]["conf_high"] == pytest.approx(point + half, abs=0.06 * half)


def test_seed_reproducibility(logit_fit):
    est, X = logit_fit
    first = predicted_probabilities(est, X, "allied", n_sims=300, seed=1)
    assert predicted_probabilities(est, X, "allied", n_sims=300, seed=1) == first
    other = predicted_probabilities(est, X, "allied", n_sims=300, seed=2)
    assert other["pp_ratio"]["conf_low"] != first["pp_ratio"]["conf_low"]
    assert other["pp_ratio"]["estimate"] == first["pp_ratio"]["estimate"]


def test_odds_ratio_and_effect_are_wald(logit_fit):
    est, X = logit_fit
    out = predicted_probabilities(est, X, "allied")
    ci = est.conf_int().loc["allied"]
    assert out["odds_ratio"] == pytest.approx(
        {"estimate": np.exp(est.params["allied"]), "conf_low": np.exp(ci["conf_low"]),
         "conf_high": np.exp(ci["conf_high"])}
    )
    assert out["effect"]["estimate"] == est.params["allied"]


def test_identity_link_difference_is_the_coefficient():
    rng = np.random.default_rng(22)
    n = 800
    X = pd.DataFrame({"const": 1.0, "allied": (rng.random(n) < 0.5) * 1.0, "cap": rng.normal(size=n)})
    y = (rng.random(n) < 0.1 + 0.05 * X["allied"]).to_numpy(dtype=float)
    ols = sm.OLS(y, X).fit()
    est = Estimate(ols.params, ols.cov_params(), nobs=n, df_resid=None)
    out = predicted_probabilities(est, X, "allied", link="identity", n_sims=20_000)
    assert out["odds_ratio"] is None
    assert out["pp_diff"]["estimate"] == pytest.approx(ols.params["allied"], rel=1e-10)
    half = 1.959963984540054 * ols.bse["allied"]
    assert out["pp_diff"]["conf_low"] == pytest.approx(ols.params["allied"] - half, abs=0.05 * half)
    assert out["pp_not_allied"]["estimate"] == pytest.approx((X.assign(allied=0.0) @ ols.params).mean())


def test_input_errors(logit_fit):
    est, X = logit_fit
    with pytest.raises(ValueError, match="lacks the model terms"):
        predicted_probabilities(est, X.drop(columns="cap"), "allied")
    with pytest.raises(ValueError, match="not a parameter"):
        predicted_probabilities(est, X, "defence")
    with pytest.raises(ValueError, match="link"):
        predicted_probabilities(est, X, "allied", link="probit")
