/* Find on the picture: the state chosen in "Find on the picture" is ringed, its ties drawn over the rest
   in the find colour and the view centred on it (zoomed in twice on the flat layouts and the map; on
   the matrix, its row and column are tinted), in every frame until the choice is cleared. The states'
   trace names them by id (customdata), so a state is found whatever its name on the frame's date. */
(function (atlas) {
  const COLOR = "#ff7f00";

  /* The index of state `id` in the states' trace of `gd`, or -1. */
  function stateIndex(gd, id) {
    const states = gd.data.find(function (trace) { return trace.name === "states"; });
    return states && states.customdata ? states.customdata.indexOf(id) : -1;
  }

  /* The matrix's row of state `id`, or -1. */
  function matrixRow(gd, id) {
    const heatmap = atlas.canvas.cellsTrace(gd);
    const ids = heatmap && heatmap.customdata;
    return ids ? ids.findIndex(function (row) { return row[0] === id; }) : -1;
  }

  /* The callback: the state `id` found (or none), and what the status line says. `figure` is there so that
     a new view finds the state again. */
  function findState(id) {
    const gd = atlas.engine.networkPlot();
    if (!gd || !gd.data) return window.dash_clientside.no_update;
    const kept = atlas.plot(gd), was = kept.found;
    if (!id) {
      kept.found = null;
      if (was) atlas.canvas.draw(gd);
      return "";
    }
    const row = matrixRow(gd, id), index = row >= 0 ? -1 : stateIndex(gd, id);
    if (row < 0 && index < 0) {
      kept.found = null;
      atlas.canvas.draw(gd);
      return "Not on this view (the filters leave it no tie).";
    }
    kept.found = {id: id, index: index, row: row};
    if (!was || was.id !== id) centre(gd, kept.found);
    atlas.canvas.draw(gd);
    return row >= 0 ? "Its row and column are marked." : "Ringed, with its ties; the view is centred on it.";
  }

  /* The view centred on the state found, zoomed in twice (a new choice only, not every frame). */
  function centre(gd, found) {
    if (found.index < 0) return;
    const states = gd._fullData.find(function (trace) { return trace.name === "states"; });
    const drawn = atlas.plot(gd).states;
    const x = (drawn && drawn.values.x) || states.x, y = (drawn && drawn.values.y) || states.y;
    const lon = states.lon, lat = states.lat;
    if (lon && lat) {
      if (isNaN(lon[found.index])) return;
      return Plotly.relayout(gd, {"geo.center.lon": lon[found.index], "geo.center.lat": lat[found.index],
        "geo.projection.scale": 2});
    }
    const cx = x[found.index], cy = y[found.index];
    if (cx === null || cy === null || isNaN(cx) || isNaN(cy)) return;
    const xr = gd._fullLayout.xaxis.range, yr = gd._fullLayout.yaxis.range;
    const hx = (xr[1] - xr[0]) / 4, hy = (yr[1] - yr[0]) / 4;
    return Plotly.relayout(gd, {"xaxis.range": [cx - hx, cx + hx], "yaxis.range": [cy - hy, cy + hy]});
  }

  /* On the canvas: the ring around the state found at pixel (x, y), `size` its marker's diameter. */
  function ring(context, x, y, size) {
    context.save();
    context.globalAlpha = 1;
    context.setLineDash([]);
    context.strokeStyle = COLOR;
    context.lineWidth = 3;
    context.beginPath();
    context.arc(x, y, size / 2 + 5, 0, 2 * Math.PI);
    context.stroke();
    context.restore();
  }

  /* Whether a line that ends at pixel (ax, ay) or (bx, by) meets the state at (x, y). */
  function meets(ax, ay, bx, by, x, y) {
    return (Math.abs(ax - x) < 0.75 && Math.abs(ay - y) < 0.75) || (Math.abs(bx - x) < 0.75 && Math.abs(by - y) < 0.75);
  }

  atlas.find = {findState: findState, ring: ring, meets: meets, COLOR: COLOR};
})(globalThis.atlas = globalThis.atlas || {});
