/* The frame book read by the browser's applier (assets/atlas/book.js) gives, for every frame the fixtures
   hold, what the server's own figure of that frame holds (tests/js/fixtures.py computes it without the
   book), in every layout the engine draws: the values that change (markers, labels, positions, bloc
   keys, fading), the lines' coordinates, the matrix's cells and outlines, the titles. */
const test = require("node:test");
const assert = require("node:assert");
const {modules, fixture, NO_FIXTURES} = require("./load.js");

const atlas = modules("arrays", "state", "book");
const VIEWS = ["force", "geo", "circle", "moving-focus", "force-focus-depth-2", "force-blocs", "matrix-focus",
  "matrix-russia", "matrix-types"];

/* A figure value as the fixture writes it: a float32 typed-array spec, or the value itself. */
function plain(value) {
  return value && value.bdata !== undefined ? atlas.arrays.typedArray(value) : value;
}

function assertSame(got, want, where) {
  want = plain(want);
  got = ArrayBuffer.isView(got) || Array.isArray(got) ? Array.from(got) : got;
  if (ArrayBuffer.isView(want)) {
    assert.strictEqual(got.length, want.length, where + ": length");
    want.forEach(function (w, i) {
      const g = Math.fround(got[i]);
      assert.ok(g === w || (Number.isNaN(g) && Number.isNaN(w)), where + "[" + i + "]: " + got[i] + " != " + w);
    });
  } else if (Array.isArray(want) && want.length && Array.isArray(want[0])) {
    assert.strictEqual(got.length, want.length, where + ": rows");
    want.forEach(function (row, r) { assertSame(got[r], row, where + " row " + r); });
  } else {
    assert.deepStrictEqual(got, want, where);
  }
}

for (const name of VIEWS) {
  const view = fixture(name);
  test(name + ": each frame drawn from the book is the server's figure of it", {skip: view ? false : NO_FIXTURES}, function () {
    const book = view.book, figure = view.frames[0].traces;
    assert.ok(atlas.book.readable(book), "the book is of the version the browser reads");
    for (const expected of view.frames) {
      const frame = expected.frame, where = name + " " + expected.label;
      assert.strictEqual(book.labels[frame], expected.label);
      assert.strictEqual(book.titles[frame], expected.title, where + " title");
      if (book.matrix) {
        // the focus state's name at the end of its row, as of the frame (the Soviet Union's reads Russia from 1992)
        assert.strictEqual(book.focus ? book.focus[frame] : null, expected.focus, where + " focus");
        const drawn = atlas.book.matrixFrame(book, frame);
        for (const [index, values] of Object.entries(expected.traces)) {
          const changes = drawn.changes.get(+index);
          for (const [key, want] of Object.entries(values)) assertSame(changes[key], want, where + " trace " + index + " " + key);
        }
        continue;
      }
      const drawn = atlas.book.networkFrame(book, frame, function () {
        return book.axes.map(function (axis) { return plain(figure[book.states][axis]); });
      });
      for (const [index, values] of Object.entries(expected.traces)) {
        for (const [key, want] of Object.entries(values)) {
          const line = drawn.lines[index];
          const changed = drawn.changes.get(+index);
          // a line's coordinates come from the book's runs; a value the book does not hold does not
          // change, and is the figure's (the first frame's)
          const got = line && book.axes.includes(key) ? line[key === book.axes[0] ? "x" : "y"]
            : changed && key in changed ? changed[key] : plain(figure[index][key]);
          assertSame(got, want, where + " trace " + index + " (" + view.names[+index] + ") " + key);
        }
      }
    }
  });

  test(name + ": a frame that is the one before but for its title is known as such", {skip: view ? false : NO_FIXTURES}, function () {
    for (const frame of view.quiet.same) assert.ok(atlas.book.samePicture(view.book, frame - 1, frame), name + " " + frame);
    for (const frame of view.quiet.changed) assert.ok(!atlas.book.samePicture(view.book, frame - 1, frame), name + " " + frame);
    assert.ok(view.quiet.changed.length > 0, "the story's months change the picture");
  });
}

test("a step's fade: December 2024 loses Syria's lines and gains the dotted line of the loss", {skip: fixture("force-focus-depth-2") ? false : NO_FIXTURES}, function () {
  const view = fixture("force-focus-depth-2"), book = view.book;
  const december = book.labels.indexOf("2024-12");
  const figure = view.frames[0].traces;
  const drawn = atlas.book.networkFrame(book, december, function () {
    return book.axes.map(function (axis) { return plain(figure[book.states][axis]); });
  });
  const parts = atlas.book.linesChanged(book, december - 1, null, drawn.pairs, drawn.positions);
  const trace = function (name) { return String(view.names.indexOf(name)); };
  assert.ok(parts.lost[trace("Military cooperation")].x.length > 0, "the solid line of the tie lost fades out");
  assert.ok(parts.gained[trace("lost this month")].x.length > 0, "the dotted line of the loss fades in");
  assert.strictEqual(parts.gained[trace("Military cooperation")].x.length, 0, "no military cooperation tie began");
  const earlier = atlas.book.networkFrame(book, december - 1, function () {
    return book.axes.map(function (axis) { return plain(figure[book.states][axis]); });
  });
  for (const line of book.lines) {
    const i = line.index;
    assert.strictEqual(parts.kept[i].x.length + parts.gained[i].x.length, drawn.lines[i].x.length,
      "kept and gained are the lines after, trace " + i);
    assert.strictEqual(parts.kept[i].x.length + parts.lost[i].x.length, earlier.lines[i].x.length,
      "kept and lost are the lines before, trace " + i);
  }
});

test("a book of another version, or for another view or size, is not drawn", function () {
  const book = {version: atlas.book.VERSION, view: "v", size: [900, 600]};
  assert.ok(atlas.book.fits({view: "v", size: [900, 600]}, book));
  assert.ok(!atlas.book.fits({view: "w", size: [900, 600]}, book), "another view");
  assert.ok(!atlas.book.fits({view: "v", size: [901, 600]}, book), "another size");
  assert.ok(!atlas.book.fits({view: "v", size: [900, 600]}, Object.assign({}, book, {version: atlas.book.VERSION + 1})),
    "another version");
  assert.ok(!atlas.book.fits(null, book) && !atlas.book.fits({view: "v", size: [900, 600]}, null));
});

test("pairs in both, only before and only after", function () {
  assert.deepStrictEqual(atlas.book.splitSorted([1, 3, 5, 7], [3, 4, 7, 9]),
    {both: [3, 7], onlyBefore: [1, 5], onlyAfter: [4, 9]});
  assert.deepStrictEqual(atlas.book.splitSorted([], [2]), {both: [], onlyBefore: [], onlyAfter: [2]});
});
