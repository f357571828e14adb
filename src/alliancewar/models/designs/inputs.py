"""What each replication design reads: panel files (only the columns it uses) and clean tables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from ..sample import needed_columns
from ..spec import Spec

#: Optional registry source of the GML 2.2.1 dispute-years (Miller 2022 replication).
GML_SOURCE = "gml_mid_v2.2.1"
GML_TABLE = "gml_dirdisp"
MILLER_COLUMNS = ["ccode1", "ccode2", "year", "politically_relevant", "contig_land", "cinc_prop", "major_either",
                  "cow_defense", "atop_defense", "democracy_min", "mid_onset", "mid_ongoing"]
#: Design -> panel file it reads.
PANELS = {"miller2022": "dyad_years", "bremer1992": "dyad_years", "singer_small1968": "system_years",
          "leeds2003": "dyad_years_directed", "kenwick2015": "formation_windows"}


def gml_enabled(config: dict[str, Any]) -> bool:
    """Whether the run fetches the optional GML 2.2.1 source (config ``optional_sources``)."""
    return GML_SOURCE in (config.get("optional_sources") or [])


def input_files(name: str, config: dict[str, Any], panel_dir: str = "data/panel", clean_dir: str = "data/clean"
                ) -> list[str]:
    """The files design ``name`` reads (the workflow rule's inputs)."""
    files = [f"{panel_dir}/{PANELS[name]}.parquet"]
    if name == "miller2022" and gml_enabled(config):
        files.append(f"{clean_dir}/{GML_TABLE}.parquet")
    return files


def _spec_columns(values: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(c for v in values for c in needed_columns(Spec("replication", "replication", v))))


def _columns(name: str, available: list[str]) -> list[str] | None:
    """Columns design ``name`` uses (None: the whole file)."""
    if name == "miller2022":
        return [c for c in MILLER_COLUMNS if c in available]
    if name == "bremer1992":
        from .bremer1992 import CONTROLS, _values

        alliance = "cow_any" if "cow_any_prewar" in available else "atop_any"
        return _spec_columns([_values(alliance, CONTROLS)])
    if name == "leeds2003":
        from .leeds2003 import VALUES

        return _spec_columns([VALUES])
    return None


def load_inputs(name: str, panel_dir: str | os.PathLike[str], clean_dir: str | os.PathLike[str],
                config: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Read what design ``name`` needs: ``{panel name: frame}`` and, for Miller (2022), ``gml_dirdisp``."""
    path = Path(panel_dir) / f"{PANELS[name]}.parquet"
    columns = _columns(name, pq.ParquetFile(path).schema.names)
    out = {PANELS[name]: pd.read_parquet(path, columns=columns)}
    gml = Path(clean_dir) / f"{GML_TABLE}.parquet"
    if name == "miller2022" and gml_enabled(config) and gml.exists():
        out[GML_TABLE] = pd.read_parquet(gml)
    return out
