/* Reading a view's frame book (alliance_atlas/figures/frame_contract.py, the schema in
   docs/frame-book.schema.json): what any frame of the view sets in the figure, worked out in the
   browser. Pure: it reads the book and returns arrays, and the frame engine (engine.js) draws them. */
(function (atlas) {
  /* The book's shape this code reads (frame_contract.FRAME_BOOK_VERSION): a book of another shape is
     left to the server, which then sends each step. */
  const VERSION = 1;

  function readable(book) {
    return Boolean(book) && book.version === VERSION;
  }

  /* Whether a plot whose layout.meta is `meta` shows the view, at the size, that `book` was made for. */
  function fits(meta, book) {
    return Boolean(readable(book) && meta && meta.view === book.view && meta.size && book.size
      && meta.size[0] === book.size[0] && meta.size[1] === book.size[1]);
  }

  /* One value of the book at `frame`: a frame's own value, a row of float32, or a row of codes into a
     table of texts or of numbers (levels; null stands for NaN, which JSON cannot write). */
  function valueAt(entry, frame) {
    const typedArray = atlas.arrays.typedArray;
    if (entry.frames) return entry.frames[frame];
    const start = frame * entry.width, end = start + entry.width;
    if (entry.numbers) return typedArray(entry.numbers).slice(start, end);
    const codes = typedArray(entry.codes).subarray(start, end);
    if (entry.levels) return Float32Array.from(codes, function (c) { return entry.levels[c] === null ? NaN : entry.levels[c]; });
    return Array.from(codes, function (c) { return entry.table[c]; });
  }

  /* The pairs (slots of book.ends) a trace of lines draws at `frame`, in ascending order: runs are
     ordered by pair, and a pair is in at most one run at a time. */
  function pairsAt(line, frame) {
    const typedArray = atlas.arrays.typedArray;
    const pair = typedArray(line.pair), first = typedArray(line.first), last = typedArray(line.last);
    const chosen = [];
    for (let i = 0; i < pair.length; i++) {
      if (first[i] <= frame && frame <= last[i]) chosen.push(pair[i]);
    }
    return chosen;
  }

  /* Line coordinates for `pairs`, a NaN after each: the book's points per pair, or on the moving layout a
     straight line between the two ends' positions in the frame ([x, y] of the states). */
  function lineCoordinates(ends, pairs, positions) {
    const typedArray = atlas.arrays.typedArray;
    if (ends.stride !== undefined) {
      const stride = ends.stride, px = typedArray(ends.x), py = typedArray(ends.y);
      const x = new Float32Array(pairs.length * stride), y = new Float32Array(pairs.length * stride);
      pairs.forEach(function (p, k) {
        x.set(px.subarray(p * stride, (p + 1) * stride), k * stride);
        y.set(py.subarray(p * stride, (p + 1) * stride), k * stride);
      });
      return [x, y];
    }
    const src = typedArray(ends.src), tgt = typedArray(ends.tgt);
    const x = new Float32Array(pairs.length * 3), y = new Float32Array(pairs.length * 3);
    pairs.forEach(function (p, k) {
      x[3 * k] = positions[0][src[p]]; x[3 * k + 1] = positions[0][tgt[p]]; x[3 * k + 2] = NaN;
      y[3 * k] = positions[1][src[p]]; y[3 * k + 1] = positions[1][tgt[p]]; y[3 * k + 2] = NaN;
    });
    return [x, y];
  }

  /* Two ascending lists of pairs: those in both, only in the first, only in the second. */
  function splitSorted(before, after) {
    const both = [], onlyBefore = [], onlyAfter = [];
    let i = 0, j = 0;
    while (i < before.length || j < after.length) {
      if (j >= after.length || (i < before.length && before[i] < after[j])) onlyBefore.push(before[i++]);
      else if (i >= before.length || after[j] < before[i]) onlyAfter.push(after[j++]);
      else { both.push(before[i++]); j++; }
    }
    return {both: both, onlyBefore: onlyBefore, onlyAfter: onlyAfter};
  }

  /* What `frame` of a network view sets: `changes`, per trace index its paths and values (the states'
     hover text is their names until the server's comes); per trace of lines its pairs and its lines'
     coordinates. On a book drawn on the canvas (book.canvas) the lines are the canvas's, not their
     traces'. `ownPositions` gives the states' [x, y] when the book has none per frame (they do not move). */
  function networkFrame(book, frame, ownPositions) {
    const changes = new Map();
    const change = function (index, path, value) {
      if (!changes.has(index)) changes.set(index, {});
      changes.get(index)[path] = value;
    };
    book.values.forEach(function (entry) { change(entry.index, entry.path, valueAt(entry, frame)); });
    change(book.states, "hovertext", valueAt(book.names, frame).map(function (name) { return "<b>" + name + "</b>"; }));
    const states = changes.get(book.states);
    const given = ownPositions ? ownPositions() : [];
    const positions = book.axes.map(function (axis, k) { return states[axis] || given[k]; });
    const lines = {}, pairs = {};
    book.lines.forEach(function (line) {
      pairs[line.index] = pairsAt(line, frame);
      const xy = lineCoordinates(book.ends, pairs[line.index], positions);
      lines[line.index] = {x: xy[0], y: xy[1]};
      if (!book.canvas) {
        change(line.index, book.axes[0], xy[0]);
        change(line.index, book.axes[1], xy[1]);
      }
    });
    return {changes: changes, states: states, positions: positions, lines: lines, pairs: pairs};
  }

  /* A step's lines by what the step does to them, per trace of lines: kept, gained and lost, from the
     pairs drawn before (`before`: per trace, or null to read them from the book at frame `previous`) and
     after. */
  function linesChanged(book, previous, before, after, positions) {
    const kept = {}, gained = {}, lost = {};
    book.lines.forEach(function (line) {
      const split = splitSorted((before && before[line.index]) || pairsAt(line, previous), after[line.index]);
      [[kept, split.both], [gained, split.onlyAfter], [lost, split.onlyBefore]].forEach(function (part) {
        const xy = lineCoordinates(book.ends, part[1], positions);
        part[0][line.index] = {x: xy[0], y: xy[1]};
      });
    });
    return {kept: kept, gained: gained, lost: lost};
  }

  /* What `frame` of the matrix sets (alliance_atlas/figures/frame_book.py matrix_book): the heatmap's codes
     (row by row in one array, and as rows) and hover text, cell by cell from the runs of (pair, set of
     tie types) that hold the frame, each row's text cut after its last tie as the server cuts it (plotly
     then shows no hover past it); the row names; the cells gained and lost, as (row, column) pairs and
     as plotly's traces of outlines hold them; `changes`, per trace its values. */
  function matrixFrame(book, frame) {
    const typedArray = atlas.arrays.typedArray;
    const rows = book.rows, cells = typedArray(book.cells);
    const pair = typedArray(book.runs.pair), set = typedArray(book.runs.set);
    const first = typedArray(book.runs.first), last = typedArray(book.runs.last);
    const codes = new Uint8Array(rows * rows), z = [], text = [], ends = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      z.push(codes.subarray(r * rows, (r + 1) * rows));
      text.push(new Array(rows).fill(""));
    }
    for (let i = 0; i < pair.length; i++) {
      if (first[i] > frame || frame > last[i]) continue;
      const a = cells[2 * pair[i]], b = cells[2 * pair[i] + 1];
      z[a][b] = z[b][a] = book.codes[set[i]];
      text[a][b] = text[b][a] = book.text[set[i]];
      ends[a] = Math.max(ends[a], b + 1);
      ends[b] = Math.max(ends[b], a + 1);
    }
    text.forEach(function (row, r) { row.length = ends[r]; });
    const names = valueAt(book.names, frame);
    // both cells of each pair, as (row, column) and as plotly's trace of outlines holds them
    const outlined = function (events) {
      const start = typedArray(events.start), chosen = typedArray(events.pair).subarray(start[frame], start[frame + 1]);
      const at = new Int32Array(4 * chosen.length), trace = {x: [], y: [], customdata: []};
      [[0, 1], [1, 0]].forEach(function (sides, half) {
        chosen.forEach(function (p, k) {
          const row = cells[2 * p + sides[0]], column = cells[2 * p + sides[1]];
          at.set([row, column], 2 * (half * chosen.length + k));
          trace.x.push(names[column]);
          trace.y.push(names[row]);
          trace.customdata.push(book.ids[row]);
        });
      });
      return {at: at, trace: trace};
    };
    const gained = outlined(book.gained), lost = outlined(book.lost);
    const changes = new Map([[book.traces[0], {z: z, text: text, x: names, y: names}],
      [book.traces[1], gained.trace], [book.traces[2], lost.trace]]);
    return {rows: rows, codes: codes, names: names, gained: gained.at, lost: lost.at, changes: changes};
  }

  /* Whether frames `a` and `b` draw the same picture but for their titles (a quiet month). */
  function samePicture(book, a, b) {
    const same = function (x, y) {
      if (x === y) return true;
      if (!x || !y || typeof x !== "object" || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !(x[i] !== x[i] && y[i] !== y[i])) return false;
      return true;
    };
    if (book.matrix) {
      const one = matrixFrame(book, a), other = matrixFrame(book, b);
      return same(one.codes, other.codes) && same(one.names, other.names) && !other.gained.length
        && !other.lost.length && !one.gained.length && !one.lost.length;
    }
    return book.values.concat([book.names]).every(function (entry) { return same(valueAt(entry, a), valueAt(entry, b)); })
      && book.lines.every(function (line) { return same(pairsAt(line, a), pairsAt(line, b)); });
  }

  atlas.book = {VERSION: VERSION, readable: readable, fits: fits, valueAt: valueAt, pairsAt: pairsAt,
    lineCoordinates: lineCoordinates, splitSorted: splitSorted, networkFrame: networkFrame,
    linesChanged: linesChanged, matrixFrame: matrixFrame, samePicture: samePicture};
})(globalThis.atlas = globalThis.atlas || {});
