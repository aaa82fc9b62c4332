import { expect, test } from '@playwright/test';
import { fitsThePhone, open } from './helpers';

test('tariff tables and the late-fee rule', async ({ page }, info) => {
  await open(page, info, '/');
  await page.getByRole('navigation').getByRole('link', { name: 'Tarif' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tarif air');
  const household = page.locator('#golongan-RT-A');
  await expect(household.getByRole('cell', { name: 'Rp 2.900' })).toBeVisible();
  await expect(page.locator('main').getByText(/paling lambat tanggal 20 setiap bulan;/)).toBeVisible();
  await fitsThePhone(page);
});

test('unit offices and the villages they serve', async ({ page }, info) => {
  await open(page, info, '/kantor');
  // The demo's ten offices, and any an administrator's flow added meanwhile (the suite shares one
  // database).
  await expect(page.locator('.office-card').first()).toBeVisible();
  expect(await page.locator('.office-card').count()).toBeGreaterThanOrEqual(10);
  await page.getByRole('link', { name: 'Unit Dau' }).click();
  await expect(page).toHaveURL(/\/kantor\/02$/);
  await expect(page.locator('dl.areas')).toContainText('Sumbersekar');
  await expect(page.getByRole('link', { name: /\(0341\)/ })).toHaveAttribute('href', /^tel:/);
  await fitsThePhone(page);
  const missing = await page.goto('/kantor/99');
  expect(missing?.status()).toBe(404);
});

test('switch to English and back, staying on the page', async ({ page }, info) => {
  await open(page, info, '/tagihan?no=02.01.000002');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/tagihan\?no=02\.01\.000002$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('cell', { name: 'Late fee', exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Bahasa Indonesia' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expect(page.getByRole('cell', { name: 'Denda keterlambatan', exact: true })).toBeVisible();
});
