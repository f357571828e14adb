"""Leeds (2003), "Do Alliances Deter Aggression?": MID initiation in directed dyad-years, 1816-1944.

Published design: directed dyad-years 1816-1944 (the years ATOP then covered), the initiation of
a MID by state A against state B, logit. Her abstract: potential challengers are less likely
to initiate disputes against targets whose allies have promised to defend them, and more likely
to initiate when they have offensive allies or promises of neutrality from third states.

Our run: the named specification ``initiation_leeds`` of the default config (level
``directed``; :mod:`alliancewar.panels.directed`): outcome ``initiator`` (MID 5.0: A an
originator on Side A, B an originator on Side B), alliance terms at t-1 following ATOP's
adversary, non-provocation and attack conditions as far as the member file codes them -- the
target's third-party defense pledges (``atop_third_defense2``), the challenger's third-party
offense and neutrality pledges (``atop_third_offense1``, ``atop_third_neutral1``) -- with the
A-B defense pact, the challenger's capability share, joint democracy, contiguity, logged capital
distance, the major-power status of each side and peace-years t, t^2, t^3 since the last MID 5.0 dispute year; dispute
years without a new onset dropped; errors clustered by (non-directed) dyad.
"""

from __future__ import annotations

from typing import Any

from .common import Published, Replication, coefficient, compare, deletion_note, fit_values

VALUES: dict[str, Any] = {
    "label": "Leeds (2003)", "level": "directed", "alliance": "atop_third_defense2", "outcome": "initiator",
    "period": None, "years": [1816, 1944], "population": "all",
    "controls": ["atop_third_offense1_lag1", "atop_third_neutral1_lag1", "atop_defense_lag1", "cinc_share1",
                 "joint_democracy", "contig_any", "capdist_log", "major1", "major2"],
    "time_dependence": "cubic", "estimator": "logit", "se": "cluster", "alliance_lag": 1, "drop_ongoing": True,
    "missing": "listwise", "peace_years": "ongoing", "bivariate": False,
}
MODEL = "Directed dyads 1816-1944"
PUBLISHED = (
    Published(MODEL, "atop_third_defense2_lag1", "Target has a third-party defense pledge", sign="-"),
    Published(MODEL, "atop_third_offense1_lag1", "Challenger has a third-party offense pledge", sign="+"),
    Published(MODEL, "atop_third_neutral1_lag1", "Challenger has a third-party neutrality pledge", sign="+"),
)
DIFFERENCES = [
    "Alliances: ATOP 5.1 member-level file; Leeds used the ATOP data of 2003 with the treaty-level coding of which "
    "conditions apply to each dyad. Conditions on location, specific conflicts, numbers of adversaries and demands "
    "are treated as met, and adversary-conditional pledges naming no state cover every non-member "
    "(docs/data.md, Directed dyad-years).",
    "Disputes: COW MID 5.0 participants (originators on each side); Leeds used the MID data of the time.",
    "Distance: log(1 + km) between the capitals of peacesciencer's capitals list (the capital of the state's first "
    "day in the year), beside contiguity; Leeds used the distance data of the time.",
    "Alliance terms at t-1 (the project's rule against reverse causation), which may differ from the paper's timing.",
    "Dyad-years: false dyads removed; the A-B alliance enters as their defense pact at t-1.",
]


def run(inputs: dict[str, Any]) -> Replication:
    """Fit the design on ``inputs["dyad_years_directed"]``."""
    rep = Replication("leeds2003", "Leeds (2003), Do Alliances Deter Aggression? MID initiation 1816-1944",
                      "Leeds, B. A. (2003). Do alliances deter aggression? The influence of military alliances on the "
                      "initiation of militarized interstate disputes. American Journal of Political Science 47(3), "
                      "427-439.", ["leeds2003", "johnson2011"],
                      "Logit of MID initiation (A an originator on Side A against B an originator on Side B) on "
                      "directed dyad-years 1816-1944 with the role pledges at t-1, " + ", ".join(VALUES["controls"][2:])
                      + ", peace-years t, t^2, t^3; ongoing dispute years dropped; errors clustered by dyad.",
                      differences=list(DIFFERENCES))
    fit = fit_values("leeds2003", VALUES, inputs["dyad_years_directed"])
    if fit["status"] == "failed":
        rep.status, rep.reason = "failed", fit["reason"]
        return rep
    for pub in PUBLISHED:
        est, se, p = coefficient(fit, pub.term)
        rep.rows.append(compare(pub, est, se, p, n=fit.get("n_obs")))
    rep.tables["models"] = [{"model": MODEL, "term": c["term"], "estimate": c["estimate"], "std_error": c["std_error"],
                             "p_value": c["p_value"]} for c in fit["coefficients"]]
    rep.notes.append(deletion_note(MODEL, fit))
    return rep
