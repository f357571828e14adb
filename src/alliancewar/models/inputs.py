"""Validated numeric inputs shared by the estimators: design checks, rank check, warnings.

Inputs are taken by position: ``y``, ``X`` and any group labels must have the same number
of rows in the same order, without missing values. ``X`` carries its own constant column
named ``"const"`` when an intercept is wanted.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.linalg

from .estimate import EstimationError

CONST = "const"


@dataclass(frozen=True)
class _Design:
    """Validated numeric data of a model: outcome, design matrix and column scales."""

    y: np.ndarray
    X: np.ndarray
    names: list[str]
    scale: np.ndarray

    @property
    def n(self) -> int:
        return len(self.y)

    @property
    def has_const(self) -> bool:
        return CONST in self.names




def _design(y: Any, X: pd.DataFrame) -> _Design:
    """Check shapes and finiteness and convert to float arrays."""
    if not isinstance(X, pd.DataFrame):
        raise TypeError("X must be a pandas DataFrame (its columns name the coefficients)")
    yv = np.asarray(y, dtype=float).ravel()
    Xv = X.to_numpy(dtype=float)
    if len(yv) != len(Xv):
        raise ValueError(f"y has {len(yv)} rows, X {len(Xv)}")
    if len(yv) <= Xv.shape[1]:
        raise EstimationError(f"too few observations: {len(yv)} rows for {Xv.shape[1]} parameters")
    if not (np.isfinite(yv).all() and np.isfinite(Xv).all()):
        raise ValueError("y and X must not contain missing or infinite values")
    scale = np.sqrt(np.mean(Xv**2, axis=0))
    return _Design(yv, Xv, [str(c) for c in X.columns], np.where(scale > 0.0, scale, 1.0))



def _check_rank(X: np.ndarray, names: Sequence[str], context: str = "") -> None:
    """Raise ``EstimationError`` naming the columns a pivoted QR finds linearly dependent."""
    scale = np.sqrt(np.mean(X**2, axis=0))
    r, pivots = scipy.linalg.qr(X / np.where(scale > 0.0, scale, 1.0), mode="r", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int(np.sum(diag > diag[0] * max(X.shape) * np.finfo(float).eps))
    if rank < X.shape[1]:
        dropped = sorted(names[i] for i in pivots[rank:])
        raise EstimationError(f"singular design matrix: collinear columns {dropped}{context}")



@contextmanager
def _collect_warnings() -> Iterator[list[str]]:
    """Record the warnings raised inside the block; the list is filled when it exits."""
    messages: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield messages
    messages.extend(dict.fromkeys(str(w.message) for w in caught))

