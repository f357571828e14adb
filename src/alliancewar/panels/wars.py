"""Inter-state war variables from the COW participant file (v4.0).

Two states are at war when they fight on opposite sides of the same war on a common day
(METHODS pitfall 9): participation is in episodes, and a state can leave, re-enter or switch
sides (France in World War II). For each war and dyad the common days form one or more
intervals; the dyad's *onset* of that war is the year of its first common day, so a state
joining a war late enters it (and gets its onset) in the year it joins. Years in which the
dyad was at war form ``war_ongoing``; ``war_ongoing_only`` marks years at war without a new
onset (the rows conventionally dropped from onset models).

Multilateral wars (Poast 2010; METHODS pitfall 15) are many dyads of one event, most of them
states joining a war already under way. A dyad's onset is *originating* when the two states
fight on opposite sides on the war's first day (the earliest start date of any participant),
i.e. both take part from the war's start; every other onset is a *joiner* onset. A dyad-year
is ``war_onset_originator`` when the dyad originates at least one war begun that year and
``war_onset_joiner`` when it has an onset but originates none (the two partition
``war_onset``). Each onset dyad-year is attributed to one war, named by ``war_onset_warnum``
(for excluding wars and clustering by war): the war it originates, else the war it joins. In
the two dyad-years with two onsets (Russia-China 1900, wars 82 and 83; Cambodia-North Vietnam
1970, wars 163 and 176) the rule is: an originated war before a joined one, then the earlier
first common day, then the lower war number; ``n_war_onsets`` counts both.
``war_onset_days`` is the number of days from the attributed war's first day to the dyad's
onset in it (0 for originators), so a model can use a looser originator window (e.g. 30 days).
The day the alliance status is taken before (``war_onset_day``, a helper) is the dyad's first
onset day of the year, whichever war it belongs to.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .intervals import attach, day_number, expand_years, pair_within

KEYS = ["ccode1", "ccode2", "year"]


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


def war_dyad_onsets(participants: pd.DataFrame, spells: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per war and directed dyad: its first common day and whether it originated the war.

    Parameters
    ----------
    participants
        Clean ``war_participants``.
    spells
        :func:`war_dyad_spells` of ``participants`` (computed when not given).

    Returns
    -------
    DataFrame
        warnum, ccode1, ccode2, onset_date (first common day), year (its year),
        days_since_start (days from the war's first day to the dyad's) and originator (True when
        the first common day is the war's first day).
    """
    spells = war_dyad_spells(participants) if spells is None else spells
    war_start = participants.assign(warnum=participants["warnum"].astype(np.int64)).groupby("warnum")["start"].min()
    out = spells.groupby(["warnum", "ccode1", "ccode2"])["start"].min().rename("onset_date").reset_index()
    out["year"] = out["onset_date"].dt.year.astype(np.int64)
    out["days_since_start"] = (out["onset_date"] - out["warnum"].map(war_start)).dt.days.astype(np.int64)
    out["originator"] = (out["days_since_start"] == 0).to_numpy()
    return out


def war_dyad_years(participants: pd.DataFrame) -> pd.DataFrame:
    """Directed dyad-years at war with their onset attributes.

    Returns
    -------
    DataFrame
        ccode1, ccode2, year, war_ongoing (=1), war_onset, n_war_onsets, and of the onset the
        dyad-year is attributed to (module docstring): war_onset_originator, war_onset_warnum and
        war_onset_days (NaN without onset); war_onset_day (day number of the dyad's first onset
        day in the year, NaN without onset).
    """
    spells = war_dyad_spells(participants)
    years = expand_years(spells, "start", "end")[KEYS].drop_duplicates().reset_index(drop=True)
    onsets = war_dyad_onsets(participants, spells)
    onsets = onsets.assign(_joiner=~onsets["originator"]).sort_values([*KEYS, "_joiner", "onset_date", "warnum"])
    g = onsets.groupby(KEYS, sort=False)
    first = g.head(1).set_index(KEYS)  # the onset the dyad-year is attributed to
    day = g["onset_date"].min()
    per_year = pd.DataFrame({"n_war_onsets": g.size().astype(np.int16),
                             "war_onset_originator": first["originator"].astype(np.int8),
                             "war_onset_warnum": first["warnum"].astype("float64"),
                             "war_onset_days": first["days_since_start"].astype("float64"),
                             "war_onset_day": pd.Series(day_number(day), index=day.index, dtype="float64")}
                            ).reset_index()
    out = attach(years, per_year, KEYS, {c: c for c in ("n_war_onsets", "war_onset_originator")}, fill=0)
    out = attach(out, per_year, KEYS, {c: c for c in ("war_onset_warnum", "war_onset_days", "war_onset_day")})
    out["war_onset"] = (out["n_war_onsets"] > 0).astype(np.int8)
    out["war_ongoing"] = np.int8(1)
    return out


def add_wars(panel: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """Add the war variables to a dyad-year panel.

    war_onset, war_ongoing, war_ongoing_only, n_war_onsets, war_onset_originator,
    war_onset_joiner, war_onset_warnum, war_onset_days and the helper war_onset_day (used for the pre-war
    alliance status, dropped by the builder). Works for directed and non-directed panels (the
    war pairs are directed, both orders). Rows without war get 0 (NaN for the war number and
    day); coverage NA is applied later.
    """
    w = war_dyad_years(participants)
    out = attach(panel, w, KEYS, {c: c for c in ("war_onset", "war_ongoing", "n_war_onsets",
                                                  "war_onset_originator")}, fill=0)
    out = attach(out, w, KEYS, {c: c for c in ("war_onset_warnum", "war_onset_days", "war_onset_day")})
    out["war_ongoing_only"] = ((out["war_ongoing"] == 1) & (out["war_onset"] == 0)).astype(np.int8)
    out["war_onset_joiner"] = ((out["war_onset"] == 1) & (out["war_onset_originator"] == 0)).astype(np.int8)
    return out
