"""Helpers shared by the cleaners: missing-value codes, dates from day/month/year columns.

Date rule (one rule for every source): an unknown start month becomes January and an
unknown start day the 1st; an unknown end month becomes December and an unknown end day the
last day of its month. Spells are therefore never shortened by missing precision: the widest
interval the source allows. Each assembled date has an ``*_imputed`` flag where any part was
unknown. Codes treated as unknown day/month: NA, 0 and the COW codes -9/-8/-7/-6.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataFormatError

log = logging.getLogger(__name__)

#: COW missing-value codes: -9 unknown, -8 not applicable, -7 / -6 / -5 special cases in
#: some files, -77/-88/-66 Polity's interruption/interregnum/transition codes.
COW_MISSING = (-9, -8, -7, -6, -5)
POLITY_SPECIAL = (-66, -77, -88)
_UNKNOWN_PARTS = (0, -9, -8, -7, -6)


def snake_case(name: str) -> str:
    """Return ``name`` in snake_case (``StartYear1`` -> ``start_year1``)."""
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip())
    return re.sub(r"[^0-9a-zA-Z]+", "_", s).strip("_").lower()


def to_na(df: pd.DataFrame, columns: Iterable[str], codes: Iterable[int] = COW_MISSING) -> pd.DataFrame:
    """Replace missing-value codes by NA in ``columns`` (nullable dtypes)."""
    codes = list(codes)
    out = df.copy()
    for c in columns:
        col = pd.to_numeric(out[c])
        is_float = pd.api.types.is_float_dtype(col.dtype) or (col.dropna() % 1 != 0).any()
        col = col.where(~col.isin(codes))
        out[c] = col.astype("Float64") if is_float else col.astype("Int64")
    return out


def require_integers(df: pd.DataFrame, columns: Iterable[str], path: str | Path, *, integer: bool = True) -> pd.DataFrame:
    """Coerce ``columns`` to nullable integers (or floats with ``integer=False``).

    Raises
    ------
    DataFormatError
        Naming the file and the column when a value is not a number (or not an integer).
    """
    out = df.copy()
    for c in columns:
        col = pd.to_numeric(out[c], errors="coerce")
        bad = col.isna() & out[c].notna()
        if bad.any():
            sample = out.loc[bad, c].astype(str).head(3).tolist()
            raise DataFormatError(f"{path}: column '{c}' must be numeric; found {sample}")
        if not integer:
            out[c] = col.astype("Float64")
            continue
        if (col.dropna() % 1 != 0).any():
            raise DataFormatError(f"{path}: column '{c}' must hold integers")
        out[c] = col.astype("Int64")
    return out


def invalid_to_na(df: pd.DataFrame, domains: dict[str, Iterable[int]], path: str | Path) -> pd.DataFrame:
    """Set values outside a column's codebook domain to NA, logging how many per column.

    Used for a handful of known coding errors in publisher files (e.g. a side code of 1969 in
    the dyadic MID file), which are kept visible in the log instead of silently passed on.
    """
    out = df.copy()
    for col, allowed in domains.items():
        bad = out[col].notna() & ~out[col].isin(list(allowed))
        if bad.any():
            log.warning("%s: %d value(s) of column '%s' outside its codebook domain %s set to NA: %s",
                        path, int(bad.sum()), col, sorted(allowed), sorted(set(out.loc[bad, col].tolist())))
            out.loc[bad, col] = pd.NA
    return out


def make_date(year: pd.Series, month: pd.Series, day: pd.Series, *, end: bool) -> tuple[pd.Series, pd.Series]:
    """Assemble dates from year/month/day columns with the module's unknown-part rule.

    Parameters
    ----------
    year, month, day
        Numeric columns; unknown parts are NA, 0 or negative COW codes. A missing year gives NA.
    end
        ``True`` for end dates (unknown month -> December, unknown day -> last of month).

    Returns
    -------
    (dates, imputed)
        ``datetime64[ns]`` series and a boolean series, ``True`` where month or day was unknown.
    """
    y = pd.to_numeric(year).astype("Float64")
    m = pd.to_numeric(month).astype("Float64")
    d = pd.to_numeric(day).astype("Float64")
    y = y.where(~y.isin(_UNKNOWN_PARTS))
    m_unknown = m.isna() | m.isin(_UNKNOWN_PARTS) | (m > 12)
    d_unknown = d.isna() | d.isin(_UNKNOWN_PARTS) | (d > 31)
    m = m.mask(m_unknown, 12 if end else 1)
    first = pd.to_datetime(
        pd.DataFrame({"year": y.fillna(2000), "month": m.fillna(1), "day": 1}).astype(int)
    )
    last_day = first.dt.days_in_month
    dd = d.mask(d_unknown, np.nan).astype(float)
    dd = np.minimum(dd.fillna(last_day if end else 1), last_day)
    out = first + pd.to_timedelta(dd - 1, unit="D")
    out = out.where(y.notna())
    return out.astype("datetime64[ns]"), (m_unknown | d_unknown).astype(bool) & y.notna().astype(bool)


def _check_columns(df: pd.DataFrame, required: Iterable[str], path: Path) -> pd.DataFrame:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataFormatError(f"{path}: missing column(s) {missing}; found {list(df.columns)[:30]}")
    return df


def read_stata_checked(path: str | Path, required: Iterable[str]) -> pd.DataFrame:
    """Read a publisher's Stata file (``.dta``), values as stored (no value labels applied).

    Raises
    ------
    DataFormatError
        When the file cannot be read as Stata or lacks a column of ``required``, naming the file.
    """
    path = Path(path)
    try:
        df = pd.read_stata(path, convert_categoricals=False, convert_missing=False, preserve_dtypes=True)
    except (ValueError, OSError, EOFError, UnicodeDecodeError) as exc:
        raise DataFormatError(f"{path}: cannot read Stata file ({type(exc).__name__}: {exc})") from exc
    return _check_columns(df, required, path)


def read_spss_checked(path: str | Path, required: Iterable[str]) -> pd.DataFrame:
    """Read a publisher's SPSS system file (``.sav``) with pyreadstat, values as stored.

    User-defined missing values are kept as the numbers they are (the cleaners recode them), and
    strings are decoded with the encoding the source registry names for the file (Polity5:
    Windows-1252, as its header says).

    Raises
    ------
    DataFormatError
        When the file cannot be read as SPSS or lacks a column of ``required``, naming the file.
    """
    import pyreadstat

    from ..io import declared_spec

    path = Path(path)
    encoding = codecs.lookup(declared_spec(path).encoding).name.upper()
    try:
        df, _ = pyreadstat.read_sav(str(path), user_missing=True, encoding=encoding)
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, OSError, UnicodeDecodeError) as exc:
        raise DataFormatError(f"{path}: cannot read SPSS file ({type(exc).__name__}: {exc})") from exc
    return _check_columns(df, required, path)
