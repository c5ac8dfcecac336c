/* The page around the plots: its size reported to the server, the link kept in the address bar, names
   for the controls Dash draws without one, the upload's size check, the ties table's rows; and the
   clientside callbacks (window.dash_clientside.atlas, named in components/) that hand over to the
   modules. install() adds the page's listeners and observers, and returns what removes them all; a visit
   without a link is sent to the browser's last view as the page loads. */
(function (atlas) {
  /* The graph's first size is the one it keeps this long, or what it has after MOST_SIZE_WAIT_MS. */
  const SIZE_STEADY_MS = 150;
  const MOST_SIZE_WAIT_MS = 1500;
  /* How long after the last step the side panels follow (settledFrame). */
  const SETTLE_MS = 150;

  /* The network graph's size in pixels, so the server places labels for it: now, and again whenever
     its box changes (a resized window, a scroll bar that comes or goes as panels open), through
     set_props, since a change of size is no Dash event. */
  function graphSize(graphId) {
    const measure = function () {
      const box = document.getElementById(graphId).getBoundingClientRect();
      return box.width > 0 && box.height > 0 ? [Math.round(box.width), Math.round(box.height)] : null;
    };
    const watched = atlas.state.sizeWatch;
    // the panel around the graph, not the graph's own element: dcc.Graph replaces that element once
    // plotly has loaded, and an observer of the first one would watch nothing
    const panel = document.getElementById(graphId).parentElement;
    if (!watched || watched.panel !== panel) {
      if (watched) watched.observer.disconnect();
      const watch = {panel: panel, reported: null, settled: false, pending: null};
      watch.observer = new ResizeObserver(function () {
        clearTimeout(watch.pending);
        watch.pending = setTimeout(function () {
          if (!panel.isConnected) return watch.observer.disconnect();
          const size = measure(), reported = watch.reported;
          // until the first size is settled (below), that size is the one to report
          if (watch.settled && size && (!reported || size[0] !== reported[0] || size[1] !== reported[1])) {
            watch.reported = size;
            dash_clientside.set_props(atlas.ids.NETWORK_SIZE, {data: size});
          }
        }, 200);
      });
      watch.observer.observe(panel);
      atlas.state.sizeWatch = watch;
    }
    const watch = atlas.state.sizeWatch;
    // the first size once the page has settled (the same for SIZE_STEADY_MS): the first figure is then
    // drawn once, for its real size, not drawn again a moment later as the panels fill in
    return new Promise(function (resolve) {
      const started = performance.now();
      let last = null;
      const check = function () {
        const size = measure();
        const steady = size && last && size[0] === last[0] && size[1] === last[1];
        if (steady || performance.now() - started > MOST_SIZE_WAIT_MS) {
          watch.reported = size;
          watch.settled = true;
          resolve(size || dash_clientside.no_update);
        } else {
          last = size;
          setTimeout(check, SIZE_STEADY_MS);
        }
      };
      check();
    });
  }

  /* Where a browser's last view is kept, for its next visit without a link. */
  const LAST_VIEW = "alliance-atlas.view";

  /* The view's query comes from the server (components/url_state.py); the date is added here, when Play
     is paused, and written with replaceState so the Back button's history never fills. It is kept as
     this browser's last view, but for an upload's (which stays with the session that made it). */
  function writeUrl(frame, query, paused, labels, tour) {
    const label = atlas.player.labelAt(labels, frame);
    if (!paused || !query || label === null) return dash_clientside.no_update;
    const params = new URLSearchParams(query);
    params.set("date", label);
    // where a tour stands, so that the link (and a reload) keeps it
    if (tour && tour.tour) {
      params.set("tour", tour.tour);
      params.set("stop", tour.stop);
    }
    const search = "?" + params.toString();
    if (window.location.search !== search) {
      window.history.replaceState(window.history.state, "", window.location.pathname + search);
    }
    if (params.get("dataset") !== "upload") keep(LAST_VIEW, search);
    return search;
  }

  /* A visit without a link opens this browser's last view, if it has one (else the server opens the
     story): written into the address before Dash reads it. */
  function reopenLastView(win) {
    if (win.location.search) return;
    const last = kept(LAST_VIEW);
    if (last) win.history.replaceState(win.history.state, "", win.location.pathname + last);
  }

  // storage may be refused (a private window, a policy): the page works without it
  function keep(key, value) {
    try { window.localStorage.setItem(key, value); } catch (refused) { return; }
  }
  function kept(key) {
    try { return window.localStorage.getItem(key); } catch (refused) { return null; }
  }

  /* The frame the side panels show: the slider's, once Play pauses, and a moment after the last step, so
     that their lists and table are drawn after the network, not in its way, and once per burst of steps
     rather than for every frame passed. */
  function settledFrame(frame, paused) {
    if (!paused) return dash_clientside.no_update;
    const pending = atlas.state.settle;
    if (pending) {
      clearTimeout(pending.timer);
      pending.answer(dash_clientside.no_update);
    }
    return new Promise(function (resolve) {
      atlas.state.settle = {answer: resolve, timer: setTimeout(function () { resolve(frame); }, SETTLE_MS)};
    });
  }

  /* A table's rows from its columns of text (alliance_atlas/events.py text_columns). */
  function tableRows(table) {
    if (!table || !table.columns) return [];
    const columns = table.columns, values = table.values;
    const rows = new Array(values.length ? values[0].length : 0);
    for (let i = 0; i < rows.length; i++) {
      const row = {};
      for (let k = 0; k < columns.length; k++) row[columns[k]] = values[k][i];
      rows[i] = row;
    }
    return rows;
  }

  /* Names for the controls Dash draws without one (axe-core's button-name, label, aria-input-field-name
     aria-progressbar-name and aria-hidden-focus rules): a file input, a slider's handle or a progress bar
     takes its wrapper's data-label (the frame slider's also says the frame shown), and the dropdowns'
     focus relay (a hidden input that hands focus to the dropdown's button) leaves the tab order, the
     button taking its place. */
  function nameUnnamedControls(root) {
    const named = "[data-label] input[type='file'], [data-label] [role='slider'], [data-label] [role='progressbar']";
    root.querySelectorAll(named).forEach(function (control) {
      const name = control.closest("[data-label]").dataset.label;
      if (control.getAttribute("aria-label") !== name) control.setAttribute("aria-label", name);
    });
    root.querySelectorAll("[data-label='Frame'] [role='slider']").forEach(function (thumb) {
      const shown = document.getElementById(atlas.ids.FRAME_LABEL);
      if (shown && thumb.getAttribute("aria-valuetext") !== shown.textContent) {
        thumb.setAttribute("aria-valuetext", shown.textContent);
      }
    });
    root.querySelectorAll(".dash-dropdown-focus-target[tabindex='0']").forEach(function (relay) {
      relay.tabIndex = -1;
      if (relay.nextElementSibling) relay.nextElementSibling.tabIndex = 0;
    });
  }

  /* dcc.Upload drops a file over its max_size without a word: say so in the upload's alert, as the
     server words its own refusals (components/upload.py). */
  function refuseLargeUpload(files, target) {
    const box = target && target.closest ? target.closest("[data-max-bytes]") : null;
    if (!box || !files) return;
    const limit = Number(box.dataset.maxBytes);
    const file = Array.from(files).find(function (f) { return f.size > limit; });
    if (!file) return;
    dash_clientside.set_props(atlas.ids.UPLOAD_ALERT, {
      children: "Not loaded: " + file.name + " is larger than " + Math.round(limit / 1048576)
        + " MB, the largest file this server accepts.",
      color: "danger",
      is_open: true,
    });
  }

  /* The page's listeners (clicks on the step buttons, keys, the pointer over the network, files chosen
     or dropped), the observer that names controls in the page and the watch on the server's
     answers (connection.js); the returned function removes them. */
  function install(doc) {
    const listening = new AbortController(), options = {signal: listening.signal};
    doc.addEventListener("click", atlas.player.stepClicked, {capture: true, signal: listening.signal});
    doc.addEventListener("keydown", atlas.keys.pressed, options);
    doc.addEventListener("pointermove", function (event) {
      if (atlas.state.hover && event.target.closest && event.target.closest("#" + atlas.ids.NETWORK)) {
        atlas.engine.applyHover(atlas.engine.networkPlot());
      }
    }, {passive: true, signal: listening.signal});
    doc.addEventListener("change", function (event) { refuseLargeUpload(event.target.files, event.target); },
      {capture: true, signal: listening.signal});
    doc.addEventListener("drop", function (event) {
      refuseLargeUpload(event.dataTransfer && event.dataTransfer.files, event.target);
    }, {capture: true, signal: listening.signal});
    // the body, not the app's root: dialogs (the Export panel) are drawn outside it
    const root = doc.body;
    const naming = new MutationObserver(function () { nameUnnamedControls(root); });
    naming.observe(root, {subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ["tabindex"]});
    const unwatch = atlas.connection.watch(doc.defaultView);
    return function uninstall() {
      listening.abort();
      naming.disconnect();
      unwatch();
    };
  }

  atlas.page = {graphSize: graphSize, writeUrl: writeUrl, settledFrame: settledFrame, tableRows: tableRows,
    install: install};
  if (typeof document !== "undefined") {
    reopenLastView(window);
    document.addEventListener("DOMContentLoaded", function () { atlas.uninstall = install(document); });
  }
})(globalThis.atlas = globalThis.atlas || {});
