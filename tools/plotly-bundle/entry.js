// The dashboard's plotly.js: its core with the trace types the app draws (scatter is in the core).
// Parsed in about a seventh of the time of the full bundle dcc.Graph would otherwise load.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/scattergeo')
]);

module.exports = Plotly;
