"""Distance between states: capital-to-capital great-circle distance and minimum distance.

* ``capdist`` -- great-circle distance (km) between the two states' capitals in the year, from
  peacesciencer's capital list with coordinates (``cow_capitals``): a state's capital in a year is
  the one it had on its first day in the system that year (peacesciencer's ``transsum = "first"``,
  i.e. the 1 January capital), and the distance is computed on a sphere of radius 6,378.137 km
  (the radius of peacesciencer's ``distVincentySphere``) with the Vincenty formula, which is exact
  on the sphere and stable for near and antipodal points.
* ``mindist`` -- minimum distance (km) between the two states' borders in the year, from
  peacesciencer's ``cow_mindist`` (DERIVED from the CShapes 2.0 polygons, 1886-2019; 0 for states
  that touch).
* ``capdist_gleditsch`` -- Gleditsch & Ward's (2001) time-invariant capital distance (km), looked
  up by the two states' Gleditsch-Ward codes in the year (isard crosswalk).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .controls import _state_lookup
from .intervals import expand_years
from .symmetric import attach_undirected

EARTH_RADIUS_KM = 6378.137


def great_circle_km(lat1: np.ndarray, lng1: np.ndarray, lat2: np.ndarray, lng2: np.ndarray,
                    radius: float = EARTH_RADIUS_KM) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (Vincenty's formula on a sphere).

    Examples
    --------
    >>> round(float(great_circle_km(0.0, 0.0, 0.0, 90.0)), 3)  # a quarter of the equator
    10018.754
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lng2) - np.asarray(lng1))
    num = np.hypot(np.cos(p2) * np.sin(dl), np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl))
    den = np.sin(p1) * np.sin(p2) + np.cos(p1) * np.cos(p2) * np.cos(dl)
    return radius * np.arctan2(num, den)


def capital_years(capitals: pd.DataFrame, code: str = "ccode") -> pd.DataFrame:
    """Each state's capital coordinates by year: the spell in force on its first day of the year.

    Returns
    -------
    DataFrame
        ``code``, year, lat, lng (one row per state-year).
    """
    y = expand_years(capitals[[code, "start", "end", "lat", "lng"]], "start", "end")
    y = y.sort_values([code, "year", "start"], kind="stable").drop_duplicates([code, "year"])
    return pd.DataFrame({code: y[code].to_numpy(dtype=np.int64), "year": y["year"].to_numpy(dtype=np.int64),
                         "lat": y["lat"].to_numpy(dtype=np.float64), "lng": y["lng"].to_numpy(dtype=np.float64)})


def add_capital_distance(panel: pd.DataFrame, capitals: pd.DataFrame) -> pd.DataFrame:
    """Add ``capdist``: great-circle km between the capitals (NaN where a capital is unknown), and
    ``capdist_log`` = ``log(1 + capdist)``, the logged distance of Leeds (2003)."""
    cy = capital_years(capitals)
    loc = _state_lookup(panel[["ccode1", "ccode2", "year"]], cy, {"lat": ("_lat1", "_lat2"), "lng": ("_lng1", "_lng2")})
    out = panel.copy(deep=False)
    out["capdist"] = great_circle_km(loc["_lat1"].to_numpy(), loc["_lng1"].to_numpy(), loc["_lat2"].to_numpy(),
                                     loc["_lng2"].to_numpy())
    out["capdist_log"] = np.log1p(out["capdist"].to_numpy())
    return out


def add_minimum_distance(panel: pd.DataFrame, mindist: pd.DataFrame) -> pd.DataFrame:
    """Add ``mindist``: minimum distance in km between the borders (non-directed source, any panel)."""
    return attach_undirected(panel, mindist, {"mindist": "mindist"})


def gw_codes(panel: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """The Gleditsch-Ward codes (``_gw1``, ``_gw2``; NaN without match) of each dyad-year's COW codes."""
    cw = crosswalk.dropna(subset=["ccode", "gwcode"]).astype({"gwcode": "float64"})
    return _state_lookup(panel[["ccode1", "ccode2", "year"]], cw, {"gwcode": ("_gw1", "_gw2")})


def add_gleditsch_capdist(panel: pd.DataFrame, capdist: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Add ``capdist_gleditsch``: Gleditsch & Ward's capital distance (km) via the year's G-W codes."""
    gw = gw_codes(panel, crosswalk)
    known = gw["_gw1"].notna().to_numpy() & gw["_gw2"].notna().to_numpy()
    keys = pd.DataFrame({"ccode1": np.where(known, gw["_gw1"].fillna(0), 0).astype(np.int64),
                         "ccode2": np.where(known, gw["_gw2"].fillna(0), 0).astype(np.int64), "year": 0})
    table = pd.DataFrame({"ccode1": capdist["gwcode1"].to_numpy(dtype=np.int64),
                          "ccode2": capdist["gwcode2"].to_numpy(dtype=np.int64), "year": 0,
                          "kmdist": capdist["kmdist"].to_numpy(dtype=np.float64)})
    table = table[table["ccode1"] < table["ccode2"]]
    found = attach_undirected(keys, table, {"kmdist": "capdist_gleditsch"})
    out = panel.copy(deep=False)
    out["capdist_gleditsch"] = np.where(known, found["capdist_gleditsch"].to_numpy(), np.nan)
    return out
