"""The variable registry: the single source of names, labels, definitions, sources and coverage.

Panels, the codebook, exports, tables and figures all take their labels from here. A
variable's coverage is the intersection of its sources' coverage years (from
``config/sources.yaml``), shifted by its lag (a lag-1 variable is defined one year later) or
by its lead (a variable summing the next k years ends k years earlier). Outside its coverage
a variable is NA, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sources import VERSIONED, Source, default_source

# Registry names of the sources. A versioned family (state system, NMC, dyadic MIDs) is named by
# its default version; a run that chooses another version (config ``data_versions``) substitutes
# it through :attr:`alliancewar.panels.build.PanelOptions.source_aliases`, so coverage follows the
# chosen version.
STATES = default_source("state_system")
ATOP = "atop_v5.1"
COW_ALLY = "cow_alliances_v4.1"
WAR = "cow_interstate_war_v4.0"
MID = default_source("dyadic_mid")
MID5 = "cow_mid_v5.0"
NMC = default_source("nmc")
CONTIG = "cow_direct_contiguity_v3.2"
POLITY = "polity5"
BMR = "boix_miller_rosato_v4.0"
#: Every version of the state system (membership coverage is never lagged, led or cut short).
STATE_SYSTEMS = frozenset(VERSIONED["state_system"].values())


@dataclass(frozen=True)
class Variable:
    """One variable of a panel."""

    name: str
    label: str
    definition: str
    sources: tuple[str, ...]
    levels: tuple[str, ...]
    kind: str = "binary"
    lag: int = 0
    lead: int = 0

    def coverage(self, sources: dict[str, Source], panel_end: int) -> tuple[int, int]:
        """First and last year in which the variable is defined.

        The state system's own coverage (whichever version) ends at the panel's last year (the
        membership may be extended past the list's last year by config, ``panel.end_year``), so
        identifiers never go missing.
        """
        start, end = -10_000, 10_000
        for s in self.sources:
            lo, hi = sources[s].coverage
            if s in STATE_SYSTEMS:  # membership itself is never lagged or led
                hi = max(hi, panel_end)
            else:
                lo, hi = lo + self.lag, hi + self.lag - self.lead
            start, end = max(start, lo), min(end, hi)
        return start, end


def _v(name, label, definition, sources, levels, kind="binary", lag=0, lead=0) -> Variable:
    return Variable(name, label, definition, tuple(sources), tuple(levels), kind, lag, lead)


D, S, Y = ("dyad",), ("state",), ("system",)
_ATOP_TYPES = {"defense": "defense pact", "offense": "offense pact", "neutral": "neutrality pact",
               "nonagg": "non-aggression pact", "consul": "consultation pact"}
_COW_TYPES = {"defense": "defense pact", "neutrality": "neutrality pact", "nonaggression": "non-aggression pact",
              "entente": "entente"}


def _alliance_dyad_vars() -> list[Variable]:
    out = []
    for prefix, src, types, srcname in (("atop", ATOP, _ATOP_TYPES, "ATOP 5.1"),
                                        ("cow", COW_ALLY, _COW_TYPES, "COW 4.1")):
        base = [(f"{prefix}_any", f"Allied, any pledge ({srcname})",
                 f"1 if the two states share at least one {srcname} alliance on a common day of the year")]
        base += [(f"{prefix}_{t}", f"Allied, {lbl} ({srcname})",
                  f"1 if the two states share an {srcname} alliance with a {lbl} obligation (either member)")
                 for t, lbl in types.items()]
        base.append((f"{prefix}_shared_count", f"Number of shared alliances ({srcname})",
                     f"Number of distinct {srcname} alliances the two states share in the year"))
        for name, label, definition in base:
            kind = "count" if name.endswith("count") else "binary"
            out.append(_v(name, label, definition, [src, STATES], D, kind))
            out.append(_v(f"{name}_lag1", f"{label}, t-1", f"{definition}; value in the previous year",
                          [src, STATES], D, kind, lag=1))
            if kind == "count":
                continue
            for sfx, event, eve, esrc in (
                    ("prewar", "war", "the day before the dyad's first day on opposite sides of a war begun "
                     "that year", WAR),
                    ("premid", "MID", "the day before the start of the earliest dispute the dyad begins that year",
                     MID)):
                out.append(_v(f"{name}_{sfx}", f"{label}, eve of {event} onset",
                              f"{definition.replace(' of the year', '').replace(' in the year', '')}: on "
                              f"{event} onset rows on {eve}, on all other rows in the year (alliance timing "
                              "for models without a lag)", [src, esrc, STATES], D, kind))
    return out


def _peace_year_vars() -> list[Variable]:
    """Peace-year counts, both rules, for war, MID, fatal MID and use-of-force MID."""
    out = []
    for stem, event, src in (("", "war", WAR), ("mid_", "MID", MID), ("fatal_mid_", "fatal MID", MID),
                             ("force_mid_", "use-of-force MID", MID)):
        out += [
            _v(f"{stem}peace_years", f"Peace-years ({event}), since onset",
               f"Years since the dyad's last {event} onset (0 in its first panel year and in the year after an "
               "onset; an onset year carries the count before it)", [src, STATES], D, "count"),
            _v(f"{stem}peace_years_ongoing", f"Peace-years ({event}), since last {event} year",
               f"Years since the dyad's last year in a {event} (Beck, Katz & Tucker 1998; peacesciencer's "
               f"add_peace_years): 0 in its first panel year and in the year after a {event} year, so the years "
               "a war or dispute lasts do not count as peace", [src, STATES], D, "count"),
        ]
    return out


DYAD_VARIABLES: list[Variable] = [
    _v("ccode1", "COW code of state 1", "COW country code of the first state (ccode1 < ccode2 when non-directed)",
       [STATES], D, "id"),
    _v("ccode2", "COW code of state 2", "COW country code of the second state", [STATES], D, "id"),
    _v("year", "Year", "Calendar year", [STATES], D + S + Y, "id"),
    *_alliance_dyad_vars(),
    _v("war_onset", "War onset", "1 if the two states begin fighting on opposite sides of an inter-state war "
       "this year (first common day of participation; joiners enter in the year they join)", [WAR, STATES], D),
    _v("war_ongoing", "War ongoing", "1 if the two states are on opposite sides of an inter-state war on any day "
       "of the year", [WAR, STATES], D),
    _v("war_ongoing_only", "War ongoing, no new onset", "1 if at war this year without a new war onset "
       "(rows usually dropped from onset models)", [WAR, STATES], D),
    _v("n_war_onsets", "Number of war onsets", "Number of distinct wars the dyad begins this year", [WAR, STATES],
       D, "count"),
    _v("war_onset_originator", "War onset, originating dyad", "1 if the dyad begins a war this year and the two "
       "states fight on opposite sides on the war's first day (both take part from its start; Poast 2010)",
       [WAR, STATES], D),
    _v("war_onset_joiner", "War onset, joining dyad", "1 if the dyad's war onset this year is not an originating "
       "one (at least one state joins a war already under way); war_onset = originator + joiner", [WAR, STATES], D),
    _v("war_onset_warnum", "War number of the onset", "COW war number of the dyad-year's war onset (with two "
       "onsets in a year: an originated war before a joined one, then the earlier); NA without onset",
       [WAR, STATES], D, "id"),
    _v("war_onset_days", "Days from war start to onset", "Days from the first day of the onset's war (its "
       "earliest participant start) to the dyad's first common day; 0 for originating dyads, NA without onset",
       [WAR, STATES], D, "count"),
    _v("mid_onset", "MID onset", "1 if a militarized interstate dispute between the two states begins this year",
       [MID, STATES], D),
    _v("fatal_mid_onset", "Fatal MID onset", "1 if a MID with at least one battle death (fatality level > 0) "
       "begins this year", [MID, STATES], D),
    _v("force_mid_onset", "Use-of-force MID onset", "1 if a MID reaching hostility level >= 4 (use of force) "
       "begins this year", [MID, STATES], D),
    _v("mid_ongoing", "MID ongoing", "1 if the two states are in a MID in the year", [MID, STATES], D),
    _v("fatal_mid_ongoing", "Fatal MID ongoing", "1 if the two states are in a MID with fatality level > 0 in "
       "the year (any of their disputes of the year)", [MID, STATES], D),
    _v("force_mid_ongoing", "Use-of-force MID ongoing", "1 if the two states are in a MID reaching hostility "
       "level >= 4 in the year (any of their disputes of the year)", [MID, STATES], D),
    _v("mid_ongoing_only", "MID ongoing, no new onset", "1 if in a MID this year without a new MID onset",
       [MID, STATES], D),
    _v("mid_dispnum", "MID number (kept dispute)", "Dispute number kept for the dyad-year after duplicate "
       "resolution", [MID, STATES], D, "id"),
    _v("mid_hostlev", "MID hostility level", "Highest hostility level (1-5) of the kept dispute", [MID, STATES],
       D, "categorical"),
    _v("mid_fatality", "MID fatality level", "Fatality level (0-6) of the kept dispute", [MID, STATES], D,
       "categorical"),
    *_peace_year_vars(),
    _v("peace_years2", "Peace-years squared (war)", "peace_years^2 (Carter & Signorino 2010)", [WAR, STATES], D,
       "continuous"),
    _v("peace_years3", "Peace-years cubed (war)", "peace_years^3 (Carter & Signorino 2010)", [WAR, STATES], D,
       "continuous"),
    *[_v(f"peace_years_spline{j}", f"Peace-years spline {j} (war)", f"(peace_years - k{j})^3_+, Beck, Katz & "
         f"Tucker (1998) spline term, knots 1, 4, 7", [WAR, STATES], D, "continuous") for j in (1, 2, 3)],
    _v("peace_years_ongoing2", "Peace-years since last war year, squared", "peace_years_ongoing^2", [WAR, STATES],
       D, "continuous"),
    _v("peace_years_ongoing3", "Peace-years since last war year, cubed", "peace_years_ongoing^3", [WAR, STATES],
       D, "continuous"),
    *[_v(f"peace_years_ongoing_spline{j}", f"Peace-years since last war year, spline {j}",
         f"(peace_years_ongoing - k{j})^3_+, knots 1, 4, 7", [WAR, STATES], D, "continuous") for j in (1, 2, 3)],
    _v("contig_type", "Contiguity type", "COW direct contiguity: 0 none, 1 land, 2-5 water <= 12/24/150/400 miles",
       [CONTIG, STATES], D, "categorical"),
    _v("contig_land", "Land contiguity", "1 if the states share a land or river border", [CONTIG, STATES], D),
    _v("contig_water", "Water contiguity (<= 400 mi)", "1 if separated by at most 400 miles of water (types 2-5)",
       [CONTIG, STATES], D),
    _v("contig_any", "Contiguous (land or water <= 400 mi)", "1 if contiguous by land or by water <= 400 miles",
       [CONTIG, STATES], D),
    _v("major1", "State 1 major power", "1 if state 1 is a COW major power in the year", [STATES], D),
    _v("major2", "State 2 major power", "1 if state 2 is a COW major power in the year", [STATES], D),
    _v("major_either", "Major power in dyad", "1 if either state is a major power", [STATES], D),
    _v("major_both", "Both major powers", "1 if both states are major powers", [STATES], D),
    _v("politically_relevant", "Politically relevant dyad", "1 if contiguous (types 1-5) or a major power is in "
       "the dyad (Lemke & Reed 2001)", [CONTIG, STATES], D),
    _v("cinc1", "CINC, state 1", "Composite Index of National Capability of state 1", [NMC, STATES], D,
       "continuous"),
    _v("cinc2", "CINC, state 2", "Composite Index of National Capability of state 2", [NMC, STATES], D,
       "continuous"),
    _v("cap_ratio_log", "Capability ratio (log)", "log(stronger CINC / weaker CINC)", [NMC, STATES], D,
       "continuous"),
    _v("cap_lower_prop", "Weaker state's capability share", "weaker CINC / (CINC1 + CINC2)", [NMC, STATES], D,
       "continuous"),
    _v("cap_higher_prop", "Stronger state's capability share", "stronger CINC / (CINC1 + CINC2)", [NMC, STATES],
       D, "continuous"),
    _v("cinc_prop", "CINC proportion (lower / higher)", "weaker CINC / stronger CINC (0-1; NA when either is "
       "unknown or 0)", [NMC, STATES], D, "continuous"),
    _v("cap_ratio_cat", "Relative power (Bremer 1992)", "Class of stronger CINC / weaker CINC: 1 small (<= 3), "
       "2 medium (3-10), 3 large (> 10) power difference (NA like cinc_prop)", [NMC, STATES], D, "categorical"),
    _v("cap_ratio_small", "Small power difference", "1 if stronger / weaker CINC <= 3 (Bremer 1992)", [NMC, STATES],
       D),
    _v("cap_ratio_medium", "Medium power difference", "1 if 3 < stronger / weaker CINC <= 10 (Bremer 1992)",
       [NMC, STATES], D),
    _v("cap_ratio_large", "Large power difference", "1 if stronger / weaker CINC > 10 (Bremer 1992)", [NMC, STATES],
       D),
    _v("milit_min", "Militarization (minimum)", "Lower of the two states' military personnel / total population "
       "(NMC milper / tpop)", [NMC, STATES], D, "continuous"),
    _v("econ_dev_min", "Economic development (minimum)", "Lower of the two states' ratios of economic to "
       "demographic capability share (see econ_dev; Bremer 1992)", [NMC, STATES], D, "continuous"),
    _v("econ_advanced_both", "Both economically advanced", "1 if both states are economically advanced "
       "(econ_dev > 1; Bremer 1992)", [NMC, STATES], D),
    _v("polity2_1", "Polity2, state 1", "Polity5 polity2 score of state 1 (-10 to 10)", [POLITY, STATES], D,
       "continuous"),
    _v("polity2_2", "Polity2, state 2", "Polity5 polity2 score of state 2 (-10 to 10)", [POLITY, STATES], D,
       "continuous"),
    _v("democracy_min", "Democracy (weak link)", "Lower polity2 score of the two states", [POLITY, STATES], D,
       "continuous"),
    _v("joint_democracy", "Joint democracy", "1 if both states have polity2 >= 6", [POLITY, STATES], D),
    _v("bmr_democracy_1", "Democracy (BMR), state 1", "Boix-Miller-Rosato dichotomous democracy of state 1",
       [BMR, STATES], D),
    _v("bmr_democracy_2", "Democracy (BMR), state 2", "Boix-Miller-Rosato dichotomous democracy of state 2",
       [BMR, STATES], D),
    _v("joint_democracy_bmr", "Joint democracy (BMR)", "1 if both states are democracies in the Boix-Miller-Rosato "
       "coding (NA if either is unknown)", [BMR, STATES], D),
]

STATE_VARIABLES: list[Variable] = [
    _v("ccode", "COW country code", "COW country code", [STATES], S, "id"),
    _v("n_states", "States in the system", "Number of state-system members in the year", [STATES], S + Y, "count"),
    _v("major", "Major power", "1 if the state is a COW major power in the year", [STATES], S),
    _v("cinc", "CINC", "Composite Index of National Capability", [NMC, STATES], S, "continuous"),
    _v("polity2", "Polity2", "Polity5 polity2 score (-10 to 10)", [POLITY, STATES], S, "continuous"),
    _v("bmr_democracy", "Democracy (BMR)", "Boix-Miller-Rosato dichotomous democracy (1 democracy)", [BMR, STATES],
       S),
    _v("milit", "Militarization", "Military personnel / total population (NMC milper / tpop)", [NMC, STATES], S,
       "continuous"),
    _v("econ_dev", "Economic development (Bremer 1992)", "Share of the system's economic capabilities (mean of the "
       "iron/steel and energy shares) / share of its demographic capabilities (mean of the total and urban "
       "population shares)", [NMC, STATES], S, "continuous"),
    _v("econ_advanced", "Economically advanced", "1 if econ_dev > 1 (Bremer 1992)", [NMC, STATES], S),
    *[v for prefix, src, types in (("atop", ATOP, _ATOP_TYPES), ("cow", COW_ALLY, _COW_TYPES))
      for t in ("any", *types)
      for v in (
          _v(f"{prefix}_n_allies_{t}", f"Number of allies, {t} ({prefix.upper()})",
             f"Number of system members the state is allied with ({t})", [src, STATES], S, "count"),
          _v(f"{prefix}_share_allied_{t}", f"Share of system allied with, {t} ({prefix.upper()})",
             f"Allies ({t}) / (system members - 1)", [src, STATES], S, "continuous"),
          _v(f"{prefix}_n_alliances_{t}", f"Number of alliances, {t} ({prefix.upper()})",
             f"Number of distinct alliances ({t}) with at least one other system member", [src, STATES], S,
             "count"),
          _v(f"{prefix}_n_allies_{t}_lag1", f"Number of allies, {t} ({prefix.upper()}), t-1",
             f"Number of allies ({t}) in the previous year", [src, STATES], S, "count", lag=1),
      )],
    _v("war_onset_state", "War entry", "1 if the state enters at least one inter-state war this year",
       [WAR, STATES], S),
    _v("war_involved", "War involvement", "1 if the state takes part in an inter-state war on any day of the year",
       [WAR, STATES], S),
    _v("n_war_entries", "Number of war entries", "Number of distinct inter-state wars the state enters this year",
       [WAR, STATES], S, "count"),
    _v("state_peace_years", "Years since war entry", "Years since the state's last war entry", [WAR, STATES], S,
       "count"),
    _v("state_peace_years_ongoing", "Years since last war year", "Years since the state's last year of war "
       "involvement (Beck, Katz & Tucker 1998 rule)", [WAR, STATES], S, "count"),
]


#: Alliance types for which the bloc structure of the network is computed (others: shares, density).
BLOC_TYPES = ("any", "defense")


def _system_alliance_vars() -> list[Variable]:
    out = []
    for prefix, src, types in (("atop", ATOP, _ATOP_TYPES), ("cow", COW_ALLY, _COW_TYPES)):
        up = prefix.upper()
        for t in ("any", *types):
            sfx = "" if (prefix == "atop") else "_cow"
            name_share = f"share_allied_{t}{sfx}"
            name_dens = ("alliance_network_density" if t == "any" else f"alliance_network_density_{t}") + sfx
            out += [
                _v(name_share, f"Share of states allied, {t} ({up})",
                   f"Share of system members in at least one {t} alliance with another member", [src, STATES], Y,
                   "continuous"),
                _v(f"{name_share}_lag1", f"Share of states allied, {t} ({up}), t-1",
                   "Previous year's value", [src, STATES], Y, "continuous", lag=1),
                _v(name_dens, f"Alliance network density, {t} ({up})",
                   f"Allied dyads ({t}) / all dyads of system members", [src, STATES], Y, "continuous"),
                _v(f"{name_dens}_lag1", f"Alliance network density, {t} ({up}), t-1", "Previous year's value",
                   [src, STATES], Y, "continuous", lag=1),
                _v(f"share_majors_allied_{t}{sfx}", f"Share of major powers allied, {t} ({up})",
                   f"Share of major powers in at least one {t} alliance with another member", [src, STATES], Y,
                   "continuous"),
            ]
            if t not in BLOC_TYPES:
                continue
            out += [
                _v(f"n_blocs_{t}{sfx}", f"Number of alliance blocs, {t} ({up})",
                   "Connected components (of two or more states) of the alliance network", [src, STATES], Y,
                   "count"),
                _v(f"largest_bloc_share_{t}{sfx}", f"Largest bloc share, {t} ({up})",
                   "Members of the largest connected component / system members", [src, STATES], Y, "continuous"),
                _v(f"modularity_{t}{sfx}", f"Modularity of the alliance network, {t} ({up})",
                   "Modularity Q = sum_c (L_c / L - (d_c / 2L)^2) (Newman & Girvan 2004 [newman2004]; L edges, "
                   "L_c edges within community c, d_c its degree sum) of the Louvain partition (Blondel et al. "
                   "2008 [blondel2008], seeded); NA without edges", [src, STATES], Y, "continuous"),
                _v(f"n_communities_{t}{sfx}", f"Number of alliance communities, {t} ({up})",
                   "Communities of the Louvain partition of the alliance network (polarisation: few, "
                   "large, separate communities)", [src, STATES], Y, "count"),
            ]
    return out


#: System measures with k-year changes and growth rates (ATOP names; COW's end in ``_cow``).
CHANGE_MEASURES = ("share_allied_any", "share_allied_defense", "share_majors_allied_any",
                   "share_majors_allied_defense", "alliance_network_density", "alliance_network_density_defense")
#: Largest k of ``panel.change_years``: the registry holds the changes for every k up to it.
MAX_CHANGE_YEARS = 10
DEFAULT_CHANGE_YEARS = (1, 5, 10)


def change_name(measure: str, k: int, kind: str) -> str:
    """Column of the k-year ``kind`` (``"chg"`` or ``"growth"``) of ``measure``, e.g. ``share_allied_any_chg5_cow``."""
    base, cow = (measure[: -len("_cow")], "_cow") if measure.endswith("_cow") else (measure, "")
    return f"{base}_{kind}{k}{cow}"


def _system_change_vars(levels: list[Variable]) -> list[Variable]:
    """k-year changes and growth rates of :data:`CHANGE_MEASURES`, k = 1..MAX_CHANGE_YEARS.

    Coverage: defined from k years after the source starts (``lag=k``) to the source's last
    year (``lead=k`` cancels the end shift a lag alone implies: ``x_t`` must exist too).
    """
    by_name = {v.name: v for v in levels}
    out = []
    for measure in CHANGE_MEASURES:
        for m in (measure, f"{measure}_cow"):
            x = by_name[m]
            for k in range(1, MAX_CHANGE_YEARS + 1):
                span = "1 year" if k == 1 else f"{k} years"
                out += [
                    _v(change_name(m, k, "chg"), f"Change in {x.label[0].lower()}{x.label[1:]}, {span}",
                       f"x_t - x_(t-{k}), x = {x.label[0].lower()}{x.label[1:]} ({x.definition}); NA in the "
                       f"first {span} of the panel", x.sources, Y, "continuous", lag=k, lead=k),
                    _v(change_name(m, k, "growth"), f"Growth rate of {x.label[0].lower()}{x.label[1:]}, {span}",
                       f"(x_t - x_(t-{k})) / x_(t-{k}), x = {x.label[0].lower()}{x.label[1:]}; NA where "
                       f"x_(t-{k}) = 0", x.sources, Y, "continuous", lag=k, lead=k),
                ]
    return out


def _formation_vars() -> list[Variable]:
    """Alliances begun, in force, member entries (:mod:`.formation`) and Wayman's poles (:mod:`.polarity`)."""
    out = []
    for prefix, src in (("atop", ATOP), ("cow", COW_ALLY)):
        up, sfx = prefix.upper(), "" if prefix == "atop" else "_cow"
        for t, what in (("any", "alliances"), ("defense", "defense pacts")):
            out += [
                _v(f"alliances_begun_{t}{sfx}", f"{what.capitalize()} begun ({up})",
                   f"Number of {what} first in force among system members in the year (start date; alliances "
                   "in force before the panel's first year are not counted)", [src, STATES], Y, "count"),
                _v(f"alliances_in_force_{t}{sfx}", f"{what.capitalize()} in force ({up})",
                   f"Number of {what} linking at least two system members on a common day of the year",
                   [src, STATES], Y, "count"),
                _v(f"member_entries_{t}{sfx}", f"Member entries into {what} ({up})",
                   f"Number of system members' entries into {what} in the year (first day of a continuous "
                   "membership spell; founding members included)", [src, STATES], Y, "count"),
                _v(f"n_poles_{t}{sfx}", f"Poles among major powers, {t} ({up})",
                   f"Connected components of the {t} alliance network among major powers, an unallied major "
                   "power counting as a pole (Wayman 1984 [wayman1984])", [src, STATES], Y, "count"),
                _v(f"cluster_polarity_{t}{sfx}", f"Cluster polarity, {t} ({up})",
                   f"Poles / major powers (Wayman 1984 [wayman1984]; poles from {t} alliances): 1 = no two major "
                   "powers allied, 2 / n_majors = two blocs; lower = more bipolarised", [src, STATES], Y,
                   "continuous"),
            ]
    return out


#: State-level formation variables (alliances joined), kept with the other formation measures.
ALLIANCE_JOINED_VARIABLES: list[Variable] = [
    _v(f"{prefix}_alliances_joined_{t}", f"Alliances joined, {t} ({prefix.upper()})",
       f"Number of {'defense pacts' if t == 'defense' else 'alliances'} the state entered in the year (first day of "
       "a continuous membership spell; founding members included)", [src, STATES], S, "count")
    for prefix, src in (("atop", ATOP), ("cow", COW_ALLY)) for t in ("any", "defense")
]

_SYSTEM_ALLIANCE_VARIABLES = _system_alliance_vars()

SYSTEM_VARIABLES: list[Variable] = [
    *_SYSTEM_ALLIANCE_VARIABLES,
    *_system_change_vars(_SYSTEM_ALLIANCE_VARIABLES),
    *_formation_vars(),
    _v("n_majors", "Major powers", "Number of major powers in the system", [STATES], Y, "count"),
    _v("war_onsets", "Wars begun", "Number of inter-state wars that begin in the year", [WAR, STATES], Y, "count"),
    _v("war_onsets_next1", "Wars begun in t+1", "Wars beginning in the following year", [WAR, STATES], Y, "count",
       lead=1),
    _v("war_onsets_next3", "Wars begun in t+1..t+3", "Wars beginning in the next three years", [WAR, STATES], Y,
       "count", lead=3),
    _v("war_onsets_next5", "Wars begun in t+1..t+5", "Wars beginning in the next five years", [WAR, STATES], Y,
       "count", lead=5),
    _v("nation_months_begun", "Nation-months of war begun", "Sum over participants of months at war, for wars "
       "beginning in the year (Singer & Small 1968)", [WAR, STATES], Y, "continuous"),
    _v("battle_deaths_begun", "Battle deaths of wars begun", "Battle deaths of the wars beginning in the year "
       "(known values)", [WAR, STATES], Y, "continuous"),
    _v("war_ongoing_count", "Wars ongoing", "Number of inter-state wars under way in the year", [WAR, STATES], Y,
       "count"),
]

# ---- Added with the public API (issue 11): distance, rivalries, portfolio similarity, UCDP/PRIO ----
CAPITALS = "peacesciencer_capitals"
MINDIST = "peacesciencer_mindist"
CAPDIST = "gleditsch_capdist"
TSS = "tss_rivalries"
TD = "td_rivalries"
GW_STATES = "gleditsch_ward_v2017"
CROSSWALK = "isard_crosswalk"
UCDP = default_source("ucdp")  # the version data_versions.ucdp names (aliases)

_RIVALRY_TYPES = {"spatial": "over territory", "positional": "over relative position (status, influence)",
                  "ideological": "over ideology", "interventionary": "over intervention in a third state"}
_SIMILARITY = {
    "s_un_glo": ("S, unweighted, global", "Signorino & Ritter (1999) S of the two states' alliance portfolios "
                 "(ties 0-3, absolute distances) over all system members"),
    "s_wt_glo": ("S, capability-weighted, global", "S with each system member weighted by its CINC (NMC)"),
    "s_un_reg": ("S, unweighted, regional", "S over the members of the two states' COW regions only"),
    "s_wt_reg": ("S, capability-weighted, regional", "Regional S with CINC weights"),
    "taub": ("Tau-b of alliance portfolios", "Kendall's tau-b of the two portfolios (Bueno de Mesquita 1975)"),
    "kappa": ("Cohen's kappa of alliance portfolios", "Chance-corrected S, each state's own tie distribution "
              "(Haege 2011)"),
    "pi": ("Scott's pi of alliance portfolios", "Chance-corrected S, the two states' pooled tie distribution "
           "(Haege 2011)"),
}


def _toolkit_dyad_vars() -> list[Variable]:
    out = [
        _v("capdist", "Capital distance (km)", "Great-circle distance between the two capitals (peacesciencer "
           "capitals, the capital of the state's first day in the year)", [CAPITALS, STATES], D, "continuous"),
        _v("capdist_log", "Capital distance (log)", "log(1 + capdist): the logged capital distance used as a control "
           "by Leeds (2003)", [CAPITALS, STATES], D, "continuous"),
        _v("mindist", "Minimum distance (km)", "Minimum distance between the two states' borders in the year "
           "(peacesciencer cow_mindist, DERIVED from CShapes 2.0; 0 if they touch)", [MINDIST, STATES], D,
           "continuous"),
        _v("capdist_gleditsch", "Capital distance, Gleditsch (km)", "Gleditsch & Ward's (2001) time-invariant "
           "capital distance, via the year's Gleditsch-Ward codes (isard crosswalk)", [CAPDIST, CROSSWALK, STATES],
           D, "continuous"),
        _v("ucdp_onset", "UCDP interstate conflict onset", "1 if the two states are primary parties on opposite "
           "sides of an active UCDP/PRIO interstate conflict (>= 25 battle deaths) this year and were not in the "
           "previous year", [UCDP, CROSSWALK, STATES], D),
        _v("ucdp_ongoing", "UCDP interstate conflict ongoing", "1 if the two states are primary parties on opposite "
           "sides of an active UCDP/PRIO interstate conflict this year", [UCDP, CROSSWALK, STATES], D),
        _v("ucdp_war_ongoing", "UCDP interstate war ongoing", "1 if the two states are primary parties on opposite "
           "sides of a UCDP/PRIO interstate conflict with >= 1,000 battle deaths this year (intensity level 2)",
           [UCDP, CROSSWALK, STATES], D),
    ]
    for prefix, src, book in (("tss", TSS, "Thompson, Sakuwa & Suhas 2021"), ("td", TD, "Thompson & Dreyer 2012")):
        out.append(_v(f"rivalry_{prefix}", f"Strategic rivalry ({prefix.upper()})", f"1 if the two states are "
                      f"strategic rivals in the year ({book})", [src, STATES], D))
        out += [_v(f"rivalry_{prefix}_{t}", f"{t.capitalize()} rivalry ({prefix.upper()})", f"1 if the two states "
                   f"are in a {t} rivalry ({what}) in the year ({book})", [src, STATES], D)
                for t, what in _RIVALRY_TYPES.items()]
    for prefix, src, name in (("atop", ATOP, "ATOP 5.1"), ("cow", COW_ALLY, "COW 4.1")):
        for key, (label, definition) in _SIMILARITY.items():
            srcs = [src, NMC, STATES] if key.startswith("s_wt") else [src, STATES]
            out.append(_v(f"{prefix}_{key}", f"{label} ({name})", f"{definition}; {name} ties", srcs, D,
                          "continuous"))
    return out


TOOLKIT_DYAD_VARIABLES: list[Variable] = _toolkit_dyad_vars()

# ---------------------------------------------------------------------------------------------
# Directed dyad-years (MID initiation; alliancewar.panels.directed) and formation windows
# (alliancewar.panels.windows). Level "directed": the directed panel also holds every dyad variable
# (mirrored), which directed specifications may use too (alliancewar.models.spec).
# ---------------------------------------------------------------------------------------------

DD, W = ("directed",), ("window",)
_PLEDGES = {"defense": "defense", "offense": "offense", "neutral": "neutrality", "consul": "consultation"}
_ROLES = {1: ("state 1 (the potential challenger)", "state 2", "a conflict it would begin against state 2; "
              "pledges conditional on its not provoking or on its being attacked excluded"),
          2: ("state 2 (the potential target)", "state 1", "an attack by state 1")}


def _pledge_vars() -> list[Variable]:
    out = []
    for ob, what in _PLEDGES.items():
        for role, (holder, other, conflict) in _ROLES.items():
            name = f"atop_third_{ob}{role}"
            label = f"{'Challenger' if role == 1 else 'Target'} has a third-party {what} pledge (ATOP 5.1)"
            article = "an" if what[0] in "aeiou" else "a"
            definition = (f"1 if {holder} holds {article} {what} pledge from a third state (a member of a common ATOP alliance "
                          f"that undertook the obligation, {other} not a member of that alliance) covering {conflict}; "
                          "an adversary-conditional pledge covers only a named threat (docs/models.md, Directed "
                          "dyads)")
            out += [_v(name, label, definition, [ATOP, STATES], DD),
                    _v(f"{name}_lag1", f"{label}, t-1", f"{definition}; value in the previous year", [ATOP, STATES],
                       DD, lag=1)]
    return out


DIRECTED_VARIABLES: list[Variable] = [
    _v("initiator", "MID initiation (state 1 against state 2)", "1 if a MID begins this year in which state 1 is an "
       "originator on Side A and state 2 an originator on Side B (MID 5.0 participants; year of their first common "
       "day)", [MID5, STATES], DD),
    _v("mid5_onset", "MID onset (MID 5.0)", "1 if the two states begin a MID 5.0 dispute on opposite sides this year "
       "(any role; symmetric)", [MID5, STATES], DD),
    _v("mid5_ongoing", "MID ongoing (MID 5.0)", "1 if the two states are on opposite sides of a MID 5.0 dispute on a "
       "common day of the year", [MID5, STATES], DD),
    _v("initiator_ongoing_only", "MID ongoing, no new onset (MID 5.0)", "1 if in a MID 5.0 dispute begun earlier "
       "and no new one this year (rows dropped from initiation models)", [MID5, STATES], DD),
    _v("mid5_peace_years", "Peace-years (MID 5.0), since onset", "Years since the dyad's last MID 5.0 onset (0 in its "
       "first panel year and the year after an onset)", [MID5, STATES], DD, "count"),
    _v("mid5_peace_years_ongoing", "Peace-years (MID 5.0), since last dispute year", "Years since the dyad's last "
       "year in a MID 5.0 dispute (Beck, Katz & Tucker 1998 rule)", [MID5, STATES], DD, "count"),
    _v("cinc_share1", "Challenger's capability share", "cinc1 / (cinc1 + cinc2): state 1's share of the dyad's "
       "capabilities (Leeds 2003); NA when unknown or both 0", [NMC, STATES], DD, "continuous"),
    *_pledge_vars(),
]

def _window_count_vars() -> list[Variable]:
    out = []
    for stem, label, what, unit, src in (
            ("mid_onsets", "MID onsets", "MID onsets of the dyad (the panel's MID source)", "dyad", MID),
            ("war_onsets", "War onsets", "war onsets of the dyad", "dyad", WAR),
            ("mid_entries", "MID entries", "disputes the state enters (MID 5.0 participation spells)", "state", MID5),
            ("war_entries", "War entries", "inter-state wars the state enters", "state", WAR)):
        for side, years in (("before", "t0 - N .. t0 - 1"), ("after", "t0 + 1 .. t0 + N")):
            out.append(_v(f"{stem}_{side}", f"{label}, {side} formation",
                          f"Sum of {what} in the N years {side} the alliance's formation year t0 ({years}; {unit} "
                          "rows); NA when the window is incomplete or outside the source's coverage",
                          [src, STATES], W, "count"))
    return out


#: Formation windows (alliancewar.panels.windows): one row per alliance, founding unit and window length.
WINDOW_VARIABLES: list[Variable] = [
    _v("alliance_source", "Alliance source", "atop (ATOP 5.1) or cow (COW 4.1, when supplied)", [ATOP, STATES], W,
       "id"),
    _v("alliance", "Alliance identifier", "ATOP atopid or COW version4id", [ATOP, STATES], W, "id"),
    _v("formation_year", "Formation year", "Year of the alliance's first membership day (t0)", [ATOP, STATES], W, "id"),
    _v("nuclear_era", "Formed in the nuclear era", "1 if the alliance formed in 1945 or later (Kenwick, Vasquez & "
       "Powers 2015)", [ATOP, STATES], W),
    _v("defense_pact", "Defense pact", "1 if a member of the alliance undertook a defense obligation in some phase",
       [ATOP, STATES], W),
    _v("unit", "Unit", "dyad (a pair of founding members, ccode1 < ccode2) or state (one founding member, ccode1)",
       [ATOP, STATES], W, "id"),
    _v("window_years", "Window length (years)", "N: years counted on each side of the formation year (config "
       "windows.years)", [ATOP, STATES], W, "id"),
    _v("allied_before", "Allied before formation", "1 if the founding pair was already allied (any alliance of the "
       "same source) in t0 - 1 (dyad rows)", [ATOP, STATES], W),
    *_window_count_vars(),
]

REGISTRY: dict[str, Variable] = {v.name: v for v in DYAD_VARIABLES + STATE_VARIABLES + ALLIANCE_JOINED_VARIABLES
                                 + SYSTEM_VARIABLES + TOOLKIT_DYAD_VARIABLES + DIRECTED_VARIABLES
                                 + WINDOW_VARIABLES}


def labels() -> dict[str, str]:
    """Variable name -> label, for tables and figures (lag-1 columns included)."""
    return {name: v.label for name, v in REGISTRY.items()}
