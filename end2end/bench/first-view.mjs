// Time to interactive of a bill page on a phone: Chromium at 360 px, a throttled mobile network
// (Lighthouse's "Slow 4G": 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) and a CPU four
// times slower. Loaded = the server-rendered page is shown and usable; interactive = the
// WebAssembly fetched after the load has hydrated it (the app marks <html data-hydrated>).
//   node end2end/bench/first-view.mjs <bill page URL> [runs]
// Prints JSON: each run's first paint of content and time to interactive, and their medians.
import { chromium } from '@playwright/test';

const [url, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = [];
for (let i = 0; i < runs; i++) {
  // A new context each time: an empty cache, as on a first visit.
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  const start = Date.now();
  // Loaded: the server-rendered page is shown and usable (links and forms work without scripts).
  await page.goto(url, { waitUntil: 'load' });
  const loaded = Date.now() - start;
  const loadedBytes = bytes;
  // Enhanced: the WebAssembly, fetched after the load, has hydrated the page.
  await page.waitForSelector('html[data-hydrated]', { timeout: 120000 });
  const interactive = Date.now() - start;
  const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
  await page.waitForLoadState('networkidle');
  results.push({
    first_contentful_paint_ms: paint === null ? null : Math.round(paint),
    loaded_ms: loaded,
    loaded_bytes: loadedBytes,
    interactive_ms: interactive,
    transferred_bytes: bytes,
  });
  await context.close();
}
await browser.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({
  network: 'Slow 4G (150 ms RTT, 1.6 Mbit/s), CPU 4x slower',
  runs: results,
  median_loaded_ms: median(results.map((r) => r.loaded_ms)),
  median_loaded_bytes: median(results.map((r) => r.loaded_bytes)),
  median_interactive_ms: median(results.map((r) => r.interactive_ms)),
  median_first_contentful_paint_ms: median(results.map((r) => r.first_contentful_paint_ms ?? 0)),
  median_transferred_bytes: median(results.map((r) => r.transferred_bytes)),
}));
