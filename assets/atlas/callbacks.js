/* The clientside callbacks the components name (ClientsideFunction(namespace="atlas", ...)), each handing
   over to the module that does the work. */
(function (atlas) {
  const no = function () { return window.dash_clientside.no_update; };
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atlas: {
      player: function () { return atlas.player.player.apply(null, arguments); },
      followFrame: function () { return atlas.timelines.followFrame.apply(null, arguments); },
      settledFrame: function (frame, paused) { return atlas.page.settledFrame(frame, paused); },
      tickInterval: function (speed, lastFrame) {
        atlas.state.tickMs = atlas.player.tickInterval(speed, lastFrame);
        return atlas.state.tickMs;
      },
      /* The slider's frame, drawn in the browser from the view's frame book when the graph shows that
         view; else handed to the server (NETWORK_FRAME), which sends the step. */
      showFrame: function (frame, book) {
        if (atlas.engine.drawFromBook(frame, book)) return no();
        const gd = atlas.engine.networkPlot();
        if (gd) atlas.plot(gd).frame = null;
        return frame;
      },
      /* The frame whose hover text the server is to send: the settled frame of a network drawn from its
         book (the matrix's book holds its hover text, and compare mode gets its own with each step). */
      hoverFrame: function (frame, book) {
        return book && !book.matrix ? frame : no();
      },
      /* The view's frame book, kept for the step buttons' own click listener. */
      keepBook: function (book) {
        atlas.state.book = book;
      },
      /* The network's figure has changed: its plot is hooked to redraw the canvas (once per plot). */
      watchNetwork: function () {
        atlas.engine.watchNetwork();
      },
      /* The hover text of the frame the user stopped on, from the server: written into the states' trace
         when the pointer is over the network, since writing it redraws the states, which must not hold
         up a burst of steps taken with the buttons or the keys. */
      showHover: function (hover) {
        atlas.state.hover = hover;
        const gd = atlas.engine.networkPlot();
        if (gd && gd.matches(":hover")) atlas.engine.applyHover(gd);
      },
      tableRows: function (table) { return atlas.page.tableRows(table); },
      frameLabel: function (frame, labels) { return atlas.player.labelAt(labels, frame) || ""; },
      writeUrl: function () { return atlas.page.writeUrl.apply(null, arguments); },
      graphSize: function (graphId) { return atlas.page.graphSize(graphId); },
      findState: function (id) { return atlas.find.findState(id); },
    },
  });
})(globalThis.atlas = globalThis.atlas || {});
