"""The codebook: every panel variable with its label, definition, sources, coverage and summary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import write_text
from ..sources import Source
from .build import PanelOptions
from .coverage import variable_coverage
from .variables import REGISTRY

PANELS = {"dyad_years": "dyad", "state_years": "state", "system_years": "system",
          "dyad_years_directed": "directed", "formation_windows": "window"}
#: Panels documented only by the variables of their own level (the directed panel also holds every
#: dyad variable, mirrored, which the dyad_years section documents).
OWN_LEVEL_ONLY = ("dyad_years_directed",)


def codebook_frame(panels: dict[str, pd.DataFrame], sources: dict[str, Source], opts: PanelOptions) -> pd.DataFrame:
    """One row per (panel, variable): label, definition, sources, coverage, N non-missing, mean."""
    rows = []
    for panel, df in panels.items():
        for col in df.columns:
            var = REGISTRY.get(col)
            if var is None:
                continue
            srcs = [opts.source_aliases.get(s, s) for s in var.sources]
            lo, hi = variable_coverage(var, sources, opts.end_year, opts.source_aliases)
            values = pd.to_numeric(df[col], errors="coerce")
            rows.append({"panel": panel, "variable": col, "label": var.label, "definition": var.definition,
                         "kind": var.kind,
                         "sources": "; ".join(f"{sources[s].title} {sources[s].version}" for s in srcs),
                         "coverage": f"{max(lo, opts.start_year)}-{min(hi, opts.end_year)}",
                         "n_nonmissing": int(df[col].notna().sum()),
                         "mean": float(values.mean()) if var.kind not in ("id",) and values.notna().any() else None})
    return pd.DataFrame(rows)


def codebook_markdown(cb: pd.DataFrame) -> str:
    """Render the codebook as Markdown, one section per panel."""
    out = ["# alliancewar codebook", "",
           "Generated from the variable registry (`src/alliancewar/panels/variables.py`) and the built panels.",
           "Coverage: the years in which the variable is defined; outside them it is NA, never 0.", ""]
    for panel, g in cb.groupby("panel", sort=False):
        out += [f"## {panel}", "", "| variable | label | definition | sources | coverage | N | mean |",
                "|---|---|---|---|---|---:|---:|"]
        for r in g.itertuples():
            mean = "" if r.mean is None or pd.isna(r.mean) else f"{r.mean:.4g}"
            out.append(f"| `{r.variable}` | {r.label} | {r.definition} | {r.sources} | {r.coverage} | "
                       f"{r.n_nonmissing:,} | {mean} |")
        out.append("")
    return "\n".join(out)


def ccode_check_markdown(check: pd.DataFrame) -> str:
    """The country-code check (``ccode_check`` panel file) as a Markdown section.

    Counts of Polity5 and BMR country-years without a COW state-year by reason, and every
    country-year inside the COW system matched to a COW state of another name (should be none).
    """
    out = ["## Country codes of the democracy data", "",
           "Polity5 and Boix-Miller-Rosato country-years that do not fall on a COW state-year after the crosswalk "
           "(`docs/data.md`, Cleaning), by reason. A country-year *inside* the COW system would be a code "
           "collision (a source code matching a different COW state).", "",
           "| source | reason | country-years | first | last |", "|---|---|---:|---:|---:|"]
    for (source, reason), g in check.groupby(["source", "reason"], sort=True):
        out.append(f"| {source} | {reason} | {len(g):,} | {g['year'].min()} | {g['year'].max()} |")
    inside = check[check["inside_system"]]
    out += ["", f"Country-years inside the COW system: {len(inside)}."]
    out += [f"- {r.source} {r.country} (code {r.source_ccode}) {r.year}, COW {r.ccode}: {r.reason}"
            for r in inside.itertuples()]
    return "\n".join(out) + "\n"


def _read(path: Path, name: str) -> pd.DataFrame:
    """A panel for the codebook; for :data:`OWN_LEVEL_ONLY` panels only the columns of their level."""
    if name not in OWN_LEVEL_ONLY:
        return pd.read_parquet(path)
    import pyarrow.parquet as pq

    level = PANELS[name]
    cols = [c for c in pq.ParquetFile(path).schema.names if c in REGISTRY and level in REGISTRY[c].levels]
    return pd.read_parquet(path, columns=cols)


def write_codebook(panel_dir: str | Path, out_stem: str | Path, sources: dict[str, Source], opts: PanelOptions
                   ) -> list[Path]:
    """Write ``<out_stem>.md`` and ``<out_stem>.csv`` from the panels in ``panel_dir`` (those of
    :data:`PANELS` present).

    The Markdown ends with the country-code check when ``ccode_check.parquet`` is present.
    """
    panels = {name: _read(Path(panel_dir) / f"{name}.parquet", name) for name in PANELS
              if (Path(panel_dir) / f"{name}.parquet").exists()}
    cb = codebook_frame(panels, sources, opts)
    md = codebook_markdown(cb)
    check = Path(panel_dir) / "ccode_check.parquet"
    if check.exists():
        md = f"{md}\n{ccode_check_markdown(pd.read_parquet(check))}"
    stem = Path(out_stem)
    return [write_text(md, stem.with_suffix(".md")), write_text(cb.to_csv(index=False), stem.with_suffix(".csv"))]
