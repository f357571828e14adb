"""Jobs: groups of specifications fitted together (one panel load per job).

Named specifications form jobs ``named_0 ...`` and grid specifications ``grid_0 ...``, each
holding specifications of one level only, at most ``models.fits_per_job`` of them (named:
split in two per level so two cores share the default set).
"""

from __future__ import annotations

import math
from typing import Any

from ..config import panel_options
from ..errors import ConfigError
from .spec import Spec, chunk, resolve_specs


def all_specs(cfg: dict[str, Any]) -> list[Spec]:
    """Every resolved specification of the config (named and grid)."""
    opts = panel_options(cfg)
    return resolve_specs(cfg.get("models") or {}, panel_years=(opts.start_year, opts.end_year),
                         cow_alliances=opts.cow_alliances)


def jobs(cfg: dict[str, Any]) -> dict[str, list[Spec]]:
    """Job id -> specifications (sorted by name, so the split never depends on key order)."""
    specs = sorted(all_specs(cfg), key=lambda s: s.name)
    out: dict[str, list[Spec]] = {}
    named = [s for s in specs if s.group == "named"]
    dyad_named = [s for s in named if s["level"] == "dyad"]
    size_named = max(1, math.ceil(len(dyad_named) / 2))
    for i, group in enumerate(chunk(named, size_named)):
        out[f"named_{i}"] = group
    size = int((cfg.get("models") or {}).get("fits_per_job", 25))
    for i, group in enumerate(chunk([s for s in specs if s.group == "grid"], size)):
        out[f"grid_{i}"] = group
    return out


def job_specs(cfg: dict[str, Any], job: str) -> list[Spec]:
    """Specifications of job ``job``."""
    all_jobs = jobs(cfg)
    if job not in all_jobs:
        raise ConfigError(f"unknown model job '{job}'; jobs: {sorted(all_jobs)}")
    return all_jobs[job]
