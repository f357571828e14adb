"""State-years: system membership, alliance portfolio, war entry and involvement, controls."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import peace
from .alliances import atop_pair_spells, cow_pair_spells
from .controls import major_years, state_development
from .formation import add_alliances_joined, alliance_memberships
from .dyads import membership, state_year_intervals, system_end
from .intervals import attach, expand_years

ALLIANCE_TYPES = {"atop": ("any", "defense", "offense", "neutral", "nonagg", "consul"),
                  "cow": ("any", "defense", "neutrality", "nonaggression", "entente")}


def create_stateyears(states: pd.DataFrame, *, start_year: int = 1816, end_year: int | None = None) -> pd.DataFrame:
    """State-years of system members (ccode, year) and the year's system size ``n_states``
    (``end_year`` None: the state-system list's last year)."""
    end_year = system_end(states).year if end_year is None else end_year
    iv = state_year_intervals(membership(states, end_year), start_year, end_year)
    sy = iv[["ccode", "year"]].drop_duplicates().sort_values(["ccode", "year"], ignore_index=True)
    sy["n_states"] = sy.groupby("year")["ccode"].transform("size").astype(np.int32)
    return sy


def alliance_pair_years(spells: pd.DataFrame, key: str, types: tuple[str, ...], dyad_years: pd.DataFrame
                        ) -> pd.DataFrame:
    """Alliance-dyad-years (key, ccode1 < ccode2, year, type flags) restricted to true system dyads.

    ``spells`` are pair spells with ``start``/``end`` and the type flags; ``dyad_years`` the
    non-directed system dyad-years (so non-members and false dyads are excluded).
    """
    y = expand_years(spells, "start", "end")[[key, "ccode1", "ccode2", "year", *types]]
    keys = dyad_years[["ccode1", "ccode2", "year"]].assign(_in=np.int8(1))
    y = attach(y, keys, ["ccode1", "ccode2", "year"], {"_in": "_in"}, fill=0)
    return y[y["_in"] == 1].drop(columns="_in")


def state_alliance_counts(pair_years: pd.DataFrame, key: str, prefix: str, types: tuple[str, ...]) -> pd.DataFrame:
    """Per state-year: number of allies and of alliances by type (``{prefix}_n_allies_{t}`` ...)."""
    both = pd.concat([pair_years.rename(columns={"ccode1": "ccode", "ccode2": "partner"}),
                      pair_years.rename(columns={"ccode2": "ccode", "ccode1": "partner"})], ignore_index=True)
    out = None
    for t in types:
        sub = both[both[t] == 1]
        g = sub.groupby(["ccode", "year"])
        part = pd.DataFrame({f"{prefix}_n_allies_{t}": g["partner"].nunique(),
                             f"{prefix}_n_alliances_{t}": g[key].nunique()})
        out = part if out is None else out.join(part, how="outer")
    return out.fillna(0).astype(np.int32).reset_index()


def add_state_alliances(sy: pd.DataFrame, counts: pd.DataFrame, prefix: str, types: tuple[str, ...],
                        lag: int = 1) -> pd.DataFrame:
    """Attach alliance counts, shares of the system allied with, and lagged ally counts."""
    cols = [c for c in counts.columns if c.startswith(prefix)]
    out = attach(sy, counts, ["ccode", "year"], {c: c for c in cols}, fill=0)
    for t in types:
        out[f"{prefix}_share_allied_{t}"] = out[f"{prefix}_n_allies_{t}"] / (out["n_states"] - 1)
    if lag:
        lagged = counts.assign(year=counts["year"] + lag)
        out = attach(out, lagged, ["ccode", "year"],
                     {f"{prefix}_n_allies_{t}": f"{prefix}_n_allies_{t}_lag{lag}" for t in types}, fill=0)
    return out


def add_state_wars(sy: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """War entry (first episode of a state in a war), involvement and years since the last entry.

    ``state_peace_years`` counts from the last entry (onset rule), ``state_peace_years_ongoing``
    from the last year of involvement (Beck, Katz & Tucker's rule; see :mod:`.peace`).
    """
    p = participants.copy()
    p["ccode"] = p["ccode"].astype(np.int64)
    entries = p.groupby(["warnum", "ccode"])["start"].min().dt.year.rename("year").reset_index()
    n_entries = entries.groupby(["ccode", "year"]).size().rename("n_war_entries").reset_index()
    inv = expand_years(p, "start", "end")[["ccode", "year"]].drop_duplicates().assign(war_involved=np.int8(1))
    out = attach(sy, n_entries, ["ccode", "year"], {"n_war_entries": "n_war_entries"}, fill=0)
    out["war_onset_state"] = (out["n_war_entries"] > 0).astype(np.int8)
    out = attach(out, inv, ["ccode", "year"], {"war_involved": "war_involved"}, fill=0)
    order, years, new_unit = peace.unit_order(out, keys=("ccode",))
    for col, event in (("state_peace_years", "war_onset_state"), ("state_peace_years_ongoing", "war_involved")):
        out[col] = peace.years_since(out[event].to_numpy(dtype="float64"), order, years, new_unit)
    return out


def add_state_controls(sy: pd.DataFrame, t: dict[str, pd.DataFrame], end_year: int) -> pd.DataFrame:
    """Major-power status, CINC, militarization, development, polity2 and BMR democracy of each state-year.

    ``t`` holds the clean tables ``majors``, ``nmc``, ``polity`` and ``bmr_democracy``.
    """
    out = attach(sy, major_years(t["majors"], end_year), ["ccode", "year"], {"major": "major"}, fill=0)
    n = t["nmc"][["ccode", "year", "cinc"]].astype({"cinc": "float64"})
    out = attach(out, n, ["ccode", "year"], {"cinc": "cinc"})
    out = attach(out, state_development(t["nmc"]), ["ccode", "year"], {c: c for c in ("milit", "econ_dev",
                                                                                        "econ_advanced")})
    pol = t["polity"][["ccode", "year", "polity2"]].astype({"polity2": "float64"})
    out = attach(out, pol, ["ccode", "year"], {"polity2": "polity2"})
    bmr = t["bmr_democracy"][["ccode", "year", "democracy"]].astype({"democracy": "float64"})
    return attach(out, bmr, ["ccode", "year"], {"democracy": "bmr_democracy"})


def build_state_years(t: dict[str, pd.DataFrame], dyad_years: pd.DataFrame, *, start_year: int, end_year: int,
                      cow_alliances: bool, lag: int = 1) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """State-years with every state variable, and the alliance pair-years used (for the system panel).

    Coverage masking is applied by the caller.
    """
    sy = create_stateyears(t["states"], start_year=start_year, end_year=end_year)
    pair_years = {"atop": alliance_pair_years(atop_pair_spells(t["atop_members"]), "atopid",
                                              ALLIANCE_TYPES["atop"], dyad_years)}
    if cow_alliances:
        pair_years["cow"] = alliance_pair_years(cow_pair_spells(t["cow_alliance_dyads"]), "version4id",
                                                ALLIANCE_TYPES["cow"], dyad_years)
    for prefix, py in pair_years.items():
        key = "atopid" if prefix == "atop" else "version4id"
        counts = state_alliance_counts(py, key, prefix, ALLIANCE_TYPES[prefix])
        sy = add_state_alliances(sy, counts, prefix, ALLIANCE_TYPES[prefix], lag)
    for prefix, spells in alliance_memberships(t, cow_alliances).items():
        sy = add_alliances_joined(sy, spells, prefix)
    sy = add_state_wars(sy, t["war_participants"])
    sy = add_state_controls(sy, t, end_year)
    return sy, pair_years

