"""Minimum distance between states, 1886-2019 (peacesciencer ``cow_mindist``, ``gw_mindist``).

DERIVED data: peacesciencer computed, from the CShapes 2.0 polygons (Schvitz et al. 2022), the
minimum distance in kilometres between the borders of two states at each CShapes change date and
kept the smallest of each year (0 for states that touch). Non-directed dyad-years (code1 <
code2). Not a CShapes release: cite CShapes 2.0 and peacesciencer (Miller 2022).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataFormatError
from .rdata import read_rdata, whole_numbers

SOURCE = "peacesciencer_mindist"
TABLES = ("cow_mindist", "gw_mindist")


def clean_mindist(path: Path, name: str, code: str) -> pd.DataFrame:
    """Non-directed dyad-years ``{code}1 < {code}2``, year, mindist (km)."""
    a, b = f"{code}1", f"{code}2"
    raw = whole_numbers(read_rdata(path, name, [a, b, "year", "mindist"]), [a, b, "year"], path)
    if (raw[a] >= raw[b]).any():
        raise DataFormatError(f"{path}: expected non-directed dyads with {a} < {b}")
    out = raw[[a, b, "year"]].copy()
    out["mindist"] = raw["mindist"].astype("float64")
    return out.sort_values([a, b, "year"], kind="stable").reset_index(drop=True)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean both minimum-distance files in ``raw_dir``."""
    raw_dir = Path(raw_dir)
    return {"cow_mindist": clean_mindist(raw_dir / "cow_mindist.rda", "cow_mindist", "ccode"),
            "gw_mindist": clean_mindist(raw_dir / "gw_mindist.rda", "gw_mindist", "gwcode")}
