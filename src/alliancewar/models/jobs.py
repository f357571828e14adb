"""Jobs: groups of specifications fitted together (one panel load per job).

Named specifications form jobs ``named_0 ...`` and grid specifications ``grid_0 ...``, each
holding specifications of one level only, at most ``models.fits_per_job`` of them (named:
split in two per level so two cores share the default set).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..config import panel_options
from ..errors import ConfigError
from ..sources import load_sources
from .spec import Spec, chunk, resolve_specs
from .status import Checks


def all_specs(cfg: dict[str, Any]) -> list[Spec]:
    """Every resolved specification of the config (named and grid), checked against the source
    registry's coverage when the config names a readable registry."""
    opts = panel_options(cfg)
    sources = load_sources(cfg["sources"]) if cfg.get("sources") and Path(cfg["sources"]).is_file() else None
    return resolve_specs(cfg.get("models") or {}, panel_years=(opts.start_year, opts.end_year),
                         cow_alliances=opts.cow_alliances, sources=sources, panel_lag=opts.alliance_lag,
                         spline_knots=tuple(opts.spline_knots))


def jobs(cfg: dict[str, Any]) -> dict[str, list[Spec]]:
    """Job id -> specifications (sorted by name, so the split never depends on key order)."""
    specs = sorted(all_specs(cfg), key=lambda s: s.name)
    out: dict[str, list[Spec]] = {}
    named = [s for s in specs if s.group == "named"]
    dyad_named = [s for s in named if s["level"] == "dyad"]
    size_named = max(1, math.ceil(len(dyad_named) / 2))
    for i, group in enumerate(chunk(named, size_named)):
        out[f"named_{i}"] = group
    size = int((cfg.get("models") or {}).get("fits_per_job", 50))
    for i, group in enumerate(chunk([s for s in specs if s.group == "grid"], size)):
        out[f"grid_{i}"] = group
    return out


def job_specs(cfg: dict[str, Any], job: str) -> list[Spec]:
    """Specifications of job ``job``."""
    all_jobs = jobs(cfg)
    if job not in all_jobs:
        raise ConfigError(f"unknown model job '{job}'; jobs: {sorted(all_jobs)}")
    return all_jobs[job]


def job_document(specs: list[Spec], cfg: dict[str, Any]) -> dict[str, Any]:
    """Everything a fit job needs, as JSON: its resolved specifications, the periods and checks.

    Labels are left out: they only name a fit in tables and figures, so changing one reruns the
    report step but no fit (the report takes the labels from the config). The file's content
    is what decides whether a job reruns.
    """
    models = cfg.get("models") or {}
    return {
        "periods": models.get("periods") or {},
        "checks": models.get("checks") or {},
        "specs": [{"name": s.name, "group": s.group, "values": {k: v for k, v in s.values.items() if k != "label"}}
                  for s in specs],
    }


def read_job_document(doc: dict[str, Any]) -> tuple[list[Spec], dict[str, list[int]], Checks]:
    """The specifications, periods and checks of a :func:`job_document`."""
    try:
        specs = [Spec(s["name"], s["group"], {**s["values"], "label": s["values"].get("label", s["name"])})
                 for s in doc["specs"]]
        return specs, dict(doc["periods"]), Checks.from_config(doc.get("checks"))
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"malformed job file (rebuild it: results/config/jobs/): missing {exc}") from exc