"""Command-line entry points called by the Snakemake rules (``python -m alliancewar.cli VERB ...``).

Each verb configures logging to stderr (the rule redirects it to its log file) and calls one
package function; the rules stay thin and everything is usable without Snakemake.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

log = logging.getLogger("alliancewar")


def fetch_logged(registry: str, source: str, dest: str, log_path: str, *, mirror: str | None = None,
                 user_dir: str | None = None) -> None:
    """Fetch one source in-process (from a Snakemake ``run:`` block), logging to ``log_path``.

    ``mirror`` is the folder already chosen by :func:`alliancewar.origin.resolve_mirror` (None:
    download). Fetch jobs may run in parallel threads of one Snakemake process, so the log file
    receives the records of this thread only, and downloads show no progress bar. Errors are
    logged and re-raised so the rule fails with the message.
    """
    import threading
    from pathlib import Path

    from .fetch import fetch_source
    from .sources import load_sources

    Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    thread = threading.get_ident()
    handler.addFilter(lambda record: record.thread == thread)
    root = logging.getLogger("alliancewar")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        for p in fetch_source(load_sources(registry)[source], dest, mirror=mirror, user_dir=user_dir,
                              progress=False):
            log.info("ok %s", p)
    except Exception as exc:
        log.error("%s", exc)
        raise
    finally:
        root.removeHandler(handler)
        handler.close()


def _registry_with(registry: str, name: str):
    """The source registry at path `registry`; a ConfigError when it lacks source `name`."""
    from .errors import ConfigError
    from .sources import load_sources

    sources = load_sources(registry)
    if name not in sources:
        raise ConfigError(f"{registry}: no source '{name}'; it has {list(sources)}")
    return sources


def _fetch(args: argparse.Namespace) -> None:
    import os

    from .fetch import fetch_source
    from .origin import normalise_dir, resolve_mirror

    origin = resolve_mirror(args.mirror, os.environ)
    log.info("%s", origin.describe())
    paths = fetch_source(_registry_with(args.registry, args.source)[args.source], args.dest, mirror=origin.mirror,
                         user_dir=normalise_dir(args.user_dir), progress=not args.no_progress)
    for p in paths:
        log.info("ok %s", p)


def _clean(args: argparse.Namespace) -> None:
    from .clean import clean_source

    registry = _registry_with(args.registry, args.source)
    for name, path in clean_source(args.source, args.raw_dir, args.out_dir, registry=registry).items():
        log.info("wrote %s (%s)", path, name)


def _load_config(path: str) -> dict:
    from .config import load_config

    return load_config(path)


def _panels(args: argparse.Namespace) -> None:
    from .config import panel_options
    from .panels import make_panels
    from .sources import load_sources

    cfg = _load_config(args.config)
    for name, path in make_panels(args.clean_dir, args.out_dir, load_sources(cfg["sources"]),
                                  panel_options(cfg)).items():
        log.info("wrote %s (%s)", path, name)


def _directed(args: argparse.Namespace) -> None:
    from .panels import make_directed

    if args.clean_dir and args.config:
        from .config import panel_options
        from .sources import load_sources

        cfg = _load_config(args.config)
        path = make_directed(args.dyads, args.out, args.clean_dir, load_sources(cfg["sources"]), panel_options(cfg))
    else:
        path = make_directed(args.dyads, args.out)
    log.info("wrote %s", path)


def _codebook(args: argparse.Namespace) -> None:
    from .config import panel_options
    from .panels.codebook import write_codebook
    from .sources import load_sources

    cfg = _load_config(args.config)
    for p in write_codebook(args.panel_dir, args.out_stem, load_sources(cfg["sources"]), panel_options(cfg)):
        log.info("wrote %s", p)


def _export(args: argparse.Namespace) -> None:
    from .panels.export import export_panel

    for p in export_panel(args.panel, args.out_dir):
        log.info("wrote %s", p)


def _fit(args: argparse.Namespace) -> None:
    from .models.jobs import read_job_document
    from .models.run import run_job

    specs, periods, checks = read_job_document(_load_config(args.job_file))
    for p in run_job(specs, args.panel_dir, args.out_dir, periods, checks):
        log.info("wrote %s", p)


def _windows(args: argparse.Namespace) -> None:
    from .panels.windows import write_windows

    log.info("wrote %s", write_windows(_load_config(args.config), args.clean_dir, args.panel_dir, args.out))


def _replicate(args: argparse.Namespace) -> None:
    from .outputs.replications import run_and_write

    cfg = _load_config(args.config)
    for p in run_and_write(args.design, cfg, args.panel_dir, args.clean_dir, args.out_dir, args.repo_dir):
        log.info("wrote %s", p)


def _run_start(path: str | None) -> str | None:
    """The start time the workflow's onstart hook wrote (None when there is none)."""
    from pathlib import Path

    if not path or not Path(path).is_file():
        return None
    return Path(path).read_text(encoding="utf-8").strip() or None


def _report(args: argparse.Namespace) -> None:
    from datetime import datetime, timezone

    from .outputs.make import make_outputs

    started = args.started or _run_start(args.started_file) or datetime.now(timezone.utc).isoformat(timespec="seconds")
    paths = make_outputs(fits_dir=args.fits_dir, panel_dir=args.panel_dir, raw_dir=args.raw_dir,
                         config=_load_config(args.config), out_dir=args.out_dir, repo_dir=args.repo_dir,
                         started=started, clean_dir=args.clean_dir, fit_files=args.fit_files,
                         replication_files=args.replications or ())
    log.info("wrote %d files; report: %s", len(paths), paths[-1])


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``alliancewar`` command."""
    parser = argparse.ArgumentParser(prog="alliancewar", description=__doc__)
    sub = parser.add_subparsers(dest="verb", required=True)
    f = sub.add_parser("fetch", help="fetch and verify the raw files of one source")
    f.add_argument("--registry", required=True, help="source registry YAML (config/sources.yaml)")
    f.add_argument("--source", required=True)
    f.add_argument("--dest", required=True, help="raw data root (data/raw)")
    f.add_argument("--mirror", default=None,
                   help="local mirror directory (config key 'mirror'); default: $ALLIANCEWAR_MIRROR, else download; "
                        "'null' = download")
    f.add_argument("--user-dir", default=None, help="user-supplied folder (config key 'cow_alliances_dir')")
    f.add_argument("--no-progress", action="store_true")
    f.set_defaults(func=_fetch)
    c = sub.add_parser("clean", help="verify the raw files of one source and clean them into parquet tables")
    c.add_argument("--registry", default="config/sources.yaml",
                   help="source registry YAML with the pinned hashes and encodings (default: config/sources.yaml)")
    c.add_argument("--source", required=True)
    c.add_argument("--raw-dir", required=True)
    c.add_argument("--out-dir", required=True)
    c.set_defaults(func=_clean)
    p = sub.add_parser("panels", help="build dyad-, state- and system-year panels from the clean tables")
    p.add_argument("--config", required=True, help="resolved config as YAML/JSON")
    p.add_argument("--clean-dir", required=True)
    p.add_argument("--out-dir", required=True)
    p.set_defaults(func=_panels)
    dr = sub.add_parser("directed", help="write the directed dyad-years of a non-directed dyad-year panel")
    dr.add_argument("--dyads", required=True, help="non-directed panel (data/panel/dyad_years.parquet)")
    dr.add_argument("--out", required=True, help="output (data/panel/dyad_years_directed.parquet)")
    dr.add_argument("--clean-dir", default=None, help="clean tables (with --config: add the directed MID-initiation "
                    "and alliance-role variables)")
    dr.add_argument("--config", default=None, help="resolved panel config (results/config/panel.json)")
    dr.set_defaults(func=_directed)
    cb = sub.add_parser("codebook", help="write the codebook (Markdown and CSV) of the panels")
    cb.add_argument("--config", required=True)
    cb.add_argument("--panel-dir", required=True)
    cb.add_argument("--out-stem", required=True, help="e.g. results/codebook (writes .md and .csv)")
    cb.set_defaults(func=_codebook)
    e = sub.add_parser("export", help="export a panel to CSV, Parquet and Stata .dta with labels")
    e.add_argument("--panel", required=True)
    e.add_argument("--out-dir", required=True)
    e.set_defaults(func=_export)
    ft = sub.add_parser("fit", help="fit one job (a group of specifications) and write its fit records")
    ft.add_argument("--job-file", required=True, help="the job's resolved specifications (results/config/jobs/<job>.json)")
    ft.add_argument("--panel-dir", required=True)
    ft.add_argument("--out-dir", required=True)
    ft.set_defaults(func=_fit)
    wn = sub.add_parser("windows", help="write the alliance formation windows (data/panel/formation_windows.parquet)")
    wn.add_argument("--config", required=True, help="resolved config (sources, panel, windows, cow_alliances_dir)")
    wn.add_argument("--clean-dir", required=True)
    wn.add_argument("--panel-dir", required=True, help="folder with dyad_years and state_years")
    wn.add_argument("--out", required=True)
    wn.set_defaults(func=_windows)
    rc = sub.add_parser("replicate", help="run one published design on our data and write its replication table")
    rc.add_argument("--design", required=True, help="miller2022, bremer1992, singer_small1968, leeds2003 or "
                    "kenwick2015")
    rc.add_argument("--config", required=True, help="resolved config")
    rc.add_argument("--panel-dir", default="data/panel")
    rc.add_argument("--clean-dir", default="data/clean")
    rc.add_argument("--out-dir", default="results/replications")
    rc.add_argument("--repo-dir", default=".", help="working tree (for the commit in the table footers)")
    rc.set_defaults(func=_replicate)
    rp = sub.add_parser("report", help="write tables, figures, CITATIONS.bib, provenance.json and report.html")
    rp.add_argument("--config", required=True, help="resolved config as YAML/JSON")
    rp.add_argument("--fits-dir", default="results/fits", help="folder with named/ and grid/ fit records")
    rp.add_argument("--fit-files", nargs="*", default=None, help="fit records to use (default: all in --fits-dir)")
    rp.add_argument("--panel-dir", default="data/panel")
    rp.add_argument("--clean-dir", default="data/clean", help="folder with country_codes.parquet")
    rp.add_argument("--raw-dir", default="data/raw")
    rp.add_argument("--out-dir", default="results")
    rp.add_argument("--repo-dir", default=".", help="working tree (for the commit in the provenance)")
    rp.add_argument("--started", default=None, help="start time of the run, ISO 8601 (default: --started-file, else now)")
    rp.add_argument("--started-file", default=None, help="file holding the run's start time (the workflow's onstart hook)")
    rp.add_argument("--replications", nargs="*", default=None,
                    help="replication records (results/replications/<name>.json) for the report's Replications section")
    rp.set_defaults(func=_report)
    return parser


def _stderr_is_a_log() -> bool:
    """Whether stderr goes to a file other than stdout (a workflow rule's ``2> {log}``)."""
    import os
    import stat

    try:
        err, out = os.fstat(sys.stderr.fileno()), os.fstat(sys.stdout.fileno())
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(err.st_mode) and (err.st_dev, err.st_ino) != (out.st_dev, out.st_ino)


def _report_error(line: str) -> None:
    """Write the one-line error to stderr, and to stdout too when stderr is a rule's log file, so
    that the console shows why a step failed, not only "exit status 1"."""
    print(line, file=sys.stderr)
    if _stderr_is_a_log():
        print(line, file=sys.stdout, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (1 with a one-line message on a known error).

    The one-line message goes to stderr and, when stderr is redirected to a log file (as in the
    workflow's rules), to stdout as well. An unexpected error also gets a one-line summary
    before its traceback is raised into the log.
    """
    from .errors import AllianceWarError

    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        args.func(args)
    except AllianceWarError as exc:
        _report_error(f"alliancewar: error: {exc}")
        return 1
    except Exception as exc:
        _report_error(f"alliancewar: unexpected error in '{args.verb}': {type(exc).__name__}: {exc} "
                      f"(traceback in the step's log)")
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
