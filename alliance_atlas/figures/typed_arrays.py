"""Arrays as plotly typed-array specs: base64 with no per-element JSON, which plotly.js reads as they are."""

from __future__ import annotations

import base64

import numpy as np


def typed(values: np.ndarray) -> dict:
    """An array as a plotly typed-array spec: floats as float32, integers in their own width (the matrix's
    uint8 type codes), a matrix with its shape.

    >>> typed(np.array([1.5, np.nan]))
    {'dtype': 'f4', 'bdata': 'AADAPwAAwH8='}
    >>> typed(np.zeros((2, 3), dtype=np.uint8))["shape"]
    '2,3'
    """
    array = np.ascontiguousarray(values, dtype="<f4" if values.dtype.kind == "f" else values.dtype.newbyteorder("<"))
    spec = {"dtype": array.dtype.str[1:], "bdata": base64.b64encode(array.tobytes()).decode("ascii")}
    return spec | {"shape": ",".join(map(str, array.shape))} if array.ndim > 1 else spec
