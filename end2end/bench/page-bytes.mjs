// What each customer page costs a phone on a first visit: the bytes of its HTML, CSS, JS and
// WebAssembly, as the server sent them and compressed at the best brotli and gzip settings (what
// precompressed static files and a CDN would send). Each page opens in an empty cache and is
// measured once it is interactive (<html data-hydrated>).
//   node end2end/bench/page-bytes.mjs <base URL> <customer number with unpaid bills> <office code> [table.md]
// Prints JSON: per page, per kind, raw / gzip / brotli bytes, and what went over the wire; with a
// fourth argument also writes the table as Markdown. Needs QRIS configured (demo mode) to open a
// payment and the office's queue open (the server's TIRTA_QUEUE_CLOCK inside its hours).
import { chromium } from '@playwright/test';
import zlib from 'node:zlib';

const [base, number, office, markdown] = process.argv.slice(2);
if (!base || !number || !office) {
  console.error('usage: node end2end/bench/page-bytes.mjs <base URL> <customer number> <office code>');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const phone = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

// The pages that need something made first: a payment, a receipt, a ticket.
const log = (...a) => process.stderr.write(a.join(' ') + '\n');
const setup = await browser.newContext(phone);
const api = setup.request;
const bill = await (await api.get(`${base}/tagihan?no=${number}`)).text();
const receipt = bill.match(/href="(\/resi\/[0-9A-Fa-f]+)"/)?.[1];
const started = await api.post(`${base}/api/payments/qris`, { form: { number }, headers: { accept: 'text/html' }, maxRedirects: 0 });
const payment = started.headers()['location'];
const officePage = await (await api.get(`${base}/kantor/${office}`)).text();
const service = officePage.match(/<select id="queue-service" name="service">\s*<option value="(\d+)"/)?.[1];
const taken = service
  ? await api.post(`${base}/api/queue/take`, { form: { office, service, phone: `0812${String(Date.now()).slice(-8)}` }, headers: { accept: 'text/html' }, maxRedirects: 0 })
  : null;
// One ticket per phone number a day: a fresh number each run.
const ticket = taken?.headers()['location']?.startsWith('/antrean/') ? taken.headers()['location'] : undefined;
log('made', payment, receipt, ticket);
await setup.close();

const pages = [
  ['home', '/'],
  ['bill', `/tagihan?no=${number}`],
  ['payment', payment],
  ['virtual accounts', `/bayar/va?no=${number}`],
  ['receipt', receipt],
  ['office', `/kantor/${office}`],
  ['ticket', ticket],
  ['notices', '/gangguan'],
  ['tariffs', '/tarif'],
];

const kindOf = (type, url) => {
  if (type === 'document') return 'html';
  if (type === 'stylesheet') return 'css';
  if (url.endsWith('.wasm')) return 'wasm';
  if (type === 'script' || url.endsWith('.js')) return 'js';
  return 'other';
};

// Static files are the same on every page: compressed once.
const compressed = new Map();
const sizes = (url, body) => {
  const key = url.includes('/pkg/') ? url : null;
  if (key && compressed.has(key)) return compressed.get(key);
  const s = {
    raw: body.length,
    gzip: zlib.gzipSync(body, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  if (key) compressed.set(key, s);
  return s;
};

const results = [];
for (const [name, path] of pages) {
  if (!path) {
    results.push({ page: name, error: 'could not be made (no receipt, payment or ticket to open)' });
    continue;
  }
  log('measuring', name, path);
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const sent = new Map();
  cdp.on('Network.loadingFinished', (e) => sent.set(e.requestId, e.encodedDataLength));
  const requests = new Map();
  cdp.on('Network.responseReceived', (e) => requests.set(e.requestId, { url: e.response.url, type: e.type.toLowerCase() }));
  // Bodies are read again afterwards: WebAssembly compiled while it streams in keeps none.
  const seen = [];
  page.on('response', (response) => {
    const streaming = (response.headers()['content-type'] || '').includes('event-stream');
    if (response.status() < 300 && response.request().method() === 'GET' && !streaming) {
      seen.push({ url: response.url(), type: response.request().resourceType() });
    }
  });
  const response = await page.goto(base + path, { waitUntil: 'load' });
  let hydrated = true;
  try {
    await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: 60000 });
  } catch {
    hydrated = false;
  }
  // Not "network idle": the live stream stays open. What loads after hydration has a moment.
  await page.waitForTimeout(1500);
  const kinds = {};
  for (const { url, type } of seen) {
    if (url.startsWith('data:')) continue;
    const body = await (await context.request.get(url)).body();
    const kind = kindOf(type, url);
    const k = (kinds[kind] ??= { files: 0, raw: 0, gzip: 0, brotli: 0 });
    const size = sizes(url, body);
    k.files += 1;
    k.raw += size.raw;
    k.gzip += size.gzip;
    k.brotli += size.brotli;
  }
  let transferred = 0;
  for (const [id, bytes] of sent) {
    const r = requests.get(id);
    if (r && !r.url.includes('/live?')) transferred += bytes;
  }
  const sum = (field, only) => Object.entries(kinds).filter(([k]) => !only || only.includes(k)).reduce((n, [, v]) => n + v[field], 0);
  results.push({
    page: name,
    path,
    status: response?.status(),
    hydrated,
    kinds,
    js_wasm_brotli: sum('brotli', ['js', 'wasm']),
    js_wasm_gzip: sum('gzip', ['js', 'wasm']),
    first_view_brotli: sum('brotli', ['html', 'css', 'js', 'wasm']),
    first_view_gzip: sum('gzip', ['html', 'css', 'js', 'wasm']),
    transferred,
  });
  await context.close();
}
await browser.close();
console.log(JSON.stringify({ base, pages: results }, null, 2));

if (markdown) {
  const kb = (n) => (n / 1024).toFixed(1);
  const lines = [
    '| page | JS + wasm, brotli (KB) | JS + wasm, gzip (KB) | first view (HTML, CSS, JS, wasm), brotli (KB) | first view, gzip (KB) | sent over the wire (KB) |',
    '|---|---:|---:|---:|---:|---:|',
    ...results.map((r) =>
      r.error
        ? `| ${r.page} | ${r.error} | | | | |`
        : `| ${r.page} | ${kb(r.js_wasm_brotli)} | ${kb(r.js_wasm_gzip)} | ${kb(r.first_view_brotli)} | ${kb(r.first_view_gzip)} | ${kb(r.transferred)} |`,
    ),
  ];
  (await import('node:fs')).writeFileSync(markdown, lines.join('\n') + '\n');
}
