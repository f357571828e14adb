"""The one matplotlib style of the project, and an atomic figure writer.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies); every
colour in the property cycle is paired with its own marker and line style, so that series
stay distinguishable when printed in greyscale.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
from cycler import cycler
from matplotlib.figure import Figure

from ..io import atomic_write

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

PALETTE: tuple[str, ...] = tuple(
    OKABE_ITO[k]
    for k in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "black", "yellow")
)
"""Series colours in order of use (yellow, weak on white, last)."""

MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES: tuple[object, ...] = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 3)))
NEUTRAL = "#8C8C8C"
"""Grey for 'not significant', reference lines and context."""

RC_PARAMS: dict[str, object] = {
    "axes.prop_cycle": cycler(color=PALETTE, marker=MARKERS, linestyle=LINESTYLES),
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 10.5,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "figure.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E0E0E0",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "lines.linewidth": 1.6,
    "lines.markersize": 5,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.hashsalt": "alliancewar",
}


@contextmanager
def figure_style() -> Iterator[None]:
    """Apply the project style to figures created (and drawn) inside the ``with`` block."""
    with mpl.rc_context(RC_PARAMS):
        yield


_METADATA = {"pdf": {"CreationDate": None, "ModDate": None}, "png": {"Software": None}}


def save_figure(fig: Figure, stem: Path, formats: Sequence[str] = ("pdf", "png"), dpi: int = 200) -> list[Path]:
    """Write ``fig`` as ``<stem>.<format>`` for each format, each file atomically.

    Parameters
    ----------
    fig
        The figure; its size in inches is kept (no tight bounding box), so a PNG is
        ``width * dpi`` by ``height * dpi`` pixels.
    stem
        Destination without extension; parent folders are created.
    formats
        Matplotlib output formats.
    dpi
        Resolution of raster formats.

    Returns
    -------
    list of Path
        The files written, in ``formats`` order.
    """
    stem = Path(stem)
    written = []
    with figure_style():
        for fmt in formats:
            dest = stem.parent / f"{stem.name}.{fmt}"
            atomic_write(dest, lambda p, fmt=fmt: fig.savefig(p, format=fmt, dpi=dpi, metadata=_METADATA.get(fmt)))
            written.append(dest)
    return written
