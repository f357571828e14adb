"""Miller (2022), peacesciencer, Table 2: "dangerous dyads" on GML MID onsets.

Published design: non-directed politically relevant dyad-years 1816-2010
(``create_dyadyears(directed = FALSE)``, ``filter_prd()``), outcome the GML MID onset
(``add_gml_mids()``, GML 2.2.1), logit with naive standard errors, peace-years t, t^2, t^3
(``add_peace_years()``: years since the last dispute year, counted over the rows of the data
it is given). Table 2 uses the COW defense pact and scales the continuous covariates (CINC
proportion, democracy weak link) by two standard deviations (Gelman 2008; ``r2sd_at()``); the
package's vignette uses the ATOP defense pact on the raw scale.

Our run: the same dyad-years from our panel (politically relevant: contiguity types 1-5 or a
major power, 1816-2010), the GML 2.2.1 dispute-years of peacesciencer's own ``gml_dirdisp``
(the optional derived source ``gml_mid_v2.2.1``) collapsed to non-directed dyad-years (onset
when any dispute begins for the dyad), peace-years counted over the politically relevant
rows as ``add_peace_years()`` does, and the terms whose published values are quoted below
plus t^2, t^3 and the constant: land contiguity (``contig_land``), CINC proportion
(``cinc_prop``), major power in the dyad (``major_either``), defense pact (``cow_defense`` or
``atop_defense``, same year), democracy weak link (``democracy_min``). Scaling: divided by two
standard deviations of the non-missing values of the politically relevant dyad-years. A third
column fits the same model on our default MID data (the COW dyadic MID file), so the effect of
the event data alone is visible.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..binary import fit_logit
from ..estimate import EstimationError
from ..sample import Accounting
from ...panels.peace import cubic_terms, unit_order, years_since
from .common import Published, Replication, coefficient, compare

YEARS = (1816, 2010)
TABLE, VIGNETTE = "Table 2 (COW defense, scaled)", "Vignette (ATOP defense, raw scale)"
OURS_COW_MIDS = "Table 2 design on COW dyadic MIDs"
TERMS = {"contig_land": "Land contiguity", "cinc_prop": "CINC proportion", "major_either": "Major power in dyad",
         "defense": "Defense pact", "democracy_min": "Democracy (weak link)", "t": "Peace-years t"}
SCALED = ("cinc_prop", "democracy_min")
#: Published values (issue 10, from Miller 2022 Table 2 and the peacesciencer vignette). No
#: tolerance: our inputs are not all the paper's data versions (the democracy measure differs,
#: false dyads are removed, see DIFFERENCES), so only the signs are checked and the gaps recorded.
PUBLISHED = (
    Published(TABLE, "contig_land", TERMS["contig_land"], 1.044, 0.057),
    Published(TABLE, "cinc_prop", TERMS["cinc_prop"], 0.444, 0.036),
    Published(TABLE, "major_either", TERMS["major_either"], 0.145, 0.058),
    Published(TABLE, "defense", TERMS["defense"], -0.102, 0.058),
    Published(TABLE, "democracy_min", TERMS["democracy_min"], -0.509, 0.052),
    Published(TABLE, "t", TERMS["t"], -0.148, 0.005),
    Published(VIGNETTE, "defense", TERMS["defense"], -0.132, 0.058),
    Published(VIGNETTE, "contig_land", TERMS["contig_land"], 1.057),
    Published(VIGNETTE, "cinc_prop", TERMS["cinc_prop"], 1.055),
)
PUBLISHED_N = {TABLE: 106_937, VIGNETTE: 106_056}
DIFFERENCES = [
    "Democracy weak link: Polity5 polity2 minimum (-10 to 10); peacesciencer's add_democracy() measures are not in "
    "the mirror (neither V-Dem nor the extended UDS), so this term's scale and values differ.",
    "Dyad-years: pairs of states that were both members in a year but never on the same day (false dyads) are "
    "removed from our panel; peacesciencer's create_dyadyears() pairs states by year.",
    "Capabilities: COW NMC {nmc} (the version of peacesciencer's cow_nmc at publication is not recorded in the table).",
    "Peace-years: counted in calendar years over the politically relevant rows; peacesciencer's ps_btscs counts rows, "
    "which differs only across gaps in a dyad's politically relevant years.",
    "Alliances: COW 4.1 (Table 2) and ATOP 5.1 (vignette) built from the member/dyad spells, same year as the "
    "outcome, as peacesciencer's add_cow_alliance() / add_atop_alliance() give them.",
]


def gml_dyad_years(gml: pd.DataFrame) -> pd.DataFrame:
    """Non-directed GML dyad-years (ccode1 < ccode2): ``gml_onset`` (a dispute begins), ``gml_ongoing`` (=1)."""
    d = gml[gml["ccode1"] < gml["ccode2"]]
    g = d.groupby(["ccode1", "ccode2", "year"])["midonset"].max().rename("gml_onset").reset_index()
    g = g.astype(np.int64)
    g["gml_ongoing"] = 1
    return g


def _attach(panel: pd.DataFrame, table: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    out = panel.merge(table[["ccode1", "ccode2", "year", *cols]], on=["ccode1", "ccode2", "year"], how="left")
    out[cols] = out[cols].fillna(0)
    return out


def _scaled(x: np.ndarray) -> np.ndarray:
    """x / (2 SD) with the SD of the non-missing values (Gelman 2008; centring does not change the slope)."""
    return x / (2.0 * np.nanstd(x, ddof=1))


def _fit(df: pd.DataFrame, onset: str, ongoing: str, defense: str, scale: bool
         ) -> tuple[Any, int, int, list[dict[str, Any]]]:
    """The logit of the design on the politically relevant rows ``df`` (naive errors)."""
    order, years, new_unit = unit_order(df)
    t = years_since(df[ongoing].to_numpy(dtype="float64"), order, years, new_unit)
    cols = {}
    for term in ("contig_land", "cinc_prop", "major_either", "democracy_min"):
        x = df[term].to_numpy(dtype="float64", na_value=np.nan)
        cols[term] = _scaled(x) if scale and term in SCALED else x
    cols["defense"] = df[defense].to_numpy(dtype="float64", na_value=np.nan)
    cols.update(cubic_terms(t, "t"))
    cols["const"] = np.ones(len(df))
    y = df[onset].to_numpy(dtype="float64", na_value=np.nan)
    acc = Accounting(y)
    acc.drop("outcome missing", ~np.isfinite(y))
    for name, v in cols.items():
        acc.drop(f"missing {name}", ~np.isfinite(v))
    X = pd.DataFrame({k: v[acc.keep] for k, v in cols.items()})
    fit = fit_logit(y[acc.keep], X, se="naive")
    return fit, int(acc.keep.sum()), int(np.nansum(y[acc.keep])), acc.steps


def event_differences(prd: pd.DataFrame, gml: pd.DataFrame, panel_keys: pd.DataFrame) -> list[str]:
    """Which dyad-years' onsets differ between GML 2.2.1 and our default MID data (politically relevant, 1816-2010)."""
    both = int(((prd["gml_onset"] == 1) & (prd["mid_onset"] == 1)).sum())
    gml_only = int(((prd["gml_onset"] == 1) & (prd["mid_onset"] == 0)).sum())
    cow_only = int(((prd["gml_onset"] == 0) & (prd["mid_onset"] == 1)).sum())
    g = gml_dyad_years(gml)
    keys = pd.MultiIndex.from_frame(panel_keys[["ccode1", "ccode2", "year"]])
    outside = int((~pd.MultiIndex.from_frame(g[["ccode1", "ccode2", "year"]]).isin(keys)).sum())
    return [f"MID onsets, politically relevant dyad-years 1816-2010: {both:,} in both GML 2.2.1 and the COW dyadic "
            f"MID file, {gml_only:,} in GML only, {cow_only:,} in the COW file only (GML drop, merge and re-date "
            "disputes of MID 4; Gibler, Miller & Little 2016).",
            f"GML dispute-dyad-years outside our dyad-year panel (false dyads or non-members): {outside:,} of "
            f"{len(g):,} non-directed GML dispute-dyad-years."]


def run(inputs: dict[str, Any]) -> Replication:
    """Run the design on ``inputs["dyad_years"]`` and, when supplied, ``inputs["gml_dirdisp"]``."""
    rep = Replication("miller2022", "Miller (2022), peacesciencer Table 2: dangerous dyads (GML MID onset)",
                      "Miller, S. V. (2022). peacesciencer: An R package for quantitative peace science research. "
                      "Conflict Management and Peace Science 39(6), 755-779.",
                      ["miller2022", "gibler2016gml221", "bremer1992", "gelman2008"],
                      "Logit of the MID onset on non-directed politically relevant dyad-years 1816-2010, naive "
                      "standard errors, peace-years t, t^2, t^3 since the last dispute year; Table 2 with the COW "
                      "defense pact and the CINC proportion and democracy weak link divided by two standard "
                      "deviations, the vignette with the ATOP defense pact on the raw scale.",
                      differences=list(DIFFERENCES))
    dy = inputs["dyad_years"]
    lo, hi = YEARS
    prd = dy[(dy["year"] >= lo) & (dy["year"] <= hi) & (dy["politically_relevant"] == 1)].copy()
    if prd.empty:
        rep.status, rep.reason = "failed", f"the panel holds no politically relevant dyad-years in {lo}-{hi}"
        return rep
    gml = inputs.get("gml_dirdisp")
    models: dict[str, tuple[str, str, str, bool]] = {}
    if gml is not None:
        prd = _attach(prd, gml_dyad_years(gml), ["gml_onset", "gml_ongoing"])
        if "cow_defense" in prd:
            models[TABLE] = ("gml_onset", "gml_ongoing", "cow_defense", True)
        else:
            rep.notes.append("Table 2 not run: COW alliances not supplied (config key cow_alliances_dir).")
        models[VIGNETTE] = ("gml_onset", "gml_ongoing", "atop_defense", False)
        rep.differences[:0] = event_differences(prd, gml, dy)
        rep.sources.append("gml_mid_v2.2.1")
    else:
        rep.notes.append("GML 2.2.1 not enabled (optional_sources: [gml_mid_v2.2.1]): only our MID data were used, "
                         "so the events differ from the paper's.")
    defense = "cow_defense" if "cow_defense" in prd else "atop_defense"
    models[OURS_COW_MIDS] = ("mid_onset", "mid_ongoing", defense, defense == "cow_defense")
    fits = {}
    for model, (onset, ongoing, dcol, scale) in models.items():
        try:
            fits[model] = _fit(prd, onset, ongoing, dcol, scale)
        except EstimationError as exc:
            rep.notes.append(f"{model}: not estimated ({exc.reason})")
    for pub in PUBLISHED:
        if pub.model in fits:
            fit, n, events, _ = fits[pub.model]
            est, se, p = coefficient(fit, pub.term)
            rep.rows.append(compare(pub, est, se, p, n=n))
    table_rows = []
    for model, (fit, n, events, steps) in fits.items():
        for term, label in TERMS.items():
            est, se, p = coefficient(fit, term)
            table_rows.append({"model": model, "term": term, "label": label, "estimate": est, "std_error": se,
                               "p_value": p})
        table_rows.append({"model": model, "term": "n_obs", "label": "N (dyad-years)", "estimate": n,
                           "std_error": None, "p_value": None})
        table_rows.append({"model": model, "term": "n_events", "label": "MID onsets", "estimate": events,
                           "std_error": None, "p_value": None})
        dropped = "; ".join(f"{st['step'].removeprefix('missing ')} {st['dropped_rows']:,}" for st in steps[1:]
                            if st["dropped_rows"])
        published = f" (published {PUBLISHED_N[model]:,})" if model in PUBLISHED_N else ""
        rep.notes.append(f"{model}: N = {n:,} dyad-years{published}, {events:,} onsets; of {steps[0]['rows']:,} "
                         f"politically relevant dyad-years listwise deletion removed: {dropped or 'none'}.")
    rep.tables["models"] = table_rows
    if not fits:
        rep.status, rep.reason = "failed", "no model could be estimated"
    return rep
