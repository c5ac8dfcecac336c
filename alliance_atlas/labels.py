"""Which node labels to draw and on which side of their marker, so that no two overlap.

Plotly draws a scatter point's text on a fixed side and never moves it, so crowded nodes print on top of
each other. Here labels are placed greedily in the caller's priority order: each takes the first side
(above, below, right, left, then the corners) where its estimated box stays inside the plot area and
clears every label already placed, preferring a side that covers no other marker; failing that, a side
that covers only markers of states further down the order (in a dense cluster the busiest states are
named over their smaller neighbours, never the other way round). A label with no such side is left to
the hover.

Boxes are estimates from the font size and the number of characters (plotly's text is measured only in
the browser), a little wider than the real text so that close calls still do not touch. Everything is in
pixels of the plot area, y up.
"""

from __future__ import annotations

import numpy as np

#: plotly's ``textposition`` values tried for each label, most natural first.
SIDES = ("top center", "bottom center", "middle right", "middle left",
         "top right", "top left", "bottom right", "bottom left")
#: Per side, the direction of the label's box from its marker: horizontal and vertical, -1, 0 or 1.
_DIRECTION = np.array([(0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1)], dtype=np.float64)
#: Average character width and line height as fractions of the font size, both on the generous side
#: for the sans-serif fonts of the figure (a capital-heavy name runs wider than a lower-case one).
CHAR_WIDTH = 0.62
LINE_HEIGHT = 1.3
#: Pixels kept clear between a label and anything else.
GAP = 2.0
#: How much nearer its marker a label below reaches than one above (measured: about 2 px).
BELOW_RISE = 3.0


def label_boxes(xy: np.ndarray, diameters: np.ndarray, lengths: np.ndarray, font_size: float) -> np.ndarray:
    """Each node's label box on each side: shape (nodes, sides, 4) as x0, y0, x1, y1.

    plotly.js sets a label off the marker's centre by 1.25 radii plus a pixel (measured in Chromium);
    a label below reaches a few pixels closer, as its box includes the line's ascent.
    """
    width = lengths * font_size * CHAR_WIDTH + 2 * GAP
    height = np.full(len(xy), font_size * LINE_HEIGHT)
    offset = diameters / 2 * 1.25 + 1
    dx, dy = _DIRECTION[:, 0], _DIRECTION[:, 1]
    # a box's centre sits beyond the marker on the side's axis and centred on the others
    cx = xy[:, None, 0] + dx * (offset[:, None] + width[:, None] / 2)
    cy = xy[:, None, 1] + dy * (offset[:, None] + height[:, None] / 2)
    half_w, half_h = np.broadcast_to(width[:, None] / 2, cx.shape), np.broadcast_to(height[:, None] / 2, cy.shape)
    boxes = np.stack([cx - half_w, cy - half_h, cx + half_w, cy + half_h], axis=-1)
    boxes[:, dy < 0, 3] += BELOW_RISE
    return boxes


def place_labels(xy: np.ndarray, diameters: np.ndarray, names: np.ndarray, order: np.ndarray,
                 area: tuple[float, float], font_size: float = 11) -> np.ndarray:
    """plotly ``textposition`` per node, or "" where the node's label is not drawn.

    ``xy`` are marker centres in pixels of a plot area ``area`` = (width, height); ``diameters`` the
    markers' sizes in pixels (0 for a marker that may be written over); ``order`` the nodes that want a
    label, most important first. Nodes not in ``order``, or without a position, get no label.

    >>> xy = np.array([[50.0, 50.0], [56.0, 50.0], [300.0, 50.0]])
    >>> names = np.array(["Japan", "Korea", "Chile"])
    >>> place_labels(xy, np.full(3, 8.0), names, np.array([0, 1, 2]), (400, 100)).tolist()
    ['top center', 'bottom right', 'top center']
    """
    sides = np.full(len(xy), "", dtype=object)
    order = order[np.isfinite(xy[order]).all(axis=1)]
    if not len(order):
        return sides
    lengths = np.char.str_len(names[order].astype(str))
    boxes = label_boxes(xy[order], diameters[order], lengths, font_size)
    width, height = area
    inside = (boxes[..., 0] >= 0) & (boxes[..., 1] >= 0) & (boxes[..., 2] <= width) & (boxes[..., 3] <= height)
    covers_any, covers_earlier = _covered_markers(boxes, xy, diameters, order)
    # clean sides first, then sides over later markers only: one ordered list of sides per candidate
    preference = np.concatenate([inside & ~covers_any, inside & ~covers_earlier], axis=1)
    placed = np.empty((len(order), 4))
    count = 0
    for rank in np.flatnonzero(preference.any(axis=1)):
        candidates = boxes[rank]
        clear = ~_near(candidates, placed[:count]).any(axis=1)
        free = np.flatnonzero(preference[rank] & np.tile(clear, 2))
        if len(free):
            side = free[0] % len(SIDES)
            placed[count] = candidates[side]
            count += 1
            sides[order[rank]] = SIDES[side]
    return sides


def _near(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """(boxes, others): the two boxes come within GAP of each other."""
    a, b = boxes[:, None, :], others[None, :, :]
    return ((a[..., 0] < b[..., 2] + GAP) & (b[..., 0] < a[..., 2] + GAP)
            & (a[..., 1] < b[..., 3] + GAP) & (b[..., 1] < a[..., 3] + GAP))


def _covered_markers(boxes: np.ndarray, xy: np.ndarray, diameters: np.ndarray,
                     order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(candidates, sides) each: the box comes within GAP of another node's marker disc; of the disc of a
    node earlier in ``order`` than the candidate."""
    solid = np.flatnonzero((diameters > 0) & np.isfinite(xy).all(axis=1))
    # float32 and in-place steps: (candidates x sides x discs) is the largest array of a slider step
    centres, radii = xy[solid].astype(np.float32), (diameters[solid] / 2 + GAP).astype(np.float32)
    box = boxes.astype(np.float32)[..., None, :]
    # squared distance from each disc's centre to the nearest point of each box
    dx = np.maximum(box[..., 0] - centres[:, 0], centres[:, 0] - box[..., 2])
    np.maximum(dx, 0, out=dx)
    dy = np.maximum(box[..., 1] - centres[:, 1], centres[:, 1] - box[..., 3])
    np.maximum(dy, 0, out=dy)
    dx *= dx
    dy *= dy
    dx += dy
    touches = dx < radii * radii
    rank = np.full(len(xy), len(order))
    rank[order] = np.arange(len(order))
    disc_rank, candidate_rank = rank[solid], np.arange(len(order))[:, None]
    touches &= (disc_rank != candidate_rank)[:, None, :]  # a label never collides with its own marker
    earlier = (disc_rank < candidate_rank)[:, None, :]
    return touches.any(axis=-1), (touches & earlier).any(axis=-1)
