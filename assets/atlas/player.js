/* The player: Play, Pause and the step buttons, in the browser, so Play and stepping never wait for the
   server to decide the next frame. When the view's frame book fits the graph, frames are drawn from it:
   Play is paced by the browser's animation frames, writes the frame label and the timelines' band itself,
   and moves the slider (whose every change runs Dash's renderer and the slider's callbacks over the
   whole page, longer than a frame at 30 per second) every SLIDER_FOLLOWS_MS and where Play stops. */
(function (atlas) {
  /* Longest Play waits for the network to draw a frame before it moves on regardless (a failed draw
     must not stop Play for good). */
  const MOST_WAIT_MS = 3000;
  /* Play's fastest tick (30 fps) and the tick of a speed the menu does not know. */
  const FASTEST_TICK_MS = 33;
  const DEFAULT_TICK_MS = 200;
  /* How early in a display frame Play draws a frame that falls due within it. */
  const FRAME_SLACK_MS = 4;
  /* How often the slider follows Play when the frames are drawn from the book. */
  const SLIDER_FOLLOWS_MS = 250;

  /* The label of a frame, the frame held within the grid. */
  function labelAt(labels, frame) {
    if (!labels || !labels.length) return null;
    return labels[Math.min(Math.max(frame || 0, 0), labels.length - 1)];
  }

  /* Whether the network graph shows the frame labelled `label` (its figure's meta.frame, set by the
     server with each figure and step); true when there is no graph to wait for. */
  function networkShows(label) {
    const gd = atlas.engine.networkPlot();
    const meta = gd && gd.layout && gd.layout.meta;
    return !meta || meta.frame === undefined || meta.frame === label;
  }

  /* The ticker's interval (ms) for a speed of the menu (components/player.py SPEEDS): an interval, or
     "span:S" for the whole span of lastFrame + 1 frames in S seconds, never under 33 ms (30 fps). */
  function tickInterval(speed, lastFrame) {
    const span = /^span:(\d+)$/.exec(speed || "");
    return span ? Math.max(FASTEST_TICK_MS, Math.round(1000 * parseInt(span[1], 10) / ((lastFrame || 0) + 1)))
      : parseInt(speed, 10) || DEFAULT_TICK_MS;
  }

  function tickMs() {
    return atlas.state.tickMs || DEFAULT_TICK_MS;
  }

  /* When the frame after one due at `due` falls due, at `now`: on pace, or after a stall (a hidden tab, a
     long draw) from now on rather than in a burst. */
  function nextDue(due, now, tick) {
    return now - due > tick ? now + tick : due + tick;
  }

  /* The frame a step button leads to from `index`, of frames 0 to `last`. */
  function stepTarget(button, index, last) {
    const ids = atlas.ids;
    if (button === ids.FIRST) return 0;
    if (button === ids.LAST) return last;
    return Math.min(last, Math.max(0, index + (button === ids.BACK ? -1 : 1)));
  }

  /* The player's callback (slider value, ticker disabled, Play's text). Play moves on only once the
     network shows the slider's frame, so the picture, its title, the frame label and the timeline's
     marker never drift apart: a rate faster than the browser draws plays as fast as it draws. */
  function player(first, back, play, forward, last, ticks, frame, max, paused, labels, book) {
    const ids = atlas.ids, state = atlas.state;
    // a click and a tick can arrive together (at 30 frames per second, often): the click wins
    const fired = dash_clientside.callback_context.triggered.map(function (t) { return t.prop_id.split(".")[0]; });
    const trigger = fired.find(function (id) { return id !== ids.TICKER; }) || fired[0];
    const no = dash_clientside.no_update;
    const gd = atlas.engine.networkPlot();
    const fromBook = atlas.engine.bookFits(gd, book);
    // the frame shown (the slider may lag behind it while playing)
    const shown = fromBook ? atlas.engine.shownIndex(gd, book) : -1;
    const current = shown >= 0 ? shown : frame || 0;
    // the network is drawn now, before Dash moves the slider and runs what follows it (showFrame then
    // finds the frame drawn)
    const drawn = function (target) {
      if (typeof target === "number") atlas.engine.drawFromBook(target, book);
      return target;
    };
    // a paused player's ticker and button are left alone: setting them, even unchanged, runs the
    // callbacks that follow them
    const stopAt = function (target) {
      state.playback = null;
      return paused ? [drawn(target), no, no] : [drawn(target), true, "▶ Play"];
    };
    // the step buttons drew their frame at the click (stepClicked): the slider goes there, however many
    // clicks Dash hands over in one call
    const steps = [ids.FIRST, ids.BACK, ids.FORWARD, ids.LAST];
    if (steps.includes(trigger) && fromBook && typeof state.stepDrawn === "number") return stopAt(state.stepDrawn);
    if (steps.includes(trigger)) return stopAt(stepTarget(trigger, current, max));
    if (trigger === ids.PLAY) {
      if (!paused) return stopAt(current === frame ? no : current);
      const from = current >= max ? 0 : current;
      if (fromBook) playFromBook(gd, book, drawn(from));
      return [current >= max ? 0 : no, false, "❚❚ Pause"];
    }
    if (trigger === ids.TICKER) {
      if (paused) return [no, no, no];
      if (current >= max) return stopAt(current === frame ? no : current);
      // frames drawn from the book are timed by the browser's animation frames (playFromBook), which
      // keep an even pace; the ticker starts them again after a view change that brought a book
      if (fromBook) {
        if (!state.playback) playFromBook(gd, book, current);
        return [no, no, no];
      }
      const now = performance.now();
      if (!networkShows(labelAt(labels, current)) && now - (state.waitingSince || now) < MOST_WAIT_MS) {
        state.waitingSince = state.waitingSince || now;
        return [no, no, no];
      }
      state.waitingSince = null;
      const next = current + 1;
      return next >= max ? stopAt(next) : [next, no, no];
    }
    return [no, no, no];
  }

  /* Play drawn from the book, paced by the browser's animation frames rather than the ticker: a frame
     every tick interval on the display's own beat, so 30 frames per second are 30, not the 27-29 a timer
     gives once Dash's work delays some of its ticks. Stops when anything else takes the graph (another
     view: the ticker's server path goes on) or atlas.state.playback is replaced (a click, a pause). */
  function playFromBook(gd, book, from) {
    const loop = {index: from, due: performance.now() + tickMs(), followed: performance.now()};
    atlas.state.playback = loop;
    const step = function (now) {
      if (atlas.state.playback !== loop) return;
      if (!gd.isConnected || !atlas.engine.bookFits(gd, book)) {
        atlas.state.playback = null;
        return;
      }
      if (now >= loop.due - FRAME_SLACK_MS) {
        loop.due = nextDue(loop.due, now, tickMs());
        loop.index += 1;
        atlas.engine.drawFrame(gd, book, loop.index);
        atlas.timelines.followInPage(book.labels[loop.index]);
        const ids = atlas.ids;
        if (loop.index >= book.labels.length - 1) {
          atlas.state.playback = null;
          dash_clientside.set_props(ids.SLIDER, {value: loop.index});
          dash_clientside.set_props(ids.TICKER, {disabled: true});
          dash_clientside.set_props(ids.PLAY, {children: "▶ Play"});
          return;
        }
        if (now - loop.followed >= SLIDER_FOLLOWS_MS) {
          loop.followed = now;
          dash_clientside.set_props(ids.SLIDER, {value: loop.index});
        }
      }
      window.requestAnimationFrame(step);
    };
    window.requestAnimationFrame(step);
  }

  /* The step buttons (and the arrow keys, which press them) draw their frame from the book at the click
     itself: Dash takes longer than a frame on a big page to hand a click to the player, and hands quick
     clicks over together. The frame drawn (atlas.state.stepDrawn, null when the book cannot draw it) is
     where the player then moves the slider. Dash gets the click only once that frame is on screen: its
     handling (the player, then the slider's callbacks over the whole page) would otherwise run first, and
     the browser paint the frame after it. A listener of the page's clicks, in the capture phase. */
  let handingOver = false;
  function stepClicked(event) {
    if (handingOver) return;
    const ids = atlas.ids, state = atlas.state;
    const button = event.target.closest && event.target.closest(
      [ids.FIRST, ids.BACK, ids.FORWARD, ids.LAST].map(function (id) { return "#" + id; }).join(","));
    if (!button) return;
    state.stepDrawn = null;
    const gd = atlas.engine.networkPlot();
    // the book the graph was last drawn from, or the view's book that has come since the server drew it
    const shown = gd && atlas.plot(gd).frame;
    const book = shown ? shown.book : state.book;
    if (!atlas.engine.bookFits(gd, book)) return;
    const index = atlas.engine.shownIndex(gd, book);
    if (index < 0) return;
    const target = stepTarget(button.id, index, book.labels.length - 1);
    state.playback = null;
    if (target !== index) atlas.engine.drawFrame(gd, book, target);
    atlas.timelines.followInPage(book.labels[target]);
    state.stepDrawn = target;
    event.stopImmediatePropagation();
    afterNextPaint(function () {
      handingOver = true;
      try {
        button.click();
      } finally {
        handingOver = false;
      }
    });
  }

  /* `task` run just after the browser's next paint: a timer set in the frame's animation callbacks fires
     once the frame is drawn. */
  function afterNextPaint(task) {
    window.requestAnimationFrame(function () { setTimeout(task, 0); });
  }

  atlas.player = {labelAt: labelAt, tickInterval: tickInterval, tickMs: tickMs, nextDue: nextDue,
    stepTarget: stepTarget, player: player, stepClicked: stepClicked, FASTEST_TICK_MS: FASTEST_TICK_MS};
})(globalThis.atlas = globalThis.atlas || {});
