"""The verdict on the claim: every system-level test of each part, adjusted within its family,
and the fixed rules that turn a test into "supports", "evidence against" or "no evidence either
way" (``docs/claim.md``). The table, the report's sentences and the summary are in
:mod:`alliancewar.outputs.claim_text`.

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

from ..models.claims import CLAIM_PARTS, claimed_sign
from ..models.multitest import adjust_within
from ..models.timeseries import correlation_tost
from . import tables as T

__all__ = [
    "AGAINST", "COUNT_METHODS", "DIFFERS", "NEITHER", "NO_DIFFERENCE", "NOT_TESTED", "SUPPORTS", "TIDY_COLUMNS",
    "ClaimOptions", "claim_fits", "claim_frame", "equivalence_p", "family_key", "test_rows", "tidy", "verdict",
]

SUPPORTS, AGAINST, NEITHER = "supports", "evidence against", "no evidence either way"
DIFFERS, NO_DIFFERENCE = "differs between eras", "no evidence of a difference"
NOT_TESTED = "not tested"
#: Keys of the test tables in a fit record's ``extra``.
DESIGN_TABLES = ("correlations", "regressions", "era_tests")
#: BibTeX keys of the methods of the claim table (cited whenever it is written).
CLAIM_METHODS = ("holm1979", "benjamini1995", "schuirmann1987", "lakens2017")
COUNT_METHODS = ("poisson", "negbin")
#: Outcomes without an equivalence test: the size of the wars begun, dominated by a few years (the
#: two world wars give 79% of the battle deaths and 31% of the nation-months of the wars begun in
#: 1816-2007; kurtosis 124 and 42). Fisher's z, which the TOST needs under the alternative, does not
#: describe r there; an association can still be found (the ESS test holds under independence).
NO_EQUIVALENCE_OUTCOMES = ("nation_months_begun", "battle_deaths_begun")


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
    if row.get("method") in COUNT_METHODS:
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
