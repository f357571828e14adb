"""The public verbs: create dyad- or state-years, then add one group of variables at a time.

In peacesciencer's vocabulary (Miller 2022): ``create_dyadyears() |> add_atop_alliance() |> ...``
becomes ``aw.create_dyadyears().pipe(aw.add_atop_alliance).pipe(...)``. Each ``add_*`` verb works
on any frame with the right keys (non-directed or directed dyad-years, any years, any subset of
rows), adds only its own columns, sets them to NA outside their sources' coverage, and records
what it used for :func:`alliancewar.cite`. The variables are those of the pipeline's panel, built
by the same functions (``results/codebook.md`` and the docs' codebook define each one).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..panels import alliances, controls, distance, dyads, mids, peace, rivalries, similarity, states, timing, ucdp
from ..panels import variables as V
from ..panels import wars
from ..panels.intervals import attach
from ..panels.symmetric import attach_undirected
from . import data
from .frames import META, canonical, end_year, is_directed, meta, require, run

_DYAD = ("ccode1", "ccode2", "year")
_STATE = ("ccode", "year")
_LAST_YEAR = {"cow": 2018, "gw": 2017}
_SYSTEM_SOURCE = {"cow": V.STATES, "gw": V.GW_STATES}
_ALLIANCE = {"atop": ("atopid", alliances.ATOP_TYPES, V.ATOP), "cow": ("version4id", alliances.COW_TYPES, V.COW_ALLY)}


def _years(years: tuple[int, int], system: str) -> tuple[int, int]:
    start, end = (int(y) for y in years)
    if not 1816 <= start <= end <= _LAST_YEAR[system]:
        raise ValueError(f"years must satisfy 1816 <= start <= end <= {_LAST_YEAR[system]} for system={system!r} "
                         f"(got {years}); COW years after 2016 extend the 2016 state-system list")
    return start, end


def _system_spells(system: str) -> pd.DataFrame:
    if system not in _SYSTEM_SOURCE:
        raise ValueError(f"system must be 'cow' or 'gw', got {system!r}")
    if system == "cow":
        return data.table("states")
    return data.table("gw_states").rename(columns={"gwcode": "ccode"})


def _created(df: pd.DataFrame, system: str, level: str, start: int, end: int, directed: bool) -> pd.DataFrame:
    df.attrs[META] = {"sources": [_SYSTEM_SOURCE[system]], "methods": ["miller2022"], "system": system,
                      "level": level, "start_year": start, "end_year": end, "directed": directed}
    return df


def create_dyadyears(*, directed: bool = False, years: tuple[int, int] = (1816, 2016), system: str = "cow"
                     ) -> pd.DataFrame:
    """Dyad-years of state-system members, false dyads removed (peacesciencer's ``create_dyadyears``).

    Two states form a dyad-year when they were both system members on at least one common day of
    the year (day-level overlap: pairs that were members in the same year but never on the same
    day are dropped).

    Parameters
    ----------
    directed
        ``False``: one row per pair with ``ccode1 < ccode2``; ``True``: both orders.
    years
        First and last year (inclusive), within 1816-2018 (COW; years after 2016 extend the 2016
        list) or 1816-2017 (Gleditsch-Ward).
    system
        ``"cow"`` (COW State System 2016; codes ``ccode1``, ``ccode2``) or ``"gw"``
        (Gleditsch-Ward 2017 list of independent states; codes ``gwcode1``, ``gwcode2``).

    Returns
    -------
    DataFrame
        The codes and ``year`` (int64), sorted by the codes and year.

    Examples
    --------
    >>> import alliancewar as aw
    >>> dy = aw.create_dyadyears(years=(1816, 1816))
    >>> len(dy), list(dy.columns)
    (253, ['ccode1', 'ccode2', 'year'])
    """
    start, end = _years(years, system)
    dy = dyads.create_dyadyears(_system_spells(system), start_year=start, end_year=end, directed=directed)
    if system == "gw":
        dy = dy.rename(columns={"ccode1": "gwcode1", "ccode2": "gwcode2"})
    return _created(dy, system, "dyad", start, end, directed)


def create_stateyears(*, years: tuple[int, int] = (1816, 2016), system: str = "cow") -> pd.DataFrame:
    """State-years of system members, with the year's system size ``n_states``.

    Parameters
    ----------
    years
        First and last year (inclusive), as in :func:`create_dyadyears`.
    system
        ``"cow"`` (``ccode``) or ``"gw"`` (``gwcode``).

    Returns
    -------
    DataFrame
        ``ccode`` (or ``gwcode``), ``year``, ``n_states``, sorted.

    Examples
    --------
    >>> import alliancewar as aw
    >>> sy = aw.create_stateyears(years=(2016, 2016))
    >>> len(sy), int(sy["n_states"].iloc[0])
    (195, 195)
    """
    start, end = _years(years, system)
    sy = states.create_stateyears(_system_spells(system), start_year=start, end_year=end)
    if system == "gw":
        sy = sy.rename(columns={"ccode": "gwcode"})
    return _created(sy, system, "state", start, end, False)


def _allied(prefix: str, folder: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pair spells and non-directed alliance dyad-years of ``prefix`` (``atop`` / ``cow``)."""
    key, types, _ = _ALLIANCE[prefix]
    if prefix == "atop":
        spells = alliances.atop_pair_spells(data.table("atop_members"))
    else:
        spells = alliances.cow_pair_spells(data.table("cow_alliance_dyads", folder=folder))
    return spells, alliances.collapse_pair_spells(spells, key, types, prefix)


def _add_alliance(df: pd.DataFrame, prefix: str, lag: int, folder: str | None) -> pd.DataFrame:
    verb = f"add_{prefix}_alliance"
    require(df, verb)
    _, allied = _allied(prefix, folder)
    table = mids.mirror(allied) if is_directed(df) else allied
    return run(df, verb, lambda p: alliances.add_alliances(p, table, prefix, lag), keys=_DYAD,
               sources=[_ALLIANCE[prefix][2], V.STATES])


def add_atop_alliance(df: pd.DataFrame, *, lag: int = 1) -> pd.DataFrame:
    """Add ATOP 5.1 alliance indicators (any pledge and each obligation type) and their lags.

    Two states are allied in a year when they are members of one ATOP alliance on a common day of
    the year; a non-directed dyad has an obligation type when either member undertook it.

    Parameters
    ----------
    df
        Dyad-years (``ccode1``, ``ccode2``, ``year``), non-directed or directed.
    lag
        Years of the ``_lag`` columns (``atop_any_lag1`` ...); 0 for none.

    Returns
    -------
    DataFrame
        ``df`` with ``atop_any``, ``atop_defense``, ``atop_offense``, ``atop_neutral``,
        ``atop_nonagg``, ``atop_consul``, ``atop_shared_count`` and their ``_lag<k>`` columns.

    Examples
    --------
    >>> import alliancewar as aw
    >>> dy = aw.create_dyadyears(years=(1960, 1960)).pipe(aw.add_atop_alliance)
    >>> int(dy.query("ccode1 == 2 and ccode2 == 200")["atop_defense"].iloc[0])
    1
    """
    return _add_alliance(df, "atop", lag, None)


def add_cow_alliance(df: pd.DataFrame, *, lag: int = 1, folder: str | None = None) -> pd.DataFrame:
    """Add COW Formal Alliances v4.1 indicators (any, defense, neutrality, non-aggression, entente) and lags.

    The COW alliance files are never downloaded (their maintainer's request): name the folder
    holding the v4.1 CSVs you downloaded, here or with ``aw.configure(cow_alliances_dir=...)``.

    Parameters
    ----------
    df
        Dyad-years (``ccode1``, ``ccode2``, ``year``).
    lag
        Years of the ``_lag`` columns; 0 for none.
    folder
        Folder with ``alliance_v4.1_by_member.csv``, ``alliance_v4.1_by_dyad.csv`` and
        ``alliance_v4.1_by_directed.csv`` (verified against their pinned SHA-256).

    Returns
    -------
    DataFrame
        ``df`` with ``cow_any``, ``cow_defense``, ``cow_neutrality``, ``cow_nonaggression``,
        ``cow_entente``, ``cow_shared_count`` and their lags (NA after 2012).
    """
    return _add_alliance(df, "cow", lag, folder)


def add_cow_wars(df: pd.DataFrame) -> pd.DataFrame:
    """Add COW inter-state war onset and involvement (v4.0; NA after 2007).

    Dyad-years: two states are at war when they fight on opposite sides of a war on a common day;
    the onset year is their first common day (joiners enter when they join). State-years: war
    entry, involvement and years since the last entry.

    Parameters
    ----------
    df
        Dyad-years or state-years (COW codes).

    Returns
    -------
    DataFrame
        Dyad-years: ``war_onset``, ``war_ongoing``, ``n_war_onsets``, ``war_onset_originator``,
        ``war_onset_warnum``, ``war_onset_days``, ``war_ongoing_only``, ``war_onset_joiner``.
        State-years: ``n_war_entries``, ``war_onset_state``, ``war_involved``, ``state_peace_years``,
        ``state_peace_years_ongoing``.

    Examples
    --------
    >>> import alliancewar as aw
    >>> dy = aw.create_dyadyears(years=(1914, 1914)).pipe(aw.add_cow_wars)
    >>> int(dy.query("ccode1 == 220 and ccode2 == 255")["war_onset"].iloc[0])
    1
    """
    level, _ = require(df, "add_cow_wars", levels=("dyad", "state"))
    participants = data.table("war_participants")
    if level == "state":
        return run(df, "add_cow_wars", lambda p: states.add_state_wars(p, participants), keys=_STATE,
                   sources=[V.WAR, V.STATES])
    return run(df, "add_cow_wars", lambda p: wars.add_wars(p, participants), keys=_DYAD, drop=["war_onset_day"],
               sources=[V.WAR, V.STATES])


def _mid_years(source: str) -> tuple[pd.DataFrame, dict[str, int]]:
    if source == "dyadic":
        return mids.dyadic_mid_years(data.table("dyadic_mids"))
    if source == "mid5":
        return mids.mid5_dyad_years(data.table("mid_participants"), data.table("mid_disputes"))
    raise ValueError(f"source must be 'dyadic' (COW dyadic MID 4.02) or 'mid5' (MID 5.0), got {source!r}")


def add_mids(df: pd.DataFrame, *, source: str = "dyadic") -> pd.DataFrame:
    """Add militarized interstate dispute (MID) onset and involvement, one dispute per dyad-year.

    Several disputes on one dyad-year are resolved by peacesciencer's ordered rules (unique
    onsets, highest fatality, highest hostility, longest, reciprocated, earliest, lowest number);
    the rows each rule removed are in ``df.attrs["mid_rules_removed"]``.

    Parameters
    ----------
    df
        Dyad-years (COW codes).
    source
        ``"dyadic"``: COW dyadic MID 4.02 (1816-2014); ``"mid5"``: built from the MID 5.0
        participants.

    Returns
    -------
    DataFrame
        ``df`` with ``mid_onset``, ``fatal_mid_onset``, ``force_mid_onset``, ``mid_ongoing``,
        ``fatal_mid_ongoing``, ``force_mid_ongoing``, ``mid_dispnum``, ``mid_hostlev``,
        ``mid_fatality``, ``mid_ongoing_only``.
    """
    require(df, "add_mids")
    mid_years, removed = _mid_years(source)
    aliases = {V.MID: V.MID5} if source == "mid5" else None
    out = run(df, "add_mids", lambda p: mids.add_mids(p, mid_years), keys=_DYAD, drop=["mid_onset_day"],
              sources=[(aliases or {}).get(V.MID, V.MID), V.STATES], aliases=aliases, mid_source=source)
    out.attrs["mid_rules_removed"] = removed
    return out


def add_alliance_eve(df: pd.DataFrame) -> pd.DataFrame:
    """Add the alliance status on the eve of war and MID onsets (``<alliance column>_prewar``, ``_premid``).

    On a war (MID) onset row, the dyad's alliance status on the day before its onset date; on
    every other row, the year's status (for models without a lag; METHODS pitfall 12). Needs the
    alliance columns (``add_atop_alliance`` / ``add_cow_alliance``) and the onsets (``add_cow_wars`` /
    ``add_mids``) already in the frame; adds the columns of every pair present.

    Parameters
    ----------
    df
        Dyad-years with ``atop_any`` and/or ``cow_any`` and ``war_onset`` and/or ``mid_onset``.

    Returns
    -------
    DataFrame
        ``df`` with ``atop_any_prewar``, ``atop_defense_prewar``, ... ``atop_any_premid``, ...
    """
    require(df, "add_alliance_eve")
    prefixes = [p for p in _ALLIANCE if f"{p}_any" in df.columns]
    events = [e for e in ("war", "mid") if f"{e}_onset" in df.columns]
    if not prefixes or not events:
        raise ValueError("add_alliance_eve() needs alliance columns (add_atop_alliance / add_cow_alliance) and "
                         "onsets (add_cow_wars / add_mids) in the frame")
    m = meta(df)
    days = {}
    if "war" in events:
        days["war"] = wars.war_dyad_years(data.table("war_participants"))
    if "mid" in events:
        days["mid"] = _mid_years(m.get("mid_source", "dyadic"))[0]
    spells = {p: _allied(p)[0] for p in prefixes}
    inputs = [f"{p}_{t}" for p in prefixes for t in ("any", *_ALLIANCE[p][1])]

    def core(p: pd.DataFrame) -> pd.DataFrame:
        helpers = []
        for e, table in days.items():
            p = attach(p, table, list(_DYAD), {f"{e}_onset_day": f"{e}_onset_day"})
            helpers.append(f"{e}_onset_day")
        for prefix in prefixes:
            for e in days:
                p = timing.add_eve_status(p, spells[prefix], prefix, ("any", *_ALLIANCE[prefix][1]), f"{e}_onset_day",
                                          f"pre{e}")
        return p.drop(columns=helpers)

    srcs = [_ALLIANCE[p][2] for p in prefixes] + [V.WAR if e == "war" else V.MID for e in days] + [V.STATES]
    aliases = {V.MID: V.MID5} if m.get("mid_source") == "mid5" else None
    return run(df, "add_alliance_eve", lambda p: canonical(p, core), keys=_DYAD, inputs=inputs, sources=srcs,
               aliases=aliases)


def add_contiguity(df: pd.DataFrame) -> pd.DataFrame:
    """Add COW Direct Contiguity 3.2: ``contig_type`` (0 none, 1 land, 2-5 water <= 12/24/150/400 miles),
    ``contig_land``, ``contig_water``, ``contig_any``.

    Parameters
    ----------
    df
        Dyad-years (COW codes).

    Returns
    -------
    DataFrame
        ``df`` with the four contiguity columns (non-contiguous dyads are type 0, not missing).
    """
    require(df, "add_contiguity")
    cy = data.table("contiguity_years")
    return run(df, "add_contiguity", lambda p: controls.add_contiguity(p, cy), keys=_DYAD,
               sources=[V.CONTIG, V.STATES])


def add_cow_majors(df: pd.DataFrame) -> pd.DataFrame:
    """Add COW major-power status (a major power on any day of the year).

    Parameters
    ----------
    df
        Dyad-years (adds ``major1``, ``major2``, ``major_either``, ``major_both``) or state-years
        (adds ``major``).

    Returns
    -------
    DataFrame
        ``df`` with the major-power columns.
    """
    level, _ = require(df, "add_cow_majors", levels=("dyad", "state"))
    majors, last = data.table("majors"), end_year(df)
    if level == "state":
        return run(df, "add_cow_majors", lambda p: attach(p, controls.major_years(majors, last), list(_STATE),
                                                                    {"major": "major"}, fill=0),
                   keys=_STATE, sources=[V.STATES])
    return run(df, "add_cow_majors", lambda p: controls.add_majors(p, majors, last), keys=_DYAD, sources=[V.STATES])


def add_politically_relevant(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``politically_relevant``: contiguous (types 1-5) or with a major power (Lemke & Reed 2001).

    Uses the frame's ``contig_any`` and ``major_either`` when present, else computes them (without
    adding them).
    """
    require(df, "add_politically_relevant")
    have = [c for c in ("contig_any", "major_either") if c in df.columns]

    def core(p: pd.DataFrame) -> pd.DataFrame:
        q = p
        if "contig_any" not in q.columns:
            q = controls.add_contiguity(q, data.table("contiguity_years"))
        if "major_either" not in q.columns:
            q = controls.add_majors(q, data.table("majors"), end_year(df))
        out = p.copy(deep=False)
        out["politically_relevant"] = controls.add_politically_relevant(q)["politically_relevant"].to_numpy()
        return out

    return run(df, "add_politically_relevant", core, keys=_DYAD, inputs=have, sources=[V.CONTIG, V.STATES],
               methods=["lemke2001"])


def filter_prd(df: pd.DataFrame) -> pd.DataFrame:
    """Keep only politically relevant dyad-years (Lemke & Reed 2001), adding ``politically_relevant`` if absent.

    Examples
    --------
    >>> import alliancewar as aw
    >>> prd = aw.create_dyadyears(years=(1816, 1816)).pipe(aw.filter_prd)
    >>> len(prd) < 253, bool(prd["politically_relevant"].eq(1).all())
    (True, True)
    """
    out = df if "politically_relevant" in df.columns else add_politically_relevant(df)
    kept = out[out["politically_relevant"] == 1].reset_index(drop=True)
    kept.attrs = out.attrs
    m = meta(kept)
    m["methods"] = list(dict.fromkeys([*m["methods"], "lemke2001"]))
    kept.attrs[META] = m
    return kept


def add_nmc(df: pd.DataFrame) -> pd.DataFrame:
    """Add COW National Material Capabilities 6.0 measures (NA after 2016).

    Dyad-years: ``cinc1``, ``cinc2``, ``cap_ratio_log``, ``cap_lower_prop``, ``cap_higher_prop``,
    ``cinc_prop``, Bremer's (1992) relative-power classes ``cap_ratio_cat`` / ``_small`` /
    ``_medium`` / ``_large``, ``milit_min``, ``econ_dev_min``, ``econ_advanced_both``. State-years:
    ``cinc``, ``milit``, ``econ_dev``, ``econ_advanced``.
    """
    level, _ = require(df, "add_nmc", levels=("dyad", "state"))
    nmc = data.table("nmc")
    if level == "state":
        def state_core(p: pd.DataFrame) -> pd.DataFrame:
            out = attach(p, nmc[["ccode", "year", "cinc"]].astype({"cinc": "float64"}), list(_STATE),
                                  {"cinc": "cinc"})
            return attach(out, controls.state_development(nmc), list(_STATE),
                                   {c: c for c in ("milit", "econ_dev", "econ_advanced")})
        return run(df, "add_nmc", state_core, keys=_STATE, sources=[V.NMC, V.STATES], methods=["bremer1992"])
    return run(df, "add_nmc", lambda p: controls.add_development(controls.add_capabilities(p, nmc), nmc), keys=_DYAD,
               sources=[V.NMC, V.STATES], methods=["bremer1992"])


def add_democracy(df: pd.DataFrame, *, measures: Iterable[str] = ("polity", "bmr")) -> pd.DataFrame:
    """Add democracy: Polity5 ``polity2`` and Boix-Miller-Rosato (BMR) dichotomous democracy.

    Parameters
    ----------
    df
        Dyad-years or state-years (COW codes; Polity and BMR codes are mapped to COW's).
    measures
        ``"polity"`` (dyads: ``polity2_1``, ``polity2_2``, ``democracy_min``, ``joint_democracy``
        = both >= 6; states: ``polity2``) and/or ``"bmr"`` (dyads: ``bmr_democracy_1``,
        ``bmr_democracy_2``, ``joint_democracy_bmr``; states: ``bmr_democracy``).
    """
    level, _ = require(df, "add_democracy", levels=("dyad", "state"))
    measures = tuple(measures)
    unknown = set(measures) - {"polity", "bmr"}
    if unknown or not measures:
        raise ValueError(f"measures must be a non-empty subset of ('polity', 'bmr'), got {measures}")
    pol = data.table("polity") if "polity" in measures else None
    bmr = data.table("bmr_democracy") if "bmr" in measures else None

    def core(p: pd.DataFrame) -> pd.DataFrame:
        if level == "state":
            if pol is not None:
                p = attach(p, pol[["ccode", "year", "polity2"]].astype({"polity2": "float64"}), list(_STATE),
                                    {"polity2": "polity2"})
            if bmr is not None:
                p = attach(p, bmr[["ccode", "year", "democracy"]].astype({"democracy": "float64"}),
                                    list(_STATE), {"democracy": "bmr_democracy"})
            return p
        if pol is not None:
            p = controls.add_democracy(p, pol)
        return controls.add_bmr_democracy(p, bmr) if bmr is not None else p

    srcs = [s for s, t in ((V.POLITY, pol), (V.BMR, bmr)) if t is not None] + [V.STATES]
    return run(df, "add_democracy", core, keys=_STATE if level == "state" else _DYAD, sources=srcs)


def add_peace_years(df: pd.DataFrame, *, knots: tuple[float, ...] = peace.DEFAULT_KNOTS) -> pd.DataFrame:
    """Add peace-years for every event already in the frame (war, MID, fatal MID, use-of-force MID).

    Two counting rules, one column each: since the last onset (``peace_years``) and since the last
    year of war or dispute (``peace_years_ongoing``; Beck, Katz & Tucker 1998, peacesciencer's
    ``add_peace_years``); for the war counts also Carter & Signorino's (2010) squares and cubes and
    Beck, Katz & Tucker's spline terms (knots ``knots``).

    Parameters
    ----------
    df
        Dyad-years with ``war_onset``/``war_ongoing`` (``add_cow_wars``) and/or the MID columns.
    knots
        Spline knots in years of peace.
    """
    require(df, "add_peace_years")
    events = [e for e in peace.DYAD_PEACE_YEARS.values() if e in df.columns]
    if not events:
        raise ValueError("add_peace_years() needs event columns (add_cow_wars and/or add_mids first)")
    srcs = [V.WAR] * ("war_onset" in df.columns) + [V.MID] * ("mid_onset" in df.columns) + [V.STATES]
    m = meta(df)
    aliases = {V.MID: V.MID5} if m.get("mid_source") == "mid5" else None
    srcs = [(aliases or {}).get(s, s) for s in srcs]
    return run(df, "add_peace_years", lambda p: peace.add_peace_years(p, knots), keys=_DYAD, inputs=events,
               sources=srcs, methods=["beck1998", "carter2010"], aliases=aliases)


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
                   keys=(*keys, "year"), sources=[V.CAPITALS, _SYSTEM_SOURCE[system]], methods=["miller2022"])
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
               keys=(*keys, "year"), sources=[V.MINDIST, _SYSTEM_SOURCE[system]], methods=["miller2022"])


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
    if source not in _ALLIANCE:
        raise ValueError(f"source must be 'atop' or 'cow', got {source!r}")
    _, allied = _allied(source, folder)
    levels = similarity.atop_tie_levels(allied) if source == "atop" else similarity.cow_tie_levels(allied)
    lo, hi = int(df["year"].min()), int(df["year"].max())
    members = states.create_stateyears(data.table("states"), start_year=lo, end_year=hi)
    sim = similarity.similarity_dyad_years(members, allied, levels, source, data.table("nmc"),
                                           exponent=2.0 if squared else 1.0)
    sfx = "_sq" if squared else ""
    names = {f"{source}_{k}": f"{source}_{k}{sfx}" for k in similarity.MEASURES}
    methods = ["signorino1999", "bdm1975", "hage2011"]
    return run(df, "add_alliance_similarity", lambda p: attach_undirected(p, sim, names), keys=_DYAD,
               sources=[_ALLIANCE[source][2], V.NMC, V.STATES], methods=methods)


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
    srcs = [V.UCDP] + ([V.CROSSWALK] if cw is not None else []) + [_SYSTEM_SOURCE[system]]
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
