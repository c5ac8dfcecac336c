/* Keyboard: space plays or pauses, arrows step. Nothing happens while the user types in a field, space
   presses a focused button or link as usual (Play among them), and arrows are left to a focused slider,
   which steps by itself. */
(function (atlas) {
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
    return null;
  }

  /* A listener of the page's key presses. */
  function pressed(event) {
    const id = buttonFor(event);
    if (!id) return;
    event.preventDefault();
    const button = document.getElementById(id);
    if (button) button.click();
  }

  atlas.keys = {buttonFor: buttonFor, pressed: pressed};
})(globalThis.atlas = globalThis.atlas || {});
