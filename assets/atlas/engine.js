/* The frame engine: draws any frame of a network view from the view's frame book (book.js reads it), so
   that a step is a canvas redraw and, once the steps pause, one plotly update of the states and the
   legend (on the matrix, of its heatmap and outlines), with no round trip to the server. A book not
   drawn on the canvas (the map; a video's page) is drawn with one Plotly.update a frame. The app, the
   video pages (alliance_atlas/export/images.py) and the tests draw frames through drawFrame.

   plotly internals read here: _fullLayout.title and yaxis.showticklabels (whether plotly names the
   matrix's rows), which no public API gives. */
(function (atlas) {
  /* A step's fade (tween) lasts this long, or 60% of Play's frame; none under SHORTEST_TWEEN_MS. */
  const TWEEN_MS = 300;
  const SHORTEST_TWEEN_MS = 100;
  /* How long after the last step plotly's traces follow the canvas. */
  const SYNC_MS = 150;

  function networkPlot() {
    return document.querySelector("#" + atlas.ids.NETWORK + " .js-plotly-plot");
  }

  /* Whether the graph shows the view, at the size, that `book` was made for. */
  function bookFits(gd, book) {
    return Boolean(gd && gd.layout && atlas.book.fits(gd.layout.meta, book));
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
    const shown = atlas.plot(gd).frame;
    if (!(shown && shown.book === book && shown.index === frame && gd.layout.meta.frame === book.labels[frame])) {
      atlas.engine.drawFrame(gd, book, frame);
    }
    return true;
  }

  /* Draw `frame` from `book` on the plot `gd`. On the canvas the frame's lines and states are drawn at
     once and the title set, and plotly's own traces (the states' trace, for hover and clicks, and the
     legend's keys) are brought up to the frame once the steps pause (syncTraces): redrawing them takes
     longer than a frame at 30 per second. Otherwise all of it is one Plotly.update, whose promise is
     returned; it sets the axes' ranges the plot's figure gave (atlas.plot(gd).axes), where it has them: plotly
     widens the ranges of axes that keep an aspect ratio (scaleanchor) a little at each update of their data. meta.frame, which Play waits for, is set at once. */
  function drawFrame(gd, book, frame) {
    if (book.matrix) return drawMatrix(gd, book, frame);
    const drawn = atlas.book.networkFrame(book, frame, function () {
      return book.axes.map(function (axis) { return gd.data[book.states][axis]; });
    });
    const meta = gd.layout.meta, kept = atlas.plot(gd);
    const shown = shownIndex(gd, book);
    meta.frame = book.labels[frame];
    kept.frame = {book: book, index: frame};
    if (!book.canvas) {
      return Plotly.update(gd, traceUpdate(drawn.changes), Object.assign({"title.text": book.titles[frame]}, kept.axes),
        Array.from(drawn.changes.keys()));
    }
    meta.lines = drawn.lines;
    kept.states = {view: meta.view, size: meta.size, frame: meta.frame, values: drawn.states};
    kept.tween = tween(gd, book, shown >= 0 ? shown : null, frame, drawn);
    kept.pairs = {book: book, frame: frame, pairs: drawn.pairs};
    drawOnCanvas(gd, drawn.changes, book.titles[frame]);
  }

  /* A step's fade on the canvas: the lines gained fade in and the lines lost fade out (each trace's,
     the "gained" and "lost" highlights among them) while the frame lasts, so the eye follows what
     changed. Only when a frame lasts long enough to see it (single steps, Play at 5 frames per second or
     slower): faster Play, and steps taken faster than a fade (a held arrow key), draw each frame as it is
     and cost nothing more. Not for users who ask for reduced motion. */
  function tween(gd, book, previous, frame, drawn) {
    const kept = atlas.plot(gd);
    const duration = Math.min(TWEEN_MS, 0.6 * (atlas.state.playback ? atlas.player.tickMs() : TWEEN_MS));
    const now = performance.now(), quick = now - (kept.stepAt || 0) < duration;
    kept.stepAt = now;
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (previous === null || previous === frame || duration < SHORTEST_TWEEN_MS || quick || reduced) return null;
    const known = kept.pairs && kept.pairs.book === book && kept.pairs.frame === previous ? kept.pairs.pairs : null;
    const parts = atlas.book.linesChanged(book, previous, known, drawn.pairs, drawn.positions);
    return Object.assign({frame: book.labels[frame], start: now, duration: duration}, parts);
  }

  /* Draw `frame` of the matrix from its book: the canvas draws the cells and outlines at once
     (canvas.js), plotly's traces follow once the steps pause; a frame that renames a row plotly names
     beside it, or the focus state whose name ends its row (the Soviet Union's reads Russia from 1992), is
     one Plotly.update at once, so that no name lags; so is every frame of a book not drawn on the canvas. */
  function drawMatrix(gd, book, frame) {
    const drawn = atlas.book.matrixFrame(book, frame);
    const meta = gd.layout.meta, kept = atlas.plot(gd);
    meta.frame = book.labels[frame];
    kept.frame = {book: book, index: frame};
    kept.cells = {view: meta.view, frame: meta.frame, rows: drawn.rows, codes: drawn.codes, gained: drawn.gained,
      lost: drawn.lost};
    const heatmap = atlas.canvas.cellsTrace(gd), names = drawn.names;
    const renamed = !heatmap || heatmap.x.length !== names.length
      || names.some(function (name, i) { return heatmap.x[i] !== name; });
    const notes = gd.layout.annotations || [];
    const focusNote = notes.findIndex(function (note) { return note.name === "focus"; });
    const refocused = book.focus && focusNote >= 0 && notes[focusNote].text !== book.focus[frame];
    // rows too thin to be named (ATOP's 207) show their names only in hover, which waits for the pause anyway
    if (!book.canvas || (renamed && gd._fullLayout.yaxis.showticklabels) || refocused) {
      clearTimeout(kept.sync);
      kept.sync = null;
      const layout = {"title.text": book.titles[frame]};
      if (refocused) layout["annotations[" + focusNote + "].text"] = book.focus[frame];
      return Plotly.update(gd, traceUpdate(drawn.changes), layout, Array.from(drawn.changes.keys()));
    }
    drawOnCanvas(gd, drawn.changes, book.titles[frame]);
  }

  /* The frame the engine has just set drawn on the canvas now, its title set; plotly's traces brought up
     to it (`changes`) once the steps pause. */
  function drawOnCanvas(gd, changes, title) {
    const label = gd.layout.meta.frame, kept = atlas.plot(gd);
    atlas.canvas.draw(gd);
    clearTimeout(kept.sync);
    kept.sync = setTimeout(function () { syncTraces(gd, changes, label); }, SYNC_MS);
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
    atlas.plot(gd).sync = null;
    if (!gd.layout || !gd.layout.meta || gd.layout.meta.frame !== label) return;
    const text = takeHover(gd);
    if (text) changes.get(statesTrace(gd)).hovertext = text;
    Plotly.update(gd, traceUpdate(changes), {}, Array.from(changes.keys()));
  }

  /* The server's hover text (player's showHover) into the states' trace, once the graph shows its frame
     of its view, unless the trace already has it (as a step the server sent does). */
  function applyHover(gd) {
    if (!gd || atlas.plot(gd).sync) return;  // the traces' sync takes it
    const text = takeHover(gd);
    const index = statesTrace(gd);
    const shown = text && index >= 0 ? gd.data[index].hovertext : null;
    if (!shown || (shown.length === text.length && shown.every(function (t, i) { return t === text[i]; }))) return;
    Plotly.restyle(gd, {hovertext: [text]}, [index]);
  }

  /* The server's hover text, taken, if it is for the view and frame the graph shows; else null. */
  function takeHover(gd) {
    const hover = atlas.state.hover, meta = gd.layout && gd.layout.meta;
    if (!hover || !meta || meta.view !== hover.view || meta.frame !== hover.frame) return null;
    atlas.state.hover = null;
    return hover.text;
  }

  function statesTrace(gd) {
    return gd.data.findIndex(function (trace) { return trace.name === "states"; });
  }

  /* The network's plot redraws its canvas after every plotly drawing and while the user pans or zooms.
     dcc.Graph draws its figure again after a zoom or pan (it copies the axes into its figure), with the
     frame the server last sent: a frame the engine drew since is drawn again over it. Hooked once per
     plot element, when the graph's figure changes (watchNetwork); plotly drops the listeners with the plot. */
  function hookNetwork(gd) {
    const kept = atlas.plot(gd);
    if (kept.hooks.has("network")) return;
    kept.hooks.add("network");
    const draw = function () {
      const shown = kept.frame, meta = gd.layout && gd.layout.meta;
      if (shown && bookFits(gd, shown.book) && meta.frame !== shown.book.labels[shown.index]) {
        atlas.engine.drawFrame(gd, shown.book, shown.index);
      } else {
        atlas.canvas.draw(gd);
      }
    };
    ["plotly_afterplot", "plotly_relayouting", "plotly_relayout", "plotly_restyle"].forEach(function (event) {
      gd.on(event, draw);
    });
    // the matrix's cell under the pointer: its row and column marked on the canvas
    gd.on("plotly_hover", function (event) {
      const point = event && event.points && event.points[0];
      if (!point || !point.data || point.data.uid !== "cells" || !Array.isArray(point.pointNumber)) return;
      kept.crosshair = {row: point.pointNumber[0], column: point.pointNumber[1]};
      atlas.canvas.draw(gd);
    });
    gd.on("plotly_unhover", function () {
      if (!kept.crosshair) return;
      kept.crosshair = null;
      atlas.canvas.draw(gd);
    });
    draw();
  }

  /* Longest the network's plot is waited for after its figure changes. */
  const MOST_PLOT_WAIT_MS = 10000;

  /* Hook the network's plot once plotly has made it (dcc.Graph makes its element once plotly has loaded). */
  function watchNetwork() {
    const started = performance.now();
    const look = function () {
      const gd = networkPlot();
      if (gd && gd.on) hookNetwork(gd);
      else if (performance.now() - started < MOST_PLOT_WAIT_MS) setTimeout(look, 50);
    };
    look();
  }

  atlas.engine = {networkPlot: networkPlot, bookFits: bookFits, shownIndex: shownIndex, drawFromBook: drawFromBook,
    drawFrame: drawFrame, setTitle: setTitle, traceUpdate: traceUpdate, applyHover: applyHover, watchNetwork: watchNetwork};
})(globalThis.atlas = globalThis.atlas || {});
