"""alliancewar: a reproducible pipeline testing whether international alliances go together with war.

The package holds all the logic; the Snakemake workflow only calls it. Sub-packages follow
the road of the data:

* :mod:`alliancewar.sources`, :mod:`alliancewar.origin`, :mod:`alliancewar.fetch` and :mod:`alliancewar.verify`
  -- the source registry, where raw files come from (mirror or publishers), verified downloads,
  and verification of raw files before every use;
* :mod:`alliancewar.clean` -- one module per source, raw files to typed, validated tables;
* :mod:`alliancewar.panels` -- dyad-, state- and system-years built from the clean tables;
* :mod:`alliancewar.models` -- specifications and estimators;
* :mod:`alliancewar.outputs` -- tables, figures, the report, citations and provenance.
"""

__version__ = "0.1.0"
