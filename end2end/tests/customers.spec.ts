import { expect, test } from '@playwright/test';
import { fitsThePhone, signIn } from './helpers';

test('a supervisor finds a customer by name, sees their bills and keeps their phone number current', async ({ page }, info) => {
  await signIn(page, info, 'spv.dau');
  await page.getByRole('link', { name: 'Pelanggan', exact: true }).click();
  await page.getByLabel('Nomor, nama atau desa (minimal 3 huruf)').fill('Landungsari');
  await page.getByRole('button', { name: 'Cari' }).click();
  const first = page.locator('li[data-customer="0201000003"]');
  await expect(first).toBeVisible();
  await fitsThePhone(page);
  await first.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).not.toBeEmpty();
  await expect(page.locator('li[data-period]').first()).toBeVisible();
  await page.getByLabel('Nomor telepon (kosongkan untuk menghapus)').fill('0341 555 123');
  await page.getByRole('button', { name: 'Simpan nomor' }).click();
  await expect(page.getByText('Perubahan disimpan.')).toBeVisible();
  await expect(page.locator('li[data-action="customer_phone_changed"]').first()).toContainText('0341555123');
  await page.getByLabel('Nomor telepon (kosongkan untuk menghapus)').fill('tidak ada');
  await page.getByRole('button', { name: 'Simpan nomor' }).click();
  await expect(page.getByRole('alert')).toContainText('Nomor telepon belum benar');
  await fitsThePhone(page);
});

