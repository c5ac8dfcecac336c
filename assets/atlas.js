/* Clientside pieces of Alliance Atlas: the player, the frame label, the URL writer, keyboard keys.
   They run in the browser so Play and stepping never wait for the server to decide the next frame. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  atlas: {
    player: function (first, back, play, forward, last, ticks, frame, max, paused) {
      const trigger = (dash_clientside.callback_context.triggered[0] || {}).prop_id || "";
      const no = dash_clientside.no_update;
      const current = frame || 0;
      const stop = [no, true, "▶ Play"];
      if (trigger.startsWith("step-first")) return [0, true, "▶ Play"];
      if (trigger.startsWith("step-last")) return [max, true, "▶ Play"];
      if (trigger.startsWith("step-back")) return [Math.max(0, current - 1), true, "▶ Play"];
      if (trigger.startsWith("step-forward")) return [Math.min(max, current + 1), true, "▶ Play"];
      if (trigger.startsWith("play")) {
        if (!paused) return stop;
        return [current >= max ? 0 : no, false, "❚❚ Pause"];
      }
      if (trigger.startsWith("ticker")) {
        if (paused) return [no, no, no];
        if (current >= max) return stop;
        const next = current + 1;
        return next >= max ? [next, true, "▶ Play"] : [next, no, no];
      }
      return [no, no, no];
    },

    /* Follow the slider in the browser. The band that marks the frame on the timelines is a plain element over the plot,
       moved here: any plotly update of a thousand-bar timeline (relayout included, through
       Dash's relayoutData round trip) costs ~100 ms a step, this costs well under 1 ms. */
    followFrame: function (frame, timeline, gantt, labels, dataset, focus) {
      if (!labels || !labels.length) return dash_clientside.no_update;
      window.atlasMarkerLabel = labels[Math.min(Math.max(frame || 0, 0), labels.length - 1)];
      // the mode bar's camera button saves SVG named after the view, without redrawing the plot
      ["network-graph", "timeline-graph"].forEach(function (id) {
        const gd = document.querySelector("#" + id + " .js-plotly-plot");
        if (gd && gd._context) {
          const name = [dataset, id.split("-")[0], window.atlasMarkerLabel, focus].filter(Boolean).join("_");
          gd._context.toImageButtonOptions = {format: "svg", filename: name};
        }
      });
      ["timeline-graph", "gantt-graph"].forEach(placeMarker);
      // a new figure is drawn after this callback: place the band again once it is
      window.requestAnimationFrame(function () { ["timeline-graph", "gantt-graph"].forEach(placeMarker); });
      return window.atlasMarkerLabel;
    },

    frameLabel: function (frame, labels) {
      if (!labels || !labels.length) return "";
      return labels[Math.min(Math.max(frame || 0, 0), labels.length - 1)];
    },

    writeUrl: function (frame, dataset, step, focus, depth, types, layout, paused, labels, typeOptions) {
      if (!paused || !labels || !labels.length) return dash_clientside.no_update;
      const params = new URLSearchParams();
      params.set("dataset", dataset);
      params.set("date", labels[Math.min(Math.max(frame || 0, 0), labels.length - 1)]);
      if (focus) params.set("focus", focus);
      if (depth && depth !== 1) params.set("depth", depth);
      if (layout && layout !== "force") params.set("layout", layout);
      if (step === "year") params.set("step", "year");
      const all = (typeOptions || []).map(function (o) { return o.value; });
      if (types && all.length && types.length !== all.length) params.set("types", types.join(","));
      const search = "?" + params.toString();
      if (window.location.search !== search) {
        window.history.replaceState(window.history.state, "", window.location.pathname + search);
      }
      return search;
    },
  },
});

function markerSpan(label) {
  const parts = label.split("-").map(Number);
  const start = Date.UTC(parts[0], (parts[1] || 1) - 1, 1);
  const end = parts.length > 1 ? Date.UTC(parts[0], parts[1], 1) : Date.UTC(parts[0] + 1, 0, 1);
  return [start, end];
}

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
  const left = xa._offset + xa.c2p(span[0]), right = xa._offset + xa.c2p(span[1]);
  band.style.left = Math.max(xa._offset, left) + "px";
  band.style.width = Math.max(2, Math.min(right, xa._offset + xa._length) - Math.max(left, xa._offset)) + "px";
  band.style.top = size.t + "px";
  band.style.height = size.h + "px";
  band.dataset.frame = label;
}

/* Keyboard: space plays or pauses, arrows step. Nothing happens while the user types in a field,
   and arrows are left to a focused slider, which steps by itself. */
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  const typing = target.closest && target.closest("input, textarea, select, [contenteditable='true'], .Select, .dash-dropdown");
  if (typing) return;
  const onSlider = target.closest && target.closest("[role='slider'], .dash-slider, .rc-slider");
  const click = function (id) {
    const element = document.getElementById(id);
    if (element) element.click();
  };
  if (event.key === " " || event.code === "Space") {
    event.preventDefault();
    click("play");
  } else if (event.key === "ArrowRight" && !onSlider) {
    event.preventDefault();
    click("step-forward");
  } else if (event.key === "ArrowLeft" && !onSlider) {
    event.preventDefault();
    click("step-back");
  }
});
