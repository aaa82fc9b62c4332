import { expect, test } from '@playwright/test';
import { fitsThePhone, hydrated, open } from './helpers';

// Scripted demo accounts: the same for every seed (server/src/demo).
const ONE_UNPAID = '02.01.000002';
const FOUR_UNPAID = '02.01.000004';

test('look up a number and read the bill breakdown', async ({ page }, info) => {
  await open(page, info, '/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cek tagihan air Anda');
  await page.getByLabel('Nomor sambungan').fill(ONE_UNPAID);
  await page.getByRole('button', { name: 'Cek' }).click();

  await expect(page).toHaveURL(/\/tagihan\?no=02\.01\.000002$/);
  await expect(page.locator('.customer-name')).toHaveText('B**i S******');
  await expect(page.locator('.summary-amount')).toHaveText(/^Rp \d{1,3}(\.\d{3})*$/);
  const bill = page.locator('article.bill');
  await expect(bill).toHaveCount(1);
  await expect(bill.getByText('Stand awal')).toBeVisible();
  await expect(bill.getByText(/^Blok 1/)).toBeVisible();
  await expect(bill.getByText('Biaya administrasi')).toBeVisible();
  await expect(bill.getByText('Denda keterlambatan')).toBeVisible();
  await expect(page.locator('.usage-chart svg rect.bar')).toHaveCount(24);
  await fitsThePhone(page);
});

test('an account in arrears is warned', async ({ page }, info) => {
  await open(page, info, `/tagihan?no=${FOUR_UNPAID}`);
  await expect(page.locator('article.bill')).toHaveCount(4);
  await expect(page.locator('[data-alert="arrears"]')).toContainText('dapat diputus');
  await fitsThePhone(page);
});

test('an unknown number gets a clear 404 page and another try', async ({ page }, info) => {
  const response = await open(page, info, '/');
  expect(response?.status()).toBe(200);
  await page.getByLabel('Nomor sambungan').fill('9999999999');
  await page.getByRole('button', { name: 'Cek' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nomor sambungan tidak ditemukan');
  await expect(page.getByLabel('Nomor sambungan')).toHaveValue('9999999999');
  const direct = await page.goto('/tagihan?no=9999999999');
  expect(direct?.status()).toBe(404);
});

test('a wrongly typed number is explained with status 400', async ({ page }, info) => {
  await open(page, info, '/');
  await page.getByLabel('Nomor sambungan').fill('12-34');
  await page.getByRole('button', { name: 'Cek' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nomor sambungan tidak valid');
  await expect(page.getByRole('alert')).toContainText('Anda mengetik 4 angka');
  const direct = await page.goto('/tagihan?no=abc');
  expect(direct?.status()).toBe(400);
  await fitsThePhone(page);
});

test('checking another number from the bill page', async ({ page }, info) => {
  await open(page, info, `/tagihan?no=${ONE_UNPAID}`);
  const form = page.locator('section.panel', { hasText: 'Cek nomor lain' });
  await form.getByLabel('Nomor sambungan').fill(FOUR_UNPAID);
  // A plain GET, hydrated or not: the bill page is the server's, the browser renders none of it.
  await form.getByRole('button', { name: 'Cek' }).click();
  await expect(page).toHaveURL(/\/tagihan\?no=02\.01\.000004$/);
  await expect(page.locator('article.bill')).toHaveCount(4);
});

test('beyond the arrears limit the bill sends the customer to the counter, and no remote channel takes it', async ({ page }, info) => {
  // The suite's portal takes remote payments up to two months in arrears (scripts/e2e.sh).
  await open(page, info, `/tagihan?no=${FOUR_UNPAID}`);
  const counterOnly = page.locator('[data-counter-only="2"]');
  await expect(counterOnly).toContainText('Bayar di loket kantor unit');
  await expect(counterOnly).toContainText('Tunggakan lebih dari 2 bulan hanya dapat dibayar di loket kantor unit');
  await expect(page.getByRole('button', { name: 'Bayar dengan QRIS' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Bayar lewat Virtual Account bank' })).toHaveCount(0);
  await fitsThePhone(page);
  const va = await page.goto(`/bayar/va?no=${FOUR_UNPAID}`);
  expect(va?.status()).toBe(409);
  await expect(page.getByText('Tunggakan lebih dari 2 bulan hanya dapat dibayar di loket kantor unit')).toBeVisible();
  // Two months behind is still within the limit: every channel takes it.
  await open(page, info, '/tagihan?no=02.01.000003');
  await expect(page.locator('[data-counter-only]')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Bayar lewat Virtual Account bank' })).toBeVisible();
});

test('the bill says which late-fee rule applied and by when the next fee or sealing comes', async ({ page }, info) => {
  await open(page, info, `/tagihan?no=${FOUR_UNPAID}`);
  const oldest = page.locator('article.bill').first();
  await expect(oldest.locator('.fee-note')).toContainText(/Terlambat \d+ bulan sejak jatuh tempo \d+ \w+ \d{4}: denda untuk terlambat/);
  await expect(oldest.locator('.fee-note a[href="/tarif#denda"]')).toBeVisible();
  await open(page, info, `/tagihan?no=${ONE_UNPAID}`);
  // One bill: either not due yet (pay by the date, or a fee comes) or late (and when it grows).
  await expect(page.locator('article.bill .fee-note')).toContainText(/Bayar paling lambat \d+ \w+ \d{4}: mulai \d+ \w+ \d{4} denda Rp\s|Terlambat \d+ bulan sejak jatuh tempo/);
  await open(page, info, '/tagihan?no=02.01.000003');
  // Two bills: the alert names the day after which the meter may be sealed or cut off.
  await expect(page.locator('[data-alert="arrears"]')).toContainText(/Bila belum lunas sampai \d+ \w+ \d{4}, sambungan dapat (disegel|diputus)\./);
  await fitsThePhone(page);
});

test('in English the utility\'s own data is in English too', async ({ page }, info) => {
  await open(page, info, `/bahasa/en?next=${encodeURIComponent(`/tagihan?no=${ONE_UNPAID}`)}`);
  if (hydrated(info)) await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 15_000 });
  await expect(page.getByRole('link', { name: 'Household A (RT-A)' })).toBeVisible();
  await expect(page.locator('article.bill').getByText('Administration fee')).toBeVisible();
  await expect(page.locator('article.bill').getByText('Biaya administrasi')).toHaveCount(0);
  await page.goto('/tarif');
  await expect(page.getByText('Households (basic tariff for essential needs)')).toBeVisible();
  await page.goto('/kantor/02');
  await expect(page.locator('.hours-week')).toContainText('Monday–Thursday 07:30–15:30');
  await expect(page.locator('.hours-week')).toContainText('Friday 07:30–11:00');
  await page.goto('/bahasa/id?next=/');
});
