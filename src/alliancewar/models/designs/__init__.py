"""Published designs run on our data: the replication suite (``snakemake replications``).

Each module runs one published design -- Miller (2022), Bremer (1992), Singer & Small (1968),
Leeds (2003), Kenwick, Vasquez & Powers (2015) -- and returns a :class:`~.common.Replication`:
the published estimates (numbers where the paper gives them, otherwise the sign its abstract
states), ours, the gap, the check applied and one line per known data difference.
:mod:`alliancewar.outputs.replications` writes them as tables and a report section.

Checks (docs/models.md, Replications): where the inputs are the same data version and the
paper gives a number, ours must lie within a stated tolerance; otherwise only the sign is
checked and the gap recorded. A replication that does not reproduce a published sign says so
("does not replicate"); it is a finding, not an error.
"""

from __future__ import annotations

from collections.abc import Mapping

from .common import Replication

#: Design name -> module (in the order of the report).
DESIGNS = ("miller2022", "bremer1992", "singer_small1968", "leeds2003", "kenwick2015")
#: Machine-readable tables of each design's record, also written as ``<name>_<table>.csv``.
DESIGN_TABLES = {"miller2022": ("models",), "bremer1992": ("models",), "singer_small1968": ("cells",),
                 "leeds2003": ("models",), "kenwick2015": ("estimates",)}

__all__ = ["DESIGNS", "DESIGN_TABLES", "Replication", "run_design"]


def run_design(name: str, inputs: dict, versions: Mapping[str, str] | None = None) -> Replication:
    """Run design ``name`` (:data:`DESIGNS`) on ``inputs`` (panels and clean tables by name).

    ``versions`` (family -> version, :func:`alliancewar.sources.chosen_versions`; the defaults when
    None) fills the ``{state_system}``, ``{dyadic_mid}``, ... fields of the design's data differences,
    so that each names the version the run used.
    """
    import importlib

    from ...sources import DEFAULT_VERSIONS

    if name not in DESIGNS:
        raise ValueError(f"unknown replication design {name!r}; designs: {list(DESIGNS)}")
    rep = importlib.import_module(f".{name}", __name__).run(inputs)
    fields = {**DEFAULT_VERSIONS, **(versions or {})}
    rep.differences = [d.format(**fields) for d in rep.differences]
    return rep
