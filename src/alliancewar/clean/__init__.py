"""Cleaners: one module per source turning raw files into typed, validated tables.

Each module exposes ``SOURCE`` (registry name), ``TABLES`` (clean table names) and
``clean(raw_dir) -> dict[str, DataFrame]``. :func:`clean_source` runs one, validates every
table against :mod:`alliancewar.clean.schemas` and writes ``<out_dir>/<table>.parquet``.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from ..io import write_parquet
from . import (atop, bmr, contiguity, country_codes, cow_alliances, dyadic_mid, dyadic_war, interstate_war, mid,
               nmc, polity, states)
from .schemas import validate

CLEANERS: dict[str, ModuleType] = {m.SOURCE: m for m in (states, country_codes, atop, cow_alliances, interstate_war,
                                                         dyadic_war, mid, dyadic_mid, nmc, contiguity, polity,
                                                         bmr)}


def clean_source(source: str, raw_dir: str | Path, out_dir: str | Path) -> dict[str, Path]:
    """Clean every table of ``source`` from ``raw_dir`` into ``out_dir/<table>.parquet``.

    Returns
    -------
    dict
        Table name -> written path.
    """
    module = CLEANERS[source]
    tables = module.clean(Path(raw_dir))
    written = {}
    for name in module.TABLES:
        df = validate(name, tables[name], str(raw_dir))
        written[name] = write_parquet(df, Path(out_dir) / f"{name}.parquet")
    return written
