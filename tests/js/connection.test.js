/* The page says when the server stops answering, and clears it when the server answers again
   (assets/atlas/connection.js), on a stand-in window whose fetch fails or answers as told. */
const test = require("node:test");
const assert = require("node:assert");
const {modules} = require("./load.js");

const atlas = modules("connection");

/* A window with a body, timers run by hand, and a fetch answering with `answers.status` (null: no answer). */
function standIn() {
  const elements = {}, timers = [];
  const doc = {
    getElementById: function (id) { return elements[id] || null; },
    createElement: function () { return {setAttribute: function () {}}; },
    body: {appendChild: function (element) { elements[element.id] = element; }},
  };
  const answers = {status: 200, asked: []};
  const win = {
    document: doc, location: {pathname: "/"},
    setTimeout: function (task) { timers.push(task); return timers.length; }, clearTimeout: function () {},
    fetch: function (url) {
      answers.asked.push(url);
      return answers.status === null ? Promise.reject(new TypeError("Failed to fetch"))
        : Promise.resolve({status: answers.status});
    },
  };
  return {win: win, answers: answers, banner: function () { return elements["connection-lost"]; },
    retry: function () { return timers.shift()(); }};
}

test("a callback that gets no answer shows the banner; the server's next answer clears it", async function () {
  const page = standIn(), stop = atlas.connection.watch(page.win);
  await page.win.fetch("/_dash-update-component", {});
  assert.strictEqual(page.banner(), undefined, "no banner while the server answers");
  page.answers.status = null;
  await assert.rejects(page.win.fetch("/_dash-update-component", {}));
  assert.strictEqual(page.banner().hidden, false);
  assert.match(page.banner().textContent, /not answering/);
  page.answers.status = 200;
  page.retry();
  await new Promise(function (done) { setImmediate(done); });
  assert.strictEqual(page.banner().hidden, true, "cleared once the server answers");
  stop();
});

test("a proxy's 502 while a worker restarts counts as no answer; an error of the app's own does not", function () {
  assert.ok(atlas.connection.unreachable(null));
  assert.ok(atlas.connection.unreachable(502) && atlas.connection.unreachable(504));
  assert.ok(!atlas.connection.unreachable(500) && !atlas.connection.unreachable(200) && !atlas.connection.unreachable(204));
});

test("requests other than Dash's callbacks are left alone", async function () {
  const page = standIn(), stop = atlas.connection.watch(page.win);
  page.answers.status = null;
  await assert.rejects(page.win.fetch("/assets/topojson/world.json"));
  assert.strictEqual(page.banner(), undefined);
  stop();
});
