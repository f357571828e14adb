"""MkDocs hook: the codebook page, generated from the variable registry at build time.

The pipeline's ``results/codebook.md`` adds counts and means from built panels; this page needs
no data: one table per level with each variable's label, definition, sources and coverage
(``src/alliancewar/panels/variables.py`` and ``config/sources.yaml``).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]


def _page() -> str:
    from alliancewar.panels.coverage import variable_coverage
    from alliancewar.panels.variables import DYAD_VARIABLES, STATE_VARIABLES, SYSTEM_VARIABLES, TOOLKIT_DYAD_VARIABLES
    from alliancewar.sources import load_sources

    sources = load_sources(ROOT / "config" / "sources.yaml")
    out = ["# Codebook", "",
           "Every variable of the panels and of the public API, from the variable registry "
           "(`src/alliancewar/panels/variables.py`). Coverage: the years in which the variable is defined "
           "(panel years 1816-2016 by default); outside them it is NA, never 0. The pipeline writes the same "
           "table with counts and means of the built panels to `results/codebook.md`.", ""]
    levels = (("Dyad-years", DYAD_VARIABLES + TOOLKIT_DYAD_VARIABLES), ("State-years", STATE_VARIABLES),
              ("System-years", SYSTEM_VARIABLES))
    for title, variables in levels:
        out += [f"## {title}", "", "| variable | label | definition | sources | coverage |", "|---|---|---|---|---|"]
        for v in variables:
            lo, hi = variable_coverage(v, sources, 2016)
            src = "; ".join(f"{sources[s].title} {sources[s].version}" for s in v.sources)
            text = v.definition.replace("|", "/")
            out.append(f"| `{v.name}` | {v.label} | {text} | {src} | {max(lo, 1816)}-{min(hi, 2016)} |")
        out.append("")
    return "\n".join(out)


def on_files(files: Files, config) -> Files:
    """Add ``codebook.md`` (generated) to the site's files."""
    files.append(File.generated(config, "codebook.md", content=_page()))
    return files
