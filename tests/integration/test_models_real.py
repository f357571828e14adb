"""Models on the real panels: N and events match the panel, substantive sanity, reruns identical."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml

from alliancewar.models.run import fit_spec
from alliancewar.models.spec import resolve_specs
from tests.conftest import ROOT

pytestmark = [pytest.mark.mirror, pytest.mark.slow]
CFG = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())


def _spec(**override):
    m = copy.deepcopy(CFG["models"])
    m["named"] = {"x": override}
    m["grid"] = {}
    (s,) = resolve_specs(m, panel_years=(1816, 2016), cow_alliances=True)
    return s


def _coef(rec, term):
    return next(c for c in rec["coefficients"] if c["term"] == term)


@pytest.fixture(scope="module")
def baseline(panels):
    return fit_spec(_spec(bivariate=True), panels["dyad"], CFG["models"]["periods"])


def test_baseline_n_and_events_equal_panel_counts(baseline, panels):
    dy = panels["dyad"]
    s = dy[(dy["year"] >= 1816) & (dy["year"] <= 2007) & (dy["war_ongoing_only"] != 1)]
    cols = ["war_onset", "atop_any_lag1", "contig_any", "cap_ratio_log", "major_either", "joint_democracy",
            "peace_years"]
    s = s.dropna(subset=cols)
    assert baseline["status"] == "ok" and baseline["converged"]
    assert baseline["n_obs"] == len(s)
    assert baseline["n_events"] == s["war_onset"].sum()
    # dyadic-robust errors (the default): the clusters are the states of the sample
    assert baseline["se_type"] == "dyadic"
    assert baseline["n_clusters"] == len(set(s["ccode1"]) | set(s["ccode2"]))


def test_contiguity_strongly_positive(baseline, panels):
    c = _coef(baseline, "contig_any")
    # dyadic-robust errors (the default) are about twice the dyad-clustered ones here
    assert c["estimate"] > 1.0 and c["p_value"] < 1e-4
    mid = fit_spec(_spec(outcome="mid_onset", period="1816-2014"), panels["dyad"], CFG["models"]["periods"])
    c = _coef(mid, "contig_any")
    assert c["estimate"] > 1.5 and c["p_value"] < 1e-10


def test_quantities_consistent(baseline):
    q = baseline["quantities"]
    a = _coef(baseline, "atop_any_lag1")
    assert q["odds_ratio"]["estimate"] == pytest.approx(np.exp(a["estimate"]))
    assert q["pp_ratio"]["estimate"] == pytest.approx(q["pp_allied"]["estimate"] / q["pp_not_allied"]["estimate"])
    assert 0 < q["pp_not_allied"]["estimate"] < 0.01
    for k in ("odds_ratio", "pp_allied", "pp_ratio"):
        assert q[k]["conf_low"] <= q[k]["estimate"] <= q[k]["conf_high"]


def test_rerun_is_identical(baseline, panels):
    again = fit_spec(_spec(bivariate=True), panels["dyad"], CFG["models"]["periods"])
    assert again["coefficients"] == baseline["coefficients"]
    assert again["quantities"] == baseline["quantities"]


def test_failed_fit_is_recorded_not_raised(panels):
    # joint democracies never began a war in the nineteenth century: separation in plain logit
    rec = fit_spec(_spec(period="1816-1899"), panels["dyad"], CFG["models"]["periods"])
    assert rec["status"] == "failed" and "separation" in rec["reason"]
    firth = fit_spec(_spec(period="1816-1899", estimator="firth", se="naive"), panels["dyad"],
                     CFG["models"]["periods"])
    # estimated; with the COW crosswalk for Polity (Austria-Hungary, Sardinia ...) the period keeps
    # enough onsets for the events-per-coefficient rule (at least 5 per coefficient)
    assert firth["status"] == "ok" and firth["reason"] is None and firth["doubts"] == []
    assert firth["n_events"] >= 5 * len(firth["coefficients"])


def test_sample_accounting_adds_up_on_the_real_baseline(baseline, panels):
    """Rows in = rows out + each drop, and the same for events (issue 9)."""
    steps = baseline["sample"]
    assert steps[0] == {"step": "panel", "rows": len(panels["dyad"]),
                        "events": float(panels["dyad"]["war_onset"].fillna(0).sum())}
    dropped_rows = sum(s["dropped_rows"] for s in steps[1:])
    dropped_events = sum(s["dropped_events"] for s in steps[1:])
    assert steps[0]["rows"] == baseline["n_obs"] + dropped_rows
    assert steps[0]["events"] == baseline["n_events"] + dropped_events
    assert steps[-1]["rows"] == baseline["n_obs"] and steps[-1]["events"] == baseline["n_events"]
    by = {s["step"]: s for s in steps}
    # war data end in 2007: every dyad-year after is dropped by the period, none by the outcome
    assert by["years outside 1816-2007"]["dropped_rows"] == int((panels["dyad"]["year"] > 2007).sum())
    assert by["outcome missing (war_onset)"]["dropped_rows"] == 0
    assert by["ongoing years without a new onset (war_ongoing_only)"]["dropped_events"] == 0
    # the listwise deletion of the covariates removes war onsets (the audit: a third of them)
    lost = sum(s["dropped_events"] for s in steps if s["step"].startswith("missing "))
    assert lost > 0.2 * (lost + baseline["n_events"])


def test_bivariate_association_before_and_after_deletion(baseline):
    b = baseline["bivariate"]
    assert b["estimation_sample"]["n_obs"] == baseline["n_obs"]
    assert b["before_deletion"]["n_obs"] > baseline["n_obs"]
    assert b["before_deletion"]["n_events"] > baseline["n_events"]
    for part in b.values():
        assert part["status"] == "ok" and part["conf_low"] < part["estimate"] < part["conf_high"]


def test_missing_indicator_variant_keeps_the_rows_deletion_drops(baseline, panels):
    rec = fit_spec(_spec(missing="indicator"), panels["dyad"], CFG["models"]["periods"])
    terms = [c["term"] for c in rec["coefficients"]]
    assert "joint_democracy_missing" in terms, terms
    assert rec["n_obs"] > baseline["n_obs"] and rec["n_events"] > baseline["n_events"]
