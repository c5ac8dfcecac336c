/* The ties table's CSV (AG Grid writes it in the browser) as safe for spreadsheets as the server's CSV
   exports: text that a spreadsheet would run as a formula gets a leading apostrophe. The pattern is
   alliance_atlas/export/tables.py's FORMULA; tests/fixtures/formula_cells.json holds the cases both
   sides are tested on. */
(function (root) {
  const FORMULA = /^(?:[\t\r]|["' \n\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20])/;

  function spreadsheetSafe(value) {
    return typeof value === "string" && FORMULA.test(value) ? "'" + value : value;
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { spreadsheetSafe };
  } else {
    root.dashAgGridFunctions = Object.assign({}, root.dashAgGridFunctions, { spreadsheetSafe });
  }
})(this);
