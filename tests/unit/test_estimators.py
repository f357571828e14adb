"""Estimators against statsmodels, closed forms and direct numpy computations."""

from __future__ import annotations

import ast
import math
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from scipy.special import expit

from alliancewar.models.covariance import cluster_cov, dyadic_cluster_cov, twoway_cluster_cov
from alliancewar.models.estimate import Estimate, EstimationError
from alliancewar.models.estimators import (
    fit_clogit,
    fit_count,
    fit_firth,
    fit_logit,
    fit_lpm_fe,
    fit_relogit,
)


def logit_data(seed: int = 0, n: int = 1500, intercept: float = -1.5):
    """A logit sample with a constant, a normal, a binary and a large-scale covariate."""
    rng = np.random.default_rng(seed)
    peace = rng.integers(0, 100, n).astype(float)
    X = pd.DataFrame(
        {"const": 1.0, "a": rng.normal(size=n), "allied": (rng.random(n) < 0.4) * 1.0, "peace3": peace**3 / 1e3}
    )
    eta = intercept + 0.6 * X["a"] - 0.5 * X["allied"] + 2e-4 * X["peace3"]
    y = (rng.random(n) < expit(eta)).astype(float).to_numpy()
    return y, X, rng.integers(0, 60, n), rng.integers(0, 20, n)


# --------------------------------------------------------------------------- Estimate


def test_estimate_inference_normal_and_t():
    params = pd.Series([1.0, -2.0], index=["a", "b"])
    cov = pd.DataFrame([[0.25, 0.1], [0.1, 1.0]], index=params.index, columns=params.index)
    z = Estimate(params, cov, nobs=50)
    np.testing.assert_allclose(z.bse, [0.5, 1.0])
    np.testing.assert_allclose(z.pvalues, 2 * stats.norm.sf([2.0, 2.0]))
    np.testing.assert_allclose(z.conf_int(0.1)["conf_high"], params + stats.norm.ppf(0.95) * z.bse)
    t = Estimate(params, cov, nobs=50, df_resid=12)
    np.testing.assert_allclose(t.pvalues, 2 * stats.t(12).sf([2.0, 2.0]))
    np.testing.assert_allclose(t.conf_int()["conf_low"], params - stats.t(12).ppf(0.975) * t.bse)
    assert z.aic is None and z.bic is None and z.pseudo_r2 is None


def test_estimate_coef_table_is_json_ready():
    params = pd.Series([1.0, 3.0], index=["a", "b"])
    cov = pd.DataFrame([[4.0, 0.0], [0.0, np.nan]], index=params.index, columns=params.index)
    table = Estimate(params, cov, nobs=10).coef_table()
    assert table[0] == pytest.approx(
        {"term": "a", "estimate": 1.0, "std_error": 2.0, "statistic": 0.5,
         "p_value": 2 * stats.norm.sf(0.5), "conf_low": 1 - 1.959963984540054 * 2,
         "conf_high": 1 + 1.959963984540054 * 2}
    )
    assert table[1]["std_error"] is None and table[1]["estimate"] == 3.0


def test_estimate_rejects_misaligned_cov():
    params = pd.Series([1.0, 3.0], index=["a", "b"])
    with pytest.raises(ValueError, match="index"):
        Estimate(params, pd.DataFrame(np.eye(2), index=["b", "a"], columns=["b", "a"]), nobs=3)


def test_estimation_error_reason():
    err = EstimationError("no events in sample")
    assert err.reason == "no events in sample" and str(err) == "no events in sample"


# --------------------------------------------------------------------------- logit


def test_logit_matches_statsmodels():
    y, X, g1, _ = logit_data()
    ref = sm.Logit(y, X).fit(disp=0, method="newton", tol=1e-12)
    naive = fit_logit(y, X, se="naive")
    np.testing.assert_allclose(naive.params, ref.params, atol=1e-8)
    np.testing.assert_allclose(naive.cov, ref.cov_params(), rtol=1e-6)
    assert naive.loglik == pytest.approx(ref.llf, rel=1e-12)
    assert naive.llnull == pytest.approx(ref.llnull, rel=1e-8)
    assert naive.aic == pytest.approx(ref.aic, rel=1e-10)
    assert naive.bic == pytest.approx(ref.bic, rel=1e-10)
    assert naive.pseudo_r2 == pytest.approx(ref.prsquared, rel=1e-7)
    assert naive.df_model == ref.df_model == 3
    assert naive.extra["n_events"] == int(y.sum()) and naive.converged
    clustered = fit_logit(y, X, se="cluster", groups=g1)
    ref_cl = sm.Logit(y, X).fit(disp=0, method="newton", tol=1e-12, cov_type="cluster", cov_kwds={"groups": g1})
    np.testing.assert_allclose(clustered.cov, ref_cl.cov_params(), rtol=1e-6)
    np.testing.assert_allclose(clustered.pvalues, ref_cl.pvalues, rtol=1e-5)
    assert clustered.n_clusters == 60 and clustered.se_type == "cluster"


def test_logit_robust_is_hc1():
    y, X, _, _ = logit_data(1)
    hc0 = sm.Logit(y, X).fit(disp=0, method="newton", tol=1e-12, cov_type="HC0").cov_params()
    n, k = X.shape
    np.testing.assert_allclose(fit_logit(y, X, se="robust").cov, hc0 * n / (n - k), rtol=1e-6)


def test_logit_cluster2_and_dyadic_use_the_logit_scores():
    y, X, g1, g2 = logit_data(2)
    ref = sm.Logit(y, X).fit(disp=0, method="newton", tol=1e-12)
    scores = X.to_numpy() * (y - ref.predict())[:, None]
    bread = ref.cov_params().to_numpy()
    two = fit_logit(y, X, se="cluster2", groups=g1, groups2=g2)
    np.testing.assert_allclose(two.cov, twoway_cluster_cov(scores, bread, g1, g2), rtol=1e-6)
    assert two.n_clusters == 20
    rng = np.random.default_rng(2)
    a = rng.integers(0, 40, len(y))
    b = (a + rng.integers(1, 40, len(y))) % 40
    dyadic = fit_logit(y, X, se="dyadic", dyad_members=(a, b))
    np.testing.assert_allclose(dyadic.cov, dyadic_cluster_cov(scores, bread, a, b), rtol=1e-6)
    assert dyadic.n_clusters == 40 and dyadic.se_type == "dyadic"


def test_logit_outcome_errors():
    _, X, _, _ = logit_data()
    with pytest.raises(EstimationError, match="no events in sample"):
        fit_logit(np.zeros(len(X)), X, se="naive")
    with pytest.raises(EstimationError, match="outcome has no variation"):
        fit_logit(np.ones(len(X)), X, se="naive")
    with pytest.raises(ValueError, match="0/1"):
        fit_logit(np.full(len(X), 2.0), X, se="naive")


def test_logit_singular_design_names_columns():
    y, X, _, _ = logit_data()
    X = X.assign(twice_a=2 * X["a"] - X["allied"], empty=0.0)
    with pytest.raises(EstimationError) as err:
        fit_logit(y, X, se="naive")
    prefix = "singular design matrix: collinear columns "
    assert err.value.reason.startswith(prefix)
    dropped = set(ast.literal_eval(err.value.reason.removeprefix(prefix)))
    assert len(dropped) == 2 and "empty" in dropped and dropped - {"empty"} <= {"a", "allied", "twice_a"}


def test_logit_quasi_separation():
    y, X, _, _ = logit_data(3)
    X = X.assign(rare=0.0)
    X.loc[:29, "rare"] = 1.0
    y = y.copy()
    y[:30] = 0.0  # no event where rare == 1
    with pytest.raises(EstimationError, match=r"perfect separation: 30 observations .*\['rare'\]"):
        fit_logit(y, X, se="naive")


def test_logit_complete_separation():
    _, X, _, _ = logit_data(4)
    y = (X["a"] > 0.1).astype(float).to_numpy()
    with pytest.raises(EstimationError, match="perfect separation"):
        fit_logit(y, X, se="naive")


# --------------------------------------------------------------------------- Firth


def table_data(a: int, b: int, c: int, d: int):
    """Rows of a 2x2 table: a = (x=1, y=1), b = (x=1, y=0), c = (x=0, y=1), d = (x=0, y=0)."""
    x = np.repeat([1.0, 1.0, 0.0, 0.0], [a, b, c, d])
    y = np.repeat([1.0, 0.0, 1.0, 0.0], [a, b, c, d])
    return y, pd.DataFrame({"const": 1.0, "x": x})


@pytest.mark.parametrize("cells", [(7, 3, 2, 12), (5, 0, 3, 9), (1, 14, 6, 40)])
def test_firth_2x2_equals_haldane_correction(cells):
    a, b, c, d = (v + 0.5 for v in cells)
    y, X = table_data(*cells)
    est = fit_firth(y, X)
    assert est.params["const"] == pytest.approx(math.log(c / d), abs=1e-6)
    assert est.params["x"] == pytest.approx(math.log(a * d / (b * c)), abs=1e-6)
    assert est.converged


def test_firth_is_fixed_point_of_augmented_logit():
    y, X, _, _ = logit_data(5, n=80)
    est = fit_firth(y, X, tol=1e-12)
    Xv, beta = X.to_numpy(), est.params.to_numpy()
    p = expit(Xv @ beta)
    Wh = np.sqrt(p * (1 - p))[:, None] * Xv
    h = np.diag(Wh @ np.linalg.inv(Wh.T @ Wh) @ Wh.T)  # explicit n x n hat matrix
    X_aug = np.vstack([Xv, Xv, Xv])
    y_aug = np.r_[y, y, 1 - y]
    w_aug = np.r_[np.ones(len(y)), h / 2, h / 2]
    ref = sm.GLM(y_aug, X_aug, family=sm.families.Binomial(), freq_weights=w_aug).fit(tol=1e-14)
    np.testing.assert_allclose(beta, ref.params, atol=1e-6)
    assert est.extra["loglik_unpenalized"] == pytest.approx(
        np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)), rel=1e-10
    )
    logdet = np.linalg.slogdet(Wh.T @ Wh)[1]
    assert est.loglik == pytest.approx(est.extra["loglik_unpenalized"] + 0.5 * logdet, rel=1e-10)
    np.testing.assert_allclose(est.cov, np.linalg.inv(Wh.T @ Wh), rtol=1e-6)


def test_firth_finite_under_complete_separation():
    rng = np.random.default_rng(6)
    x = rng.normal(size=60)
    X = pd.DataFrame({"const": 1.0, "x": x, "z": rng.normal(size=60)})
    y = (x > 0).astype(float)
    with pytest.raises(EstimationError, match="perfect separation"):
        fit_logit(y, X, se="naive")
    est = fit_firth(y, X)
    assert est.converged and np.all(np.isfinite(est.params)) and np.all(np.isfinite(est.bse))
    assert est.params["x"] > 2.0


def test_firth_null_loglik_closed_form():
    y, X, _, _ = logit_data(7, n=200)
    null_fit = fit_firth(y, X[["const"]])
    assert fit_firth(y, X).llnull == pytest.approx(null_fit.loglik, rel=1e-10)


# --------------------------------------------------------------------------- relogit


def _king_zeng(y: np.ndarray, X: np.ndarray, beta: np.ndarray, weights: np.ndarray, w1: float) -> np.ndarray:
    """Bias-corrected coefficients written out with the full n x n Q matrix."""
    p = 1 / (1 + np.exp(-(X @ beta)))
    W = np.diag(p * (1 - p) * weights)
    info_inv = np.linalg.inv(X.T @ W @ X)
    Q = X @ info_inv @ X.T
    xi = 0.5 * np.diag(Q) * ((1 + w1) * p - w1)
    return beta - info_inv @ X.T @ W @ xi


def test_relogit_matches_direct_formula():
    y, X, g1, _ = logit_data(8, n=300, intercept=-3.0)
    ref = sm.Logit(y, X).fit(disp=0, method="newton", tol=1e-12)
    est = fit_relogit(y, X, se="naive")
    expected = _king_zeng(y, X.to_numpy(), ref.params.to_numpy(), np.ones(len(y)), 1.0)
    np.testing.assert_allclose(est.params, expected, atol=1e-8)
    n, k = X.shape
    np.testing.assert_allclose(est.cov, ref.cov_params() * (n / (n + k)) ** 2, rtol=1e-6)
    np.testing.assert_allclose(list(est.extra["ml_params"].values()), ref.params, atol=1e-8)
    clustered = fit_relogit(y, X, se="cluster", groups=g1)
    ref_cl = sm.Logit(y, X).fit(disp=0, method="newton", tol=1e-12, cov_type="cluster", cov_kwds={"groups": g1})
    np.testing.assert_allclose(clustered.cov, ref_cl.cov_params() * (n / (n + k)) ** 2, rtol=1e-6)


def test_relogit_with_tau_uses_weighted_logit():
    y, X, _, _ = logit_data(9, n=400, intercept=-2.0)
    tau = 0.01
    ybar = y.mean()
    w1, w0 = tau / ybar, (1 - tau) / (1 - ybar)
    weights = np.where(y == 1, w1, w0)
    ref = sm.GLM(y, X, family=sm.families.Binomial(), freq_weights=weights).fit(tol=1e-14)
    est = fit_relogit(y, X, tau=tau, se="robust")
    expected = _king_zeng(y, X.to_numpy(), ref.params.to_numpy(), weights, w1)
    np.testing.assert_allclose(est.params, expected, atol=1e-7)
    assert est.extra["w1"] == pytest.approx(w1) and est.extra["w0"] == pytest.approx(w0)


def test_relogit_shrinks_rare_event_coefficients():
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"const": 1.0, "a": rng.normal(size=400), "allied": (rng.random(400) < 0.4) * 1.0})
    y = (rng.random(400) < expit(-4 + 0.6 * X["a"] - 0.5 * X["allied"])).astype(float).to_numpy()
    assert y.sum() == 10
    ml = fit_logit(y, X, se="naive").params
    corrected = fit_relogit(y, X, se="naive").params
    assert np.all(np.abs(corrected) < np.abs(ml))


def test_relogit_reduces_bias_in_repeated_samples():
    truth = np.array([-3.5, 1.0])
    rng = np.random.default_rng(11)
    ml, kz = [], []
    for _ in range(300):
        x = rng.normal(size=250)
        X = pd.DataFrame({"const": 1.0, "x": x})
        y = (rng.random(250) < expit(truth[0] + truth[1] * x)).astype(float)
        try:
            ml.append(fit_logit(y, X, se="naive").params.to_numpy())
        except EstimationError:
            continue
        kz.append(fit_relogit(y, X, se="naive").params.to_numpy())
    bias_ml = np.mean(ml, axis=0) - truth
    bias_kz = np.mean(kz, axis=0) - truth
    assert np.all(np.abs(bias_kz) < np.abs(bias_ml))


# --------------------------------------------------------------------------- LPM with fixed effects


@pytest.fixture(scope="module")
def panel():
    """Unbalanced panel: 14 entities x 10 years with about a fifth of the rows missing."""
    rng = np.random.default_rng(12)
    entity = np.repeat(np.arange(14), 10)
    year = np.tile(np.arange(1990, 2000), 14)
    keep = rng.random(len(entity)) > 0.2
    entity, year = entity[keep], year[keep]
    n = len(entity)
    X = pd.DataFrame({"allied": (rng.random(n) < 0.5) * 1.0, "cap": rng.normal(size=n)})
    y = (rng.random(n) < 0.2 + 0.2 * X["allied"] + 0.02 * entity).astype(float).to_numpy()
    return y, X, entity, year


def _dummies(entity: np.ndarray, year: np.ndarray, twoway: bool) -> np.ndarray:
    D = pd.get_dummies(entity, dtype=float).to_numpy()
    if twoway:
        D = np.hstack([D, pd.get_dummies(year, drop_first=True, dtype=float).to_numpy()])
    return D


@pytest.mark.parametrize("twoway", [True, False])
def test_lpm_fe_equals_dummy_ols_and_hand_clustered_se(panel, twoway):
    y, X, entity, year = panel
    est = fit_lpm_fe(y, X.assign(const=1.0), entity, year, twoway=twoway)
    D = _dummies(entity, year, twoway)
    ols = sm.OLS(y, np.hstack([X.to_numpy(), D])).fit()
    np.testing.assert_allclose(est.params.to_numpy(), ols.params[:2], atol=1e-8)
    # Frisch-Waugh-Lovell: regressors net of the dummies, residuals of the full regression
    Xt = X.to_numpy() - D @ np.linalg.lstsq(D, X.to_numpy(), rcond=None)[0]
    e = ols.resid
    bread = np.linalg.inv(Xt.T @ Xt)
    n, k = Xt.shape
    G = len(np.unique(entity))
    d = (G + len(np.unique(year)) - 1) if twoway else 0  # effects linearmodels counts
    factor = G / (G - 1) * (n - 1) / n * n / (n - d - k)
    expected = factor * cluster_cov(Xt * e[:, None], bread, entity, small_sample=False)
    np.testing.assert_allclose(est.bse.to_numpy(), np.sqrt(np.diag(expected)), rtol=1e-8)
    # two-way effects are swept out by LSMR, whose tolerance is 1e-8
    np.testing.assert_allclose(est.cov.to_numpy(), expected, rtol=0, atol=1e-8 * expected.max())
    assert est.df_resid == n - k - (G + len(np.unique(year)) - 1 if twoway else G)
    assert est.n_clusters == G and est.loglik is None and est.extra["n_entities"] == G


def test_lpm_fe_two_way_clustering_and_naive(panel):
    y, X, entity, year = panel
    est = fit_lpm_fe(y, X, entity, year, cluster_time=True)
    assert est.n_clusters == len(np.unique(year))
    naive = fit_lpm_fe(y, X, entity, year, se="naive")
    D = _dummies(entity, year, True)
    ols = sm.OLS(y, np.hstack([X.to_numpy(), D])).fit()
    np.testing.assert_allclose(naive.bse.to_numpy(), ols.bse[:2], rtol=1e-8)
    np.testing.assert_allclose(naive.pvalues.to_numpy(), ols.pvalues[:2], rtol=1e-6)


def test_lpm_fe_absorbed_regressor(panel):
    y, X, entity, year = panel
    with pytest.raises(EstimationError, match="absorbed"):
        fit_lpm_fe(y, X.assign(group=entity % 2 * 1.0), entity, year)


# --------------------------------------------------------------------------- conditional logit


def test_clogit_drops_uninformative_groups_and_matches_statsmodels():
    rng = np.random.default_rng(13)
    groups = np.repeat(np.arange(40), 6)
    n = len(groups)
    X = pd.DataFrame({"allied": (rng.random(n) < 0.5) * 1.0, "cap": rng.normal(size=n)})
    alpha = rng.normal(scale=1.5, size=40)[groups]
    y = (rng.random(n) < expit(alpha - 0.8 * X["allied"] + 0.5 * X["cap"])).to_numpy(dtype=float)
    y[groups < 5] = 0.0
    y[(groups >= 5) & (groups < 7)] = 1.0
    by = pd.Series(y).groupby(groups)
    constant = (by.min() == by.max()).to_numpy()
    est = fit_clogit(y, X.assign(const=1.0), groups)
    assert est.extra["groups_total"] == 40
    assert est.extra["groups_dropped"] == constant.sum() >= 7
    assert est.extra["obs_dropped"] == 6 * constant.sum()
    assert est.nobs == n - 6 * constant.sum()
    from statsmodels.discrete.conditional_models import ConditionalLogit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = ConditionalLogit(y, X, groups=groups).fit(method="newton", maxiter=100, disp=False)
    np.testing.assert_allclose(est.params.to_numpy(), ref.params, atol=1e-6)
    np.testing.assert_allclose(est.bse.to_numpy(), ref.bse, rtol=1e-4)
    assert est.loglik == pytest.approx(ref.llf, rel=1e-8)


def test_clogit_unequal_groups_and_many_events_match_statsmodels():
    """Groups of 3 to 40 rows with up to 12 events: the padded recursion against statsmodels."""
    rng = np.random.default_rng(15)
    sizes = rng.integers(3, 41, size=30)
    groups = np.repeat(np.arange(30), sizes)
    rng.shuffle(groups)  # rows of a group need not be adjacent
    n = len(groups)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": (rng.random(n) < 0.3) * 1.0, "c": rng.normal(size=n)})
    alpha = rng.normal(scale=1.0, size=30)[groups]
    y = (rng.random(n) < expit(alpha - 1.0 + 0.7 * X["a"] - 0.5 * X["b"] + 0.2 * X["c"])).to_numpy(dtype=float)
    est = fit_clogit(y, X, groups)
    from statsmodels.discrete.conditional_models import ConditionalLogit

    by = pd.Series(y).groupby(groups)
    keep = (by.transform("min") < by.transform("max")).to_numpy()
    assert pd.Series(y[keep]).groupby(groups[keep]).sum().max() >= 5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ConditionalLogit(y[keep], X[keep], groups=groups[keep])
        ref = model.fit(method="newton", maxiter=100, disp=False)
    np.testing.assert_allclose(est.params.to_numpy(), ref.params, atol=1e-6)
    np.testing.assert_allclose(est.bse.to_numpy(), ref.bse, rtol=1e-4)
    assert est.loglik == pytest.approx(ref.llf, rel=1e-10)
    assert est.llnull == pytest.approx(model.loglike(np.zeros(3)), rel=1e-10)
    assert est.converged


def test_clogit_matched_pairs_equal_logit_on_differences():
    rng = np.random.default_rng(14)
    pairs = 150
    X = rng.normal(size=(2 * pairs, 2))
    groups = np.repeat(np.arange(pairs), 2)
    eta = X @ [0.9, -0.6]
    # one case per pair, drawn with conditional probabilities expit(eta_1 - eta_0)
    first_is_case = rng.random(pairs) < expit(eta[0::2] - eta[1::2])
    y = np.zeros(2 * pairs)
    y[0::2], y[1::2] = first_is_case, ~first_is_case
    diff = np.where(first_is_case[:, None], X[0::2] - X[1::2], X[1::2] - X[0::2])
    flip = rng.random(pairs) < 0.5  # logit of y on +-diff without intercept: same likelihood
    ref = sm.Logit((~flip).astype(float), np.where(flip[:, None], -diff, diff)).fit(disp=0, tol=1e-12)
    est = fit_clogit(y, pd.DataFrame(X, columns=["a", "b"]), groups)
    np.testing.assert_allclose(est.params.to_numpy(), ref.params, atol=1e-6)
    np.testing.assert_allclose(est.bse.to_numpy(), ref.bse, rtol=1e-4)
    assert est.extra["groups_dropped"] == 0 and est.llnull == pytest.approx(pairs * math.log(0.5))


def test_clogit_within_constant_regressor_is_singular():
    groups = np.repeat(np.arange(10), 4)
    y = np.tile([1.0, 0.0, 0.0, 0.0], 10)
    X = pd.DataFrame({"x": np.arange(40.0) % 3, "level": groups * 1.0})
    with pytest.raises(EstimationError, match=r"singular design matrix: collinear columns \['level'\]"):
        fit_clogit(y, X, groups)


# --------------------------------------------------------------------------- counts


def test_poisson_closed_form_and_hand_hac():
    rng = np.random.default_rng(15)
    n = 150
    x = (rng.random(n) < 0.5) * 1.0
    y = rng.poisson(np.exp(0.3 + 0.4 * x)).astype(float)
    X = pd.DataFrame({"const": 1.0, "x": x})
    est = fit_count(y, X)
    assert est.params["const"] == pytest.approx(math.log(y[x == 0].mean()), abs=1e-8)
    assert est.params["x"] == pytest.approx(math.log(y[x == 1].mean() / y[x == 0].mean()), abs=1e-8)
    lags = math.floor(4 * (n / 100) ** (2 / 9))
    assert est.extra["maxlags"] == lags == 4
    mu = np.exp(X.to_numpy() @ est.params.to_numpy())
    s = X.to_numpy() * (y - mu)[:, None]
    meat = s.T @ s
    for lag in range(1, lags + 1):
        gamma = s[lag:].T @ s[:-lag]
        meat += (1 - lag / (lags + 1)) * (gamma + gamma.T)
    bread = np.linalg.inv(X.to_numpy().T @ (X.to_numpy() * mu[:, None]))
    np.testing.assert_allclose(est.cov.to_numpy(), bread @ meat @ bread, rtol=1e-6)
    assert est.se_type == "hac" and est.loglik < 0 and est.llnull < est.loglik


def test_poisson_clustered_matches_cluster_cov():
    rng = np.random.default_rng(16)
    n = 300
    X = pd.DataFrame({"const": 1.0, "x": rng.normal(size=n)})
    y = rng.poisson(np.exp(0.2 + 0.3 * X["x"])).astype(float)
    groups = rng.integers(0, 30, n)
    est = fit_count(y, X, se="cluster", groups=groups)
    mu = np.exp(X.to_numpy() @ est.params.to_numpy())
    scores = X.to_numpy() * (y - mu)[:, None]
    bread = np.linalg.inv(X.to_numpy().T @ (X.to_numpy() * mu[:, None]))
    np.testing.assert_allclose(est.cov.to_numpy(), cluster_cov(scores, bread, groups), rtol=1e-6)
    assert est.n_clusters == 30


def test_negbin_estimates_overdispersion():
    rng = np.random.default_rng(17)
    n, alpha = 3000, 0.5
    X = pd.DataFrame({"const": 1.0, "x": rng.normal(size=n)})
    mu = np.exp(0.5 + 0.3 * X["x"].to_numpy())
    y = rng.poisson(mu * rng.gamma(1 / alpha, alpha, n)).astype(float)
    nb = fit_count(y, X, family="negbin", se="naive")
    pois = fit_count(y, X, family="poisson", se="naive")
    assert list(nb.params.index) == ["const", "x", "alpha"] and nb.converged
    assert nb.params["alpha"] == pytest.approx(alpha, abs=0.1)
    assert nb.params["x"] == pytest.approx(0.3, abs=0.05)
    assert nb.loglik > pois.loglik


def test_count_input_errors():
    X = pd.DataFrame({"const": np.ones(20), "x": np.arange(20.0)})
    with pytest.raises(EstimationError, match="no events"):
        fit_count(np.zeros(20), X)
    with pytest.raises(ValueError, match="non-negative integers"):
        fit_count(np.full(20, 0.5), X)
