"""The parts of the claim under test, and the fixed rules that turn a system measure into a test.

The 2025 paper claims that "the growth of alliances in the twentieth century was positively
correlated with the outbreak of wars" and that "alliances polarise the international system".
At the level of the claim (the international system, one observation a year) this is four
questions (:data:`CLAIM_PARTS`); ``docs/claim.md`` explains why each is tested as it is.

Everything here is a fixed rule, set before any estimate is seen:

* :func:`claimed_sign` -- the direction the claim predicts for a measure pair (alliance growth
  and formation: more; polarisation: higher modularity, fewer poles);
* :func:`is_flow` -- whether a measure is already a change or a count of new events (alliances
  begun, member entries, k-year changes) rather than a level (a share, a density, a polarity);
* :func:`headline_form` -- the form of a design that decides the verdict: the change of a level
  in year t (:data:`~alliancewar.models.timeseries.HEADLINE_FORM`), a flow with linear trends
  removed. Both are "growth or formation in year t" and both are valid for trending series;
  the levels of a persistent series are not (``models/timeseries.py``).
"""

from __future__ import annotations

import re

from .timeseries import FORMS, HEADLINE_FORM

__all__ = [
    "ALLIANCE_STEMS",
    "CLAIM_PARTS",
    "COUNT_FORMS",
    "POLARISATION_SIGNS",
    "WAR_OUTCOMES",
    "claimed_sign",
    "forms_for",
    "headline_form",
    "is_flow",
    "measure_role",
    "outcome_is_level",
]

#: Claim part -> (short name, what it asks). Parts 1-3 have a claimed direction; part 4 does not.
CLAIM_PARTS: dict[str, tuple[str, str]] = {
    "growth_war": ("Alliance growth \u2192 war",
                   "Was the growth and formation of alliances in year t followed by more war in t+1..t+k?"),
    "alliances_polarisation": ("Alliances \u2192 polarisation",
                               "Was the growth and formation of alliances in year t followed by a more polarised "
                               "system (polarisation rising from t to t+k)?"),
    "polarisation_war": ("Polarisation \u2192 war",
                         "Was a rise in polarisation in year t followed by more war in t+1..t+k?"),
    "era_difference": ("Eras differ?",
                       "Does the growth-war association differ between 1816-1899, 1900-1945 and 1946 onwards?"),
}
#: Singer & Small's (1968) war measures in the system-years (counts of the year's new wars and their size).
WAR_OUTCOMES: tuple[str, ...] = ("war_onsets", "nation_months_begun", "battle_deaths_begun")
#: Stems of polarisation measures and the sign of "more polarised": modularity rises, cluster
#: polarity and the number of poles fall as the system splits into fewer, tighter blocs
#: (Newman 2004; Wayman 1984).
POLARISATION_SIGNS: dict[str, int] = {"modularity": 1, "cluster_polarity": -1, "n_poles": -1}
#: Stems of alliance aggregation and formation measures (more = growth).
ALLIANCE_STEMS: tuple[str, ...] = ("share_allied", "share_majors_allied", "alliance_network_density",
                                   "alliances_begun", "alliances_in_force", "member_entries")
#: Forms of a count-regression design: x_t with a constant; x_t with a linear trend; the change
#: of x (x_t - x_(t-1)) with a linear trend.
COUNT_FORMS: tuple[str, ...] = ("levels", "trend", "change")
_FLOW = re.compile(r"^(alliances_begun|member_entries)_|_(chg|growth)\d+(_cow)?$")


def is_flow(measure: str) -> bool:
    """Whether ``measure`` is a flow (new alliances, entries, a k-year change), not a level."""
    return bool(_FLOW.search(measure))


def measure_role(measure: str) -> str | None:
    """``"alliance"``, ``"polarisation"``, ``"war"`` or None (a measure no claim part speaks of)."""
    if not isinstance(measure, str):
        return None
    if measure in WAR_OUTCOMES:
        return "war"
    if any(measure.startswith(f"{s}_") for s in POLARISATION_SIGNS):
        return "polarisation"
    if any(measure == s or measure.startswith(f"{s}_") for s in ALLIANCE_STEMS):
        return "alliance"
    return None


def outcome_is_level(outcome: str) -> bool:
    """Whether an outcome enters a lead window as its change ``y_(t+k) - y_t`` (a level, e.g. a
    polarisation measure) rather than as the sum ``y_(t+1) + ... + y_(t+k)`` (a war measure:
    events, or the size of the wars, begun in the year)."""
    return measure_role(outcome) != "war"


def _polarisation_sign(measure: str) -> int:
    return next(sign for stem, sign in POLARISATION_SIGNS.items() if measure.startswith(f"{stem}_"))


#: Roles of the measure (x) and the outcome (y) each claim part allows.
PART_ROLES: dict[str, tuple[str, str]] = {
    "growth_war": ("alliance", "war"),
    "alliances_polarisation": ("alliance", "polarisation"),
    "polarisation_war": ("polarisation", "war"),
    "era_difference": ("alliance", "war"),
}


def claimed_sign(part: str, measure: str, outcome: str) -> int | None:
    """The sign of the association the claim predicts for ``measure`` in t and ``outcome`` after t.

    +1 or -1; None for :data:`CLAIM_PARTS` without a direction (``era_difference``).

    Raises
    ------
    ValueError
        When the measure or outcome does not belong to the part (see :data:`PART_ROLES`).
    """
    if part not in CLAIM_PARTS:
        raise ValueError(f"unknown claim part {part!r}; known: {list(CLAIM_PARTS)}")
    want_x, want_y = PART_ROLES[part]
    for what, name, want in (("measure", measure, want_x), ("outcome", outcome, want_y)):
        if measure_role(name) != want:
            raise ValueError(f"{what} {name!r} is not a {want} measure (claim part {part})")
    if part == "era_difference":
        return None
    sign = 1
    for name in (measure, outcome):
        if measure_role(name) == "polarisation":
            sign *= _polarisation_sign(name)
    return sign


def forms_for(estimator: str) -> tuple[str, ...]:
    """The forms a design of ``estimator`` knows (correlations: :data:`FORMS`; counts: :data:`COUNT_FORMS`)."""
    return FORMS if estimator == "correlation" else COUNT_FORMS


def headline_form(measure: str, estimator: str) -> str:
    """The form that decides the verdict for ``measure`` (see the module docstring).

    A level: its change in year t against the outcome as observed (``"change"``, for counts
    with a trend term). A flow: the flow itself with linear trends removed (``"detrended"``;
    for counts, the flow with a trend term, ``"trend"``).
    """
    if is_flow(measure):
        return "detrended" if estimator == "correlation" else "trend"
    return HEADLINE_FORM
