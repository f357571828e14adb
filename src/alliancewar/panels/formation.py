"""Alliance formation: membership entries, alliances begun and alliances in force.

The claim under test is about the *growth* of alliances, so beside how much of the system is
allied (:mod:`.system`) the panels count what changes each year:

* **Membership spells.** A member's rows of one alliance (ATOP writes one row per phase, COW
  one per membership) are merged into continuous spells: a row that starts on or before the
  day after the latest end so far continues the spell. A state's *entry* is the first day of
  a spell, so founding members enter too, a new phase is not a new entry, and a state that
  leaves and comes back (19 ATOP spells, e.g. the German Confederation restored in 1850)
  enters again.
* **Alliances joined** (state-years): entries of the state in the year; **member entries**
  (system-years): their sum over system members.
* **Alliances in force** (system-years): alliances linking at least two system members on a
  common day of the year (the alliance-dyad-years of the panels, so false dyads and
  non-members are excluded).
* **Alliances begun** (system-years): alliances whose start date -- the first member entry,
  equal to ATOP's ``begyr`` for all 789 ATOP 5.1 alliances -- falls in the year, among the
  alliances that link two system members on a common day at some time (16 ATOP alliances
  never do: alliances of 1815, of 2017-2018, or with a non-member). Alliances that started
  before the panel's first year are in force then but not begun.
* **Defense pacts**: alliances in which at least one member undertook a defense obligation
  in some phase (ATOP's alliance-level ``defense``; COW's defense type).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .intervals import attach

#: Column names of the membership tables: (alliance id, ccode, spell start, spell end).
MEMBER_COLUMNS = {"atop": ("atopid", "ccode", "entry", "exit"), "cow": ("version4id", "ccode", "start", "end")}
#: Clean membership table of each alliance source.
MEMBER_TABLES = {"atop": "atop_members", "cow": "cow_alliance_members"}
ONE_DAY = pd.Timedelta(days=1)


def membership_spells(members: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """Continuous membership spells of each state in each alliance, with the alliance's defense flag.

    Parameters
    ----------
    members
        Clean ``atop_members`` or ``cow_alliance_members``.
    prefix
        ``"atop"`` or ``"cow"``.

    Returns
    -------
    DataFrame
        ``alliance``, ``ccode``, ``start``, ``end`` (one row per continuous spell) and
        ``defense`` (1 if any member of the alliance has a defense obligation in any row).
    """
    key, unit, start, end = MEMBER_COLUMNS[prefix]
    m = pd.DataFrame({"alliance": members[key].astype(np.int64), "ccode": members[unit].astype(np.int64),
                      "start": members[start], "end": members[end],
                      "defense": members["defense"].fillna(0).astype(np.int8)})
    m = m.sort_values(["alliance", "ccode", "start"], kind="stable", ignore_index=True)
    group = m.groupby(["alliance", "ccode"], sort=False)
    reach = group["end"].cummax()
    prev_reach = reach.groupby([m["alliance"], m["ccode"]], sort=False).shift()
    new_spell = prev_reach.isna() | (m["start"] > prev_reach + ONE_DAY)
    spell_id = new_spell.cumsum()
    spells = m.groupby(spell_id, sort=False).agg(alliance=("alliance", "first"), ccode=("ccode", "first"),
                                                 start=("start", "min"), end=("end", "max"))
    defense = m.groupby("alliance")["defense"].max()
    spells["defense"] = defense.reindex(spells["alliance"]).to_numpy().astype(np.int8)
    return spells.reset_index(drop=True)


def alliance_memberships(tables: dict[str, pd.DataFrame], cow_alliances: bool) -> dict[str, pd.DataFrame]:
    """:func:`membership_spells` of ATOP and, when supplied and loaded, COW, by prefix."""
    out = {"atop": membership_spells(tables[MEMBER_TABLES["atop"]], "atop")}
    if cow_alliances and MEMBER_TABLES["cow"] in tables:
        out["cow"] = membership_spells(tables[MEMBER_TABLES["cow"]], "cow")
    return out


def add_alliances_joined(sy: pd.DataFrame, spells: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """Attach ``{prefix}_alliances_joined_any`` and ``..._defense``: the state's entries in the year.

    Entries of a state in a year it is not a system member are not in the panel.
    """
    entries = spells.assign(year=spells["start"].dt.year)
    counts = entries.groupby(["ccode", "year"]).agg(any=("alliance", "size"), defense=("defense", "sum"))
    cols = {t: f"{prefix}_alliances_joined_{t}" for t in ("any", "defense")}
    return attach(sy, counts.reset_index().astype(np.int64), ["ccode", "year"], cols, fill=0)


def formation_by_year(pair_years: pd.DataFrame, key: str, spells: pd.DataFrame, years: np.ndarray, sfx: str
                      ) -> pd.DataFrame:
    """Alliances begun (by start date) and in force per year, all and defense pacts.

    Parameters
    ----------
    pair_years
        Alliance-dyad-years of system members (``key``, ccode1, ccode2, year, type flags).
    key
        Alliance id column of ``pair_years``.
    spells
        :func:`membership_spells` of the same source (start dates and defense flags).
    years
        The panel's years.
    sfx
        Column suffix (``""`` for ATOP, ``"_cow"`` for COW).

    Returns
    -------
    DataFrame
        ``year``, ``alliances_begun_{any,defense}{sfx}``, ``alliances_in_force_{any,defense}{sfx}``.
    """
    first_day = spells.groupby("alliance")["start"].min()
    defense = spells.groupby("alliance")["defense"].max()
    in_force = pair_years[[key, "year"]].drop_duplicates()
    in_force = in_force.assign(defense=defense.reindex(in_force[key]).fillna(0).to_numpy())
    start = first_day.reindex(pd.unique(in_force[key]))
    start = start[start >= pd.Timestamp(int(years.min()), 1, 1)]
    begun = pd.DataFrame({"year": start.dt.year, "defense": defense.reindex(start.index).fillna(0)})
    out = pd.DataFrame({"year": years})
    for t in ("any", "defense"):
        f = in_force if t == "any" else in_force[in_force["defense"] == 1]
        b = begun if t == "any" else begun[begun["defense"] == 1]
        out[f"alliances_in_force_{t}{sfx}"] = f.groupby("year").size().reindex(years, fill_value=0).to_numpy()
        out[f"alliances_begun_{t}{sfx}"] = b.groupby("year").size().reindex(years, fill_value=0).to_numpy()
    return out


def member_entries_by_year(sy: pd.DataFrame, prefix: str, sfx: str) -> pd.DataFrame:
    """``member_entries_{any,defense}{sfx}``: the system members' entries per year (sums of alliances joined)."""
    cols = {f"{prefix}_alliances_joined_{t}": f"member_entries_{t}{sfx}" for t in ("any", "defense")}
    return sy.groupby("year")[list(cols)].sum().rename(columns=cols).reset_index()
