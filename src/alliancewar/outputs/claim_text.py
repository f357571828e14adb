"""The verdict on the claim in words: the claim table, the report's paragraphs, the summary
matrix and the closing note, built from :func:`alliancewar.outputs.claim.claim_frame`.

Every sentence names the design and its estimator, gives the estimate with its 95% interval and
the raw and adjusted p-values, and describes associations in time ("followed by"), not effects.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..models.claims import CLAIM_PARTS, measure_role
from . import tables as T
from .claim import (
    AGAINST,
    COUNT_METHODS,
    DIFFERS,
    NEITHER,
    NO_DIFFERENCE,
    NOT_TESTED,
    SUPPORTS,
    TIDY_COLUMNS,
    ClaimOptions,
    tidy,
)

__all__ = ["CLAIM_QUOTE", "VerdictParagraph", "claim_table", "closing_note", "design_text", "estimate_text",
           "measure_text", "summary_frame", "summary_matrix", "verdict_content", "verdict_sentences"]

_METHOD_NAMES = {"pearson": "Pearson r, ESS test", "poisson": "Poisson, HAC", "negbin": "Negative binomial, HAC"}
_FORM_PHRASES = {"levels": "levels", "detrended": "both detrended", "differenced": "both differenced",
                 "change": "change of the measure", "trend": "with a trend"}


# --------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------


def _label(labels: Mapping[str, str], name: str) -> str:
    text = labels.get(name, str(name).replace("_", " "))
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _window(lead: Any) -> str:
    k = int(lead)
    return "t+1" if k == 1 else f"t+1..t+{k}"


def measure_text(row: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """``"<measure in t> \u2192 <outcome after t>"`` in words."""
    x = _label(labels, row["measure"])
    x = f"change in {x}" if row.get("form") in ("change", "differenced") else x
    x = f"{x}, detrended" if row.get("form") == "detrended" else x
    y = _label(labels, row["outcome"])
    k = row.get("lead")
    if not T.has_value(k):
        return f"{x} \u2192 {y}"
    if measure_role(row["outcome"]) == "war":
        y = f"{y} in {_window(k)}"
    else:
        y = f"change in {y} from t to t+{int(k)}"
    return f"{x} in t \u2192 {y}"


def design_text(row: Mapping[str, Any]) -> str:
    """The design in words, the estimator always named."""
    method = str(row.get("method"))
    name = _METHOD_NAMES.get(method, method)
    if row.get("part") == "era_difference":
        if method == "pearson":
            return "Cochran's Q of the eras' correlations (ESS)"
        return f"{name.split(',')[0]}, measure-by-era interactions, Wald test (HAC)"
    form = _FORM_PHRASES.get(str(row.get("form")), str(row.get("form")))
    if method in COUNT_METHODS and row.get("form") == "change":
        form = "change of the measure, with a trend"
    return f"{name} ({form})"


def _num(x: Any) -> str:
    return T.format_number(float(x), 2) if T.has_value(x) else "n/a"


def estimate_text(row: Mapping[str, Any]) -> str:
    """The estimate with its 95% interval: ``r = ...``, ``RR/SD = ...``, or the era test."""
    if row.get("status") == "failed" or not T.has_value(row.get("estimate")):
        return ""
    if row.get("part") == "era_difference":
        eras = row.get("eras") or {}
        stat = "Q" if row.get("method") == "pearson" else "\u03c7\u00b2"
        conv = (lambda v: v) if row.get("method") == "pearson" else math.exp
        what = "r" if row.get("method") == "pearson" else "RR/SD"
        by_era = " / ".join(_num(conv(v["estimate"])) for v in eras.values()) if eras else ""
        return f"{stat}({int(row.get('df') or 0)}) = {_num(row['estimate'])}; {what} by era {by_era}"
    if row.get("method") in COUNT_METHODS:
        return (f"RR/SD = {_num(math.exp(row['estimate']))} [{_num(math.exp(row['conf_low']))}, "
                f"{_num(math.exp(row['conf_high']))}]")
    return f"r = {_num(row['estimate'])} [{_num(row['conf_low'])}, {_num(row['conf_high'])}]"


def _p(p: Any) -> str:
    if not T.has_value(p):
        return ""
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _p_is(p: Any) -> str:
    """``"p = 0.123"`` or ``"p < 0.001"`` (for sentences)."""
    text = _p(p)
    return f"p {text[0]} {text[1:]}" if text.startswith("<") else f"p = {text or 'n/a'}"


def _verdict_cell(row: Mapping[str, Any]) -> T.Cell:
    if row.get("status") == "failed":
        return T.Cell(f"{NOT_TESTED} ({row.get('reason')})")
    return T.Cell(str(row["verdict"]) + (T.DOUBT_MARK if row.get("status") == "warning" else ""))


def claim_table(frame: pd.DataFrame, labels: Mapping[str, str], opts: ClaimOptions, provenance: str,
                notes: Sequence[str] = ()) -> T.Table:
    """The verdict table: one row per headline test, blocks by alliance source and claim part."""
    heads = ("Alliances", "Level", "Period", "Measure \u2192 outcome", "Design", "Estimate [95% CI]", "p",
             f"p ({'Holm' if opts.adjustment == 'holm' else 'BH'})", "p (BH)" if opts.adjustment == "holm"
             else "p (Holm)", "Verdict")
    other = "p_value_bh" if opts.adjustment == "holm" else "p_value_holm"
    if frame.empty:
        none = T.Row("none", tuple(T.Cell() for _ in heads))
        return T.Table(title="The claim, part by part: system-level tests and verdicts", stub="Claim part",
                       columns=heads, blocks=((none,),), provenance=provenance, tidy=pd.DataFrame(columns=TIDY_COLUMNS),
                       notes=("No system-level test of the claim was run (no specification with a claim key).",
                              *notes))
    shown = frame[frame["headline"].astype(bool)]
    blocks = []
    for _, group in shown.groupby(["source", "part"], sort=False):
        rows = []
        for r in group.to_dict(orient="records"):
            cells = (r["source"], "system", T.period_label(r["period"]), measure_text(r, labels), design_text(r),
                     estimate_text(r), _p(r["p_value"]), _p(r[opts.p_column]), _p(r[other]))
            rows.append(T.Row(CLAIM_PARTS[r["part"]][0], (*(T.Cell(c) for c in cells), _verdict_cell(r))))
        blocks.append(tuple(rows))
    adj = "Holm" if opts.adjustment == "holm" else "Benjamini-Hochberg"
    rule = (f"Verdicts (docs/claim.md): \"{SUPPORTS}\" when the {adj}-adjusted test rejects at {opts.alpha:g} with the claimed sign; \"{AGAINST}\" when it rejects "
            f"with the opposite sign or the adjusted equivalence test (TOST: |r| < {opts.sesoi_correlation:g}, or "
            f"rate ratio per SD between 1/{opts.sesoi_rate_ratio:g} and {opts.sesoi_rate_ratio:g}; none for "
            "nation-months and battle deaths, dominated by the world wars) rejects; "
            f"otherwise \"{NEITHER}\". Claimed sign: more alliance growth or formation, more polarisation (higher "
            "modularity, lower cluster polarity), more war. Families for the adjustment: one alliance source, claim "
            "part and period (measures x outcomes x leads x methods). Intervals are unadjusted 95% intervals.")
    all_notes = [
        rule,
        f"{T.DOUBT_MARK} The test's size is not controlled here (HAC errors with fewer than 150 years or persistent "
        "scores; a persistent pair of series for the ESS test): it is reported, never decides a verdict.",
        "Headline forms: the change of a level in year t (share allied, polarisation) or a flow with linear trends "
        "removed (alliances begun); war measures summed over t+1..t+k, polarisation as its change from t to t+k. "
        "Every form of every design is in claim_tests.csv. ESS: effective sample size (Pyper & Peterman 1998); "
        "HAC: Newey-West errors; RR/SD: rate ratio per standard deviation of the measure. "
        "Associations, not effects.",
        *notes,
    ]
    return T.Table(title="The claim, part by part: system-level tests and verdicts", stub="Claim part",
                   columns=heads, blocks=tuple(blocks) or ((),), notes=tuple(all_notes), provenance=provenance,
                   tidy=tidy(shown))


# --------------------------------------------------------------------------------------------
# Summary and sentences
# --------------------------------------------------------------------------------------------


def summary_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Verdict counts of the headline tests by alliance source, claim part and period."""
    cols = ["source", "part", "period", "tests", SUPPORTS, AGAINST, NEITHER, DIFFERS, NO_DIFFERENCE, NOT_TESTED,
            "doubtful"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    head = frame[frame["headline"].astype(bool)]
    out = []
    for (source, part, period), g in head.groupby(["source", "part", "period"], sort=False):
        counts = g["verdict"].value_counts()
        out.append({"source": source, "part": part, "period": period, "tests": len(g),
                    **{v: int(counts.get(v, 0)) for v in cols[4:10]},
                    "doubtful": int((g["status"] == "warning").sum())})
    return pd.DataFrame(out, columns=cols)


def _row_numbers(r: Mapping[str, Any], opts: ClaimOptions) -> str:
    adj = "Holm" if opts.adjustment == "holm" else "BH"
    parts = [estimate_text(r).replace(" [", ", 95% CI [") if r.get("part") != "era_difference" else estimate_text(r),
             _p_is(r["p_value"]), f"{adj}-adjusted {_p_is(r[opts.p_column])}"]
    if r.get("verdict") == AGAINST and T.has_value(r.get(f"p_tost_{opts.adjustment}")):
        parts.append(f"equivalence test {adj}-adjusted {_p_is(r[f'p_tost_{opts.adjustment}'])}")
    return "; ".join(parts)


def _test_clause(r: Mapping[str, Any], labels: Mapping[str, str], opts: ClaimOptions) -> str:
    return (f"{T.period_label(r['period'])}, {measure_text(r, labels)}, {design_text(r)}: "
            f"{_row_numbers(r, opts)}")


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _count_phrase(g: pd.DataFrame, part: str) -> str:
    n = len(g)
    counts = g["verdict"].value_counts()
    if part == "era_difference":
        return (f"the association differs between eras in {counts.get(DIFFERS, 0)} of {n} tests "
                f"({counts.get(NOT_TESTED, 0)} not tested)")
    return (f"of {n} tests, {_n(counts.get(SUPPORTS, 0), 'supports', 'support')} the claim, "
            f"{_n(counts.get(AGAINST, 0), 'is', 'are')} evidence against it and "
            f"{_n(counts.get(NEITHER, 0), 'gives', 'give')} no evidence either way"
            + (f" ({counts.get(NOT_TESTED, 0)} could not be run)" if counts.get(NOT_TESTED, 0) else "")
            + (f"; {_n(int((g['status'] == 'warning').sum()), 'of them is', 'of them are')} doubtful{T.DOUBT_MARK} "
               "and cannot decide" if (g["status"] == "warning").any() else ""))


@dataclass(frozen=True)
class VerdictParagraph:
    """The report's account of one claim part for one alliance source.

    Attributes
    ----------
    heading
        ``"<part> (<source> alliances)"``.
    text
        The question, the verdict counts over all periods and in the twentieth century, and
        the first twentieth-century test with its numbers.
    tests
        Every test that supports the claim, is evidence against it, or shows a difference
        between eras, with its numbers (at most ``max_listed``, then a count of the others).
    """

    heading: str
    text: str
    tests: tuple[str, ...]


def verdict_sentences(frame: pd.DataFrame, labels: Mapping[str, str], opts: ClaimOptions,
                      century: str = "1900-1999", max_listed: int = 8) -> list[VerdictParagraph]:
    """One paragraph per alliance source and claim part (see :class:`VerdictParagraph`). No causal
    wording: the tests are of associations in time."""
    if frame.empty:
        return []
    head = frame[frame["headline"].astype(bool)]
    out = []
    for (source, part), g in head.groupby(["source", "part"], sort=False):
        name, question = CLAIM_PARTS[part]
        text = f"{question} Over all periods, {_count_phrase(g, part)}."
        c20 = g[g["period"] == century]
        if not c20.empty and part != "era_difference":
            first = c20[c20["status"] != "failed"].head(1)
            text += f" In the twentieth century ({T.period_label(century)}), the claim's own period, " \
                    f"{_count_phrase(c20, part)}"
            if not first.empty:
                r = first.iloc[0].to_dict()
                text += f"; the first test ({measure_text(r, labels)}; {design_text(r)}): {_row_numbers(r, opts)}: " \
                        f"{r['verdict']}"
            text += "."
        decisive = g[g["verdict"].isin([SUPPORTS, AGAINST, DIFFERS])]
        tests = [f"{r['verdict'].capitalize()}: {_test_clause(r, labels, opts)}."
                 for r in decisive.head(max_listed).to_dict(orient="records")]
        if len(decisive) > max_listed:
            tests.append(f"And {len(decisive) - max_listed} more (claim table).")
        out.append(VerdictParagraph(f"{name} ({source} alliances)", text, tuple(tests)))
    return out


def summary_matrix(frame: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    """The verdict counts as a matrix: one row per alliance source and part, one column per period.

    A cell reads ``supports / evidence against / no evidence either way`` (``+ n †`` when some
    of the tests are doubtful); for the era tests ``differs in k of n``.
    """
    s = summary_frame(frame)
    if s.empty:
        return [], []
    periods = list(dict.fromkeys(s["period"]))
    header = ["Alliances", "Claim part", *(T.period_label(p) for p in periods)]
    rows = []
    for (source, part), g in s.groupby(["source", "part"], sort=False):
        cells = {}
        for r in g.to_dict(orient="records"):
            if part == "era_difference":
                text = f"differs in {r[DIFFERS]} of {r['tests']}"
            else:
                text = f"{r[SUPPORTS]} / {r[AGAINST]} / {r[NEITHER]}"
            if r[NOT_TESTED]:
                text += f" ({r[NOT_TESTED]} not tested)"
            if r["doubtful"]:
                text += f" ({r['doubtful']}†)"
            cells[r["period"]] = text
        rows.append([source, CLAIM_PARTS[part][0], *(cells.get(p, "") for p in periods)])
    return header, rows


def closing_note(frame: pd.DataFrame, opts: ClaimOptions) -> str:
    """The verdicts in one paragraph, with their numbers, by alliance source."""
    if frame.empty:
        return "No system-level test of the claim was run (no specification with a claim key)."
    head = frame[frame["headline"].astype(bool)]
    pieces = []
    for source, g in head.groupby("source", sort=False):
        parts = []
        for part, h in g.groupby("part", sort=False):
            c = h["verdict"].value_counts()
            if part == "era_difference":
                parts.append(f"the growth-war association differs between eras in {c.get(DIFFERS, 0)} of {len(h)} "
                             "tests")
            else:
                parts.append(f"{CLAIM_PARTS[part][0].lower()}: {c.get(SUPPORTS, 0)} of {len(h)} tests support the "
                             f"claim and {_n(c.get(AGAINST, 0), 'is', 'are')} evidence against it")
        pieces.append(f"With {source} alliances, " + "; ".join(parts) + ".")
    adj = "Holm" if opts.adjustment == "holm" else "Benjamini-Hochberg"
    return ("In short: " + " ".join(pieces) + f" Verdicts use {adj}-adjusted tests at {opts.alpha:g} within each "
            "family; they describe associations in time at the level of the international system, not effects, and "
            "the dyad-level results further down answer a different question (pairs of states).")


CLAIM_QUOTE = ('The 2025 paper "National Security in Light of the Transformations of International Alliances": '
               '"the growth of alliances in the twentieth century was positively correlated with the outbreak of '
               'wars" and "alliances polarise the international system".')


def verdict_content(frame: pd.DataFrame, labels: Mapping[str, str], opts: ClaimOptions, table_html: str
                    ) -> dict[str, Any]:
    """Everything the report's verdict section shows (see :func:`alliancewar.outputs.report.render_report`)."""
    adj = "Holm" if opts.adjustment == "holm" else "Benjamini-Hochberg"
    n = int(frame["headline"].astype(bool).sum()) if not frame.empty else 0
    intro = [
        "The claim is about the international system, year by year, and about growth. Each sentence is tested at "
        "that level (system-years, one observation a year, 1816-2007) as four questions: does alliance growth or "
        "formation in year t go with more war in t+1..t+k; with a more polarised system; does a rise in "
        "polarisation go with more war; and does the association differ between eras. How each sentence became "
        "a test, and why, is in docs/claim.md.",
        "Each test is a correlation (after Singer & Small 1968, with a test valid for autocorrelated series) or a "
        "Poisson regression with a trend and Newey-West errors, of the change in an alliance measure (or of the "
        "alliances begun, net of a linear trend) in year t against the wars, nation-months of war or battle "
        "deaths begun in the next year or five years. Levels of trending series are reported too (claim_tests.csv), "
        "never used for a verdict. The system panel has no measure of militarized disputes: every count below is "
        "about war, never pooled with disputes.",
    ]
    rules = [
        f"\u201c{SUPPORTS}\u201d: the {adj}-adjusted test (within its family: one alliance source, part and "
        f"period) rejects at {opts.alpha:g} with the sign the claim predicts.",
        f"\u201c{AGAINST}\u201d: the adjusted test rejects with the opposite sign, or the adjusted equivalence test "
        f"(TOST) shows the association smaller than the smallest effect of interest (|r| < "
        f"{opts.sesoi_correlation:g}; a rate ratio per standard deviation between 1/{opts.sesoi_rate_ratio:g} and "
        f"{opts.sesoi_rate_ratio:g}; config outputs.claim.sesoi; no equivalence test for nation-months and battle "
        "deaths, of which the two world wars give 31% and 79%).",
        f"\u201c{NEITHER}\u201d otherwise, and always for a test whose size is not controlled (\u2020: HAC errors "
        "on fewer than 150 years, persistent series). Tests of associations in time, not of effects.",
    ]
    header, rows = summary_matrix(frame)
    return {"claim": CLAIM_QUOTE, "intro": intro, "rules": rules, "summary_header": header, "summary_rows": rows,
            "summary_note": "Each cell: tests that support the claim / are evidence against it / give no evidence "
                            f"either way, in the headline form, {adj}-adjusted within the cell (\u2020: of which "
                            "doubtful, never deciding). Era tests: tests in which the association differs between "
                            "1816-1899, 1900-1945 and 1946-2007.",
            "sentences": verdict_sentences(frame, labels, opts), "closing": closing_note(frame, opts),
            "table": table_html, "table_summary": f"All {n} tests with their verdicts (results/tables/claim.*; every "
                                                  "form of every design in results/tables/claim_tests.csv)"}
