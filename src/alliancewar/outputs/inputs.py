"""Reading what the report is built from: fit records, panels, raw files and state abbreviations."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from . import tables as T
from .options import NETWORK_SOURCE, NETWORK_TYPE

log = logging.getLogger(__name__)


def fit_paths(fits_dir: str | os.PathLike[str], fit_files: Sequence[str | os.PathLike[str]] | None = None
              ) -> list[Path]:
    """The fit records to read: ``fit_files`` when given, else every ``named/*.json`` then ``grid/*.json``."""
    if fit_files is not None:
        return [Path(p) for p in fit_files]
    root = Path(fits_dir)
    return sorted((root / "named").glob("*.json")) + sorted((root / "grid").glob("*.json"))


def load_fits(paths: Iterable[Path], named_order: Sequence[str] = (),
              named_labels: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Read fit records; named fits first (in ``named_order``, then by name), then grid fits by name.

    ``named_labels`` (name -> label from ``models.named``) replace the labels stored in named
    records: labels are not part of a fit job, so a changed label reaches the tables without a refit.
    """
    fits = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    for fit in fits:
        label = (named_labels or {}).get(fit["name"]) if fit.get("group") == "named" else None
        if label:
            fit["label"] = label
    rank = {n: i for i, n in enumerate(named_order)}

    def key(fit: Mapping[str, Any]) -> tuple[int, int, str]:
        return (fit.get("group") != "named", rank.get(fit["name"], len(rank)), fit["name"])

    return sorted(fits, key=key)


def failed_fits(fits: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The failed and the doubtful fits, each named ``"<name> (<label>)"`` so grid fits say what they were."""
    return [{**f, "name": f"{f['name']} ({f['label']})" if f.get("label") else f["name"]}
            for f in fits if not T.is_ok(f) or T.is_doubtful(f)]


def read_panel(panel_dir: str | os.PathLike[str], name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Read ``<panel_dir>/<name>.parquet`` (only ``columns`` when given)."""
    return pd.read_parquet(Path(panel_dir) / f"{name}.parquet", columns=list(columns) if columns else None)


#: Dyad-year columns of the note on multilateral wars (read when the panel has them).
WAR_COLUMNS = ("war_onset", "war_onset_warnum", "war_onset_joiner")


def load_panels(panel_dir: str | os.PathLike[str], opts: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """The panel columns the outputs need: dyad (descriptives, network edges, the war columns of
    the note on multilateral wars), state (members), system, and the ATOP blocs."""
    import pyarrow.parquet as pq

    edge_col = f"{NETWORK_SOURCE}_{NETWORK_TYPE}"
    present = set(pq.read_schema(Path(panel_dir) / "dyad_years.parquet").names)
    wars = [c for c in WAR_COLUMNS if c in present]
    dyad_cols = list(dict.fromkeys(["ccode1", "ccode2", "year", edge_col, *opts["descriptives"]["dyad"], *wars]))
    return {
        "dyad": read_panel(panel_dir, "dyad_years", dyad_cols),
        "state": read_panel(panel_dir, "state_years", ["ccode", "year"]),
        "system": read_panel(panel_dir, "system_years"),
        "blocs": read_panel(panel_dir, "alliance_blocs"),
    }


def war_names(clean_dir: str | os.PathLike[str]) -> dict[int, str]:
    """COW war names by war number from ``war_participants.parquet`` ({} when absent)."""
    path = Path(clean_dir) / "war_participants.parquet"
    if not path.is_file():
        return {}
    wars = pd.read_parquet(path, columns=["warnum", "war_name"]).drop_duplicates("warnum")
    return {int(n): str(name) for n, name in zip(wars["warnum"], wars["war_name"])}


def state_abbreviations(clean_dir: str | os.PathLike[str]) -> dict[int, str]:
    """COW state abbreviations by ccode from ``country_codes.parquet`` ({} when absent)."""
    path = Path(clean_dir) / "country_codes.parquet"
    if not path.is_file():
        log.info("no %s: network nodes are labelled with COW codes", path)
        return {}
    codes = pd.read_parquet(path, columns=["ccode", "stateabb"]).dropna()
    return {int(c): str(a) for c, a in zip(codes["ccode"], codes["stateabb"])}
