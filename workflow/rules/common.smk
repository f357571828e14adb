# Shared definitions: the source registry and which sources this run uses.
import hashlib
from pathlib import Path

import alliancewar
from alliancewar.sources import enabled_sources as _enabled_sources
from alliancewar.sources import load_sources
from alliancewar.clean import CLEANERS
from alliancewar.panels import PANEL_FILES

SOURCES = load_sources(config["sources"])
# Written by the Snakefile's onstart hook: when this run started (recorded in provenance.json).
RUN_STARTED = ".snakemake/alliancewar/run_started.txt"
COW_ALLIANCES = "cow_alliances_v4.1"


def enabled_sources():
    """Sources this run fetches: required ones, COW alliances if supplied, optional ones listed."""
    return [s.name for s in _enabled_sources(SOURCES, config)]


if not config.get("cow_alliances_dir"):
    logger.info(
        "COW alliances skipped: config key cow_alliances_dir is not set (the pipeline never "
        "downloads them; ATOP is the default alliance source)."
    )


def raw_files(source):
    return [f"data/raw/{source}/{f.file}" for f in SOURCES[source].files]


def clean_tables():
    return [
        f"data/clean/{table}.parquet"
        for source in enabled_sources()
        if source in CLEANERS
        for table in CLEANERS[source].TABLES
    ]


def optional_arg(flag, key):
    value = config.get(key)
    return f"{flag} '{value}'" if value else ""


# Config sections each downstream step depends on: a step reruns when its section changes (the
# model jobs depend on their own job files instead, see models.smk).
CONFIG_SECTIONS = {
    "panel": ["sources", "panel", "cow_alliances_dir"],
}

# Model jobs (validated here: a bad specification fails before anything runs).
from alliancewar.models.jobs import jobs as _model_jobs

MODEL_JOBS = _model_jobs(config)

from alliancewar.outputs.options import check_tables as _check_tables

_check_tables(config, [s for specs in MODEL_JOBS.values() for s in specs],
              len((config.get("panel") or {}).get("spline_knots") or [1, 4, 7]))


def job_fit_files(job):
    group = "grid" if job.startswith("grid") else "named"
    return [f"results/fits/{group}/{s.name}.json" for s in MODEL_JOBS[job]]


def named_fit_files():
    return [f for j in MODEL_JOBS if j.startswith("named") for f in job_fit_files(j)]


def grid_fit_files():
    return [f for j in MODEL_JOBS if j.startswith("grid") for f in job_fit_files(j)]


def fit_summary():
    """Print a one-screen summary of the failed and doubtful fits of this run (end-of-run hook)."""
    from alliancewar.models.status import run_summary

    text = run_summary(named_fit_files() + grid_fit_files())
    if text:
        logger.warning(text)


def section_json(wildcards):
    import json

    return json.dumps({k: config.get(k) for k in CONFIG_SECTIONS[wildcards.section]}, sort_keys=True)


def code_version(*parts):
    """Digest of the package code a step runs (files or sub-packages of src/alliancewar).

    Rules pass it as a param, so changing the code of a step reruns that step and what
    follows, and nothing else. Fetch rules do not: raw files never change with the code.
    """
    root = Path(alliancewar.__file__).parent
    digest = hashlib.sha256()
    for part in parts:
        path = root / part
        for f in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(f.read_bytes())
    return digest.hexdigest()[:16]
