"""The public verbs of the toolkit sources: distance, rivalries, portfolio similarity, UCDP/PRIO, G-W codes.

Like the other verbs (:mod:`alliancewar.api.verbs`) each adds only its columns, masked to coverage.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..panels import distance, rivalries, similarity, states, ucdp
from ..panels import variables as V
from ..panels.symmetric import attach_undirected
from . import data
from .create import SYSTEM_SOURCE
from .frames import require, run
from .verbs import ALLIANCE, allied_dyad_years

_DYAD = ("ccode1", "ccode2", "year")


def _dyad_codes(df: pd.DataFrame, verb: str) -> tuple[str, tuple[str, str]]:
    _, system = require(df, verb, systems=("cow", "gw"))
    return system, ("ccode1", "ccode2") if system == "cow" else ("gwcode1", "gwcode2")


def _as_cow_keys(core):
    """Run a core written for ccode1/ccode2 on a G-W frame (gwcode1/gwcode2 renamed for the call)."""
    def wrapped(p: pd.DataFrame) -> pd.DataFrame:
        if "gwcode1" not in p.columns:
            return core(p)
        out = core(p.rename(columns={"gwcode1": "ccode1", "gwcode2": "ccode2"}))
        return out.rename(columns={"ccode1": "gwcode1", "ccode2": "gwcode2"})
    return wrapped


def add_capital_distance(df: pd.DataFrame, *, source: str = "peacesciencer") -> pd.DataFrame:
    """Add the distance between the two states' capitals (km).

    Parameters
    ----------
    df
        Dyad-years (COW codes; with ``source="peacesciencer"`` also Gleditsch-Ward codes).
    source
        ``"peacesciencer"``: ``capdist``, the great-circle distance between the capitals of the
        year (peacesciencer's capital list with coordinates; a state's capital of its first day in
        the year), COW or G-W capitals by the frame's system; ``"gleditsch"``:
        ``capdist_gleditsch``, Gleditsch & Ward's (2001) time-invariant distances (COW frames, via
        the isard crosswalk).

    Examples
    --------
    >>> import alliancewar as aw
    >>> dy = aw.create_dyadyears(years=(1960, 1960)).pipe(aw.add_capital_distance)
    >>> round(float(dy.query("ccode1 == 2 and ccode2 == 365")["capdist"].iloc[0]))
    7840
    """
    system, keys = _dyad_codes(df, "add_capital_distance")
    if source == "peacesciencer":
        caps = data.table(f"{system}_capitals").rename(columns={"gwcode": "ccode"})
        return run(df, "add_capital_distance", _as_cow_keys(lambda p: distance.add_capital_distance(p, caps)),
                   keys=(*keys, "year"), sources=[V.CAPITALS, SYSTEM_SOURCE[system]], methods=["miller2022"])
    if source == "gleditsch":
        require(df, "add_capital_distance")
        cd, cw = data.table("capdist"), data.table("cw_gw_years")
        return run(df, "add_capital_distance", lambda p: distance.add_gleditsch_capdist(p, cd, cw), keys=_DYAD,
                   sources=[V.CAPDIST, V.CROSSWALK, V.STATES], methods=["miller2022"])
    raise ValueError(f"source must be 'peacesciencer' or 'gleditsch', got {source!r}")


def add_minimum_distance(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``mindist``: minimum distance between the two states' borders (km), 1886-2019.

    From peacesciencer's ``cow_mindist`` / ``gw_mindist`` (by the frame's system): DERIVED from the
    CShapes 2.0 polygons (the smallest distance at the CShapes change dates of the year; 0 for
    states that touch). NA before 1886 and after 2019, and for pairs CShapes does not map.
    """
    system, keys = _dyad_codes(df, "add_minimum_distance")
    md = data.table(f"{system}_mindist").rename(columns={"gwcode1": "ccode1", "gwcode2": "ccode2"})
    return run(df, "add_minimum_distance", _as_cow_keys(lambda p: distance.add_minimum_distance(p, md)),
               keys=(*keys, "year"), sources=[V.MINDIST, SYSTEM_SOURCE[system]], methods=["miller2022"])


def add_strategic_rivalries(df: pd.DataFrame, *, lists: Iterable[str] = ("tss", "td")) -> pd.DataFrame:
    """Add strategic-rivalry indicators: any rivalry and its types (spatial, positional, ideological,
    interventionary).

    Parameters
    ----------
    df
        Dyad-years (COW codes).
    lists
        ``"tss"``: Thompson, Sakuwa & Suhas (2021), to 2020 (``rivalry_tss``, ``rivalry_tss_spatial``
        ...); ``"td"``: Thompson & Dreyer (2012), to 2010 (``rivalry_td`` ...).

    Examples
    --------
    >>> import alliancewar as aw
    >>> dy = aw.create_dyadyears(years=(1947, 1947)).pipe(aw.add_strategic_rivalries)
    >>> int(dy.query("ccode1 == 750 and ccode2 == 770")["rivalry_tss"].iloc[0])
    1
    """
    require(df, "add_strategic_rivalries")
    lists = tuple(lists)
    if not lists or set(lists) - {"tss", "td"}:
        raise ValueError(f"lists must be a non-empty subset of ('tss', 'td'), got {lists}")
    tables = {k: data.table(f"{k}_rivalries") for k in lists}

    def core(p: pd.DataFrame) -> pd.DataFrame:
        for k, t in tables.items():
            p = rivalries.add_rivalries(p, t, k)
        return p

    return run(df, "add_strategic_rivalries", core, keys=_DYAD,
               sources=[V.TSS if k == "tss" else V.TD for k in lists] + [V.STATES], methods=["miller2022"])


def add_alliance_similarity(df: pd.DataFrame, *, source: str = "atop", squared: bool = False,
                            folder: str | None = None) -> pd.DataFrame:
    """Add alliance portfolio similarity: S (unweighted and CINC-weighted, global and regional), tau-b,
    Cohen's kappa and Scott's pi.

    Portfolios are the states' tie levels to every system member of the year (ATOP or COW, 3
    defense, 2 neutrality/consultation (ATOP) or neutrality/non-aggression (COW), 1 non-aggression
    (ATOP) or entente (COW), 0 none; each state tied to itself at 3). See
    :mod:`alliancewar.panels.similarity` for the formulas (Signorino & Ritter 1999; Bueno de
    Mesquita 1975; Haege 2011).

    Parameters
    ----------
    df
        Dyad-years (COW codes), non-directed or directed.
    source
        ``"atop"`` (columns ``atop_s_un_glo``, ``atop_s_wt_glo``, ``atop_s_un_reg``,
        ``atop_s_wt_reg``, ``atop_taub``, ``atop_kappa``, ``atop_pi``) or ``"cow"`` (``cow_...``;
        needs the user-supplied COW folder).
    squared
        Squared instead of absolute distances in S, kappa and pi (columns end in ``_sq``).
    folder
        COW alliance folder (``source="cow"``).

    Examples
    --------
    >>> import alliancewar as aw

    USA-UK and USA-USSR, 1960 (the USA's Rio Pact ties, not shared by the UK, keep the global,
    unweighted S of USA-UK at 0.44; see the toolkit page of the docs):

    >>> dy = aw.create_dyadyears(years=(1960, 1960)).pipe(aw.add_alliance_similarity)
    >>> s = dy.set_index(["ccode1", "ccode2"])[["atop_s_un_glo", "atop_s_wt_glo"]]
    >>> s.loc[[(2, 200), (2, 365)]].round(2).values.tolist()
    [[0.44, 0.77], [-0.05, -0.73]]
    """
    require(df, "add_alliance_similarity")
    if source not in ALLIANCE:
        raise ValueError(f"source must be 'atop' or 'cow', got {source!r}")
    _, allied = allied_dyad_years(source, folder)
    levels = similarity.atop_tie_levels(allied) if source == "atop" else similarity.cow_tie_levels(allied)
    lo, hi = int(df["year"].min()), int(df["year"].max())
    members = states.create_stateyears(data.table("states"), start_year=lo, end_year=hi)
    sim = similarity.similarity_dyad_years(members, allied, levels, source, data.table("nmc"),
                                           exponent=2.0 if squared else 1.0)
    sfx = "_sq" if squared else ""
    names = {f"{source}_{k}": f"{source}_{k}{sfx}" for k in similarity.MEASURES}
    methods = ["signorino1999", "bdm1975", "hage2011"]
    return run(df, "add_alliance_similarity", lambda p: attach_undirected(p, sim, names), keys=_DYAD,
               sources=[ALLIANCE[source][2], V.NMC, V.STATES], methods=methods)


def add_ucdp_conflicts(df: pd.DataFrame, *, secondary: bool = False) -> pd.DataFrame:
    """Add UCDP/PRIO interstate armed conflict, from 1946: ``ucdp_onset``, ``ucdp_ongoing``, ``ucdp_war_ongoing``.

    Parameters
    ----------
    df
        Dyad-years with COW codes (Gleditsch-Ward codes mapped by the isard crosswalk) or G-W codes.
    secondary
        Also pair secondary warring parties (states sending troops) of the two sides.
    """
    system, keys = _dyad_codes(df, "add_ucdp_conflicts")
    cw = data.table("gw_cw_years") if system == "cow" else None
    cy = ucdp.conflict_dyad_years(data.table("ucdp_conflict_years"), cw, secondary=secondary)
    srcs = [V.UCDP] + ([V.CROSSWALK] if cw is not None else []) + [SYSTEM_SOURCE[system]]
    return run(df, "add_ucdp_conflicts", _as_cow_keys(lambda p: ucdp.add_ucdp_conflicts(p, cy)), keys=(*keys, "year"),
               sources=srcs)


def add_ccode_to_gw(df: pd.DataFrame) -> pd.DataFrame:
    """Add COW codes to a Gleditsch-Ward frame by year (isard crosswalk; NA where a G-W state has none).

    Dyad-years get ``ccode1``, ``ccode2``, state-years ``ccode`` (nullable integers).
    """
    level, _ = require(df, "add_ccode_to_gw", levels=("dyad", "state"), systems=("gw",))
    cw = data.table("gw_cw_years").dropna(subset=["gwcode", "ccode"])
    key = pd.Index(cw["gwcode"].to_numpy(dtype=np.int64) * 10_000 + cw["year"].to_numpy(dtype=np.int64))
    codes = cw["ccode"].to_numpy(dtype=np.int64)
    pairs = (("gwcode1", "ccode1"), ("gwcode2", "ccode2")) if level == "dyad" else (("gwcode", "ccode"),)

    def core(p: pd.DataFrame) -> pd.DataFrame:
        out = p.copy(deep=False)
        for gw, cow in pairs:
            idx = key.get_indexer(p[gw].to_numpy(dtype=np.int64) * 10_000 + p["year"].to_numpy(dtype=np.int64))
            out[cow] = pd.array(np.where(idx >= 0, codes[np.maximum(idx, 0)], 0), dtype="Int64")
            out.loc[idx < 0, cow] = pd.NA
        return out

    keys = (*(g for g, _ in pairs), "year")
    out = run(df, "add_ccode_to_gw", core, keys=keys, sources=[V.CROSSWALK], methods=["miller2022"])
    return out
