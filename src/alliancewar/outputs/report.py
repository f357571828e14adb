"""The self-contained HTML report: one file, inline CSS, every figure embedded as a data URI.

Nothing in the page is loaded from elsewhere (no stylesheet, script, font or image links), so
the file can be archived and opened offline.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .tables import has_value, html_escape

SECTIONS: tuple[tuple[str, str], ...] = (
    ("verdict", "Verdict on the claim"),
    ("question", "Question and claim"),
    ("data", "Data"),
    ("answer", "Answer"),
    ("sample", "Sample and missing data"),
    ("tables", "Tables"),
    ("figures", "Figures"),
    ("robustness", "Robustness"),
    ("failed", "Fits that failed or are doubtful"),
    ("provenance", "Provenance"),
    ("replications", "Replications"),
)
"""(id, heading) of every section, in page order."""

CSS = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
caption { font-weight: bold; text-align: left; padding-bottom: 0.4rem; }
th, td { padding: 0.2rem 0.6rem; text-align: center; vertical-align: top; }
th[scope="row"], td:first-child { text-align: left; font-weight: normal; }
thead th { border-top: 2px solid #333; border-bottom: 1px solid #333; }
tbody + tbody tr:first-child th, tbody + tbody tr:first-child td { border-top: 1px solid #333; }
table > tbody:last-of-type tr:last-child th,
table > tbody:last-of-type tr:last-child td { border-bottom: 2px solid #333; }
tfoot td { text-align: left; font-size: 0.8rem; color: #333; }
figure { margin: 1.5rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.9rem; color: #333; }
.claim { border-left: 4px solid #0072B2; padding-left: 1rem; }
.closing { background: #f3f7fb; padding: 0.6rem 0.8rem; }
.note { font-size: 0.85rem; color: #333; }
h3 { font-size: 1.05rem; margin-top: 1.5rem; }
details > summary { cursor: pointer; font-weight: bold; margin: 1rem 0; }
pre { background: #f6f6f6; padding: 0.6rem; overflow-x: auto; font-size: 0.8rem; }
""".strip()


def _data_uri(path: Path) -> str:
    data = Path(path).read_bytes()
    if not data.startswith(b"\x89PNG"):
        raise ValueError(f"report figure {path} is not a PNG file")
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def _humanise(name: str) -> str:
    return name.replace("_", " ").replace("-", " ").capitalize()


def _simple_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f'<th scope="col">{html_escape(str(h))}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html_escape(_text(v))}</td>" for v in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _text(value: Any) -> str:
    if not has_value(value):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, Mapping):
        return "\u2013".join(str(value[k]) for k in ("start", "end") if k in value) or json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "\u2013".join(map(str, value))
    return str(value)


def _section(sid: str, body: str) -> str:
    heading = dict(SECTIONS)[sid]
    return f'<section id="{sid}">\n<h2>{html_escape(heading)}</h2>\n{body}\n</section>'


def _question(question: str, claim: str) -> str:
    return f"<p>{html_escape(question)}</p>\n<blockquote class=\"claim\"><p>{html_escape(claim)}</p></blockquote>"


def _sources(sources: Sequence[Mapping[str, Any]]) -> str:
    rows = [[s.get(k) for k in ("name", "title", "version", "coverage", "citation")] for s in sources]
    return _simple_table(["Name", "Title", "Version", "Coverage", "Citation"], rows)


def _items(sentences: Sequence[str]) -> str:
    return "<ul>\n" + "\n".join(f"<li>{html_escape(h)}</li>" for h in sentences) + "\n</ul>"


#: Heading and paragraph of the system-level sentences in the Answer section.
SYSTEM_HEADING = "The international system (the level of the claim): the Singer & Small replication"
SYSTEM_NOTE = ("Singer & Small's lead correlations of alliance aggregation with later wars (their headline form: the "
               "change of the measure in year t; significance after adjustment within each period), and single count "
               "models of the share allied in levels. They are not the verdict's tests, which are above.")
#: Heading and paragraph of the dyad- and state-level sentences in the Answer section.
UNITS_HEADING = "A different question: pairs of states and single states"
UNITS_NOTE = ("These results are about pairs of states (dyad-years) and single states (state-years): whether allied "
              "states go to war, not whether the growth of alliances in the international system goes together with "
              "war. A system-level association says nothing about dyads, nor the reverse; the verdict above rests on "
              "the system-level tests only.")


def _answer(headlines: Sequence[str], unit_headlines: Sequence[str] = ()) -> str:
    if not headlines and not unit_headlines:
        return "<p>No estimates are available.</p>"
    if not unit_headlines:
        return _items(headlines)
    parts = []
    if headlines:
        parts += [f"<h3>{html_escape(SYSTEM_HEADING)}</h3>", f"<p>{html_escape(SYSTEM_NOTE)}</p>", _items(headlines)]
    parts += [f"<h3>{html_escape(UNITS_HEADING)}</h3>", f"<p>{html_escape(UNITS_NOTE)}</p>", _items(unit_headlines)]
    return "\n".join(parts)


def _verdict(verdict: Mapping[str, Any] | None) -> str:
    """The verdict section: the claim, the rules, the counts, one paragraph per part, the closing
    note and the full verdict table (collapsed)."""
    if not verdict:
        return "<p>No system-level test of the claim was run in this configuration.</p>"
    parts = [f'<blockquote class="claim"><p>{html_escape(verdict.get("claim", ""))}</p></blockquote>']
    parts += [f"<p>{html_escape(p)}</p>" for p in verdict.get("intro") or []]
    if verdict.get("rules"):
        parts.append(_items(verdict["rules"]))
    if verdict.get("summary_rows"):
        parts.append(_simple_table(verdict["summary_header"], verdict["summary_rows"]))
        parts.append(f'<p class="note">{html_escape(verdict.get("summary_note", ""))}</p>')
    for para in verdict.get("sentences") or []:
        parts += [f"<h3>{html_escape(para.heading)}</h3>", f"<p>{html_escape(para.text)}</p>"]
        parts += [_items(para.tests)] if para.tests else []
    if verdict.get("closing"):
        head, _, rest = verdict["closing"].partition(": ")
        body = f"<strong>{html_escape(head)}:</strong> {html_escape(rest)}" if rest else html_escape(head)
        parts.append(f'<p class="closing">{body}</p>')
    if verdict.get("table"):
        parts.append(f"<details>\n<summary>{html_escape(verdict.get('table_summary', 'Every test'))}</summary>\n"
                     f'<div class="table" id="table-claim">\n{verdict["table"]}\n</div>\n</details>')
    return "\n".join(parts)


def _sample(tables: Sequence[str], note: str | None) -> str:
    parts = [f"<p>{html_escape(note)}</p>"] if note else []
    if not tables:
        return "\n".join([*parts, "<p>No fit recorded its sample.</p>"])
    parts.append("<p>What listwise deletion does: the alliance term alone before and after the deletion, next to "
                 "the controlled estimate, for the fits behind the headlines; then, for each, the rows and events "
                 "every step of the sample removes.</p>")
    return "\n".join([*parts, *(f'<div class="table">\n{t}\n</div>' for t in tables)])


def _tables(tables: Mapping[str, str]) -> str:
    return "\n".join(f'<div class="table" id="table-{html_escape(n)}">\n{t}\n</div>' for n, t in tables.items())


def _figures(figures: Mapping[str, Path], captions: Mapping[str, str]) -> str:
    out = []
    for name, path in figures.items():
        caption = html_escape(captions.get(name, _humanise(name)))
        out.append(
            f'<figure id="fig-{html_escape(name)}">\n<img src="{_data_uri(path)}" alt="{caption}">\n'
            f"<figcaption>{caption}</figcaption>\n</figure>"
        )
    return "\n".join(out)


def _robustness(robustness: pd.DataFrame) -> str:
    if robustness.empty:
        return "<p>No specifications were run.</p>"
    overall = robustness.iloc[0]
    summary = (
        f"Of {overall['n_fits']} specifications, {overall['n_ok']} were estimated (of which {overall['n_doubtful']} "
        f"doubtful) and {overall['n_failed']} failed. "
        f"Among those estimated, the alliance term was positive and significant in {overall['n_positive']}, "
        f"negative and significant in {overall['n_negative']} and not significant in {overall['n_neither']}."
    )
    table = _simple_table(list(robustness.columns), robustness.itertuples(index=False))
    return f"<p>{html_escape(summary)}</p>\n{table}"


def _failed(failed_fits: Sequence[Mapping[str, Any]]) -> str:
    failed = [f for f in failed_fits if f.get("status") == "failed"]
    doubtful = [f for f in failed_fits if f.get("status") == "warning"]
    parts = []
    if failed:
        rows = [[f.get("name"), f.get("level"), f.get("estimator"), f.get("reason")] for f in failed]
        parts.append(f"<p>{len(failed)} fit(s) could not be estimated:</p>"
                     + _simple_table(["Fit", "Level", "Estimator", "Reason"], rows))
    else:
        parts.append("<p>Every fit was estimated.</p>")
    if doubtful:
        rows = [[f.get("name"), f.get("level"), f.get("estimator"), "; ".join(f.get("doubts") or [])]
                for f in doubtful]
        parts.append(f"<p>{len(doubtful)} fit(s) were estimated but are doubtful (marked \u2020 in the tables; "
                     "thresholds in config <code>models.checks</code>):</p>"
                     + _simple_table(["Fit", "Level", "Estimator", "Why doubtful"], rows))
    else:
        parts.append("<p>No estimated fit is doubtful.</p>")
    return "\n".join(parts)


def _provenance(provenance: Mapping[str, Any]) -> str:
    items = []
    for key, value in provenance.items():
        shown = (
            f"<pre>{html_escape(json.dumps(value, indent=2, sort_keys=True, default=str))}</pre>"
            if isinstance(value, (Mapping, list)) else html_escape(_text(value))
        )
        items.append(f"<dt>{html_escape(str(key))}</dt><dd>{shown}</dd>")
    return "<dl>\n" + "\n".join(items) + "\n</dl>"


def render_report(
    *,
    title: str,
    question: str,
    claim: str,
    sources: Sequence[Mapping[str, Any]],
    headlines: Sequence[str],
    tables: Mapping[str, str],
    figures: Mapping[str, Path],
    robustness: pd.DataFrame,
    failed_fits: Sequence[Mapping[str, Any]],
    provenance: Mapping[str, Any],
    captions: Mapping[str, str] | None = None,
    sample: Sequence[str] = (),
    sample_note: str | None = None,
    verdict: Mapping[str, Any] | None = None,
    unit_headlines: Sequence[str] = (),
    replications: str = "",
) -> str:
    """Render the whole report as one self-contained HTML page.

    Parameters
    ----------
    title
        Page title.
    question
        The research question, in plain words.
    claim
        The claim under test (e.g. the 2025 paper's), quoted.
    sources
        Data sources, each with name, title, version, coverage and citation.
    headlines
        Sentences from :func:`alliancewar.outputs.headlines.headline_sentences`.
    tables
        Name -> HTML table (from :func:`alliancewar.outputs.tables.to_html`), inserted as is.
    figures
        Name -> PNG file; each is embedded as a base64 data URI in ``<figure id="fig-<name>">``.
    robustness
        From :func:`alliancewar.outputs.tables.robustness_summary` (first row: all fits); a
        sentence summarising the first row precedes the table.
    failed_fits
        Fit records with status ``failed`` (with their ``reason``) or ``warning`` (doubtful, with
        their ``doubts``).
    provenance
        From :func:`alliancewar.outputs.provenance.collect_provenance`.
    captions
        Figure captions by name; default the humanised name.
    sample
        HTML tables of the section "Sample and missing data" (deletion and accounting tables).
    sample_note
        A paragraph opening that section (the note on multilateral wars), or None.
    verdict
        The verdict section's content (:func:`alliancewar.outputs.claim.verdict_content`):
        ``claim`` (the quoted claim), ``intro`` (paragraphs), ``rules`` (the verdict rules),
        ``summary_header`` / ``summary_rows`` / ``summary_note`` (the counts by part and period),
        ``sentences`` (paragraphs with ``heading``, ``text`` and ``tests``), ``closing`` (the
        verdicts in one paragraph), ``table`` (the HTML claim table) and ``table_summary`` (the
        label of its collapsed block).
    unit_headlines
        Dyad- and state-level sentences, shown in the Answer section under
        :data:`UNITS_HEADING` (a different question from the claim's); ``headlines`` are then
        the system-level ones.
    replications
        HTML body of the "Replications" section
        (:func:`alliancewar.outputs.replications.report_section`); empty: none run.

    Returns
    -------
    str
        The HTML document, with sections ``verdict, question, data, answer, sample, tables,
        figures, robustness, failed, provenance, replications``.
    """
    bodies = {
        "verdict": _verdict(verdict),
        "question": _question(question, claim),
        "data": _sources(sources),
        "answer": _answer(headlines, unit_headlines),
        "sample": _sample(sample, sample_note),
        "tables": _tables(tables),
        "figures": _figures(figures, captions or {}),
        "robustness": _robustness(robustness),
        "failed": _failed(failed_fits),
        "provenance": _provenance(provenance),
        "replications": replications or "<p>No replication was run.</p>",
    }
    nav = "".join(f'<li><a href="#{sid}">{html_escape(h)}</a></li>' for sid, h in SECTIONS)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_escape(title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{html_escape(title)}</h1>",
        f"<nav><ul>{nav}</ul></nav>",
        *(_section(sid, bodies[sid]) for sid, _ in SECTIONS),
        "</body>",
        "</html>",
    ]) + "\n"
