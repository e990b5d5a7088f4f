"""Plain JSON values from what numpy and pandas compute: the last step of every summary."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["clean_list", "int_or_none", "missing", "to_jsonable"]


def to_jsonable(obj: Any) -> Any:
    """Plain JSON types: numpy scalars to Python, NaN and infinities to ``None``."""
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [to_jsonable(v) for v in obj.tolist()]
    if isinstance(obj, bool | np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        return float(obj) if math.isfinite(obj) else None
    if obj is None or isinstance(obj, str):
        return obj
    if obj is pd.NA or obj is pd.NaT:
        return None
    return str(obj)


def clean_list(values: np.ndarray) -> list[Any]:
    """Python scalars with NaN as ``None``, without a per-item type dispatch."""
    out: list[Any] = values.tolist()
    if values.dtype.kind == "f":
        out = [None if x != x else x for x in out]
    return out


def missing(value: Any) -> bool:
    """``None``, NaN or ``pd.NA`` (a list, dict or string is never missing)."""
    return value is None or (not isinstance(value, list | dict | str) and bool(pd.isna(value)))


def int_or_none(value: Any) -> int | None:
    """``value`` as an int, or ``None`` when it is missing or not a number."""
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None
