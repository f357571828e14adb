"""Plain-English headline sentences generated from fit records and system-level correlations.

Every word that states a direction ("more likely", "less likely", "no clear difference (not
statistically significant)") is chosen from the sign of the estimate and its p-value; nothing
is hard-coded. One sentence per level and period:

* dyad and state level: the primary fit of the (level, period) -- the first named fit with an
  alliance coefficient (see :func:`~alliancewar.outputs.tables.select_primary`), reported as
  an odds ratio where the fit has one, else as the coefficient;
* system level: the first row of each period of the correlations frame (the caller orders it
  so that the primary measure comes first), with a count of how many of the period's other
  correlations agree; periods absent from the frame fall back to system-level fits
  (correlation records or count models, reported as rate ratios).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .tables import (
    UNITS,
    alliance_coefficient,
    doubt_text,
    effect_direction,
    format_number,
    has_value,
    is_doubtful,
    is_ok,
    level_rank,
    period_label,
    quantity,
    select_primary,
    spec_value,
)

OUTCOME_PHRASES: dict[str, tuple[str, str]] = {
    "war_onset": ("go to war with each other (joining a war under way included)", "war onsets"),
    "war_onset_originator": ("begin a war against each other", "originating war onsets"),
    "war_onset_joiner": ("join a war under way on opposite sides", "joining war onsets"),
    "mid_onset": ("begin a militarized dispute", "dispute onsets"),
    "fatal_mid_onset": ("begin a fatal militarized dispute", "fatal dispute onsets"),
    "force_mid_onset": ("begin a militarized dispute with use of force", "use-of-force dispute onsets"),
    "war_onset_state": ("enter a war", "war entries"),
    "n_war_entries": ("enter wars", "war entries"),
    "war_onsets": ("begin wars", "wars begun"),
    "war_onsets_next1": ("begin wars", "wars begun in the following year"),
    "war_onsets_next3": ("begin wars", "wars begun in the following three years"),
    "war_onsets_next5": ("begin wars", "wars begun in the following five years"),
    "nation_months_begun": ("begin wars", "nation-months of war begun"),
    "battle_deaths_begun": ("begin wars", "battle deaths of wars begun"),
    "initiator": ("see the challenger (state 1) initiate a militarized dispute against the target (state 2)",
                  "initiations"),
}
"""Outcome -> (verb phrase, plural noun of its events)."""

SUBJECTS: dict[str, tuple[str, str]] = {
    "dyad": ("allied dyads", "non-allied dyads"),
    "state": ("states with at least one ally", "states without allies"),
    "directed": ("challenger-target pairs allied with each other", "pairs not allied"),
}
"""Level -> (subject with the alliance, subject without it)."""

_PLEDGES = {"defense": "defense", "offense": "offense", "neutral": "neutrality", "consul": "consultation"}
_ROLES = {"1": "the challenger (state 1)", "2": "the target (state 2)"}
#: Directed-dyad role pledges (``atop_third_<pledge><role>``) -> (subject with it, subject without it).
DIRECTED_SUBJECTS: dict[str, tuple[str, str]] = {
    f"atop_third_{ob}{role}": (f"challenger-target pairs in which {who} has {'an' if name[0] in 'aeiou' else 'a'} "
                               f"{name} pledge from a third state",
                               "pairs in which it has none")
    for ob, name in _PLEDGES.items() for role, who in _ROLES.items()
}

COUNT_ESTIMATORS = ("poisson", "negbin")
ESTIMATOR_NAMES = {"firth": "Firth logit", "relogit": "rare-events logit", "lpm_fe": "linear probability model "
                   "with fixed effects", "clogit": "conditional logit", "poisson": "Poisson", "negbin":
                   "negative binomial"}
#: Lead (years ahead) of system-level outcomes.
OUTCOME_LEADS = {"war_onsets_next1": 1, "war_onsets_next3": 3, "war_onsets_next5": 5}
NO_CLEAR = "no clear difference (not statistically significant)"


# --------------------------------------------------------------------------------------------
# Number formatting
# --------------------------------------------------------------------------------------------


def _num(x: float) -> str:
    """Two decimals, or two significant digits for values that would round to zero."""
    return format_number(x, 2).replace(",", "")


def _lower_first(label: str) -> str:
    """Lower-case a label's first letter unless it starts an acronym ("ATOP ...")."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _p(p: float | None) -> str:
    if not has_value(p):
        return "p not available"
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.2f}" if p >= 0.1 else f"p = {p:.2g}"


def _ci(low: float | None, high: float | None) -> str:
    if not has_value(low) or not has_value(high):
        return "95% CI not available"
    joiner = " to " if low < 0 or high < 0 else "\u2013"
    return f"95% CI {_num(low)}{joiner}{_num(high)}"


def _count(n: float | None, noun: str) -> str | None:
    return None if not has_value(n) else f"{int(n):,} {noun}"


def _period_phrase(period: str) -> str:
    return "" if period == "n/a" else f" in {period_label(period)}"


def _outcome(outcome: str | None) -> tuple[str, str]:
    default = (f"experience the outcome '{outcome}'", "events")
    return OUTCOME_PHRASES.get(str(outcome), default)


def _sentence(level: str, period: str, claim: str, evidence: Sequence[str | None]) -> str:
    details = "; ".join(e for e in evidence if e)
    return f"At the {level} level{_period_phrase(period)}, {claim} ({details})."


# --------------------------------------------------------------------------------------------
# Dyad and state levels
# --------------------------------------------------------------------------------------------


def _effect_text(fit: Mapping[str, Any], coef: Mapping[str, Any]) -> str:
    name = ESTIMATOR_NAMES.get(str(fit.get("estimator")))
    prefix = f"{name}: " if name else ""
    ratio = quantity(fit, "odds_ratio")
    if ratio:
        return f"{prefix}odds ratio {_num(ratio['estimate'])}, {_ci(ratio.get('conf_low'), ratio.get('conf_high'))}"
    rate = quantity(fit, "rate_ratio")
    if rate:
        return f"{prefix}rate ratio {_num(rate['estimate'])} per unit, " \
               f"{_ci(rate.get('conf_low'), rate.get('conf_high'))}"
    label = "difference in probability" if str(fit.get("estimator")).startswith("lpm") else "coefficient"
    return f"{prefix}{label} {_num(coef['estimate'])}, {_ci(coef.get('conf_low'), coef.get('conf_high'))}"


def _unit_sentence(fit: Mapping[str, Any], alpha: float) -> str:
    level = str(fit.get("level"))
    coef = alliance_coefficient(fit)
    verb, events = _outcome(fit.get("outcome"))
    allied, not_allied = _subjects(level, spec_value(fit, "alliance"))
    if fit.get("estimator") in COUNT_ESTIMATORS:
        allied, not_allied = f"{level}s with more allies", f"{level}s with fewer allies"
    direction = effect_direction(coef.get("estimate"), coef.get("p_value"), alpha)
    if direction == "neither":
        claim = f"there was {NO_CLEAR} between {allied} and {not_allied} in how likely they were to {verb}"
    else:
        claim = f"{allied} were {'more' if direction == 'positive' else 'less'} likely to {verb}"
    evidence = [
        f"{_effect_text(fit, coef)}, {_p(coef.get('p_value'))}",
        ", ".join(filter(None, [_count(fit.get("n_obs"), UNITS.get(level, "observations")),
                                _count(fit.get("n_events"), events.split()[-1])])),
    ]
    return _sentence(level, spec_value(fit, "period"), claim, [*evidence, _doubt(fit)])


def _subjects(level: str, alliance: str) -> tuple[str, str]:
    """Who has the alliance and who has not, in words (the directed level names the pledge's role)."""
    if level == "directed" and alliance.removesuffix("_lag1") in DIRECTED_SUBJECTS:
        return DIRECTED_SUBJECTS[alliance.removesuffix("_lag1")]
    return SUBJECTS.get(level, (f"allied {level}s", f"non-allied {level}s"))


def _doubt(fit: Mapping[str, Any]) -> str | None:
    """``"doubtful fit: <reasons>"`` for a fit with status warning, else None."""
    return f"doubtful fit: {doubt_text(fit)}" if is_doubtful(fit) else None


def _failed_sentence(level: str, period: str, fits: Sequence[Mapping[str, Any]]) -> str:
    reasons = "; ".join(dict.fromkeys(str(f.get("reason") or "unknown reason") for f in fits))
    return f"At the {level} level{_period_phrase(period)}, no model could be estimated ({reasons})."


# --------------------------------------------------------------------------------------------
# System level
# --------------------------------------------------------------------------------------------


#: How the measure enters each form of a system correlation, for the sentences.
FORM_WORDS = {"change": "the change in the {m} in year t", "levels": "the {m}",
              "detrended": "the {m} (both series detrended)", "differenced": "the change in the {m} (both series "
              "differenced)"}


def _system_claim(direction: str, events: str, measure: str, lead: int, form: str = "levels") -> str:
    measured = f"measured as {FORM_WORDS.get(form, FORM_WORDS['levels']).format(m=_lower_first(measure))}"
    growth = "growth" if form in ("change", "differenced") else "aggregation"
    if direction == "neither":
        return f"there was {NO_CLEAR} in {events} between years of more and less alliance {growth}, {measured}"
    when = "in years of" if lead == 0 else "after years of"
    more = "more" if direction == "positive" else "less"
    level = "alliance growth" if growth == "growth" else "higher alliance aggregation"
    return f"{events} were {more} likely {when} {level}, {measured}"


def _lead_text(lead: int) -> str:
    if lead == 0:
        return "onsets in the same year"
    return f"onsets {lead} year{'s' if lead != 1 else ''} later"


def _were(n: int) -> str:
    return f"{n} {'was' if n == 1 else 'were'}"


#: Display names of the adjustments of the system correlations' p-values.
ADJUSTMENT_NAMES = {"holm": "Holm", "bh": "Benjamini-Hochberg"}


def _correlation_sentence(
    period: str, rows: pd.DataFrame, alpha: float, labels: Mapping[str, str], events: str = "war onsets",
    adjustment: str = "holm",
) -> str:
    """The first headline-form row of a period, its direction read from the adjusted p-value
    (``p_value_<adjustment>`` when the frame has it), and the count over the period's headline rows."""
    if "headline" in rows.columns and rows["headline"].astype(bool).any():
        rows = rows[rows["headline"].astype(bool)]
    p_col = f"p_value_{adjustment}" if f"p_value_{adjustment}" in rows.columns else "p_value"
    adjusted = p_col != "p_value"
    first = rows.iloc[0]
    lead = int(first["lead"])
    form = str(first["form"]) if "form" in rows.columns and has_value(first.get("form")) else "levels"
    direction = effect_direction(first["r"], first[p_col], alpha)
    measure = labels.get(first["measure"], str(first["measure"]).replace("_", " "))
    p_text = _p(first["p_value"]) + (f", {ADJUSTMENT_NAMES.get(adjustment, adjustment)}-adjusted "
                                     f"{_p(first[p_col])}" if adjusted else "")
    evidence = [
        f"{str(first['method']).capitalize()} r = {_num(first['r'])} with {_lead_text(lead)}, "
        f"{_ci(first['conf_low'], first['conf_high'])}, {p_text}",
        _count(first["n"], "years"),
    ]
    sentence = _sentence("system", period, _system_claim(direction, events, measure, lead, form), evidence)
    if len(rows) > 1:
        found = [effect_direction(r, p, alpha) for r, p in zip(rows["r"], rows[p_col])]
        what = "measures, leads and methods" + (f"; {form} form" if "form" in rows.columns else "")
        after = f" after {ADJUSTMENT_NAMES.get(adjustment, adjustment)} adjustment" if adjusted else ""
        sentence += (
            f" Of all {len(rows)} correlations for this period ({what}), "
            f"{_were(found.count('positive'))} positive and significant{after} and "
            f"{found.count('negative')} negative and significant."
        )
    return sentence


def _fit_as_correlation(fit: Mapping[str, Any]) -> pd.DataFrame:
    coef = alliance_coefficient(fit)
    spec = fit.get("spec") or {}
    return pd.DataFrame([{
        "measure": fit.get("alliance_term"), "lead": spec.get("lead", 0), "method": spec.get("method", "pearson"),
        "r": coef["estimate"], "conf_low": coef.get("conf_low"), "conf_high": coef.get("conf_high"),
        "p_value": coef.get("p_value"), "n": fit.get("n_obs"),
    }])


def _count_sentence(fit: Mapping[str, Any], alpha: float, labels: Mapping[str, str]) -> str:
    coef = alliance_coefficient(fit)
    _, events = _outcome(fit.get("outcome"))
    measure = _lower_first(labels.get(fit["alliance_term"], fit["alliance_term"].replace("_", " ")))
    direction = effect_direction(coef["estimate"], coef.get("p_value"), alpha)
    low, high = coef.get("conf_low"), coef.get("conf_high")
    evidence = [
        f"rate ratio {_num(math.exp(coef['estimate']))} per unit of {measure}, "
        f"{_ci(None if low is None else math.exp(low), None if high is None else math.exp(high))}, "
        f"{_p(coef.get('p_value'))}",
        ", ".join(filter(None, [_count(fit.get("n_obs"), "years"), _count(fit.get("n_events"), "onsets")])),
        _doubt(fit),
    ]
    lead = OUTCOME_LEADS.get(str(fit.get("outcome")), 0)
    return _sentence("system", spec_value(fit, "period"), _system_claim(direction, events, measure, lead), evidence)


def _system_fit_sentence(fit: Mapping[str, Any], alpha: float, labels: Mapping[str, str]) -> str:
    if fit.get("estimator") in COUNT_ESTIMATORS:
        return _count_sentence(fit, alpha, labels)
    _, events = _outcome(fit.get("outcome"))
    return _correlation_sentence(spec_value(fit, "period"), _fit_as_correlation(fit), alpha, labels, events)


# --------------------------------------------------------------------------------------------
# Public
# --------------------------------------------------------------------------------------------


def _usable(fit: Mapping[str, Any]) -> bool:
    return is_ok(fit) and alliance_coefficient(fit) is not None


def headline_fits(fits: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The dyad- and state-level fits the headline sentences report (one per level and period)."""
    primary = select_primary(sorted(fits, key=is_doubtful), _usable)
    return [fit for (level, _), fit in primary.items() if level != "system"]


def headline_sentences(
    fits: Sequence[Mapping[str, Any]],
    corr: pd.DataFrame | None,
    alpha: float = 0.05,
    *,
    labels: Mapping[str, str] | None = None,
    adjustment: str = "holm",
) -> list[str]:
    """Generate one plain-English sentence per level (dyad, state, system) and period present.

    The claim's system designs (specifications with a ``claim`` key) are left out: their
    sentences come from :func:`alliancewar.outputs.claim.verdict_sentences`.

    Parameters
    ----------
    fits
        Fit records, in order of preference (named fits are preferred anyway).
    corr
        System-level correlations (columns period, measure, lead, method, r, conf_low,
        conf_high, p_value, n), primary row of each period first; or None.
    alpha
        Significance level deciding between "more/less likely" and "no clear difference".
    labels
        Human labels of measures and alliance terms.
    adjustment
        ``"holm"`` or ``"bh"``: the system correlations' direction is read from
        ``p_value_<adjustment>`` when ``corr`` has it (adjusted within period and form).

    Returns
    -------
    list of str
        Dyad sentences, then state, then system; periods in order. A (level, period) whose
        fits all failed gets a sentence saying so.
    """
    return [s for group in headline_groups(fits, corr, alpha, labels=labels, adjustment=adjustment).values()
            for s in group]


def headline_groups(
    fits: Sequence[Mapping[str, Any]],
    corr: pd.DataFrame | None,
    alpha: float = 0.05,
    *,
    labels: Mapping[str, str] | None = None,
    adjustment: str = "holm",
) -> dict[str, list[str]]:
    """:func:`headline_sentences` split into ``{"units": dyad and state sentences, "system": ...}``
    (the report labels the units' sentences as a different question from the claim's)."""
    labels = labels or {}
    fits = [f for f in fits if not (f.get("spec") or {}).get("claim")]
    sentences: dict[tuple[str, str], str] = {}
    # a sound fit is preferred to a doubtful one of the same kind (sorted() is stable)
    primary = select_primary(sorted(fits, key=is_doubtful), _usable)
    corr_periods = set() if corr is None else {str(p) for p in corr["period"]}
    for (level, period), fit in primary.items():
        if level == "system":
            if period not in corr_periods:
                sentences[(level, period)] = _system_fit_sentence(fit, alpha, labels)
        else:
            sentences[(level, period)] = _unit_sentence(fit, alpha)
    if corr is not None:
        events = _outcome(corr["outcome"].iloc[0])[1] if "outcome" in corr.columns and len(corr) else "war onsets"
        events = "war onsets" if events == "wars begun" else events
        for period, rows in corr.groupby(corr["period"].astype(str), sort=False):
            sentences[("system", period)] = _correlation_sentence(period, rows, alpha, labels, events, adjustment)
    for (level, period), failed in _failed_only(fits, primary).items():
        if level != "system" or period not in corr_periods:
            sentences[(level, period)] = _failed_sentence(level, period, failed)
    ordered = sorted(sentences, key=_order)
    return {"units": [sentences[k] for k in ordered if k[0] != "system"] + _era_sentences(fits, alpha),
            "system": [sentences[k] for k in ordered if k[0] == "system"]}


def _eras_text() -> str:
    from ..models.spec import ERAS

    return ", ".join(f"{lo}-{hi}" if hi < 2100 else f"from {lo}" for lo, hi in ERAS)


def _era_sentences(fits: Sequence[Mapping[str, Any]], alpha: float) -> list[str]:
    """One sentence per fit carrying a Wald test of equal alliance effects across eras."""
    out = []
    for fit in fits:
        test = (fit.get("extra") or {}).get("era_test") if is_ok(fit) else None
        if not test or not has_value(test.get("p_value")):
            continue
        verb, _ = _outcome(fit.get("outcome"))
        differs = test["p_value"] < alpha
        finding = ("the alliance effect differed significantly between eras" if differs else
                   "there was no significant difference in the alliance effect between eras")
        out.append(
            f"Across eras ({_eras_text()}), at the {fit.get('level')} level, {finding} "
            f"in how likely allied pairs were to {verb} (Wald test of the alliance-by-era interactions: "
            f"chi-squared({test['df']}) = {_num(test['wald_chi2'])}, {_p(test['p_value'])}; "
            f"{_count(fit.get('n_obs'), UNITS.get(str(fit.get('level')), 'observations'))})."
        )
    return out


def _failed_only(
    fits: Sequence[Mapping[str, Any]], primary: Mapping[tuple[str, str], Any]
) -> dict[tuple[str, str], list[Mapping[str, Any]]]:
    out: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for fit in fits:
        key = (str(fit.get("level")), spec_value(fit, "period"))
        if not is_ok(fit) and key not in primary:
            out.setdefault(key, []).append(fit)
    return out


def _order(key: tuple[str, str]) -> tuple[int, str]:
    return level_rank(key[0]), key[1]
