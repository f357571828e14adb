# Shared definitions: the source registry, where raw files come from and which sources this run uses.
import hashlib
import os
from pathlib import Path

import alliancewar
from alliancewar.fetch import files_to_fetch
from alliancewar.origin import check_reachable, check_user_dir, normalise_dir, resolve_mirror
from alliancewar.sources import enabled_sources as _enabled_sources
from alliancewar.sources import load_sources
from alliancewar.clean import CLEANERS
from alliancewar.panels import BUILT_PANELS, LEVEL_PANELS, PANEL_FILES
from alliancewar.panels.directed import DIRECTED_TABLES

# Folder settings in one canonical spelling before they enter any digest or rule parameter, so
# that a trailing slash or "./" reruns nothing; "null", "none" and "" mean no folder.
for _key in ("mirror", "cow_alliances_dir"):
    config[_key] = normalise_dir(config.get(_key))
config["sources"] = os.path.normpath(config.get("sources") or "config/sources.yaml")
check_user_dir(config["cow_alliances_dir"], "cow_alliances_dir")

SOURCES = load_sources(config["sources"])
# Written by the Snakefile's onstart hook: when this run started (recorded in provenance.json).
RUN_STARTED = ".snakemake/alliancewar/run_started.txt"
COW_ALLIANCES = "cow_alliances_v4.1"

# Origin of raw files: config key `mirror`, else $ALLIANCEWAR_MIRROR, else the publishers. The
# fetch steps read it at run time (it is no parameter of theirs), so switching between a mirror
# and the network refetches nothing (the files are the same pinned bytes).
ORIGIN = resolve_mirror(config["mirror"], os.environ)
logger.info(ORIGIN.describe())


def enabled_sources():
    """Sources this run fetches: required ones, COW alliances if supplied, optional ones listed,
    and of each versioned family the version config key `data_versions` chooses."""
    return [s.name for s in _enabled_sources(SOURCES, config)]


def cleaned_sources():
    """The enabled sources that have a cleaner. The versions of a family write the same tables,
    so only the chosen version gets a clean step."""
    return [s for s in enabled_sources() if s in CLEANERS]


if not config.get("cow_alliances_dir"):
    logger.info(
        "COW alliances skipped: config key cow_alliances_dir is not set (the pipeline never "
        "downloads them; ATOP is the default alliance source)."
    )


def raw_files(source):
    """The raw files of `source` this run fetches: all its files, but of a `one_of` group (the
    dyadic MIDs 4.03 as CSV or Stata) only one (alliancewar.fetch.files_to_fetch)."""
    chosen = files_to_fetch(SOURCES[source], Path("data/raw") / source, ORIGIN.mirror)
    return [f"data/raw/{source}/{f.file}" for f in chosen]


def all_raw_files():
    """Raw files of every source this run uses. The targets `data`, `panels` and `all` list them,
    so a deleted raw file or data/raw/<source>/ folder is fetched again (Snakemake reruns a
    missing intermediate file only when a target or a job that must run needs it)."""
    return [f for source in enabled_sources() for f in raw_files(source)]


def registry_pins(source):
    """What the clean step of `source` trusts in the registry (file names, hashes, encodings):
    a parameter, so a changed pin reruns the clean step, which then verifies the raw files."""
    return [
        [f.file, f.sha256, f.sha256_lf, f.encoding, f.undecodable_bytes]
        for f in SOURCES[source].files
    ]


def check_downloads_reachable():
    """Called on start (not in dry runs): when raw files are to be downloaded, fail at once with
    one message if a publisher cannot be reached, instead of one error per parallel fetch job."""
    if ORIGIN.mirror is not None:
        return
    to_fetch = {
        str(f)
        for job in workflow.dag.needrun_jobs()
        if job.rule.name.startswith("fetch_")
        for f in job.output
    }
    check_reachable(
        [
            (SOURCES[s], f)
            for s in enabled_sources()
            if not SOURCES[s].user_supplied
            for f in files_to_fetch(SOURCES[s], Path("data/raw") / s, None)
            if f"data/raw/{s}/{f.file}" in to_fetch
        ]
    )


def clean_tables():
    return [f"data/clean/{table}.parquet" for source in cleaned_sources() for table in CLEANERS[source].TABLES]


def optional_arg(flag, key):
    value = config.get(key)
    return f"{flag} '{value}'" if value else ""


# Config sections each downstream step depends on: a step reruns when its section changes (the
# model jobs depend on their own job files instead, see models.smk).
CONFIG_SECTIONS = {
    "panel": ["sources", "panel", "cow_alliances_dir", "data_versions"],
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


def record_run_start():
    """Write this run's start time for the report's provenance.json (start-of-run hook)."""
    from datetime import datetime, timezone

    from alliancewar.io import write_text

    write_text(datetime.now(timezone.utc).isoformat(timespec="seconds") + "\n", RUN_STARTED)


def fit_summary():
    """Print a one-screen summary of the failed and doubtful fits of this run (end-of-run hook)."""
    from alliancewar.models.status import run_summary

    text = run_summary(named_fit_files() + grid_fit_files())
    if text:
        logger.warning(text)


def section_json(wildcards):
    import json

    return json.dumps({k: config.get(k) for k in CONFIG_SECTIONS[wildcards.section]}, sort_keys=True)


def code_version(*parts, exclude=()):
    """Digest of the package code a step runs (files or sub-packages of src/alliancewar).

    Rules pass it as a param, so changing the code of a step reruns that step and what
    follows, and nothing else. Fetch rules do not: raw files never change with the code.
    ``exclude`` names files or folders inside a listed sub-package that the step does not run.
    """
    root = Path(alliancewar.__file__).parent
    skip = [root / e for e in exclude]
    digest = hashlib.sha256()
    for part in parts:
        path = root / part
        for f in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            if not any(f == s or s in f.parents for s in skip):
                digest.update(f.read_bytes())
    return digest.hexdigest()[:16]
