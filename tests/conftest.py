"""Shared fixtures: the offline mirror and the clean tables built from it once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "config" / "sources.yaml"


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


@pytest.fixture(scope="session")
def clean_dir(tmp_path_factory, mirror, sources) -> Path:
    """Fetch every source from the mirror and clean it, once per test session."""
    from alliancewar.clean import CLEANERS, clean_source
    from alliancewar.fetch import fetch_source

    root = tmp_path_factory.mktemp("pipeline")
    for name in CLEANERS:
        src = sources[name]
        kwargs = {"user_dir": mirror / "cow_alliances_v4.1"} if src.user_supplied else {"mirror": mirror}
        fetch_source(src, root / "raw", progress=False, **kwargs)
        clean_source(name, root / "raw" / name, root / "clean", registry=sources)  # declared encodings (cp1252)
    return root / "clean"


@pytest.fixture(scope="session")
def clean(clean_dir):
    """Reader of clean tables by name."""

    def read(name: str) -> pd.DataFrame:
        return pd.read_parquet(clean_dir / f"{name}.parquet")

    return read


@pytest.fixture(scope="session")
def panels(clean_dir, sources):
    """Non-directed dyad-years, state-years and system-years built in-process from the mirror."""
    from alliancewar.panels.build import DYAD_TABLES, PanelOptions, build_dyad_years, load_tables
    from alliancewar.panels.coverage import apply_coverage
    from alliancewar.panels.formation import alliance_memberships
    from alliancewar.panels.states import build_state_years
    from alliancewar.panels.system import build_system_years

    opts = PanelOptions(cow_alliances=True)
    t = load_tables(clean_dir, DYAD_TABLES, ("cow_alliance_dyads", "cow_alliance_members"))
    dy = build_dyad_years(t, sources, opts)
    sy, pair_years = build_state_years(t, dy, start_year=1816, end_year=2016, cow_alliances=True)
    system, blocs = build_system_years(sy, dy, pair_years, t["war_participants"],
                                       memberships=alliance_memberships(t, True), change_years=opts.change_years)
    return {"dyad": dy, "state": apply_coverage(sy, sources, 2016), "system": apply_coverage(system, sources, 2016),
            "blocs": blocs, "tables": t}
