"""Specification resolution and validation: errors name the key and list the allowed values."""

from __future__ import annotations

import copy

import pytest
import yaml

from alliancewar.errors import ConfigError
from alliancewar.models.jobs import jobs
from alliancewar.models.spec import resolve_specs
from tests.conftest import ROOT

CFG = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())


def _models(**named):
    m = copy.deepcopy(CFG["models"])
    m["named"] = named
    m["grid"] = {"vary": {}}
    return m


def _resolve(models, cow=False):
    return resolve_specs(models, panel_years=(1816, 2016), cow_alliances=cow)


def test_defaults_fill_in_and_period_sets_years():
    (s,) = _resolve(_models(x={"period": "1900-1945"}))
    assert s["years"] == [1900, 1945] and s["estimator"] == "logit" and s["controls"] == CFG["models"]["defaults"]["controls"]
    assert s.alliance_column == "atop_any_lag1" and s.alliance_source == "atop"


@pytest.mark.parametrize("override, pattern", [
    ({"colour": "red"}, r"models.named.bad: unknown key\(s\) \['colour'\]; allowed keys"),
    ({"alliance": "atop_anything"}, r"^models.named.bad.alliance: 'atop_anything' is not allowed .*allowed: "
                                    r"dyad-level variables"),
    ({"controls": ["gdp"]}, r"^models.named.bad.controls: 'gdp' is not allowed"),
    ({"estimator": "probit"}, r"^models.named.bad.estimator: 'probit' .*allowed: \['logit', 'firth'"),
    ({"se": "hac"}, r"^models.named.bad.se: 'hac' .*allowed: \['cluster'"),
    ({"period": "1950s"}, r"^models.named.bad.period: '1950s' .*allowed: \["),
    ({"period": None, "years": [1950, 1900]}, r"^models.named.bad.years: impossible sample: years \[1950, 1900\]"),
    ({"period": None, "years": [1800, 1900]}, r"impossible sample for models.named.bad: years \[1800, 1900\] "
                                              r"outside the panel"),
    ({"population": "allies"}, r"^models.named.bad.population: 'allies' .*allowed: \['all'"),
    ({"level": "system", "alliance": "share_allied_any", "outcome": "war_onsets", "controls": [],
      "estimator": "poisson", "se": "hac", "population": "politically_relevant"}, r"^models.named.bad.population"),
    ({"controls": ["war_onset", "contig_any"]}, r"^models.named.bad.controls: the outcome 'war_onset' is also "
                                                r"listed among the controls"),
    ({"controls": ["atop_any"]}, r"the alliance 'atop_any' is also listed among the controls"),
    ({"alliance_lag": 3}, r"^models.named.bad.alliance_lag: 3 is not allowed"),
])
def test_bad_specs_name_the_key(override, pattern):
    with pytest.raises(ConfigError, match=pattern):
        _resolve(_models(bad=override))


def test_inherited_value_names_the_defaults_key():
    m = _models(ok={})
    m["defaults"] = {**m["defaults"], "estimator": "probit"}
    with pytest.raises(ConfigError, match=r"^models.defaults.estimator: 'probit' is not allowed \(in models.named.ok\)"):
        _resolve(m)


def test_grid_error_names_the_vary_key():
    m = _models()
    m["grid"] = {"vary": {"outcome": ["war_onset", "war_onsetz"]}}
    with pytest.raises(ConfigError, match=r"^models.grid.vary.outcome: 'war_onsetz' is not allowed \(in "
                                          r"models.grid.vary\[outcome=war_onsetz\]\)"):
        _resolve(m)


@pytest.mark.parametrize("name", ["../../../../tmp/x", "a/b", "x y", "_hidden", ""])
def test_unsafe_spec_names_are_rejected(name):
    with pytest.raises(ConfigError, match=r"models.named: spec name .* is not allowed"):
        _resolve(_models(**{name: {}}))


def test_spec_lag_must_match_the_panel_lag():
    with pytest.raises(ConfigError, match=r"^models.named.x.alliance_lag: .*config panel.alliance_lag is 0"):
        resolve_specs(_models(x={"alliance_lag": 1}), panel_years=(1816, 2016), cow_alliances=False, panel_lag=0)
    (s,) = resolve_specs(_models(x={"alliance_lag": 0}), panel_years=(1816, 2016), cow_alliances=False, panel_lag=0)
    assert s.alliance_column == "atop_any_prewar"  # lag 0: the status on the eve of the onset


def test_sample_outside_the_outcome_coverage_is_rejected_before_fitting(sources):
    with pytest.raises(ConfigError, match=r"^models.named.late.period: impossible sample for models.named.late: "
                                          r"years \[2008, 2016\] lie outside the coverage of the outcome "
                                          r"'war_onset' \(1816-2007\)"):
        resolve_specs(_models(late={"period": None, "years": [2008, 2016]}), panel_years=(1816, 2016),
                      cow_alliances=False, sources=sources)
    # overlapping the coverage is allowed (the sample accounting shows the rows outside it)
    resolve_specs(_models(part={"period": None, "years": [2000, 2016]}), panel_years=(1816, 2016),
                  cow_alliances=False, sources=sources)


def test_cow_specs_skipped_without_cow_alliances():
    m = _models(cow={"alliance": "cow_any", "requires": "cow_alliances"}, atop={})
    assert [s.name for s in _resolve(m)] == ["atop"]
    assert [s.name for s in _resolve(m, cow=True)] == ["cow", "atop"]


def test_grid_is_the_cross_product():
    m = _models()
    m["grid"] = {"vary": {"alliance": ["atop_any", "atop_defense"], "period": ["1816-1899", "1900-1945", "1946-2007"]}}
    specs = _resolve(m)
    assert len(specs) == 6 and len({s.name for s in specs}) == 6
    assert {(s["alliance"], s["period"]) for s in specs} == {(a, p) for a in ("atop_any", "atop_defense")
                                                               for p in ("1816-1899", "1900-1945", "1946-2007")}


def test_default_config_jobs_group_by_level_and_cover_every_spec():
    cfg = copy.deepcopy(CFG)
    j = jobs(cfg)
    names = [s.name for js in j.values() for s in js]
    assert len(names) == len(set(names))
    assert sum(len(js) for k, js in j.items() if k.startswith("grid")) == 2 * 2 * 5 * 2
    for js in j.values():
        assert len({s["level"] for s in js}) == 1
    # the split does not depend on the order of the named section
    cfg2 = copy.deepcopy(cfg)
    cfg2["models"]["named"] = dict(reversed(list(cfg["models"]["named"].items())))
    assert {k: [s.name for s in v] for k, v in jobs(cfg2).items()} == {k: [s.name for s in v] for k, v in j.items()}


@pytest.mark.parametrize("override, column", [
    ({}, "atop_any_lag1"),
    ({"alliance_lag": 0}, "atop_any_prewar"),
    ({"alliance_lag": 0, "outcome": "mid_onset", "period": "1816-2014"}, "atop_any_premid"),
    ({"alliance_lag": 0, "alliance": "atop_defense", "outcome": "war_onset_joiner"}, "atop_defense_prewar"),
    ({"alliance_lag": 0, "level": "state", "alliance": "atop_n_allies_any", "outcome": "n_war_entries",
      "controls": [], "estimator": "poisson", "se": "cluster"}, "atop_n_allies_any"),
])
def test_alliance_column_by_lag_and_outcome(override, column):
    (s,) = _resolve(_models(x=override))
    assert s.alliance_column == column


@pytest.mark.parametrize("override, column", [
    ({}, "peace_years_ongoing"), ({"peace_years": "onset"}, "peace_years"),
    ({"outcome": "mid_onset", "period": "1816-2014"}, "mid_peace_years_ongoing"),
    ({"outcome": "fatal_mid_onset", "period": "1816-2014", "peace_years": "onset"}, "fatal_mid_peace_years"),
    ({"outcome": "war_onset_originator"}, "peace_years_ongoing"),
])
def test_peace_years_column_by_rule(override, column):
    (s,) = _resolve(_models(x=override))
    assert s.peace_years_column == column


@pytest.mark.parametrize("override, pattern", [
    ({"exclude_wars": [106], "outcome": "mid_onset", "period": "1816-2014"},
     r"^models.named.bad.exclude_wars: exclude_wars \[106\] of models.named.bad needs a dyad-level war outcome"),
    ({"se": "war", "outcome": "mid_onset", "period": "1816-2014"}, r"^models.named.bad.se: se 'war'"),
    ({"peace_years": "since"}, r"^models.named.bad.peace_years: 'since' is not allowed"),
])
def test_war_options_need_a_war_outcome(override, pattern):
    with pytest.raises(ConfigError, match=pattern):
        _resolve(_models(bad=override))


# --- system level: rejected before fitting ----------------------------------------------------

SYSTEM = {"level": "system", "alliance": "share_allied_any", "outcome": "war_onsets_next1", "controls": [],
          "time_dependence": "trend", "estimator": "poisson", "se": "hac"}
DESIGN = {"level": "system", "estimator": "correlation", "measures": ["share_allied_any"],
          "outcomes": ["war_onsets"], "periods": ["1816-1899"], "leads": [1]}


def test_system_regression_without_a_lagged_column_is_rejected():
    """modularity has no _lag1 column: a system regression with alliance_lag 1 used to crash with KeyError."""
    with pytest.raises(ConfigError, match=r"models\.defaults\.alliance_lag: the system-years have no lagged column "
                                          r"'modularity_any_lag1'"):
        _resolve(_models(x={**SYSTEM, "alliance": "modularity_any"}))
    (s,) = _resolve(_models(x={**SYSTEM, "alliance": "share_allied_any"}))  # share_allied_any_lag1 exists
    assert s.alliance_column == "share_allied_any_lag1"


@pytest.mark.parametrize(("override", "pattern"), [
    ({"outcomes": ["war_onsetz"]}, r"models\.named\.x\.outcomes: 'war_onsetz' is not allowed.*system-level"),
    ({"outcomes": ["war_onsets_next3"]}, r"outcomes: 'war_onsets_next3'.*use 'war_onsets' with leads"),
    ({"measures": ["atop_any"]}, r"models\.named\.x\.measures: 'atop_any' is not allowed"),
    ({"forms": ["trend"]}, r"models\.named\.x\.forms: 'trend' is not allowed.*correlation"),
    ({"periods": ["1800-1815"]}, r"models\.named\.x\.periods: '1800-1815' is not allowed"),
    ({"alliance_lag": 1}, r"models\.named\.x\.alliance_lag: 1 is not allowed.*lead design"),
    ({"estimator": "poisson", "outcomes": ["nation_months_begun"]},
     r"outcomes: 'nation_months_begun' \(continuous\) is not a count of events begun, which poisson needs"),
    ({"claim": "growth_war", "measures": ["modularity_any"]},
     r"models\.named\.x\.measures: measure 'modularity_any' is not a alliance measure \(claim part growth_war\)"),
    ({"claim": "polarisation_war", "measures": ["modularity_any"], "outcomes": ["cluster_polarity_any"]},
     r"models\.named\.x\.outcomes: outcome 'cluster_polarity_any' is not a war measure"),
    ({"claim": "era_difference"}, r"periods: \['1816-1899'\] is not allowed.*two or more eras"),
    ({"claim": "growth_wars"}, r"models\.named\.x\.claim: 'growth_wars' is not allowed.*growth_war"),
])
def test_bad_system_designs_name_the_key(override, pattern):
    with pytest.raises(ConfigError, match=pattern):
        _resolve(_models(x={**DESIGN, **override}))


def test_count_model_with_a_continuous_outcome_is_rejected():
    with pytest.raises(ConfigError, match=r"outcome: 'battle_deaths_begun' is continuous; poisson needs a count"):
        _resolve(_models(x={**SYSTEM, "alliance_lag": 0, "outcome": "battle_deaths_begun"}))


def test_a_claim_on_another_level_is_rejected():
    with pytest.raises(ConfigError, match=r"models\.named\.x\.claim: 'growth_war' is not allowed.*system-level"):
        _resolve(_models(x={"claim": "growth_war"}))


def test_design_takes_its_own_defaults_and_first_measure_and_outcome():
    (s,) = _resolve(_models(x={**DESIGN, "outcomes": ["nation_months_begun", "war_onsets"]}))
    assert (s["alliance"], s["outcome"], s["se"], s["alliance_lag"], s["controls"], s["time_dependence"]) == (
        "share_allied_any", "nation_months_begun", "ess", 0, [], "none")
    (c,) = _resolve(_models(x={**DESIGN, "estimator": "poisson"}))
    assert c["se"] == "hac"


def test_default_claim_specs_cover_every_part_for_atop_and_cow():
    from alliancewar.models.claims import CLAIM_PARTS

    specs = [s for s in _resolve(CFG["models"], cow=True) if s.values.get("claim")]
    parts = {(s.values["claim"], s.alliance_source, s["estimator"]) for s in specs}
    for source in ("atop", "cow"):
        assert {(p, source, "correlation") for p in CLAIM_PARTS} <= parts
        assert {(p, source, "poisson") for p in ("growth_war", "polarisation_war", "era_difference")} <= parts
    assert not [s for s in _resolve(CFG["models"], cow=False) if s.alliance_source == "cow" and s.values.get("claim")]
