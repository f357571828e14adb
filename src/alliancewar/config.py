"""Configuration: loading the resolved config a rule passes on, and turning sections into options."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .panels.build import PanelOptions
from .panels.variables import CAPITALS, COW_ALLY, MAX_CHANGE_YEARS, REGISTRY, STATE_SYSTEMS
from .sources import Source, chosen_versions, load_sources, version_aliases


def load_config(path: str | Path) -> dict[str, Any]:
    """Read a config file (YAML or JSON)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read config ({exc})") from exc


def panel_options(cfg: dict[str, Any], sources: Mapping[str, Source] | None = None) -> PanelOptions:
    """:class:`PanelOptions` from the ``panel`` section (defaults filled in), ``data_versions`` and
    ``cow_alliances_dir``.

    ``panel.end_year`` null (the default) is the last year of the chosen state system. A later
    year extends the membership in force on the list's last day, up to the last year any panel
    variable's source covers in this run (with the 2016 list: 2020, Boix-Miller-Rosato; ATOP
    reaches 2018); with the 2024 list no source reaches past 2024. The limit needs the source
    registry: ``sources``, else the file named by ``cfg["sources"]``; without a registry only
    years up to the list's last are allowed.

    Raises
    ------
    ConfigError
        For impossible year ranges or unknown versions, naming the key.
    """
    p = {**asdict(PanelOptions()), "end_year": None, **(cfg.get("panel") or {})}
    versions = chosen_versions(cfg)
    system_end = int(versions["state_system"])
    end = system_end if p["end_year"] is None else p["end_year"]
    if sources is None and cfg.get("sources") and Path(cfg["sources"]).is_file():
        sources = load_sources(cfg["sources"])
    extension = extension_limit(sources, versions, bool(cfg.get("cow_alliances_dir")))
    limit = max(system_end, extension)
    if not 1816 <= p["start_year"] < end <= limit:
        why = (f"years after it extend its membership up to {extension}, the last year a panel source covers"
               if extension > system_end else f"no panel source covers a year after {system_end}")
        raise ConfigError(
            f"panel.start_year / panel.end_year must satisfy 1816 <= start < end <= {limit} (got {p['start_year']}, "
            f"{end}): the chosen state system (data_versions.state_system: {versions['state_system']}) ends in "
            f"{system_end} and {why}; panel.end_year: null = {system_end}"
        )
    if p["mid_source"] not in ("dyadic", "mid5"):
        raise ConfigError(f"panel.mid_source must be one of ['dyadic', 'mid5'], got {p['mid_source']!r}")
    ks = p["change_years"]
    if not (isinstance(ks, (list, tuple)) and ks and all(isinstance(k, int) and 1 <= k <= MAX_CHANGE_YEARS for k in ks)
            and len(set(ks)) == len(ks)):
        raise ConfigError(f"panel.change_years must be distinct whole numbers of years between 1 and "
                          f"{MAX_CHANGE_YEARS}, got {ks!r}")
    return PanelOptions(start_year=p["start_year"], end_year=end, mid_source=p["mid_source"],
                        alliance_lag=p["alliance_lag"], spline_knots=tuple(p["spline_knots"]),
                        cow_alliances=bool(cfg.get("cow_alliances_dir")), change_years=tuple(sorted(ks)),
                        data_versions=tuple(sorted(versions.items())))


def extension_limit(sources: Mapping[str, Source] | None, versions: Mapping[str, str], cow_alliances: bool) -> int:
    """The last year any panel variable's source covers, for the chosen versions (0 without a registry).

    The panel sources are those of the variable registry (alliances, wars, MIDs, capabilities,
    contiguity, democracy, distance, rivalries), with the chosen versions substituted; COW
    alliances count only when supplied, optional sources (UCDP ...) never. The state system
    itself does not count, nor the capitals list (a geographic attribute known for any year,
    which would otherwise let a panel run to its last entry with nothing else in it).
    """
    if sources is None:
        return 0
    aliases = version_aliases({"data_versions": dict(versions)})
    names = {aliases.get(s, s) for v in REGISTRY.values() for s in v.sources} - STATE_SYSTEMS - {CAPITALS}
    if not cow_alliances:
        names.discard(COW_ALLY)
    return max((sources[n].coverage[1] for n in names if n in sources and not sources[n].optional), default=0)
