/* Where the canvas writes a state's label and how it dashes lines (assets/atlas/canvas.js), as plotly
   places a point's text beside its marker. */
const test = require("node:test");
const assert = require("node:assert");
const {modules} = require("./load.js");

const atlas = modules("arrays", "state", "canvas");
const FONT = 12, DIAMETER = 10;

test("a label above its marker has its baseline above the marker, one below its text under it", function () {
  const top = atlas.canvas.labelPlace("top center", DIAMETER, FONT);
  const bottom = atlas.canvas.labelPlace("bottom center", DIAMETER, FONT);
  assert.ok(top.dy < -DIAMETER / 2, "baseline above the marker's top");
  assert.ok(bottom.dy - 0.75 * FONT > DIAMETER / 2 - 1, "text's top below the marker's bottom");
  assert.strictEqual(top.dx, 0);
  assert.strictEqual(top.align, "center");
});

test("a label beside its marker is anchored on the marker's side and centred on it", function () {
  const left = atlas.canvas.labelPlace("middle left", DIAMETER, FONT);
  const right = atlas.canvas.labelPlace("middle right", DIAMETER, FONT);
  assert.ok(left.dx < -DIAMETER / 2 && left.align === "right");
  assert.ok(right.dx > DIAMETER / 2 && right.align === "left");
  assert.strictEqual(left.dy, right.dy);
  // the text's middle (its baseline less half a cap height, about 0.7 em) lies at the marker's centre
  assert.ok(Math.abs(left.dy - 0.35 * FONT) < 1.5);
});

test("the labels written: only states with a label and a place", function () {
  const states = {x: [0, 1, 2, 3], text: ["Syria", " ", "", "Russia"], position: "top center", size: DIAMETER,
    font: {size: FONT}};
  const labels = atlas.canvas.stateLabels(states, {x: [10, 20, 30, NaN], y: [10, 20, 30, 40]});
  assert.deepStrictEqual(labels.map(function (label) { return label.text; }), ["Syria"]);
});

test("dashes in multiples of the line's width, at least 3 px", function () {
  assert.deepStrictEqual(atlas.canvas.dashPattern("dot", 1), [3, 3]);
  assert.deepStrictEqual(atlas.canvas.dashPattern("dash", 2), [9, 9]);
  assert.deepStrictEqual(atlas.canvas.dashPattern("5px,10px", 1), [5, 10]);
  assert.deepStrictEqual(atlas.canvas.dashPattern("solid", 1), []);
});
