"""Directed dyad-years for MID initiation: who initiates, and the alliance pledges of each role.

The design of Leeds (2003) and Johnson & Leeds (2011): in the directed dyad-year (A, B, t),
state 1 (A) is the potential challenger and state 2 (B) the potential target. The variables
added here are directed (their value for (A, B) differs from that for (B, A)); every other
variable of the directed panel is the non-directed dyad-year's, mirrored
(:func:`alliancewar.panels.build.to_directed`).

Initiation (COW MID 5.0 participants, ``MIDB``)
    ``initiator`` is 1 when a dispute begins in the year in which A is an *originator* on
    Side A and B an originator on Side B (Side A is the side that took the first militarized
    action; originators are the states involved on the dispute's first day, joiners come
    later). The year is that of the two states' first common day of participation. Joiners
    are left out on both sides, the convention of directed-dyad initiation studies (a joiner
    did not choose to begin the dispute with this target). ``mid5_onset`` / ``mid5_ongoing``
    are the (symmetric) MID 5.0 dispute onset and dispute years of the dyad, with states on
    opposite sides whose participation shares a day (:func:`alliancewar.panels.mids.mid5_dyad_years`);
    ``initiator_ongoing_only`` marks years in a dispute that began earlier and no new dispute
    (the rows an onset model drops); ``mid5_peace_years`` / ``mid5_peace_years_ongoing`` count
    the years since the dyad's last MID 5.0 onset / dispute year (:mod:`.peace`).

Alliance pledges by role (ATOP 5.1 member-level file)
    A *pledge* of type T (defense, offense, neutrality, consultation) received by a state X
    from a third state C: C and X are members of the same ATOP alliance in the year (their
    membership spells share a day) and C undertook obligation T in it (ATOP's member-level
    obligation flags are the member's own promises, so in an asymmetric alliance only the
    guarantor's promise counts). The pledge *covers a conflict* between X and Y when

    1. Y is not a member of that alliance in the year (C != Y follows; a conflict between two
       members is not covered, and an A-B alliance is measured by the non-directed
       ``atop_any`` / ``atop_defense`` ...), and
    2. ATOP's adversary condition holds: an obligation conditional on a specific adversary
       (``defcoadv``, ``offcoadv``, ``neucoadv``, ``concoadv``) covers Y only if Y is one of the
       states C's membership record names as a threat (``statthr1``, ``statthr2``), when it names
       any;
    3. for the challenger's pledges (state 1: the conflict is one A would begin), obligations
       conditional on A not having provoked the attack or on A being attacked (``defconpr``;
       ``neuconpr``, ``neucoatt``) do not apply; the target's pledges (state 2) keep them.

    ``atop_third_<type>1``: A holds such a pledge covering a conflict with B;
    ``atop_third_<type>2``: B holds one covering a conflict with A; each with ``_lag1`` (the
    previous year's status).

    Simplifications where the member file does not allow ATOP's full coding -- a condition that
    cannot be checked is treated as met: (a) an adversary-conditional obligation whose record
    names no state as a threat (the adversary is a class of states, "a European power", "a
    non-belligerent", or is not recorded: 68 of the 264 adversary-conditional defense records in
    20 alliances, among them the Franco-Russian convention of 1893 and the Franco-Soviet pact of
    1935; 7 of 175 offense, 8 of 48 neutrality, 19 of 76 consultation records in ATOP 5.1) covers
    every non-member; (b) conditions on the location of the conflict, on a specific conflict, on
    the number of adversaries and on demands (``*coloc``, ``*cocon``, ``*conum``, ``*codem``) are
    treated as met; (c) membership of Y in the alliance is taken by year, not by day; (d) the
    named threats are member-level, not obligation-level, so they apply to whichever of the
    member's obligations is adversary-conditional.

References
----------
Leeds, B. A. (2003). Do alliances deter aggression? The influence of military alliances on the
initiation of militarized interstate disputes. *American Journal of Political Science* 47(3),
427-439. Johnson, J. C. & Leeds, B. A. (2011). Defense pacts: a prescription for peace?
*Foreign Policy Analysis* 7(1), 45-65. Leeds, B. A. et al. (2002), ATOP codebook v5.1 (2022).
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ..sources import Source
from .coverage import apply_coverage
from .intervals import expand_years, pair_within
from .mids import mid5_dyad_years
from .peace import unit_order, years_since

log = logging.getLogger(__name__)

#: Pledge types by role, with ATOP's member-level obligation flag.
PLEDGE_TYPES = ("defense", "offense", "neutral", "consul")
#: Obligation -> ATOP's flag "conditional on a specific adversary".
ADVERSARY_CONDITION = {"defense": "defcoadv", "offense": "offcoadv", "neutral": "neucoadv", "consul": "concoadv"}
#: Obligation -> conditions under which it does not apply when its holder begins the conflict.
CHALLENGER_EXCLUDED = {"defense": ("defconpr",), "offense": (), "neutral": ("neuconpr", "neucoatt"), "consul": ()}
THREATS = ("statthr1", "statthr2")
#: Clean tables the directed variables need.
DIRECTED_TABLES = ("atop_members", "mid_participants", "mid_disputes")
KEYS = ["ccode1", "ccode2", "year"]


def pledge_column(obligation: str, role: int, lag: int = 0) -> str:
    """Panel column of a role pledge: ``atop_third_<obligation><role>`` (``_lag1`` for lag 1)."""
    return f"atop_third_{obligation}{role}" + (f"_lag{lag}" if lag else "")


def _key(*cols: np.ndarray) -> np.ndarray:
    """An int64 key of ccode/year columns (each < 10,000)."""
    key = np.zeros(len(cols[0]), dtype=np.int64)
    for c in cols:
        key = key * 10_000 + np.asarray(c, dtype=np.int64)
    return key


def _member_frame(members: pd.DataFrame) -> pd.DataFrame:
    """ATOP member spells with obligations, conditions (missing = 0) and named threats (missing = NA)."""
    cond = sorted({c for t in PLEDGE_TYPES for c in (ADVERSARY_CONDITION[t], *CHALLENGER_EXCLUDED[t])})
    m = pd.DataFrame({"atopid": members["atopid"].astype(np.int64), "ccode": members["ccode"].astype(np.int64),
                      "start": members["entry"], "end": members["exit"]})
    for c in (*PLEDGE_TYPES, *cond):
        m[c] = members[c].fillna(0).astype(np.int8).to_numpy() if c in members else np.int8(0)
    for c in THREATS:
        m[c] = members[c].astype("float64").to_numpy() if c in members else np.nan
    return m


def member_years(members: pd.DataFrame) -> pd.DataFrame:
    """Distinct (atopid, ccode, year): the state is a member of the alliance on some day of the year."""
    m = _member_frame(members)
    return expand_years(m, "start", "end")[["atopid", "ccode", "year"]].drop_duplicates(ignore_index=True)


def pledge_years(members: pd.DataFrame) -> pd.DataFrame:
    """Pledges received, by year: holder (``ccode1``), pledger (``ccode2``), ``atopid``, ``year``.

    Columns ``<type>2`` (the pledger's obligation flags), its adversary and exclusion conditions
    (suffix ``2``) and its named threats (``statthr1_2``, ``statthr2_2``, NaN = none).
    """
    m = _member_frame(members)
    pairs = pair_within(m, "atopid", "ccode", "start", "end")
    years = expand_years(pairs, "start", "end")
    keep = ["ccode1", "ccode2", "atopid", "year"] + [c for c in years.columns if c.endswith("2") and c not in
                                                     ("ccode2",) and not c.startswith(("start", "end"))]
    years = years[keep].rename(columns={f"{t}2": f"{t}_2" for t in THREATS})
    return years.drop_duplicates(ignore_index=True)


def _counts(table_keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """How often each ``query`` key occurs among ``table_keys`` (0 when never)."""
    uniq, n = np.unique(table_keys, return_counts=True)
    if not len(uniq):
        return np.zeros(len(query), dtype=np.int64)
    idx = pd.Index(uniq).get_indexer(query)
    return np.where(idx >= 0, n[np.maximum(idx, 0)], 0)


def _covered(holder: np.ndarray, opponent: np.ndarray, year: np.ndarray, general: pd.DataFrame,
             named: pd.DataFrame, my: pd.DataFrame) -> np.ndarray:
    """1 where ``holder`` has a pledge covering a conflict with ``opponent`` in ``year``.

    ``general``: (ccode1 holder, atopid, year) of pledges without an adversary condition;
    ``named``: (ccode1, atopid, year, threat) of adversary-conditional pledges; ``my``:
    membership years (atopid, ccode, year).
    """
    # general pledges: some alliance of the holder's that the opponent is not a member of
    n_all = _counts(_key(general["ccode1"], general["year"]), _key(holder, year))
    shared = general.merge(my, on=["atopid", "year"])
    shared = shared[shared["ccode"] != shared["ccode1"]]
    n_excl = _counts(_key(shared["ccode1"], shared["ccode"], shared["year"]), _key(holder, opponent, year))
    covered = (n_all - n_excl) > 0
    # adversary-conditional pledges naming the opponent, opponent not a member of that alliance
    hit = named.merge(my.rename(columns={"ccode": "threat"}).assign(_member=True), on=["atopid", "year", "threat"],
                      how="left")
    hit = hit[hit["_member"].isna()]
    named_keys = pd.Index(np.unique(_key(hit["ccode1"], hit["threat"], hit["year"])))
    covered |= named_keys.get_indexer(_key(holder, opponent, year)) >= 0
    return covered.astype(np.int8)


def role_pledges(keys: pd.DataFrame, members: pd.DataFrame, lag: int = 1) -> dict[str, np.ndarray]:
    """The role pledge columns (:func:`pledge_column`) for directed dyad-years ``keys``.

    Parameters
    ----------
    keys
        Directed dyad-years: ``ccode1`` (potential challenger), ``ccode2`` (potential target), ``year``.
    members
        Clean ``atop_members`` (with the condition and threat columns).
    lag
        Also the status in year ``t - lag`` (0 = none).

    Returns
    -------
    dict
        Column name -> int8 array aligned with ``keys``.
    """
    py = pledge_years(members)
    my = member_years(members)
    a = keys["ccode1"].to_numpy(dtype=np.int64)
    b = keys["ccode2"].to_numpy(dtype=np.int64)
    t = keys["year"].to_numpy(dtype=np.int64)
    out: dict[str, np.ndarray] = {}
    for ob in PLEDGE_TYPES:
        pledged = py[py[f"{ob}2"] == 1]
        named_any = pledged[[f"{th}_2" for th in THREATS]].notna().any(axis=1)
        unnamed = (pledged[ADVERSARY_CONDITION[ob] + "2"] == 1) & ~named_any
        if unnamed.any():
            log.info("ATOP %s pledges conditional on an adversary no record names, treated as covering every "
                     "non-member: %d pledge-years", ob, int(unnamed.sum()))
        adv = (pledged[ADVERSARY_CONDITION[ob] + "2"] == 1) & named_any
        for role, holder, opponent in ((1, a, b), (2, b, a)):
            rows = pledged
            mask_adv = adv
            if role == 1 and CHALLENGER_EXCLUDED[ob]:
                ok = ~pledged[[f"{c}2" for c in CHALLENGER_EXCLUDED[ob]]].eq(1).any(axis=1)
                rows, mask_adv = pledged[ok], adv[ok]
            general = rows.loc[~mask_adv, ["ccode1", "atopid", "year"]].drop_duplicates()
            cond = rows[mask_adv]
            named = pd.concat([cond[["ccode1", "atopid", "year"]].assign(threat=cond[f"{th}_2"]) for th in THREATS])
            named = named.dropna(subset=["threat"]).astype(np.int64).drop_duplicates()
            for k in ((0, lag) if lag else (0,)):
                out[pledge_column(ob, role, k)] = _covered(holder, opponent, t - k, general, named, my)
    return out


def initiations(participants: pd.DataFrame) -> pd.DataFrame:
    """Directed initiation years: (ccode1 = Side A originator, ccode2 = Side B originator, year).

    One row per directed dyad-year in which at least one such dispute begins (the year of the
    two states' first common day of participation), with ``n_initiations`` (disputes begun).
    """
    p = participants[["dispnum", "ccode", "sidea", "orig", "start", "end"]].copy()
    for c in ("dispnum", "ccode", "sidea", "orig"):
        p[c] = p[c].astype(np.int64)
    pairs = pair_within(p, "dispnum", "ccode", "start", "end",
                        condition="sidea1 == 1 and sidea2 == 0 and orig1 == 1 and orig2 == 1")
    first = pairs.groupby(["dispnum", "ccode1", "ccode2"])["start"].min().reset_index()
    first["year"] = first["start"].dt.year.astype(np.int64)
    out = first.groupby(["ccode1", "ccode2", "year"]).size().rename("n_initiations").reset_index()
    out["initiator"] = np.int8(1)
    return out


def _lookup(keys: pd.DataFrame, table: pd.DataFrame, column: str, fill: float) -> np.ndarray:
    idx = pd.Index(_key(table["ccode1"], table["ccode2"], table["year"])).get_indexer(
        _key(keys["ccode1"], keys["ccode2"], keys["year"]))
    values = np.r_[table[column].to_numpy(dtype="float64"), fill]  # index -1 (no match) takes the fill
    return values[idx]


def initiation_columns(keys: pd.DataFrame, participants: pd.DataFrame, disputes: pd.DataFrame
                       ) -> dict[str, np.ndarray]:
    """``initiator``, the MID 5.0 onset/ongoing flags, ``initiator_ongoing_only`` and peace-years."""
    init = initiations(participants)
    mid5, _ = mid5_dyad_years(participants, disputes)
    out = {"initiator": _lookup(keys, init, "initiator", 0.0).astype(np.int8),
           "mid5_onset": _lookup(keys, mid5, "mid_onset", 0.0).astype(np.int8),
           "mid5_ongoing": _lookup(keys, mid5, "mid_ongoing", 0.0).astype(np.int8)}
    out["initiator_ongoing_only"] = ((out["mid5_ongoing"] == 1) & (out["mid5_onset"] == 0)).astype(np.int8)
    order, years, new_unit = unit_order(keys)
    out["mid5_peace_years"] = years_since(out["mid5_onset"], order, years, new_unit)
    out["mid5_peace_years_ongoing"] = years_since(out["mid5_ongoing"], order, years, new_unit)
    return out


def capability_share(directed: pd.DataFrame) -> np.ndarray:
    """``cinc_share1``: state 1's share of the dyad's capabilities, cinc1 / (cinc1 + cinc2) (NaN if 0 or unknown)."""
    c1 = directed["cinc1"].to_numpy(dtype="float64", na_value=np.nan)
    c2 = directed["cinc2"].to_numpy(dtype="float64", na_value=np.nan)
    total = c1 + c2
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, c1 / total, np.nan)


def add_directed_variables(directed: pd.DataFrame, tables: dict[str, pd.DataFrame], sources: dict[str, Source],
                           panel_end: int, lag: int = 1) -> pd.DataFrame:
    """Add the directed variables (module docstring) to a mirrored directed panel, coverage applied.

    Parameters
    ----------
    directed
        Directed dyad-years (:func:`alliancewar.panels.build.to_directed`).
    tables
        Clean tables :data:`DIRECTED_TABLES`.
    sources
        The source registry (coverage).
    panel_end
        Last panel year (config ``panel.end_year``).
    lag
        ``panel.alliance_lag`` (the pledge columns also come lagged).
    """
    keys = directed[KEYS]
    new = {**initiation_columns(keys, tables["mid_participants"], tables["mid_disputes"]),
           **role_pledges(keys, tables["atop_members"], lag)}
    if "cinc1" in directed:
        new["cinc_share1"] = capability_share(directed)
    masked = apply_coverage(pd.DataFrame({"year": keys["year"].to_numpy(), **new}), sources, panel_end)
    added = pd.DataFrame({col: masked[col].to_numpy() for col in new}, index=directed.index)
    out = pd.concat([directed.drop(columns=[c for c in new if c in directed]), added], axis=1)
    log.info("directed dyad-years: %d rows; %d initiations; target defense pledges (t) in %d rows", len(out),
             int(np.nansum(out["initiator"])), int(np.nansum(out[pledge_column("defense", 2)])))
    return out
