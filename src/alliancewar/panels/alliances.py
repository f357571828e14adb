"""Alliance dyad-years from ATOP 5.1 member spells (default) or COW 4.1 dyad spells.

ATOP: two states are allied in a year when they are members of the same alliance (atopid)
on at least one common day of that year (day-level overlap of their membership spells, not
per-day expansion). Obligation flags are member-level in ``atop5_1m``; a non-directed dyad has
an obligation type when either member undertook it in the alliance they share (the
non-directed convention of ATOP's own dyad-year file: "at least one member has the
obligation"). ``atop_shared_count`` counts distinct alliances shared in the year.

COW: the v4.1 dyad file gives non-directed dyad spells per alliance (the "directed" file is
not really directed, METHODS pitfall 1, so directed dyads are built by mirroring). Building
from spells avoids the repeated dyad-years and year-0 rows of the yearly file (pitfalls 2, 3).
Types: defense, neutrality, nonaggression, entente (COW's types are nested: a defense pact
also carries the lower obligations).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .intervals import attach, expand_years, pair_within

ATOP_TYPES = {"defense": "atop_defense", "offense": "atop_offense", "neutral": "atop_neutral",
              "nonagg": "atop_nonagg", "consul": "atop_consul"}
KEYS = ["ccode1", "ccode2", "year"]
COW_TYPES = {"defense": "cow_defense", "neutrality": "cow_neutrality", "nonaggression": "cow_nonaggression",
             "entente": "cow_entente"}


def collapse_pair_spells(spells: pd.DataFrame, key: str, types: dict[str, str], prefix: str) -> pd.DataFrame:
    """Alliance dyad-years from pair spells: ``<prefix>_any``, the type columns and the shared count.

    Parameters
    ----------
    spells
        :func:`atop_pair_spells` or :func:`cow_pair_spells`.
    key
        Alliance identifier column (``atopid``, ``version4id``).
    types
        Spell flag -> panel column (:data:`ATOP_TYPES`, :data:`COW_TYPES`).
    prefix
        ``"atop"`` or ``"cow"``.
    """
    years = expand_years(spells, "start", "end")
    g = years.groupby(["ccode1", "ccode2", "year"], sort=False)
    out = g[list(types)].max().rename(columns=types)
    out[f"{prefix}_any"] = 1
    out[f"{prefix}_shared_count"] = g[key].nunique()
    out = out.reset_index()
    cols = [f"{prefix}_any", *types.values(), f"{prefix}_shared_count"]
    out[cols] = out[cols].astype(np.int8)
    return out[["ccode1", "ccode2", "year", *cols]]


def atop_pair_spells(members: pd.DataFrame) -> pd.DataFrame:
    """ATOP member pairs (ccode1 < ccode2) of the same alliance with their common interval.

    Each pair carries ``any`` (=1) and the obligation flags (defense ... consul), set when
    either member undertook the obligation.
    """
    m = members.rename(columns={"entry": "start", "exit": "end"})
    m = m[["atopid", "ccode", "start", "end", *ATOP_TYPES]].copy()
    m["ccode"] = m["ccode"].astype(np.int64)
    m[list(ATOP_TYPES)] = m[list(ATOP_TYPES)].astype(np.int8)
    pairs = pair_within(m, "atopid", "ccode", "start", "end", condition="ccode1 < ccode2")
    for t in ATOP_TYPES:
        pairs[t] = np.maximum(pairs[f"{t}1"], pairs[f"{t}2"]).astype(np.int8)
    pairs["any"] = np.int8(1)
    return pairs[["atopid", "ccode1", "ccode2", "start", "end", "any", *ATOP_TYPES]]


def atop_dyad_years(members: pd.DataFrame) -> pd.DataFrame:
    """Non-directed ATOP alliance dyad-years (ccode1 < ccode2), one row per allied dyad-year.

    Parameters
    ----------
    members
        Clean ``atop_members`` (atopid, ccode, entry, exit, obligation flags).

    Returns
    -------
    DataFrame
        ccode1, ccode2, year, atop_any (=1), atop_defense ... atop_consul, atop_shared_count.
    """
    return collapse_pair_spells(atop_pair_spells(members), "atopid", ATOP_TYPES, "atop")


def cow_pair_spells(dyads: pd.DataFrame) -> pd.DataFrame:
    """COW alliance dyad spells with ``any`` (=1) and the type flags (missing flags count as 0)."""
    d = dyads[["version4id", "ccode1", "ccode2", "start", "end", *COW_TYPES]].copy()
    d[["ccode1", "ccode2"]] = d[["ccode1", "ccode2"]].astype(np.int64)
    d[list(COW_TYPES)] = d[list(COW_TYPES)].fillna(0).astype(np.int8)
    d["any"] = np.int8(1)
    return d


def cow_dyad_years(dyads: pd.DataFrame) -> pd.DataFrame:
    """Non-directed COW alliance dyad-years from the v4.1 dyad spells.

    Returns
    -------
    DataFrame
        ccode1, ccode2, year, cow_any (=1), cow_defense, cow_neutrality, cow_nonaggression,
        cow_entente, cow_shared_count. Missing type flags count as 0.
    """
    return collapse_pair_spells(cow_pair_spells(dyads), "version4id", COW_TYPES, "cow")


def add_alliances(panel: pd.DataFrame, allied: pd.DataFrame, prefix: str, lag: int = 1) -> pd.DataFrame:
    """Merge alliance dyad-years onto a non-directed panel, zeros for unallied dyads, plus lags.

    The lag-``k`` columns (``<var>_lag1``) hold the dyad's status in year ``t - k`` taken from
    the alliance data itself, so a dyad's first panel year still gets its prior-year status.
    Coverage (NA outside the source's years) is applied afterwards by
    :func:`alliancewar.panels.coverage.apply_coverage`.

    Parameters
    ----------
    panel
        Non-directed dyad-years (ccode1 < ccode2, year).
    allied
        Output of :func:`atop_dyad_years` or :func:`cow_dyad_years`.
    prefix
        ``"atop"`` or ``"cow"``.
    lag
        Lag in years for the ``_lag`` columns (0 = none).
    """
    cols = [c for c in allied.columns if c.startswith(prefix)]
    out = attach(panel, allied, KEYS, {c: c for c in cols}, fill=0)
    if lag:
        out = attach(out, allied.assign(year=allied["year"] + lag), KEYS, {c: f"{c}_lag{lag}" for c in cols}, fill=0)
    return out
