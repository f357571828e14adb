"""Bremer (1992), "Dangerous Dyads": war onset in non-directed dyad-years, 1816-1965.

Published design: every non-directed dyad-year 1816-1965, the onset of an inter-state war,
bivariate associations and a multivariate logit of seven dyadic conditions: proximity,
relative power, power status, alliance, democracy, economic development and militarization.
His abstract: in the bivariate analyses allied dyads are *more* war-prone, but in the
multivariate analysis the *absence* of an alliance is one of the conditions that make a dyad
dangerous (the alliance coefficient turns negative once the other conditions are held
constant); proximity (contiguity) is the strongest condition.

Our run (:func:`~.common.fit_values`, the fit path of every named specification): war onset,
years at war without a new onset dropped, logit with errors clustered by dyad, no time
dependence (as in 1992). Alliance: COW any alliance when the COW alliances are supplied (the
data Bremer used descend from them), else ATOP, taken on the eve of the war's onset and in the
year otherwise (``alliance_lag: 0``). Covariates with his codings where our data allow:
contiguity by land or by water up to 400 miles (``contig_any``; his proximity), relative power in
his three classes (``cap_ratio_small``, ``cap_ratio_medium``; reference: large difference),
power status (``major_either``, ``major_both``; reference: two minor powers), joint democracy
(``joint_democracy``, Polity5 >= 6 for both), both economically advanced
(``econ_advanced_both``, his index of economic to demographic capability shares), and
militarization as the lower military-personnel share (``milit_min``, continuous).
"""

from __future__ import annotations

from typing import Any

from .common import Published, Replication, coefficient, compare, deletion_note, fit_values

YEARS = [1816, 1965]
CONTROLS = ["contig_any", "cap_ratio_small", "cap_ratio_medium", "major_either", "major_both", "joint_democracy",
            "econ_advanced_both", "milit_min"]
BIVARIATE, MULTIVARIATE = "Bivariate", "Multivariate"
DIFFERENCES = [
    "War data: COW inter-state wars 4.0 (Sarkees & Wayman 2010); Bremer used the COW war data of the time.",
    "Alliances: COW 4.1 (or ATOP 5.1) built from spells; Bremer used the Small & Singer alliance data of the time.",
    "Capabilities and development: COW NMC {nmc}, not the NMC version of 1990; development is his economic-to-"
    "demographic share index recomputed on NMC {nmc}.",
    "Democracy: Polity5 joint democracy (both polity2 >= 6); Bremer used Polity II with his own threshold.",
    "Militarization: the lower military-personnel share as a continuous term; Bremer dichotomized it.",
    "Dyad-years: false dyads (never members on the same day) removed; years at war without a new onset dropped.",
]


def _values(alliance: str, controls: list[str]) -> dict[str, Any]:
    return {"label": "Bremer (1992)", "level": "dyad", "alliance": alliance, "outcome": "war_onset",
            "period": None, "years": list(YEARS), "population": "all", "controls": controls,
            "time_dependence": "none", "estimator": "logit", "se": "cluster", "alliance_lag": 0,
            "drop_ongoing": True, "missing": "listwise", "peace_years": "ongoing", "bivariate": False}


def run(inputs: dict[str, Any]) -> Replication:
    """Run the bivariate and multivariate models on ``inputs["dyad_years"]``."""
    dy = inputs["dyad_years"]
    alliance = "cow_any" if "cow_any_prewar" in dy else "atop_any"
    rep = Replication("bremer1992", "Bremer (1992), Dangerous Dyads: war onset 1816-1965",
                      "Bremer, S. A. (1992). Dangerous dyads: conditions affecting the likelihood of interstate war, "
                      "1816-1965. Journal of Conflict Resolution 36(2), 309-341.", ["bremer1992"],
                      f"Logit of the war onset on all non-directed dyad-years 1816-1965 (ongoing war years dropped), "
                      f"errors clustered by dyad, no time dependence: the alliance ({alliance}, eve of onset) alone, "
                      f"then with {', '.join(CONTROLS)}.", differences=list(DIFFERENCES))
    if alliance == "atop_any":
        rep.differences.append("Alliance measure: ATOP (COW alliances not supplied, config key cow_alliances_dir).")
    term = f"{alliance}_prewar"
    published = (Published(BIVARIATE, term, "Alliance (bivariate)", sign="+"),
                 Published(MULTIVARIATE, term, "Alliance (multivariate)", sign="-"),
                 Published(MULTIVARIATE, "contig_any", "Contiguity (multivariate)", sign="+"))
    fits = {BIVARIATE: fit_values("bremer1992_bivariate", _values(alliance, []), dy),
            MULTIVARIATE: fit_values("bremer1992_multivariate", _values(alliance, CONTROLS), dy)}
    for model, fit in fits.items():
        if fit["status"] == "failed":
            rep.notes.append(f"{model}: not estimated ({fit['reason']})")
    for pub in published:
        fit = fits[pub.model]
        est, se, p = coefficient(fit, pub.term)
        rep.rows.append(compare(pub, est, se, p, n=fit.get("n_obs")))
    rep.tables["models"] = [{"model": model, "term": c["term"], "estimate": c["estimate"], "std_error": c["std_error"],
                             "p_value": c["p_value"]} for model, fit in fits.items() for c in fit["coefficients"]]
    rep.notes += [deletion_note(model, fit) for model, fit in fits.items() if fit["status"] != "failed"]
    if all(f["status"] == "failed" for f in fits.values()):
        rep.status, rep.reason = "failed", fits[MULTIVARIATE]["reason"]
    return rep
