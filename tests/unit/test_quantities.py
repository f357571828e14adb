"""Predicted probabilities: point estimates on all rows, delta-method intervals (checked against an
independent computation and against King-Tomz-Wittenberg simulation)."""

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


Z = 1.959963984540054


def test_delta_method_intervals_match_an_independent_computation(logit_fit):
    est, X = logit_fit
    out = predicted_probabilities(est, X, "allied")
    d = _delta(est, X)
    for key in ("pp_allied", "pp_not_allied"):  # log scale: se(log P) = se(P) / P
        point, se = d[key]
        assert out[key]["estimate"] == pytest.approx(point, rel=1e-12)
        assert out[key]["conf_low"] == pytest.approx(point * np.exp(-Z * se / point), rel=1e-10)
        assert out[key]["conf_high"] == pytest.approx(point * np.exp(Z * se / point), rel=1e-10)
    point, se = d["pp_diff"]
    assert out["pp_diff"] == pytest.approx({"estimate": point, "conf_low": point - Z * se, "conf_high": point + Z * se},
                                           rel=1e-10)
    ratio, se_ratio = d["pp_ratio"]  # se of the ratio; log scale: se / ratio
    assert out["pp_ratio"]["estimate"] == pytest.approx(ratio, rel=1e-12)
    assert out["pp_ratio"]["conf_high"] == pytest.approx(ratio * np.exp(Z * se_ratio / ratio), rel=1e-8)


def test_delta_method_agrees_with_simulation_intervals(logit_fit):
    """King, Tomz & Wittenberg (2000) simulation on the same fit: intervals within a few per cent."""
    est, X = logit_fit
    out = predicted_probabilities(est, X, "allied")
    rng = np.random.default_rng(5)
    draws = rng.multivariate_normal(est.params.to_numpy(), est.cov.to_numpy(), size=20_000)
    X1, X0 = X.assign(allied=1.0).to_numpy(), X.assign(allied=0.0).to_numpy()
    sim = {"pp_allied": expit(X1 @ draws.T).mean(axis=0), "pp_not_allied": expit(X0 @ draws.T).mean(axis=0)}
    sim["pp_diff"] = sim["pp_allied"] - sim["pp_not_allied"]
    sim["pp_ratio"] = sim["pp_allied"] / sim["pp_not_allied"]
    for key, values in sim.items():
        low, high = np.quantile(values, [0.025, 0.975])
        width = high - low
        assert out[key]["conf_low"] == pytest.approx(low, abs=0.04 * width)
        assert out[key]["conf_high"] == pytest.approx(high, abs=0.04 * width)


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
    out = predicted_probabilities(est, X, "allied", link="identity")
    assert out["odds_ratio"] is None
    assert out["pp_diff"]["estimate"] == pytest.approx(ols.params["allied"], rel=1e-10)
    half = 1.959963984540054 * ols.bse["allied"]
    assert out["pp_diff"]["conf_low"] == pytest.approx(ols.params["allied"] - half, rel=1e-8)
    assert out["pp_not_allied"]["estimate"] == pytest.approx((X.assign(allied=0.0) @ ols.params).mean())


def test_input_errors(logit_fit):
    est, X = logit_fit
    with pytest.raises(ValueError, match="lacks the model terms"):
        predicted_probabilities(est, X.drop(columns="cap"), "allied")
    with pytest.raises(ValueError, match="not a parameter"):
        predicted_probabilities(est, X, "defence")
    with pytest.raises(ValueError, match="link"):
        predicted_probabilities(est, X, "allied", link="probit")
