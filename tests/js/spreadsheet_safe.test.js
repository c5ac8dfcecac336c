const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const { spreadsheetSafe } = require("../../assets/spreadsheet_safe.js");
const cases = require(path.join(__dirname, "..", "fixtures", "formula_cells.json"));

test("cells a spreadsheet would run get an apostrophe", () => {
  for (const cell of cases.formula) assert.strictEqual(spreadsheetSafe(cell), "'" + cell, JSON.stringify(cell));
});

test("plain text and numbers pass as they are", () => {
  for (const cell of cases.text) assert.strictEqual(spreadsheetSafe(cell), cell, JSON.stringify(cell));
  assert.strictEqual(spreadsheetSafe(-1), -1);
  assert.strictEqual(spreadsheetSafe(null), null);
});
