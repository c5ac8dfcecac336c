/* Keyboard: space plays or pauses, arrows step; in a tour, Page Down and Page Up go to the next and the
   stop before (a presenter's clicker sends them) and Escape leaves it. Nothing happens while the user types
   in a field, space presses a focused button or link as usual (Play among them), and arrows are left to a
   focused slider, which steps by itself. */
(function (atlas) {
  const TOUR_KEYS = {PageDown: "TOUR_NEXT", PageUp: "TOUR_BACK", Escape: "TOUR_EXIT"};

  /* The id of the button a key press stands for, or null. */
  function buttonFor(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return null;
    const target = event.target;
    if (!target || !target.closest) return null;
    if (target.closest("input, textarea, select, [contenteditable='true'], .Select, .dash-dropdown")) return null;
    const space = event.key === " " || event.code === "Space";
    if (space) return target.closest("button, a[href], summary, [role='button']") ? null : atlas.ids.PLAY;
    if (target.closest("[role='slider'], .dash-slider, .rc-slider")) return null;
    if (event.key === "ArrowRight") return atlas.ids.FORWARD;
    if (event.key === "ArrowLeft") return atlas.ids.BACK;
    return TOUR_KEYS[event.key] ? atlas.ids[TOUR_KEYS[event.key]] : null;
  }

  /* A listener of the page's key presses. */
  /* A listener of the page's key presses: a key whose button is not on the page (a tour's, without a
     tour) or is disabled does what it does elsewhere (Page Down scrolls). */
  function pressed(event) {
    const id = buttonFor(event);
    const button = id && document.getElementById(id);
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  }

  atlas.keys = {buttonFor: buttonFor, pressed: pressed};
})(globalThis.atlas = globalThis.atlas || {});
