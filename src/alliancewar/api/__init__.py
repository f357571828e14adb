"""The public API: peacesciencer-style verbs over verified data (``import alliancewar as aw``).

``aw.create_dyadyears()`` / ``aw.create_stateyears()`` make the units; ``aw.add_*`` verbs add one
group of variables each (``df.pipe(aw.add_atop_alliance)``); ``aw.cite(df)`` returns the BibTeX of
what the frame was built from. Data come from a verified local cache (:mod:`.data`).
"""

from .cite import cite
from .data import cache_dir, configure, fetch
from .create import create_dyadyears, create_stateyears
from .toolkit_verbs import (add_alliance_similarity, add_capital_distance, add_ccode_to_gw, add_minimum_distance,
                            add_strategic_rivalries, add_ucdp_conflicts)
from .verbs import (add_alliance_eve, add_atop_alliance, add_contiguity, add_cow_alliance, add_cow_majors, add_cow_wars,
                    add_democracy, add_mids, add_nmc, add_peace_years, add_politically_relevant, filter_prd)

__all__ = [
    "add_alliance_eve", "add_alliance_similarity", "add_atop_alliance", "add_capital_distance", "add_ccode_to_gw",
    "add_contiguity", "add_cow_alliance", "add_cow_majors", "add_cow_wars", "add_democracy", "add_mids",
    "add_minimum_distance", "add_nmc", "add_peace_years", "add_politically_relevant", "add_strategic_rivalries",
    "add_ucdp_conflicts", "cache_dir", "cite", "configure", "create_dyadyears", "create_stateyears", "fetch",
    "filter_prd",
]
