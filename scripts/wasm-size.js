// What a browser downloads to hydrate each page, gzipped (-9): the main
// module and its JavaScript, plus the chunks the split manifest lists for the
// page's lazily loaded view. Prints the lightest and heaviest pages, the
// dashboard, how many pages stay under 500 KB, and every chunk together.
//
//     node scripts/wasm-size.js target/site/pkg [target/wasm-split-manifest.json]
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const dir = process.argv[2] || 'target/site/pkg';
const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(dir, file)), { level: 9 }).length;
const kb = (bytes) => `${Math.round(bytes / 1024)} KB`;

const files = fs.readdirSync(dir);
const main = files.filter((f) => /^(seawall(\.[0-9a-f]+)?|__wasm_split\..+)\.(wasm|js)$/.test(f));
const base = main.reduce((sum, f) => sum + gz(f), 0);
const inSite = files.find((f) => f.startsWith('__wasm_split_manifest'));
const manifestFile = process.argv[3] || (inSite ? path.join(dir, inSite) : 'target/wasm-split-manifest.json');
if (!fs.existsSync(manifestFile)) {
  console.log(`wasm: ${kb(base)} gzipped (one module, not split)`);
  process.exit(0);
}
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
const sizes = new Map();
const size = (chunk) => {
  if (!sizes.has(chunk)) sizes.set(chunk, gz(`${chunk}.wasm`));
  return sizes.get(chunk);
};
const pages = Object.entries(manifest)
  .map(([split, chunks]) => ({
    page: split.replace(/^__/, '').replace(/_route_view_\d+$/, ''),
    bytes: base + chunks.reduce((sum, c) => sum + size(c), 0),
    requests: main.length + chunks.length,
  }))
  .sort((a, b) => a.bytes - b.bytes);
const all = files.filter((f) => /^(chunk_|split_).*\.wasm$/.test(f)).reduce((sum, f) => sum + gz(f), 0);
const show = (p) => `${p.page} ${kb(p.bytes)} (${p.requests} files)`;
const dashboard = pages.find((p) => p.page === 'dashboard_page');
const within = pages.filter((p) => p.bytes < 500 * 1024).length;
console.log(`wasm per page, gzipped: main module ${kb(base)}; lightest ${show(pages[0])}; ` +
  `dashboard ${dashboard ? show(dashboard) : 'n/a'}; heaviest ${show(pages[pages.length - 1])}; ` +
  `${within} of ${pages.length} pages under 500 KB; every chunk together ${kb(base + all)}`);
