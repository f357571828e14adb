"""The verdict on the claim (:mod:`alliancewar.outputs.claim`, :mod:`alliancewar.outputs.claim_text`):
the fixed rules, the families and their adjusted p-values computed by hand, golden claim tables,
and the report section.

Golden files (``tests/fixtures/golden/claim.*``): after an intended change of the claim table,
regenerate them with ``ALLIANCEWAR_UPDATE_GOLDEN=1 pytest tests/unit/test_claim.py`` and review
the diff before committing.
"""

from __future__ import annotations

import copy
import math
import os
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from alliancewar.outputs import claim as C
from alliancewar.outputs import claim_text as W
from alliancewar.outputs import tables as T
from alliancewar.outputs.report import render_report

from .outputs_fixtures import GOLDEN_DIR, PROVENANCE

UPDATE_GOLDEN = os.environ.get("ALLIANCEWAR_UPDATE_GOLDEN") == "1"
OPTS = C.ClaimOptions(alpha=0.05, adjustment="holm", sesoi_correlation=0.2, sesoi_rate_ratio=1.25)
LABELS = {"share_allied_any": "Share of states allied, any (ATOP)", "alliances_begun_any": "Alliances begun (ATOP)",
          "war_onsets": "Wars begun", "nation_months_begun": "Nation-months of war begun",
          "modularity_any": "Modularity of the alliance network, any (ATOP)"}


# --------------------------------------------------------------------------------------------
# The rules, one case at a time
# --------------------------------------------------------------------------------------------

BASE = {"estimate": 0.4, "p_adjusted": 0.004, "p_tost_adjusted": 0.9, "sign": 1.0, "alpha": 0.05, "status": "ok"}


@pytest.mark.parametrize(("change", "expected"), [
    ({}, C.SUPPORTS),                                          # the adjusted test rejects with the claimed sign
    ({"estimate": -0.4}, C.AGAINST),                           # flip the sign: it rejects with the other sign
    ({"sign": -1.0}, C.AGAINST),                               # a measure whose claimed sign is negative
    ({"sign": -1.0, "estimate": -0.4}, C.SUPPORTS),
    ({"p_adjusted": 0.2}, C.NEITHER),                          # a wider interval: no rejection
    ({"p_adjusted": 0.05}, C.NEITHER),                         # alpha itself does not reject
    ({"p_adjusted": 0.2, "p_tost_adjusted": 0.01}, C.AGAINST),  # smaller than the smallest effect of interest
    ({"p_tost_adjusted": 0.01}, C.AGAINST),                    # significant but negligible: against, never support
    ({"p_adjusted": 0.2, "p_tost_adjusted": float("nan")}, C.NEITHER),
    ({"status": "warning"}, C.NEITHER),                        # a doubtful test never decides
    ({"status": "warning", "estimate": -0.4}, C.NEITHER),
    ({"status": "failed"}, C.NOT_TESTED),
    ({"sign": None}, C.DIFFERS),                               # the era test: no claimed direction
    ({"sign": float("nan"), "p_adjusted": 0.3}, C.NO_DIFFERENCE),
    ({"sign": None, "status": "warning"}, C.NO_DIFFERENCE),
    ({"p_adjusted": None}, C.NEITHER),
])
def test_verdict_rules(change: dict[str, Any], expected: str) -> None:
    assert C.verdict(**{**BASE, **change}) == expected


# --------------------------------------------------------------------------------------------
# Hand-made fit records of two claim parts
# --------------------------------------------------------------------------------------------


def _corr(measure: str, lead: int, form: str, r: float, lo: float, hi: float, p: float, n_eff: float,
          headline: bool = True, outcome: str = "war_onsets", period: str = "1900-1999", **kw: Any) -> dict[str, Any]:
    return {"period": period, "measure": measure, "outcome": outcome, "lead": lead, "form": form,
            "headline": headline, "method": "pearson", "estimate": r, "r": r, "conf_low": lo, "conf_high": hi,
            "p_value": p, "n": 99, "n_eff": n_eff, "status": "ok", "doubt": None, "reason": None, **kw}


def records() -> list[dict[str, Any]]:
    """Growth -> war (a correlation and a count record, one family) and an era record."""
    spec = {"claim": "growth_war", "alliance_source": "atop", "periods": ["1900-1999"], "estimator": "correlation"}
    corr = {"name": "claim_growth_war", "group": "named", "status": "ok", "level": "system",
            "estimator": "correlation", "spec": spec, "extra": {"correlations": [
                _corr("share_allied_any", 1, "change", 0.40, 0.22, 0.55, 0.001, 95.0),
                _corr("share_allied_any", 5, "change", 0.02, -0.17, 0.21, 0.85, 97.0),
                _corr("alliances_begun_any", 1, "detrended", -0.35, -0.51, -0.16, 0.0004, 96.0),
                _corr("share_allied_any", 1, "levels", 0.60, 0.45, 0.72, 0.0001, 30.0, headline=False,
                      status="warning", doubt="persistent pair"),
            ]}}
    count = {"name": "claim_growth_war_counts", "group": "named", "status": "warning", "level": "system",
             "estimator": "poisson", "spec": {**spec, "estimator": "poisson"}, "extra": {"regressions": [
                 {"period": "1900-1999", "measure": "share_allied_any", "outcome": "war_onsets", "lead": 1,
                  "form": "change", "headline": True, "method": "poisson", "estimate": 0.3, "std_error": 0.1,
                  "conf_low": 0.104, "conf_high": 0.496, "p_value": 0.0027, "n": 99, "maxlags": 4,
                  "status": "warning", "doubt": "HAC standard errors may be too small: 99 years (< 150)"},
             ]}}
    era = {"name": "claim_eras", "group": "named", "status": "ok", "level": "system", "estimator": "correlation",
           "spec": {"claim": "era_difference", "alliance_source": "atop", "estimator": "correlation",
                    "periods": ["1816-1899", "1900-1945", "1946-2007"]},
           "extra": {"era_tests": [
               {"period": "1816-2007", "measure": "share_allied_any", "outcome": "war_onsets", "lead": 1,
                "form": "change", "headline": True, "method": "pearson", "estimate": 12.0, "statistic": 12.0,
                "df": 2, "p_value": float(stats.chi2.sf(12.0, 2)), "n": 188, "status": "ok",
                "eras": {"1816-1899": {"estimate": 0.23}, "1900-1945": {"estimate": -0.26},
                         "1946-2007": {"estimate": 0.18}}},
           ]}}
    return [corr, count, era]


def frame(fits: list[dict[str, Any]] | None = None, opts: C.ClaimOptions = OPTS) -> pd.DataFrame:
    return C.claim_frame(fits if fits is not None else records(), opts)


def _head(f: pd.DataFrame) -> pd.DataFrame:
    return f[f["headline"]].reset_index(drop=True)


def _tost(r: float, n_eff: float, d: float = 0.2) -> float:
    se = 1 / math.sqrt(n_eff - 3)
    z = math.atanh(r)
    return max(stats.norm.sf((z + math.atanh(d)) / se), stats.norm.cdf((z - math.atanh(d)) / se))


def test_families_adjusted_p_values_and_tost_by_hand() -> None:
    f = frame()
    head = _head(f)
    growth = head[head["part"] == "growth_war"]
    # one family: the period's measures x leads x methods (the count test included), in display order
    assert growth["family"].nunique() == 1 and (growth["family_size"] == 4).all()
    # rows by measure, lead and method: the two methods of one measure and window side by side
    assert list(zip(growth["measure"], growth["lead"], growth["method"])) == [
        ("share_allied_any", 1, "pearson"), ("share_allied_any", 1, "poisson"), ("share_allied_any", 5, "pearson"),
        ("alliances_begun_any", 1, "pearson")]
    # Holm: sorted 0.0004, 0.001, 0.0027, 0.85 times 4, 3, 2, 1, running maximum
    np.testing.assert_allclose(growth["p_value_holm"], [0.003, 0.0054, 0.85, 0.0016], rtol=1e-12)
    # Benjamini-Hochberg: p * 4 / rank, running minimum from the top
    np.testing.assert_allclose(growth["p_value_bh"], [0.002, 0.0036, 0.85, 0.0016], rtol=1e-12)
    tost = [_tost(0.40, 95), max(stats.norm.sf((0.3 + math.log(1.25)) / 0.1),
                                 stats.norm.cdf((0.3 - math.log(1.25)) / 0.1)), _tost(0.02, 97), _tost(-0.35, 96)]
    np.testing.assert_allclose(growth["p_tost"], tost, rtol=1e-10)
    assert growth["p_tost_holm"].iloc[2] == pytest.approx(min(1, 4 * tost[2]))
    # the levels row is a family of its own, without a verdict
    levels = f[~f["headline"]]
    assert levels["family"].tolist() == ["ATOP|growth_war|1900-1999|pearson|levels"] and levels["verdict"].eq("").all()
    assert levels["p_value_holm"].tolist() == [0.0001]


def test_verdicts_of_the_hand_made_records() -> None:
    head = _head(frame())
    assert head["verdict"].tolist() == [C.SUPPORTS, C.NEITHER, C.NEITHER, C.AGAINST, C.DIFFERS]
    assert head["claimed_sign"].tolist()[:4] == [1.0, 1.0, 1.0, 1.0] and np.isnan(head["claimed_sign"].iloc[4])


def _edit(fits: list[dict[str, Any]], i: int, **change: Any) -> list[dict[str, Any]]:
    out = copy.deepcopy(fits)
    out[0]["extra"]["correlations"][i].update(change)
    return out


def test_flip_a_sign_and_the_verdict_flips() -> None:
    flipped = _edit(records(), 0, estimate=-0.40, r=-0.40, conf_low=-0.55, conf_high=-0.22)
    assert _head(frame(flipped))["verdict"].iloc[0] == C.AGAINST


def test_widen_an_interval_and_the_claim_loses_its_support() -> None:
    wide = _edit(records(), 0, conf_low=-0.05, conf_high=0.75, p_value=0.09)
    assert _head(frame(wide))["verdict"].iloc[0] == C.NEITHER
    assert _head(frame(records()))["verdict"].iloc[3] == C.AGAINST
    wide_against = _edit(records(), 2, conf_low=-0.60, conf_high=0.02, p_value=0.07)
    assert _head(frame(wide_against))["verdict"].iloc[3] == C.NEITHER


def test_change_the_adjusted_p_and_the_verdict_follows() -> None:
    fits = records()
    # forty more tests in the family, none of them informative: p = 0.001, the second smallest of 44,
    # is multiplied by 43 under Holm
    fits[0]["extra"]["correlations"] += [
        _corr("share_allied_any", 100 + i, "change", 0.0, -0.2, 0.2, 0.9, 5.0) for i in range(40)]
    head = _head(frame(fits))
    first = head.iloc[0]
    assert first["family_size"] == 44 and first["p_value_holm"] == pytest.approx(0.043)
    assert first["verdict"] == C.SUPPORTS  # 0.043 < 0.05
    fits[0]["extra"]["correlations"] += [
        _corr("share_allied_any", 300 + i, "change", 0.0, -0.2, 0.2, 0.9, 5.0) for i in range(11)]
    first = _head(frame(fits)).iloc[0]
    assert first["p_value_holm"] == pytest.approx(0.054) and first["verdict"] == C.NEITHER  # 55 tests
    # the same family under Benjamini-Hochberg keeps the support (p * 55 / 2 = 0.0275)
    bh = _head(frame(fits, C.ClaimOptions(adjustment="bh"))).iloc[0]
    assert bh["p_value_bh"] == pytest.approx(0.0275) and bh["verdict"] == C.SUPPORTS


def test_a_precise_null_is_evidence_against() -> None:
    precise = _edit(records(), 1, n_eff=2000.0)  # r = 0.02 with 2,000 effective years
    head = _head(frame(precise))
    assert head["p_tost_holm"].iloc[2] < 0.05 and head["verdict"].iloc[2] == C.AGAINST


def test_no_equivalence_test_for_the_size_of_the_wars() -> None:
    """Battle deaths and nation-months are dominated by the world wars: r = 0 on 2,000 years is no equivalence."""
    fits = _edit(records(), 1, n_eff=2000.0, outcome="battle_deaths_begun")
    row = frame(fits).query("outcome == 'battle_deaths_begun'").iloc[0]
    assert np.isnan(row["p_tost"]) and row["verdict"] == C.NEITHER
    fits = _edit(records(), 1, n_eff=2000.0, outcome="nation_months_begun", estimate=-0.5, r=-0.5, p_value=1e-6)
    row = frame(fits).query("outcome == 'nation_months_begun'").iloc[0]
    assert row["verdict"] == C.AGAINST  # a rejection of the opposite sign still counts


def test_a_doubtful_test_never_decides_and_is_marked() -> None:
    doubtful = _edit(records(), 0, status="warning", doubt="persistent pair")
    head = _head(frame(doubtful))
    assert head["verdict"].iloc[0] == C.NEITHER
    table = W.claim_table(frame(doubtful), LABELS, OPTS, PROVENANCE)
    assert table.blocks[0][0].cells[-1].text == f"{C.NEITHER}{T.DOUBT_MARK}"


def test_a_failed_record_is_a_not_tested_row() -> None:
    fits = records()
    fits[2] = {**fits[2], "status": "failed", "reason": "too few years", "extra": {}}
    head = _head(frame(fits))
    assert head["verdict"].iloc[-1] == C.NOT_TESTED and head["reason"].iloc[-1] == "too few years"


def test_no_claim_records_give_an_empty_frame_and_a_table_saying_so() -> None:
    f = C.claim_frame([{"name": "baseline", "spec": {"level": "dyad"}, "status": "ok"}], OPTS)
    assert f.empty
    table = W.claim_table(f, LABELS, OPTS, PROVENANCE)
    assert "No system-level test of the claim was run" in table.notes[0]


# --------------------------------------------------------------------------------------------
# Display: golden files and sentences
# --------------------------------------------------------------------------------------------

RENDERERS = {"tex": T.to_latex, "md": T.to_markdown, "html": T.to_html, "csv": T.to_csv}


@pytest.mark.parametrize("fmt", RENDERERS)
def test_claim_table_matches_golden(fmt: str) -> None:
    text = RENDERERS[fmt](W.claim_table(frame(), LABELS, OPTS, PROVENANCE, notes=["Data: hand-made records."]))
    path = GOLDEN_DIR / f"claim.{fmt}"
    if UPDATE_GOLDEN:
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing golden file {path}; run with ALLIANCEWAR_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_claim_table_cells() -> None:
    table = W.claim_table(frame(), LABELS, OPTS, PROVENANCE)
    assert table.columns == ("Alliances", "Level", "Period", "Measure \u2192 outcome", "Design", "Estimate [95% CI]",
                             "p", "p (Holm)", "p (BH)", "Verdict")
    first = [c.text for c in table.blocks[0][0].cells]
    assert first == ["ATOP", "system", "1900\u20131999",
                     "change in share of states allied, any (ATOP) in t \u2192 wars begun in t+1",
                     "Pearson r, ESS test (change of the measure)", "r = 0.40 [0.22, 0.55]", "0.001", "0.003",
                     "0.002", C.SUPPORTS]
    count = [c.text for c in table.blocks[0][1].cells]
    assert count[4] == "Poisson, HAC (change of the measure, with a trend)"
    assert count[5] == f"RR/SD = {math.exp(0.3):.2f} [{math.exp(0.104):.2f}, {math.exp(0.496):.2f}]"
    assert count[-1] == f"{C.NEITHER}{T.DOUBT_MARK}"
    era = [c.text for c in table.blocks[1][0].cells]
    assert era[5] == "Q(2) = 12.00; r by era 0.23 / -0.26 / 0.18" and era[-1] == C.DIFFERS
    assert table.blocks[1][0].label == "Eras differ?"
    assert len(table.tidy) == 5 and {"p_value_holm", "p_tost_holm", "verdict", "family"} <= set(table.tidy.columns)


def test_sentences_name_the_numbers_and_avoid_causal_words() -> None:
    paras = W.verdict_sentences(frame(), LABELS, OPTS)
    growth = paras[0]
    assert growth.heading == "Alliance growth \u2192 war (ATOP alliances)"
    assert "of 4 tests, 1 supports the claim, 1 is evidence against it and 2 give no evidence either way" in growth.text
    assert f"; 1 of them is doubtful{T.DOUBT_MARK} and cannot decide" in growth.text
    assert growth.tests[0].startswith("Supports: 1900\u20131999, change in share of states allied")
    assert "r = 0.40, 95% CI [0.22, 0.55]; p = 0.001; Holm-adjusted p = 0.003" in growth.tests[0]
    assert growth.tests[1].startswith("Evidence against: 1900\u20131999, alliances begun (ATOP), detrended")
    era = paras[1]
    assert "differs between eras in 1 of 1 tests" in era.text
    text = " ".join([p.text + " ".join(p.tests) for p in paras] + [W.closing_note(frame(), OPTS)]).lower()
    for word in ("cause", "effect of", "leads to", "increases the risk", "because"):
        assert word not in text


def test_closing_note_quotes_the_verdicts() -> None:
    note = W.closing_note(frame(), OPTS)
    assert note.startswith("In short: With ATOP alliances, alliance growth \u2192 war: 1 of 4 tests support the claim "
                           "and 1 is evidence against it; the growth-war association differs between eras in 1 of 1")
    assert "Holm-adjusted" in note and "different question (pairs of states)" in note


def test_summary_matrix_counts_by_part_and_period() -> None:
    header, rows = W.summary_matrix(frame())
    assert header == ["Alliances", "Claim part", "1900\u20131999", "1816\u20132007"]
    assert rows == [["ATOP", "Alliance growth \u2192 war", "1 / 1 / 2 (1\u2020)", ""],
                    ["ATOP", "Eras differ?", "", "differs in 1 of 1"]]


def test_report_opens_with_the_verdict() -> None:
    f = frame()
    content = W.verdict_content(f, LABELS, OPTS, T.to_html(W.claim_table(f, LABELS, OPTS, PROVENANCE)))
    html = render_report(title="t", question="q", claim="c", sources=[], headlines=["system sentence"],
                         unit_headlines=["At the dyad level ..."], tables={}, figures={},
                         robustness=pd.DataFrame(), failed_fits=[], provenance={}, verdict=content)
    verdict = html[html.index('<section id="verdict">'):html.index('<section id="question">')]
    assert "the growth of alliances in the twentieth century was positively correlated" in verdict
    assert "<h3>Alliance growth \u2192 war (ATOP alliances)</h3>" in verdict
    assert '<p class="closing"><strong>In short:</strong> With ATOP alliances' in verdict
    assert "<details>" in verdict and 'id="table-claim"' in verdict
    answer = html[html.index('<section id="answer">'):html.index('<section id="sample">')]
    assert "A different question: pairs of states and single states" in answer
    assert answer.index("system sentence") < answer.index("At the dyad level")
