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
/* A step's fade (tween) lasts this long, or 60% of Play's frame; none under SHORTEST_TWEEN_MS. */
const TWEEN_MS = 300;
const SHORTEST_TWEEN_MS = 100;
/* How early in a display frame Play draws a frame that falls due within it. */
const FRAME_SLACK_MS = 4;
/* How long after the last step the side panels follow (settledFrame). */
const SETTLE_MS = 150;
/* How often the slider follows Play when the frames are drawn from the view's frame book (player). */
const SLIDER_FOLLOWS_MS = 250;

/* Whether the network graph shows the frame labelled `label` (its figure's meta.frame, set by the
   server with each figure and step); true when there is no graph to wait for. */
function networkShows(label) {
  const gd = networkPlot();
  const meta = gd && gd.layout && gd.layout.meta;
  return !meta || meta.frame === undefined || meta.frame === label;
}

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  atlas: {
    /* Play moves on only once the network shows the slider's frame, so the picture, its title, the
       frame label and the timeline's marker never drift apart: a rate faster than the browser draws
       plays as fast as it draws. When the view's frame book fits the graph, Play's ticks draw from it
       and write the frame label and the timelines' band themselves, and move the slider only every
       SLIDER_FOLLOWS_MS and where Play stops: each change of the slider runs Dash's renderer and the
       slider's callbacks over the whole page, which take longer than a frame at 30 per second. */
    player: function (first, back, play, forward, last, ticks, frame, max, paused, labels, book) {
      const ids = componentIds();
      // a click and a tick can arrive together (at 30 frames per second, often): the click wins
      const fired = dash_clientside.callback_context.triggered.map(function (t) { return t.prop_id.split(".")[0]; });
      const trigger = fired.find(function (id) { return id !== ids.TICKER; }) || fired[0];
      const no = dash_clientside.no_update;
      const gd = networkPlot();
      const fromBook = bookFits(gd, book);
      // the frame shown (the slider may lag behind it while playing)
      const shown = fromBook ? shownIndex(gd, book) : -1;
      const current = shown >= 0 ? shown : frame || 0;
      // the network is drawn now, before Dash moves the slider and runs what follows it (showFrame then
      // finds the frame drawn)
      const drawn = function (target) {
        if (typeof target === "number") drawFromBook(target, book);
        return target;
      };
      // a paused player's ticker and button are left alone: setting them, even unchanged, runs the
      // callbacks that follow them
      const stopAt = function (target) {
        window.atlasPlayback = null;
        return paused ? [drawn(target), no, no] : [drawn(target), true, "▶ Play"];
      };
      // the step buttons drew their frame at the click (stepDrawn): the slider goes there, however many
      // clicks Dash hands over in one call
      const steps = [ids.FIRST, ids.BACK, ids.FORWARD, ids.LAST];
      if (steps.includes(trigger) && fromBook && typeof window.atlasStepDrawn === "number") {
        return stopAt(window.atlasStepDrawn);
      }
      if (trigger === ids.FIRST) return stopAt(0);
      if (trigger === ids.LAST) return stopAt(max);
      if (trigger === ids.BACK) return stopAt(Math.max(0, current - 1));
      if (trigger === ids.FORWARD) return stopAt(Math.min(max, current + 1));
      if (trigger === ids.PLAY) {
        if (!paused) return stopAt(current === frame ? no : current);
        const from = current >= max ? 0 : current;
        if (fromBook) playFromBook(gd, book, drawn(from));
        return [current >= max ? 0 : no, false, "❚❚ Pause"];
      }
      if (trigger === ids.TICKER) {
        if (paused) return [no, no, no];
        if (current >= max) return stopAt(current === frame ? no : current);
        // frames drawn from the book are timed by the browser's animation frames (playFromBook), which
        // keep an even pace; the ticker starts them again after a view change that brought a book
        if (fromBook) {
          if (!window.atlasPlayback) playFromBook(gd, book, current);
          return [no, no, no];
        }
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
       Dash's relayoutData round trip) redraws the whole timeline at every step; this moves one element. */
    followFrame: function (frame, timeline, gantt, blocChart, measuresChart, labels, dataset, focus) {
      const ids = componentIds();
      const label = labelAt(labels, frame);
      if (label === null) return;
      window.atlasMarkerLabel = label;
      // the timeline's camera button saves SVG named after the view, without redrawing the plot (the
      // network has none: its lines are on a canvas the camera would leave out; Export draws them)
      const timelinePlot = document.querySelector("#" + ids.TIMELINE + " .js-plotly-plot");
      if (timelinePlot && timelinePlot._context) {
        const name = [dataset, "timeline", label, focus].filter(Boolean).join("_");
        timelinePlot._context.toImageButtonOptions = {format: "svg", filename: name};
      }
      const timelines = [ids.TIMELINE, ids.GANTT, ids.BLOC_CHART, ids.MEASURES_CHART];
      timelines.forEach(placeMarker);
      linkGanttCopies();
      // a new figure is drawn after this callback: place the band again once it is
      window.requestAnimationFrame(function () { timelines.forEach(placeMarker); });
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
      const interval = span ? Math.max(FASTEST_TICK_MS, Math.round(1000 * parseInt(span[1], 10) / ((lastFrame || 0) + 1)))
        : parseInt(speed, 10) || DEFAULT_TICK_MS;
      window.atlasTickMs = interval;
      return interval;
    },

    /* The slider's frame, drawn in the browser from the view's frame book when the graph shows that
       view; else handed to the server (NETWORK_FRAME), which sends the step. */
    showFrame: function (frame, book) {
      if (drawFromBook(frame, book)) return dash_clientside.no_update;
      const gd = networkPlot();
      if (gd) gd.atlasFrame = null;
      return frame;
    },

    /* The frame whose hover text the server is to send: the settled frame of a network drawn from its
       book (the matrix's book holds its hover text, and compare mode gets its own with each step's
       patch). */
    hoverFrame: function (frame, book) {
      return book && !book.matrix ? frame : dash_clientside.no_update;
    },

    /* The view's frame book, kept for the step buttons' own click listener. */
    keepBook: function (book) {
      window.atlasBook = book;
    },

    /* The hover text of the frame the user stopped on, from the server: written into the states' trace
       when the pointer is over the network (applyHover), since writing it redraws the states, which must
       not hold up a burst of steps taken with the buttons or the keys. */
    showHover: function (hover) {
      window.atlasHover = hover;
      const gd = networkPlot();
      if (gd && gd.matches(":hover")) applyHover(gd);
    },

    /* A table's rows from its columns of text (alliance_atlas/events.py text_columns). */
    tableRows: function (table) {
      if (!table || !table.columns) return [];
      const columns = table.columns, values = table.values;
      const rows = new Array(values.length ? values[0].length : 0);
      for (let i = 0; i < rows.length; i++) {
        const row = {};
        for (let k = 0; k < columns.length; k++) row[columns[k]] = values[k][i];
        rows[i] = row;
      }
      return rows;
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

/* The network's lines and states, drawn on a canvas under the plot's SVG: the lines from layout.meta.lines
   (typed arrays per trace of lines, see components/network_panel.py) in each trace's colour, width, dash
   and opacity, for the traces the legend shows; then the states as plotly would draw their trace
   (uid "states": plotly draws only its markers, which the page's CSS keeps invisible but for hover and
   clicks): markers and labels with a halo. A step drawn by the frame engine gives the states' values of
   its frame before plotly's trace has them (gd.atlasStates). Redrawn after every plotly drawing and while
   the user pans or zooms. */
const decodedArrays = new WeakMap();
const TYPED_ARRAYS = {f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array,
  u2: Uint16Array, i4: Int32Array, u4: Uint32Array};

/* A typed array from a plotly typed-array spec ({dtype, bdata}), decoded once per spec. */
function typedArray(spec) {
  if (!decodedArrays.has(spec)) {
    const bytes = Uint8Array.from(atob(spec.bdata), function (c) { return c.charCodeAt(0); });
    decodedArrays.set(spec, new TYPED_ARRAYS[spec.dtype](bytes.buffer));
  }
  return decodedArrays.get(spec);
}

/* plotly's dash patterns (Drawing.dashStyle): lengths in multiples of the line width, at least 3 px. */
function dashPattern(dash, width) {
  const unit = Math.max(width, 3);
  const named = {dot: [1, 1], dash: [3, 3], longdash: [5, 5], dashdot: [3, 1, 1, 1], longdashdot: [5, 2, 1, 2]};
  if (named[dash]) return named[dash].map(function (n) { return n * unit; });
  return String(dash || "").split(",").map(parseFloat).filter(function (n) { return n > 0; });
}

/* Coordinates as the server sends them (a typed-array spec) or as the frame engine makes them. */
function asArray(values) {
  return ArrayBuffer.isView(values) ? values : typedArray(values);
}

function drawNetwork(gd) {
  const meta = gd.layout && gd.layout.meta;
  const lines = meta && meta.lines, cells = meta && meta.cells;
  const layout = gd._fullLayout;
  let canvas = gd.querySelector("canvas.network-lines");
  if (!(lines || cells) || !layout || !layout.xaxis || !layout.yaxis) {
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
  if (cells) {
    drawCells(context, gd, xa, ya, cells);
    context.restore();
    return;
  }
  context.lineCap = "butt";
  context.lineJoin = "round";
  // part way through a step's fade (tween), the lines the step keeps, gains and loses, each at its share
  const fading = gd.atlasTween && gd.atlasTween.frame === gd.layout.meta.frame ? gd.atlasTween : null;
  const progress = fading ? Math.min(1, (performance.now() - fading.start) / fading.duration) : 1;
  const parts = fading && progress < 1
    ? [[fading.kept, 1], [fading.gained, progress], [fading.lost, 1 - progress]] : [[lines, 1]];
  Object.keys(lines).forEach(function (index) {
    const trace = gd._fullData[+index];
    if (!trace || trace.visible !== true) return;
    context.strokeStyle = trace.line.color;
    context.lineWidth = trace.line.width;
    context.setLineDash(dashPattern(trace.line.dash, trace.line.width));
    parts.forEach(function (part) {
      const drawn = part[0][index];
      if (!drawn) return;
      const x = asArray(drawn.x), y = asArray(drawn.y);
      context.globalAlpha = (trace.opacity === undefined ? 1 : trace.opacity) * part[1];
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
  });
  drawStates(context, gd, xa, ya);
  context.restore();
  if (fading && progress < 1 && !fading.pending) {
    fading.pending = true;
    window.requestAnimationFrame(function () {
      fading.pending = false;
      if (gd.atlasTween === fading) drawNetwork(gd);
    });
  }
}

/* A step's fade on the canvas: the lines gained fade in and the lines lost fade out (each trace's,
   the "gained" and "lost" highlights among them) while the frame lasts, so the eye follows what
   changed. Only when a frame lasts long enough to see it (single steps, Play at 5 frames per second or
   slower): faster Play, and steps taken faster than a fade (a held arrow key), draw each frame as it is
   and cost nothing more. Not for users who ask for reduced motion. `pairs`: the frame's pairs per trace. */
function tween(gd, book, previous, frame, positions, pairs) {
  const duration = Math.min(TWEEN_MS, 0.6 * (window.atlasPlayback ? tickMs() : TWEEN_MS));
  const now = performance.now(), quick = now - (gd.atlasStepAt || 0) < duration;
  gd.atlasStepAt = now;
  if (previous === null || previous === frame || duration < SHORTEST_TWEEN_MS || quick || reducedMotion.matches) {
    return null;
  }
  const known = gd.atlasPairs && gd.atlasPairs.book === book && gd.atlasPairs.frame === previous ? gd.atlasPairs.pairs : {};
  const kept = {}, gained = {}, lost = {};
  book.lines.forEach(function (line) {
    const split = splitSorted(known[line.index] || pairsAt(line, previous), pairs[line.index]);
    [[kept, split.both], [gained, split.onlyAfter], [lost, split.onlyBefore]].forEach(function (part) {
      const xy = lineCoordinates(book.ends, part[1], positions);
      part[0][line.index] = {x: xy[0], y: xy[1]};
    });
  });
  return {frame: book.labels[frame], start: now, duration: duration, kept: kept, gained: gained,
    lost: lost};
}

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

/* Two ascending lists of pairs: those in both, only in the first, only in the second. */
function splitSorted(before, after) {
  const both = [], onlyBefore = [], onlyAfter = [];
  let i = 0, j = 0;
  while (i < before.length || j < after.length) {
    if (j >= after.length || (i < before.length && before[i] < after[j])) onlyBefore.push(before[i++]);
    else if (i >= before.length || after[j] < before[i]) onlyAfter.push(after[j++]);
    else { both.push(before[i++]); j++; }
  }
  return {both: both, onlyBefore: onlyBefore, onlyAfter: onlyAfter};
}

/* The states' values drawn: plotly's trace, with the values of a frame the engine drew on top. Its
   labels' place and font are the figure's own (plotly, which draws only the trace's markers, keeps none). */
function shownStates(gd) {
  const index = gd._fullData.findIndex(function (trace) {
    return trace.uid === "states" && trace.name === "states" && trace.visible === true && trace.marker;
  });
  if (index < 0) return null;
  const trace = gd._fullData[index], given = gd.data[trace.index], meta = gd.layout.meta, early = gd.atlasStates;
  const drawn = early && early.view === meta.view && early.frame === meta.frame
    && String(early.size) === String(meta.size) ? early.values : {};
  const value = function (path, own) { return drawn[path] !== undefined ? drawn[path] : own; };
  const font = Object.assign({}, gd._fullLayout.font, given.textfont);
  return {x: value("x", trace.x), y: value("y", trace.y), size: value("marker.size", trace.marker.size),
    opacity: value("marker.opacity", trace.marker.opacity), color: value("marker.color", trace.marker.color),
    text: value("text", trace.text), position: value("textposition", given.textposition || "middle center"),
    line: trace.marker.line, font: font};
}

function at(values, i) {
  return values !== null && typeof values === "object" && "length" in values ? values[i] : values;
}

/* plotly's placement of a point's text (Drawing.textPointPosition): beside the marker, a little
   further out than its radius, anchored on the side named. */
function labelPlace(position, diameter, fontSize) {
  const v = position.indexOf("top") >= 0 ? -1 : position.indexOf("bottom") >= 0 ? 1 : 0;
  const h = position.indexOf("left") >= 0 ? -1 : position.indexOf("right") >= 0 ? 1 : 0;
  const r = diameter ? diameter / 2 / 0.8 + 1 : 0;
  return {dx: h * r, dy: fontSize * 0.75 + v * r + (v - 1) * fontSize / 2,
    align: h < 0 ? "right" : h > 0 ? "left" : "center"};
}

/* The states' centres in the canvas's pixels. */
function statePixels(states, xa, ya) {
  const n = states.x.length, px = new Float32Array(n), py = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    px[i] = xa._offset + xa.l2p(states.x[i]);
    py[i] = ya._offset + ya.l2p(states.y[i]);
  }
  return {x: px, y: py};
}

/* The labels the canvas writes: each state's text, where its baseline starts (canvas pixels) and how it
   is aligned there. */
function stateLabels(states, pixels) {
  const labels = [];
  for (let i = 0; i < states.x.length; i++) {
    const text = at(states.text, i);
    if (!text || !text.trim() || isNaN(pixels.x[i]) || isNaN(pixels.y[i])) continue;
    const place = labelPlace(at(states.position, i), at(states.size, i), states.font.size);
    labels.push({text: text, x: pixels.x[i] + place.dx, y: pixels.y[i] + place.dy, align: place.align});
  }
  return labels;
}

function drawStates(context, gd, xa, ya) {
  const states = shownStates(gd);
  if (!states) return;
  const pixels = statePixels(states, xa, ya), px = pixels.x, py = pixels.y;
  context.setLineDash([]);
  context.lineWidth = states.line.width;
  context.strokeStyle = states.line.color;
  for (let i = 0; i < px.length; i++) {
    if (isNaN(px[i]) || isNaN(py[i])) continue;
    context.globalAlpha = at(states.opacity, i);
    context.fillStyle = at(states.color, i);
    context.beginPath();
    context.arc(px[i], py[i], at(states.size, i) / 2, 0, 2 * Math.PI);
    context.fill();
    context.stroke();
  }
  context.globalAlpha = 1;
  context.font = states.font.size + "px " + states.font.family;
  context.textBaseline = "alphabetic";
  context.lineJoin = "round";
  context.lineWidth = 3;
  context.strokeStyle = "#fff";
  context.fillStyle = states.font.color;
  stateLabels(states, pixels).forEach(function (label) {
    context.textAlign = label.align;
    context.strokeText(label.text, label.x, label.y);
    context.fillText(label.text, label.x, label.y);
  });
}

/* The matrix's cells, drawn on the canvas as plotly would draw its heatmap (uid "cells", whose image the
   page's CSS hides): one pixel per cell in `colors` (layout.meta.cells, a colour per code), stretched over
   the rows and columns without smoothing (rows run down the page: the y axis is reversed); then the
   outlines of the cells gained and lost, as plotly's open squares (uids "gained" and "lost", hidden too),
   of the traces the legend shows. */
function drawCells(context, gd, xa, ya, colors) {
  const shown = shownCells(gd);
  if (!shown) return;
  const n = Math.max(shown.rows, 1), palette = colors.map(colorBytes);
  const image = new ImageData(n, n);
  for (let i = 0; i < shown.rows * shown.rows; i++) image.data.set(palette[shown.codes[i]] || palette[0], 4 * i);
  if (!gd.atlasCellsImage || gd.atlasCellsImage.width !== n) {
    gd.atlasCellsImage = document.createElement("canvas");
    gd.atlasCellsImage.width = gd.atlasCellsImage.height = n;
  }
  const cellsImage = gd.atlasCellsImage;
  cellsImage.getContext("2d").putImageData(image, 0, 0);
  const left = xa._offset + xa.l2p(-0.5), right = xa._offset + xa.l2p(shown.rows - 0.5);
  const top = ya._offset + ya.l2p(-0.5), bottom = ya._offset + ya.l2p(shown.rows - 0.5);
  context.imageSmoothingEnabled = false;
  context.drawImage(cellsImage, left, top, right - left, bottom - top);
  context.setLineDash([]);
  shown.outlines.forEach(function (outline) {
    const marker = outline.trace.marker, side = marker.size;
    context.strokeStyle = marker.color;
    context.lineWidth = marker.line.width;
    for (let i = 0; i < outline.at.length; i += 2) {
      const x = xa._offset + xa.l2p(outline.at[i + 1]), y = ya._offset + ya.l2p(outline.at[i]);
      context.strokeRect(x - side / 2, y - side / 2, side, side);
    }
  });
}

/* The matrix drawn: the frame the engine drew (gd.atlasCells), else plotly's traces (the server's figure
   or step): the codes row by row, and each outline trace the legend shows with its cells as (row, column).
   The outlines' traces are read as the figure gives them: plotly hides a trace without points from its
   full data, and a frame drawn since may have some. */
function shownCells(gd) {
  const heatmap = cellsTrace(gd);
  if (!heatmap) return null;
  const meta = gd.layout.meta, early = gd.atlasCells;
  const drawn = early && early.view === meta.view && early.frame === meta.frame ? early : null;
  const rows = drawn ? drawn.rows : heatmap.x.length;
  let codes = drawn && drawn.codes;
  if (!codes) {
    codes = new Uint8Array(rows * rows);
    heatmap.z.forEach(function (row, r) { codes.set(row, r * rows); });
  }
  const index = drawn ? null : new Map(heatmap.x.map(function (name, i) { return [name, i]; }));
  const outlines = gd.data.filter(function (trace) {
    return (trace.uid === "gained" || trace.uid === "lost") && (trace.visible === undefined || trace.visible === true);
  }).map(function (trace) {
    if (drawn) return {trace: trace, at: drawn[trace.uid]};
    const at = new Int32Array(2 * trace.x.length);
    trace.x.forEach(function (name, i) { at.set([index.get(trace.y[i]), index.get(name)], 2 * i); });
    return {trace: trace, at: at};
  });
  return {rows: rows, codes: codes, outlines: outlines};
}

/* The matrix's heatmap, as plotly holds it (uid "cells"), or undefined. */
function cellsTrace(gd) {
  return gd._fullData.find(function (trace) { return trace.uid === "cells"; });
}

/* A CSS colour's RGBA bytes, as the canvas reads it. */
const colorBytesOf = new Map();
function colorBytes(color) {
  if (!colorBytesOf.has(color)) {
    const probe = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
    probe.fillStyle = color;
    probe.fillRect(0, 0, 1, 1);
    colorBytesOf.set(color, probe.getImageData(0, 0, 1, 1).data);
  }
  return colorBytesOf.get(color);
}

function hookNetwork() {
  const gd = networkPlot();
  if (!gd || !gd.on || gd.atlasLinesHooked) return;
  gd.atlasLinesHooked = true;
  // dcc.Graph draws its figure again after a zoom or pan (it copies the axes into its figure), with the
  // frame the server last sent: a frame the engine drew since is drawn again over it
  const draw = function () {
    const shown = gd.atlasFrame, meta = gd.layout && gd.layout.meta;
    if (shown && bookFits(gd, shown.book) && meta.frame !== shown.book.labels[shown.index]) {
      drawFrame(gd, shown.book, shown.index);
    } else {
      drawNetwork(gd);
    }
  };
  ["plotly_afterplot", "plotly_relayouting", "plotly_relayout", "plotly_restyle"].forEach(function (event) {
    gd.on(event, draw);
  });
  draw();
}

new MutationObserver(hookNetwork).observe(document.documentElement, {childList: true, subtree: true});

/* The frame engine: draws any frame of a network view from the view's frame book
   (alliance_atlas/figures/frame_book.py, sent once per view and size), so that a step is one plotly
   update of the states and the legend plus a canvas redraw (on the matrix, one update of its heatmap and
   outlines), with no round trip to the server. */

function networkPlot() {
  return document.querySelector("#" + componentIds().NETWORK + " .js-plotly-plot");
}

/* Whether the graph shows the view, at the size, that `book` was made for. */
function bookFits(gd, book) {
  const meta = gd && gd.layout && gd.layout.meta;
  return Boolean(book && meta && meta.view === book.view && meta.size && book.size
    && meta.size[0] === book.size[0] && meta.size[1] === book.size[1]);
}

/* One value of the book at `frame`: a frame's own value, a row of float32, or a row of codes into a
   table of texts or of numbers (levels; null stands for NaN, which JSON cannot write). */
function valueAt(entry, frame) {
  if (entry.frames) return entry.frames[frame];
  const start = frame * entry.width, end = start + entry.width;
  if (entry.numbers) return typedArray(entry.numbers).slice(start, end);
  const codes = typedArray(entry.codes).subarray(start, end);
  if (entry.levels) return Float32Array.from(codes, function (c) { return entry.levels[c] === null ? NaN : entry.levels[c]; });
  return Array.from(codes, function (c) { return entry.table[c]; });
}

/* The pairs (slots of book.ends) a trace of lines draws at `frame`, in ascending order: runs are
   ordered by pair, and a pair is in at most one run at a time. */
function pairsAt(line, frame) {
  const pair = typedArray(line.pair), first = typedArray(line.first), last = typedArray(line.last);
  const chosen = [];
  for (let i = 0; i < pair.length; i++) {
    if (first[i] <= frame && frame <= last[i]) chosen.push(pair[i]);
  }
  return chosen;
}

/* Line coordinates for `pairs`, a NaN after each: the book's points per pair, or on the moving layout a
   straight line between the two ends' positions in the frame. */
function lineCoordinates(ends, pairs, positions) {
  if (ends.stride !== undefined) {
    const stride = ends.stride, px = typedArray(ends.x), py = typedArray(ends.y);
    const x = new Float32Array(pairs.length * stride), y = new Float32Array(pairs.length * stride);
    pairs.forEach(function (p, k) {
      x.set(px.subarray(p * stride, (p + 1) * stride), k * stride);
      y.set(py.subarray(p * stride, (p + 1) * stride), k * stride);
    });
    return [x, y];
  }
  const src = typedArray(ends.src), tgt = typedArray(ends.tgt);
  const x = new Float32Array(pairs.length * 3), y = new Float32Array(pairs.length * 3);
  pairs.forEach(function (p, k) {
    x[3 * k] = positions[0][src[p]]; x[3 * k + 1] = positions[0][tgt[p]]; x[3 * k + 2] = NaN;
    y[3 * k] = positions[1][src[p]]; y[3 * k + 1] = positions[1][tgt[p]]; y[3 * k + 2] = NaN;
  });
  return [x, y];
}

/* The server's hover text (showHover) into the states' trace, once the graph shows its frame of its
   view, unless the trace already has it (as a step the server sent does). */
function applyHover(gd) {
  if (!gd || gd.atlasSync) return;  // the traces' sync takes it
  const text = takeHover(gd);
  const index = statesTrace(gd);
  const shown = text && index >= 0 ? gd.data[index].hovertext : null;
  if (!shown || (shown.length === text.length && shown.every(function (t, i) { return t === text[i]; }))) return;
  Plotly.restyle(gd, {hovertext: [text]}, [index]);
}

/* The server's hover text, taken, if it is for the view and frame the graph shows; else null. */
function takeHover(gd) {
  const hover = window.atlasHover, meta = gd.layout && gd.layout.meta;
  if (!hover || !meta || meta.view !== hover.view || meta.frame !== hover.frame) return null;
  window.atlasHover = null;
  return hover.text;
}

function statesTrace(gd) {
  return gd.data.findIndex(function (trace) { return trace.name === "states"; });
}

document.addEventListener("pointermove", function (event) {
  if (window.atlasHover && event.target.closest && event.target.closest("#" + componentIds().NETWORK)) {
    applyHover(networkPlot());
  }
}, {passive: true});

/* Play drawn from the book, paced by the browser's animation frames rather than the ticker: a frame
   every tick interval (window.atlasTickMs, from tickInterval) on the display's own beat, so 30 frames
   per second are 30, not the 27-29 a timer gives once Dash's work delays some of its ticks. The frame
   label and the timelines' band follow each frame (followInPage); the slider every SLIDER_FOLLOWS_MS,
   and where Play ends. Stops when anything else takes the graph (another view: the ticker's server
   path goes on) or window.atlasPlayback is replaced (a click, a pause). */
function playFromBook(gd, book, from) {
  const loop = {index: from, due: performance.now() + tickMs(), followed: performance.now()};
  window.atlasPlayback = loop;
  const step = function (now) {
    if (window.atlasPlayback !== loop) return;
    if (!gd.isConnected || !bookFits(gd, book)) {
      window.atlasPlayback = null;
      return;
    }
    if (now >= loop.due - FRAME_SLACK_MS) {
      // on pace; after a stall (a hidden tab, a long draw), from now on rather than in a burst
      loop.due = now - loop.due > tickMs() ? now + tickMs() : loop.due + tickMs();
      loop.index += 1;
      drawFrame(gd, book, loop.index);
      followInPage(book.labels[loop.index]);
      const ids = componentIds();
      if (loop.index >= book.labels.length - 1) {
        window.atlasPlayback = null;
        dash_clientside.set_props(ids.SLIDER, {value: loop.index});
        dash_clientside.set_props(ids.TICKER, {disabled: true});
        dash_clientside.set_props(ids.PLAY, {children: "▶ Play"});
        return;
      }
      if (now - loop.followed >= SLIDER_FOLLOWS_MS) {
        loop.followed = now;
        dash_clientside.set_props(ids.SLIDER, {value: loop.index});
      }
    }
    window.requestAnimationFrame(step);
  };
  window.requestAnimationFrame(step);
}

function tickMs() {
  return window.atlasTickMs || DEFAULT_TICK_MS;
}

/* The step buttons (and the arrow keys, which press them) draw their frame from the book at the click
   itself: Dash takes longer than a frame on a big page to hand a click to the player, and hands quick clicks
   over together. The frame drawn (window.atlasStepDrawn, null when the book cannot draw it) is where the
   player then moves the slider. Dash gets the click only once that frame is on screen: its handling (the
   player, then the slider's callbacks over the whole page) would otherwise run
   first, and the browser paint the frame after it. */
let handingOver = false;
document.addEventListener("click", function (event) {
  if (handingOver) return;
  const ids = componentIds();
  const button = event.target.closest && event.target.closest(
    [ids.FIRST, ids.BACK, ids.FORWARD, ids.LAST].map(function (id) { return "#" + id; }).join(","));
  if (!button) return;
  window.atlasStepDrawn = null;
  const gd = networkPlot();
  // the book the graph was last drawn from, or the view's book that has come since the server drew it
  const book = gd && (gd.atlasFrame ? gd.atlasFrame.book : window.atlasBook);
  if (!bookFits(gd, book)) return;
  const index = shownIndex(gd, book);
  if (index < 0) return;
  const last = book.labels.length - 1;
  const target = button.id === ids.FIRST ? 0 : button.id === ids.LAST ? last
    : Math.min(last, Math.max(0, index + (button.id === ids.BACK ? -1 : 1)));
  window.atlasPlayback = null;
  if (target !== index) drawFrame(gd, book, target);
  followInPage(book.labels[target]);
  window.atlasStepDrawn = target;
  event.stopImmediatePropagation();
  afterNextPaint(function () {
    handingOver = true;
    try {
      button.click();
    } finally {
      handingOver = false;
    }
  });
}, true);

/* `task` run just after the browser's next paint: a timer set in the frame's animation callbacks fires
   once the frame is drawn. */
function afterNextPaint(task) {
  window.requestAnimationFrame(function () { setTimeout(task, 0); });
}

/* The frame label and the timelines' band on `label`, written into the page while Play runs ahead of
   the slider (frameLabel and followFrame write them when the slider moves). The label's text node is
   kept, so React, which holds it, goes on writing it. */
function followInPage(label) {
  const shown = document.getElementById(componentIds().FRAME_LABEL);
  if (shown && shown.firstChild && shown.firstChild.nodeType === Node.TEXT_NODE) shown.firstChild.nodeValue = label;
  window.atlasMarkerLabel = label;
  [componentIds().TIMELINE, componentIds().GANTT, componentIds().BLOC_CHART, componentIds().MEASURES_CHART]
    .forEach(placeMarker);
}

/* The book's index of the frame the graph shows (drawn from the book or sent by the server), or -1. */
function shownIndex(gd, book) {
  return book.labels.indexOf(gd.layout.meta.frame);
}

/* `frame` drawn from the view's frame book (unless the graph shows it already), when the graph shows
   that view; false when the book cannot draw it, and the server must. */
function drawFromBook(frame, book) {
  const gd = networkPlot();
  if (!bookFits(gd, book) || !(frame >= 0 && frame < book.labels.length)) return false;
  const shown = gd.atlasFrame;
  if (!(shown && shown.book === book && shown.index === frame && gd.layout.meta.frame === book.labels[frame])) {
    drawFrame(gd, book, frame);
  }
  return true;
}

/* Draw `frame` from `book` on the graph. On the flat layouts the canvas draws the frame's lines and
   states at once, the title is set, and plotly's own traces (the states' trace, for hover and clicks,
   and the legend's keys) are brought up to the frame once the steps pause (syncTraces): redrawing them
   takes longer than a frame at 30 per second. On the map, where plotly projects the
   states and lines, all of it is one Plotly.update. meta.frame, which Play waits for, is set at once. */
function drawFrame(gd, book, frame) {
  if (book.matrix) return drawMatrix(gd, book, frame);
  const changes = new Map();
  const change = function (index, path, value) {
    if (!changes.has(index)) changes.set(index, {});
    changes.get(index)[path] = value;
  };
  book.values.forEach(function (entry) { change(entry.index, entry.path, valueAt(entry, frame)); });
  // the server sends the hover text of the frame the user stops on (showHover); until then, the name
  change(book.states, "hovertext", valueAt(book.names, frame).map(function (name) { return "<b>" + name + "</b>"; }));
  const states = changes.get(book.states);
  const positions = book.axes.map(function (axis) { return states[axis] || gd.data[book.states][axis]; });
  const lines = {}, pairs = {};
  book.lines.forEach(function (line) {
    pairs[line.index] = pairsAt(line, frame);
    const xy = lineCoordinates(book.ends, pairs[line.index], positions);
    if (book.canvas) {
      lines[line.index] = {x: xy[0], y: xy[1]};
    } else {
      change(line.index, book.axes[0], xy[0]);
      change(line.index, book.axes[1], xy[1]);
    }
  });
  const meta = gd.layout.meta;
  const shown = shownIndex(gd, book);
  const previous = shown >= 0 ? shown : null;
  meta.frame = book.labels[frame];
  gd.atlasFrame = {book: book, index: frame};
  if (!book.canvas) {
    return Plotly.update(gd, traceUpdate(changes), {"title.text": book.titles[frame]}, Array.from(changes.keys()));
  }
  meta.lines = lines;
  gd.atlasStates = {view: meta.view, size: meta.size, frame: meta.frame, values: states};
  gd.atlasTween = tween(gd, book, previous, frame, positions, pairs);
  gd.atlasPairs = {book: book, frame: frame, pairs: pairs};
  drawOnCanvas(gd, changes, book.titles[frame]);
}

/* Draw `frame` of the matrix from its book (alliance_atlas/figures/frame_book.py matrix_book): the
   heatmap's codes and hover text, cell by cell from the runs of (pair, set of tie types) that hold the
   frame, each row's text cut after its last tie as the server cuts it (plotly then shows no hover past
   it); the frame's row names; the cells gained and lost. The canvas draws the cells and outlines at once
   (drawCells), plotly's traces follow once the steps pause; a frame that renames a row plotly names
   beside it, or the focus state whose name ends its row (the Soviet Union's reads Russia from 1992), is
   one Plotly.update at once, so that no name lags. */
function drawMatrix(gd, book, frame) {
  const rows = book.rows, cells = typedArray(book.cells);
  const pair = typedArray(book.runs.pair), set = typedArray(book.runs.set);
  const first = typedArray(book.runs.first), last = typedArray(book.runs.last);
  const codes = new Uint8Array(rows * rows), z = [], text = [], ends = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    z.push(codes.subarray(r * rows, (r + 1) * rows));
    text.push(new Array(rows).fill(""));
  }
  for (let i = 0; i < pair.length; i++) {
    if (first[i] > frame || frame > last[i]) continue;
    const a = cells[2 * pair[i]], b = cells[2 * pair[i] + 1];
    z[a][b] = z[b][a] = book.codes[set[i]];
    text[a][b] = text[b][a] = book.text[set[i]];
    ends[a] = Math.max(ends[a], b + 1);
    ends[b] = Math.max(ends[b], a + 1);
  }
  text.forEach(function (row, r) { row.length = ends[r]; });
  const names = valueAt(book.names, frame);
  // both cells of each pair, as (row, column) and as plotly's trace of outlines holds them
  const outlined = function (events) {
    const start = typedArray(events.start), chosen = typedArray(events.pair).subarray(start[frame], start[frame + 1]);
    const at = new Int32Array(4 * chosen.length), trace = {x: [], y: [], customdata: []};
    [[0, 1], [1, 0]].forEach(function (sides, half) {
      chosen.forEach(function (p, k) {
        const row = cells[2 * p + sides[0]], column = cells[2 * p + sides[1]];
        at.set([row, column], 2 * (half * chosen.length + k));
        trace.x.push(names[column]);
        trace.y.push(names[row]);
        trace.customdata.push(book.ids[row]);
      });
    });
    return {at: at, trace: trace};
  };
  const gained = outlined(book.gained), lost = outlined(book.lost);
  const meta = gd.layout.meta;
  meta.frame = book.labels[frame];
  gd.atlasFrame = {book: book, index: frame};
  gd.atlasCells = {view: meta.view, frame: meta.frame, rows: rows, codes: codes, gained: gained.at, lost: lost.at};
  const changes = new Map([[book.traces[0], {z: z, text: text, x: names, y: names}],
    [book.traces[1], gained.trace], [book.traces[2], lost.trace]]);
  const heatmap = cellsTrace(gd);
  const renamed = !heatmap || heatmap.x.length !== names.length
    || names.some(function (name, i) { return heatmap.x[i] !== name; });
  const notes = gd.layout.annotations || [];
  const focusNote = notes.findIndex(function (note) { return note.name === "focus"; });
  const refocused = book.focus && focusNote >= 0 && notes[focusNote].text !== book.focus[frame];
  // rows too thin to be named (ATOP's 207) show their names only in hover, which waits for the pause anyway
  if ((renamed && gd._fullLayout.yaxis.showticklabels) || refocused) {
    clearTimeout(gd.atlasSync);
    gd.atlasSync = null;
    const layout = {"title.text": book.titles[frame]};
    if (refocused) layout["annotations[" + focusNote + "].text"] = book.focus[frame];
    return Plotly.update(gd, traceUpdate(changes), layout, Array.from(changes.keys()));
  }
  drawOnCanvas(gd, changes, book.titles[frame]);
}

/* The frame the engine has just set (meta.frame, gd.atlasStates or gd.atlasCells) drawn on the canvas
   now, its title set; plotly's traces brought up to it (`changes`) once the steps pause. */
function drawOnCanvas(gd, changes, title) {
  const label = gd.layout.meta.frame;
  drawNetwork(gd);
  clearTimeout(gd.atlasSync);
  gd.atlasSync = setTimeout(function () { syncTraces(gd, changes, label); }, SETTLE_MS);
  setTitle(gd, title);
}

/* The plot's title: a bold title written into the text plotly drew for the last one, and kept in the
   layout for plotly's next drawing; any other with Plotly.update (which works through the whole figure's
   defaults at every step). Not relayout: dcc.Graph answers one by drawing its own figure again. */
function setTitle(gd, title) {
  const bold = /^<b>([^<&]*)<\/b>$/.exec(title);
  const shown = gd.querySelector(".g-gtitle text.gtitle");
  const tspans = shown ? shown.querySelectorAll("tspan") : [];
  // plotly.js may leave empty text nodes beside the tspan: they show nothing
  const alone = tspans.length === 1 && Array.from(shown.childNodes).every(function (node) {
    return node === tspans[0] || (node.nodeType === Node.TEXT_NODE && !node.nodeValue);
  });
  if (!bold || !alone || !gd.layout.title || !gd._fullLayout.title) {
    return Plotly.update(gd, {}, {"title.text": title});
  }
  tspans[0].textContent = bold[1];
  gd.layout.title.text = title;
  gd._fullLayout.title.text = title;
}

/* One Plotly.update for values per trace: every path an array over the traces, undefined where a trace
   keeps its own. */
function traceUpdate(changes) {
  const indices = Array.from(changes.keys());
  const update = {};
  indices.forEach(function (index, k) {
    Object.entries(changes.get(index)).forEach(function (pathValue) {
      if (!update[pathValue[0]]) update[pathValue[0]] = new Array(indices.length);
      update[pathValue[0]][k] = pathValue[1];
    });
  });
  return update;
}

/* plotly's traces brought up to the frame the canvas shows, once the steps pause: the states' trace
   (hover, clicks), the lines' fading and the bloc keys the legend shows; with the server's hover text
   if it has come. */
function syncTraces(gd, changes, label) {
  gd.atlasSync = null;
  if (!gd.layout || !gd.layout.meta || gd.layout.meta.frame !== label) return;
  const text = takeHover(gd);
  if (text) changes.get(statesTrace(gd)).hovertext = text;
  Plotly.update(gd, traceUpdate(changes), {}, Array.from(changes.keys()));
}

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
