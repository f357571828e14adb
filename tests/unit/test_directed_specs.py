"""The directed level: validation, job grouping, panels and cluster units (models.spec, models.run)."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
import yaml

from alliancewar.errors import ConfigError
from alliancewar.models.jobs import jobs
from alliancewar.models.run import PANEL_FILES, units
from alliancewar.models.sample import needed_columns
from alliancewar.models.spec import resolve_specs
from alliancewar.panels import LEVEL_PANELS
from tests.conftest import ROOT

CFG = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
DIRECTED = {"level": "directed", "alliance": "atop_third_defense2", "outcome": "initiator", "period": "1816-1944",
            "controls": ["atop_third_offense1_lag1", "contig_any", "joint_democracy"], "se": "cluster"}


def _models(**named):
    m = copy.deepcopy(CFG["models"])
    m["named"] = named
    m["grid"] = {"vary": {}}
    return m


def _resolve(models):
    return resolve_specs(models, panel_years=(1816, 2016), cow_alliances=False)


def test_directed_spec_uses_directed_and_mirrored_dyad_variables():
    (s,) = _resolve(_models(d=DIRECTED))
    assert s.alliance_column == "atop_third_defense2_lag1" and s.peace_years_column == "mid5_peace_years_ongoing"
    cols = needed_columns(s)
    assert cols[:2] == ["ccode1", "ccode2"] and "initiator_ongoing_only" in cols and "contig_any" in cols


@pytest.mark.parametrize("override, pattern", [
    ({"level": "dyad"}, r"^models.named.bad.alliance: 'atop_third_defense2' is not allowed .*dyad-level variables"),
    ({"alliance": "share_allied_any"}, r"^models.named.bad.alliance: 'share_allied_any' is not allowed .*"
                                       r"directed-level variables"),
    ({"estimator": "poisson"}, r"^models.named.bad.estimator: 'poisson' .*at the directed level"),
])
def test_directed_only_variables_and_estimators_are_checked(override, pattern):
    with pytest.raises(ConfigError, match=pattern):
        _resolve(_models(bad={**DIRECTED, **override}))


def test_directed_specs_form_their_own_job_reading_the_directed_panel():
    cfg = copy.deepcopy(CFG)
    cfg["models"]["named"] = {"a": {}, "d1": DIRECTED, "d2": {**DIRECTED, "period": "1946-2014"}}
    cfg["models"]["grid"] = {"vary": {}}
    cfg["sources"] = str(ROOT / "config" / "sources.yaml")
    out = jobs(cfg)
    levels = {job: {s["level"] for s in specs} for job, specs in out.items()}
    assert all(len(v) == 1 for v in levels.values())
    directed = [job for job, v in levels.items() if v == {"directed"}]
    assert {s.name for job in directed for s in out[job]} == {"d1", "d2"}
    assert PANEL_FILES["directed"] == LEVEL_PANELS["directed"] == "dyad_years_directed"


def test_directed_rows_cluster_on_the_non_directed_dyad():
    rows = pd.DataFrame({"ccode1": [2, 20, 2], "ccode2": [20, 2, 200]})
    u = units(rows, "directed")
    assert u[0] == u[1] != u[2]
    assert np.array_equal(units(rows, "dyad"), [2 * 10_000 + 20, 20 * 10_000 + 2, 2 * 10_000 + 200])
