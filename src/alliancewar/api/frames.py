"""How a public verb works on a user's frame: check keys, run the core on the keys, mask, record.

Every verb runs its core (the same function the pipeline's panel builder calls) on a narrow copy
of the frame -- its key columns and the input columns it reads --, takes the columns the core
adds, refuses to overwrite a column the frame already has, masks each new column to its
coverage years (:func:`alliancewar.panels.coverage.apply_coverage`, with the same dtypes as the
pipeline's panel), and records in ``df.attrs["alliancewar"]`` the sources and methods the frame
was built from (for :func:`alliancewar.cite`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..panels.coverage import apply_coverage
from . import data

META = "alliancewar"
DYAD_KEYS = {"cow": ("ccode1", "ccode2"), "gw": ("gwcode1", "gwcode2")}
STATE_KEYS = {"cow": ("ccode",), "gw": ("gwcode",)}


def meta(df: pd.DataFrame) -> dict[str, Any]:
    """The frame's alliancewar provenance (a copy): sources, methods, system, level, years."""
    m = dict(df.attrs.get(META) or {})
    m["sources"], m["methods"] = list(m.get("sources", [])), list(m.get("methods", []))
    return m


def level_of(df: pd.DataFrame) -> tuple[str, str]:
    """``(level, system)`` of a frame from its key columns: ("dyad" | "state", "cow" | "gw").

    Raises
    ------
    ValueError
        When the frame has neither dyad nor state keys, or no ``year``.
    """
    cols = set(df.columns)
    if "year" not in cols:
        raise ValueError(f"the frame needs a 'year' column; it has {list(df.columns)[:12]}")
    for system, keys in DYAD_KEYS.items():
        if set(keys) <= cols:
            return "dyad", system
    for system, keys in STATE_KEYS.items():
        if set(keys) <= cols:
            return "state", system
    raise ValueError("the frame needs dyad keys (ccode1, ccode2, year), state keys (ccode, year) or their "
                     f"Gleditsch-Ward forms (gwcode1, gwcode2 / gwcode); it has {list(df.columns)[:12]}")


def require(df: pd.DataFrame, verb: str, *, levels: Iterable[str] = ("dyad",), systems: Iterable[str] = ("cow",),
            columns: Iterable[str] = ()) -> tuple[str, str]:
    """Check that ``verb`` can run on ``df``; return its (level, system).

    Raises
    ------
    ValueError
        Naming the verb, what it needs and what the frame has.
    """
    level, system = level_of(df)
    if level not in tuple(levels) or system not in tuple(systems):
        want = " or ".join(f"{lv} ({', '.join((DYAD_KEYS if lv == 'dyad' else STATE_KEYS)[s])}, year)"
                           for lv in levels for s in systems)
        raise ValueError(f"{verb}() works on {want} frames; this one is a {system.upper()} {level}-year frame")
    keys = (DYAD_KEYS if level == "dyad" else STATE_KEYS)[system]
    gaps = [k for k in keys if df[k].isna().any()]
    if gaps:
        raise ValueError(f"{verb}(): key column(s) {gaps} have missing values (e.g. Gleditsch-Ward states without a "
                         f"COW code); drop those rows first: df.dropna(subset={list(keys)})")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{verb}() needs column(s) {missing}; add them first (e.g. with the verb that makes them)")
    return level, system


def end_year(df: pd.DataFrame) -> int:
    """The panel's last year: the one the frame was created for, else its largest year."""
    return int(meta(df).get("end_year") or df["year"].max())


def run(df: pd.DataFrame, verb: str, core: Callable[[pd.DataFrame], pd.DataFrame], *, keys: Iterable[str],
        inputs: Iterable[str] = (), sources: Iterable[str] = (), methods: Iterable[str] = (),
        aliases: dict[str, str] | None = None, drop: Iterable[str] = (), **extra: Any) -> pd.DataFrame:
    """Run ``core`` on the keys and ``inputs`` of ``df``; return ``df`` with the new columns, masked.

    Parameters
    ----------
    df
        The user's frame (not modified).
    verb
        Name for messages.
    core
        Function of the narrow frame returning it with columns added (row order kept).
    keys, inputs
        Columns the core reads.
    sources, methods
        Registry sources and method BibTeX keys to record.
    aliases
        Registry substitutions for coverage (MID 5.0 for dyadic MIDs).
    drop
        Helper columns of the core not to keep.
    extra
        Other provenance entries (e.g. ``mid_source``).
    """
    cols = list(dict.fromkeys([*keys, *inputs]))
    narrow = df[cols].copy(deep=False)
    res = core(narrow)
    if len(res) != len(df):
        raise AssertionError(f"{verb}: the core changed the number of rows")
    new = [c for c in res.columns if c not in narrow.columns and c not in set(drop)]
    clash = [c for c in new if c in df.columns]
    if clash:
        raise ValueError(f"{verb}(): the frame already has column(s) {clash}; drop them before adding them again")
    masked = apply_coverage(res[["year", *new]], data.registry(), end_year(df), aliases)
    out = pd.concat([df, pd.DataFrame({c: masked[c].to_numpy() for c in new}, index=df.index)], axis=1)
    m = meta(df)
    m["sources"] = list(dict.fromkeys([*m["sources"], *sources]))
    m["methods"] = list(dict.fromkeys([*m["methods"], *methods]))
    m.update(extra)
    out.attrs = {**df.attrs, META: m}
    return out


def is_directed(df: pd.DataFrame, keys: tuple[str, str] = ("ccode1", "ccode2")) -> bool:
    """Whether any row has its first code above its second (a directed frame)."""
    return bool((df[keys[0]].to_numpy() > df[keys[1]].to_numpy()).any())


def canonical(df: pd.DataFrame, core: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.DataFrame:
    """Run a core written for non-directed rows (ccode1 < ccode2) on any frame.

    Rows with ccode1 > ccode2 are passed with the two codes swapped; the core's new columns (all
    symmetric) are attached to the rows in their original order.
    """
    if not is_directed(df):
        return core(df)
    a, b = df["ccode1"].to_numpy(), df["ccode2"].to_numpy()
    view = df.copy(deep=False)
    view["ccode1"], view["ccode2"] = np.minimum(a, b), np.maximum(a, b)
    res = core(view)
    out = df.copy(deep=False)
    for c in res.columns:
        if c not in df.columns:
            out[c] = res[c].to_numpy()
    return out
