"""Replication tables and the report's replication section.

Each replication record (:class:`alliancewar.models.designs.common.Replication`, stored as
``results/replications/<name>.json``) becomes one table -- published estimate, ours, the gap,
the check and its verdict -- written as ``<name>.md``, ``.html``, ``.csv`` and ``.tex`` with the
project's table renderers, the known data differences and notes under it. The CSV holds the
comparison rows and one row per data difference (column ``kind``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..io import write_text
from .tables import Cell, Row, Table, format_number, has_value, html_escape, to_csv, to_html, to_latex, to_markdown

FORMATS = ("md", "html", "csv", "tex")
COLUMNS = ("Model", "Published", "Ours", "Gap", "Check", "Verdict")
VERDICTS = {("sign", True): "same sign", ("sign", False): "does not replicate",
            ("tolerance", True): "within tolerance", ("tolerance", False): "does not replicate"}


def verdict(row: Mapping[str, Any]) -> str:
    """The verdict cell: ``same sign (p = 0.21)``, ``within tolerance``, ``does not replicate`` or ``not estimated``."""
    if row["check"] == "none":
        return ""
    if row["agrees"] is None:
        return "not estimated"
    text = VERDICTS[(row["check"], bool(row["agrees"]))]
    p = row.get("ours_p")
    return f"{text} (p = {p:.2g})" if has_value(p) else text
INTRO = (
    "Published designs run on our data (docs/models.md, Replications). A published number is compared with ours "
    "within a stated tolerance only where our inputs are the paper's data version; otherwise only its sign is "
    "checked and the gap recorded. Each table lists the known differences between our data and the paper's. "
    "'Does not replicate' is a finding about the published result on these data, not a failure of the run."
)


def replication_files(out_dir: str | os.PathLike[str], names: Sequence[str]) -> dict[str, list[Path]]:
    """Files the replication step writes for each design: the record (``.json``), :data:`FORMATS` and
    the design's machine-readable tables (``<name>_<table>.csv``)."""
    from ..models.designs import DESIGN_TABLES

    out = Path(out_dir)
    return {n: [out / f"{n}.{ext}" for ext in ("json", *FORMATS)]
            + [out / f"{n}_{t}.csv" for t in DESIGN_TABLES.get(n, ())] for n in names}


def _value(estimate: Any, se: Any = None, digits: int = 3) -> str:
    if not has_value(estimate):
        return ""
    text = format_number(float(estimate), digits)
    return f"{text} ({format_number(float(se), digits)})" if has_value(se) else text


def _published(row: Mapping[str, Any]) -> str:
    if has_value(row.get("published")):
        return _value(row["published"], row.get("published_se"))
    return f"sign {row['published_sign']}" if row.get("published_sign") else ""


def _check(row: Mapping[str, Any]) -> str:
    if row["check"] == "tolerance":
        return f"within {format_number(row['tolerance'], 3)}"
    return {"sign": "sign", "none": ""}.get(row["check"], row["check"])


def replication_table(rec: Mapping[str, Any], provenance: str) -> Table:
    """The comparison table of one replication record (blocks by model)."""
    blocks: dict[str, list[Row]] = {}
    for r in rec["rows"]:
        cells = (Cell(r["model"]), Cell(_published(r)), Cell(_value(r["ours"], r["ours_se"])),
                 Cell(_value(r["gap"]) if has_value(r.get("gap")) else ""), Cell(_check(r)),
                 Cell(verdict(r)))
        blocks.setdefault(r["model"], []).append(Row(r["label"], cells))
    status = rec.get("summary") or ""
    notes = [f"{rec['citation']}", f"Design on our data: {rec['design']}", f"Result: {status}."]
    notes += [f"Note ({r['label']}; {r['model']}): {r['note']}" for r in rec["rows"] if r.get("note")]
    notes += [f"Data difference: {d}" for d in rec["differences"]]
    notes += [f"Note: {n}" for n in rec["notes"]]
    if rec.get("status") != "ok":
        notes.insert(0, f"Not run: {rec.get('reason')}")
    tidy = pd.DataFrame([{"kind": "estimate", **{k: r.get(k) for k in (
        "model", "term", "label", "published", "published_se", "published_sign", "ours", "ours_se", "ours_p",
        "gap", "check", "tolerance", "agrees", "n", "note")}} for r in rec["rows"]]
                        + [{"kind": "difference", "note": d} for d in rec["differences"]]
                        + [{"kind": "note", "note": n} for n in rec["notes"]])
    return Table(title=rec["title"], stub="Estimate", columns=COLUMNS,
                 blocks=tuple(tuple(b) for b in blocks.values()), notes=tuple(notes), provenance=provenance,
                 tidy=tidy)


def display_tables(rec: Mapping[str, Any], provenance: str) -> list[Table]:
    """The record's further tables (``displays``) in the table model."""
    out = []
    for d in rec.get("displays") or []:
        rows = tuple(Row(r["label"], tuple(Cell(str(c)) for c in r["cells"])) for r in d["rows"])
        out.append(Table(title=d["title"], stub=d["stub"], columns=tuple(d["columns"]), blocks=(rows,),
                         notes=tuple(d.get("notes") or ()), provenance=provenance,
                         tidy=pd.DataFrame([{"label": r["label"], **dict(zip(d["columns"], r["cells"]))}
                                            for r in d["rows"]])))
    return out


def write_replication(rec: Mapping[str, Any], out_dir: str | os.PathLike[str], provenance: str) -> list[Path]:
    """Write ``<name>.json``, the tables in :data:`FORMATS` (the comparison, then any ``displays``; the
    CSV holds the comparison) and every record table as ``<name>_<table>.csv`` to ``out_dir``."""
    from ..models.designs import DESIGN_TABLES

    out = Path(out_dir)
    name = rec["name"]
    tables = [replication_table(rec, provenance), *display_tables(rec, provenance)]
    paths = [write_text(json.dumps(rec, indent=2, sort_keys=True, default=_json_default) + "\n", out / f"{name}.json")]
    for ext, render in (("md", to_markdown), ("html", to_html), ("tex", to_latex)):
        paths.append(write_text("\n".join(render(t) for t in tables), out / f"{name}.{ext}"))
    paths.insert(3, write_text(to_csv(tables[0]), out / f"{name}.csv"))
    for t in dict.fromkeys([*DESIGN_TABLES.get(name, ()), *(rec.get("tables") or {})]):
        frame = pd.DataFrame((rec.get("tables") or {}).get(t) or [])
        paths.append(write_text(f"# provenance: {provenance}\n" + frame.to_csv(index=False), out / f"{name}_{t}.csv"))
    return paths


def _json_default(value: Any) -> Any:
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def load_replications(paths: Sequence[str | os.PathLike[str]]) -> list[dict[str, Any]]:
    """Read replication records (``.json``), in the order given."""
    return [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]


def report_section(records: Sequence[Mapping[str, Any]], provenance: str) -> str:
    """HTML body of the report's "Replications" section: the introduction and one table per design."""
    if not records:
        return "<p>No replication was run (config key <code>replications.designs</code>).</p>"
    items = "".join(f"<li>{html_escape(r['title'])}: {html_escape(r.get('summary') or '')}</li>" for r in records)
    parts = [f"<p>{html_escape(INTRO)}</p>", f"<ul>{items}</ul>"]
    parts += [f'<div class="table" id="replication-{html_escape(r["name"])}">\n'
              + "".join(to_html(t) for t in [replication_table(r, provenance), *display_tables(r, provenance)])
              + "</div>" for r in records]
    return "\n".join(parts)


def run_and_write(name: str, config: dict[str, Any], panel_dir: str | os.PathLike[str],
                  clean_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str],
                  repo_dir: str | os.PathLike[str] = ".") -> list[Path]:
    """Run replication design ``name`` on the panels and write its record and table files."""
    from ..models.designs import run_design
    from ..models.designs.inputs import load_inputs
    from ..sources import chosen_versions
    from .provenance import config_hash, git_state, provenance_line

    rec = run_design(name, load_inputs(name, panel_dir, clean_dir, config), chosen_versions(config)).to_dict()
    commit, dirty = git_state(repo_dir)
    line = provenance_line({"commit": commit, "config_hash": config_hash(config), "dirty": dirty})
    return write_replication(rec, out_dir, line)
