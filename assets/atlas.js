/* Clientside pieces of Alliance Atlas: the player, the frame label, the URL writer, keyboard keys.
   They run in the browser so Play and stepping never wait for the server to decide the next frame.
   Component ids come from window.atlasIds, written into the page from components/ids.py. */
function componentIds() { return window.atlasIds || {}; }

/* The label of a frame, the frame held within the grid. */
function labelAt(labels, frame) {
  if (!labels || !labels.length) return null;
  return labels[Math.min(Math.max(frame || 0, 0), labels.length - 1)];
}

/* Longest Play waits for the network to draw a frame before it moves on regardless (a failed draw
   must not stop Play for good). */
const MOST_WAIT_MS = 3000;
/* The graph's first size is the one it keeps this long, or what it has after MOST_SIZE_WAIT_MS (graphSize). */
const SIZE_STEADY_MS = 150;
const MOST_SIZE_WAIT_MS = 1500;
/* Play's fastest tick (30 fps) and the tick of a speed the menu does not know. */
const FASTEST_TICK_MS = 33;
const DEFAULT_TICK_MS = 200;
/* How long after the last step the side panels follow (settledFrame). */
const SETTLE_MS = 150;

/* Whether the network graph shows the frame labelled `label` (its figure's meta.frame, set by the
   server with each figure and step); true when there is no graph to wait for. */
function networkShows(label) {
  const gd = document.querySelector("#" + componentIds().NETWORK + " .js-plotly-plot");
  const meta = gd && gd.layout && gd.layout.meta;
  return !meta || meta.frame === undefined || meta.frame === label;
}

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  atlas: {
    /* Play moves on only once the network shows the slider's frame, so the picture, its title, the
       frame label and the timeline's marker never drift apart: a rate faster than the browser draws
       plays as fast as it draws. */
    player: function (first, back, play, forward, last, ticks, frame, max, paused, labels) {
      const ids = componentIds();
      // a click and a tick can arrive together (at 30 frames per second, often): the click wins
      const fired = dash_clientside.callback_context.triggered.map(function (t) { return t.prop_id.split(".")[0]; });
      const trigger = fired.find(function (id) { return id !== ids.TICKER; }) || fired[0];
      const no = dash_clientside.no_update;
      const current = frame || 0;
      const stopAt = function (target) { return [target, true, "▶ Play"]; };
      if (trigger === ids.FIRST) return stopAt(0);
      if (trigger === ids.LAST) return stopAt(max);
      if (trigger === ids.BACK) return stopAt(Math.max(0, current - 1));
      if (trigger === ids.FORWARD) return stopAt(Math.min(max, current + 1));
      if (trigger === ids.PLAY) {
        if (!paused) return stopAt(no);
        return [current >= max ? 0 : no, false, "❚❚ Pause"];
      }
      if (trigger === ids.TICKER) {
        if (paused) return [no, no, no];
        if (current >= max) return stopAt(no);
        const now = performance.now();
        if (!networkShows(labelAt(labels, current)) && now - (window.atlasWaitingSince || now) < MOST_WAIT_MS) {
          window.atlasWaitingSince = window.atlasWaitingSince || now;
          return [no, no, no];
        }
        window.atlasWaitingSince = null;
        const next = current + 1;
        return next >= max ? stopAt(next) : [next, no, no];
      }
      return [no, no, no];
    },

    /* Follow the slider in the browser. The band that marks the frame on the timelines is a plain element over the plot,
       moved here: any plotly update of a thousand-bar timeline (relayout included, through
       Dash's relayoutData round trip) costs ~100 ms a step, this costs well under 1 ms. */
    followFrame: function (frame, timeline, gantt, blocChart, labels, dataset, focus) {
      const ids = componentIds();
      const label = labelAt(labels, frame);
      if (label === null) return dash_clientside.no_update;
      window.atlasMarkerLabel = label;
      // the timeline's camera button saves SVG named after the view, without redrawing the plot (the
      // network has none: its lines are on a canvas the camera would leave out; Export draws them)
      const timelinePlot = document.querySelector("#" + ids.TIMELINE + " .js-plotly-plot");
      if (timelinePlot && timelinePlot._context) {
        const name = [dataset, "timeline", label, focus].filter(Boolean).join("_");
        timelinePlot._context.toImageButtonOptions = {format: "svg", filename: name};
      }
      const timelines = [ids.TIMELINE, ids.GANTT, ids.BLOC_CHART];
      timelines.forEach(placeMarker);
      linkGanttCopies();
      // a new figure is drawn after this callback: place the band again once it is
      window.requestAnimationFrame(function () { timelines.forEach(placeMarker); });
      return label;
    },

    /* The frame the side panels show: the slider's, once Play pauses, and a moment after the last step,
       so that their lists and table are drawn after the network, not in its way, and once per burst
       of steps rather than for every frame passed. */
    settledFrame: function (frame, paused) {
      if (!paused) return dash_clientside.no_update;
      clearTimeout(window.atlasSettleTimer);
      if (window.atlasSettleAnswer) window.atlasSettleAnswer(dash_clientside.no_update);
      return new Promise(function (resolve) {
        window.atlasSettleAnswer = resolve;
        window.atlasSettleTimer = setTimeout(function () { resolve(frame); }, SETTLE_MS);
      });
    },

    /* The ticker's interval (ms) for a speed of the menu (components/player.py SPEEDS): an interval, or
       "span:S" for the whole span of lastFrame + 1 frames in S seconds, never under 33 ms (30 fps). */
    tickInterval: function (speed, lastFrame) {
      const span = /^span:(\d+)$/.exec(speed || "");
      if (span) return Math.max(FASTEST_TICK_MS, Math.round(1000 * parseInt(span[1], 10) / ((lastFrame || 0) + 1)));
      return parseInt(speed, 10) || DEFAULT_TICK_MS;
    },

    frameLabel: function (frame, labels) {
      return labelAt(labels, frame) || "";
    },

    /* The view's query comes from the server (components/url_state.py); the date is added here,
       when Play is paused, and written with replaceState so the Back button's history never fills. */
    writeUrl: function (frame, query, paused, labels) {
      const label = labelAt(labels, frame);
      if (!paused || !query || label === null) return dash_clientside.no_update;
      const params = new URLSearchParams(query);
      params.set("date", label);
      const search = "?" + params.toString();
      if (window.location.search !== search) {
        window.history.replaceState(window.history.state, "", window.location.pathname + search);
      }
      return search;
    },

    /* The network graph's size in pixels, so the server places labels for it: now, and again whenever
       its box changes (a resized window, a scroll bar that comes or goes as panels open), through
       set_props, since a change of size is no Dash event. */
    graphSize: function (graphId) {
      const measure = () => {
        const box = document.getElementById(graphId).getBoundingClientRect();
        return box.width > 0 && box.height > 0 ? [Math.round(box.width), Math.round(box.height)] : null;
      };
      let reported = null, settled = false;
      if (!window.atlasGraphSizeWatched) {
        window.atlasGraphSizeWatched = true;
        let pending = null;
        // the panel around the graph, not the graph's own element: dcc.Graph replaces that element once
        // plotly has loaded, and an observer of the first one would watch nothing
        new ResizeObserver(() => {
          clearTimeout(pending);
          pending = setTimeout(() => {
            const size = measure();
            // until the first size is settled (below), that size is the one to report
            if (settled && size && (!reported || size[0] !== reported[0] || size[1] !== reported[1])) {
              reported = size;
              dash_clientside.set_props(componentIds().NETWORK_SIZE, {data: size});
            }
          }, 200);
        }).observe(document.getElementById(graphId).parentElement);
      }
      // the first size once the page has settled (the same for SIZE_STEADY_MS): the first figure is then
      // drawn once, for its real size, not drawn again a moment later as the panels fill in
      return new Promise(function (resolve) {
        const started = performance.now();
        let last = null;
        const check = function () {
          const size = measure();
          const steady = size && last && size[0] === last[0] && size[1] === last[1];
          if (steady || performance.now() - started > MOST_SIZE_WAIT_MS) {
            reported = size;
            settled = true;
            resolve(size || dash_clientside.no_update);
          } else {
            last = size;
            setTimeout(check, SIZE_STEADY_MS);
          }
        };
        check();
      });
    },
  },
});

function markerSpan(label) {
  const parts = label.split("-").map(Number);
  const start = Date.UTC(parts[0], (parts[1] || 1) - 1, 1);
  const end = parts.length > 1 ? Date.UTC(parts[0], parts[1], 1) : Date.UTC(parts[0] + 1, 0, 1);
  return [start, end];
}

/* The Gantt panel shows one chart twice: its rows, and over them a copy clipped to the header
   (title, key, upper year axis) held in view while the rows scroll (components/timeline_panel.py).
   A zoom or pan in either sets both year axes of both copies, so the header's years stay the rows'. */
function linkGanttCopies() {
  const ids = componentIds();
  const pair = [ids.GANTT, ids.GANTT_HEADER].map(function (id) {
    return document.querySelector("#" + id + " .js-plotly-plot");
  });
  if (!pair[0] || !pair[1] || !pair[0].on || !pair[1].on) return;
  const same = function (a, b) { return a[0] === b[0] && a[1] === b[1]; };
  // both year axes, or null while a copy still shows the empty chart it starts with
  const axes = function (gd) {
    const layout = gd._fullLayout;
    return layout && layout.xaxis && layout.xaxis2 ? [layout.xaxis, layout.xaxis2] : null;
  };
  pair.forEach(function (gd) {
    if (gd.atlasLinked) return;
    gd.atlasLinked = true;
    gd.on("plotly_relayout", function () {
      const own = axes(gd);
      if (!own) return;
      const range = own[0].range.slice();
      pair.forEach(function (copy) {
        const shown = axes(copy);
        if (shown && !(same(shown[0].range, range) && same(shown[1].range, range))) {
          Plotly.relayout(copy, {"xaxis.range": range, "xaxis2.range": range});
        }
      });
    });
  });
}

/* Pixels of clear space between a frame's column and the outline marking it. */
const MARKER_CLEARANCE = 2;

function placeMarker(graphId) {
  const gd = document.querySelector("#" + graphId + " .js-plotly-plot");
  const label = window.atlasMarkerLabel;
  if (!gd || !gd.on || !label) return;
  if (!gd.atlasMarkerHooked) {
    gd.atlasMarkerHooked = true;
    gd.on("plotly_afterplot", function () { placeMarker(graphId); });
    gd.on("plotly_relayout", function () { placeMarker(graphId); });
  }
  if (!gd._fullLayout || !gd._fullLayout.xaxis || !gd._fullLayout._size) return;
  let band = gd.querySelector(".frame-marker");
  if (!band) {
    band = document.createElement("div");
    band.className = "frame-marker";
    gd.appendChild(band);
  }
  const xa = gd._fullLayout.xaxis, size = gd._fullLayout._size;
  const span = markerSpan(label);
  const left = Math.max(xa._offset, xa._offset + xa.c2p(span[0]));
  const right = Math.min(xa._offset + xa._length, xa._offset + xa.c2p(span[1]));
  // the band lies over the plot, so it is an outline drawn just outside the frame's column: a month
  // 1 px wide keeps its bar in plain view between the two lines (see .frame-marker in atlas.css)
  const border = parseFloat(getComputedStyle(band).borderLeftWidth) || 0;
  band.style.left = (left - MARKER_CLEARANCE - border) + "px";
  band.style.width = (Math.max(0, right - left) + 2 * (MARKER_CLEARANCE + border)) + "px";
  band.style.top = size.t + "px";
  band.style.height = size.h + "px";
  band.dataset.frame = label;
}

/* The network's lines, drawn on a canvas under the plot from layout.meta.lines (typed arrays per trace
   of lines, see components/network_panel.py) in each trace's colour, width, dash and opacity, and
   only for traces the legend shows. Redrawn after every plotly drawing and while the user pans or zooms. */
const decodedLines = new WeakMap();

function linePoints(spec) {
  if (!decodedLines.has(spec)) {
    const bytes = Uint8Array.from(atob(spec.bdata), function (c) { return c.charCodeAt(0); });
    decodedLines.set(spec, new Float32Array(bytes.buffer));
  }
  return decodedLines.get(spec);
}

/* plotly's dash patterns (Drawing.dashStyle): lengths in multiples of the line width, at least 3 px. */
function dashPattern(dash, width) {
  const unit = Math.max(width, 3);
  const named = {dot: [1, 1], dash: [3, 3], longdash: [5, 5], dashdot: [3, 1, 1, 1], longdashdot: [5, 2, 1, 2]};
  if (named[dash]) return named[dash].map(function (n) { return n * unit; });
  return String(dash || "").split(",").map(parseFloat).filter(function (n) { return n > 0; });
}

function drawLines(gd) {
  const lines = gd.layout && gd.layout.meta && gd.layout.meta.lines;
  const layout = gd._fullLayout;
  let canvas = gd.querySelector("canvas.network-lines");
  if (!lines || !layout || !layout.xaxis || !layout.yaxis) {
    if (canvas) canvas.remove();
    return;
  }
  if (!canvas) {
    canvas = document.createElement("canvas");
    canvas.className = "network-lines";
    const container = gd.querySelector(".svg-container");
    container.insertBefore(canvas, container.firstChild);
  }
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(layout.width * ratio) || canvas.height !== Math.round(layout.height * ratio)) {
    canvas.width = Math.round(layout.width * ratio);
    canvas.height = Math.round(layout.height * ratio);
    canvas.style.width = layout.width + "px";
    canvas.style.height = layout.height + "px";
  }
  const context = canvas.getContext("2d");
  const xa = layout.xaxis, ya = layout.yaxis;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, layout.width, layout.height);
  context.save();
  context.beginPath();
  context.rect(xa._offset, ya._offset, xa._length, ya._length);
  context.clip();
  context.lineCap = "butt";
  context.lineJoin = "round";
  Object.keys(lines).forEach(function (index) {
    const trace = gd._fullData[+index];
    if (!trace || trace.visible !== true) return;
    const x = linePoints(lines[index].x), y = linePoints(lines[index].y);
    context.globalAlpha = trace.opacity === undefined ? 1 : trace.opacity;
    context.strokeStyle = trace.line.color;
    context.lineWidth = trace.line.width;
    context.setLineDash(dashPattern(trace.line.dash, trace.line.width));
    context.beginPath();
    let drawing = false;
    for (let i = 0; i < x.length; i++) {
      if (isNaN(x[i]) || isNaN(y[i])) { drawing = false; continue; }
      const px = xa._offset + xa.l2p(x[i]), py = ya._offset + ya.l2p(y[i]);
      if (drawing) context.lineTo(px, py); else context.moveTo(px, py);
      drawing = true;
    }
    context.stroke();
  });
  context.restore();
}

function hookLines() {
  const gd = document.querySelector("#" + componentIds().NETWORK + " .js-plotly-plot");
  if (!gd || !gd.on || gd.atlasLinesHooked) return;
  gd.atlasLinesHooked = true;
  const draw = function () { drawLines(gd); };
  ["plotly_afterplot", "plotly_relayouting", "plotly_relayout", "plotly_restyle"].forEach(function (event) {
    gd.on(event, draw);
  });
  draw();
}

new MutationObserver(hookLines).observe(document.documentElement, {childList: true, subtree: true});

/* Keyboard: space plays or pauses, arrows step. Nothing happens while the user types in a field,
   space presses a focused button or link as usual (Play among them), and arrows are left to a
   focused slider, which steps by itself. */
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (!target.closest) return;
  const typing = target.closest("input, textarea, select, [contenteditable='true'], .Select, .dash-dropdown");
  if (typing) return;
  const space = event.key === " " || event.code === "Space";
  if (space && target.closest("button, a[href], summary, [role='button']")) return;
  const onSlider = target.closest("[role='slider'], .dash-slider, .rc-slider");
  const click = function (id) {
    const element = document.getElementById(id);
    if (element) element.click();
  };
  const ids = componentIds();
  if (space) {
    event.preventDefault();
    click(ids.PLAY);
  } else if (event.key === "ArrowRight" && !onSlider) {
    event.preventDefault();
    click(ids.FORWARD);
  } else if (event.key === "ArrowLeft" && !onSlider) {
    event.preventDefault();
    click(ids.BACK);
  }
});

/* Names for the controls Dash draws without one (axe-core's button-name, label, aria-input-field-name
   aria-progressbar-name and aria-hidden-focus rules): a file input, a slider's handle or a progress bar
   takes its wrapper's data-label (the frame slider's also says the frame shown), and the dropdowns'
   focus relay (a hidden input that hands focus to the dropdown's button) leaves the tab order, the
   button taking its place. */

function nameUnnamedControls() {
  const named = "[data-label] input[type='file'], [data-label] [role='slider'], [data-label] [role='progressbar']";
  document.querySelectorAll(named).forEach(function (control) {
    const name = control.closest("[data-label]").dataset.label;
    if (control.getAttribute("aria-label") !== name) control.setAttribute("aria-label", name);
  });
  document.querySelectorAll("[data-label='Frame'] [role='slider']").forEach(function (thumb) {
    const shown = document.getElementById(componentIds().FRAME_LABEL);
    if (shown && thumb.getAttribute("aria-valuetext") !== shown.textContent) {
      thumb.setAttribute("aria-valuetext", shown.textContent);
    }
  });
  document.querySelectorAll(".dash-dropdown-focus-target[tabindex='0']").forEach(function (relay) {
    relay.tabIndex = -1;
    if (relay.nextElementSibling) relay.nextElementSibling.tabIndex = 0;
  });
}

new MutationObserver(nameUnnamedControls).observe(document.documentElement,
  {subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["tabindex"]});

/* dcc.Upload drops a file over its max_size without a word: say so in the upload's alert, as the
   server words its own refusals (components/upload.py). */
function refuseLargeUpload(files, target) {
  const box = target && target.closest ? target.closest("[data-max-bytes]") : null;
  if (!box || !files) return;
  const limit = Number(box.dataset.maxBytes);
  const file = Array.from(files).find(function (f) { return f.size > limit; });
  if (!file) return;
  dash_clientside.set_props(componentIds().UPLOAD_ALERT, {
    children: "Not loaded: " + file.name + " is larger than " + Math.round(limit / 1048576)
      + " MB, the largest file this server accepts.",
    color: "danger",
    is_open: true,
  });
}

document.addEventListener("change", function (event) { refuseLargeUpload(event.target.files, event.target); }, true);
document.addEventListener("drop", function (event) {
  refuseLargeUpload(event.dataTransfer && event.dataTransfer.files, event.target);
}, true);

/* The ties table's CSV (AG Grid writes it in the browser) as safe for spreadsheets as the server's CSV
   exports (alliance_atlas/export/tables.py): text that a spreadsheet would run as a formula is quoted. */
window.dashAgGridFunctions = Object.assign({}, window.dashAgGridFunctions, {
  spreadsheetSafe: function (value) {
    return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? "'" + value : value;
  },
});
