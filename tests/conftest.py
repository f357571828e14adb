"""Shared fixtures: the offline mirror and the clean tables built from it once per session."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "config" / "sources.yaml"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """The bytes of a zip archive holding ``members`` (member name -> content)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _mirror() -> Path | None:
    env = os.environ.get("ALLIANCEWAR_MIRROR")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "data"]:
        if (cand / "MANIFEST.md").is_file() or (cand / "cow_state_system_v2016").is_dir():
            return cand
    return None


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The offline mirror (``ALLIANCEWAR_MIRROR`` or ``../shared/data``); skips when absent."""
    m = _mirror()
    if m is None:
        pytest.skip("offline data mirror not found (set ALLIANCEWAR_MIRROR)")
    return m


@pytest.fixture(scope="session")
def sources():
    from alliancewar.sources import load_sources

    return load_sources(REGISTRY)


def _fetch_and_clean(name: str, sources, mirror: Path, raw: Path, out: Path) -> None:
    from alliancewar.clean import clean_source
    from alliancewar.fetch import fetch_source

    src = sources[name]
    kwargs = {"user_dir": mirror / "cow_alliances_v4.1"} if src.user_supplied else {"mirror": mirror}
    fetch_source(src, raw, progress=False, **kwargs)
    clean_source(name, raw / name, out, registry=sources)


#: Every optional source (by name or family), cleaned for the tests too.
OPTIONAL_SOURCES = ["ucdp_prio_acd", "gml_mid", "gleditsch_capdist", "gleditsch_ward_v2017", "isard_crosswalk"]


@pytest.fixture(scope="session")
def clean_dir(tmp_path_factory, mirror, sources) -> Path:
    """Fetch every source of the default run (default data versions, COW alliances) and every
    optional one from the mirror and clean it, once per test session."""
    from alliancewar.clean import CLEANERS
    from alliancewar.sources import enabled_sources

    root = tmp_path_factory.mktemp("pipeline")
    # the default run's sources (default data versions, COW alliances) and every optional source,
    # each family in its default version only (two versions would write the same clean tables)
    config = {"cow_alliances_dir": str(mirror / "cow_alliances_v4.1"), "optional_sources": OPTIONAL_SOURCES}
    for src in enabled_sources(sources, config):
        if src.name in CLEANERS:
            _fetch_and_clean(src.name, sources, mirror, root / "raw", root / "clean")
    return root / "clean"


@pytest.fixture(scope="session")
def cleaned(tmp_path_factory, mirror, sources):
    """``cleaned(source)``: reader of the clean tables of one registry source (any version), fetched
    from the mirror and cleaned into its own folder once per session."""
    root = tmp_path_factory.mktemp("versions")
    done: dict[str, Path] = {}

    def get(name: str):
        if name not in done:
            _fetch_and_clean(name, sources, mirror, root / "raw", root / "clean" / name)
            done[name] = root / "clean" / name
        return lambda table: pd.read_parquet(done[name] / f"{table}.parquet")

    return get


@pytest.fixture(scope="session")
def clean(clean_dir):
    """Reader of clean tables by name."""

    def read(name: str) -> pd.DataFrame:
        return pd.read_parquet(clean_dir / f"{name}.parquet")

    return read


@pytest.fixture(scope="session")
def panels(clean_dir, sources):
    """Non-directed dyad-years, state-years and system-years built in-process from the mirror."""
    from alliancewar.panels.build import (
        DYAD_TABLES,
        PanelOptions,
        build_dyad_years,
        load_tables,
    )
    from alliancewar.panels.coverage import apply_coverage
    from alliancewar.panels.formation import alliance_memberships
    from alliancewar.panels.states import build_state_years
    from alliancewar.panels.system import build_system_years

    opts = PanelOptions(cow_alliances=True)  # default data versions: the panels end in 2024
    t = load_tables(clean_dir, DYAD_TABLES, ("cow_alliance_dyads", "cow_alliance_members"))
    dy = build_dyad_years(t, sources, opts)
    sy, pair_years = build_state_years(t, dy, start_year=1816, end_year=opts.end_year, cow_alliances=True)
    system, blocs = build_system_years(sy, dy, pair_years, t["war_participants"],
                                       memberships=alliance_memberships(t, True), change_years=opts.change_years)
    return {"dyad": dy, "state": apply_coverage(sy, sources, opts.end_year, opts.source_aliases),
            "system": apply_coverage(system, sources, opts.end_year, opts.source_aliases), "blocs": blocs,
            "tables": t, "opts": opts}
