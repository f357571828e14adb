"""Gibler-Miller-Little (GML) MID data 2.2.1, directed dispute-years, as packaged by peacesciencer.

DERIVED source: the GML 2.2.1 files are distributed only through a short link, and the mirror
holds them only as peacesciencer's package data ``gml_dirdisp`` (Miller 2022), which is
``gml-ddy-disputes-2.2.1.csv`` read into R and saved as ``.rda`` (S. Miller, a GML co-author,
maintains both). It is read with ``pyreadr``; the values are GML's, the bytes are not.

One row per directed dispute-year: ``dispnum``, ``ccode1``, ``ccode2``, ``year``, ``midonset``
(the dispute begins for the dyad that year), ``midongoing`` (always 1), sides (``sidea1``,
``sidea2``), originator flags (``orig1``, ``orig2``), the dispute's ``hostlev``, ``fatality`` and
``recip``. Missing-value code ``-9`` becomes NA. GML revise MID 4.01 (Gibler, Miller & Little
2016): disputes dropped, merged or re-dated, which is why their dispute-years differ from the COW
dyadic MID file (:mod:`alliancewar.models.designs.miller2022` counts the differences).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataFormatError

SOURCE = "gml_mid_v2.2.1"
TABLES = ("gml_dirdisp",)
FILE = "gml_dirdisp.rda"
OBJECT = "gml_dirdisp"
COLUMNS = ("dispnum", "ccode1", "ccode2", "year", "midonset", "midongoing", "sidea1", "sidea2", "orig1", "orig2",
           "hostlev", "fatality", "recip")


def read_rda(path: Path, name: str) -> pd.DataFrame:
    """Object ``name`` of an R data file, with an error naming the file when it cannot be read."""
    import pyreadr

    try:
        objects = pyreadr.read_r(str(path))
    except Exception as exc:  # pyreadr raises its own error types and LibrdataError
        raise DataFormatError(f"{path}: cannot read R data file ({exc})") from exc
    if name not in objects:
        raise DataFormatError(f"{path}: no object '{name}' (it holds {list(objects)})")
    return objects[name]


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``gml_dirdisp.rda`` into ``gml_dirdisp`` (one row per directed dispute-year)."""
    path = Path(raw_dir) / FILE
    raw = read_rda(path, OBJECT)
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise DataFormatError(f"{path}: object '{OBJECT}' lacks column(s) {missing}")
    out = pd.DataFrame(index=raw.index)
    for c in COLUMNS:
        v = pd.to_numeric(raw[c], errors="coerce")
        if (v.dropna() % 1 != 0).any():
            raise DataFormatError(f"{path}: column '{c}' holds non-integer values")
        out[c] = v.where(v != -9).astype("Int64")
    return {"gml_dirdisp": out.sort_values(["dispnum", "ccode1", "ccode2", "year"], ignore_index=True)}
