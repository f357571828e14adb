"""Singer & Small (1968), "Alliance Aggregation and the Onset of War, 1815-1945" (system level).

Published design: yearly indices of alliance aggregation -- the share of all nations in at least
one alliance, in defense pacts, the share of the major powers allied -- correlated with the war
that begins in the next 1, 3 and 5 years (number of wars begun, nation-months of war, battle
deaths), separately for the nineteenth century and 1900-1945. Their summary: in the
nineteenth century alliance aggregation went with *less* war that followed, in the twentieth
with *more* (the correlations change sign at 1900).

Our run: the system-years panel, 1816-1899 and 1900-1945, the same three indices from ATOP and,
when supplied, from COW, the three war measures summed over t+1..t+k, and the inference of
:mod:`alliancewar.models.timeseries` as it stands: Pearson's r of the levels (their statistic)
with the effective-sample-size test of Pyper & Peterman (1998), and the same for the change of
the index against the lead window (the form that holds its size with trending series). The
sign check is on the median levels correlation of each index and period over the three war
measures and three leads.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..timeseries import lead_correlation_table
from .common import Published, Replication, compare

PERIODS = {"1816-1899": ((1816, 1899), "-"), "1900-1945": ((1900, 1945), "+")}
MEASURES = {"share_allied_any": "Share of states in any alliance", "share_allied_defense": "Share of states in "
            "defense pacts", "share_majors_allied_any": "Share of major powers allied"}
OUTCOMES = {"war_onsets": "wars begun", "nation_months_begun": "nation-months of war begun",
            "battle_deaths_begun": "battle deaths of wars begun"}
LEADS = (1, 3, 5)
DIFFERENCES = [
    "Alliances: ATOP 5.1 and COW 4.1 built from spells; Singer & Small used their own 1966 alliance list (the "
    "ancestor of COW), which ATOP's coding of 1815-1945 extends.",
    "Wars: COW inter-state wars 4.0 only; Singer & Small used their own war list of the time, with imperial and "
    "colonial (extra-systemic) wars beside the inter-state ones.",
    "Years: 1816-1899 and 1900-1945 (the panel starts in 1816; their data start in 1815).",
    "System membership: the COW state system {state_system}, not the 1966 list (more states before 1900).",
]


def _cells(system: pd.DataFrame, sources: list[tuple[str, str]]) -> pd.DataFrame:
    rows = []
    s = system.set_index("year").sort_index()
    for pname, ((lo, hi), _) in PERIODS.items():
        window = s.loc[lo - 1:hi + max(LEADS)]  # t-1 for the change, t+k for the leads
        for measure in MEASURES:
            for src, sfx in sources:
                col = f"{measure}{sfx}"
                if col not in window or window[col].loc[lo:hi].notna().sum() < 10:
                    continue
                x = window[col].copy()
                x.loc[(x.index < lo) | (x.index > hi)] = np.nan
                for outcome in OUTCOMES:
                    tab = lead_correlation_table(x, window[outcome], LEADS,
                                                 ("levels", "change"), n_boot=0)
                    for r in tab.itertuples():
                        rows.append({"period": pname, "source": src, "measure": measure, "outcome": outcome,
                                     "lead": r.lead, "form": r.form, "n": r.n, "r": r.r, "n_eff": r.n_eff,
                                     "p_value": r.p_value, "first_year": r.first_year, "last_year": r.last_year})
    return pd.DataFrame(rows)


def run(inputs: dict[str, Any]) -> Replication:
    """Correlate the aggregation indices of ``inputs["system_years"]`` with the war that follows."""
    system = inputs["system_years"]
    sources = [("ATOP", "")] + ([("COW", "_cow")] if "share_allied_any_cow" in system else [])
    rep = Replication("singer_small1968", "Singer & Small (1968), Alliance Aggregation and the Onset of War, "
                      "1815-1945", "Singer, J. D. & Small, M. (1968). Alliance aggregation and the onset of war, "
                      "1815-1945. In J. D. Singer (ed.), Quantitative International Politics, 247-286. New York: "
                      "Free Press.", ["singer1968", "pyper1998"],
                      "Pearson correlations of each yearly aggregation index (t) with wars begun, nation-months and "
                      "battle deaths of the wars begun in t+1..t+k (k = 1, 3, 5), 1816-1899 and 1900-1945, in levels "
                      "(their statistic) and in changes; p-values from the effective-sample-size test (Pyper & "
                      "Peterman 1998).", differences=list(DIFFERENCES))
    cells = _cells(system, sources)
    if cells.empty:
        rep.status, rep.reason = "failed", "the system-years panel does not cover 1816-1945"
        return rep
    levels = cells[cells["form"] == "levels"]
    for pname, ((_, _), sign) in PERIODS.items():
        for (src, measure), g in levels[levels["period"] == pname].groupby(["source", "measure"], sort=False):
            pub = Published(pname, f"{measure}|{src}", f"{MEASURES[measure]} ({src}), median r over 9 cells",
                            sign=sign)
            share = float((np.sign(g["r"]) == (1 if sign == "+" else -1)).mean())
            rep.rows.append(compare(pub, float(g["r"].median()), None, None, n=float(g["n"].max()),
                                    note=f"{share:.0%} of the 9 cells have the published sign; "
                                         f"{int((g['p_value'] < 0.05).sum())} with ESS p < 0.05"))
    rep.tables["cells"] = cells.to_dict(orient="records")
    return rep
