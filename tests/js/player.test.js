/* The player's timing and the keys (assets/atlas/player.js, keys.js), with the page's real component ids. */
const test = require("node:test");
const assert = require("node:assert");
const {modules, fixture, NO_FIXTURES} = require("./load.js");

const atlas = modules("state", "player", "keys");
const ids = fixture("ids");
const skip = ids ? false : NO_FIXTURES;
if (ids) atlas.ids = ids;

test("Play's interval: a speed's own, or the whole span in the seconds asked, never faster than 30 fps", function () {
  assert.strictEqual(atlas.player.tickInterval("500", 99), 500);
  assert.strictEqual(atlas.player.tickInterval("span:10", 99), 100, "100 frames in 10 s");
  assert.strictEqual(atlas.player.tickInterval("span:1", 999), atlas.player.FASTEST_TICK_MS, "1,000 frames in 1 s");
  assert.ok(1000 / atlas.player.FASTEST_TICK_MS <= 30.5);
  assert.ok(atlas.player.tickInterval("banana", 99) > atlas.player.FASTEST_TICK_MS, "an unknown speed plays slower");
});

test("Play keeps its pace, and after a stall goes on from now rather than in a burst", function () {
  // on time, or a little late: the next frame is one interval after the one due
  assert.strictEqual(atlas.player.nextDue(1000, 1003, 33), 1033);
  assert.strictEqual(atlas.player.nextDue(1000, 1030, 33), 1033);
  // a hidden tab for two seconds: one frame now, the next an interval later, not sixty at once
  assert.strictEqual(atlas.player.nextDue(1000, 3000, 33), 3033);
  let due = 0, now = 0, frames = 0;
  while (now < 1000) {
    now += 1000 / 60;  // a display's beat
    if (now >= due - 4) { due = atlas.player.nextDue(due, now, 33); frames += 1; }
  }
  assert.ok(frames >= 29 && frames <= 31, "30 frames a second on a 60 Hz display: " + frames);
});

test("the step buttons lead to the first, previous, next and last frames, held within the frames", {skip}, function () {
  assert.strictEqual(atlas.player.stepTarget(ids.FIRST, 5, 9), 0);
  assert.strictEqual(atlas.player.stepTarget(ids.BACK, 5, 9), 4);
  assert.strictEqual(atlas.player.stepTarget(ids.FORWARD, 5, 9), 6);
  assert.strictEqual(atlas.player.stepTarget(ids.LAST, 5, 9), 9);
  assert.strictEqual(atlas.player.stepTarget(ids.BACK, 0, 9), 0);
  assert.strictEqual(atlas.player.stepTarget(ids.FORWARD, 9, 9), 9);
});

test("frame labels are held within the frames", function () {
  assert.strictEqual(atlas.player.labelAt(["2024-11", "2024-12"], 5), "2024-12");
  assert.strictEqual(atlas.player.labelAt(["2024-11", "2024-12"], -1), "2024-11");
  assert.strictEqual(atlas.player.labelAt([], 0), null);
});

/* A key press on an element matching `selectors` (what target.closest finds). */
function press(key, selectors, extra) {
  const target = {closest: function (query) {
    return query.split(",").some(function (part) { return selectors.includes(part.trim()); }) ? {} : null;
  }};
  return Object.assign({key: key, code: key === " " ? "Space" : key, target: target}, extra || {});
}

test("space plays or pauses, arrows step", {skip}, function () {
  assert.strictEqual(atlas.keys.buttonFor(press(" ", [])), ids.PLAY);
  assert.strictEqual(atlas.keys.buttonFor(press("ArrowRight", [])), ids.FORWARD);
  assert.strictEqual(atlas.keys.buttonFor(press("ArrowLeft", [])), ids.BACK);
  assert.strictEqual(atlas.keys.buttonFor(press("a", [])), null);
});

test("in a tour, Page Down and Page Up go to the next stop and the one before, Escape leaves", {skip}, function () {
  assert.strictEqual(atlas.keys.buttonFor(press("PageDown", [])), ids.TOUR_NEXT);
  assert.strictEqual(atlas.keys.buttonFor(press("PageUp", [])), ids.TOUR_BACK);
  assert.strictEqual(atlas.keys.buttonFor(press("Escape", [])), ids.TOUR_EXIT);
  assert.strictEqual(atlas.keys.buttonFor(press("PageDown", ["input"])), null, "not while typing");
});

test("keys are left alone while typing, with a modifier, and arrows on a focused slider", {skip}, function () {
  assert.strictEqual(atlas.keys.buttonFor(press(" ", ["input"])), null, "typing a space");
  assert.strictEqual(atlas.keys.buttonFor(press("ArrowRight", [".dash-dropdown"])), null, "in a dropdown");
  assert.strictEqual(atlas.keys.buttonFor(press("ArrowRight", [], {ctrlKey: true})), null, "with Ctrl");
  assert.strictEqual(atlas.keys.buttonFor(press("ArrowRight", ["[role='slider']"])), null, "the slider steps itself");
  assert.strictEqual(atlas.keys.buttonFor(press(" ", ["button"])), null, "space presses a focused button itself");
  assert.strictEqual(atlas.keys.buttonFor(press(" ", ["[role='slider']"])), ids.PLAY, "space on the slider plays");
});
