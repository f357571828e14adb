"""Control variables for dyad-years: contiguity, major powers, capabilities, democracy.

* Contiguity (COW Direct Contiguity 3.2): ``contig_type`` 0-5 with 0 = not contiguous
  (METHODS pitfall 7), ``contig_land`` (type 1), ``contig_water`` (types 2-5, water <= 400
  miles), ``contig_any`` (types 1-5).
* Major powers (COW): a state is a major power in a year if its major-power spell covers any
  day of that year; ``major1``, ``major2``, ``major_either``, ``major_both``.
* Politically relevant dyads (Lemke & Reed 2001): contiguous (types 1-5) or with a major power.
* Capabilities (NMC 6.0): ``cinc1``, ``cinc2``; ``cap_ratio_log`` = log(stronger / weaker)
  (NA when the weaker state's CINC is 0 or unknown); ``cap_lower_prop`` / ``cap_higher_prop``
  = weaker's / stronger's share of the dyad's capabilities; ``cinc_prop`` = weaker / stronger
  CINC (peacesciencer's "CINC proportion"; NA when either is unknown or 0); Bremer's (1992)
  relative-power classes of the ratio stronger / weaker: ``cap_ratio_small`` (<= 3),
  ``cap_ratio_medium`` (3-10), ``cap_ratio_large`` (> 10) and ``cap_ratio_cat`` (1, 2, 3), NA
  like ``cinc_prop``.
* Militarization (NMC): ``milit_min`` = the lower of the two states' military personnel per
  inhabitant (milper / tpop; the "minimum militarization" of peacesciencer's Bremer example).
* Development (NMC, Bremer 1992): a state is economically advanced when its share of the
  system's economic capabilities (mean of its shares of iron/steel production and primary
  energy consumption) exceeds its share of the system's demographic capabilities (mean of its
  shares of total and urban population); ``econ_dev_min`` is the lower of the two states'
  ratios economic share / demographic share and ``econ_advanced_both`` = both advanced.
* Democracy (Polity5 ``polity2``): ``polity2_1``, ``polity2_2``, weak-link ``democracy_min``,
  ``joint_democracy`` = both >= 6 (NA if either is unknown). Boix-Miller-Rosato (2013):
  ``bmr_democracy_1``, ``bmr_democracy_2`` and ``joint_democracy_bmr`` = both democracies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .dyads import extend_past_system_end
from .intervals import attach, expand_years, take

KEYS = ["ccode1", "ccode2", "year"]


def _state_lookup(panel: pd.DataFrame, table: pd.DataFrame, names: dict[str, tuple[str, str]],
                  fill: float | int | None = None) -> pd.DataFrame:
    """Attach state-year values of ``table`` to both states of each dyad-year.

    ``names`` maps a column of ``table`` (unique on ccode, year) to its two panel columns
    (state 1, state 2). The lookup goes through a dense (ccode, year) table of row positions:
    a state-year table is small, the panel has a million rows.
    """
    t = table.dropna(subset=["ccode", "year"])
    cc, yr = t["ccode"].to_numpy(dtype=np.int64), t["year"].to_numpy(dtype=np.int64)
    y0 = int(yr.min())
    lut = np.full((int(cc.max()) + 1, int(yr.max()) - y0 + 1), -1, dtype=np.int64)
    lut[cc, yr - y0] = np.arange(len(t))
    year = panel["year"].to_numpy(dtype=np.int64)
    out = panel.copy(deep=False)
    for i, side in enumerate(("1", "2")):
        code = out[f"ccode{side}"].to_numpy(dtype=np.int64)
        ok = (code < lut.shape[0]) & (year >= y0) & (year - y0 < lut.shape[1])
        idx = np.full(len(out), -1, dtype=np.int64)
        idx[ok] = lut[code[ok], year[ok] - y0]
        for value, pair in names.items():
            out[pair[i]] = take(t[value].to_numpy(), idx, fill)
    return out


def add_contiguity(panel: pd.DataFrame, contiguity_years: pd.DataFrame) -> pd.DataFrame:
    """Add contig_type, contig_land, contig_water, contig_any (non-contiguous = 0)."""
    c = contiguity_years[["ccode1", "ccode2", "year", "conttype"]].astype(np.int64)
    out = attach(panel, c, KEYS, {"conttype": "contig_type"}, fill=0, dtype=np.int8)
    out["contig_land"] = (out["contig_type"] == 1).astype(np.int8)
    out["contig_water"] = out["contig_type"].between(2, 5).astype(np.int8)
    out["contig_any"] = (out["contig_type"] > 0).astype(np.int8)
    return out


def major_years(majors: pd.DataFrame, end_year: int | None = None) -> pd.DataFrame:
    """State-years of major-power status (ccode, year, major=1)."""
    m = extend_past_system_end(majors[["ccode", "start", "end"]], end_year)
    y = expand_years(m, "start", "end")[["ccode", "year"]].drop_duplicates()
    y["ccode"] = y["ccode"].astype(np.int64)
    return y.assign(major=np.int8(1))


def add_majors(panel: pd.DataFrame, majors: pd.DataFrame, end_year: int | None = None) -> pd.DataFrame:
    """Add major1, major2, major_either, major_both."""
    out = _state_lookup(panel, major_years(majors, end_year), {"major": ("major1", "major2")}, fill=0)
    out["major_either"] = (out["major1"] | out["major2"]).astype(np.int8)
    out["major_both"] = (out["major1"] & out["major2"]).astype(np.int8)
    return out


def add_politically_relevant(panel: pd.DataFrame) -> pd.DataFrame:
    """Add politically_relevant = contig_any or major_either (Lemke & Reed 2001)."""
    out = panel.copy(deep=False)
    out["politically_relevant"] = (out["contig_any"].astype(bool) | out["major_either"].astype(bool)).astype(np.int8)
    return out


def _pair_min(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Element-wise minimum, NaN where either value is NaN."""
    return np.where(np.isnan(a) | np.isnan(b), np.nan, np.fmin(a, b))


def add_capabilities(panel: pd.DataFrame, nmc: pd.DataFrame) -> pd.DataFrame:
    """Add cinc1, cinc2, cap_ratio_log, cap_lower_prop, cap_higher_prop, cinc_prop and Bremer's classes."""
    n = nmc[["ccode", "year", "cinc"]].copy()
    n["cinc"] = n["cinc"].astype("float64")
    out = _state_lookup(panel, n, {"cinc": ("cinc1", "cinc2")})
    c1, c2 = out["cinc1"].to_numpy(), out["cinc2"].to_numpy()
    lo = _pair_min(c1, c2)
    hi = np.where(np.isnan(lo), np.nan, np.fmax(c1, c2))
    with np.errstate(divide="ignore", invalid="ignore"):
        out["cap_ratio_log"] = np.where(lo > 0, np.log(hi / lo), np.nan)
        total = hi + lo
        out["cap_lower_prop"] = np.where(total > 0, lo / total, np.nan)
        out["cap_higher_prop"] = np.where(total > 0, hi / total, np.nan)
        out["cinc_prop"] = np.where(lo > 0, lo / hi, np.nan)
        ratio = np.where(lo > 0, hi / lo, np.nan)
    known = ~np.isnan(ratio)
    cat = np.select([ratio <= 3, ratio <= 10, ratio > 10], [1.0, 2.0, 3.0], default=np.nan)
    out["cap_ratio_cat"] = cat
    for name, k in (("cap_ratio_small", 1.0), ("cap_ratio_medium", 2.0), ("cap_ratio_large", 3.0)):
        out[name] = np.where(known, (cat == k).astype("float64"), np.nan)
    return out


def state_development(nmc: pd.DataFrame) -> pd.DataFrame:
    """Per state-year: militarization and Bremer's (1992) economic development.

    Returns
    -------
    DataFrame
        ccode, year, ``milit`` (milper / tpop; NA when either is unknown or tpop is 0),
        ``econ_dev`` (share of the year's system iron/steel and energy, averaged, over the share
        of total and urban population, averaged; NA when an indicator is unknown) and
        ``econ_advanced`` (1 when ``econ_dev`` > 1). System totals are the sums over the
        year's NMC states with known values.
    """
    cols = ["milper", "tpop", "irst", "pec", "upop"]
    n = nmc[["ccode", "year", *cols]].astype({c: "float64" for c in cols})
    shares = n[["irst", "pec", "tpop", "upop"]] / n.groupby("year")[["irst", "pec", "tpop", "upop"]].transform("sum")
    econ = (shares["irst"] + shares["pec"]) / 2
    demo = (shares["tpop"] + shares["upop"]) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        milit = np.where(n["tpop"] > 0, n["milper"] / n["tpop"], np.nan)
        dev = np.where(demo > 0, econ / demo, np.nan)
    return pd.DataFrame({"ccode": n["ccode"].to_numpy(dtype=np.int64), "year": n["year"].to_numpy(dtype=np.int64),
                         "milit": milit, "econ_dev": dev,
                         "econ_advanced": np.where(np.isnan(dev), np.nan, (dev > 1).astype("float64"))})


def add_development(panel: pd.DataFrame, nmc: pd.DataFrame) -> pd.DataFrame:
    """Add milit_min, econ_dev_min and econ_advanced_both (see :func:`state_development`)."""
    dev = state_development(nmc)
    out = _state_lookup(panel, dev, {v: (f"_{v}1", f"_{v}2") for v in ("milit", "econ_dev", "econ_advanced")})
    out["milit_min"] = _pair_min(out["_milit1"].to_numpy(), out["_milit2"].to_numpy())
    out["econ_dev_min"] = _pair_min(out["_econ_dev1"].to_numpy(), out["_econ_dev2"].to_numpy())
    out["econ_advanced_both"] = _pair_min(out["_econ_advanced1"].to_numpy(), out["_econ_advanced2"].to_numpy())
    return out.drop(columns=[f"_{v}{i}" for v in ("milit", "econ_dev", "econ_advanced") for i in (1, 2)])


def add_democracy(panel: pd.DataFrame, polity: pd.DataFrame) -> pd.DataFrame:
    """Add polity2_1, polity2_2, democracy_min and joint_democracy (both >= 6)."""
    p = polity[["ccode", "year", "polity2"]].copy()
    p["polity2"] = p["polity2"].astype("float64")
    out = _state_lookup(panel, p, {"polity2": ("polity2_1", "polity2_2")})
    out["democracy_min"] = _pair_min(out["polity2_1"].to_numpy(), out["polity2_2"].to_numpy())
    jd = ((out["polity2_1"] >= 6) & (out["polity2_2"] >= 6)).astype("float64")
    out["joint_democracy"] = jd.where(out["democracy_min"].notna())
    return out


def add_bmr_democracy(panel: pd.DataFrame, bmr: pd.DataFrame) -> pd.DataFrame:
    """Add bmr_democracy_1, bmr_democracy_2 and joint_democracy_bmr (both democracies; NA if either unknown)."""
    b = bmr[["ccode", "year", "democracy"]].astype({"democracy": "float64"})
    out = _state_lookup(panel, b, {"democracy": ("bmr_democracy_1", "bmr_democracy_2")})
    out["joint_democracy_bmr"] = _pair_min(out["bmr_democracy_1"].to_numpy(), out["bmr_democracy_2"].to_numpy())
    return out
