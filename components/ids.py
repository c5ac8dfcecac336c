"""Every component id in the app, in one place; the browser code reads them from the page (see
:func:`for_browser`), so a rename here reaches assets/atlas.js too."""

DATASET = "dataset"
UPLOAD = "upload"
UPLOAD_ALERT = "upload-alert"
UPLOAD_SESSION = "upload-session"
UPLOAD_CHECK = "upload-check"
UPLOAD_KIND = "upload-kind"
LAYER_UPLOAD = "layer-upload"
LAYERS = "layers"
LAYER_SWITCHES = "layer-switches"
LAYERS_ROW = "layers-row"
NOTICE = "notice"

FOCUS = "focus"
FOCUS_CLEAR = "focus-clear"
STORY_LINK = "story-link"
DEPTH = "depth"
TYPES = "types"
ALLIES = "allies"
COLOR = "color"
BLOC_NAMES = "bloc-names"
BLOC_ROW = "bloc-row"
BLOC_PICK = "bloc-pick"
BLOC_NEW_NAME = "bloc-new-name"
BLOC_RENAME = "bloc-rename"
ALLIES_ROW = "allies-row"
MIN_WEIGHT = "min-weight"
MIN_WEIGHT_ROW = "min-weight-row"
LAYOUT = "layout"
STEP = "step"
STEP_LABEL = "step-label"

SLIDER = "frame-slider"
FRAME_LABEL = "frame-label"
BACK = "step-back"
FORWARD = "step-forward"
FIRST = "step-first"
LAST = "step-last"
PLAY = "play"
SPEED = "speed"
COMPARE = "compare"
TICKER = "ticker"
SETTLED_FRAME = "settled-frame"  # the slider's frame while paused: what the side panels show

NETWORK = "network-graph"
NETWORK_TEXT = "network-text"
NETWORK_DRAWN = "network-drawn"
NETWORK_SIZE = "network-size"  # the graph's [width, height] in pixels
NETWORK_FRAME = "network-frame"  # a frame for the server to draw: one the browser's frame book cannot
FRAME_BOOK = "frame-book"  # what the browser draws every frame of the view from
HOVER_FRAME = "hover-frame"  # the settled frame of a view drawn from a book, whose hover text it asks for
NETWORK_HOVER = "network-hover"  # the hover text of the frame drawn, from the server
TIMELINE = "timeline-graph"
TIMELINE_TEXT = "timeline-text"
GANTT = "gantt-graph"
GANTT_PANEL = "gantt-panel"
GANTT_HEADER = "gantt-header"
BLOC_CHART = "bloc-chart"
BLOC_PANEL = "bloc-panel"
MEASURES_CHART = "measures-chart"
MEASURES_PANEL = "measures-panel"
MEASURES_REFERENCE = "measures-reference"
SIDE_PANEL = "side-panel"
CHANGES = "changes"
TIES_TABLE = "ties-table"
TIES_ROWS = "ties-rows"
TIES_TITLE = "ties-title"
TIES_FILTER = "ties-filter"
TIES_CSV = "ties-csv"
SWITCHES = "switches"
SWITCHES_SHOWN = "switches-shown"
SWITCH_FILTER = "switch-filter"
SWITCH_WINDOW = "switch-window"
SWITCH_ITEM = "switch-item"

URL = "url"
URL_WRITER = "url-writer"
VIEW_QUERY = "view-query"
FRAME_LABELS = "frame-labels"
REQUESTED_VIEW = "requested-view"
EXPORT_OPEN = "export-open"
EXPORT_MODAL = "export-modal"
EXPORT_QUICK = "export-quick"
EXPORT_ANIMATION = "export-animation"
EXPORT_SCALE = "export-scale"
EXPORT_FROM = "export-from"
EXPORT_TO = "export-to"
EXPORT_EVERY = "export-every"
EXPORT_DOWNLOAD = "export-download"
EXPORT_PROGRESS = "export-progress"
EXPORT_PROGRESS_TEXT = "export-progress-text"
EXPORT_CANCEL = "export-cancel"
EXPORT_STATUS = "export-status"


def for_browser() -> dict[str, str]:
    """Every id above by its Python name, for ``window.atlasIds`` in the page.

    >>> for_browser()["PLAY"]
    'play'
    """
    return {name: value for name, value in globals().items() if name.isupper() and isinstance(value, str)}
