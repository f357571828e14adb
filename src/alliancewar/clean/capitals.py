"""Capitals with coordinates, COW and Gleditsch-Ward states (peacesciencer ``cow_capitals``, ``gw_capitals``).

Each row is a capital spell (a state's capital from ``start`` to ``end``; a state that moved its
capital has two or more spells, e.g. Brazil: Rio de Janeiro to 20 April 1960, Brasilia from 21
April 1960) with the capital's latitude and longitude (degrees, WGS84, geocoded by peacesciencer
from OpenStreetMap). Open spells end on 31 December 2024.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .rdata import dates, read_rdata, whole_numbers

SOURCE = "peacesciencer_capitals"
TABLES = ("cow_capitals", "gw_capitals")


def clean_capitals(path: Path, name: str, code: str) -> pd.DataFrame:
    """One capital spell per row: ``code`` (ccode or gwcode), capital, start, end, lat, lng."""
    raw = read_rdata(path, name, [code, "capital", "stdate", "enddate", "lat", "lng"])
    raw = whole_numbers(raw, [code], path)
    out = pd.DataFrame({code: raw[code], "capital": raw["capital"].astype("string"),
                        "start": dates(raw["stdate"], path, "stdate"), "end": dates(raw["enddate"], path, "enddate"),
                        "lat": raw["lat"].astype("float64"), "lng": raw["lng"].astype("float64")})
    return out.sort_values([code, "start"], kind="stable").reset_index(drop=True)


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean both capital files in ``raw_dir``."""
    raw_dir = Path(raw_dir)
    return {"cow_capitals": clean_capitals(raw_dir / "cow_capitals.rda", "cow_capitals", "ccode"),
            "gw_capitals": clean_capitals(raw_dir / "gw_capitals.rda", "gw_capitals", "gwcode")}
