"""Helpers of the fault-injection tests: damaged copies of real files, test registries, a local
HTTP server standing in for the publishers, and throw-away copies of the repository."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import yaml

from tests.conftest import ROOT, zip_bytes

FAULTS = ("corrupt", "truncated", "renamed_column", "re_encoded", "empty", "missing")
"""Every way a raw file is damaged, placed in the mirror or directly in data/raw."""


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def damage(data: bytes, fault: str) -> bytes | None:
    """A damaged copy of a publisher's CSV (None for a missing file).

    corrupt: one digit in the middle changed (a hand-edited value); truncated: the last third of
    the lines cut at a line end (invisible to a last-line check); renamed_column: the first header
    field renamed; re_encoded: saved as UTF-16 (Excel's "Unicode text"); empty: zero bytes.
    """
    if fault == "missing":
        return None
    if fault == "empty":
        return b""
    if fault == "corrupt":
        i = next(i for i in range(len(data) // 2, len(data)) if data[i : i + 1].isdigit())
        return data[:i] + (b"7" if data[i : i + 1] != b"7" else b"3") + data[i + 1 :]
    if fault == "truncated":
        ends = [i for i, b in enumerate(data) if b in b"\r\n"]
        return data[: ends[len(ends) * 2 // 3] + 1]
    if fault == "renamed_column":
        return b"renamed_" + data
    if fault == "re_encoded":
        return data.decode("utf-8").encode("utf-16")
    raise ValueError(fault)


def registry_doc(root: Path = ROOT) -> dict:
    """The source registry of the tree under test, as a mutable document."""
    return yaml.safe_load((root / "config" / "sources.yaml").read_text(encoding="utf-8"))


def entry(doc: dict, source: str, file: str | None = None) -> dict:
    """The registry entry (dict) of ``file`` of ``source`` (its first file by default)."""
    src = next(s for s in doc["sources"] if s["name"] == source)
    return next(f for f in src["files"] if file is None or f["file"] == file)


def write_registry(doc: dict, path: Path) -> Path:
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def only_sources(doc: dict, keep: set[str]) -> dict:
    """The registry with every source but ``keep`` made optional (so a run fetches only those)."""
    for s in doc["sources"]:
        if s["name"] not in keep:
            s["optional"] = True
    return doc


def link_mirror(real: Path, dest: Path) -> Path:
    """A mirror folder of symbolic links to the real mirror's files (to damage some safely)."""
    for path in real.rglob("*"):
        if path.is_file():
            target = dest / path.relative_to(real)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path)
    return dest


def place(path: Path, data: bytes | None) -> None:
    """Write ``data`` at ``path`` (replacing a link or a read-only file); delete it for None."""
    if path.is_symlink():
        path.unlink()
    elif path.exists():
        path.chmod(0o644)  # raw files are read-only
        path.unlink()
    if data is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def publisher_site(mirror: Path, doc: dict, www: Path, base_url: str) -> dict:
    """Lay out ``www`` like the publishers' sites and point every registry URL at it.

    A file pinned with a zip ``member`` is served inside a zip built from the mirror's copy (nested
    zips too, e.g. NMC's ``NMC-60-abridged.zip/NMC-60-abridged.csv``); every other file directly.
    Files the registry gives no URL get one, so the whole fetch path runs without a mirror. Files
    without publisher bytes in the mirror are not served (their URL answers 404).
    """
    for src in doc["sources"]:
        for f in src["files"]:
            name = f"{src['name']}/{f['file']}"
            if not (mirror / f["mirror_path"]).is_file():  # no publisher bytes offline (NMC 7.0, the 4.03 CSV)
                f["url"] = f"{base_url}/not-served/{quote(name)}"
                continue
            data = (mirror / f["mirror_path"]).read_bytes()
            if f.get("member"):
                data = _zipped(f["member"], data)
                name = f"{src['name']}/{f['file']}.zip"
            (www / name).parent.mkdir(parents=True, exist_ok=True)
            (www / name).write_bytes(data)
            f["url"] = f"{base_url}/{quote(name)}"
    return doc


def _zipped(member: str, data: bytes) -> bytes:
    """A zip holding ``data`` at ``member``; a segment ending in .zip is a zip inside the zip."""
    groups: list[list[str]] = [[]]
    for segment in member.split("/"):
        groups[-1].append(segment)
        if segment.lower().endswith(".zip"):
            groups.append([])
    for group in reversed(groups):
        data = zip_bytes({"/".join(group): data}) if group else data
    return data


@contextlib.contextmanager
def http_server(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free local port; yields the base URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def copy_repo(dest: Path) -> Path:
    """A throw-away copy of the repository's tracked (and new, unignored) files."""
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard", "-z"],
                           capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def run_env(extra: dict[str, str] | None = None, path_first: Path | None = None) -> dict[str, str]:
    """The environment of a workflow run: no ALLIANCEWAR_MIRROR unless given, this Python first on PATH."""
    env = {k: v for k, v in os.environ.items() if k != "ALLIANCEWAR_MIRROR"}
    bins = [str(p) for p in (path_first, Path(sys.executable).parent) if p]
    env["PATH"] = os.pathsep.join([*bins, env.get("PATH", "")])
    env["MPLBACKEND"] = "Agg"
    env.update(extra or {})
    return env


def snakemake(ws: Path, *args: str, env: dict[str, str] | None = None, python: str = sys.executable,
              timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``python -m snakemake ARGS`` in the workspace ``ws``; output is stdout and stderr together."""
    return subprocess.run([python, "-m", "snakemake", *args], cwd=ws, env=env or run_env(), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout)


def part_files(root: Path) -> list[Path]:
    """Temporary files of atomic writes left behind (there must be none)."""
    return [p for p in root.rglob("*.part")] if root.exists() else []

