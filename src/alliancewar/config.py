"""Configuration: loading the resolved config a rule passes on, and turning sections into options."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .panels.build import PanelOptions
from .panels.variables import MAX_CHANGE_YEARS


def load_config(path: str | Path) -> dict[str, Any]:
    """Read a config file (YAML or JSON)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read config ({exc})") from exc


def panel_options(cfg: dict[str, Any]) -> PanelOptions:
    """:class:`PanelOptions` from the ``panel`` section (defaults filled in) and ``cow_alliances_dir``.

    Raises
    ------
    ConfigError
        For impossible year ranges, naming the key.
    """
    p = {**asdict(PanelOptions()), **(cfg.get("panel") or {})}
    if not 1816 <= p["start_year"] < p["end_year"] <= 2018:
        raise ConfigError(
            f"panel.start_year / panel.end_year must satisfy 1816 <= start < end <= 2018 "
            f"(got {p['start_year']}, {p['end_year']}); years after 2016 extend the 2016 state-system list"
        )
    if p["mid_source"] not in ("dyadic", "mid5"):
        raise ConfigError(f"panel.mid_source must be one of ['dyadic', 'mid5'], got {p['mid_source']!r}")
    ks = p["change_years"]
    if not (isinstance(ks, (list, tuple)) and ks and all(isinstance(k, int) and 1 <= k <= MAX_CHANGE_YEARS for k in ks)
            and len(set(ks)) == len(ks)):
        raise ConfigError(f"panel.change_years must be distinct whole numbers of years between 1 and "
                          f"{MAX_CHANGE_YEARS}, got {ks!r}")
    return PanelOptions(start_year=p["start_year"], end_year=p["end_year"], mid_source=p["mid_source"],
                        alliance_lag=p["alliance_lag"], spline_knots=tuple(p["spline_knots"]),
                        cow_alliances=bool(cfg.get("cow_alliances_dir")), change_years=tuple(sorted(ks)))
