import { expect, test } from '@playwright/test';
import { fitsThePhone, hydrated, open, signIn } from './helpers';

test('an administrator writes a new tariff, fixes what the preview refuses, compares it with the old one and saves it for customers to read', async ({ page }, info) => {
  // Both runs share one database: each decrees for a period of its own, far enough ahead that
  // no billing run of the other flows reaches it.
  const year = new Date().getUTCFullYear() + 3;
  const period = hydrated(info) ? `${year}-01` : `${year}-02`;
  const periodName = hydrated(info) ? `Januari ${year}` : `Februari ${year}`;
  await signIn(page, info, 'admin.pusat');
  await page.getByRole('navigation', { name: 'Menu petugas' }).getByRole('link', { name: 'Tarif' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tarif air');
  await page.getByLabel('Golongan').selectOption('NK');
  await page.getByRole('button', { name: 'Susun tarif baru' }).click();
  await expect(page.getByRole('heading', { level: 2 }).first()).toContainText('(NK)');
  await fitsThePhone(page);

  // The form starts from the group's latest tariff; the second block is given a bound below
  // the first's.
  await page.getByLabel('Berlaku mulai (periode)').fill(period);
  await page.getByLabel('Surat keputusan', { exact: true }).fill(`Peraturan Bupati No. 9 Tahun ${year - 1}`);
  await page.getByLabel('Blok 1: harga per m³ (Rp)').fill('9000');
  const secondBound = page.getByLabel('Blok 2: sampai m³');
  const typedBound = await secondBound.inputValue();
  await secondBound.fill('1');
  await page.getByRole('button', { name: 'Pratinjau' }).click();
  await expect(page.getByRole('alert')).toContainText('Batas atas blok harus naik');
  await expect(page.locator('#pratinjau')).toHaveCount(0);
  await expect(page.getByLabel('Blok 1: harga per m³ (Rp)')).toHaveValue('9000');

  await page.getByLabel('Blok 2: sampai m³').fill(typedBound);
  await page.getByRole('button', { name: 'Pratinjau' }).click();
  const preview = page.locator('#pratinjau');
  await expect(preview).toBeVisible();
  await expect(preview.locator('tr[data-usage="20"]').first()).toContainText('+');
  await fitsThePhone(page);
  await preview.getByRole('button', { name: 'Simpan tarif ini' }).click();
  await expect(page.getByText('Tarif baru disimpan')).toBeVisible();
  await expect(page.locator(`#golongan-NK-${period}`)).toContainText(`Peraturan Bupati No. 9 Tahun ${year - 1}`);

  // Customers read it among the tariffs to come.
  await open(page, info, '/tarif');
  const announced = page.locator(`#golongan-NK-${period}`);
  await expect(announced).toContainText(periodName);
  await expect(announced).toContainText('Rp 9.000');
  await fitsThePhone(page);
});

test('an administrator sets a late-fee rule for bills due later, and adds and removes a holiday', async ({ page }, info) => {
  // Both runs share one database: each uses days of its own, far ahead.
  const year = new Date().getUTCFullYear() + 3;
  const day = hydrated(info) ? '01' : '02';
  await signIn(page, info, 'admin.pusat');
  await open(page, info, '/staf/tarif');
  await page.getByText('Tetapkan aturan denda baru').click();
  await page.getByLabel('Untuk tagihan yang jatuh tempo mulai').fill(`${year}-03-${day}`);
  await page.getByLabel('Surat keputusan', { exact: true }).fill(`Peraturan Direksi No. ${day} Tahun ${year - 1}`);
  await page.getByLabel('Jenis aturan').selectOption('percentage');
  await page.getByLabel('Persentase (mis. 2,5)').fill('120');
  await page.getByRole('button', { name: 'Tetapkan aturan denda' }).click();
  await expect(page.getByRole('alert')).toContainText('Persentase denda antara 0 dan 100');

  await open(page, info, '/staf/tarif');
  await page.getByText('Tetapkan aturan denda baru').click();
  await page.getByLabel('Untuk tagihan yang jatuh tempo mulai').fill(`${year}-03-${day}`);
  await page.getByLabel('Surat keputusan', { exact: true }).fill(`Peraturan Direksi No. ${day} Tahun ${year - 1}`);
  await page.getByLabel('Jenis aturan').selectOption('percentage');
  await page.getByLabel('Persentase (mis. 2,5)').fill('2,5');
  await page.getByRole('button', { name: 'Tetapkan aturan denda' }).click();
  await expect(page.getByText('Perubahan disimpan.')).toBeVisible();
  const rule = page.locator(`li[data-late-fee-from="${year}-03-${day}"]`);
  await expect(rule).toContainText('2.5%');
  await fitsThePhone(page);

  // Customers are told on the tariff page.
  await open(page, info, '/tarif');
  await expect(page.locator(`[data-late-fee-from="${year}-03-${day}"]`)).toContainText(`Peraturan Direksi No. ${day}`);

  await open(page, info, '/staf/tarif');
  await page.getByLabel('Tanggal', { exact: true }).fill(`${year}-05-${day}`);
  await page.getByLabel('Nama hari libur').fill('Hari Jadi Kabupaten');
  await page.getByRole('button', { name: 'Tambah hari libur' }).click();
  const holiday = page.locator(`li[data-holiday="${year}-05-${day}"]`);
  await expect(holiday).toContainText('Hari Jadi Kabupaten');
  await holiday.getByRole('button', { name: 'Hapus' }).click();
  await expect(page.getByText('Perubahan disimpan.')).toBeVisible();
  await expect(page.locator(`li[data-holiday="${year}-05-${day}"]`)).toHaveCount(0);
});

test('a customer works out what a usage would cost from the bill page, by usage or by meter figures', async ({ page }, info) => {
  await open(page, info, '/tagihan?no=0201000003');
  await page.locator('a[data-estimator]').click();
  await expect(page).toHaveURL(/\/tarif\?golongan=/);
  const estimator = page.locator('#perkiraan');
  await estimator.getByLabel('Pemakaian (m³)').fill('25');
  await estimator.getByRole('button', { name: 'Hitung' }).click();
  const table = page.locator('table.estimate');
  await expect(table).toBeVisible();
  await expect(table.locator('caption')).toContainText('25 m³');
  await expect(table.locator('tr').filter({ hasText: 'Blok 1' })).toBeVisible();
  const total = await table.getAttribute('data-estimate');
  expect(total).toMatch(/^Rp [\d.]+$/);
  await expect(table.locator('tfoot')).toContainText(total!);
  await fitsThePhone(page);

  // The same month from two meter figures.
  await page.locator('#perkiraan').getByLabel('Pemakaian (m³)').fill('');
  await page.locator('#perkiraan').getByLabel('Bulan lalu').fill('1200');
  await page.locator('#perkiraan').getByLabel('Sekarang').fill('1225');
  await page.locator('#perkiraan').getByRole('button', { name: 'Hitung' }).click();
  await expect(page.locator('table.estimate')).toHaveAttribute('data-estimate', total!);

  await page.locator('#perkiraan').getByLabel('Bulan lalu').fill('1300');
  await page.locator('#perkiraan').getByRole('button', { name: 'Hitung' }).click();
  await expect(page.locator('#perkiraan').getByRole('alert')).toContainText('Pemakaian');
});
