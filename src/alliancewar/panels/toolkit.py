"""Dyad-year columns added with the public API (issue 11) that the pipeline's panel carries by default.

Capital and minimum distance and the two strategic-rivalry lists are cheap merges (about a second
together on the full panel) and are in the default panel; UCDP/PRIO conflicts are added when the
optional sources ``ucdp_prio_acd`` (in the version ``data_versions.ucdp`` names) and
``isard_crosswalk`` are enabled (``optional_sources``).
Alliance portfolio similarity is not in the default panel (see ``docs/toolkit.md``): it is
available through :func:`alliancewar.add_alliance_similarity`.
"""

from __future__ import annotations

import pandas as pd

from . import distance, rivalries, ucdp

#: Clean tables the default dyad-year columns of this module need.
TOOLKIT_TABLES = ("cow_capitals", "cow_mindist", "tss_rivalries", "td_rivalries")
#: Clean tables of the optional UCDP/PRIO outcome (used when both are present).
UCDP_TABLES = ("ucdp_conflict_years", "gw_cw_years")


def add_toolkit_columns(panel: pd.DataFrame, t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Capital distance, minimum distance, TSS and Thompson-Dreyer rivalries, and UCDP when its tables are in ``t``."""
    p = distance.add_capital_distance(panel, t["cow_capitals"])
    p = distance.add_minimum_distance(p, t["cow_mindist"])
    p = rivalries.add_rivalries(p, t["tss_rivalries"], "tss")
    p = rivalries.add_rivalries(p, t["td_rivalries"], "td")
    if all(name in t for name in UCDP_TABLES):
        p = ucdp.add_ucdp_conflicts(p, ucdp.conflict_dyad_years(t["ucdp_conflict_years"], t["gw_cw_years"]))
    return p
