/* A video's page (alliance_atlas/export/images.py): the view's frames drawn from its book by the frame
   engine into the plot the page holds, each resolved once it is on the screen, for the capture. A frame
   that is the page's last picture but for its title (a quiet month) has only its title written. */
(function (atlas) {
  let book = null, shown = null;

  /* The page's plot, drawn from `figure`, showing frame `first` of `frameBook`. */
  function start(figure, frameBook, first, config) {
    book = frameBook;
    shown = first;
    // the ranges the figure gives, before plotly writes the ones it draws into its layout
    const axes = {};
    ["xaxis", "yaxis"].forEach(function (axis) {
      if (figure.layout[axis] && figure.layout[axis].range) axes[axis + ".range"] = figure.layout[axis].range.slice();
    });
    return Plotly.newPlot("gd", figure.data, figure.layout, config).then(function (gd) {
      atlas.plot(gd).axes = axes;
      return onScreen();
    });
  }

  function draw(frame) {
    const gd = document.getElementById("gd");
    const same = atlas.book.samePicture(book, shown, frame);
    shown = frame;
    const drawing = same ? atlas.engine.setTitle(gd, book.titles[frame]) : atlas.engine.drawFrame(gd, book, frame);
    return Promise.resolve(drawing).then(onScreen);
  }

  /* Resolves once a drawing is on the screen: two animation frames later. */
  function onScreen() {
    return new Promise(function (done) {
      requestAnimationFrame(function () { requestAnimationFrame(function () { done(true); }); });
    });
  }

  atlas.video = {start: start, draw: draw};
})(globalThis.atlas = globalThis.atlas || {});
