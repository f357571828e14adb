"""Panels: dyad-years (non-directed and directed), state-years and system-years.

Composable verbs in the spirit of peacesciencer (Miller 2022): create the units, then add
one thing at a time. :func:`make_panels` runs the whole composition from the clean tables
and writes ``dyad_years``, ``state_years``, ``system_years`` and ``alliance_blocs`` Parquet
files (:func:`make_directed` derives ``dyad_years_directed``, with the directed MID-initiation variables of
:mod:`.directed`), and ``ccode_check``: the Polity5 and BMR country-years
without a COW state-year, each with its reason
(:func:`alliancewar.clean.ccode_crosswalk.cow_match_check`).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ..clean.ccode_crosswalk import democracy_ccode_check
from ..io import write_parquet
from ..sources import Source
from .build import DYAD_TABLES, PanelOptions, build_dyad_years, load_tables, to_directed
from .coverage import apply_coverage
from .directed import DIRECTED_TABLES, add_directed_variables
from .formation import alliance_memberships
from .states import build_state_years
from .system import build_system_years
from .toolkit import UCDP_TABLES

log = logging.getLogger(__name__)

PANEL_FILES = ("dyad_years", "dyad_years_directed", "state_years", "system_years", "alliance_blocs", "ccode_check")
#: What :func:`make_panels` writes: every panel but the directed dyad-years, which
#: :func:`make_directed` derives from ``dyad_years`` in a step of its own (no model needs it, so
#: the fits need not wait for it).
BUILT_PANELS = tuple(p for p in PANEL_FILES if p != "dyad_years_directed")
#: The panel file each level's models read.
LEVEL_PANELS = {"dyad": "dyad_years", "state": "state_years", "system": "system_years",
                "directed": "dyad_years_directed"}


def log_ccode_check(check: pd.DataFrame) -> None:
    """Log the country-code check: counts by source and reason, and every row inside the COW system."""
    for (source, reason), n in check.groupby(["source", "reason"]).size().items():
        log.info("country codes, %s: %d country-year(s) %s", source, n, reason)
    inside = check[check["inside_system"]]
    for r in inside.itertuples():
        log.warning("country codes, %s: %s (code %d) %d matched COW %d: %s", r.source, r.country, r.source_ccode,
                    r.year, r.ccode, r.reason)


def make_panels(clean_dir: str | Path, out_dir: str | Path, sources: dict[str, Source], opts: PanelOptions
                ) -> dict[str, Path]:
    """Build every panel from ``clean_dir`` and write them to ``out_dir``.

    Returns
    -------
    dict
        Panel name -> written path.
    """
    optional = ("cow_alliance_dyads", "cow_alliance_members") if opts.cow_alliances else ()
    optional += UCDP_TABLES  # the optional UCDP/PRIO outcome, when its sources are enabled
    t = load_tables(clean_dir, DYAD_TABLES, optional)
    dyads = build_dyad_years(t, sources, opts)
    log.info("dyad-years: %d rows; MID duplicate rules removed %s", len(dyads), dyads.attrs.get("mid_rules_removed"))
    sy, pair_years = build_state_years(t, dyads, start_year=opts.start_year, end_year=opts.end_year,
                                       cow_alliances=opts.cow_alliances, lag=opts.alliance_lag)
    system, blocs = build_system_years(sy, dyads, pair_years, t["war_participants"], opts.alliance_lag,
                                       memberships=alliance_memberships(t, opts.cow_alliances),
                                       change_years=opts.change_years)
    check = democracy_ccode_check(t["polity"], t["bmr_democracy"], t["states"])
    log_ccode_check(check)
    out = Path(out_dir)
    tables = {
        "dyad_years": dyads,
        "state_years": apply_coverage(sy, sources, opts.end_year, opts.source_aliases),
        "system_years": apply_coverage(system, sources, opts.end_year, opts.source_aliases),
        "alliance_blocs": blocs,
        "ccode_check": check,
    }
    return {name: write_parquet(df, out / f"{name}.parquet") for name, df in tables.items()}


def make_directed(dyad_path: str | Path, out_path: str | Path, clean_dir: str | Path | None = None,
                  sources: dict[str, Source] | None = None, opts: PanelOptions | None = None) -> Path:
    """Write the directed dyad-years (:func:`~alliancewar.panels.build.to_directed`) of a non-directed panel.

    With ``clean_dir`` (and the registry ``sources``), the directed variables of
    :mod:`alliancewar.panels.directed` are added: MID initiation and the alliance pledges by role.
    """
    directed = to_directed(pd.read_parquet(dyad_path))
    if clean_dir is not None:
        opts = opts or PanelOptions()
        tables = load_tables(clean_dir, DIRECTED_TABLES)
        directed = add_directed_variables(directed, tables, sources or {}, opts.end_year, opts.alliance_lag)
    return write_parquet(directed, out_path)
