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
  if (hydrated(info)) {
    // With the WebAssembly running, the router navigates without reloading the page.
    await page.evaluate(() => ((window as any).__stillHere = true));
  }
  const form = page.locator('section.panel', { hasText: 'Cek nomor lain' });
  await form.getByLabel('Nomor sambungan').fill(FOUR_UNPAID);
  await form.getByRole('button', { name: 'Cek' }).click();
  await expect(page.locator('article.bill')).toHaveCount(4);
  if (hydrated(info)) {
    expect(await page.evaluate(() => (window as any).__stillHere)).toBe(true);
  }
});
