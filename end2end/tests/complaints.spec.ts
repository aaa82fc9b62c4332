import { expect, test } from '@playwright/test';
import { fitsThePhone, open, signIn } from './helpers';

// A 1×1 PNG: a real photo as far as the server can tell.
const photo = {
  name: 'meter.png',
  mimeType: 'image/png',
  buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
};
const notAPhoto = { name: 'foto.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ this is a program, not a photo') };

test('a customer files a complaint with a photo and follows it while staff move it through its stages', async ({ browser, page }, info) => {
  // Each run (hydrated, without JavaScript) files its own, from a phone of its own.
  const phone = info.project.name === 'hydrated' ? '081230000001' : '081230000002';
  await open(page, info, '/tagihan?no=0201000007');
  await page.getByRole('link', { name: 'Sampaikan pengaduan' }).click();
  await expect(page).toHaveURL(/\/pengaduan\?no=0201000007/);
  await expect(page.getByLabel('Nomor sambungan', { exact: true })).toHaveValue('0201000007');
  await page.getByLabel('Jenis pengaduan').selectOption('bill');
  await page.getByLabel('Nama Anda').fill('Bu Sri');
  await page.getByLabel('Nomor HP').fill(phone);
  await page.getByLabel('Ceritakan masalahnya').fill('Tagihan bulan ini tiga kali lipat, padahal pemakaian biasa saja.');
  await page.getByLabel('Foto (boleh kosong)').setInputFiles(notAPhoto);
  await page.getByRole('button', { name: 'Kirim pengaduan' }).click();

  // Refused, with the reason; what was typed is still there.
  await expect(page.getByRole('alert')).toContainText('bukan foto');
  await expect(page.getByText('pilih fotonya lagi')).toBeVisible();
  await expect(page.getByLabel('Ceritakan masalahnya')).toHaveValue(/tiga kali lipat/);
  await expect(page.getByLabel('Nama Anda')).toHaveValue('Bu Sri');
  await fitsThePhone(page);
  await page.getByLabel('Foto (boleh kosong)').setInputFiles(photo);
  await page.getByRole('button', { name: 'Kirim pengaduan' }).click();

  await expect(page).toHaveURL(/\/pengaduan\/[0-9a-f]{40}\?baru=1/);
  const link = new URL(page.url()).pathname;
  const article = page.locator('article.complaint');
  await expect(article).toHaveAttribute('data-stage', 'received');
  const number = (await article.getAttribute('data-complaint'))!;
  expect(number).toMatch(/^ADU-\d{6}$/);
  await expect(page.getByText('Pengaduan Anda sudah kami terima')).toBeVisible();
  await expect(page.locator('img.complaint-photo')).toHaveJSProperty('naturalWidth', 1);
  await fitsThePhone(page);

  // Staff, on a computer of their own.
  const desk = await browser.newPage();
  await signIn(desk, info, 'spv.dau');
  await desk.getByRole('link', { name: 'Pengaduan', exact: true }).click();
  const line = desk.locator(`li[data-complaint="${number}"]`);
  await expect(line).toHaveAttribute('data-stage', 'received');
  await line.getByRole('link').click();
  await expect(desk.locator('article.complaint-record')).toHaveAttribute('data-complaint', number);
  await expect(desk.locator('img.complaint-photo')).toHaveJSProperty('naturalWidth', 1);
  await expect(desk.locator('[data-correction]')).toBeVisible();
  await desk.getByRole('button', { name: 'Verifikasi' }).click();
  await expect(desk.locator('article.complaint-record')).toHaveAttribute('data-stage', 'verified');
  await desk.getByLabel('Tugaskan kepada').selectOption({ label: 'Teller Satu' });
  await desk.getByRole('button', { name: 'Tugaskan', exact: true }).click();
  await expect(desk.locator('[data-assignee]')).toHaveText('Teller Satu');
  await desk.getByRole('button', { name: 'Mulai dikerjakan' }).click();
  await expect(desk.locator('article.complaint-record')).toHaveAttribute('data-stage', 'in_progress');
  await desk.getByLabel('Catatan internal (tidak dibaca pelanggan)').fill('Cek riwayat baca meter.');
  await desk.getByRole('button', { name: 'Tambah catatan' }).click();
  await expect(desk.locator('li[data-step="note"]')).toContainText('Cek riwayat baca meter.');
  await desk.getByLabel('Apa yang sudah dikerjakan (dibaca pelanggan)').fill('Meter dibaca ulang; tagihan dikoreksi.');
  await desk.getByRole('button', { name: 'Tandai selesai' }).click();
  await expect(desk.locator('article.complaint-record')).toHaveAttribute('data-stage', 'resolved');
  await desk.close();

  // The customer sees each step in plain words, and confirms.
  await open(page, info, link);
  await expect(article).toHaveAttribute('data-stage', 'resolved');
  await expect(page.locator('li[data-step="resolve"]')).toContainText('Meter dibaca ulang');
  await expect(page.locator('li[data-step="note"]')).toHaveCount(0);
  await expect(page.getByText('Cek riwayat baca meter')).toHaveCount(0);
  await fitsThePhone(page);
  await page.getByRole('button', { name: 'Sudah beres, tutup pengaduan' }).click();
  await expect(article).toHaveAttribute('data-stage', 'closed');
  await expect(page.getByText('Pengaduan ini sudah ditutup')).toBeVisible();
});

test('anyone reports a leak in the street from an office page, and a wrong link finds nothing', async ({ page }, info) => {
  const phone = info.project.name === 'hydrated' ? '081230000003' : '081230000004';
  await open(page, info, '/kantor/02');
  await page.getByRole('link', { name: 'Sampaikan pengaduan' }).click();
  await page.getByLabel('Jenis pengaduan').selectOption('street_leak');
  await expect(page.getByLabel('Kantor unit (bila tanpa nomor sambungan)')).toHaveValue('02');
  await page.getByLabel('Nama Anda').fill('Warga Dau');
  await page.getByLabel('Nomor HP').fill(phone);
  await page.getByLabel('Ceritakan masalahnya').fill('Pipa pecah di pertigaan, air menyembur ke jalan.');
  await page.getByLabel('Lokasi atau patokan (boleh kosong)').fill('Pertigaan depan balai desa');
  await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
  await expect(page.locator('article.complaint')).toHaveAttribute('data-stage', 'received');
  await expect(page.getByText('Pertigaan depan balai desa')).toBeVisible();
  await fitsThePhone(page);

  const missing = await open(page, info, '/pengaduan/0000000000000000000000000000000000000000');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Pengaduan tidak ditemukan');
});
