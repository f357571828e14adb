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
    return fit_spec(_spec(), panels["dyad"], CFG["models"]["periods"])


def test_baseline_n_and_events_equal_panel_counts(baseline, panels):
    dy = panels["dyad"]
    s = dy[(dy["year"] >= 1816) & (dy["year"] <= 2007) & (dy["war_ongoing_only"] != 1)]
    cols = ["war_onset", "atop_any_lag1", "contig_any", "cap_ratio_log", "major_either", "joint_democracy",
            "peace_years"]
    s = s.dropna(subset=cols)
    assert baseline["status"] == "ok" and baseline["converged"]
    assert baseline["n_obs"] == len(s)
    assert baseline["n_events"] == s["war_onset"].sum()
    assert baseline["n_clusters"] == s.groupby(["ccode1", "ccode2"]).ngroups


def test_contiguity_strongly_positive(baseline, panels):
    c = _coef(baseline, "contig_any")
    assert c["estimate"] > 1.0 and c["p_value"] < 1e-6
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
    again = fit_spec(_spec(), panels["dyad"], CFG["models"]["periods"])
    assert again["coefficients"] == baseline["coefficients"]
    assert again["quantities"] == baseline["quantities"]


def test_failed_fit_is_recorded_not_raised(panels):
    # joint democracies never began a war in the nineteenth century: separation in plain logit
    rec = fit_spec(_spec(period="1816-1899"), panels["dyad"], CFG["models"]["periods"])
    assert rec["status"] == "failed" and "separation" in rec["reason"]
    firth = fit_spec(_spec(period="1816-1899", estimator="firth", se="naive"), panels["dyad"],
                     CFG["models"]["periods"])
    # estimated, but 39 onsets for 9 coefficients is below 5 events per coefficient: doubtful
    assert firth["status"] == "warning" and firth["reason"] is None
    assert any("events per estimated coefficient: 4.3 < 5" in d for d in firth["doubts"])
