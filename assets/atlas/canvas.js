/* The network drawn on a canvas under the plot's SVG. On the flat layouts: the lines from layout.meta.lines
   (typed arrays per trace of lines, see components/network_panel.py) in each trace's colour, width, dash
   and opacity, for the traces the legend shows; then the states as plotly would draw their trace
   (uid "states": plotly draws only its markers, which the page's CSS keeps invisible but for hover and
   clicks): markers and labels with a halo. On the matrix: its cells and the outlines of the cells gained
   and lost. A frame the engine drew gives its values before plotly's traces have them (atlas.plot(gd)).

   plotly internals read here, for want of a public API: _fullLayout's axes (_offset, _length, l2p: where
   a value lands in pixels, as plotly draws it) and the map's projection (geo._subplot.projection), its
   width, height, _size and font; _fullData (each trace's resolved visibility, line and marker, as the
   legend leaves them). */
(function (atlas) {
  const at = function (values, i) { return atlas.arrays.at(values, i); };

  /* plotly's dash patterns (Drawing.dashStyle): lengths in multiples of the line width, at least 3 px. */
  function dashPattern(dash, width) {
    const unit = Math.max(width, 3);
    const named = {dot: [1, 1], dash: [3, 3], longdash: [5, 5], dashdot: [3, 1, 1, 1], longdashdot: [5, 2, 1, 2]};
    if (named[dash]) return named[dash].map(function (n) { return n * unit; });
    return String(dash || "").split(",").map(parseFloat).filter(function (n) { return n > 0; });
  }

  /* plotly's placement of a point's text (Drawing.textPointPosition): beside the marker, a little
     further out than its radius, anchored on the side named. */
  function labelPlace(position, diameter, fontSize) {
    const v = position.indexOf("top") >= 0 ? -1 : position.indexOf("bottom") >= 0 ? 1 : 0;
    const h = position.indexOf("left") >= 0 ? -1 : position.indexOf("right") >= 0 ? 1 : 0;
    const r = diameter ? diameter / 2 / 0.8 + 1 : 0;
    return {dx: h * r, dy: fontSize * 0.75 + v * r + (v - 1) * fontSize / 2,
      align: h < 0 ? "right" : h > 0 ? "left" : "center"};
  }

  /* The labels the canvas writes: each state's text, where its baseline starts (canvas pixels) and how it
     is aligned there. */
  function stateLabels(states, pixels) {
    const labels = [];
    for (let i = 0; i < states.x.length; i++) {
      const text = at(states.text, i);
      if (!text || !text.trim() || isNaN(pixels.x[i]) || isNaN(pixels.y[i])) continue;
      const place = labelPlace(at(states.position, i), at(states.size, i), states.font.size);
      labels.push({text: text, x: pixels.x[i] + place.dx, y: pixels.y[i] + place.dy, align: place.align});
    }
    return labels;
  }

  function draw(gd) {
    const meta = gd.layout && gd.layout.meta;
    const lines = meta && meta.lines, cells = meta && meta.cells;
    const layout = gd._fullLayout;
    let canvas = gd.querySelector("canvas.network-lines");
    const place = layout && placing(layout);
    if (!(lines || cells) || !place) {
      if (canvas) canvas.remove();
      return;
    }
    if (!canvas) {
      canvas = document.createElement("canvas");
      canvas.className = "network-lines";
      // under the plot's SVG, which is see-through; on the map, over it (its land and sea are not), under
      // the SVG of the hover labels
      const container = gd.querySelector(".svg-container");
      container.insertBefore(canvas, layout.geo ? container.querySelector(".main-svg").nextSibling : container.firstChild);
    }
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(layout.width * ratio) || canvas.height !== Math.round(layout.height * ratio)) {
      canvas.width = Math.round(layout.width * ratio);
      canvas.height = Math.round(layout.height * ratio);
      canvas.style.width = layout.width + "px";
      canvas.style.height = layout.height + "px";
    }
    const context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, layout.width, layout.height);
    context.save();
    context.beginPath();
    context.rect.apply(context, place.clip);
    context.clip();
    if (cells) drawCells(context, gd, layout.xaxis, layout.yaxis, cells);
    else drawLines(context, gd, place, lines);
    context.restore();
  }

  /* Where a point of the plot lands in pixels, and the plot area: on the map, plotly's projection of
     (longitude, latitude), zoom and pan included; else the axes' (x, y). null before plotly has laid out. */
  function placing(layout) {
    const geo = layout.geo && layout.geo._subplot;
    if (geo && geo.projection) {
      const size = layout._size;
      return {clip: [size.l, size.t, size.w, size.h], pixel: function (lon, lat) { return geo.projection([lon, lat]); }};
    }
    const xa = layout.xaxis, ya = layout.yaxis;
    if (!xa || !ya || !xa.l2p) return null;
    return {clip: [xa._offset, ya._offset, xa._length, ya._length],
      pixel: function (x, y) { return [xa._offset + xa.l2p(x), ya._offset + ya.l2p(y)]; }};
  }

  /* The lines, part way through a step's fade (the lines the step keeps, gains and loses, each at its
     share), then the states; while a fade lasts, drawn again at the next animation frame. */
  function drawLines(context, gd, place, lines) {
    context.lineCap = "butt";
    context.lineJoin = "round";
    const kept = atlas.plot(gd), fade = kept.tween;
    const fading = fade && fade.frame === gd.layout.meta.frame ? fade : null;
    const progress = fading ? Math.min(1, (performance.now() - fading.start) / fading.duration) : 1;
    const parts = fading && progress < 1
      ? [[fading.kept, 1], [fading.gained, progress], [fading.lost, 1 - progress]] : [[lines, 1]];
    Object.keys(lines).forEach(function (index) {
      const trace = gd._fullData[+index];
      if (!trace || trace.visible !== true || !trace.line) return;
      context.strokeStyle = trace.line.color;
      context.lineWidth = trace.line.width;
      context.setLineDash(dashPattern(trace.line.dash, trace.line.width));
      parts.forEach(function (part) {
        const drawn = part[0][index];
        if (!drawn) return;
        const x = atlas.arrays.asArray(drawn.x), y = atlas.arrays.asArray(drawn.y);
        context.globalAlpha = (trace.opacity === undefined ? 1 : trace.opacity) * part[1];
        context.beginPath();
        let drawing = false;
        for (let i = 0; i < x.length; i++) {
          if (isNaN(x[i]) || isNaN(y[i])) { drawing = false; continue; }
          const p = place.pixel(x[i], y[i]);
          if (drawing) context.lineTo(p[0], p[1]); else context.moveTo(p[0], p[1]);
          drawing = true;
        }
        context.stroke();
      });
    });
    const states = shownStates(gd), pixels = states && statePixels(states, place);
    if (states && kept.found && kept.found.index >= 0) drawFoundTies(context, gd, place, lines, pixels, kept.found.index);
    if (states) drawStates(context, states, pixels, kept.found);
    if (fading && progress < 1 && !fading.pending) {
      fading.pending = true;
      window.requestAnimationFrame(function () {
        fading.pending = false;
        if (kept.tween === fading) draw(gd);
      });
    }
  }

  /* The states' values drawn: plotly's trace, with the values of a frame the engine drew on top. Its
     labels' place and font are the figure's own (plotly, which draws only the trace's markers, keeps none). */
  function shownStates(gd) {
    const index = gd._fullData.findIndex(function (trace) {
      return trace.uid === "states" && trace.name === "states" && trace.visible === true && trace.marker;
    });
    if (index < 0) return null;
    const trace = gd._fullData[index], given = gd.data[trace.index], meta = gd.layout.meta;
    const early = atlas.plot(gd).states;
    const drawn = early && early.view === meta.view && early.frame === meta.frame
      && String(early.size) === String(meta.size) ? early.values : {};
    const value = function (path, own) { return drawn[path] !== undefined ? drawn[path] : own; };
    const font = Object.assign({}, gd._fullLayout.font, given.textfont);
    const geo = trace.type === "scattergeo", xKey = geo ? "lon" : "x", yKey = geo ? "lat" : "y";
    return {x: value(xKey, trace[xKey]), y: value(yKey, trace[yKey]), size: value("marker.size", trace.marker.size),
      opacity: value("marker.opacity", trace.marker.opacity), color: value("marker.color", trace.marker.color),
      text: value("text", trace.text), position: value("textposition", given.textposition || "middle center"),
      line: trace.marker.line, font: font};
  }

  /* The states' centres in the canvas's pixels. */
  function statePixels(states, place) {
    const n = states.x.length, px = new Float32Array(n), py = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const absent = states.x[i] === null || states.y[i] === null || isNaN(states.x[i]) || isNaN(states.y[i]);
      const p = absent ? [NaN, NaN] : place.pixel(states.x[i], states.y[i]);
      px[i] = p[0];
      py[i] = p[1];
    }
    return {x: px, y: py};
  }

  /* The ties of the state found (find.js), drawn over the others in the find colour: the lines of the
     traces shown that end at its marker. */
  function drawFoundTies(context, gd, place, lines, pixels, found) {
    const fx = pixels.x[found], fy = pixels.y[found];
    if (isNaN(fx) || isNaN(fy)) return;
    context.setLineDash([]);
    context.globalAlpha = 0.9;
    context.strokeStyle = atlas.find.COLOR;
    Object.keys(lines).forEach(function (index) {
      const trace = gd._fullData[+index];
      if (!trace || trace.visible !== true) return;
      const x = atlas.arrays.asArray(lines[index].x), y = atlas.arrays.asArray(lines[index].y);
      context.lineWidth = trace.line.width + 2;
      const pixel = function (k) { return place.pixel(x[k], y[k]); };
      let start = 0;
      for (let i = 0; i <= x.length; i++) {
        if (i < x.length && !isNaN(x[i]) && !isNaN(y[i])) continue;
        const end = i - 1;
        if (end > start) {
          const a = pixel(start), b = pixel(end);
          if (atlas.find.meets(a[0], a[1], b[0], b[1], fx, fy)) {
            context.beginPath();
            context.moveTo(a[0], a[1]);
            for (let k = start + 1; k <= end; k++) context.lineTo.apply(context, pixel(k));
            context.stroke();
          }
        }
        start = i + 1;
      }
    });
    context.globalAlpha = 1;
  }

  function drawStates(context, states, pixels, found) {
    const px = pixels.x, py = pixels.y;
    context.setLineDash([]);
    context.lineWidth = states.line.width;
    context.strokeStyle = states.line.color;
    for (let i = 0; i < px.length; i++) {
      if (isNaN(px[i]) || isNaN(py[i])) continue;
      context.globalAlpha = at(states.opacity, i);
      context.fillStyle = at(states.color, i);
      context.beginPath();
      context.arc(px[i], py[i], at(states.size, i) / 2, 0, 2 * Math.PI);
      context.fill();
      context.stroke();
    }
    context.globalAlpha = 1;
    if (found && found.index >= 0 && !isNaN(px[found.index])) {
      atlas.find.ring(context, px[found.index], py[found.index], at(states.size, found.index));
    }
    context.font = states.font.size + "px " + states.font.family;
    context.textBaseline = "alphabetic";
    context.lineJoin = "round";
    context.lineWidth = 3;
    context.strokeStyle = "#fff";
    context.fillStyle = states.font.color;
    stateLabels(states, pixels).forEach(function (label) {
      context.textAlign = label.align;
      context.strokeText(label.text, label.x, label.y);
      context.fillText(label.text, label.x, label.y);
    });
  }

  /* The tint over the row and the column of the matrix's cell under the pointer. */
  const CROSSHAIR = "rgba(255, 170, 0, 0.35)";
  /* The tint over the row and the column of the state found (find.js). */
  const FOUND_TINT = "rgba(255, 127, 0, 0.25)";

  /* The matrix's cells as plotly would draw its heatmap (uid "cells", whose image the page's CSS hides):
     one pixel per cell in `colors` (layout.meta.cells, a colour per code), stretched over the rows and
     columns without smoothing (rows run down the page: the y axis is reversed); then the outlines of the
     cells gained and lost, as plotly's open squares (uids "gained" and "lost", hidden too), of the traces
     the legend shows; the row and the column of the cell under the pointer are tinted. */
  function drawCells(context, gd, xa, ya, colors) {
    const shown = shownCells(gd);
    if (!shown) return;
    const kept = atlas.plot(gd);
    const n = Math.max(shown.rows, 1), palette = colors.map(colorBytes);
    const image = new ImageData(n, n);
    for (let i = 0; i < shown.rows * shown.rows; i++) image.data.set(palette[shown.codes[i]] || palette[0], 4 * i);
    if (!kept.cellsImage || kept.cellsImage.width !== n) {
      kept.cellsImage = document.createElement("canvas");
      kept.cellsImage.width = kept.cellsImage.height = n;
    }
    kept.cellsImage.getContext("2d").putImageData(image, 0, 0);
    const left = xa._offset + xa.l2p(-0.5), right = xa._offset + xa.l2p(shown.rows - 0.5);
    const top = ya._offset + ya.l2p(-0.5), bottom = ya._offset + ya.l2p(shown.rows - 0.5);
    context.imageSmoothingEnabled = false;
    context.drawImage(kept.cellsImage, left, top, right - left, bottom - top);
    const width = (right - left) / shown.rows, height = (bottom - top) / shown.rows;
    const tint = function (row, column, color) {
      if (row >= shown.rows || column >= shown.rows) return;
      context.fillStyle = color;
      context.fillRect(left, top + row * height, right - left, height);
      context.fillRect(left + column * width, top, width, bottom - top);
    };
    if (kept.found && kept.found.row >= 0) tint(kept.found.row, kept.found.row, FOUND_TINT);
    if (kept.crosshair) tint(kept.crosshair.row, kept.crosshair.column, CROSSHAIR);
    context.setLineDash([]);
    shown.outlines.forEach(function (outline) {
      const marker = outline.trace.marker, side = marker.size;
      context.strokeStyle = marker.color;
      context.lineWidth = marker.line.width;
      for (let i = 0; i < outline.at.length; i += 2) {
        const x = xa._offset + xa.l2p(outline.at[i + 1]), y = ya._offset + ya.l2p(outline.at[i]);
        context.strokeRect(x - side / 2, y - side / 2, side, side);
      }
    });
  }

  /* The matrix drawn: the frame the engine drew, else plotly's traces (the server's figure or step): the
     codes row by row, and each outline trace the legend shows with its cells as (row, column). The
     outlines' traces are read as the figure gives them: plotly hides a trace without points from its
     full data, and a frame drawn since may have some. */
  function shownCells(gd) {
    const heatmap = cellsTrace(gd);
    if (!heatmap) return null;
    const meta = gd.layout.meta, early = atlas.plot(gd).cells;
    const drawn = early && early.view === meta.view && early.frame === meta.frame ? early : null;
    const rows = drawn ? drawn.rows : heatmap.x.length;
    let codes = drawn && drawn.codes;
    if (!codes) {
      codes = new Uint8Array(rows * rows);
      heatmap.z.forEach(function (row, r) { codes.set(row, r * rows); });
    }
    const index = drawn ? null : new Map(heatmap.x.map(function (name, i) { return [name, i]; }));
    const outlines = gd.data.filter(function (trace) {
      return (trace.uid === "gained" || trace.uid === "lost") && (trace.visible === undefined || trace.visible === true);
    }).map(function (trace) {
      if (drawn) return {trace: trace, at: drawn[trace.uid]};
      const cells = new Int32Array(2 * trace.x.length);
      trace.x.forEach(function (name, i) { cells.set([index.get(trace.y[i]), index.get(name)], 2 * i); });
      return {trace: trace, at: cells};
    });
    return {rows: rows, codes: codes, outlines: outlines};
  }

  /* The matrix's heatmap, as plotly holds it (uid "cells"), or undefined. */
  function cellsTrace(gd) {
    return gd._fullData.find(function (trace) { return trace.uid === "cells"; });
  }

  /* A CSS colour's RGBA bytes, as the canvas reads it. */
  const colorBytesOf = new Map();
  function colorBytes(color) {
    if (!colorBytesOf.has(color)) {
      const probe = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
      probe.fillStyle = color;
      probe.fillRect(0, 0, 1, 1);
      colorBytesOf.set(color, probe.getImageData(0, 0, 1, 1).data);
    }
    return colorBytesOf.get(color);
  }

  atlas.canvas = {draw: draw, dashPattern: dashPattern, labelPlace: labelPlace, stateLabels: stateLabels,
    shownStates: shownStates, statePixels: statePixels, placing: placing, cellsTrace: cellsTrace, colorBytes: colorBytes};
})(globalThis.atlas = globalThis.atlas || {});
