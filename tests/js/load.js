/* The browser code's modules (assets/atlas/) loaded into Node, as the page loads them, and the fixtures
   the core writes for them (tests/js/fixtures.py), which the tests are skipped without. */
const fs = require("node:fs");
const path = require("node:path");

const ASSETS = path.join(__dirname, "..", "..", "assets", "atlas");
const FIXTURES = process.env.ATLAS_JS_FIXTURES || path.join(__dirname, "..", "..", ".venv", "js-fixtures");

function modules(...names) {
  for (const name of names) require(path.join(ASSETS, name + ".js"));
  return globalThis.atlas;
}

/* The fixture `name` (JSON), or null when the fixtures were not made. */
function fixture(name) {
  const file = path.join(FIXTURES, name + ".json");
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf-8")) : null;
}

const NO_FIXTURES = "no fixtures in " + FIXTURES + ": make them with `python -m tests.js.fixtures " + FIXTURES + "`";

module.exports = {modules, fixture, NO_FIXTURES, FIXTURES};
