"""Tests of :mod:`alliancewar.outputs.headlines`: the wording follows the numbers, never the reverse."""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from alliancewar.outputs.headlines import NO_CLEAR, headline_sentences

from .outputs_fixtures import LABELS, fit_named, load_corr, load_fits


def only(fits: list[dict[str, Any]], *names: str) -> list[dict[str, Any]]:
    return [f for f in fits if f["name"] in names]


def flip(fit: dict[str, Any]) -> dict[str, Any]:
    """The same fit with the alliance effect mirrored: coefficient, interval and odds ratio."""
    out = copy.deepcopy(fit)
    coef = next(c for c in out["coefficients"] if c["term"] == out["alliance_term"])
    coef.update(estimate=-coef["estimate"], statistic=-coef["statistic"],
                conf_low=-coef["conf_high"], conf_high=-coef["conf_low"])
    ratio = out["quantities"]["odds_ratio"]
    out["quantities"]["odds_ratio"] = {"estimate": 1 / ratio["estimate"], "conf_low": 1 / ratio["conf_high"],
                                       "conf_high": 1 / ratio["conf_low"]}
    return out


def test_dyad_sentence_reports_the_numbers() -> None:
    (sentence,) = headline_sentences(only(load_fits(), "baseline_1900_1945"), None)
    assert sentence == (
        "At the dyad level in 1900–1945, allied dyads were less likely to go to war with each other (joining a war under way included) "
        "(odds ratio 0.62, 95% CI 0.41–0.93, p = 0.021; 12,345 dyad-years, 85 onsets)."
    )


def test_flipping_the_sign_flips_the_sentence() -> None:
    fit = fit_named(load_fits(), "baseline_1900_1945")
    (before,) = headline_sentences([fit], None)
    (after,) = headline_sentences([flip(fit)], None)
    assert "less likely" in before and "more likely" not in before
    assert "more likely" in after and "less likely" not in after
    assert "odds ratio 1.61, 95% CI 1.07–2.42" in after


def test_insignificant_estimate_says_no_clear_difference() -> None:
    fit = fit_named(load_fits(), "baseline_1900_1945")
    next(c for c in fit["coefficients"] if c["term"] == "atop_any_lag1")["p_value"] = 0.4
    (sentence,) = headline_sentences([fit], None)
    assert NO_CLEAR == "no clear difference (not statistically significant)"
    assert NO_CLEAR in sentence and "more likely" not in sentence and "less likely" not in sentence


def test_alpha_decides_significance() -> None:
    fits = only(load_fits(), "baseline_1900_1945")
    assert "less likely" in headline_sentences(fits, None, alpha=0.05)[0]
    assert NO_CLEAR in headline_sentences(fits, None, alpha=0.01)[0]


def test_one_sentence_per_level_and_period_in_order() -> None:
    sentences = headline_sentences(load_fits(), load_corr(), labels=LABELS)
    starts = [s.split(",")[0] for s in sentences]
    assert starts == [
        "At the dyad level in 1816–1899", "At the dyad level in 1900–1945", "At the dyad level in 1946–2014",
        "At the state level in 1900–1945",
        "At the system level in 1816–1899",
        "At the system level in 1816–1945",
        "At the system level in 1900–1945",
    ]
    assert "states with at least one ally were more likely to go to war with each other" in sentences[3]
    assert "difference in probability -0.00021, 95% CI -0.00039 to -0.00003" in sentences[2]


def test_system_sentences_from_correlations() -> None:
    by_period = {s.split(",")[0]: s for s in headline_sentences([], load_corr(), labels=LABELS)}
    early, late = by_period["At the system level in 1816–1899"], by_period["At the system level in 1900–1945"]
    assert NO_CLEAR in early and "Pearson r = -0.18 with onsets 1 year later" in early
    assert "war onsets were more likely after years of higher alliance aggregation" in late
    assert "measured as the share of states in any alliance" in late
    assert "Of all 5 correlations for this period (measures, leads and methods), 4 were positive" in late


def test_negative_correlation_says_less_likely() -> None:
    corr = load_corr()
    corr.loc[0, ["r", "conf_low", "conf_high", "p_value"]] = [-0.3, -0.5, -0.1, 0.004]
    (sentence,) = [s for s in headline_sentences([], corr) if "1816–1899" in s]
    assert "war onsets were less likely after years of higher alliance aggregation" in sentence


def test_system_fit_records_used_without_correlation_frame() -> None:
    fits = load_fits()
    (corr_fit,) = headline_sentences(only(fits, "system_corr_1816_1945"), None, labels=LABELS)
    assert "Pearson r = 0.31 with onsets 1 year later, 95% CI 0.14–0.46, p < 0.001; 129 years" in corr_fit
    count = copy.deepcopy(fit_named(fits, "system_corr_1816_1945"))
    count.update(estimator="negbin", coefficients=[{
        "term": "share_allied_any", "estimate": 1.2, "std_error": 0.4, "p_value": 0.003,
        "conf_low": 0.416, "conf_high": 1.984,
    }])
    (sentence,) = headline_sentences([count], None, labels=LABELS)
    assert "more likely in years of higher alliance aggregation" in sentence
    assert f"rate ratio {math.exp(1.2):.2f} per unit of share of states in any alliance" in sentence


def test_all_failed_level_period_says_so() -> None:
    (sentence,) = headline_sentences(only(load_fits(), "clogit_failed_1816_1899"), None)
    assert sentence == (
        "At the dyad level in 1816–1899, no model could be estimated "
        "(quasi-complete separation (100% of onsets in dyads never allied))."
    )


@pytest.mark.parametrize("name", ["baseline_1816_1899", "baseline_1900_1945", "state_firth_1900_1945"])
def test_every_sentence_states_a_direction(name: str) -> None:
    (sentence,) = headline_sentences(only(load_fits(), name), None)
    assert sum(phrase in sentence for phrase in ("more likely", "less likely", NO_CLEAR)) == 1


def test_era_interaction_sentence_follows_the_wald_test():
    from alliancewar.outputs.headlines import headline_sentences

    fit = {"name": "era", "level": "dyad", "status": "ok", "outcome": "war_onset", "alliance_term": "a",
           "coefficients": [{"term": "a", "estimate": 0.2, "std_error": 0.4, "p_value": 0.6, "conf_low": -0.6,
                             "conf_high": 1.0}], "n_obs": 1000, "n_events": 10, "group": "named",
           "spec": {"level": "dyad", "period": "1816-2007", "era_interaction": True}, "quantities": None,
           "extra": {"era_test": {"wald_chi2": 1.83, "df": 2, "p_value": 0.40}}}
    text = headline_sentences([fit], None)[-1]
    assert "no significant difference in the alliance effect between eras" in text
    assert "chi-squared(2) = 1.83, p = 0.40" in text
    fit["extra"]["era_test"].update(wald_chi2=12.0, p_value=0.0025)
    text = headline_sentences([fit], None)[-1]
    assert "the alliance effect differed significantly between eras" in text


def test_directed_sentence_names_the_pledge_and_its_holder() -> None:
    fit = fit_named(load_fits(), "baseline_1900_1945")
    fit.update(level="directed", outcome="initiator")
    fit["spec"] = {**fit.get("spec", {}), "level": "directed", "alliance": "atop_third_defense2", "outcome": "initiator"}
    (sentence,) = headline_sentences([fit], None)
    assert sentence.startswith(
        "At the directed level in 1900–1945, challenger-target pairs in which the target (state 2) has a defense "
        "pledge from a third state were less likely to see the challenger (state 1) initiate a militarized dispute "
        "against the target (state 2) (odds ratio 0.62"), sentence
    fit["spec"]["alliance"] = "atop_third_offense1_lag1"
    assert "pairs in which the challenger (state 1) has an offense pledge from a third state were" in \
        headline_sentences([fit], None)[0]
