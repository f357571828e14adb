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


def _fetch(args: argparse.Namespace) -> None:
    from .fetch import fetch_source
    from .sources import load_sources

    source = load_sources(args.registry)[args.source]
    paths = fetch_source(source, args.dest, mirror=args.mirror, user_dir=args.user_dir,
                         progress=not args.no_progress)
    for p in paths:
        log.info("ok %s", p)


def _clean(args: argparse.Namespace) -> None:
    from .clean import clean_source

    for name, path in clean_source(args.source, args.raw_dir, args.out_dir).items():
        log.info("wrote %s (%s)", path, name)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``alliancewar`` command."""
    parser = argparse.ArgumentParser(prog="alliancewar", description=__doc__)
    sub = parser.add_subparsers(dest="verb", required=True)
    f = sub.add_parser("fetch", help="fetch and verify the raw files of one source")
    f.add_argument("--registry", required=True, help="source registry YAML (config/sources.yaml)")
    f.add_argument("--source", required=True)
    f.add_argument("--dest", required=True, help="raw data root (data/raw)")
    f.add_argument("--mirror", default=None, help="local mirror directory (config key 'mirror')")
    f.add_argument("--user-dir", default=None, help="user-supplied folder (config key 'cow_alliances_dir')")
    f.add_argument("--no-progress", action="store_true")
    f.set_defaults(func=_fetch)
    c = sub.add_parser("clean", help="clean the raw files of one source into parquet tables")
    c.add_argument("--source", required=True)
    c.add_argument("--raw-dir", required=True)
    c.add_argument("--out-dir", required=True)
    c.set_defaults(func=_clean)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (1 with a one-line message on a known error)."""
    from .errors import AllianceWarError

    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        args.func(args)
    except AllianceWarError as exc:
        log.error("%s", exc)
        print(f"alliancewar: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
