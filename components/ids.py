"""Every component id in the app, in one place; the browser code reads them from the page (see
:func:`for_browser`), so a rename here reaches assets/atlas.js too."""

DATASET = "dataset"
UPLOAD = "upload"
UPLOAD_ALERT = "upload-alert"
UPLOAD_SESSION = "upload-session"
NOTICE = "notice"

FOCUS = "focus"
DEPTH = "depth"
TYPES = "types"
ALLIES = "allies"
COLOR = "color"
ALLIES_ROW = "allies-row"
MIN_WEIGHT = "min-weight"
MIN_WEIGHT_ROW = "min-weight-row"
LAYOUT = "layout"
STEP = "step"

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

NETWORK = "network-graph"
NETWORK_DRAWN = "network-drawn"
TIMELINE = "timeline-graph"
GANTT = "gantt-graph"
GANTT_PANEL = "gantt-panel"
BLOC_CHART = "bloc-chart"
BLOC_PANEL = "bloc-panel"
CHANGES = "changes"
TIES_TABLE = "ties-table"
TIES_TITLE = "ties-title"
SWITCHES = "switches"
SWITCHES_SHOWN = "switches-shown"
SWITCH_FILTER = "switch-filter"
SWITCH_ITEM = "switch-item"

URL = "url"
URL_WRITER = "url-writer"
VIEW_QUERY = "view-query"
FRAME_LABELS = "frame-labels"
REQUESTED_VIEW = "requested-view"
MARKERS = "markers"
EXPORT_OPEN = "export-open"
EXPORT_MODAL = "export-modal"
EXPORT_QUICK = "export-quick"
EXPORT_ANIMATION = "export-animation"
EXPORT_SCALE = "export-scale"
EXPORT_FROM = "export-from"
EXPORT_TO = "export-to"
EXPORT_EVERY = "export-every"
EXPORT_DOWNLOAD = "export-download"
EXPORT_JOB = "export-job"
EXPORT_POLL = "export-poll"
EXPORT_PROGRESS = "export-progress"
EXPORT_STATUS = "export-status"


def for_browser() -> dict[str, str]:
    """Every id above by its Python name, for ``window.atlasIds`` in the page.

    >>> for_browser()["PLAY"]
    'play'
    """
    return {name: value for name, value in globals().items() if name.isupper() and isinstance(value, str)}
