// node build.js OUTFILE: plotly.js's own esbuild settings (esbuild-config.js), minified, for entry.js
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { version } = require('plotly.js/package.json');

esbuild.build({
    entryPoints: [require.resolve('./entry.js')],
    outfile: process.argv[2],
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'eof',
    banner: { js: `/*! plotly.js v${version} (the trace types of tools/plotly-bundle/entry.js) | MIT License */` },
    plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'warning'
}).catch(() => process.exit(1));
