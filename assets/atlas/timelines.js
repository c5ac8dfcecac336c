/* The timelines' frame: a band over each timeline marking the frame shown, and the Gantt's two copies
   kept on one year axis. The band is a plain element over the plot, moved here: any plotly update of a
   thousand-bar timeline (relayout included, through Dash's relayoutData round trip) redraws the whole
   timeline at every step; this moves one element.

   plotly internals read here: _fullLayout.xaxis (_offset, _length, c2p: where a date lands in pixels)
   and _size (the plot area), to place the band; _fullLayout.xaxis/xaxis2 ranges, to link the Gantt's
   copies; _context.toImageButtonOptions, the camera button's file name (no public API sets it after
   the plot is made but a redraw). */
(function (atlas) {
  /* Pixels of clear space between a frame's column and the outline marking it. */
  const MARKER_CLEARANCE = 2;

  /* The span of time (ms since 1970, UTC) of a frame's label: a year or a month. */
  function markerSpan(label) {
    const parts = label.split("-").map(Number);
    const start = Date.UTC(parts[0], (parts[1] || 1) - 1, 1);
    const end = parts.length > 1 ? Date.UTC(parts[0], parts[1], 1) : Date.UTC(parts[0] + 1, 0, 1);
    return [start, end];
  }

  function timelineIds() {
    const ids = atlas.ids;
    return [ids.TIMELINE, ids.GANTT, ids.BLOC_CHART, ids.MEASURES_CHART];
  }

  /* Follow the slider: the band on the frame, the timeline's camera button naming its file after the view. */
  function followFrame(frame, timeline, gantt, blocChart, measuresChart, labels, dataset, focus) {
    const ids = atlas.ids;
    const label = atlas.player.labelAt(labels, frame);
    if (label === null) return;
    atlas.state.markerLabel = label;
    // the timeline's camera button saves SVG named after the view, without redrawing the plot (the
    // network has none: its lines are on a canvas the camera would leave out; Export draws them)
    const timelinePlot = document.querySelector("#" + ids.TIMELINE + " .js-plotly-plot");
    if (timelinePlot && timelinePlot._context) {
      const name = [dataset, "timeline", label, focus].filter(Boolean).join("_");
      timelinePlot._context.toImageButtonOptions = {format: "svg", filename: name};
    }
    timelineIds().forEach(placeMarker);
    linkGanttCopies();
    // a new figure is drawn after this callback: place the band again once it is
    window.requestAnimationFrame(function () { timelineIds().forEach(placeMarker); });
  }

  /* The frame label and the timelines' band on `label`, written into the page while Play runs ahead of
     the slider (frameLabel and followFrame write them when the slider moves). The label's text node is
     kept, so React, which holds it, goes on writing it. */
  function followInPage(label) {
    const shown = document.getElementById(atlas.ids.FRAME_LABEL);
    if (shown && shown.firstChild && shown.firstChild.nodeType === Node.TEXT_NODE) shown.firstChild.nodeValue = label;
    atlas.state.markerLabel = label;
    timelineIds().forEach(placeMarker);
  }

  /* The Gantt panel shows one chart twice: its rows, and over them a copy clipped to the header
     (title, key, upper year axis) held in view while the rows scroll (components/timeline_panel.py).
     A zoom or pan in either sets both year axes of both copies, so the header's years stay the rows'. */
  function linkGanttCopies() {
    const ids = atlas.ids;
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
      const hooks = atlas.plot(gd).hooks;
      if (hooks.has("gantt")) return;
      hooks.add("gantt");
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

  function placeMarker(graphId) {
    const gd = document.querySelector("#" + graphId + " .js-plotly-plot");
    const label = atlas.state.markerLabel;
    if (!gd || !gd.on || !label) return;
    const hooks = atlas.plot(gd).hooks;
    if (!hooks.has("marker")) {
      hooks.add("marker");
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

  atlas.timelines = {markerSpan: markerSpan, followFrame: followFrame, followInPage: followInPage};
})(globalThis.atlas = globalThis.atlas || {});
