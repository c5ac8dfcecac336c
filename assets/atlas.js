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
