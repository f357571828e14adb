"""Inter-state war variables from the COW participant file (v4.0).

Two states are at war when they fight on opposite sides of the same war on a common day
(METHODS pitfall 9): participation is in episodes, and a state can leave, re-enter or switch
sides (France in World War II). For each war and dyad the common days form one or more
intervals; the dyad's *onset* of that war is the year of its first common day, so a state
joining a war late enters it (and gets its onset) in the year it joins. Years in which the
dyad was at war form ``war_ongoing``; ``war_ongoing_only`` marks years at war without a new
onset (the rows conventionally dropped from onset models).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .intervals import attach, expand_years, pair_within


def war_dyad_spells(participants: pd.DataFrame) -> pd.DataFrame:
    """Directed pairs of states on opposite sides of a war with overlapping episodes.

    Returns
    -------
    DataFrame
        warnum, ccode1, ccode2, start, end (the common interval), one row per overlapping
        pair of episodes.
    """
    p = participants[["warnum", "ccode", "side", "start", "end"]].copy()
    p["ccode"] = p["ccode"].astype(np.int64)
    p["side"] = p["side"].astype(np.int64)
    pairs = pair_within(p, "warnum", "ccode", "start", "end", condition="side1 != side2")
    return pairs[["warnum", "ccode1", "ccode2", "start", "end"]]


def war_dyad_years(participants: pd.DataFrame) -> pd.DataFrame:
    """Directed dyad-years at war: ccode1, ccode2, year, war_onset, war_ongoing, n_war_onsets.

    ``war_onset`` is 1 in the first year of each war for the dyad; ``n_war_onsets`` counts
    distinct wars the dyad began that year.
    """
    spells = war_dyad_spells(participants)
    first = spells.groupby(["warnum", "ccode1", "ccode2"])["start"].min().dt.year.rename("onset_year")
    years = expand_years(spells, "start", "end").drop_duplicates(["warnum", "ccode1", "ccode2", "year"])
    years = years.merge(first.reset_index(), on=["warnum", "ccode1", "ccode2"])
    years["onset"] = (years["year"] == years["onset_year"]).astype(np.int8)
    g = years.groupby(["ccode1", "ccode2", "year"])
    out = pd.DataFrame({"war_onset": g["onset"].max(), "n_war_onsets": g["onset"].sum().astype(np.int16)})
    out["war_ongoing"] = np.int8(1)
    return out.reset_index()


def add_wars(panel: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """Add war_onset, war_ongoing, war_ongoing_only and n_war_onsets to a dyad-year panel.

    Works for directed and non-directed panels (the war pairs are directed, both orders).
    Rows without war get 0; coverage NA is applied later.
    """
    w = war_dyad_years(participants)
    out = attach(panel, w, ["ccode1", "ccode2", "year"],
                 {c: c for c in ("war_onset", "war_ongoing", "n_war_onsets")}, fill=0)
    out["war_ongoing_only"] = ((out["war_ongoing"] == 1) & (out["war_onset"] == 0)).astype(np.int8)
    return out
