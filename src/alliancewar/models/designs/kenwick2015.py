"""Kenwick, Vasquez & Powers (2015), "Do Alliances Really Deter?": conflict before and after formation.

Published claim (their abstract, and the reply of Leeds & Johnson 2017): alliances formed
before 1945 were followed by *more* militarized disputes and wars involving their members, not
fewer; a deterrent association appears only in the nuclear era.

Our run: the formation windows (:mod:`alliancewar.panels.windows`) of the ATOP defense pacts
(and COW's, when supplied), the conditional (dyad fixed-effects) Poisson comparison of the N
years after formation with the N years before (:mod:`alliancewar.models.windows`; errors
clustered by alliance), by era of formation. Checked: the after/before ratio exceeds 1 before
1945, for the disputes and wars the founding states enter (state units: closest to KVP's
conflict involving the members) and for the disputes and wars between the founding states
(dyad units), for N = 5 and 10 years.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..windows import window_estimates
from .common import Published, Replication, compare

STEMS = {("state", "mid_entries"): "MIDs the founding states enter", ("state", "war_entries"): "Wars the founding "
         "states enter", ("dyad", "mid_onsets"): "MIDs between the founding states",
         ("dyad", "war_onsets"): "Wars between the founding states"}
DIFFERENCES = [
    "Alliances: ATOP 5.1 (KVP used an earlier ATOP release); formation = first membership day, founding members = "
    "those entering in the formation year.",
    "Design: a paired before/after comparison of equal windows (conditional Poisson with unit fixed effects); KVP "
    "estimated directed-dyad models of MID initiation with indicators for alliances in their first years.",
    "Disputes: the COW dyadic MID file {dyadic_mid} (dyads) and MID 5.0 participants (states); wars: COW inter-state wars "
    "4.0. Windows reaching past a source's last year, or covering years in which a founding state was not a "
    "system member, are left out (balanced windows).",
    "No control for the secular trend in disputes: the before/after ratio is an association (docs/models.md).",
]


def run(inputs: dict[str, Any]) -> Replication:
    """Estimate the window comparisons of ``inputs["formation_windows"]`` and check the pre-1945 ones."""
    windows = inputs["formation_windows"]
    rep = Replication("kenwick2015", "Kenwick, Vasquez & Powers (2015), Do Alliances Really Deter? Conflict before "
                      "and after alliance formation", "Kenwick, M. R., Vasquez, J. A. & Powers, M. A. (2015). Do "
                      "alliances really deter? Journal of Politics 77(4), 943-954.",
                      ["kenwick2015", "leeds2017", "hausman1984"],
                      "Onsets in the N years after an alliance's formation year against the N years before, for its "
                      "founding states and pairs of founding states; conditional Poisson with unit fixed effects "
                      "(after/before rate ratio), errors clustered by alliance; by era of formation (before 1945, "
                      "from 1945).", differences=list(DIFFERENCES))
    if windows.empty:
        rep.status, rep.reason = "failed", "no formation windows (no alliance formed inside the panel's years)"
        return rep
    est = window_estimates(windows)
    rep.tables["estimates"] = est.replace({np.nan: None}).to_dict(orient="records")
    main = est[(est["alliance_source"] == "atop") & (est["alliances_type"] == "defense pacts")
               & (est["era"] == "pre-1945")]
    for (unit, stem), label in STEMS.items():
        for n in sorted(main["window_years"].unique()):
            cell = main[(main["unit"] == unit) & (main["outcome"] == stem) & (main["window_years"] == n)]
            if cell.empty:
                continue
            r = cell.iloc[0]
            pub = Published(f"ATOP defense pacts formed before 1945, N = {n}", f"{unit}:{stem}:{n}",
                            f"{label} (log after/before)", sign="+")
            rep.rows.append(compare(pub, r["beta"], r["se"], r["p_value"], n=float(r["n_units"]),
                                    note=f"{r['after']:.0f} after vs {r['before']:.0f} before, rate ratio "
                                         f"{r['irr']:.2f} ({r['irr_low']:.2f}-{r['irr_high']:.2f}), "
                                         f"{r['alliances']} alliances"))
    rep.displays.append(_display(est))
    nuclear = est[(est["alliance_source"] == "atop") & (est["alliances_type"] == "defense pacts")
                  & (est["era"] == "all years")]
    for r in nuclear.itertuples():
        if np.isfinite(r.era_p):
            rep.notes.append(f"{STEMS[(r.unit, r.outcome)]}, N = {r.window_years}: difference between eras (log "
                             f"ratio before 1945 minus from 1945) {r.era_diff:+.2f}, p = {r.era_p:.2g}.")
    return rep


def _ratio(r: Any) -> str:
    if not np.isfinite(r["irr"]):
        return f"n/a ({r['reason']})"
    return f"{r['irr']:.2f} ({r['irr_low']:.2f}-{r['irr_high']:.2f}); {r['after']:.0f}/{r['before']:.0f}"


def _display(est: pd.DataFrame) -> dict[str, Any]:
    """After/before rate ratios by era for every source, alliance type, unit, outcome and N."""
    rows = []
    for (src, kind, unit, stem, n), g in est.groupby(["alliance_source", "alliances_type", "unit", "outcome",
                                                      "window_years"], sort=True):
        by_era = {r["era"]: r for _, r in g.iterrows()}
        p = by_era["all years"]["era_p"]
        rows.append({"label": f"{src.upper()} {kind}: {STEMS[(unit, stem)]}, N = {n}",
                     "cells": [_ratio(by_era[e]) for e in ("pre-1945", "nuclear era", "all years")]
                     + [f"{p:.2g}" if np.isfinite(p) else ""]})
    return {"title": "Formation windows: after/before rate ratio (95% CI, clustered by alliance); onsets after/before",
            "stub": "Alliances, units and window", "columns": ["Formed before 1945", "Formed from 1945", "All years",
                                                              "Era difference p"],
            "rows": rows, "notes": ["Conditional (unit fixed-effects) Poisson of the N years after the formation "
                                    "year against the N years before (docs/models.md, Formation windows)."]}