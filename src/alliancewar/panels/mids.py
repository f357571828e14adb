"""Militarized interstate dispute (MID) variables for dyad-years.

Default source: the COW dyadic MID file 4.02 (Maoz et al. 2019), which lists every directed
dyad-year of every dispute (1816-2014: the file carries disputes through 2014 and an
``ongo2014`` flag, so its coverage is 2014, not 2010). Option: build dyads from MID 5.0
participants (states on opposite sides whose participation overlaps on a common day).

Several disputes can fall on one dyad-year (METHODS pitfall 8). One dispute is kept per
dyad-year by this ordered rule list, peacesciencer's order (Miller 2022): (1) unique onsets
-- a dispute beginning that year beats an ongoing one; (2) highest fatality level; (3)
highest hostility level; (4) longest duration; (5) reciprocated; (6) earliest start date;
(7) lowest dispute number (a deterministic final tie-break). Each rule keeps the rows equal to
the best value in their dyad-year; the number of rows each rule removed is returned and logged.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from .intervals import attach, day_number, expand_years, pair_within

log = logging.getLogger(__name__)

#: (column, keep the largest?) in the order the rules apply.
DEDUP_RULES: tuple[tuple[str, str, bool], ...] = (
    ("unique onsets", "onset", True),
    ("highest fatality", "fatality", True),
    ("highest hostility", "hostlev", True),
    ("longest duration", "duration", True),
    ("reciprocated", "recip", True),
    ("earliest start", "start_day", False),
    ("lowest dispute number", "dispnum", False),
)


def dedupe_dispute_years(dy: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, dict[str, int]]:
    """Keep one dispute per dyad-year by the ordered rule list :data:`DEDUP_RULES`.

    Parameters
    ----------
    dy
        Dispute-dyad-years with ``keys`` and the rule columns (onset, fatality, hostlev,
        duration, recip, start_day, dispnum); NA in a rule column ranks lowest.
    keys
        Columns identifying a dyad-year.

    Returns
    -------
    (DataFrame, dict)
        One row per dyad-year, and rows removed by each rule (in order).
    """
    cur = dy
    removed: dict[str, int] = {}
    for label, col, largest in DEDUP_RULES:
        v = cur[col].astype("float64")
        v = v.fillna(-np.inf if largest else np.inf)
        best = v.groupby([cur[k] for k in keys]).transform("max" if largest else "min")
        keep = (v == best).to_numpy()
        removed[label] = int((~keep).sum())
        cur = cur[keep]
    assert not cur.duplicated(keys).any()
    for label, n in removed.items():
        log.info("MID duplicate rule '%s' removed %d dispute-dyad-year rows", label, n)
    return cur, removed


def mirror(df: pd.DataFrame) -> pd.DataFrame:
    """Both orders of non-directed dyad rows (ccode1 < ccode2): swap ccode1 and ccode2."""
    return pd.concat([df, df.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})], ignore_index=True)


def _flags(chosen: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Dyad-year MID variables from the kept disputes (``chosen``) and all dispute-dyad-years.

    ``fatal_mid_ongoing`` / ``force_mid_ongoing`` are 1 when *any* dispute of the dyad-year (not
    only the kept one) is fatal / reaches the use of force, so the ongoing years of a fatal
    dispute count even when a new non-fatal dispute begins in one of them. ``mid_onset_day`` is
    the day number of the earliest start among the disputes the dyad begins in the year (NaN
    without onset; for the pre-dispute alliance status, dropped by the builder).
    """
    onset = chosen["onset"].astype(bool)
    out = chosen[["ccode1", "ccode2", "year"]].copy()
    out["mid_onset"] = onset.astype(np.int8)
    out["fatal_mid_onset"] = (onset & chosen["fatality"].fillna(0).gt(0)).astype(np.int8)
    out["force_mid_onset"] = (onset & chosen["hostlev"].fillna(0).ge(4)).astype(np.int8)
    out["mid_ongoing"] = np.int8(1)
    keys = ["ccode1", "ccode2", "year"]
    r = rows.assign(_fatal=rows["fatality"].fillna(0).gt(0), _force=rows["hostlev"].fillna(0).ge(4),
                    _onset_day=np.where(rows["onset"].astype(bool), day_number(rows["start"]), np.nan))
    g = r.groupby(keys)
    per_year = pd.DataFrame({"fatal_mid_ongoing": g["_fatal"].any().astype(np.int8),
                             "force_mid_ongoing": g["_force"].any().astype(np.int8),
                             "mid_onset_day": g["_onset_day"].min()}).reset_index()
    out = attach(out, per_year, keys, {"fatal_mid_ongoing": "fatal_mid_ongoing",
                                       "force_mid_ongoing": "force_mid_ongoing"}, fill=0)
    out = attach(out, per_year, keys, {"mid_onset_day": "mid_onset_day"})
    out["mid_dispnum"] = chosen["dispnum"].astype(np.int64).to_numpy()
    out["mid_hostlev"] = chosen["hostlev"].astype("Int64").to_numpy()
    out["mid_fatality"] = chosen["fatality"].astype("Int64").to_numpy()
    return mirror(out)


def dyadic_mid_years(dyadic_mids: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """Directed MID dyad-years from the dyadic MID file, duplicates resolved.

    The rows with ccode1 < ccode2 are used (the file lists both directions) and the result is
    mirrored, so both directions of a dyad-year carry the same dispute. A dyad-year is an onset when the dispute began that year for the dyad (its first year in
    the file). Returns the frame (ccode1, ccode2, year, mid_onset, fatal_mid_onset,
    force_mid_onset, mid_ongoing, fatal_mid_ongoing, force_mid_ongoing, mid_dispnum, mid_hostlev,
    mid_fatality, mid_onset_day; see :func:`_flags`) and the rule counts.
    """
    d = dyadic_mids[dyadic_mids["ccode1"] < dyadic_mids["ccode2"]].copy()
    for c in ("ccode1", "ccode2", "year", "dispnum"):
        d[c] = d[c].astype(np.int64)
    first = d.groupby(["dispnum", "ccode1", "ccode2"])["year"].transform("min")
    d["onset"] = (d["year"] == first).astype(np.int8)
    d["start_day"] = day_number(d["start"])
    d = d.drop_duplicates(["dispnum", "ccode1", "ccode2", "year"])
    chosen, removed = dedupe_dispute_years(d, ["ccode1", "ccode2", "year"])
    return _flags(chosen, d), removed


def mid5_dyad_years(participants: pd.DataFrame, disputes: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """Directed MID dyad-years from MID 5.0 participants (option ``mid_source: mid5``).

    States on opposite sides (``sidea``) of a dispute whose participation spells share a day
    form a dyad; its onset is the year of the first common day. Dyad fatality and hostility
    are the higher of the two participants' levels; duration is the dyad's common days;
    reciprocation is the dispute's.
    """
    p = participants[["dispnum", "ccode", "sidea", "start", "end", "fatality", "hostlev"]].copy()
    for c in ("dispnum", "ccode", "sidea"):
        p[c] = p[c].astype(np.int64)
    pairs = pair_within(p, "dispnum", "ccode", "start", "end", condition="sidea1 != sidea2 and ccode1 < ccode2")
    pairs["fatality"] = pairs[["fatality1", "fatality2"]].max(axis=1)
    pairs["hostlev"] = pairs[["hostlev1", "hostlev2"]].max(axis=1)
    g = pairs.groupby(["dispnum", "ccode1", "ccode2"])
    spells = g.agg(start=("start", "min"), end=("end", "max"), fatality=("fatality", "max"),
                   hostlev=("hostlev", "max")).reset_index()
    spells["duration"] = (spells["end"] - spells["start"]).dt.days + 1
    spells = spells.merge(disputes[["dispnum", "recip"]].astype({"dispnum": np.int64}), on="dispnum", how="left")
    years = expand_years(spells, "start", "end")
    years["onset"] = (years["year"] == years["start"].dt.year).astype(np.int8)
    years["start_day"] = day_number(years["start"])
    chosen, removed = dedupe_dispute_years(years, ["ccode1", "ccode2", "year"])
    return _flags(chosen, years), removed


def add_mids(panel: pd.DataFrame, mid_years: pd.DataFrame) -> pd.DataFrame:
    """Merge MID dyad-years onto a dyad-year panel; zeros where no dispute; ``mid_ongoing_only``.

    Also the helper ``mid_onset_day`` (NaN without onset), dropped by the builder.
    """
    flags = ("mid_onset", "fatal_mid_onset", "force_mid_onset", "mid_ongoing", "fatal_mid_ongoing",
             "force_mid_ongoing")
    keys = ["ccode1", "ccode2", "year"]
    out = attach(panel, mid_years, keys, {c: c for c in flags}, fill=0)
    values = ("mid_dispnum", "mid_hostlev", "mid_fatality", "mid_onset_day")
    mv = mid_years.astype({c: "float64" for c in values})
    out = attach(out, mv, keys, {c: c for c in values})
    out["mid_ongoing_only"] = ((out["mid_ongoing"] == 1) & (out["mid_onset"] == 0)).astype(np.int8)
    return out
