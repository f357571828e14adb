"""The replication record: published vs our estimate, the check applied and the data differences."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

#: Checks a comparison row can carry.
CHECKS = ("tolerance", "sign", "none")


@dataclass(frozen=True)
class Published:
    """A published estimate: a number (with its standard error) or only a sign.

    ``tolerance`` is set only when our inputs are the same data version as the paper's; the
    module defining the value justifies it in a comment.
    """

    model: str
    term: str
    label: str
    estimate: float | None = None
    std_error: float | None = None
    sign: str | None = None
    tolerance: float | None = None

    @property
    def expected_sign(self) -> str | None:
        """``"+"`` / ``"-"``: the stated sign, else that of the published number."""
        if self.sign:
            return self.sign
        if self.estimate is None or self.estimate == 0:
            return None
        return "+" if self.estimate > 0 else "-"


def _finite(x: Any) -> bool:
    return x is not None and isinstance(x, (int, float, np.floating, np.integer)) and math.isfinite(float(x))


def compare(pub: Published, ours: float | None, ours_se: float | None = None, ours_p: float | None = None,
            n: float | None = None, note: str | None = None) -> dict[str, Any]:
    """One comparison row: the published value, ours, the gap and the check's verdict.

    The check is ``tolerance`` when the published value has one (|ours - published| <= tolerance),
    else ``sign`` when a sign is known (same sign), else ``none``. ``agrees`` is None when our
    estimate is missing.
    """
    check = "tolerance" if pub.tolerance is not None and pub.estimate is not None else \
        "sign" if pub.expected_sign else "none"
    row = {"model": pub.model, "term": pub.term, "label": pub.label, "published": pub.estimate,
           "published_se": pub.std_error, "published_sign": pub.expected_sign, "ours": ours if _finite(ours) else None,
           "ours_se": ours_se if _finite(ours_se) else None, "ours_p": ours_p if _finite(ours_p) else None,
           "n": n, "gap": None, "check": check, "tolerance": pub.tolerance, "agrees": None, "note": note}
    if not _finite(ours):
        return row
    if pub.estimate is not None:
        row["gap"] = float(ours) - pub.estimate
    if check == "tolerance":
        row["agrees"] = abs(row["gap"]) <= pub.tolerance
    elif check == "sign":
        row["agrees"] = (float(ours) > 0) == (pub.expected_sign == "+") and float(ours) != 0
    return row


@dataclass
class Replication:
    """A published design run on our data.

    Attributes
    ----------
    name, title
        File stem (``results/replications/<name>.*``) and heading.
    citation
        Short citation of the paper; ``bibtex_keys`` the keys to cite.
    design
        What was estimated on our data (sample, outcome, estimator, errors), in one paragraph.
    rows
        Comparison rows (:func:`compare`).
    differences
        One line per known difference between our data and the paper's.
    notes
        Anything else a reader needs (e.g. events that differ, models not run and why).
    tables
        Extra tables (name -> list of row dicts), e.g. every cell of a correlation design.
    sources
        Registry sources the design used beyond the panels' (e.g. the GML dispute-years).
    displays
        Further tables shown under the comparison: ``{"title", "stub", "columns", "rows": [{"label",
        "cells"}], "notes"}`` (e.g. the formation-window rate ratios by era).
    status, reason
        ``ok``, or ``failed`` with the reason (e.g. the panel lacks the design's years).
    """

    name: str
    title: str
    citation: str
    bibtex_keys: list[str]
    design: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    displays: list[dict[str, Any]] = field(default_factory=list)
    status: str = "ok"
    reason: str | None = None

    @property
    def summary(self) -> str:
        """``k of n published signs (values) reproduced``, and how many of those are significant at 5%."""
        checked = [r for r in self.rows if r["check"] != "none" and r["agrees"] is not None]
        if self.status != "ok":
            return f"not run: {self.reason}"
        agree = [r for r in checked if r["agrees"]]
        kind = "values" if checked and all(r["check"] == "tolerance" for r in checked) else \
            "signs" if all(r["check"] == "sign" for r in checked) else "signs and values"
        out = f"{len(agree)} of {len(checked)} published {kind} reproduced"
        with_p = [r for r in agree if r.get("ours_p") is not None]
        if with_p:
            out += f" ({sum(r['ours_p'] < 0.05 for r in with_p)} of them significant at the 5% level)"
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record (``results/replications/<name>.json``)."""
        return {**asdict(self), "summary": self.summary}


def coefficient(fit: Any, term: str) -> tuple[float | None, float | None, float | None]:
    """(estimate, standard error, p-value) of ``term`` in an :class:`~alliancewar.models.estimate.Estimate`
    or a fit record (None when absent)."""
    if isinstance(fit, dict):
        for c in fit.get("coefficients") or []:
            if c["term"] == term:
                return c.get("estimate"), c.get("std_error"), c.get("p_value")
        return None, None, None
    if term not in fit.params.index:
        return None, None, None
    return float(fit.params[term]), float(fit.bse[term]), float(fit.pvalues[term])


def fit_values(name: str, values: dict[str, Any], panel: Any, periods: dict[str, list[int]] | None = None
               ) -> dict[str, Any]:
    """Validate a specification (as a named spec would be) and fit it with :func:`alliancewar.models.run.fit_spec`.

    ``values`` must be complete (no defaults are filled in); the sample years must lie inside the
    panel's years, else the returned record is ``failed`` with the reason.
    """
    from ...errors import ConfigError
    from ..run import _record_base, fit_spec
    from ..spec import Spec, validate_spec

    years = panel["year"]
    values = dict(values)
    try:
        validate_spec(values, f"replication {name}", periods or {}, (int(years.min()), int(years.max())),
                      panel_lag=1)
    except ConfigError as exc:
        rec = _record_base(Spec(name, "replication", {**values, "years": values.get("years") or [0, 0]}))
        return {**rec, "status": "failed", "reason": str(exc)}
    return fit_spec(Spec(name, "replication", values), panel, periods or {})


def deletion_note(model: str, fit: dict[str, Any]) -> str:
    """``model: N = ..., events; rows and events removed by each step`` from a fit record's sample accounting."""
    steps = [s for s in fit.get("sample") or [] if s.get("dropped_rows")]
    removed = "; ".join(f"{s['step']}: {s['dropped_rows']:,} rows, {s['dropped_events']:,.0f} events" for s in steps)
    return (f"{model}: N = {fit.get('n_obs') or 0:,}, {fit.get('n_events') or 0:,.0f} events ({fit['status']}); "
            f"removed on the way: {removed or 'nothing'}.")
