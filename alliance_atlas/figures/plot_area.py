"""Where a layout's coordinates land on screen: the network figure's plot area in pixels, and node
positions mapped into it, so labels can be placed for the size the figure is drawn or exported at.

The force and circle layouts use fixed axes of 2.3 units on both sides with equal scales, so the
smaller side of the plot area spans 2.3 units and the picture is centred; the map is a natural earth
projection of longitudes -180..180 and latitudes -58..84 fitted into the plot area, as plotly.js fits it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The network graph's size in a 1366x768 window, for a figure drawn before the browser reports its size.
DEFAULT_SIZE = (760, 435)
AXIS_RANGE = (-1.15, 1.15)
LON_RANGE = (-180.0, 180.0)
LAT_RANGE = (-58.0, 84.0)
#: The network figure's margins (left, right, top, bottom) in pixels.
MARGIN = (10, 10, 50, 40)
#: The vertical legend on the right: a line sample and padding, plus its text at 12 px.
LEGEND_PADDING = 50
LEGEND_CHAR_WIDTH = 6.6


@dataclass(frozen=True)
class PlotArea:
    """The part of the figure, in pixels, inside its margins and beside its legend, where nodes are drawn."""

    width: float
    height: float

    @classmethod
    def of_figure(cls, size: tuple[int, int], legend_chars: int) -> PlotArea:
        """The plot area of a figure of ``size`` (width, height) whose legend's longest entry has
        ``legend_chars`` characters (no legend when 0)."""
        left, right, top, bottom = MARGIN
        legend = LEGEND_PADDING + LEGEND_CHAR_WIDTH * legend_chars if legend_chars else 0
        return cls(max(size[0] - left - right - legend, 1.0), max(size[1] - top - bottom, 1.0))

    def pixels(self, xy: np.ndarray, layout: str) -> np.ndarray:
        """Layout coordinates (longitude and latitude for ``geo``) to pixels from the area's bottom left."""
        if layout == "geo":
            return self._fit(natural_earth(xy[:, 0], xy[:, 1]), _map_outline())
        corners = np.array([[AXIS_RANGE[0]] * 2, [AXIS_RANGE[1]] * 2])
        return self._fit(xy, corners)

    def _fit(self, points: np.ndarray, outline: np.ndarray) -> np.ndarray:
        """Scale ``outline`` to fit the area, keeping its aspect, centred; ``points`` go with it."""
        low, high = outline.min(axis=0), outline.max(axis=0)
        scale = min(self.width / (high[0] - low[0]), self.height / (high[1] - low[1]))
        centre = (low + high) / 2
        return (points - centre) * scale + np.array([self.width, self.height]) / 2


def natural_earth(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The natural earth projection (Šavrič et al. 2015, d3's geoNaturalEarth1) of degrees, in radians of
    the unit sphere, y up."""
    lam, phi = np.radians(lon), np.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return np.column_stack([x, y])


def _map_outline() -> np.ndarray:
    """The projected edge of the map's longitude and latitude ranges (its sides bulge, so they are sampled)."""
    lat = np.linspace(*LAT_RANGE, 50)
    lon = np.linspace(*LON_RANGE, 50)
    edge_lon = np.concatenate([np.full(50, LON_RANGE[0]), np.full(50, LON_RANGE[1]), lon, lon])
    edge_lat = np.concatenate([lat, lat, np.full(50, LAT_RANGE[0]), np.full(50, LAT_RANGE[1])])
    return natural_earth(edge_lon, edge_lat)
