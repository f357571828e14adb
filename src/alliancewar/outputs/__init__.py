"""Publication outputs built from fit records and panels: tables, figures, headlines, the report.

Every function here is pure: it takes fit records (``docs/fit_record.md``), data frames, a
``labels`` mapping from variable names to human labels and plain config values, and returns
a value (a :class:`~alliancewar.outputs.tables.Table`, a matplotlib figure, a string ...).
Nothing here estimates a model or knows about Snakemake.

Modules
-------
tables
    Regression, descriptive and Singer--Small tables; LaTeX, Markdown, HTML and CSV renderers;
    the robustness summary; accessors shared by the other modules.
style
    The matplotlib style and an atomic ``save_figure``.
figures
    Time series, network snapshots, coefficient plot, specification curve, predicted probabilities.
headlines
    Plain-English sentences generated from the numbers.
report
    The self-contained HTML report.
citations
    BibTeX of the methods and the collection of used entries.
provenance
    Commit, config hash, input hashes and package versions.
citing
    Which sources and methods a run cites (author-year notes, BibTeX keys).
options
    The ``outputs`` config section and the list of files a run writes.
inputs
    Reading fit records, panels and raw-file lists for the report step.
report_tables, report_figures
    The run's tables and figures assembled from fit records, panels and config.
make
    The report step's entry point (:func:`~alliancewar.outputs.make.make_outputs`).
"""
