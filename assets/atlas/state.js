/* The browser code's state, in one place: what the page holds (the player's loop, the view's book, the
   hover text on its way, the timelines' frame) and, per plot, what the frame engine and the canvas keep
   beside plotly's own (kept in a WeakMap, so it goes with the plot's element). The component ids come
   from the page (app.py writes atlas.ids from components/ids.py). */
(function (atlas) {
  atlas.ids = atlas.ids || {};
  atlas.state = {
    playback: null,       // Play drawing from the book (player.playFromBook), or null
    stepDrawn: null,      // the frame a step button drew at its click, for the player to move the slider to
    waitingSince: null,   // when Play began waiting for the server's frame
    settle: null,         // the side panels' pending frame {timer, answer}
    tickMs: null,         // Play's interval (player.tickInterval)
    book: null,           // the view's frame book, for the step buttons' own click listener
    hover: null,          // the server's hover text of the frame stopped on
    markerLabel: null,    // the frame the timelines' band marks
  };
  const plots = new WeakMap();

  /* What is kept beside plotly's own state for the plot `gd`. */
  atlas.plot = function (gd) {
    if (!plots.has(gd)) plots.set(gd, {hooks: new Set()});
    return plots.get(gd);
  };
})(globalThis.atlas = globalThis.atlas || {});
