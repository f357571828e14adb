"""Replication package: one zip that reruns a run elsewhere (``snakemake --cores 4 package``).

``results/replication-<config hash>.zip`` holds one folder, ``replication-<config hash>/``:

* ``REPRODUCE.md`` -- the two commands (install from the lock file, run), and what to compare;
* ``config.yaml`` -- the run's resolved configuration (``provenance.json``'s, command-line
  overrides included), with the two keys that name places on this machine made portable: the
  registry as ``config/sources.yaml`` and ``mirror: null`` (where raw files come from is chosen
  where the package is run: a mirror folder or the publishers; the result does not depend on it);
* ``sources.yaml`` -- the source registry used (URLs, pins, coverage, terms);
* ``provenance.json`` -- commit, config hash, raw-file hashes, package versions, times;
* ``requirements.lock`` -- the exact Python package versions (the file ``.ci/run`` installs);
* ``fetch_manifest.json`` -- URL (and zip member), pinned SHA-256 and bytes of every raw file the
  run read, and whether it is in the package;
* ``specs/`` -- the resolved model specifications (``results/config/jobs/*.json``);
* ``expected/fits/`` -- the run's fit records, to compare a rerun with (:func:`compare_fits`);
* ``code/`` -- the repository's tracked files as they ran, with ``config/config.yaml`` and
  ``config/sources.yaml`` replaced by the run's, and ``code/data/raw/<source>/`` holding the raw
  files of the sources whose terms allow redistribution (registry key ``redistribute``; COW's
  terms do not, and COW alliances are never redistributed). Every other raw file is fetched and
  verified by the same commands, from the publishers or from a mirror.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .io import atomic_write, sha256_of
from .sources import Source, chosen_versions, enabled_sources, load_sources
from .verify import present_files, verify_raw_files

log = logging.getLogger(__name__)

#: Keys of a fit record that measure time, not results: dropped when fits are compared.
TIMING_KEYS = ("wall_time",)
#: Where the run's config and registry go in ``code/`` (the Snakefile reads config/config.yaml).
CONFIG_IN_CODE, REGISTRY_IN_CODE = "config/config.yaml", "config/sources.yaml"


def package_name(config_hash: str) -> str:
    """``replication-<first 12 hex digits of the config hash>``."""
    return f"replication-{config_hash[:12]}"


def portable_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """The resolved config with the registry at ``config/sources.yaml`` and ``mirror: null``."""
    return {**json.loads(json.dumps(config)), "sources": REGISTRY_IN_CODE, "mirror": None}


def fetch_manifest(sources: Iterable[Source], raw_root: str | Path) -> list[dict[str, Any]]:
    """One entry per raw file the run read (every file of the enabled sources present in
    ``raw_root/<source>/``): source, version, file, URL, zip member, pinned SHA-256 (as published
    and LF-normalised), SHA-256 and size of the bytes used, and whether it is redistributed."""
    out = []
    for s in sources:
        folder = Path(raw_root) / s.name
        for f in present_files(s, folder):
            raw, _ = sha256_of(folder / f.file)
            out.append({"source": s.name, "version": s.version, "file": f.file, "path": f"data/raw/{s.name}/{f.file}",
                        "url": f.url, "member": f.member, "sha256": f.sha256, "sha256_lf": f.sha256_lf,
                        "sha256_used": raw, "bytes": (folder / f.file).stat().st_size,
                        "user_supplied": s.user_supplied, "redistributed": bool(s.redistribute and not s.user_supplied),
                        "terms_url": s.terms_url})
    return out


def tracked_files(repo_dir: str | Path) -> list[str]:
    """The repository's tracked files that exist in the working tree (``git ls-files``).

    Raises
    ------
    ConfigError
        When ``repo_dir`` is not a git working tree (the package holds the code as it ran).
    """
    try:
        done = subprocess.run(["git", "-C", str(repo_dir), "ls-files", "-z"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise ConfigError(f"{repo_dir}: cannot list the repository's files with git ({exc}); the replication "
                          f"package holds the code of a git working tree") from exc
    return [p for p in done.stdout.decode().split("\0") if p and (Path(repo_dir) / p).is_file()]


def reproduce_md(name: str, prov: Mapping[str, Any], manifest: Sequence[Mapping[str, Any]],
                 config: Mapping[str, Any]) -> str:
    """The text of ``REPRODUCE.md``."""
    cow = config.get("cow_alliances_dir")
    run = "snakemake --cores 4"
    if cow:
        run += " --config cow_alliances_dir=/path/to/version4.1_csv"
    versions = ", ".join(f"{k} {v}" for k, v in chosen_versions(config).items())
    lines = [
        f"# Replication package {name}",
        "",
        f"alliancewar commit `{prov.get('commit')}`{' (with uncommitted changes)' if prov.get('dirty') else ''}, "
        f"config hash `{prov.get('config_hash')}`, run finished {prov.get('finished')}. Python "
        f"{prov.get('packages', {}).get('python')}. Data versions: {versions}.",
        "",
        "## The two commands",
        "",
        "From this folder, with Python 3.11 or newer:",
        "",
        "```bash",
        "cd code && python3 -m venv .venv && . .venv/bin/activate && pip install -r requirements.lock "
        "&& pip install --no-deps -e .",
        run,
        "```",
        "",
        "The second command downloads the raw files from the publishers (URLs in `fetch_manifest.json`) and "
        "verifies each against the SHA-256 pinned in `config/sources.yaml` before use; files this package may "
        "redistribute are already in `code/data/raw/`. Offline, or from an archived copy of the data, name a "
        f"mirror folder laid out like the project's (`<source>/<file>`): `ALLIANCEWAR_MIRROR=/path/to/mirror {run}`.",
    ]
    if cow:
        lines += ["", "This run used the COW Formal Alliances v4.1, which are never downloaded or redistributed "
                      "(their maintainer's request): download `version4.1_csv.zip` from the Correlates of War "
                      "website, unzip it and name the folder as above."]
    lines += [
        "",
        "Then compare the fit records with the ones of the original run (identical but for their timings):",
        "",
        "```bash",
        "python -m alliancewar.package compare ../expected/fits results/fits",
        "```",
        "",
        "## Contents",
        "",
        "| path | what |",
        "|---|---|",
        "| `config.yaml` | the resolved configuration (also `code/config/config.yaml`; `sources` and `mirror` "
        "made portable) |",
        "| `sources.yaml` | the source registry (also `code/config/sources.yaml`) |",
        "| `provenance.json` | commit, config hash, raw-file hashes, package versions and times of the run |",
        "| `requirements.lock` | the exact Python package versions |",
        "| `fetch_manifest.json` | URL and SHA-256 of every raw file |",
        "| `specs/` | the resolved model specifications |",
        "| `expected/fits/` | the fit records of the run |",
        "| `code/` | the code as it ran |",
        "",
        "## Raw files",
        "",
        "| source | file | in the package | URL | SHA-256 |",
        "|---|---|---|---|---|",
    ]
    for m in manifest:
        where = "yes" if m["redistributed"] else ("no: you supply it" if m["user_supplied"] else "no: fetched")
        if m["user_supplied"]:
            url = "never downloaded: from the publisher's site, by you"
        elif m["url"]:
            url = m["url"] + (f" (member `{m['member']}`)" if m["member"] else "")
        else:
            url = "no publisher download: from a mirror"
        lines.append(f"| {m['source']} | `{m['file']}` | {where} | {url} | `{m['sha256_used']}` |")
    return "\n".join(lines) + "\n"


def build_package(*, config: Mapping[str, Any], provenance: str | Path, jobs: Sequence[str | Path],
                  fits: Sequence[str | Path], lock: str | Path, raw_root: str | Path, repo_dir: str | Path,
                  out: str | Path) -> Path:
    """Write the replication package (see the module docstring).

    Parameters
    ----------
    config
        The resolved configuration of the run (its ``sources`` names the registry used).
    provenance
        ``results/provenance.json`` of the run.
    jobs, fits
        The resolved specifications (``results/config/jobs/*.json``) and the fit records.
    lock
        The lock file of Python package versions.
    raw_root
        ``data/raw``; the raw files are verified against their pins before they are listed.
    repo_dir
        The working tree (its tracked files become ``code/``).
    out
        The zip to write (atomically).

    Returns
    -------
    Path
        The zip.
    """
    registry = load_sources(config["sources"])
    used = enabled_sources(registry, dict(config))
    verify_raw_files(used, raw_root)
    manifest = fetch_manifest(used, raw_root)
    prov = json.loads(Path(provenance).read_text(encoding="utf-8"))
    name = Path(out).stem
    portable = portable_config(config)
    config_text = yaml.safe_dump(portable, sort_keys=False, allow_unicode=True)
    registry_text = Path(config["sources"]).read_text(encoding="utf-8")
    repo = Path(repo_dir)
    members: dict[str, bytes | Path] = {
        "REPRODUCE.md": reproduce_md(name, prov, manifest, config).encode(),
        "config.yaml": config_text.encode(),
        "sources.yaml": registry_text.encode(),
        "provenance.json": Path(provenance).read_bytes(),
        "requirements.lock": Path(lock).read_bytes(),
        "fetch_manifest.json": (json.dumps(manifest, indent=2) + "\n").encode(),
    }
    members.update({f"specs/{Path(j).name}": Path(j) for j in jobs})
    members.update({f"expected/fits/{Path(f).parent.name}/{Path(f).name}": Path(f) for f in fits})
    members.update({f"code/{p}": repo / p for p in tracked_files(repo)})
    members[f"code/{CONFIG_IN_CODE}"] = config_text.encode()
    members[f"code/{REGISTRY_IN_CODE}"] = registry_text.encode()
    members.update({f"code/{m['path']}": Path(raw_root) / m["source"] / m["file"] for m in manifest
                    if m["redistributed"]})

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for arc, data in sorted(members.items()):
                info = zipfile.ZipInfo(f"{name}/{arc}", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                raw = data if isinstance(data, bytes) else data.read_bytes()
                executable = not isinstance(data, bytes) and data.stat().st_mode & 0o111
                info.external_attr = (0o755 if executable else 0o644) << 16
                z.writestr(info, raw)

    path = atomic_write(out, write)
    log.info("wrote %s: %d files, %d raw file(s) included, %d to fetch", path, len(members),
             sum(m["redistributed"] for m in manifest), sum(not m["redistributed"] for m in manifest))
    return path


def _without_timings(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _without_timings(v) for k, v in obj.items() if k not in TIMING_KEYS}
    if isinstance(obj, list):
        return [_without_timings(v) for v in obj]
    return obj


def fit_text(path: str | Path) -> str:
    """A fit record as JSON text (the writer's format) without its timing keys."""
    return json.dumps(_without_timings(json.loads(Path(path).read_text(encoding="utf-8"))), indent=2)


def compare_fits(expected: str | Path, actual: str | Path) -> list[str]:
    """Differences between two folders of fit records (``named/``, ``grid/``), timings dropped.

    Returns
    -------
    list of str
        One line per record missing on either side or differing; empty when they agree.
    """
    def records(root: str | Path) -> dict[str, Path]:
        return {str(p.relative_to(root)): p for p in sorted(Path(root).rglob("*.json"))}

    a, b = records(expected), records(actual)
    out = [f"only in {expected}: {k}" for k in sorted(set(a) - set(b))]
    out += [f"only in {actual}: {k}" for k in sorted(set(b) - set(a))]
    out += [f"differs: {k}" for k in sorted(set(a) & set(b)) if fit_text(a[k]) != fit_text(b[k])]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m alliancewar.package build ...`` (the workflow's rule) or ``compare EXPECTED ACTUAL``."""
    parser = argparse.ArgumentParser(prog="python -m alliancewar.package", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="verb", required=True)
    b = sub.add_parser("build", help="write the replication package")
    b.add_argument("--config", required=True, help="the run's resolved config (results/config/report.json)")
    b.add_argument("--provenance", required=True)
    b.add_argument("--jobs", nargs="*", default=[])
    b.add_argument("--fits", nargs="*", default=[])
    b.add_argument("--lock", required=True)
    b.add_argument("--raw-dir", default="data/raw")
    b.add_argument("--repo-dir", default=".")
    b.add_argument("--out", required=True)
    c = sub.add_parser("compare", help="compare two folders of fit records (timings dropped)")
    c.add_argument("expected")
    c.add_argument("actual")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.verb == "compare":
        diffs = compare_fits(args.expected, args.actual)
        print("\n".join(diffs) if diffs else f"fit records agree ({len(list(Path(args.expected).rglob('*.json')))})")
        return 1 if diffs else 0
    from .config import load_config
    from .errors import AllianceWarError

    try:
        build_package(config=load_config(args.config), provenance=args.provenance, jobs=args.jobs, fits=args.fits,
                      lock=args.lock, raw_root=args.raw_dir, repo_dir=args.repo_dir, out=args.out)
    except AllianceWarError as exc:
        print(f"alliancewar: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
