"""Compose the dyad-year panels from the clean tables, one verb at a time.

In the spirit of peacesciencer: :func:`~alliancewar.panels.dyads.create_dyadyears`, then
``add_*`` verbs for alliances, wars, MIDs, controls and peace-years, then coverage masking.
The directed panel mirrors the non-directed one (every variable is symmetric except the
state-specific pairs, which are swapped).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..sources import DEFAULT_VERSIONS, Source, version_aliases
from . import alliances, controls, dyads, mids, peace, timing, toolkit, wars
from .coverage import apply_coverage
from .variables import DEFAULT_CHANGE_YEARS, MID, MID5

log = logging.getLogger(__name__)

DYAD_TABLES = ("states", "majors", "atop_members", "war_participants", "dyadic_mids", "mid_participants",
               "mid_disputes", "nmc", "contiguity_years", "polity", "bmr_democracy", *toolkit.TOOLKIT_TABLES)
PAIRED = (("ccode1", "ccode2"), ("major1", "major2"), ("cinc1", "cinc2"), ("polity2_1", "polity2_2"),
          ("bmr_democracy_1", "bmr_democracy_2"))
#: Helper columns of the build (onset day numbers for the pre-onset alliance status), dropped.
HELPERS = ("war_onset_day", "mid_onset_day")


@dataclass(frozen=True)
class PanelOptions:
    """Panel choices (config sections ``panel`` and ``data_versions``).

    ``data_versions`` holds the version of each source family (``(family, version)`` pairs,
    :data:`alliancewar.sources.DEFAULT_VERSIONS` by default). ``end_year`` None means the last
    year of the chosen state system (its version: COW names a state-system release for its
    last year, v2016 or v2024).
    """

    start_year: int = 1816
    end_year: int | None = None
    mid_source: str = "dyadic"
    alliance_lag: int = 1
    spline_knots: tuple[float, ...] = peace.DEFAULT_KNOTS
    cow_alliances: bool = False
    change_years: tuple[int, ...] = DEFAULT_CHANGE_YEARS
    data_versions: tuple[tuple[str, str], ...] = tuple(DEFAULT_VERSIONS.items())

    def __post_init__(self) -> None:
        if self.end_year is None:
            object.__setattr__(self, "end_year", self.system_end_year)

    @property
    def versions(self) -> dict[str, str]:
        """Family -> chosen version (defaults for families not given)."""
        return {**DEFAULT_VERSIONS, **dict(self.data_versions)}

    @property
    def system_end_year(self) -> int:
        """Last year of the chosen state-system list (2016 or 2024)."""
        return int(self.versions["state_system"])

    @property
    def source_aliases(self) -> dict[str, str]:
        """Registry substitutions implied by the options: the chosen version of each family for the
        default one the variable registry names, and MID 5.0 instead of dyadic MIDs (``mid5``)."""
        aliases = version_aliases({"data_versions": self.versions})
        if self.mid_source == "mid5":
            aliases[MID] = MID5
        return aliases


def load_tables(clean_dir: str | Path, names: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, pd.DataFrame]:
    """Read clean tables ``names`` (and ``optional`` ones when present) from ``clean_dir``."""
    clean_dir = Path(clean_dir)
    out = {n: pd.read_parquet(clean_dir / f"{n}.parquet") for n in names}
    for n in optional:
        if (clean_dir / f"{n}.parquet").exists():
            out[n] = pd.read_parquet(clean_dir / f"{n}.parquet")
    return out


def build_dyad_years(t: dict[str, pd.DataFrame], sources: dict[str, Source], opts: PanelOptions) -> pd.DataFrame:
    """Non-directed dyad-years (ccode1 < ccode2) with every dyad variable of the registry.

    Parameters
    ----------
    t
        Clean tables by name (see :data:`DYAD_TABLES`; ``cow_alliance_dyads`` when
        ``opts.cow_alliances``).
    sources
        The source registry (for coverage).
    opts
        Panel options.
    """
    p = dyads.create_dyadyears(t["states"], start_year=opts.start_year, end_year=opts.end_year)
    spells = {"atop": (alliances.atop_pair_spells(t["atop_members"]), "atopid", alliances.ATOP_TYPES)}
    if opts.cow_alliances:
        spells["cow"] = (alliances.cow_pair_spells(t["cow_alliance_dyads"]), "version4id", alliances.COW_TYPES)
    for prefix, (sp, key, types) in spells.items():
        p = alliances.add_alliances(p, alliances.collapse_pair_spells(sp, key, types, prefix), prefix,
                                    opts.alliance_lag)
    p = wars.add_wars(p, t["war_participants"])
    if opts.mid_source == "mid5":
        mid_years, removed = mids.mid5_dyad_years(t["mid_participants"], t["mid_disputes"])
    else:
        mid_years, removed = mids.dyadic_mid_years(t["dyadic_mids"])
    p = mids.add_mids(p, mid_years)
    for prefix, (sp, _, types) in spells.items():
        for day, suffix in (("war_onset_day", "prewar"), ("mid_onset_day", "premid")):
            p = timing.add_eve_status(p, sp, prefix, ("any", *types), day, suffix)
    p = p.drop(columns=list(HELPERS))
    p = controls.add_contiguity(p, t["contiguity_years"])
    p = controls.add_majors(p, t["majors"], opts.end_year)
    p = controls.add_politically_relevant(p)
    p = controls.add_capabilities(p, t["nmc"])
    p = controls.add_development(p, t["nmc"])
    p = controls.add_democracy(p, t["polity"])
    p = controls.add_bmr_democracy(p, t["bmr_democracy"])
    p = peace.add_peace_years(p, opts.spline_knots)
    p = toolkit.add_toolkit_columns(p, t)
    p.attrs["mid_rules_removed"] = removed
    return apply_coverage(p, sources, opts.end_year, opts.source_aliases)


def to_directed(panel: pd.DataFrame) -> pd.DataFrame:
    """Directed dyad-years from a non-directed panel: each row twice, state-specific pairs swapped.

    The first half holds the non-directed rows (ccode1 < ccode2), the second their mirror.
    """
    swap = {}
    for a, b in PAIRED:
        if a in panel.columns:
            swap[a], swap[b] = b, a
    n = len(panel)
    cols = {}
    for c in panel.columns:
        a, b = panel[c].to_numpy(), panel[swap.get(c, c)].to_numpy()
        col = np.empty(2 * n, dtype=np.result_type(a.dtype, b.dtype))  # a pair may differ (int8 vs float32)
        col[:n], col[n:] = a, b
        cols[c] = col
    return pd.DataFrame(cols, copy=False)
