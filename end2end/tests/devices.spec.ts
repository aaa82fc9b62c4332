import { expect, test } from '@playwright/test';
import { fitsThePhone, hydrated, signIn } from './helpers';

test('a supervisor enrols the counter device in hand, sees it listed, and revokes it', async ({ page }, info) => {
  // Both runs share one database, each browser its own cookies: each enrols a device of its own.
  const label = hydrated(info) ? 'Loket 1 Dau (uji)' : 'Loket 2 Dau (uji)';
  await signIn(page, info, 'spv.dau');
  await page.getByRole('navigation', { name: 'Menu petugas' }).getByRole('link', { name: 'Perangkat loket' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Perangkat loket');
  await expect(page.getByText('Perangkat ini belum terdaftar sebagai loket.')).toBeVisible();
  await expect(page.getByText(/paling lama 72 jam/)).toBeVisible();

  // A name of spaces is no name.
  await page.getByLabel('Nama perangkat, mis. Loket 1 Kepanjen').fill('   ');
  await page.getByRole('button', { name: 'Daftarkan perangkat ini' }).click();
  await expect(page.getByRole('alert')).toContainText('Nama perangkat wajib diisi');

  await page.getByLabel('Nama perangkat, mis. Loket 1 Kepanjen').fill(label);
  await page.getByRole('button', { name: 'Daftarkan perangkat ini' }).click();
  await expect(page.getByText('Perangkat ini terdaftar sebagai loket.')).toBeVisible();
  await expect(page.getByText(`Terdaftar sebagai ${label} · Unit Dau`)).toBeVisible();
  const card = page.locator('li[data-device]', { hasText: label });
  await expect(card).toHaveAttribute('data-revoked', 'false');
  await expect(card.locator('[data-outbox]')).toHaveText('0');
  await expect(card).toContainText('didaftarkan spv.dau');
  await fitsThePhone(page);

  await card.getByRole('button', { name: 'Cabut perangkat ini' }).click();
  await expect(page.getByText(/Perangkat \d+ dicabut\./)).toBeVisible();
  await expect(card).toHaveAttribute('data-revoked', 'true');
  await expect(card.getByRole('button', { name: 'Cabut perangkat ini' })).toHaveCount(0);
  // Revoked, this browser is a device no longer: it may be enrolled again.
  await expect(page.getByText('Perangkat ini belum terdaftar sebagai loket.')).toBeVisible();
});

test('a customer follows a provisional receipt from the counter until its payment is on record', async ({ page, browser }, info) => {
  await signIn(page, info, 'spv.dau');
  await page.goto('/staf/perangkat');
  await page.getByLabel('Nama perangkat, mis. Loket 1 Kepanjen').fill(hydrated(info) ? 'Loket luring A' : 'Loket luring B');
  await page.getByRole('button', { name: 'Daftarkan perangkat ini' }).click();
  await expect(page.getByText('Perangkat ini terdaftar sebagai loket.')).toBeVisible();

  // What the device took offline: everything a customer of Unit Dau owed, under a number of its
  // block. Each run takes customers of its own (beyond the scripted ones other flows pay).
  const block = await (await page.request.post('/api/v1/counter/receipt-block', { data: { outbox: 1 } })).json();
  const snapshot = await (await page.request.get('/api/v1/counter/snapshot')).json();
  expect(snapshot.office_name).toBe('Unit Dau');
  let account: { bills: { period: string; amount: string; late_fee: string }[]; total: string } | undefined;
  let number = '';
  for (let i = hydrated(info) ? 20 : 21; i < 80 && !account; i += 2) {
    number = `02010000${String(i).padStart(2, '0')}`;
    const response = await page.request.post('/api/counter/account', { form: { number } });
    const found = response.ok() ? await response.json() : undefined;
    if (found && found.bills.length > 0) account = found;
  }
  expect(account, 'a customer of Unit Dau owing something').toBeTruthy();
  const key = [...Array(32)].map(() => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
  const payment = {
    key, receipt_number: block.first, teller: 'spv.dau', customer: number,
    taken_at: snapshot.taken_at, snapshot_at: snapshot.taken_at,
    bills: account!.bills.map((b) => ({ period: b.period, amount: b.amount, late_fee: b.late_fee })),
    total: account!.total,
  };

  // The customer scans the provisional receipt before the counter is back online.
  const customer = await browser.newPage({ viewport: { width: 360, height: 800 }, javaScriptEnabled: hydrated(info) });
  await customer.goto(`/luring/${key}`);
  await expect(customer.getByRole('heading', { level: 1 })).toHaveText('Pembayaran di loket belum tercatat');
  await fitsThePhone(customer);

  const synced = await (await page.request.post('/api/v1/counter/sync', { data: { outbox: 1, payments: [payment] } })).json();
  expect(synced.results[0].outcome).toBe('credited');
  await customer.reload();
  await expect(customer.getByRole('heading', { level: 1 })).toHaveText('Pembayaran tercatat');
  const receiptNumber = `TRT-L-${String(block.first).padStart(8, '0')}`;
  await expect(customer.getByText(`Kuitansi sementara ${receiptNumber} kini sah dengan nomor yang sama.`)).toBeVisible();
  await customer.getByRole('link', { name: 'Lihat bukti pembayaran' }).click();
  await expect(customer.locator(`[data-receipt="${receiptNumber}"]`)).toBeVisible();
  await fitsThePhone(customer);

  // The supervisor sees it credited on the device's card.
  await page.goto('/staf/perangkat');
  await expect(page.locator(`li[data-offline-receipt="${receiptNumber}"]`)).toHaveAttribute('data-outcome', 'credited');
  await customer.close();
});
