"""The public verbs of alliances, conflict and controls: each adds one group of variables.

In peacesciencer's vocabulary (Miller 2022): ``create_dyadyears() |> add_atop_alliance() |> ...``
becomes ``aw.create_dyadyears().pipe(aw.add_atop_alliance).pipe(...)``. Each ``add_*`` verb works
on any frame with the right keys (non-directed or directed dyad-years, any years, any subset of
rows), adds only its own columns, sets them to NA outside their sources' coverage, and records
what it used for :func:`alliancewar.cite`. The variables are those of the pipeline's panel, built
by the same functions (``results/codebook.md`` and the docs' codebook define each one).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..panels import alliances, controls, mids, peace, states, timing
from ..panels import variables as V
from ..panels import wars
from ..panels.intervals import attach
from . import data
from .frames import META, canonical, end_year, is_directed, meta, require, run

_DYAD = ("ccode1", "ccode2", "year")
_STATE = ("ccode", "year")
ALLIANCE = {"atop": ("atopid", alliances.ATOP_TYPES, V.ATOP), "cow": ("version4id", alliances.COW_TYPES, V.COW_ALLY)}


def allied_dyad_years(prefix: str, folder: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pair spells and non-directed alliance dyad-years of ``prefix`` (``atop`` / ``cow``)."""
    key, types, _ = ALLIANCE[prefix]
    if prefix == "atop":
        spells = alliances.atop_pair_spells(data.table("atop_members"))
    else:
        spells = alliances.cow_pair_spells(data.table("cow_alliance_dyads", folder=folder))
    return spells, alliances.collapse_pair_spells(spells, key, types, prefix)


def _add_alliance(df: pd.DataFrame, prefix: str, lag: int, folder: str | None) -> pd.DataFrame:
    verb = f"add_{prefix}_alliance"
    require(df, verb)
    _, allied = allied_dyad_years(prefix, folder)
    table = mids.mirror(allied) if is_directed(df) else allied
    return run(df, verb, lambda p: alliances.add_alliances(p, table, prefix, lag), keys=_DYAD,
               sources=[ALLIANCE[prefix][2], V.STATES])


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
    prefixes = [p for p in ALLIANCE if f"{p}_any" in df.columns]
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
    spells = {p: allied_dyad_years(p)[0] for p in prefixes}
    inputs = [f"{p}_{t}" for p in prefixes for t in ("any", *ALLIANCE[p][1])]

    def core(p: pd.DataFrame) -> pd.DataFrame:
        helpers = []
        for e, table in days.items():
            p = attach(p, table, list(_DYAD), {f"{e}_onset_day": f"{e}_onset_day"})
            helpers.append(f"{e}_onset_day")
        for prefix in prefixes:
            for e in days:
                p = timing.add_eve_status(p, spells[prefix], prefix, ("any", *ALLIANCE[prefix][1]), f"{e}_onset_day",
                                          f"pre{e}")
        return p.drop(columns=helpers)

    srcs = [ALLIANCE[p][2] for p in prefixes] + [V.WAR if e == "war" else V.MID for e in days] + [V.STATES]
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
