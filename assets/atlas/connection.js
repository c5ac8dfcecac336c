/* The server's answer, watched: when Dash's requests stop reaching it (a network error, or a proxy's 502,
   503 or 504 while a worker restarts), the page says so in a banner at its top, since the side panels
   would otherwise keep the last frame without a word; the page asks the server again every few seconds,
   and clears the banner once it answers. */
(function (atlas) {
  const RETRY_MS = 3000;
  const LOST = [502, 503, 504];

  /* Whether a response (or its absence: a network error) means the server is out of reach. */
  function unreachable(status) {
    return status === null || LOST.includes(status);
  }

  function banner(doc) {
    let shown = doc.getElementById("connection-lost");
    if (!shown) {
      shown = doc.createElement("div");
      shown.id = "connection-lost";
      shown.className = "connection-lost";
      shown.setAttribute("role", "status");
      shown.hidden = true;
      doc.body.appendChild(shown);
    }
    return shown;
  }

  /* Watch the page's requests to Dash; returns what stops watching. */
  function watch(win) {
    const doc = win.document, own = win.fetch;
    let retry = null;
    const lost = function () {
      const shown = banner(doc);
      shown.textContent = "The server is not answering: the page shows what it had. Trying again…";
      shown.hidden = false;
      if (!retry) retry = win.setTimeout(ask, RETRY_MS);
    };
    const back = function () {
      const shown = doc.getElementById("connection-lost");
      if (shown) shown.hidden = true;
    };
    const ask = function () {
      retry = null;
      own.call(win, win.location.pathname, {method: "HEAD", cache: "no-store"}).then(function (response) {
        if (unreachable(response.status)) lost(); else back();
      }, lost);
    };
    win.fetch = function (input) {
      const url = typeof input === "string" ? input : (input && input.url) || "";
      const asked = own.apply(this, arguments);
      if (url.indexOf("_dash-update-component") < 0) return asked;
      return asked.then(function (response) {
        if (unreachable(response.status)) lost(); else back();
        return response;
      }, function (error) {
        lost();
        throw error;
      });
    };
    return function unwatch() {
      win.fetch = own;
      win.clearTimeout(retry);
    };
  }

  atlas.connection = {unreachable: unreachable, watch: watch};
})(globalThis.atlas = globalThis.atlas || {});
