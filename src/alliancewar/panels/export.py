"""Export panels to CSV, Parquet and Stata ``.dta`` (with variable labels) for R and Stata users."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import atomic_write, write_parquet
from .variables import REGISTRY


def stata_labels(columns: list[str]) -> dict[str, str]:
    """Stata variable labels (at most 80 characters) from the registry."""
    return {c: REGISTRY[c].label[:80] for c in columns if c in REGISTRY}


def export_panel(panel: str | Path, out_dir: str | Path) -> list[Path]:
    """Write ``<out_dir>/<name>.csv``, ``.parquet`` and ``.dta`` for the panel file ``panel``."""
    panel = Path(panel)
    df = pd.read_parquet(panel)
    stem = Path(out_dir) / panel.stem
    out = [atomic_write(stem.with_suffix(".csv"), lambda p: df.to_csv(p, index=False, na_rep="")),
           write_parquet(df, stem.with_suffix(".parquet"))]
    out.append(atomic_write(stem.with_suffix(".dta"), lambda p: df.to_stata(
        p, write_index=False, variable_labels=stata_labels(list(df.columns)), version=118)))
    return out
