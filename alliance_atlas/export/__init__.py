"""Files from what the analyst sees: charts (PNG/SVG/PDF), the animation (HTML/GIF/MP4), CSV and GEXF.

Every export is built from the same pure figure functions the dashboard shows; :func:`render` takes
one :class:`ExportRequest` and is what the Export panel and the command line call.
"""

from alliance_atlas.export.errors import ExportError
from alliance_atlas.export.images import IMAGE_FORMATS, import_renderers, missing_renderer, renderer_needs
from alliance_atlas.export.request import ANIMATION_FORMATS, FORMATS, WHATS, ExportRequest, file_name, render

__all__ = ["ANIMATION_FORMATS", "FORMATS", "IMAGE_FORMATS", "WHATS", "ExportError", "ExportRequest", "file_name",
           "import_renderers", "missing_renderer", "render", "renderer_needs"]
