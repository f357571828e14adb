"""End to end: every output of the report step, built from fixture fit records and small synthetic
panels (no mirror needed, no re-estimation, no git)."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import yaml

from alliancewar import cli
from alliancewar.outputs import provenance as P
from alliancewar.outputs.make import FIGURES, make_outputs, output_files
from alliancewar.outputs.report import SECTIONS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
STARTED = "2025-01-01T00:00:00+00:00"
STATES = {2: "USA", 200: "UKG", 220: "FRN", 255: "GMY", 300: "AUH", 365: "RUS", 710: "CHN", 740: "JPN"}
YEARS = np.arange(1900, 2000)
NAMED = ["baseline_1816_1899", "baseline_1900_1945", "lpm_fe_1946_2014", "state_firth_1900_1945",
         "clogit_failed_1816_1899", "system_corr_1816_1945", "singer_small"]

EXPECTED_KEYS = {
    # data sources cited by the fit records, the panels shown and the network labels
    "leeds2002atop", "sarkees2010resort", "singer1972capability", "stinnett2002contiguity", "gibler2009alliances",
    # the state system of the run's data versions (default 2024), and the 2016 list that one
    # fixture fit record (system_corr_1816_1945) names among its sources
    "cow_states2024", "cow_states2016", "cow_country_codes",
    # methods of the fit records
    "bremer1992", "carter2010", "hanmer2013", "green2001", "cameron2011", "lemke2001", "firth1993", "beck1998",
    "singer1968",
    # methods of the figures and panel variables: Louvain communities and modularity, simulated
    # predicted probabilities
    "blondel2008", "newman2004", "king2000",
}


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


def _fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / "fits" / f"{name}.json").read_text(encoding="utf-8"))


def _singer_small() -> dict[str, Any]:
    rec = _fixture("system_corr_1816_1945")
    corr = pd.read_csv(FIXTURES / "correlations.csv")
    rec["name"], rec["label"] = "singer_small", "System level: Singer & Small lead correlations"
    rec["spec"] |= {"alliance": "share_allied_any", "periods": list(dict.fromkeys(corr["period"]))}
    rec["extra"] = {"correlations": corr.to_dict(orient="records")}
    return rec


def _grid_fits() -> list[dict[str, Any]]:
    base = _fixture("baseline_1900_1945")
    out = []
    for i, (period, estimator, est) in enumerate([("1816-1899", "logit", 0.4), ("1900-1945", "logit", -0.3),
                                                   ("1816-1899", "firth", 0.05), ("1900-1945", "firth", 0.9)]):
        fit = copy.deepcopy(base)
        fit["name"], fit["group"], fit["label"] = f"grid__{i:04d}", "grid", f"period={period}, estimator={estimator}"
        fit["spec"] |= {"period": period, "estimator": estimator}
        fit["coefficients"][0].update(estimate=est, std_error=0.15, p_value=0.01 if abs(est) > 0.3 else 0.7,
                                      conf_low=est - 0.3, conf_high=est + 0.3)
        out.append(fit)
    out[-1].update(status="failed", reason="no events in the sample", coefficients=[], quantities=None)
    return out


def write_fits(root: Path) -> list[Path]:
    records = [*(_fixture(n) for n in NAMED[:-1]), _singer_small(), *_grid_fits()]
    paths = []
    for rec in records:
        path = root / rec["group"] / f"{rec['name']}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(rec), encoding="utf-8")
        paths.append(path)
    return paths


def _allied(a: int, b: int, year: int) -> bool:
    """Two or three blocs that change with the era; a few states stay unallied."""
    west, east = {2, 200, 220}, {255, 300}
    if year >= 1950:
        west, east = {2, 200, 220, 255, 740}, {365, 710}
    elif year >= 1930:
        west, east = {200, 220}, {255, 740, 300}
    return (a in west and b in west) or (a in east and b in east)


def write_panels(root: Path) -> None:
    pairs = [(a, b) for a in STATES for b in STATES if a < b]
    dyads = pd.DataFrame([(a, b, y) for y in YEARS for a, b in pairs], columns=["ccode1", "ccode2", "year"])
    dyads["atop_any"] = [int(_allied(a, b, y)) for a, b, y in dyads.itertuples(index=False)]
    dyads["war_onset"] = ((dyads["ccode1"] * 7 + dyads["year"] * 3) % 97 == 0).astype(float)
    dyads["contig_any"] = ((dyads["ccode1"] + dyads["ccode2"]) % 3 == 0).astype(int)
    dyads["politically_relevant"] = dyads["contig_any"] | dyads["ccode1"].isin([2, 200, 365]).astype(int)
    states = pd.DataFrame([(c, y) for y in YEARS for c in STATES], columns=["ccode", "year"])
    t = (YEARS - 1900) / 100
    system = pd.DataFrame({
        "year": YEARS, "share_allied_any": 0.3 + 0.6 * t, "share_allied_defense": 0.2 + 0.5 * t,
        "alliance_network_density": 0.05 + 0.2 * t, "modularity_any": 0.5 - 0.2 * np.sin(YEARS / 10),
        "war_onsets": ((YEARS * 7919) % 5 == 0).astype(float),
    })
    root.mkdir(parents=True, exist_ok=True)
    dyads.to_parquet(root / "dyad_years.parquet", index=False)
    states.to_parquet(root / "state_years.parquet", index=False)
    system.to_parquet(root / "system_years.parquet", index=False)
    _blocs(dyads).to_parquet(root / "alliance_blocs.parquet", index=False)


def _blocs(dyads: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for year, d in dyads[dyads["atop_any"] == 1].groupby("year"):
        g = nx.Graph(list(zip(d["ccode1"], d["ccode2"])))
        comps = sorted(nx.connected_components(g), key=len, reverse=True)
        comms = sorted(nx.community.greedy_modularity_communities(g), key=len, reverse=True)
        community = {n: i for i, c in enumerate(comms) for n in c}
        rows += [("atop", "any", year, n, i, community[n]) for i, c in enumerate(comps) for n in c]
    return pd.DataFrame(rows, columns=["source", "type", "year", "ccode", "bloc", "community"])


def write_raw(root: Path, registry_path: Path) -> dict[str, list[Path]]:
    """Fake raw files for every file of the registry, and a copy of the registry pinning them.

    The report verifies the raw files of the enabled sources against their pins, so the test
    registry carries the fake files' hashes; the COW alliances are not enabled (must not be hashed).
    """
    doc = yaml.safe_load((ROOT / "config" / "sources.yaml").read_text(encoding="utf-8"))
    out = {}
    for src in doc["sources"]:
        for entry in src["files"]:
            path = root / src["name"] / entry["file"]
            path.parent.mkdir(parents=True, exist_ok=True)
            data = f"fake,{src['name']},{entry['file']}\n1,2\n".encode()
            path.write_bytes(data)
            entry["sha256"] = hashlib.sha256(data).hexdigest()
            entry.pop("sha256_lf", None)
            out.setdefault(src["name"], []).append(path)
    registry_path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return out


def report_config(registry: Path) -> dict[str, Any]:
    """A config whose ``outputs`` names the fixture fits (and one COW fit that was not run)."""
    columns = ["baseline_1816_1899", "baseline_1900_1945", "lpm_fe_1946_2014", "state_firth_1900_1945",
               "clogit_failed_1816_1899", "cow"]
    return {
        "sources": str(registry),
        "cow_alliances_dir": None,
        "models": {
            "defaults": {"outcome": "war_onset"},
            "named": {**{n: {} for n in NAMED}, "cow": {"alliance": "cow_any", "requires": "cow_alliances"}},
            "grid": {"vary": {"period": ["1816-1899", "1900-1945"], "estimator": ["logit", "firth"]}},
        },
        "outputs": {
            "alpha": 0.05,
            "tables": [
                {"name": "main", "title": "Alliances and war onset", "columns": columns},
                {"name": "short", "title": "Two periods", "columns": ["baseline_1816_1899", "baseline_1900_1945"],
                 "variables": ["atop_any_lag1", "contiguous"]},
            ],
            "descriptives": {"dyad": ["war_onset", "atop_any", "contig_any", "politically_relevant"],
                             "system": ["share_allied_any", "modularity_any", "war_onsets"]},
            "network_years": [1913, 1938, 1960, 1700],
        },
    }


def write_inputs(root: Path) -> dict[str, Any]:
    """Write fit records, panels, clean country codes and raw files under ``root``."""
    write_panels(root / "data" / "panel")
    codes = pd.DataFrame({"ccode": list(STATES)[:-1], "stateabb": list(STATES.values())[:-1]})  # JPN: no abbrev.
    (root / "data" / "clean").mkdir(parents=True)
    codes.to_parquet(root / "data" / "clean" / "country_codes.parquet", index=False)
    return {"fit_files": write_fits(root / "fits"), "raw": write_raw(root / "data" / "raw", root / "sources.yaml")}


def build_report(root: Path) -> dict[str, Any]:
    """Build every output under ``root / "results"`` (git is not run); return what the tests need."""
    inputs = write_inputs(root)
    config = report_config(root / "sources.yaml")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(P, "_git", lambda repo, *args: None)
        written = make_outputs(fits_dir=root / "fits", panel_dir=root / "data" / "panel", raw_dir=root / "data" / "raw",
                               config=config, out_dir=root / "results", repo_dir=root, started=STARTED)
    return {"root": root, "out": root / "results", "config": config, "written": written, **inputs}


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Any]:
    return build_report(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def html(built) -> str:
    return (built["out"] / "report.html").read_text(encoding="utf-8")


def test_every_declared_file_is_written(built):
    expected = {p for paths in output_files(built["config"], built["out"]).values() for p in paths}
    assert set(built["written"]) == expected
    for path in expected:
        assert path.is_file() and path.stat().st_size > 0, path
    figures = {p.name for p in (built["out"] / "figures").iterdir()}
    assert figures == {f"{f}.{e}" for f in FIGURES for e in ("pdf", "png")}


def test_report_has_every_section_and_figure_as_data_uri(built, html):
    for sid, heading in SECTIONS:
        assert f'<section id="{sid}">' in html and f"<h2>{heading}</h2>" in html
    for name in FIGURES:
        match = re.search(rf'<figure id="fig-{name}">\s*<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
        assert match, name
        assert base64.b64decode(match.group(1)) == (built["out"] / "figures" / f"{name}.png").read_bytes()
    assert not re.search(r'(src|href)="(https?:|//|file:)', html) and "<link" not in html and "<script" not in html


def test_report_states_claim_data_headlines_tables_and_failures(html):
    assert "National Security in Light of the Transformations of International Alliances" in html
    assert "polarise the international system" in html
    data = html[html.index('<section id="data">'):html.index('<section id="answer">')]
    assert "Alliance Treaty Obligations and Provisions (ATOP)" in data and "5.1" in data and "[leeds2002atop]" in data
    answer = html[html.index('<section id="answer">'):html.index('<section id="tables">')]
    assert answer.count("<li>") >= 3 and "At the dyad level" in answer and "At the system level" in answer
    for table in ("main", "short", "descriptives_dyad", "descriptives_system", "singer_small"):
        assert f'id="table-{table}"' in html
    failed = html[html.index('<section id="failed">'):html.index('<section id="provenance">')]
    assert "clogit_failed_1816_1899" in failed and "grid__0003" in failed and "no events in the sample" in failed


def test_tables_carry_provenance_sources_and_skipped_columns(built):
    prov = json.loads((built["out"] / "provenance.json").read_text(encoding="utf-8"))
    line = f"alliancewar unknown config {prov['config_hash'][:12]}"
    tables = built["out"] / "tables"
    assert (tables / "main.tex").read_text().startswith(f"% provenance: {line}\n")
    assert (tables / "main.csv").read_text().startswith(f"# provenance: {line}\n")
    for ext in ("md", "html"):
        assert (tables / f"main.{ext}").read_text().startswith(f"<!-- provenance: {line} -->\n")
    assert (tables / "robustness.csv").read_text().startswith(f"# provenance: {line}\n")
    main = (tables / "main.md").read_text()
    assert "cow (needs COW alliances" in main
    assert "Alliance Treaty Obligations and Provisions (ATOP) 5.1 (Leeds et al. 2002)" in main
    assert "Also in the models, not shown" in (tables / "short.md").read_text()
    doc = (tables / "main_document.tex").read_text()
    assert doc.startswith("\\documentclass") and doc.rstrip().endswith("\\end{document}")
    singer = (tables / "singer_small.md").read_text()
    assert "1816–1899" in singer and "Pyper & Peterman 1998" in singer and "adjusted by Holm (1979)" in singer


def test_citations_hold_exactly_the_used_keys(built):
    bib = (built["out"] / "CITATIONS.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,]+),", bib, flags=re.MULTILINE)
    assert len(keys) == len(set(keys))
    assert set(keys) == EXPECTED_KEYS


def test_provenance_records_commit_config_inputs_versions_and_times(built):
    prov = json.loads((built["out"] / "provenance.json").read_text(encoding="utf-8"))
    assert {"commit", "dirty", "config_hash", "config", "raw_files", "packages", "started", "finished"} <= set(prov)
    assert prov["commit"] == "unknown" and prov["dirty"] is None
    assert prov["config"] == json.loads(json.dumps(built["config"]))
    assert prov["config_hash"] == P.config_hash(built["config"])
    from alliancewar.sources import enabled_sources, load_sources

    registry = load_sources(built["config"]["sources"])
    enabled = [s.name for s in enabled_sources(registry, built["config"])]
    assert "cow_alliances_v4.1" not in enabled and "atop_v5.1" in enabled
    expected = {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for n in enabled for p in built["raw"][n]}
    assert prov["raw_files"] == expected  # verified; COW alliances are not an input of this run
    assert {"python", "alliancewar", "pandas", "matplotlib"} <= set(prov["packages"])
    assert prov["started"] == STARTED and prov["finished"] >= STARTED


def test_cli_report_with_named_fits_only_draws_placeholder_curve(built, tmp_path, monkeypatch):
    monkeypatch.setattr(P, "_git", lambda repo, *args: None)
    cfg = tmp_path / "config.json"
    cfg.write_text(json.dumps(built["config"]), encoding="utf-8")
    named = [str(p) for p in built["fit_files"] if p.parent.name == "named"]
    root = built["root"]
    rc = cli.main(["report", "--config", str(cfg), "--fits-dir", str(root / "fits"), "--fit-files", *named,
                   "--panel-dir", str(root / "data" / "panel"), "--clean-dir", str(root / "data" / "clean"),
                   "--raw-dir", str(root / "data" / "raw"), "--out-dir", str(tmp_path / "results"),
                   "--repo-dir", str(tmp_path), "--started", STARTED])
    assert rc == 0
    out = tmp_path / "results"
    for path in (p for paths in output_files(built["config"], out).values() for p in paths):
        assert path.is_file(), path
    robustness = (out / "tables" / "robustness.csv").read_text()
    assert "grid__" not in (out / "report.html").read_text() and "\nall,all,7,1,6," in robustness


def test_project_config_outputs_section_is_valid_and_complete():
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    schema = yaml.safe_load((ROOT / "workflow" / "schemas" / "config.schema.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(config, schema)
    tables = {t["name"]: t["columns"] for t in config["outputs"]["tables"]}
    assert set(tables) == {"main", "robustness_models", "missing_data", "multilateral", "timing", "outcomes",
                           "other_levels"}
    named = set(config["models"]["named"])
    assert {c for cols in tables.values() for c in cols} <= named
    bad = copy.deepcopy(config)
    bad["outputs"]["tables"][0]["name"] = "robustness"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    files = output_files(config, "results")
    assert Path("results/tables/main_document.tex") in files["tables"]


def test_report_refuses_a_tampered_raw_file(built, tmp_path, monkeypatch):
    """The report verifies the raw files it records in provenance.json (issue 8)."""
    import shutil

    from alliancewar.errors import AllianceWarError

    raw = tmp_path / "raw"
    shutil.copytree(built["root"] / "data" / "raw", raw)
    victim = raw / "atop_v5.1" / built["raw"]["atop_v5.1"][0].name
    victim.chmod(0o644)
    victim.write_bytes(victim.read_bytes() + b"3,4\n")
    monkeypatch.setattr(P, "_git", lambda repo, *args: None)
    with pytest.raises(AllianceWarError, match=r"atop5_1m\.csv.*atop_v5\.1|atop_v5\.1.*atop5_1m\.csv"):
        make_outputs(fits_dir=built["root"] / "fits", panel_dir=built["root"] / "data" / "panel", raw_dir=raw,
                     config=built["config"], out_dir=tmp_path / "results", repo_dir=tmp_path, started=STARTED)
    assert not (tmp_path / "results" / "report.html").exists()
