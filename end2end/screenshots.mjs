// Full-page screenshots of the customer pages on a 360 px phone, and of an office's TV at 720p
// and 1080p, for a person to look at.
// usage: node end2end/screenshots.mjs http://127.0.0.1:3000 [out-dir]
import { chromium } from '@playwright/test';

const base = process.argv[2] || 'http://127.0.0.1:3000';
const out = process.argv[3] || 'end2end/screenshots';
const pages = {
  home: '/',
  bill: '/tagihan?no=02.01.000002',
  arrears: '/tagihan?no=02.01.000004',
  leak: '/tagihan?no=02.01.000005',
  replaced: '/tagihan?no=02.01.000006',
  paid: '/tagihan?no=02.01.000001',
  invalid: '/tagihan?no=12-34',
  tariffs: '/tarif',
  offices: '/kantor',
  office: '/kantor/02',
  va: '/bayar/va?no=02.01.000003',
  'va-paid': '/bayar/va?no=02.01.000001',
};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true });
for (const [name, path] of Object.entries(pages)) {
  await page.goto(base + path);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  console.log(`${out}/${name}.png`);
}
for (const [width, height] of [[1280, 720], [1920, 1080]]) {
  const tv = await browser.newPage({ viewport: { width, height } });
  await tv.goto(`${base}/kantor/02/layar`);
  await tv.screenshot({ path: `${out}/tv-${height}p.png` });
  console.log(`${out}/tv-${height}p.png`);
  await tv.close();
}
await browser.close();
