"""Control variables for dyad-years: contiguity, major powers, capabilities, democracy.

* Contiguity (COW Direct Contiguity 3.2): ``contig_type`` 0-5 with 0 = not contiguous
  (METHODS pitfall 7), ``contig_land`` (type 1), ``contig_water`` (types 2-5, water <= 400
  miles), ``contig_any`` (types 1-5).
* Major powers (COW): a state is a major power in a year if its major-power spell covers any
  day of that year; ``major1``, ``major2``, ``major_either``, ``major_both``.
* Politically relevant dyads (Lemke & Reed 2001): contiguous (types 1-5) or with a major power.
* Capabilities (NMC 6.0): ``cinc1``, ``cinc2``; ``cap_ratio_log`` = log(stronger / weaker)
  (NA when the weaker state's CINC is 0 or unknown); ``cap_lower_prop`` / ``cap_higher_prop``
  = weaker's / stronger's share of the dyad's capabilities.
* Democracy (Polity5 ``polity2``): ``polity2_1``, ``polity2_2``, weak-link ``democracy_min``,
  ``joint_democracy`` = both >= 6 (NA if either is unknown).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .dyads import extend_past_system_end
from .intervals import attach, expand_years

KEYS = ["ccode1", "ccode2", "year"]


def _state_lookup(panel: pd.DataFrame, table: pd.DataFrame, value: str, names: tuple[str, str],
                  fill: float | int | None = None) -> pd.DataFrame:
    t = table[["ccode", "year", value]].dropna(subset=["ccode", "year"])
    out = panel
    for side, name in zip(("1", "2"), names):
        out = attach(out, t.rename(columns={"ccode": f"ccode{side}"}), [f"ccode{side}", "year"], {value: name},
                     fill=fill)
    return out


def add_contiguity(panel: pd.DataFrame, contiguity_years: pd.DataFrame) -> pd.DataFrame:
    """Add contig_type, contig_land, contig_water, contig_any (non-contiguous = 0)."""
    c = contiguity_years[["ccode1", "ccode2", "year", "conttype"]].astype(np.int64)
    out = attach(panel, c, KEYS, {"conttype": "contig_type"}, fill=0, dtype=np.int8)
    out["contig_land"] = (out["contig_type"] == 1).astype(np.int8)
    out["contig_water"] = out["contig_type"].between(2, 5).astype(np.int8)
    out["contig_any"] = (out["contig_type"] > 0).astype(np.int8)
    return out


def major_years(majors: pd.DataFrame, end_year: int = 2016) -> pd.DataFrame:
    """State-years of major-power status (ccode, year, major=1)."""
    m = extend_past_system_end(majors[["ccode", "start", "end"]], end_year)
    y = expand_years(m, "start", "end")[["ccode", "year"]].drop_duplicates()
    y["ccode"] = y["ccode"].astype(np.int64)
    return y.assign(major=np.int8(1))


def add_majors(panel: pd.DataFrame, majors: pd.DataFrame, end_year: int = 2016) -> pd.DataFrame:
    """Add major1, major2, major_either, major_both."""
    out = _state_lookup(panel, major_years(majors, end_year), "major", ("major1", "major2"), fill=0)
    out["major_either"] = (out["major1"] | out["major2"]).astype(np.int8)
    out["major_both"] = (out["major1"] & out["major2"]).astype(np.int8)
    return out


def add_politically_relevant(panel: pd.DataFrame) -> pd.DataFrame:
    """Add politically_relevant = contig_any or major_either (Lemke & Reed 2001)."""
    out = panel.copy(deep=False)
    out["politically_relevant"] = (out["contig_any"].astype(bool) | out["major_either"].astype(bool)).astype(np.int8)
    return out


def add_capabilities(panel: pd.DataFrame, nmc: pd.DataFrame) -> pd.DataFrame:
    """Add cinc1, cinc2, cap_ratio_log, cap_lower_prop, cap_higher_prop."""
    n = nmc[["ccode", "year", "cinc"]].copy()
    n["cinc"] = n["cinc"].astype("float64")
    out = _state_lookup(panel, n, "cinc", ("cinc1", "cinc2"))
    c1, c2 = out["cinc1"].to_numpy(), out["cinc2"].to_numpy()
    hi, lo = np.fmax(c1, c2), np.fmin(c1, c2)
    hi = np.where(np.isnan(c1) | np.isnan(c2), np.nan, hi)
    lo = np.where(np.isnan(c1) | np.isnan(c2), np.nan, lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["cap_ratio_log"] = np.where(lo > 0, np.log(hi / lo), np.nan)
        total = hi + lo
        out["cap_lower_prop"] = np.where(total > 0, lo / total, np.nan)
        out["cap_higher_prop"] = np.where(total > 0, hi / total, np.nan)
    return out


def add_democracy(panel: pd.DataFrame, polity: pd.DataFrame) -> pd.DataFrame:
    """Add polity2_1, polity2_2, democracy_min and joint_democracy (both >= 6)."""
    p = polity[["ccode", "year", "polity2"]].copy()
    p["polity2"] = p["polity2"].astype("float64")
    out = _state_lookup(panel, p, "polity2", ("polity2_1", "polity2_2"))
    out["democracy_min"] = np.fmin(out["polity2_1"], out["polity2_2"]).where(
        out["polity2_1"].notna() & out["polity2_2"].notna())
    jd = ((out["polity2_1"] >= 6) & (out["polity2_2"] >= 6)).astype("float64")
    out["joint_democracy"] = jd.where(out["democracy_min"].notna())
    return out
