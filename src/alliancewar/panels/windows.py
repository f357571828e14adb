"""Formation windows: conflict of an alliance's founding members in the years before and after it forms.

The design of Kenwick, Vasquez & Powers (2015) and the reply by Leeds & Johnson (2017): compare
the conflict of the states that form an alliance before and after they form it. For each ATOP
alliance (and each COW alliance when supplied):

* its *formation date* is the first day of its first membership spell and its formation year
  ``t0`` that date's year (:func:`alliancewar.panels.formation.membership_spells`; equal to
  ATOP's ``begyr``); alliances formed before the panel's first year are left out;
* its *founding members* are the states whose membership spell starts in ``t0``; later
  accessions are not formations;
* for each window length N (config ``windows.years``, default 5 and 10) and each unit -- a pair
  of founding members (dyad) or one founding member (state) -- the onsets in the N years before
  (``t0 - N .. t0 - 1``) and the N years after (``t0 + 1 .. t0 + N``). The formation year itself
  is in neither window (its events may precede or follow the signature).

Outcomes: dyads, the panel's MID onsets (``mid_onset``) and war onsets (``war_onset``); states,
the disputes the state enters (MID 5.0 participation spells starting in the year) and its war
entries (``n_war_entries``). A window is *complete* when the unit is in the panel in all N
years of it and the outcome is known in each (inside its source's coverage, the dyad's two
states system members); a count over an incomplete window is NA, never a partial sum, so the
before and after counts of a unit always cover the same number of years (a balanced pair).
``allied_before`` flags dyads already allied (any alliance of the same source) in ``t0 - 1``:
a renewal or second alliance rather than a new tie.

References
----------
Kenwick, M. R., Vasquez, J. A. & Powers, M. A. (2015). Do alliances really deter? *Journal of
Politics* 77(4), 943-954. Leeds, B. A. & Johnson, J. C. (2017). Theory, data, and deterrence: a
response to Kenwick, Vasquez, and Powers. *Journal of Politics* 79(1), 335-340.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..sources import Source
from .coverage import variable_coverage
from .formation import MEMBER_TABLES, membership_spells
from .variables import REGISTRY

log = logging.getLogger(__name__)

DEFAULT_WINDOWS = (5, 10)
NUCLEAR_ERA = 1945
#: Window count columns of each unit type, with the panel column (or derived outcome) they count.
OUTCOMES = {"dyad": {"mid_onsets": "mid_onset", "war_onsets": "war_onset"},
            "state": {"mid_entries": "mid_entries", "war_entries": "n_war_entries"}}
COLUMNS = ["alliance_source", "alliance", "formation_year", "nuclear_era", "defense_pact", "unit", "ccode1", "ccode2",
           "window_years", "allied_before"]


def formations(members: pd.DataFrame, prefix: str, start_year: int) -> pd.DataFrame:
    """Founding members of each alliance formed from ``start_year`` on.

    Returns
    -------
    DataFrame
        ``alliance``, ``ccode``, ``formed`` (formation date), ``formation_year``, ``defense_pact``
        (1 if a member of the alliance has a defense obligation in some phase).
    """
    spells = membership_spells(members, prefix)
    formed = spells.groupby("alliance")["start"].transform("min")
    spells = spells.assign(formed=formed, formation_year=formed.dt.year.astype(np.int64))
    founders = spells[(spells["start"].dt.year == spells["formation_year"]) & (spells["formation_year"] >= start_year)]
    founders = founders.drop_duplicates(["alliance", "ccode"])
    return founders.rename(columns={"defense": "defense_pact"})[
        ["alliance", "ccode", "formed", "formation_year", "defense_pact"]].reset_index(drop=True)


def founder_pairs(founders: pd.DataFrame) -> pd.DataFrame:
    """Non-directed pairs (ccode1 < ccode2) of founding members of the same alliance."""
    m = founders.merge(founders[["alliance", "ccode"]], on="alliance", suffixes=("1", "2"))
    m = m[m["ccode1"] < m["ccode2"]]
    return m[["alliance", "ccode1", "ccode2", "formation_year", "defense_pact"]].reset_index(drop=True)


def _key(*cols: np.ndarray) -> np.ndarray:
    key = np.zeros(len(cols[0]), dtype=np.int64)
    for c in cols:
        key = key * 10_000 + np.asarray(c, dtype=np.int64)
    return key


def window_sums(units: pd.DataFrame, unit_keys: list[str], panel: pd.DataFrame, columns: dict[str, str],
                windows: Sequence[int]) -> pd.DataFrame:
    """Before and after sums of ``panel`` columns for each unit and window length.

    Parameters
    ----------
    units
        One row per unit with ``unit_keys`` and ``formation_year``.
    unit_keys
        Columns identifying the unit in ``panel`` (``["ccode1", "ccode2"]`` or ``["ccode"]``).
    panel
        Yearly panel with ``unit_keys``, ``year`` and the counted columns (NA = unknown).
    columns
        Output stem -> panel column (``{"mid_onsets": "mid_onset"}`` gives ``mid_onsets_before``
        and ``mid_onsets_after``).
    windows
        Window lengths N.

    Returns
    -------
    DataFrame
        ``units`` repeated per window (``window_years``), with the sums; NA where the window
        is incomplete (a year missing from ``panel`` or NA in it).
    """
    n_max = max(windows)
    offsets = np.r_[np.arange(-n_max, 0), np.arange(1, n_max + 1)]
    rep = np.repeat(np.arange(len(units)), len(offsets))
    off = np.tile(offsets, len(units))
    year = units["formation_year"].to_numpy(dtype=np.int64)[rep] + off
    idx = pd.Index(_key(*(panel[k] for k in unit_keys), panel["year"])).get_indexer(
        _key(*(units[k].to_numpy(dtype=np.int64)[rep] for k in unit_keys), year))
    out = []
    for n in windows:
        part = units.assign(window_years=int(n)).reset_index(drop=True)
        for stem, col in columns.items():
            values = np.r_[panel[col].to_numpy(dtype="float64", na_value=np.nan), np.nan][idx]  # -1: not in panel
            for side, inside in (("before", (off < 0) & (off >= -n)), ("after", (off > 0) & (off <= n))):
                v = np.where(inside, values, 0.0)
                known = np.bincount(rep, weights=(inside & np.isfinite(values)).astype(float), minlength=len(units))
                total = np.bincount(rep, weights=np.nan_to_num(v, nan=0.0), minlength=len(units))
                part[f"{stem}_{side}"] = np.where(known == n, total, np.nan)
        out.append(part)
    return pd.concat(out, ignore_index=True)


def state_mid_entries(participants: pd.DataFrame, state_years: pd.DataFrame) -> pd.DataFrame:
    """``mid_entries``: disputes each state enters in the year (MID 5.0 spells starting then), per state-year."""
    p = participants[["dispnum", "ccode", "start"]].assign(year=participants["start"].dt.year)
    n = p.drop_duplicates(["dispnum", "ccode"]).groupby(["ccode", "year"]).size().rename("mid_entries").reset_index()
    sy = state_years[["ccode", "year"]].astype(np.int64)
    out = sy.merge(n.astype(np.int64), on=["ccode", "year"], how="left")
    out["mid_entries"] = out["mid_entries"].fillna(0).astype("float64")
    return out


def _mask_coverage(df: pd.DataFrame, sources: dict[str, Source], panel_end: int, aliases: dict[str, str]
                   ) -> pd.DataFrame:
    """NA where a window reaches outside its count variable's coverage (registry sources)."""
    t0, n = df["formation_year"].to_numpy(), df["window_years"].to_numpy()
    for col in df.columns:
        var = REGISTRY.get(col)
        if var is None or not col.endswith(("_before", "_after")):
            continue
        lo, hi = variable_coverage(var, sources, panel_end, aliases)
        first, last = (t0 - n, t0 - 1) if col.endswith("_before") else (t0 + 1, t0 + n)
        df[col] = np.where((first >= lo) & (last <= hi), df[col], np.nan)
    return df


def build_windows(tables: dict[str, pd.DataFrame], dyads: pd.DataFrame, states: pd.DataFrame,
                  sources: dict[str, Source], *, start_year: int = 1816, panel_end: int = 2016,
                  windows: Sequence[int] = DEFAULT_WINDOWS, cow_alliances: bool = False,
                  aliases: dict[str, str] | None = None) -> pd.DataFrame:
    """The formation-window table: one row per alliance source, alliance, unit and window length.

    Parameters
    ----------
    tables
        Clean ``atop_members``, ``mid_participants`` and, with ``cow_alliances``, ``cow_alliance_members``.
    dyads
        Non-directed dyad-years with ``mid_onset``, ``war_onset``, ``atop_any`` (and ``cow_any``).
    states
        State-years with ``n_war_entries``.
    sources
        The source registry (coverage).
    start_year, panel_end
        First and last panel year.
    windows
        Window lengths N (config ``windows.years``).
    cow_alliances
        Also the COW alliances (user-supplied).
    aliases
        Registry source substitutions of the panel options (MID 5.0 for dyadic MIDs).

    Returns
    -------
    DataFrame
        :data:`COLUMNS` and the before/after counts of :data:`OUTCOMES` (NA for the other unit
        type and for incomplete windows); sorted.
    """
    prefixes = ["atop", *(["cow"] if cow_alliances and MEMBER_TABLES["cow"] in tables else [])]
    state_panel = state_mid_entries(tables["mid_participants"], states).merge(
        states[["ccode", "year", "n_war_entries"]].astype({"ccode": np.int64, "year": np.int64}),
        on=["ccode", "year"], how="left")
    parts = []
    for prefix in prefixes:
        founders = formations(tables[MEMBER_TABLES[prefix]], prefix, start_year)
        pairs = founder_pairs(founders)
        d = window_sums(pairs, ["ccode1", "ccode2"], dyads, OUTCOMES["dyad"], windows)
        allied = dyads[f"{prefix}_any"].to_numpy(dtype="float64", na_value=np.nan)
        idx = pd.Index(_key(dyads["ccode1"], dyads["ccode2"], dyads["year"])).get_indexer(
            _key(d["ccode1"], d["ccode2"], d["formation_year"] - 1))
        d["allied_before"] = np.r_[allied, np.nan][idx]
        s = window_sums(founders.rename(columns={"ccode": "ccode1"}).assign(ccode=founders["ccode"]), ["ccode"],
                        state_panel, OUTCOMES["state"], windows).drop(columns=["ccode", "formed"])
        parts += [d.assign(unit="dyad", alliance_source=prefix), s.assign(unit="state", alliance_source=prefix)]
    out = pd.concat(parts, ignore_index=True)
    out["nuclear_era"] = (out["formation_year"] >= NUCLEAR_ERA).astype(np.int8)
    out["ccode2"] = out["ccode2"].astype("Int64")
    counts = [f"{stem}_{side}" for u in OUTCOMES.values() for stem in u for side in ("before", "after")]
    out = out.reindex(columns=[*COLUMNS, *counts])
    out = _mask_coverage(out, sources, panel_end, aliases or {})
    out = out.sort_values(["alliance_source", "unit", "window_years", "alliance", "ccode1", "ccode2"],
                          ignore_index=True)
    log.info("formation windows: %d rows (%s)", len(out),
             ", ".join(f"{k}: {v}" for k, v in out.groupby(["alliance_source", "unit"]).size().items()))
    return out


def write_windows(config: dict, clean_dir: str | Path, panel_dir: str | Path, out: str | Path) -> Path:
    """Build :func:`build_windows` from a resolved config and the clean tables and panels; write it."""
    from ..config import panel_options
    from ..io import write_parquet
    from ..sources import load_sources
    from .build import load_tables

    opts = panel_options(config)
    optional = (MEMBER_TABLES["cow"],) if opts.cow_alliances else ()
    tables = load_tables(clean_dir, (MEMBER_TABLES["atop"], "mid_participants"), optional)
    dyad_cols = ["ccode1", "ccode2", "year", "mid_onset", "war_onset", "atop_any", *(["cow_any"] if optional else [])]
    dyads = pd.read_parquet(Path(panel_dir) / "dyad_years.parquet", columns=dyad_cols)
    states = pd.read_parquet(Path(panel_dir) / "state_years.parquet", columns=["ccode", "year", "n_war_entries"])
    years = tuple((config.get("windows") or {}).get("years") or DEFAULT_WINDOWS)
    table = build_windows(tables, dyads, states, load_sources(config["sources"]), start_year=opts.start_year,
                          panel_end=opts.end_year, windows=years, cow_alliances=opts.cow_alliances,
                          aliases=opts.source_aliases)
    return write_parquet(table, out)
