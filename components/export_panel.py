"""The Export panel: charts as PNG/SVG/PDF, the animation as HTML/GIF/MP4, CSV tables and GEXF.

Quick exports answer at once; animations run as Dash background callbacks (components/background_jobs.py)
whose progress the panel shows and which the user may cancel; any worker answers their polls.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from alliance_atlas import export
from alliance_atlas.export import ExportRequest
from alliance_atlas.export.errors import export_failed
from components import ids
from components.background_jobs import background_manager, end_with_worker
from components.view_state import VIEW_STATES, ViewState

#: Quick exports: button key "what-format" -> label.
QUICK = {
    "network-png": "Network PNG", "network-svg": "Network SVG", "network-pdf": "Network PDF",
    "timeline-png": "Timeline PNG", "timeline-svg": "Timeline SVG", "timeline-pdf": "Timeline PDF",
    "ties-csv": "Ties in force (CSV)", "changes-csv": "Changes per partner (CSV)",
    "timeline-csv": "Timeline numbers (CSV)", "blocs-csv": "Blocs per state (CSV)", "switches-csv": "Switches (CSV)",
    "measures-csv": "Measures (CSV)", "network-gexf": "Dynamic network (GEXF)",
}
ANIMATIONS = {"html": "Interactive HTML", "gif": "GIF", "mp4": "MP4 video"}
#: What the panel says when the user stopped an export, and when its job ended with neither file nor message.
CANCELLED = "Export cancelled."
STOPPED = "the export stopped before it finished (its job ended: the server restarted or ran out of memory); start it again"
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
               "gexf": "application/xml", "html": "text/html", "gif": "image/gif", "mp4": "video/mp4"}


def button() -> dbc.Button:
    return dbc.Button("Export", id=ids.EXPORT_OPEN, color="light", size="sm", outline=True, className="ms-2")


def layout() -> html.Div:
    missing = {kind: export.renderer_needs(kind) for kind in (*export.IMAGE_FORMATS, "gif", "mp4")}
    needs = sorted({need for kinds in missing.values() for need in kinds})
    image_note = html.P(f"Images and videos need {'; '.join(needs)}. HTML, CSV and GEXF work without them.",
                        className="small text-danger") if needs else None

    def quick(kind: str) -> dbc.Button:
        return dbc.Button(QUICK[kind], id={"type": ids.EXPORT_QUICK, "kind": kind}, size="sm", color="secondary",
                          outline=True, className="me-1 mb-1", disabled=bool(missing.get(kind.split("-")[1])))

    return html.Div(
        [
            dcc.Download(id=ids.EXPORT_DOWNLOAD),
            dbc.Modal(
                [
                    # the dialog is named by its title (axe: aria-dialog-name); the page's only heading above
                    # it is the h1, so its title is an h2 and its sections h3
                    dbc.ModalHeader(dbc.ModalTitle("Export this view", id=ids.EXPORT_TITLE, tag="h2",
                                                   className="h5 mb-0")),
                    dbc.ModalBody(
                        [
                            image_note,
                            html.Div([html.Span("PNG scale ", className="small me-2"),
                                      dbc.RadioItems(id=ids.EXPORT_SCALE, inline=True, value=2,
                                                     options=[{"label": f"{s}x", "value": s} for s in (1, 2, 3)])]),
                            html.H3("Charts", className="h6 mt-2"),
                            html.Div([quick(k) for k in QUICK if k.split("-")[1] in export.IMAGE_FORMATS]),
                            html.H3("Data", className="h6 mt-2"),
                            html.Div([quick(k) for k in QUICK if k.split("-")[1] not in export.IMAGE_FORMATS]),
                            html.H3("Animation", className="h6 mt-2"),
                            dbc.Row(
                                [
                                    dbc.Col([html.Label("Animation from", htmlFor=ids.EXPORT_FROM,
                                                        className="visually-hidden"),
                                             dbc.Input(id=ids.EXPORT_FROM, placeholder="from (e.g. 2024-01)", size="sm")]),
                                    dbc.Col([html.Label("Animation to", htmlFor=ids.EXPORT_TO, className="visually-hidden"),
                                             dbc.Input(id=ids.EXPORT_TO, placeholder="to (e.g. 2025-06)", size="sm")]),
                                    dbc.Col(dbc.InputGroup([html.Label("every", htmlFor=ids.EXPORT_EVERY,
                                                                       className="input-group-text"),
                                                            dbc.Input(id=ids.EXPORT_EVERY, type="number", min=1, value=1),
                                                            dbc.InputGroupText("frames")], size="sm"), width=5),
                                ],
                                className="g-1 mb-1",
                            ),
                            html.Div([
                                dbc.Button(label, id={"type": ids.EXPORT_ANIMATION, "kind": kind}, size="sm",
                                           color="primary", outline=True, className="me-1",
                                           disabled=bool(missing.get(kind)))
                                for kind, label in ANIMATIONS.items()
                            ] + [dbc.Button("Cancel", id=ids.EXPORT_CANCEL, size="sm", color="secondary",
                                            outline=True, disabled=True)]),
                            # assets/atlas/page.js names the bar from data-label: dbc.Progress takes no aria-label
                            html.Div(dbc.Progress(id=ids.EXPORT_PROGRESS, value=0, className="mt-2",
                                                  style={"height": "8px"}), **{"data-label": "Export progress"}),
                            html.Div(id=ids.EXPORT_PROGRESS_TEXT, className="small mt-1"),
                            html.Div(id=ids.EXPORT_STATUS, className="small mt-1"),
                        ]
                    ),
                ],
                id=ids.EXPORT_MODAL,
                labelledby=ids.EXPORT_TITLE,
                is_open=False,
            ),
        ]
    )


def download(data: bytes | str, name: str) -> dict:
    raw = data.encode() if isinstance(data, str) else data
    return {"content": base64.b64encode(raw).decode(), "filename": name, "base64": True,
            "type": MEDIA_TYPES[name.rsplit(".", 1)[-1]]}


def register(app, manager) -> None:
    export.import_renderers()

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
        State(ids.MEASURES_REFERENCE, "value"),
        *VIEW_STATES,
        prevent_initial_call=True,
    )
    def quick_export(clicks, frame, scale, reference, *view):
        state = ViewState.from_values(manager, view)
        kind = ctx.triggered_id.get("kind") if isinstance(ctx.triggered_id, dict) else None
        if not isinstance(kind, str) or kind not in QUICK or not any(clicks) or state is None:
            return no_update, no_update
        what, file_format = kind.split("-")

        def render() -> tuple[bytes | str, str]:
            request = ExportRequest(file_format, what, state.frames.clamp(frame), state.selection, scale or 2,
                                    reference=reference if reference in state.network.node_ids else None)
            return export.render(state.frames, request, state.dataset)

        return saved(render)

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data", allow_duplicate=True),
        Output(ids.EXPORT_STATUS, "children", allow_duplicate=True),
        Input({"type": ids.EXPORT_ANIMATION, "kind": ALL}, "n_clicks"),
        State(ids.EXPORT_FROM, "value"),
        State(ids.EXPORT_TO, "value"),
        State(ids.EXPORT_EVERY, "value"),
        *VIEW_STATES,
        background=True,
        manager=background_manager(app.server, ended=job_ended),
        interval=500,
        progress=[Output(ids.EXPORT_PROGRESS, "value"), Output(ids.EXPORT_PROGRESS_TEXT, "children")],
        progress_default=[0, ""],
        running=[(Output(ids.EXPORT_CANCEL, "disabled"), False, True),
                 (Output(ids.EXPORT_STATUS, "children"), "", "")],
        cancel=[Input(ids.EXPORT_CANCEL, "n_clicks")],
        prevent_initial_call=True,
    )
    def animation(set_progress, clicks, start, end, every, *view):
        """An animation rendered in a job of its own, which ends if its worker does."""
        end_with_worker()
        state = ViewState.from_values(manager, view)
        kind = ctx.triggered_id.get("kind") if isinstance(ctx.triggered_id, dict) else None
        if not isinstance(kind, str) or kind not in ANIMATIONS or not any(clicks) or state is None:
            return no_update, ""
        return render_animation(state, kind, start, end, every, set_progress)


def job_ended(cancelled: bool) -> list:
    """The panel's outputs for an animation job that ended with no file: cancelled, or dead."""
    return [no_update, CANCELLED if cancelled else failure(STOPPED)]


def render_animation(state: ViewState, kind: str, start: str | None, end: str | None, every: int | None,
                     set_progress: Callable[[tuple[int, str]], None]) -> tuple:
    """An animation job's work: each frame reported as (percent, words), then (the download, "Saved …"),
    or (no_update, the message) when it cannot be made."""

    def progress(done: int, total: int) -> None:
        set_progress((int(100 * done / max(total, 1)), f"Rendering frame {done} of {total}…"))

    def render() -> tuple[bytes | str, str]:
        request = ExportRequest(kind, selection=state.selection, start=start or None, end=end or None,
                                every=every or 1)
        request.check()
        # a video's first frame comes once the job's own Chromium has started
        set_progress((0, f"Preparing {len(request.animation_frames(state.frames))} frames…"))
        return export.render(state.frames, request, state.dataset, progress)

    return saved(render)


def saved(render: Callable[[], tuple[bytes | str, str]]) -> tuple:
    """(the download, "Saved …") of the file ``render`` makes, or (no_update, the message) when it cannot
    be made."""
    try:
        data, name = render()
    except export.ExportError as error:
        return no_update, failure(str(error))
    except Exception as error:  # a bug must still end in a message, not in an HTTP 500 or a job that seems to die
        return no_update, failure(export_failed(error))
    return download(data, name), f"Saved {name}."


def failure(message: str) -> dbc.Alert:
    return dbc.Alert(message, color="danger", className="py-1 mb-0")
