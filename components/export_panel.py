"""The Export panel: charts as PNG/SVG/PDF, the animation as HTML/GIF/MP4, CSV tables and GEXF.

Quick exports answer at once; animations run in a worker thread whose progress the panel polls.
Jobs live under unguessable tokens held by the requesting browser only.
"""

from __future__ import annotations

import base64
import secrets
import threading
from dataclasses import dataclass, field

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from alliance_atlas import export
from alliance_atlas.figures import network_figure, timeline_figure
from components import ids
from components.view_state import VIEW_INPUTS, ViewState

QUICK = {
    "network-png": "Network PNG", "network-svg": "Network SVG", "network-pdf": "Network PDF",
    "timeline-png": "Timeline PNG", "timeline-svg": "Timeline SVG", "timeline-pdf": "Timeline PDF",
    "ties-csv": "Ties in force (CSV)", "changes-csv": "Gains and losses (CSV)", "network-gexf": "Dynamic network (GEXF)",
}
ANIMATIONS = {"html": "Interactive HTML", "gif": "GIF", "mp4": "MP4 video"}
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
               "gexf": "application/xml", "html": "text/html", "gif": "image/gif", "mp4": "video/mp4"}
VIEW_STATES = [State(i.component_id, i.component_property) for i in VIEW_INPUTS]


def button() -> dbc.Button:
    return dbc.Button("Export", id=ids.EXPORT_OPEN, color="light", size="sm", outline=True, className="ms-2")


def layout() -> html.Div:
    images_ok = export.chromium_available()
    image_note = None if images_ok else html.P(
        "Images and videos need Chromium on the server (Debian: apt-get install chromium, or set BROWSER_PATH). "
        "HTML, CSV and GEXF work without it.", className="small text-danger")

    def quick(kind: str) -> dbc.Button:
        needs_chromium = kind.split("-")[1] in export.IMAGE_FORMATS
        return dbc.Button(QUICK[kind], id={"type": ids.EXPORT_QUICK, "kind": kind}, size="sm", color="secondary",
                          outline=True, className="me-1 mb-1", disabled=needs_chromium and not images_ok)

    return html.Div(
        [
            dcc.Download(id=ids.EXPORT_DOWNLOAD),
            dcc.Store(id=ids.EXPORT_JOB),
            dcc.Interval(id=ids.EXPORT_POLL, interval=500, disabled=True),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle("Export this view")),
                    dbc.ModalBody(
                        [
                            image_note,
                            html.Div([html.Span("PNG scale ", className="small me-2"),
                                      dbc.RadioItems(id=ids.EXPORT_SCALE, inline=True, value=2,
                                                     options=[{"label": f"{s}x", "value": s} for s in (1, 2, 3)])]),
                            html.H6("Charts", className="mt-2"),
                            html.Div([quick(k) for k in QUICK if k.split("-")[1] in export.IMAGE_FORMATS]),
                            html.H6("Data", className="mt-2"),
                            html.Div([quick(k) for k in QUICK if k.split("-")[1] not in export.IMAGE_FORMATS]),
                            html.H6("Animation", className="mt-2"),
                            dbc.Row(
                                [
                                    dbc.Col(dbc.Input(id=ids.EXPORT_FROM, placeholder="from (e.g. 2024-01)", size="sm")),
                                    dbc.Col(dbc.Input(id=ids.EXPORT_TO, placeholder="to (e.g. 2025-06)", size="sm")),
                                    dbc.Col(dbc.InputGroup([dbc.InputGroupText("every"),
                                                            dbc.Input(id=ids.EXPORT_EVERY, type="number", min=1, value=1),
                                                            dbc.InputGroupText("frames")], size="sm"), width=5),
                                ],
                                className="g-1 mb-1",
                            ),
                            html.Div([
                                dbc.Button(label, id={"type": ids.EXPORT_ANIMATION, "kind": kind}, size="sm",
                                           color="primary", outline=True, className="me-1",
                                           disabled=kind != "html" and not images_ok)
                                for kind, label in ANIMATIONS.items()
                            ]),
                            dbc.Progress(id=ids.EXPORT_PROGRESS, value=0, className="mt-2", style={"height": "8px"}),
                            html.Div(id=ids.EXPORT_STATUS, className="small mt-1"),
                        ]
                    ),
                ],
                id=ids.EXPORT_MODAL,
                is_open=False,
            ),
        ]
    )


@dataclass
class Job:
    done: int = 0
    total: int = 1
    result: bytes | None = None
    filename: str = ""
    error: str | None = None
    thread: threading.Thread | None = field(default=None, repr=False)


class Jobs:
    """Animation exports in worker threads, by token."""

    def __init__(self):
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, work, filename: str) -> str:
        token = secrets.token_urlsafe(18)
        job = Job(filename=filename)

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        def run() -> None:
            try:
                job.result = work(progress)
            except export.ExportError as error:
                job.error = str(error)

        job.thread = threading.Thread(target=run, daemon=True)
        with self._lock:
            self._jobs[token] = job
        job.thread.start()
        return token

    def get(self, token: str | None) -> Job | None:
        with self._lock:
            return self._jobs.get(token or "")

    def pop(self, token: str) -> None:
        with self._lock:
            self._jobs.pop(token, None)


def filename(state: ViewState, dataset: str, frame: int, extension: str, what: str = "") -> str:
    parts = [dataset, what, state.frames.labels[frame], state.options.focus or ""]
    return "_".join(p for p in parts if p) + f".{extension}"


def download(data: bytes | str, name: str) -> dict:
    raw = data.encode() if isinstance(data, str) else data
    return {"content": base64.b64encode(raw).decode(), "filename": name, "base64": True,
            "type": MEDIA_TYPES[name.rsplit(".", 1)[-1]]}


def register(app, manager) -> None:
    jobs = Jobs()

    @app.callback(Output(ids.EXPORT_MODAL, "is_open"), Input(ids.EXPORT_OPEN, "n_clicks"),
                  State(ids.EXPORT_MODAL, "is_open"), prevent_initial_call=True)
    def toggle(_, is_open):
        return not is_open

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data"),
        Output(ids.EXPORT_STATUS, "children"),
        Input({"type": ids.EXPORT_QUICK, "kind": ALL}, "n_clicks"),
        State(ids.SLIDER, "value"),
        State(ids.EXPORT_SCALE, "value"),
        *VIEW_STATES,
        prevent_initial_call=True,
    )
    def quick_export(clicks, frame, scale, *view):
        state = ViewState.from_inputs(manager, view)
        if not ctx.triggered_id or not any(clicks) or state is None:
            return no_update, no_update
        kind, dataset = ctx.triggered_id["kind"], view[0]
        try:
            frame = state.clamp(frame)
            what, extension = kind.split("-")
            name = filename(state, dataset, frame, extension, what)
            if extension in export.IMAGE_FORMATS:
                if what == "timeline":
                    figure = timeline_figure(state.frames, frame, state.options.types, state.options.focus)
                    data = export.image(figure, extension, *export.TIMELINE_SIZE, scale or 2)
                else:
                    data = export.image(network_figure(state.frames, frame, state.options), extension,
                                        *export.NETWORK_SIZE, scale or 2)
            elif kind == "ties-csv":
                data = export.ties_csv(state.frames, frame, state.options)
            elif kind == "changes-csv":
                data = export.changes_csv(state.frames, state.options)
                name = filename(state, dataset, frame, "csv", "changes").replace(f"_{state.frames.labels[frame]}", "")
            else:
                data = export.gexf(state.frames, state.options)
        except export.ExportError as error:
            return no_update, dbc.Alert(str(error), color="danger", className="py-1 mb-0")
        return download(data, name), f"Saved {name}."

    @app.callback(
        Output(ids.EXPORT_JOB, "data"),
        Output(ids.EXPORT_POLL, "disabled"),
        Output(ids.EXPORT_STATUS, "children", allow_duplicate=True),
        Input({"type": ids.EXPORT_ANIMATION, "kind": ALL}, "n_clicks"),
        State(ids.EXPORT_FROM, "value"),
        State(ids.EXPORT_TO, "value"),
        State(ids.EXPORT_EVERY, "value"),
        *VIEW_STATES,
        prevent_initial_call=True,
    )
    def start_animation(clicks, start, end, every, *view):
        state = ViewState.from_inputs(manager, view)
        if not ctx.triggered_id or not any(clicks) or state is None:
            return no_update, no_update, no_update
        kind, dataset = ctx.triggered_id["kind"], view[0]
        try:
            indices = export.frame_indices(state.frames, start or None, end or None, every or 1)
        except export.ExportError as error:
            return no_update, no_update, dbc.Alert(str(error), color="danger", className="py-1 mb-0")
        first, last = state.frames.labels[indices[0]], state.frames.labels[indices[-1]]
        name = "_".join(p for p in [dataset, "animation", f"{first}-{last}", state.options.focus or ""] if p) + f".{kind}"

        def work(progress):
            if kind == "html":
                progress(0, 1)
                page = export.animation_html(state.frames, indices, state.options).encode()
                progress(1, 1)
                return page
            return export.animation_video(state.frames, indices, state.options, kind, progress=progress)

        token = jobs.start(work, name)
        return token, False, f"Rendering {len(indices)} frames…"

    @app.callback(
        Output(ids.EXPORT_PROGRESS, "value"),
        Output(ids.EXPORT_STATUS, "children", allow_duplicate=True),
        Output(ids.EXPORT_DOWNLOAD, "data", allow_duplicate=True),
        Output(ids.EXPORT_POLL, "disabled", allow_duplicate=True),
        Input(ids.EXPORT_POLL, "n_intervals"),
        State(ids.EXPORT_JOB, "data"),
        prevent_initial_call=True,
    )
    def poll(_, token):
        job = jobs.get(token)
        if job is None:
            return no_update, no_update, no_update, True
        percent = int(100 * job.done / max(job.total, 1))
        if job.error:
            jobs.pop(token)
            return 0, dbc.Alert(job.error, color="danger", className="py-1 mb-0"), no_update, True
        if job.result is None:
            return percent, f"Rendering frame {job.done} of {job.total}…", no_update, False
        jobs.pop(token)
        return 100, f"Saved {job.filename}.", download(job.result, job.filename), True
