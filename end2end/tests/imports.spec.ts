import { expect, test } from '@playwright/test';
import { fitsThePhone, hydrated, open, signIn } from './helpers';

const header = 'nomor_pelanggan;nama;alamat;desa;kecamatan;kode_golongan;ukuran_meter;kode_kantor;telepon;tanggal_pasang;status';

test('an administrator uploads a customers file with faults, sees them by line, fixes it and applies it', async ({ page }, info) => {
  // Both runs share one database: each brings customers of its own.
  const base = hydrated(info) ? '0077' : '0066';
  const file = (group: string) =>
    Buffer.from(
      `${header}\n` +
        `${base}000001;Ibu Sari;Jl. Mawar 1;Kepanjen;Kepanjen;RT-A;1/2;01;081234567890;2020-01-15;aktif\n` +
        `${base}000002;Pak Budi;Jl. Mawar 2;Kepanjen;Kepanjen;${group};1/2;01;;2020-01-15;aktif\n`,
    );
  await signIn(page, info, 'admin.pusat');
  await page.getByRole('link', { name: 'Impor data' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Impor data');
  await page.getByLabel('Jenis berkas').selectOption('customers');
  await page.getByLabel('Berkas', { exact: true }).setInputFiles({ name: 'pelanggan.csv', mimeType: 'text/csv', buffer: file('RT-Z') });
  await fitsThePhone(page);
  await page.getByRole('button', { name: 'Unggah dan periksa' }).click();

  // The check runs in the background; its page refreshes until the report is in.
  await expect(page.locator('[data-state="faulty"]')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('[data-state="faulty"]')).toContainText('1 kesalahan ditemukan; tidak ada yang ditulis.');
  const fault = page.locator('li[data-line="3"]');
  await expect(fault).toContainText('kode_golongan');
  await expect(fault).toContainText('golongan "RT-Z" tidak ada');
  await expect(page.getByRole('button', { name: 'Terapkan' })).toHaveCount(0);
  await fitsThePhone(page);

  await page.getByRole('link', { name: 'unggah lagi' }).click();
  await page.getByLabel('Berkas', { exact: true }).setInputFiles({ name: 'pelanggan.csv', mimeType: 'text/csv', buffer: file('RT-B') });
  await page.getByRole('button', { name: 'Unggah dan periksa' }).click();
  await expect(page.locator('[data-state="clean"]')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('2 baru, 0 berubah, 0 tetap.')).toBeVisible();
  await page.getByRole('button', { name: 'Terapkan' }).click();
  await expect(page.locator('[data-state="applied"]')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('Diterapkan: 2 baru, 0 berubah, 0 tetap.')).toBeVisible();
  await fitsThePhone(page);

  // The list of uploads says what became of each.
  await open(page, info, '/staf/impor');
  await expect(page.locator('table.imports')).toContainText('1 kesalahan');
  await expect(page.locator('table.imports')).toContainText('Diterapkan');

  // The new customer is known to the portal at once.
  await open(page, info, `/tagihan?no=${base}000001`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('I*u S***');
  await expect(page.getByText('Belum ada riwayat pemakaian.')).toBeVisible();
});

/** `YYYY-MM` of the month `back` months before this one, in WIB. */
function periodBack(back: number): string {
  const wib = new Date(Date.now() + 7 * 3600 * 1000);
  const d = new Date(Date.UTC(wib.getUTCFullYear(), wib.getUTCMonth() - back, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

test('an administrator brings a customer with opening arrears, and the bill page shows them carried over', async ({ page }, info) => {
  const number = hydrated(info) ? '0033000001' : '0022000001';
  const customers = Buffer.from(`${header}\n${number};Ibu Ratna;Jl. Kenanga 9;Kepanjen;Kepanjen;RT-A;1/2;01;;2018-05-02;aktif\n`);
  // Before the demo's first billed month (23 months back): the portal bills the rest itself.
  const [older, newer] = [periodBack(27), periodBack(26)];
  const arrears = Buffer.from(
    'nomor_pelanggan,periode,pemakaian_m3,tagihan,jatuh_tempo\n' +
      `${number},${older},40,87500,${older}-20\n` +
      `${number},${newer},20,45000,${newer}-20\n`,
  );
  await signIn(page, info, 'admin.pusat');
  for (const [kind, name, buffer, added] of [
    ['customers', 'pelanggan.csv', customers, '1 baru'],
    ['arrears', 'tunggakan.csv', arrears, '2 baru'],
  ] as const) {
    await open(page, info, '/staf/impor');
    await page.getByLabel('Jenis berkas').selectOption(kind);
    await page.getByLabel('Berkas', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer });
    await page.getByRole('button', { name: 'Unggah dan periksa' }).click();
    await expect(page.locator('[data-state="clean"]')).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect(page.locator('[data-state="applied"]')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText(`Diterapkan: ${added}, 0 berubah, 0 tetap.`)).toBeVisible();
  }
  await expect(page.getByText(/^Tunggakan awal ·/)).toBeVisible();

  await open(page, info, `/tagihan?no=${number}`);
  const carried = page.locator('article[data-origin="carried-over"]');
  await expect(carried).toHaveCount(2);
  await expect(carried.first()).toHaveAttribute('data-period', older);
  await expect(carried.first()).toContainText('dialihkan dari sistem penagihan sebelumnya');
  await expect(carried.first()).toContainText('40 m³');
  await expect(carried.first().locator('tr.subtotal')).toContainText('Rp 87.500');
  await expect(carried.first()).not.toContainText('Stand awal');
  // Long overdue: the portal's late-fee rule prices it like any other bill.
  await expect(carried.first().locator('tr.late')).toHaveCount(1);
  await fitsThePhone(page);
});
