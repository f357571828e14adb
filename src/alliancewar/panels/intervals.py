"""Vectorised interval helpers: day-level overlaps and expansion of spells into years.

Everything here works on whole columns (numpy / pandas); nothing loops over rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def expand_years(df: pd.DataFrame, start: str, end: str, year: str = "year") -> pd.DataFrame:
    """Repeat each row once per calendar year its ``[start, end]`` date interval touches.

    Parameters
    ----------
    df
        Rows with datetime columns ``start`` and ``end`` (``end >= start``).
    start, end
        Column names of the interval.
    year
        Name of the year column added.

    Returns
    -------
    DataFrame
        ``df``'s columns plus ``year``; the index is reset.
    """
    y0 = df[start].dt.year.to_numpy(dtype=np.int64)
    y1 = df[end].dt.year.to_numpy(dtype=np.int64)
    n = np.maximum(y1 - y0 + 1, 0)
    idx = np.repeat(np.arange(len(df)), n)
    offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    out = df.iloc[idx].reset_index(drop=True)
    out[year] = (y0[idx] + offset).astype(np.int64)
    return out


def pair_within(df: pd.DataFrame, key: str, unit: str, start: str, end: str,
                condition: str | None = None) -> pd.DataFrame:
    """Pair rows sharing ``key`` whose date intervals overlap on at least one day.

    A self-join on ``key`` (an alliance, a war, a dispute): every pair of rows of different
    units (``unit``, e.g. ccode) whose intervals share a day, with the overlap interval.

    Parameters
    ----------
    df
        Spells with columns ``key``, ``unit``, ``start``, ``end`` and any others.
    key, unit, start, end
        Column names.
    condition
        Optional ``DataFrame.query`` expression on the joined frame (suffixes ``1``/``2``),
        e.g. ``"side1 != side2"``.

    Returns
    -------
    DataFrame
        Directed pairs: ``key``, columns of each side suffixed ``1`` and ``2``, and ``start``
        / ``end`` of the common interval.
    """
    left = df.add_suffix("1").rename(columns={f"{key}1": key})
    right = df.add_suffix("2").rename(columns={f"{key}2": key})
    m = left.merge(right, on=key)
    m = m[m[f"{unit}1"] != m[f"{unit}2"]]
    if condition:
        m = m.query(condition)
    s = np.maximum(m[f"{start}1"].to_numpy(), m[f"{start}2"].to_numpy())
    e = np.minimum(m[f"{end}1"].to_numpy(), m[f"{end}2"].to_numpy())
    m = m.assign(start=s, end=e)
    return m[m["start"] <= m["end"]].reset_index(drop=True)


def day_number(dates: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 of a datetime column, as int64 (for fast comparisons)."""
    return dates.to_numpy().astype("datetime64[D]").astype(np.int64)


_RADIX = {"ccode": 10_000, "ccode1": 10_000, "ccode2": 10_000, "year": 10_000}


def row_key(df: pd.DataFrame, on: list[str]) -> np.ndarray:
    """An int64 key combining integer columns ``on`` (ccodes < 10,000 and years < 10,000)."""
    key = np.zeros(len(df), dtype=np.int64)
    for col in on:
        key = key * _RADIX.get(col, 100_000) + df[col].to_numpy(dtype=np.int64)
    return key


def attach(panel: pd.DataFrame, table: pd.DataFrame, on: list[str], columns: dict[str, str],
           fill: float | int | None = None, dtype: object = None) -> pd.DataFrame:
    """Add ``table``'s columns to ``panel`` by exact match on ``on`` (a fast left join).

    Parameters
    ----------
    panel, table
        ``table`` must be unique on ``on``.
    on
        Integer key columns present in both (e.g. ccode1, ccode2, year).
    columns
        ``{table column: new panel column}``.
    fill
        Value for panel rows without a match (``None`` = NaN).
    dtype
        Optional dtype of the new columns.
    """
    idx = pd.Index(row_key(table, on)).get_indexer(row_key(panel, on))
    out = panel.copy(deep=False)
    for src, dst in columns.items():
        col = take(table[src].to_numpy(), idx, fill)
        out[dst] = col if dtype is None else col.astype(dtype)
    return out


def take(values: np.ndarray, idx: np.ndarray, fill: float | int | None = None) -> np.ndarray:
    """``values[idx]`` with ``fill`` (``None`` = NaN, as float) where ``idx`` is -1 (no match)."""
    hit = idx >= 0
    col = np.full(len(idx), np.nan if fill is None else fill,
                  dtype="float64" if fill is None or values.dtype.kind == "f" else values.dtype)
    col[hit] = values[idx[hit]]
    return col
