import { expect, test } from '@playwright/test';
import { fitsThePhone, open, signIn } from './helpers';

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

test('a supervisor corrects a paid bill: it stays as paid, and the difference waits for the next bill', async ({ page }, info) => {
  await signIn(page, info, 'spv.dau');
  await open(page, info, '/staf/pelanggan/0201000001');
  const paid = page.locator('li[data-period]', { hasText: 'Dibayar' }).first();
  const period = await paid.getAttribute('data-period');
  const bill = page.locator(`li[data-period="${period}"]`);
  const amount = (await bill.locator('.bill-amount').textContent())!;
  await bill.locator('summary', { hasText: 'Koreksi angka meter' }).click();
  await expect(bill).toContainText('Tagihan ini sudah dibayar dan tidak diubah');
  const stand = Number(await bill.getByLabel('Stand akhir yang benar').inputValue());
  await bill.getByLabel('Stand akhir yang benar').fill(String(stand + 3));
  await bill.getByLabel('Alasan koreksi').fill('meter dibaca ulang petugas');
  await fitsThePhone(page);
  await bill.getByRole('button', { name: 'Simpan koreksi' }).click();
  await expect(page.getByText('Perubahan disimpan.')).toBeVisible();
  const pending = page.locator('[data-pending-adjustments]');
  await expect(pending).toContainText('Koreksi untuk tagihan berikutnya');
  await expect(pending).toContainText(`stand akhir ${stand} → ${stand + 3}`);
  await expect(page.locator(`li[data-period="${period}"]`)).toContainText('Dibayar');
  await expect(page.locator(`li[data-period="${period}"] .bill-amount`)).toHaveText(amount);
  await expect(page.locator('li[data-action="paid_bill_corrected"]').first()).toContainText('meter dibaca ulang petugas');
  await fitsThePhone(page);
});
