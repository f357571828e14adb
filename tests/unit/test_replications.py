"""Replication records and their tables (models.designs.common, outputs.replications), on hand-made records."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from alliancewar.models.designs import DESIGNS, run_design
from alliancewar.models.designs.common import Published, Replication, compare
from alliancewar.models.designs.inputs import input_files
from alliancewar.outputs.replications import replication_files, report_section, write_replication


@pytest.mark.parametrize("pub, ours, check, agrees", [
    (Published("m", "x", "X", 1.0, 0.1, tolerance=0.2), 1.15, "tolerance", True),
    (Published("m", "x", "X", 1.0, 0.1, tolerance=0.2), 1.25, "tolerance", False),
    (Published("m", "x", "X", -0.1, 0.05), 0.02, "sign", False),   # a number without tolerance: its sign
    (Published("m", "x", "X", sign="+"), 0.3, "sign", True),
    (Published("m", "x", "X", sign="-"), 0.0, "sign", False),      # zero has no sign
    (Published("m", "x", "X"), 0.3, "none", None),
    (Published("m", "x", "X", sign="+"), None, "sign", None),      # not estimated: no verdict
    (Published("m", "x", "X", sign="+"), float("nan"), "sign", None),
])
def test_compare_checks(pub, ours, check, agrees):
    row = compare(pub, ours)
    assert row["check"] == check and row["agrees"] is agrees
    if pub.estimate is not None and ours is not None:
        assert row["gap"] == pytest.approx(ours - pub.estimate)


def _record() -> dict:
    rep = Replication("demo", "Demo (2000): a design", "Doe, J. (2000). A paper. Journal 1, 1-2.", ["doe2000"],
                      "Logit of y on x.", differences=["Data: version 2 instead of 1."], notes=["N = 10."])
    rep.rows = [compare(Published("Model A", "x", "Alliance", -0.5, 0.1), 0.2, 0.1, 0.04, n=10),
                compare(Published("Model A", "z", "Contiguity", sign="+"), 1.3, 0.2, 0.001, n=10, note="strong")]
    return rep.to_dict()


def test_summary_counts_checked_rows():
    rec = _record()
    assert rec["summary"] == "1 of 2 published signs reproduced (1 of them significant at the 5% level)"
    failed = Replication("x", "X", "c", [], "d", status="failed", reason="no years")
    assert failed.summary == "not run: no years"


def test_write_replication_writes_every_format(tmp_path):
    rec = _record()
    paths = write_replication(rec, tmp_path, "alliancewar abc config def")
    assert [p.name for p in paths] == [p.name for p in replication_files(tmp_path, ["demo"])["demo"]]
    md = (tmp_path / "demo.md").read_text()
    assert "does not replicate (p = 0.04)" in md and "same sign (p = 0.001)" in md
    assert "Data difference: Data: version 2 instead of 1." in md
    assert "-0.500 (0.100)" in md and "0.700" in md  # published, gap
    tex = (tmp_path / "demo.tex").read_text()
    assert r"\begin{tabular}" in tex and "$-$0.500" in tex
    csv = pd.read_csv(tmp_path / "demo.csv", comment="#")
    assert list(csv["kind"]) == ["estimate", "estimate", "difference", "note"]
    assert csv.loc[0, "agrees"] in (False, "False") and csv.loc[1, "published_sign"] == "+"
    assert json.loads((tmp_path / "demo.json").read_text())["rows"][1]["note"] == "strong"
    html = (tmp_path / "demo.html").read_text()
    assert "<caption>Demo (2000): a design</caption>" in html


def test_report_section_lists_every_design():
    html = report_section([_record()], "prov")
    assert "Demo (2000): a design: 1 of 2 published signs reproduced" in html
    assert 'id="replication-demo"' in html
    assert "No replication was run" in report_section([], "prov")


def test_design_inputs_and_unknown_design():
    cfg = {"optional_sources": ["gml_mid_v2.2.1"]}
    assert input_files("miller2022", cfg) == ["data/panel/dyad_years.parquet", "data/clean/gml_dirdisp.parquet"]
    assert input_files("miller2022", {}) == ["data/panel/dyad_years.parquet"]
    assert input_files("leeds2003", cfg) == ["data/panel/dyad_years_directed.parquet"]
    assert set(DESIGNS) == {"miller2022", "bremer1992", "singer_small1968", "leeds2003", "kenwick2015"}
    with pytest.raises(ValueError, match="unknown replication design 'x'"):
        run_design("x", {})


def test_designs_outside_the_panel_years_fail_with_a_reason():
    dy = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [1990], "politically_relevant": [0]})
    rec = run_design("miller2022", {"dyad_years": dy})
    assert rec.status == "failed" and "no politically relevant dyad-years" in rec.reason
    system = pd.DataFrame({"year": np.arange(1990, 2000), "share_allied_any": 0.5, "war_onsets": 1,
                           "nation_months_begun": 1.0, "battle_deaths_begun": 1.0, "share_allied_defense": 0.1,
                           "share_majors_allied_any": 0.2})
    rec = run_design("singer_small1968", {"system_years": system})
    assert rec.status == "failed" and "1816-1945" in rec.reason


def test_data_differences_name_the_versions_the_run_used():
    system = pd.DataFrame({"year": np.arange(1990, 2000), "share_allied_any": 0.5, "war_onsets": 1,
                           "nation_months_begun": 1.0, "battle_deaths_begun": 1.0, "share_allied_defense": 0.1,
                           "share_majors_allied_any": 0.2})
    default = run_design("singer_small1968", {"system_years": system})
    older = run_design("singer_small1968", {"system_years": system}, {"state_system": "2016"})
    assert any("the COW state system 2024, not the 1966 list" in d for d in default.differences)
    assert any("the COW state system 2016, not the 1966 list" in d for d in older.differences)
    assert not any("{" in d for d in default.differences + older.differences)
