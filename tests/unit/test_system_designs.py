"""System lead designs (:mod:`alliancewar.models.system`) against direct computations, and the fit
record of a system specification: the spec's outcome is honoured, untestable cells are failed rows."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import yaml
from scipy import stats

from alliancewar.models import system as S
from alliancewar.models.claims import claimed_sign, headline_form, is_flow
from alliancewar.models.hac import hac_maxlags
from alliancewar.models.run import fit_spec
from alliancewar.models.spec import resolve_specs
from alliancewar.models.status import Checks
from alliancewar.models.timeseries import ess_correlation_test
from tests.conftest import ROOT

CFG = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
PERIODS = {k: list(v) for k, v in CFG["models"]["periods"].items()}
YEARS = np.arange(1816, 2008)


def system_panel(seed: int = 11) -> pd.DataFrame:
    """A synthetic system-year panel: a persistent share allied, counts of alliances and wars."""
    rng = np.random.default_rng(seed)
    n = len(YEARS)
    share = np.clip(0.4 + np.cumsum(rng.normal(0, 0.03, n)), 0.05, 0.95)
    wars = rng.poisson(0.5 + 0.8 * (share - 0.4).clip(0), n).astype(float)
    months = wars * rng.gamma(2.0, 15.0, n)
    modularity = np.empty(n)
    modularity[0] = 0.4
    for t in range(1, n):
        modularity[t] = 0.4 + 0.9 * (modularity[t - 1] - 0.4) + rng.normal(0, 0.02)
    return pd.DataFrame({
        "year": YEARS, "share_allied_any": share, "alliances_begun_any": rng.poisson(3.0, n).astype(float),
        "war_onsets": wars, "nation_months_begun": months, "battle_deaths_begun": months * 800.0,
        "modularity_any": modularity, "cluster_polarity_any": 1.0 - modularity,
    })


def design(**kw) -> S.Design:
    base = {"measures": ("share_allied_any",), "outcomes": ("war_onsets",), "periods": {"p": (1850, 1950)},
            "leads": (3,), "forms": ("levels", "detrended", "differenced", "change"), "n_boot": 0}
    return S.Design(**{**base, **kw})


def _row(table: pd.DataFrame, **where) -> pd.Series:
    mask = np.ones(len(table), dtype=bool)
    for k, v in where.items():
        mask &= (table[k] == v).to_numpy()
    (i,) = np.flatnonzero(mask)
    return table.iloc[i]


# --- correlations -----------------------------------------------------------------------------


def _direct(panel: pd.DataFrame, measure: str, outcome: str, lo: int, hi: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Change of the measure in t (t in lo+1..hi) against the outcome summed over t+1..t+k, by hand."""
    s = panel.set_index("year")
    x = s.loc[lo:hi, measure].to_numpy()
    dx = np.diff(x)
    years = np.arange(lo + 1, hi + 1)
    y = s[outcome]
    window = np.array([y.loc[t + 1:t + k].sum() if t + k <= y.index.max() else np.nan for t in years])
    ok = np.isfinite(window)
    return dx[ok], window[ok]


@pytest.mark.parametrize("outcome", ["war_onsets", "nation_months_begun", "battle_deaths_begun"])
def test_change_form_correlation_equals_the_hand_computation(outcome):
    panel = system_panel()
    table = S.correlation_tests(panel.set_index("year"), design(outcomes=(outcome,)))
    row = _row(table, form="change")
    a, b = _direct(panel, "share_allied_any", outcome, 1850, 1950, 3)
    assert row["n"] == len(a) == 100 and bool(row["headline"])
    assert row["estimate"] == pytest.approx(np.corrcoef(a, b)[0, 1], rel=1e-12)
    assert row["p_value"] == pytest.approx(ess_correlation_test(a, b).p_value, rel=1e-12)


def test_each_outcome_gives_its_own_numbers():
    """The old Singer & Small fit returned the war-count correlations under any outcome's label."""
    panel = system_panel().set_index("year")
    table = S.correlation_tests(panel, design(outcomes=("war_onsets", "nation_months_begun")))
    war = table[table["outcome"] == "war_onsets"].set_index("form")["estimate"]
    months = table[table["outcome"] == "nation_months_begun"].set_index("form")["estimate"]
    assert (np.abs(war - months) > 1e-3).all()


def test_a_level_outcome_enters_as_its_change_over_the_window():
    panel = system_panel()
    table = S.correlation_tests(panel.set_index("year"), design(outcomes=("modularity_any",), leads=(5,)))
    row = _row(table, form="change")
    s = panel.set_index("year")
    years = np.arange(1851, 1951)
    dx = np.diff(s.loc[1850:1950, "share_allied_any"].to_numpy())
    change = s["modularity_any"].reindex(years + 5).to_numpy() - s["modularity_any"].reindex(years).to_numpy()
    assert row["estimate"] == pytest.approx(np.corrcoef(dx, change)[0, 1], rel=1e-12)


def test_headline_forms_and_bootstrap_on_headline_rows_only():
    assert (headline_form("share_allied_any", "correlation"), headline_form("share_allied_any", "poisson")) == (
        "change", "change")
    assert (headline_form("alliances_begun_any", "correlation"), headline_form("alliances_begun_any", "poisson")) == (
        "detrended", "trend")
    assert is_flow("member_entries_defense_cow") and is_flow("share_allied_any_chg5") and not is_flow("n_poles_any")
    table = S.correlation_tests(system_panel().set_index("year"),
                                design(measures=("share_allied_any", "alliances_begun_any"), n_boot=199))
    head = table[table["headline"]]
    assert set(zip(head["measure"], head["form"])) == {("share_allied_any", "change"),
                                                        ("alliances_begun_any", "detrended")}
    assert head["p_boot"].notna().all() and table.loc[~table["headline"], "p_boot"].isna().all()


def test_untestable_cells_are_failed_rows_with_the_reason():
    panel = system_panel()
    panel.loc[panel["year"] < 1900, "war_onsets"] = 0.0
    panel["flat"] = 0.5
    s = panel.set_index("year")
    few_years = S.correlation_tests(s, design(periods={"p": (1900, 1915)}))
    assert (few_years["status"] == "failed").all()
    assert few_years["reason"].str.contains(r"16 years of the measure < 20 \(models.checks.system_min_years\)").all()
    no_wars = S.correlation_tests(s, design(periods={"p": (1816, 1899)}))
    assert no_wars["reason"].str.contains(r"0 wars begun < 5 \(models.checks.system_min_events\)").all()
    flat = S.count_tests(s, design(measures=("flat",), forms=("levels",)))
    assert flat["reason"].eq("the measure is constant in the period").all()


# --- count regressions ------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["levels", "trend", "change"])
def test_count_rows_equal_statsmodels_with_the_stated_bandwidth(form):
    panel = system_panel()
    table = S.count_tests(panel.set_index("year"), design(forms=(form,), leads=(5,)))
    row = _row(table, form=form)
    s = panel.set_index("year")
    x = s.loc[1850:1950, "share_allied_any"]
    x = x.diff().iloc[1:] if form == "change" else x
    y = np.array([s.loc[t + 1:t + 5, "war_onsets"].sum() for t in x.index])
    X = pd.DataFrame({"x": x.to_numpy() / x.std(ddof=1)})
    if form != "levels":
        X["trend"] = (x.index.to_numpy() - 1900) / 100
    X["const"] = 1.0
    lags = max(hac_maxlags(len(y)), 5)
    ref = sm.GLM(y, X, family=sm.families.Poisson()).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    assert row["maxlags"] == lags == 5 and row["n"] == len(y)
    assert row["estimate"] == pytest.approx(ref.params["x"], rel=1e-8)
    assert row["std_error"] == pytest.approx(ref.bse["x"], rel=1e-8)
    assert row["sd_x"] == pytest.approx(x.std(ddof=1))
    # 100 years: the HAC size warning of short series (and nothing about the always-persistent trend)
    assert row["status"] == "warning" and f"{len(y)} years (< 150" in row["doubt"]
    assert "trend (lag-1" not in row["doubt"]


# --- eras -------------------------------------------------------------------------------------


ERAS = {"1816-1899": (1816, 1899), "1900-1945": (1900, 1945), "1946-2007": (1946, 2007)}


def test_era_q_test_by_hand():
    panel = system_panel()
    s = panel.set_index("year")
    row = S.era_tests(s, design(periods=ERAS, leads=(1,)), "correlation").iloc[0]
    r, w = [], []
    for lo, hi in ERAS.values():
        a, b = _direct(panel, "share_allied_any", "war_onsets", lo, hi, 1)
        t = ess_correlation_test(a, b)
        r.append(t.r)
        w.append(t.n_eff - 3)
    z = np.arctanh(r)
    zbar = np.sum(np.multiply(w, z)) / np.sum(w)
    q = float(np.sum(np.multiply(w, (z - zbar) ** 2)))
    assert row["estimate"] == pytest.approx(q, rel=1e-10) and row["df"] == 2
    assert row["p_value"] == pytest.approx(stats.chi2.sf(q, 2), rel=1e-10)
    assert [v["estimate"] for v in row["eras"].values()] == pytest.approx(r)


def test_era_wald_test_by_hand_and_flagged_for_short_eras():
    panel = system_panel()
    s = panel.set_index("year")
    row = S.era_tests(s, design(periods=ERAS, leads=(1,)), "poisson").iloc[0]
    x = s.loc[1816:2007, "share_allied_any"].diff().iloc[1:]
    years = x.index.to_numpy()
    y = s["war_onsets"].shift(-1).reindex(x.index)
    keep = y.notna().to_numpy()
    x, y, years = x[keep], y[keep].to_numpy(), years[keep]
    xs = x.to_numpy() / x.std(ddof=1)
    e1, e2 = ((years >= 1900) & (years <= 1945)).astype(float), (years >= 1946).astype(float)
    X = pd.DataFrame({"x": xs, "trend": (years - 1900) / 100, "e1": e1, "i1": xs * e1, "e2": e2, "i2": xs * e2,
                      "const": 1.0})
    ref = sm.GLM(y, X, family=sm.families.Poisson()).fit(cov_type="HAC",
                                                         cov_kwds={"maxlags": max(hac_maxlags(len(y)), 1)})
    b = ref.params[["i1", "i2"]].to_numpy()
    wald = float(b @ np.linalg.solve(ref.cov_params().loc[["i1", "i2"], ["i1", "i2"]].to_numpy(), b))
    assert row["estimate"] == pytest.approx(wald, rel=1e-6) and row["df"] == 2
    assert row["status"] == "warning" and "the shortest era has 46 years (< 150)" in row["doubt"]


# --- fit records of system specifications ------------------------------------------------------


def _spec(**override):
    m = copy.deepcopy(CFG["models"])
    m["named"], m["grid"] = {"x": override}, {}
    (s,) = resolve_specs(m, panel_years=(1816, 2016), cow_alliances=True)
    return s


SINGER_SMALL = {"level": "system", "estimator": "correlation", "alliance": "share_allied_any",
                "outcome": "war_onsets", "periods": ["1816-1899", "1900-1945"], "leads": [1, 3], "n_boot": 0}


def test_singer_small_record_honours_the_outcome():
    panel = system_panel()
    war = fit_spec(_spec(**SINGER_SMALL), panel, PERIODS)
    months = fit_spec(_spec(**{**SINGER_SMALL, "outcome": "nation_months_begun"}), panel, PERIODS)
    assert war["status"] == months["status"] == "ok"
    r_war = [c["estimate"] for c in war["coefficients"]]
    r_months = [c["estimate"] for c in months["coefficients"]]
    assert len(r_war) == 2 and all(abs(a - b) > 1e-3 for a, b in zip(r_war, r_months))
    assert {r["outcome"] for r in months["extra"]["correlations"]} == {"nation_months_begun"}
    a, b = _direct(panel, "share_allied_any", "nation_months_begun", 1816, 1899, 1)
    assert months["coefficients"][0]["estimate"] == pytest.approx(np.corrcoef(a, b)[0, 1], rel=1e-12)
    assert months["alliance_term"] == "pearson_lead1" and "pyper1998" in months["methods"]


def test_claim_record_keeps_every_test_and_names_the_untested():
    panel = system_panel()
    rec = fit_spec(_spec(**{"level": "system", "claim": "growth_war", "estimator": "poisson",
                            "measures": ["share_allied_any"], "outcomes": ["war_onsets"],
                            "periods": ["1816-2007", "1900-1945"], "leads": [1]}), panel, PERIODS,
                   Checks(system_min_years=50))
    rows = pd.DataFrame(rec["extra"]["regressions"])
    assert len(rows) == 2 * 3 and rec["status"] == "ok"  # two periods x three forms; 1816-2007 is long enough
    assert (rows.loc[rows["period"] == "1900-1945", "status"] == "failed").all()
    assert rec["extra"]["notes"] == ["share_allied_any -> war_onsets, 1900-1945: not tested (46 years of the "
                                     "measure < 50 (models.checks.system_min_years))"]
    assert rec["coefficients"][0]["term"] == "lead1" and rec["extra"]["design"]["headline_forms"] == {
        "share_allied_any": "change"}
    assert "newey1994" in rec["methods"]


def test_claimed_signs():
    assert claimed_sign("growth_war", "share_allied_any", "war_onsets") == 1
    assert claimed_sign("alliances_polarisation", "alliances_begun_any", "modularity_any") == 1
    assert claimed_sign("alliances_polarisation", "share_allied_any", "cluster_polarity_any") == -1
    assert claimed_sign("polarisation_war", "n_poles_defense_cow", "battle_deaths_begun") == -1
    assert claimed_sign("era_difference", "share_allied_any", "war_onsets") is None
    with pytest.raises(ValueError, match="outcome 'modularity_any' is not a war measure"):
        claimed_sign("growth_war", "share_allied_any", "modularity_any")
