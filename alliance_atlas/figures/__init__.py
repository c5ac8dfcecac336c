"""Pure figure functions: (frames, frame, selection) -> plotly Figure, shared by the app and by export.

- :mod:`~alliance_atlas.figures.network`: the animated network and the arrays a slider step changes;
- :mod:`~alliance_atlas.figures.timeline`: gains and losses per frame;
- :mod:`~alliance_atlas.figures.gantt`: the focus country's partners over time;
- :mod:`~alliance_atlas.figures.style`: colours, fonts and captions they share.
"""

from alliance_atlas.figures.gantt import ally_gantt_figure
from alliance_atlas.figures.network import frame_notes, frame_update, network_arrays, network_figure
from alliance_atlas.figures.style import PLOT_CONFIG, frame_title, type_label, type_style
from alliance_atlas.figures.timeline import timeline_figure

__all__ = ["PLOT_CONFIG", "ally_gantt_figure", "frame_notes", "frame_title", "frame_update", "network_arrays",
           "network_figure", "timeline_figure", "type_label", "type_style"]
