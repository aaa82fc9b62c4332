import { expect, test } from '@playwright/test';
import { calendar, fitsThePhone, hydrated, importFile, open, signIn } from './helpers';

test('an administrator imports readings, corrects a held one, publishes, and the customer sees the new bill', async ({ page }, info) => {
  test.setTimeout(60_000);
  // Both runs share one database and may run at once: each brings customers of its own, in an
  // office of its own that the other flows do not use.
  const base = hydrated(info) ? '0055' : '0044';
  const office = hydrated(info) ? '10' : '09';
  const { today, next, nextName } = calendar();
  await signIn(page, info, 'admin.pusat');
  await importFile(
    page,
    'customers',
    'pelanggan.csv',
    'nomor_pelanggan,nama,alamat,desa,kecamatan,kode_golongan,ukuran_meter,kode_kantor,telepon,tanggal_pasang,status\n' +
      `${base}000001,Ratna Dewi,Jl. Kenari 1,Turen,Turen,RT-B,1/2,${office},,2024-02-01,aktif\n` +
      `${base}000002,Joko Susilo,Jl. Kenari 2,Turen,Turen,RT-B,1/2,${office},,2024-02-01,aktif\n`,
  );
  // The reader typed 95 for 15 and noted the meter glass was fogged.
  await importFile(
    page,
    'readings',
    'baca.csv',
    'nomor_pelanggan;periode;tanggal_baca;stand_awal;stand_akhir;catatan\n' +
      `${base}000001;${next};${today};0;95;kaca meter buram\n` +
      `${base}000002;${next};${today};0;12;\n`,
  );

  await open(page, info, '/staf/tagihan');
  await page.getByLabel('Periode (TTTT-BB)').fill(next);
  await page.getByLabel('Kantor', { exact: true }).selectOption(office);
  await fitsThePhone(page);
  await page.getByRole('button', { name: 'Susun tagihan' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Penagihan ${nextName}`);

  const held = page.locator(`li[data-customer="${base}000001"]`);
  await expect(held).toContainText('Catatan pembaca meter');
  await expect(held).toContainText('kaca meter buram');
  await expect(held).toContainText('0 → 95 · 95 m³');
  await held.locator('summary', { hasText: 'Koreksi angka meter' }).click();
  await held.getByLabel('Stand akhir yang benar').fill('15');
  await held.getByLabel('Alasan koreksi').fill('salah ketik: 95 untuk 15');
  await fitsThePhone(page);
  await held.getByRole('button', { name: 'Simpan koreksi' }).click();
  await expect(page.locator(`li[data-customer="${base}000001"]`)).toHaveAttribute('data-reviewed', 'true');
  await expect(page.locator(`li[data-customer="${base}000001"]`)).toContainText('0 → 15 · 15 m³');

  // The first run also drafts the office's demo customers, whose unread meters are estimated.
  const acceptRest = page.getByRole('button', { name: 'Setujui semua yang tersisa apa adanya' });
  if ((await acceptRest.count()) > 0) await acceptRest.click();
  await page.getByRole('button', { name: 'Terbitkan tagihan' }).click();
  await expect(page.getByRole('status')).toContainText('Diterbitkan');
  await fitsThePhone(page);

  await open(page, info, `/tagihan?no=${base}000001`);
  await expect(page.getByText(nextName).first()).toBeVisible();
  await expect(page.getByText('15 m³').first()).toBeVisible();
  // The announcement went out with the bills, to the customer's office.
  await expect(page.getByText(`Tagihan ${nextName} sudah terbit`).first()).toBeVisible();
  await fitsThePhone(page);

  // A misread found after publication: the unpaid bill is computed again from the right figure.
  await open(page, info, `/staf/pelanggan/${base}000002`);
  const bill = page.locator(`li[data-period="${next}"]`);
  await expect(bill).toContainText('0 → 12 · 12 m³');
  await expect(bill).toContainText('Belum dibayar');
  const unfold = async () => {
    const details = bill.locator('details.correction');
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
  };
  await unfold();
  await expect(bill).toContainText('Tagihan ini dihitung ulang dari angka yang benar');
  await bill.getByLabel('Stand akhir yang benar').fill('12');
  await bill.getByLabel('Alasan koreksi').fill('foto meter menunjukkan 10');
  await bill.getByRole('button', { name: 'Simpan koreksi' }).click();
  await expect(page.getByRole('alert')).toContainText('angka itu yang sudah tercatat');
  await unfold();
  await bill.getByLabel('Stand akhir yang benar').fill('10');
  await bill.getByLabel('Alasan koreksi').fill('foto meter menunjukkan 10');
  await bill.getByRole('button', { name: 'Simpan koreksi' }).click();
  await expect(page.getByText('Perubahan disimpan.')).toBeVisible();
  await expect(page.locator(`li[data-period="${next}"]`)).toContainText('0 → 10 · 10 m³');
  await expect(page.locator('li[data-action="bill_revised"]').first()).toContainText('foto meter menunjukkan 10');
  await fitsThePhone(page);
  await open(page, info, `/tagihan?no=${base}000002`);
  const card = page.locator(`article.bill[data-period="${next}"]`);
  await expect(card).toContainText('10 m³');
  await fitsThePhone(page);

  // Paid at the counter, then found misread: the paid bill stays as paid, and the difference
  // waits for the customer's next bill.
  await open(page, info, `/staf/loket?no=${base}000001`);
  const total = (await page.locator('.total').getAttribute('data-total'))!;
  await page.getByLabel('Uang diterima (Rp)').fill(total);
  await page.getByRole('button', { name: 'Lanjut ke konfirmasi' }).click();
  await page.getByRole('button', { name: /^Terima tunai/ }).click();
  await expect(page.locator('.counter-paid')).toContainText('Pembayaran diterima');
  await open(page, info, `/staf/pelanggan/${base}000001`);
  const paid = page.locator(`li[data-period="${next}"]`);
  await expect(paid).toContainText('Dibayar');
  const amount = (await paid.locator('.bill-amount').textContent())!;
  await paid.locator('summary', { hasText: 'Koreksi angka meter' }).click();
  await expect(paid).toContainText('Tagihan ini sudah dibayar dan tidak diubah');
  await paid.getByLabel('Stand akhir yang benar').fill('18');
  await paid.getByLabel('Alasan koreksi').fill('meter dibaca ulang petugas');
  await fitsThePhone(page);
  await paid.getByRole('button', { name: 'Simpan koreksi' }).click();
  await expect(page.getByText('Perubahan disimpan.')).toBeVisible();
  await expect(page.locator('[data-pending-adjustments]')).toContainText('stand akhir 15 → 18');
  await expect(page.locator(`li[data-period="${next}"] .bill-amount`)).toHaveText(amount);
  await expect(page.locator(`li[data-period="${next}"]`)).toContainText('Dibayar');
  await expect(page.locator('li[data-action="paid_bill_corrected"]').first()).toContainText('meter dibaca ulang petugas');
  await fitsThePhone(page);
});
