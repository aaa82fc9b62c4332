// The WebAssembly and JS every customer page loads to come alive, as customers get them (the
// release build), compressed at the best brotli and gzip settings; and what each lazy island
// adds on the pages that use it. Fails (exit 1) when the bundle every page loads is over budget.
//   node end2end/bench/bundle-bytes.mjs <site pkg dir> <hash.txt> [budget KB, default 50]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [pkg, hashFile, budgetArg] = process.argv.slice(2);
if (!pkg || !hashFile) {
  console.error('usage: node end2end/bench/bundle-bytes.mjs <site pkg dir> <hash.txt> [budget KB]');
  process.exit(2);
}
const budget = Number(budgetArg || 50) * 1000;
const hashes = Object.fromEntries(
  fs.readFileSync(hashFile, 'utf8').split('\n').map((l) => l.trim().split(':').map((s) => s.trim())).filter((p) => p.length === 2),
);
const sizes = (file) => {
  const bytes = fs.readFileSync(path.join(pkg, file));
  const brotli = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length, brotli };
};
const kb = (n) => (n / 1000).toFixed(1);
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const js = sizes(`tirta.${hashes.js}.js`);
const wasm = sizes(`tirta.${hashes.wasm}.wasm`);
const main = add(js, wasm);
const rows = [['JS (every page)', js], ['WebAssembly (every page)', wasm], ['together', main]];
if (hashes.manifest) {
  // A lazy island's chunks, and the split loader, come only on the pages that use it.
  const manifest = JSON.parse(fs.readFileSync(path.join(pkg, `__wasm_split_manifest.${hashes.manifest}.json`), 'utf8'));
  const loader = sizes(`__wasm_split.${hashes.split}.js`);
  for (const [name, chunks] of Object.entries(manifest).sort()) {
    const island = name.replace(/_loader_\d+$/, '');
    rows.push([`+ lazy ${island}`, chunks.map((c) => sizes(`${c}.wasm`)).reduce(add, loader)]);
  }
}
console.log('| What | raw KB | gzip KB | brotli KB |\n|---|---:|---:|---:|');
for (const [what, s] of rows) console.log(`| ${what} | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} |`);
if (main.brotli > budget) {
  console.error(`over budget: every page loads ${kb(main.brotli)} KB (brotli) of JS and WebAssembly, the budget is ${kb(budget)} KB`);
  process.exit(1);
}
console.log(`\nwithin budget: ${kb(main.brotli)} KB of ${kb(budget)} KB (brotli)`);
