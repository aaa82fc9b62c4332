import { APIRequestContext, Browser, expect, Page, request as playwrightRequest, test } from '@playwright/test';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fitsThePhone, hydrated } from './helpers';

// The offline counter stops its server mid-flow, so it runs against a server of its own (the
// shared one serves every other flow), built from the same binary, on a database of its own.
const bin = process.env.TIRTA_E2E_BIN!;
const password = 'offline-' + Math.random().toString(36).slice(2);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

class OwnServer {
  process?: ChildProcess;
  constructor(readonly env: NodeJS.ProcessEnv, readonly url: string, readonly log: string) {}

  static async prepare(): Promise<OwnServer> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tirta-offline-'));
    const port = await freePort();
    const env = {
      ...process.env,
      TIRTA_DATABASE_URL: `sqlite://${work}/own.db?mode=rwc`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      TIRTA_STAFF_PASSWORD: password,
      RUST_LOG: 'warn',
    };
    const run = (...args: string[]) => execFileSync(bin, args, { env, stdio: 'ignore' });
    run('seed', '--customers', '60', '--files', `${work}/demo-data`);
    run('staff', 'add', '--username', 'spv.dau', '--name', 'Sari Supervisor', '--role', 'supervisor', '--office', '02');
    run('staff', 'add', '--username', 'teller.satu', '--name', 'Teller Satu', '--role', 'teller', '--office', '02', '--counter', '1');
    return new OwnServer(env, `http://127.0.0.1:${port}`, `${work}/server.log`);
  }

  async start() {
    const log = fs.openSync(this.log, 'a');
    this.process = spawn(bin, ['serve'], { env: this.env, stdio: ['ignore', log, log] });
    for (let i = 0; i < 150; i++) {
      try {
        if ((await fetch(`${this.url}/readyz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the server did not start: ${fs.readFileSync(this.log, 'utf8').slice(-2000)}`);
  }

  async stop() {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

async function signIn(page: Page, url: string, username: string) {
  await page.goto(`${url}/staf/masuk`);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page).toHaveURL(/\/staf$/);
}

type Account = { number: string; name: string; bills: unknown[]; under_review: boolean };

/** Two customers of Unit Dau who owe something the bill page lets them pay by QRIS. */
async function twoOwing(api: APIRequestContext, url: string, accounts: Account[]): Promise<[Account, Account]> {
  const owing: Account[] = [];
  for (const a of accounts.filter((a) => a.bills.length > 0 && a.bills.length <= 2 && !a.under_review)) {
    const page = await (await api.get(`${url}/tagihan?no=${a.number}`)).text();
    if (page.includes('Bayar dengan QRIS')) owing.push(a);
    if (owing.length === 2) break;
  }
  expect(owing.length, 'two customers of Unit Dau who owe').toBe(2);
  return [owing[0], owing[1]];
}

/** B's bills paid by QRIS at the same server while the counter is offline. */
async function payByQris(browser: Browser, url: string, number: string) {
  const customer = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await customer.goto(`${url}/tagihan?no=${number}`);
  await customer.getByRole('button', { name: 'Bayar dengan QRIS' }).click();
  const payload = (await customer.locator('textarea.payload').textContent())!.trim();
  await customer.goto(`${url}/simulator`);
  await customer.getByLabel('Kode QRIS').fill(payload);
  await customer.getByRole('button', { name: 'Bayar', exact: true }).click();
  await expect(customer.getByRole('status')).toHaveText('Pembayaran berhasil: tagihan lunas.');
  await customer.close();
}

test('without JavaScript the counter says it cannot work offline and works online', async ({ page }, info) => {
  test.skip(hydrated(info), 'the hydrated run takes the counter offline');
  const { signIn: signInShared } = await import('./helpers');
  await signInShared(page, info, 'teller.satu');
  await page.goto('/staf/loket');
  await expect(page.getByText('Loket luring memerlukan JavaScript')).toBeVisible();
  await expect(page.getByLabel('Nomor sambungan')).toBeVisible();
  await fitsThePhone(page);
});

test('the counter serves offline, prints provisional receipts, and syncs each payment once', async ({ browser }, info) => {
  test.skip(!hydrated(info), 'working offline needs the service worker and IndexedDB');
  test.setTimeout(150_000);
  const server = await OwnServer.prepare();
  await server.start();
  const url = server.url;
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
  const page = await context.newPage();
  try {
    // A supervisor enrols the device; a teller signs in on it and opens the counter online.
    await signIn(page, url, 'spv.dau');
    await page.goto(`${url}/staf/perangkat`);
    await page.getByLabel('Nama perangkat, mis. Loket 1 Kepanjen').fill('Loket 1 Dau');
    await page.getByRole('button', { name: 'Daftarkan perangkat ini' }).click();
    await expect(page.getByText('Perangkat ini terdaftar sebagai loket.')).toBeVisible();
    await page.getByRole('button', { name: 'Keluar' }).click();
    await signIn(page, url, 'teller.satu');
    await page.goto(`${url}/staf/loket`);
    await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 15_000 });
    await expect(page.locator('.offline-link')).toContainText('Terhubung ke server sejak', { timeout: 15_000 });
    await expect(page.locator('.offline-data')).toContainText('Data Unit Dau diperbarui');
    await expect(page.locator('.offline-data')).toContainText('200 nomor kuitansi luring tersisa');
    // The page and its bundle are kept by the counter's service worker.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      for (let i = 0; i < 100; i++) {
        const keys = await caches.keys();
        if (keys.length > 0 && (await (await caches.open(keys[0])).match('/staf/loket'))) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the counter page was not kept');
    });
    const snapshot = await (await page.request.get(`${url}/api/v1/counter/snapshot`)).json();
    const [a, b] = await twoOwing(page.request, url, snapshot.accounts);

    // The server goes away; the page still loads, from the device.
    await server.stop();
    await page.reload();
    await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 15_000 });
    await expect(page.locator('.offline-link')).toContainText('Luring: server tidak terjangkau sejak', { timeout: 15_000 });
    await expect(page.getByRole('heading', { name: 'Loket luring' })).toBeVisible();
    await expect(page.locator('.counter-online')).toBeHidden();

    const take = async (account: Account, extra: number) => {
      await page.getByLabel('Nomor sambungan atau nama').fill(account.number);
      await page.locator(`.offline-found button[data-number="${account.number}"]`).click();
      const panel = page.locator(`.offline-account[data-number="${account.number}"]`);
      await expect(panel).toContainText(account.name);
      // Each period with what it is made of, priced on the device.
      await expect(panel.locator('.bill-lines').first()).toContainText(/Air Rp/);
      const total = Number(await panel.locator('[data-total]').getAttribute('data-total'));
      expect(total).toBeGreaterThan(0);
      // Short first: nothing is taken.
      await page.getByLabel('Uang diterima (Rp)').fill(String(total - 1000));
      await expect(panel.locator('.change')).toContainText('Kurang Rp 1.000');
      await page.getByRole('button', { name: /Terima tunai luring/ }).click();
      await expect(page.getByRole('alert')).toContainText('Uang kurang Rp 1.000');
      await page.getByLabel('Uang diterima (Rp)').fill(String(total + extra));
      await page.getByRole('button', { name: /Terima tunai luring/ }).click();
      const receipt = page.locator('.offline-receipt');
      await expect(receipt).toContainText('KUITANSI SEMENTARA');
      await expect(receipt.locator('.qr svg')).toBeVisible();
      await expect(receipt.locator('[data-change]')).toHaveAttribute('data-change', String(extra));
      const number = (await receipt.getAttribute('data-receipt'))!;
      const key = (await receipt.getAttribute('data-key'))!;
      expect(number).toMatch(/^TRT-L-\d{8}$/);
      await expect(receipt.locator('.verify-url')).toHaveText(`${url}/luring/${key}`);
      await fitsThePhone(page);
      await page.getByRole('button', { name: 'Pelanggan berikutnya' }).click();
      return { number, key, total };
    };
    const paidA = await take(a, 5_000);
    const paidB = await take(b, 0);
    expect(paidB.number).not.toBe(paidA.number);
    await expect(page.locator('.offline-waiting')).toHaveAttribute('data-waiting', '2');
    // The same customer again: the outbox already took everything.
    await page.getByLabel('Nomor sambungan atau nama').fill(a.number);
    await page.locator(`.offline-found button[data-number="${a.number}"]`).click();
    await expect(page.locator('.offline-account')).toContainText('Tidak ada tagihan yang belum dibayar.');
    // No signing out with cash the server has not heard of.
    await page.getByRole('button', { name: 'Keluar' }).click();
    await expect(page.getByRole('alert')).toContainText('keluar setelah semuanya tersinkron');
    // The end-of-shift report, from the outbox alone.
    await page.getByRole('button', { name: 'Laporan tunai luring' }).click();
    await expect(page.locator('.offline-report tfoot [data-total]')).toHaveAttribute('data-total', String(paidA.total + paidB.total));
    await expect(page.locator('.offline-report')).toContainText('teller.satu');
    await fitsThePhone(page);
    await page.getByRole('button', { name: 'Tutup laporan' }).click();

    // The server comes back; B's bills are paid by QRIS before the device gets through.
    await context.setOffline(true);
    await server.start();
    await payByQris(browser, url, b.number);
    await context.setOffline(false);
    const sent = (n: string) => page.locator(`.offline-sent li[data-receipt="${n}"]`);
    await expect(sent(paidA.number)).toHaveAttribute('data-outcome', 'credited', { timeout: 20_000 });
    await expect(sent(paidB.number)).toHaveAttribute('data-outcome', 'set_aside');
    await expect(sent(paidB.number)).toContainText('uang dikembalikan ke pelanggan');
    await expect(page.locator('.offline-waiting')).toHaveAttribute('data-waiting', '0');
    await expect(page.locator('.offline-link')).toContainText('Terhubung ke server sejak');
    await expect(page.locator('.counter-online')).toBeVisible();

    // The link dropped before the answer came: the whole outbox is sent again, and nothing changes.
    const again = await page.evaluate(async () => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open('tirta-loket');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all: string[] = await new Promise((resolve) => {
        const r = db.transaction('outbox').objectStore('outbox').getAll();
        r.onsuccess = () => resolve(r.result);
      });
      const payments = all.map((e) => JSON.parse(e).payment);
      const r = await fetch('/api/v1/counter/sync', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ outbox: 0, payments }) });
      return r.json();
    });
    const outcomes = Object.fromEntries(again.results.map((r: { key: string; outcome: string }) => [r.key, r.outcome]));
    expect(outcomes).toEqual({ [paidA.key]: 'credited', [paidB.key]: 'set_aside' });
    // A's provisional receipt is final under its number; the cash report holds it once.
    await page.goto(`${url}/luring/${paidA.key}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pembayaran tercatat');
    await expect(page.getByText(`Kuitansi sementara ${paidA.number} kini sah dengan nomor yang sama.`)).toBeVisible();
    await page.goto(`${url}/staf/laporan`);
    await expect(page.locator('[data-offline-receipt]')).toHaveCount(2);
    await expect(page.locator(`[data-offline-receipt="${paidA.number}"]`)).toHaveAttribute('data-outcome', 'credited');
    await expect(page.locator(`[data-offline-receipt="${paidB.number}"]`)).toHaveAttribute('data-outcome', 'set_aside');
    await fitsThePhone(page);
  } finally {
    await context.close();
    await server.stop();
  }
});
