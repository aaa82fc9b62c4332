import { expect, test } from '@playwright/test';
import { calendar, fitsThePhone, hydrated, importFile, open, signIn } from './helpers';

// A 1×1 PNG: a real photo as far as the server can tell.
const photo = {
  name: 'meter.png',
  mimeType: 'image/png',
  buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
};

test('a customer sends a meter reading in the window and a supervisor sees it in the billing review', async ({ browser, page }, info) => {
  test.setTimeout(90_000);
  // Both runs share one database and may run at once: each brings a customer of its own, in an
  // office of its own that the other flows do not bill.
  const base = hydrated(info) ? '0077' : '0066';
  const office = hydrated(info) ? '07' : '08';
  const supervisor = hydrated(info) ? 'spv.tujuh' : 'spv.delapan';
  const phone = hydrated(info) ? '081240000007' : '081240000008';
  const number = `${base}000001`;
  const { next, nextName } = calendar();

  const admin = await browser.newPage();
  await signIn(admin, info, 'admin.pusat');
  await importFile(
    admin,
    'customers',
    'pelanggan.csv',
    'nomor_pelanggan,nama,alamat,desa,kecamatan,kode_golongan,ukuran_meter,kode_kantor,telepon,tanggal_pasang,status\n' +
      `${number},Sri Rahayu,Jl. Mawar 3,Dau,Dau,RT-B,1/2,${office},${phone},2024-02-01,aktif\n`,
  );
  // Every day of the month, so the flow runs on any date (both runs set the same days).
  await open(admin, info, '/staf/tagihan');
  await admin.getByLabel('Dari tanggal').fill('1');
  await admin.getByLabel('sampai tanggal').fill('31');
  await admin.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(admin.locator('[data-window="1-31"]')).toBeVisible();

  // The customer, on the phone: from the bill page to the form.
  await open(page, info, `/tagihan?no=${number}`);
  await page.getByRole('link', { name: 'Kirim angka meter' }).click();
  await expect(page).toHaveURL(/\/baca-meter\?no=/);
  await expect(page.locator('[data-window="open"]')).toContainText(nextName);
  await expect(page.getByLabel('Nomor sambungan')).toHaveValue(number);
  const figure = page.getByLabel('Angka meter (m³, angka hitam saja)');
  const picture = page.getByLabel('Foto meter, angkanya terbaca jelas');
  const send = page.getByRole('button', { name: 'Kirim angka meter' });
  // Another phone than the one on file: refused, with the reason; what was typed stays.
  await page.getByLabel('Nomor HP yang terdaftar').fill('081299990000');
  await figure.fill('500');
  await picture.setInputFiles(photo);
  await send.click();
  await expect(page.getByRole('alert')).toContainText('Nomor HP ini bukan nomor yang terdaftar');
  await expect(figure).toHaveValue('500');
  await expect(page.getByText('pilih fotonya lagi')).toBeVisible();
  await fitsThePhone(page);

  // Far more than a household uses: asked again before it is taken; the customer takes it back.
  await page.getByLabel('Nomor HP yang terdaftar').fill(phone);
  await picture.setInputFiles(photo);
  await send.click();
  const reading = page.locator('article.self-reading');
  await expect(reading).toHaveAttribute('data-state', 'unconfirmed');
  await expect(page.locator('[data-doubt="high"]')).toContainText('jauh di atas biasanya');
  await fitsThePhone(page);
  await page.getByRole('button', { name: 'Salah, batalkan dan kirim ulang' }).click();
  await expect(reading).toHaveAttribute('data-state', 'withdrawn');
  await page.getByRole('link', { name: 'Kirim angka lain' }).click();
  await page.getByLabel('Nomor HP yang terdaftar').fill(phone);
  await figure.fill('12');
  await picture.setInputFiles(photo);
  await send.click();
  await expect(reading).toHaveAttribute('data-state', 'accepted');
  await expect(page.getByText('angka meter Anda sudah kami terima')).toBeVisible();
  await expect(page.locator('[data-usage="12"]')).toHaveText('12 m³');
  await expect(page.locator('article.self-reading img')).toHaveJSProperty('naturalWidth', 1);
  await fitsThePhone(page);

  // The month's run bills on it; the office's supervisor reviews it with the photo beside it.
  await open(admin, info, '/staf/tagihan');
  await admin.getByLabel('Periode (TTTT-BB)').fill(next);
  await admin.getByLabel('Kantor', { exact: true }).selectOption(office);
  await admin.getByRole('button', { name: 'Susun tagihan' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(`Penagihan ${nextName}`);
  const run = new URL(admin.url()).pathname;
  await admin.close();

  const spv = await browser.newPage();
  await signIn(spv, info, supervisor);
  await open(spv, info, run);
  const held = spv.locator(`li[data-customer="${number}"]`);
  await expect(held).toContainText('Angka dikirim pelanggan');
  await expect(held).toContainText('0 → 12 · 12 m³');
  await expect(held.locator('figure.customer-reading img')).toHaveJSProperty('naturalWidth', 1);
  await held.getByRole('button', { name: 'Setujui apa adanya' }).click();
  await expect(spv.locator(`li[data-customer="${number}"]`)).toHaveAttribute('data-reviewed', 'true');
  await spv.close();

  // Billed on: the customer can no longer take it back.
  await open(page, info, new URL(page.url()).pathname);
  await expect(page.getByRole('button', { name: 'Batalkan angka ini' })).toHaveCount(0);
});
