"""The verdict on the claim: every system-level test of each part, adjusted within its family,
and the fixed rules that turn a test into "supports", "evidence against" or "no evidence either
way" (``docs/claim.md``).

Inputs are the fit records of the specifications with a ``claim`` key (system lead designs,
:mod:`alliancewar.models.system`); nothing is re-estimated. :func:`claim_frame` gathers their
tests, one row each, and adds

* the claimed sign (:func:`alliancewar.models.claims.claimed_sign`);
* the equivalence test (two one-sided tests, TOST; Schuirmann 1987, Lakens 2017) against the
  smallest effects of interest of config ``outputs.claim.sesoi``: ``|r| < sesoi.correlation``
  (Fisher z with the effective sample size), ``1 / sesoi.rate_ratio < RR < sesoi.rate_ratio``
  per standard deviation of the measure (Wald z with the HAC standard error);
* Holm (1979) and Benjamini-Hochberg (1995) adjusted p-values of both tests within each family
  (:func:`family_key`): the headline tests of one alliance source, claim part and period --
  measures x outcomes x leads x methods; every other form of a method is a family of its own;
* the verdict of each headline test (:func:`verdict`).

References
----------
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B* 57(1), 289-300.
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scand. J. Statistics* 6(2), 65-70.
Lakens, D. (2017). Equivalence tests. *Social Psychological and Personality Science* 8(4), 355-362.
Schuirmann, D. J. (1987). A comparison of the two one-sided tests procedure ... *J. Pharmacokinetics
and Biopharmaceutics* 15(6), 657-680.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..models.claims import CLAIM_PARTS, claimed_sign, measure_role
from ..models.multitest import adjust_within
from ..models.timeseries import correlation_tost
from . import tables as T

__all__ = [
    "AGAINST", "DIFFERS", "NEITHER", "NO_DIFFERENCE", "NOT_TESTED", "SUPPORTS",
    "ClaimOptions", "claim_fits", "claim_frame", "claim_table", "closing_note", "family_key", "summary_frame",
    "VerdictParagraph", "summary_matrix", "test_rows", "verdict", "verdict_content", "verdict_sentences",
]

SUPPORTS, AGAINST, NEITHER = "supports", "evidence against", "no evidence either way"
DIFFERS, NO_DIFFERENCE = "differs between eras", "no evidence of a difference"
NOT_TESTED = "not tested"
#: Keys of the test tables in a fit record's ``extra``.
DESIGN_TABLES = ("correlations", "regressions", "era_tests")
#: BibTeX keys of the methods of the claim table (cited whenever it is written).
CLAIM_METHODS = ("holm1979", "benjamini1995", "schuirmann1987", "lakens2017")
_COUNT_METHODS = ("poisson", "negbin")
#: Outcomes without an equivalence test: the size of the wars begun, dominated by a few years (the
#: two world wars give 79% of the battle deaths and 31% of the nation-months of the wars begun in
#: 1816-2007; kurtosis 124 and 42). Fisher's z, which the TOST needs under the alternative, does not
#: describe r there; an association can still be found (the ESS test holds under independence).
NO_EQUIVALENCE_OUTCOMES = ("nation_months_begun", "battle_deaths_begun")
_METHOD_NAMES = {"pearson": "Pearson r, ESS test", "poisson": "Poisson, HAC", "negbin": "Negative binomial, HAC"}
_FORM_PHRASES = {"levels": "levels", "detrended": "both detrended", "differenced": "both differenced",
                 "change": "change of the measure", "trend": "with a trend"}


@dataclass(frozen=True)
class ClaimOptions:
    """Config ``outputs.alpha`` and ``outputs.claim``."""

    alpha: float = 0.05
    adjustment: str = "holm"
    sesoi_correlation: float = 0.2
    sesoi_rate_ratio: float = 1.25

    @classmethod
    def from_outputs(cls, opts: Mapping[str, Any]) -> ClaimOptions:
        """From the ``outputs`` section (defaults where a key is missing)."""
        claim = opts.get("claim") or {}
        sesoi = claim.get("sesoi") or {}
        return cls(alpha=float(opts.get("alpha", 0.05)), adjustment=str(claim.get("adjustment", "holm")),
                   sesoi_correlation=float(sesoi.get("correlation", 0.2)),
                   sesoi_rate_ratio=float(sesoi.get("rate_ratio", 1.25)))

    @property
    def p_column(self) -> str:
        """The adjusted p-value column the verdicts use."""
        return f"p_value_{self.adjustment}"


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------


def claim_fits(fits: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The fit records of the claim's specifications (those with a ``claim`` key)."""
    return [f for f in fits if (f.get("spec") or {}).get("claim") in CLAIM_PARTS]


def _source(fit: Mapping[str, Any]) -> str:
    return "COW" if (fit.get("spec") or {}).get("alliance_source") == "cow" else "ATOP"


def test_rows(fits: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Every test of the claim's fit records, one row each (a failed record gives one failed row).

    Columns: the design table's (``period``, ``measure``, ``outcome``, ``lead``, ``form``,
    ``headline``, ``method``, ``estimate``, ``conf_low``, ``conf_high``, ``p_value`` ...) plus
    ``fit``, ``source`` (ATOP or COW), ``part``, ``level``, ``period_rank``.
    """
    rows: list[dict[str, Any]] = []
    for fit in claim_fits(fits):
        spec = fit.get("spec") or {}
        base = {"fit": fit["name"], "source": _source(fit), "part": spec["claim"], "level": "system"}
        order = {p: i for i, p in enumerate(spec.get("periods") or [spec.get("period")])}
        tables = [t for k in DESIGN_TABLES for t in [(fit.get("extra") or {}).get(k)] if t]
        if not T.is_ok(fit) or not tables:
            rows.append({**base, "period": spec.get("period"), "measure": spec.get("alliance"),
                         "outcome": spec.get("outcome"), "lead": (spec.get("leads") or [None])[0], "headline": True,
                         "method": "pearson" if spec.get("estimator") == "correlation" else spec.get("estimator"),
                         "status": "failed", "reason": fit.get("reason") or "no tests recorded", "period_rank": 0})
            continue
        for row in tables[0]:
            rows.append({**row, **base, "period_rank": order.get(row.get("period"), len(order))})
    frame = pd.DataFrame(rows)
    for col in ("estimate", "conf_low", "conf_high", "p_value", "std_error", "n_eff", "n", "df", "doubt", "reason",
                "eras", "maxlags"):
        if col not in frame.columns:
            frame[col] = None
    return frame


def _sign(row: Mapping[str, Any]) -> float:
    try:
        sign = claimed_sign(row["part"], row["measure"], row["outcome"])
    except (ValueError, TypeError, KeyError):
        return float("nan")
    return float("nan") if sign is None else float(sign)


def equivalence_p(row: Mapping[str, Any], opts: ClaimOptions) -> float:
    """TOST p-value of a test row against the smallest effect of interest (NaN where undefined).

    Correlations: :func:`~alliancewar.models.timeseries.correlation_tost` with ``n_eff``; none
    for the outcomes of :data:`NO_EQUIVALENCE_OUTCOMES` (heavy-tailed) and the era tests.
    Count regressions (log rate ratio per SD ``b``, standard error ``s``, bound
    ``d = log(sesoi.rate_ratio)``): ``max(P(Z > (b + d) / s), P(Z < (b - d) / s))``.
    """
    if row.get("part") == "era_difference" or row.get("status") == "failed" or \
            row.get("outcome") in NO_EQUIVALENCE_OUTCOMES:
        return float("nan")
    b = row.get("estimate")
    if not T.has_value(b):
        return float("nan")
    if row.get("method") in _COUNT_METHODS:
        s = row.get("std_error")
        if not (T.has_value(s) and s > 0):
            return float("nan")
        d = math.log(opts.sesoi_rate_ratio)
        return float(max(stats.norm.sf((b + d) / s), stats.norm.cdf((b - d) / s)))
    n_eff = row.get("n_eff")
    if not (T.has_value(n_eff) and n_eff > 3):
        return float("nan")
    return correlation_tost(float(b), float(n_eff), opts.sesoi_correlation).p_tost


def family_key(row: Mapping[str, Any]) -> str:
    """The family of a test: ``source|part|period|headline``, or ``...|method|form`` for other forms."""
    head = f"{row['source']}|{row['part']}|{row['period']}"
    return f"{head}|headline" if bool(row.get("headline")) else f"{head}|{row.get('method')}|{row.get('form')}"


# --------------------------------------------------------------------------------------------
# Verdicts
# --------------------------------------------------------------------------------------------


def verdict(*, estimate: float | None, p_adjusted: float | None, p_tost_adjusted: float | None,
            sign: float | None, alpha: float, status: str = "ok") -> str:
    """The verdict of one headline test under the fixed rules of ``docs/claim.md``.

    Parameters
    ----------
    estimate
        The association (a correlation, a log rate ratio; a test statistic for an era test).
    p_adjusted
        Its p-value adjusted within the family.
    p_tost_adjusted
        The equivalence test's p-value adjusted within the family (NaN or None: no such test).
    sign
        The claimed sign (+1 or -1); None or NaN for a test without a claimed direction (eras).
    alpha
        Significance level.
    status
        ``"ok"``, ``"warning"`` (a test whose size is not controlled: it never decides) or
        ``"failed"``.

    Returns
    -------
    str
        :data:`NOT_TESTED` for a failed test. With a claimed sign: :data:`SUPPORTS` when the
        adjusted test rejects with the claimed sign and the adjusted equivalence test does not;
        :data:`AGAINST` when the adjusted test rejects with the opposite sign or the adjusted
        equivalence test rejects; else :data:`NEITHER` (always for a doubtful test). Without a
        sign: :data:`DIFFERS` when the adjusted test rejects and the test is not doubtful, else
        :data:`NO_DIFFERENCE`.
    """
    if status == "failed":
        return NOT_TESTED
    rejects = T.has_value(p_adjusted) and p_adjusted < alpha and T.has_value(estimate) and estimate != 0
    if not T.has_value(sign):
        return DIFFERS if rejects and status == "ok" else NO_DIFFERENCE
    if status != "ok":
        return NEITHER
    equivalent = T.has_value(p_tost_adjusted) and p_tost_adjusted < alpha
    same = rejects and np.sign(estimate) == np.sign(sign)
    if same and not equivalent:
        return SUPPORTS
    if (rejects and not same) or equivalent:
        return AGAINST
    return NEITHER


def claim_frame(fits: Sequence[Mapping[str, Any]], opts: ClaimOptions) -> pd.DataFrame:
    """Every test of the claim with its claimed sign, TOST, adjusted p-values and verdict.

    Returns
    -------
    pandas.DataFrame
        :func:`test_rows` plus ``claimed_sign``, ``p_tost``, ``family``, ``family_size``,
        ``p_value_holm``, ``p_value_bh``, ``p_tost_holm``, ``p_tost_bh`` and ``verdict`` (the
        headline tests only; "" for the other forms), ordered by source, part, period, measure,
        outcome, lead and method. Empty when no claim record exists.
    """
    rows = test_rows(fits)
    if rows.empty:
        return rows
    records = rows.to_dict(orient="records")
    rows["claimed_sign"] = [_sign(r) for r in records]
    rows["p_tost"] = [equivalence_p(r, opts) for r in records]
    rows["family"] = [family_key(r) for r in records]
    rows["p_value"] = pd.to_numeric(rows["p_value"], errors="coerce")
    rows = adjust_within(rows, ["family"])
    tost = adjust_within(rows[["family", "p_tost"]], ["family"], p_col="p_tost")
    rows[["p_tost_holm", "p_tost_bh"]] = tost[["p_tost_holm", "p_tost_bh"]]
    p_col, t_col = opts.p_column, f"p_tost_{opts.adjustment}"
    rows["verdict"] = [
        verdict(estimate=r["estimate"], p_adjusted=r[p_col], p_tost_adjusted=r[t_col], sign=r["claimed_sign"],
                alpha=opts.alpha, status=str(r.get("status") or "ok")) if r["headline"] else ""
        for r in rows.to_dict(orient="records")]
    return _sorted(rows)


def _sorted(rows: pd.DataFrame) -> pd.DataFrame:
    parts = {p: i for i, p in enumerate(CLAIM_PARTS)}
    key = pd.DataFrame({
        "source": rows["source"].map({"ATOP": 0, "COW": 1}), "part": rows["part"].map(parts),
        "period": rows["period_rank"], "measure": rows.groupby("fit")["measure"].transform(
            lambda s: s.map({m: i for i, m in enumerate(dict.fromkeys(s))})),
        "outcome": rows.groupby("fit")["outcome"].transform(
            lambda s: s.map({m: i for i, m in enumerate(dict.fromkeys(s))})),
        "lead": rows["lead"], "method": rows["method"].map({"pearson": 0}).fillna(1), "head": ~rows["headline"]})
    order = key.sort_values(list(key.columns), kind="stable").index
    return rows.loc[order].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Display
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
    if method in _COUNT_METHODS and row.get("form") == "change":
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
    if row.get("method") in _COUNT_METHODS:
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


TIDY_COLUMNS = ["source", "part", "level", "period", "measure", "outcome", "lead", "method", "form", "headline",
                "estimate", "conf_low", "conf_high", "std_error", "n", "n_eff", "df", "p_value", "p_value_holm",
                "p_value_bh", "p_tost", "p_tost_holm", "p_tost_bh", "family", "family_size", "claimed_sign",
                "status", "doubt", "reason", "verdict", "fit"]


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """The machine-readable columns of the claim frame (:data:`TIDY_COLUMNS`, then the rest)."""
    if frame.empty:
        return pd.DataFrame(columns=TIDY_COLUMNS)
    out = frame.drop(columns=["period_rank", "eras"], errors="ignore")
    first = [c for c in TIDY_COLUMNS if c in out.columns]
    return out[first + [c for c in out.columns if c not in first]]


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
