"""Cleaners: one module per source turning raw files into typed, validated tables.

Each module exposes ``SOURCE`` (registry name) -- or ``SOURCES``, the registry names of the
versions of a family it reads (state system, NMC, dyadic MIDs, UCDP), telling them apart by
their files -- ``TABLES`` (clean table names) and ``clean(raw_dir) -> dict[str, DataFrame]``.
:func:`clean_source` runs one, validates every table against :mod:`alliancewar.clean.schemas` and writes ``<out_dir>/<table>.parquet``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

from ..verify import verify_source
from ..io import TextSpec, declared_text, write_parquet
from ..sources import Source
from . import (atop, bmr, capdist, capitals, contiguity, country_codes, cow_alliances, dyadic_mid, dyadic_war,
               gml_mid, gw_crosswalk, gw_system, interstate_war, mid, mindist, nmc, polity, states, td_rivalries,
               tss_rivalries, ucdp)
from .schemas import validate

#: Registry source name -> its cleaner module (every version of a family maps to one module).
#: The sources added with the public API (issue 11): distance, rivalries, the Gleditsch-Ward system;
#: for the replications (issue 10): GML MIDs 2.2.1 (peacesciencer's derived copy).
CLEANERS: dict[str, ModuleType] = {
    name: m
    for m in (states, country_codes, atop, cow_alliances, interstate_war, dyadic_war, mid, dyadic_mid, nmc, contiguity,
              polity, bmr, ucdp, capitals, mindist, capdist, tss_rivalries, td_rivalries, gw_system, gw_crosswalk,
              gml_mid)
    for name in getattr(m, "SOURCES", None) or (m.SOURCE,)
}


log = logging.getLogger(__name__)


def clean_source(source: str, raw_dir: str | Path, out_dir: str | Path, *,
                 registry: Mapping[str, Source] | None = None) -> dict[str, Path]:
    """Clean every table of ``source`` from ``raw_dir`` into ``out_dir/<table>.parquet``.

    With ``registry`` (as the workflow's clean step passes it), every raw file of the source is
    first verified against its pinned hashes (one read and hash per file) and then decoded with
    the encoding the registry names for it. Every table is validated before any is written, so
    a failure leaves no table of the source half-updated.

    Returns
    -------
    dict
        Table name -> written path.

    Raises
    ------
    FetchError, ChecksumError
        When a raw file is missing or does not match its pinned hashes (nothing is read).
    DataFormatError
        When a file cannot be decoded or parsed, or a table fails its schema.
    """
    module = CLEANERS[source]
    specs: dict[Path, TextSpec] = {}
    if registry is not None:
        entry = registry[source]
        verified = verify_source(entry, raw_dir)
        log.info("%d raw file(s) of %s verified against their pinned sha256: %s", len(verified), source,
                 ", ".join(p.name for p in verified))
        specs = {Path(raw_dir) / f.file: TextSpec(f.encoding, f.undecodable_bytes) for f in entry.files}
    with declared_text(specs):
        tables = module.clean(Path(raw_dir))
    valid = {name: validate(name, tables[name], str(raw_dir)) for name in module.TABLES}
    return {name: write_parquet(df, Path(out_dir) / f"{name}.parquet") for name, df in valid.items()}
