"""Fault injection: settings mistakes and doubtful fits (issue 8). Each case failed on main before
this work (unclear or silent); now each gives a clear error naming the key, or a visible mark.

The fast cases call the package directly; a few run ``snakemake -n`` on a copy of the config
to check what a user sees on the console.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest
import yaml

from alliancewar.errors import ConfigError
from alliancewar.models.jobs import job_document, jobs
from alliancewar.outputs.inputs import load_fits
from alliancewar.outputs.options import check_tables
from alliancewar.settings import read_yaml, validate_config
from tests.conftest import REGISTRY, ROOT

SCHEMA = ROOT / "workflow" / "schemas" / "config.schema.yaml"
CFG = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())


def _cfg(**sections):
    cfg = copy.deepcopy(CFG)
    cfg["sources"] = str(REGISTRY)
    for key, value in sections.items():
        cfg[key] = value
    return cfg


def _named(**named):
    cfg = _cfg()
    cfg["models"]["named"] = {**cfg["models"]["named"], **named}
    return cfg


def _checked(cfg):
    return validate_config(cfg, SCHEMA)


def _resolve(cfg):
    cfg = _checked(cfg)
    return [s for js in jobs(cfg).values() for s in js]


# --------------------------------------------------------------------------------------------
# Schema errors name the full key path and the allowed values
# --------------------------------------------------------------------------------------------

SCHEMA_CASES = {
    "unknown key inside a named spec": (
        _named(baseline={"estmator": "logit"}),
        r"unknown key models\.named\.baseline\.estmator; allowed keys here: .*estimator"),
    "misspelt estimator inside a named spec": (
        _named(baseline={"estimator": "logti"}),
        r"models\.named\.baseline\.estimator: 'logti' is not allowed; allowed values: logit, firth"),
    "negative lag inside a named spec": (
        _named(baseline={"alliance_lag": -1}),
        r"models\.named\.baseline\.alliance_lag: -1 is less than the minimum of 0"),
    "unsafe spec name": (
        _named(**{"../../../../tmp/x": {}}),
        r"models\.named: '\.\./\.\./\.\./\.\./tmp/x' does not match .*it becomes a file name"),
    "panel lag the specs cannot use": (
        _cfg(panel={**CFG["panel"], "alliance_lag": 2}),
        r"panel\.alliance_lag: 2 is greater than the maximum of 1"),
    "unknown top-level key": (
        _cfg(colour="red"), r"unknown key colour; allowed keys here: cow_alliances_dir, data_versions, mirror"),
    "misspelt threshold key": (
        _cfg(models={**CFG["models"], "checks": {"min_event": 3}}),
        r"unknown key models\.checks\.min_event; allowed keys here: min_events"),
}


@pytest.mark.parametrize("case", list(SCHEMA_CASES))
def test_schema_errors_name_the_key_path(case):
    cfg, pattern = SCHEMA_CASES[case]
    with pytest.raises(ConfigError, match=pattern):
        _checked(cfg)


def test_nested_command_line_numbers_are_coerced():
    """``--config panel='{end_year: 2000}'`` arrives as the string '2000' (YAML BaseLoader)."""
    cfg = _cfg(panel={**CFG["panel"], "end_year": "2000", "spline_knots": ["1", "4.5", "7"]})
    cfg["models"]["checks"] = {"min_events": "3", "min_events_per_term": "2.5"}
    out = _checked(cfg)
    assert out["panel"]["end_year"] == 2000 and out["panel"]["spline_knots"] == [1, 4.5, 7]
    assert out["models"]["checks"]["min_events"] == 3 and out["models"]["checks"]["min_events_per_term"] == 2.5


@pytest.mark.parametrize("word", ["null", "~", "None", ""])
def test_mirror_null_on_the_command_line_means_none(word):
    assert _checked(_cfg(mirror=word))["mirror"] is None


def test_a_string_that_is_not_a_number_is_still_an_error():
    with pytest.raises(ConfigError, match=r"panel\.end_year: '20x0' is not of type integer"):
        _checked(_cfg(panel={**CFG["panel"], "end_year": "20x0"}))


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "config.yaml"
    bad.write_text("panel:\n  start_year: 1816\n  end_year: [2016\nmodels: {}\n")
    with pytest.raises(ConfigError, match=rf"{bad}, line \d+, column \d+: YAML syntax error"):
        read_yaml(bad)


# --------------------------------------------------------------------------------------------
# Semantic errors, before anything runs
# --------------------------------------------------------------------------------------------

SEMANTIC_CASES = {
    "outcome among the controls (was: 'perfect separation' after the panels were built)": (
        _named(baseline={"controls": ["contig_any", "war_onset"]}),
        r"models\.named\.baseline\.controls: the outcome 'war_onset' is also listed among the controls"),
    "alliance measure among the controls": (
        _named(baseline={"alliance": "atop_defense", "controls": ["atop_defense"]}),
        r"the alliance 'atop_defense' is also listed among the controls"),
    "sample outside the outcome's coverage (was: 'no observations' at fit time)": (
        _named(late={"period": None, "years": [2008, 2016]}),
        r"models\.named\.late\.period: impossible sample for models\.named\.late: years \[2008, 2016\] lie outside "
        r"the coverage of the outcome 'war_onset' \(1816-2007\)"),
    "spec lag inconsistent with the panel's (was: KeyError 'atop_any_lag1' in the fit jobs)": (
        _cfg(panel={**CFG["panel"], "alliance_lag": 0}),
        r"models\.defaults\.alliance_lag: alliance_lag 1 of models\.named\.\w+ needs lagged alliance columns, "
        r"but config panel\.alliance_lag is 0"),
    "unknown system outcome": (
        _named(sys={"level": "system", "alliance": "share_allied_any", "outcome": "nation_month_begun",
                    "controls": [], "estimator": "poisson", "se": "hac", "alliance_lag": 0,
                    "time_dependence": "trend"}),
        r"models\.named\.sys\.outcome: 'nation_month_begun' is not allowed .*system-level variables"),
    "misspelt estimator in the grid": (
        _cfg(models={**CFG["models"], "grid": {"vary": {"estimator": ["logit", "firht"]}}}),
        r"models\.grid\.vary\.estimator: 'firht' is not allowed \(in models\.grid\.vary\[estimator=firht\]\)"),
}


@pytest.mark.parametrize("case", list(SEMANTIC_CASES))
def test_semantic_errors_name_the_key_before_anything_runs(case):
    cfg, pattern = SEMANTIC_CASES[case]
    with pytest.raises(ConfigError, match=pattern):
        _resolve(cfg)


def _table_cfg(**table):
    return _cfg(outputs={**CFG["outputs"], "tables": [{"name": "t", "title": "T", **table}]})


@pytest.mark.parametrize("table, pattern", [
    ({"columns": ["baseline", "baselin"]},
     r"outputs\.tables\[0\] \(t\)\.columns: \['baselin'\] not among the named specifications"),
    ({"columns": ["baseline"], "variables": ["atop_any_lag1", "contig_anyy"]},
     r"outputs\.tables\[0\] \(t\)\.variables: \['contig_anyy'\] are not terms of any of the table's fits; "
     r"allowed: \['atop_any_lag1', 'contig_any'"),
])
def test_table_mistakes_are_errors_not_notes_or_empty_rows(table, pattern):
    cfg = _checked(_table_cfg(**table))
    with pytest.raises(ConfigError, match=pattern):
        check_tables(cfg, _resolve(cfg))


def test_a_skipped_cow_column_is_still_allowed():
    cfg = _checked(_table_cfg(columns=["baseline", "cow"], variables=["atop_any_lag1"]))
    check_tables(cfg, _resolve(cfg))


# --------------------------------------------------------------------------------------------
# What reruns: a label or a table's layout refits nothing
# --------------------------------------------------------------------------------------------


def _documents(cfg):
    cfg = _checked(cfg)
    return {j: json.dumps(job_document(specs, cfg), sort_keys=True) for j, specs in jobs(cfg).items()}


def test_changing_a_label_or_a_table_changes_no_job_file():
    before = _documents(_cfg())
    relabelled = _cfg()
    relabelled["models"]["named"]["baseline"]["label"] = "Something else"
    relabelled["outputs"]["tables"][0]["title"] = "Another title"
    relabelled["outputs"]["tables"][0]["columns"] = ["baseline"]
    assert _documents(relabelled) == before
    changed = _cfg()
    changed["models"]["named"]["baseline"]["period"] = "1900-1999"
    after = _documents(changed)
    assert sum(after[j] != before[j] for j in before) == 1  # only the job holding baseline


def test_report_takes_the_current_label(tmp_path):
    rec = {"name": "baseline", "group": "named", "label": "old label"}
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(rec))
    (fit,) = load_fits([path], ["baseline"], {"baseline": "new label"})
    assert fit["label"] == "new label"


# --------------------------------------------------------------------------------------------
# On the console
# --------------------------------------------------------------------------------------------


def _snakemake(tmp_path, *args, config_text=None):
    """``snakemake -n`` in a copy of the workflow files (the repository is not touched)."""
    work = tmp_path / "wf"
    for rel in ("Snakefile", "workflow", "config"):
        src = ROOT / rel
        dst = work / rel
        if src.is_dir():
            import shutil

            shutil.copytree(src, dst)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(src.read_bytes())
    if config_text is not None:
        (work / "config" / "config.yaml").write_text(config_text)
    return subprocess.run([sys.executable, "-m", "snakemake", "-n", "--cores", "1", *args], cwd=work,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_console_yaml_error_names_the_line(tmp_path):
    text = (ROOT / "config" / "config.yaml").read_text().replace("  start_year: 1816", "  start_year: [1816", 1)
    r = _snakemake(tmp_path, config_text=text)
    out = r.stdout + r.stderr
    assert r.returncode != 0
    assert "config/config.yaml, line" in out and "YAML syntax error" in out


@pytest.mark.slow
def test_console_nested_override_and_named_spec_typo(tmp_path):
    r = _snakemake(tmp_path, "--config", "panel={end_year: 2010}", "models={named: {baseline: {estimator: logti}}}")
    out = r.stdout + r.stderr
    assert r.returncode != 0
    assert "is not of type" not in out  # the number was coerced
    assert "models.named.baseline.estimator: 'logti' is not allowed; allowed values: logit" in out
