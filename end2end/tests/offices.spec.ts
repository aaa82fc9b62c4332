import { expect, test } from '@playwright/test';
import { fitsThePhone, hydrated, open, signIn } from './helpers';

test('an administrator adds a unit office, sets its hours, villages and queue, and customers see it', async ({ page }, info) => {
  // Each run adds an office of its own.
  const code = hydrated(info) ? '78' : '79';
  await signIn(page, info, 'admin.pusat');
  await page.getByRole('link', { name: 'Kantor unit', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kantor unit');
  await page.getByLabel('Kode kantor (1–4 angka, awal nomor pelanggannya)').fill(code);
  await page.getByLabel('Nama kantor').fill(`Kantor Unit Batu ${code}`);
  await fitsThePhone(page);
  await page.getByRole('button', { name: 'Tambah kantor' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${code} · Kantor Unit Batu ${code}`);

  await page.getByLabel('Alamat').fill('Jl. Diponegoro 12, Batu');
  await page.getByLabel('Telepon kantor').fill('0341 591 000');
  await page.getByRole('button', { name: 'Simpan data kantor' }).click();
  await expect(page.getByText('Perubahan disimpan.')).toBeVisible();

  for (const day of ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat']) {
    await page.getByLabel(`Buka ${day}`).fill('07.30');
    await page.getByLabel(`Tutup ${day}`).fill('15.30');
  }
  await page.getByLabel('Tutup Rabu').fill('07.00');
  await page.getByRole('button', { name: 'Simpan jam buka' }).click();
  await expect(page.getByRole('alert')).toContainText('Jam buka hari Rabu');
  // The refused form comes back with the hours as saved (staff forms post whole pages): the week
  // is typed again.
  await expect(page.getByLabel('Buka Senin')).toHaveValue('');
  for (const day of ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat']) {
    await page.getByLabel(`Buka ${day}`).fill('07.30');
    await page.getByLabel(`Tutup ${day}`).fill('15.30');
  }
  await page.getByRole('button', { name: 'Simpan jam buka' }).click();
  await expect(page.getByText('Perubahan disimpan.')).toBeVisible();
  await expect(page.getByLabel('Buka Senin')).toHaveValue('07.30');

  const villages = page.getByLabel('Satu kecamatan per baris: "Kecamatan: Desa, Desa"');
  await villages.fill('Batu: Sisir, Ngaglik\nTemas');
  await page.getByRole('button', { name: 'Simpan desa' }).click();
  await expect(page.getByRole('alert')).toContainText('Desa baris 2');
  await villages.fill('Batu: Sisir, Ngaglik\nJunrejo: Tlekung');
  await page.getByRole('button', { name: 'Simpan desa' }).click();
  await expect(page.getByText('Perubahan disimpan.')).toBeVisible();

  await page.locator('summary', { hasText: 'Tambah layanan' }).click();
  await page.locator('#service-new-prefix').fill('E');
  await page.locator('#service-new-name').fill('Baca meter mandiri');
  await page.getByRole('button', { name: 'Tambah layanan' }).click();
  await expect(page.locator('li[data-service="E"]')).toContainText('Baca meter mandiri');
  await page.getByRole('button', { name: 'Tambah loket' }).click();
  await expect(page.getByText('Perubahan disimpan.')).toBeVisible();
  const counters = await page.locator('li[data-counter]').count();
  expect(counters).toBeGreaterThan(1);
  const last = page.locator('li[data-counter]').last();
  await expect(last.getByRole('checkbox', { name: 'E · Baca meter mandiri' })).toBeChecked();
  await fitsThePhone(page);

  await open(page, info, `/kantor/${code}`);
  await expect(page.getByText('Jl. Diponegoro 12, Batu')).toBeVisible();
  await expect(page.getByText('Tlekung')).toBeVisible();
  await fitsThePhone(page);
});
