"""Reading R data files (``.rda``/``.rds``) of package-data sources (peacesciencer, isard) with pyreadr.

R stores integer-valued columns as doubles and dates as day counts; :func:`read_rdata` returns the
named object as a data frame and :func:`whole_numbers` turns code and year columns into nullable
integers, failing with the file and column named when a value is not a whole number.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataFormatError


def read_rdata(path: str | Path, name: str, required: Iterable[str]) -> pd.DataFrame:
    """Read object ``name`` of an R data file and check its columns.

    Raises
    ------
    DataFormatError
        When the file cannot be read as R data, lacks the object, or lacks a required column.
    """
    import pyreadr

    path = Path(path)
    try:
        objects = pyreadr.read_r(str(path))
    except Exception as exc:  # pyreadr raises its own error types (and OSError) for broken files
        raise DataFormatError(f"{path}: cannot read R data ({exc})") from exc
    if name not in objects:
        key = next(iter(objects), None) if path.suffix.lower() == ".rds" else None
        if key is None:
            raise DataFormatError(f"{path}: no R object '{name}'; it holds {list(objects)}")
        name = key
    df = objects[name]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataFormatError(f"{path}: object '{name}' lacks column(s) {missing}; found {list(df.columns)}")
    return df.reset_index(drop=True)


def whole_numbers(df: pd.DataFrame, columns: Iterable[str], path: str | Path) -> pd.DataFrame:
    """``columns`` as nullable integers (``Int64``).

    Raises
    ------
    DataFormatError
        Naming the file and the column when a value is not a whole number.
    """
    out = df.copy()
    for c in columns:
        col = pd.to_numeric(out[c], errors="coerce").astype("float64")
        bad = (col.notna() & (col % 1 != 0)) | (col.isna() & out[c].notna())
        if bad.any():
            raise DataFormatError(f"{path}: column '{c}' must hold whole numbers; found {out.loc[bad, c].head(3).tolist()}")
        out[c] = col.astype("Int64")
    return out


def dates(values: pd.Series, path: str | Path, column: str) -> pd.Series:
    """An R ``Date`` column (read as Python dates or day counts) as ``datetime64[ns]``.

    Raises
    ------
    DataFormatError
        When a value is not a date.
    """
    try:
        out = pd.to_datetime(pd.Series(values), errors="raise")
    except (ValueError, TypeError) as exc:
        raise DataFormatError(f"{path}: column '{column}' must hold dates ({exc})") from exc
    return out.astype("datetime64[ns]")


def flags(values: pd.Series) -> pd.Series:
    """A 0/1 indicator stored as 1 or NA (peacesciencer's convention) as ``Int64`` 0/1."""
    v = pd.to_numeric(values, errors="coerce").astype("float64")
    return pd.Series(np.where(v.fillna(0) > 0, 1, 0), index=values.index).astype("Int64")
