"""alliancewar: a reproducible pipeline testing whether international alliances go together with war.

The package holds all the logic; the Snakemake workflow only calls it. Sub-packages follow
the road of the data:

* :mod:`alliancewar.sources`, :mod:`alliancewar.origin`, :mod:`alliancewar.fetch` and :mod:`alliancewar.verify`
  -- the source registry, where raw files come from (mirror or publishers), verified downloads,
  and verification of raw files before every use;
* :mod:`alliancewar.clean` -- one module per source, raw files to typed, validated tables;
* :mod:`alliancewar.panels` -- dyad-, state- and system-years built from the clean tables;
* :mod:`alliancewar.models` -- specifications and estimators;
* :mod:`alliancewar.outputs` -- tables, figures, the report, citations and provenance;
* :mod:`alliancewar.api` -- the public API at the top level, peacesciencer's vocabulary:
  ``aw.create_dyadyears().pipe(aw.add_atop_alliance).pipe(aw.add_cow_wars)``, ``aw.cite(df)``.

The API's names are imported on first use (``import alliancewar`` stays light for the workflow).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from .api import *  # noqa: F403

_API = frozenset([
    "add_alliance_eve", "add_alliance_similarity", "add_atop_alliance", "add_capital_distance", "add_ccode_to_gw",
    "add_contiguity", "add_cow_alliance", "add_cow_majors", "add_cow_wars", "add_democracy", "add_mids",
    "add_minimum_distance", "add_nmc", "add_peace_years", "add_politically_relevant", "add_strategic_rivalries",
    "add_ucdp_conflicts", "cache_dir", "cite", "configure", "create_dyadyears", "create_stateyears", "fetch",
    "filter_prd",
])
__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'alliancewar' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _API)
