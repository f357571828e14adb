"""Attaching non-directed (symmetric) dyad-year values to frames of either direction."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .intervals import take


def undirected_key(a: np.ndarray, b: np.ndarray, year: np.ndarray) -> np.ndarray:
    """int64 key of the unordered pair {a, b} and the year (codes < 10,000, years < 10,000)."""
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    return (np.minimum(a, b) * 10_000 + np.maximum(a, b)) * 10_000 + np.asarray(year, dtype=np.int64)


def attach_undirected(panel: pd.DataFrame, table: pd.DataFrame, columns: dict[str, str], *,
                      codes: tuple[str, str] = ("ccode1", "ccode2"), fill: float | int | None = None,
                      dtype: object = None) -> pd.DataFrame:
    """Add ``table``'s columns to ``panel`` by the unordered pair and year (a fast left join).

    ``table`` holds one row per unordered pair-year (either order); ``panel`` may be directed.
    ``columns`` maps table columns to new panel columns; unmatched rows get ``fill`` (None = NaN).
    """
    a, b = codes
    key_t = undirected_key(table[a].to_numpy(), table[b].to_numpy(), table["year"].to_numpy())
    idx = pd.Index(key_t).get_indexer(undirected_key(panel[a].to_numpy(), panel[b].to_numpy(),
                                                     panel["year"].to_numpy()))
    new = {}
    for src, dst in columns.items():
        col = take(table[src].to_numpy(), idx, fill)
        new[dst] = col if dtype is None else col.astype(dtype)
    keep = panel.drop(columns=[c for c in new if c in panel.columns])
    return pd.concat([keep, pd.DataFrame(new, index=panel.index)], axis=1)
