import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fitsThePhone, hydrated, open, signIn } from './helpers';

const publicKey = readFileSync(resolve(__dirname, '../../server/tests/fixtures/partner_public.pem'), 'utf8');

test('an administrator adds a bank, copies its secret once, prints its sheet, rotates the secret and turns the bank off', async ({ page }, info) => {
  // Both runs share one database: each adds a bank of its own.
  const [id, biller, name] = hydrated(info) ? ['bjatim', '88871', 'Bank Jatim'] : ['bdki', '88872', 'Bank DKI'];
  await signIn(page, info, 'admin.pusat');
  await page.getByRole('navigation', { name: 'Menu petugas' }).getByRole('link', { name: 'Bank', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bank dan mitra');

  // A key that is not a key is refused with the reason, and the form says what to paste.
  await page.getByLabel('Kode bank (X-PARTNER-ID), mis. bjatim').fill(id);
  await page.getByLabel('Nama bank').fill(name);
  await page.getByLabel('Kode biller (partnerServiceId, sampai 8 angka)').fill(biller);
  await page.getByLabel('Kunci publik RSA bank (PEM)').fill('-----BEGIN PUBLIC KEY-----\nsalah tempel\n-----END PUBLIC KEY-----');
  await page.getByRole('button', { name: 'Tambah bank dan buat client secret' }).click();
  await expect(page.getByRole('alert')).toContainText('Kunci publik tidak terbaca');
  await expect(page.locator(`li[data-bank="${id}"]`)).toHaveCount(0);

  await page.getByLabel('Kode bank (X-PARTNER-ID), mis. bjatim').fill(id);
  await page.getByLabel('Nama bank').fill(name);
  await page.getByLabel('Kode biller (partnerServiceId, sampai 8 angka)').fill(biller);
  await page.getByLabel('Kunci publik RSA bank (PEM)').fill(publicKey);
  await page.getByRole('button', { name: 'Tambah bank dan buat client secret' }).click();
  await expect(page).toHaveURL(new RegExp(`/staf/bank/${id}/rahasia$`));
  const secret = page.locator('code[data-secret]');
  await expect(secret).toHaveText(/^[0-9A-F]{64}$/);
  await fitsThePhone(page);
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('sudah pernah ditampilkan');
  await expect(page.locator('code[data-secret]')).toHaveCount(0);

  await page.getByRole('link', { name: 'Kembali ke daftar bank' }).click();
  const card = page.locator(`li[data-bank="${id}"]`);
  await expect(card).toContainText('RSA 2048 bit');
  // The key's fingerprint is one long word: it wraps on the phone.
  await fitsThePhone(page);
  await card.getByRole('link', { name: 'Lembar penyambungan untuk bank' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  await expect(page.locator('.onboarding-sheet')).toContainText(`"   ${biller}"`);
  await expect(page.locator('.onboarding-sheet')).toContainText('/v1.0/transfer-va/payment');
  await expect(page.getByRole('button', { name: 'Cetak' })).toHaveCount(hydrated(info) ? 1 : 0);
  await fitsThePhone(page);

  await open(page, info, '/staf/bank');
  await card.getByText('Ganti client secret').click();
  await card.getByLabel('Secret lama tetap berlaku selama').selectOption('24');
  await card.getByRole('button', { name: 'Buat client secret baru' }).click();
  await expect(page.locator('code[data-secret]')).toHaveText(/^[0-9A-F]{64}$/);
  await page.getByRole('link', { name: 'Kembali ke daftar bank' }).click();
  await expect(card.locator('[data-grace]')).toContainText('Secret lama masih berlaku sampai');

  await card.getByRole('button', { name: 'Nonaktifkan bank' }).click();
  await expect(page.getByText(`Perubahan disimpan untuk ${id}.`)).toBeVisible();
  await expect(card).toHaveAttribute('data-active', 'false');
  await expect(card.getByRole('button', { name: 'Aktifkan kembali' })).toBeVisible();
});
