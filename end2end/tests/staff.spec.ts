import { expect, Page, test, TestInfo } from '@playwright/test';
import { fitsThePhone, hydrated, open } from './helpers';

const password = process.env.TIRTA_E2E_STAFF_PASSWORD!;

async function signIn(page: Page, info: TestInfo, username: string) {
  await open(page, info, '/staf/masuk');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page).toHaveURL(/\/staf$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Selamat bertugas');
  if (hydrated(info)) {
    await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 15_000 });
  }
}

test('a wrong password is refused with a message', async ({ page }, info) => {
  await open(page, info, '/staf/masuk');
  await page.getByLabel('Nama pengguna').fill('spv.dau');
  await page.getByLabel('Kata sandi').fill('bukan kata sandinya');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('alert')).toContainText('Nama pengguna atau kata sandi salah.');
  await fitsThePhone(page);
});

test('a supervisor publishes a notice and an open customer page shows it', async ({ page, context }, info) => {
  const title = `Air keruh di Landungsari (${info.project.name})`;
  // A customer in Landungsari has their bill open.
  await open(page, info, '/tagihan?no=02.01.000003');
  await expect(page.getByText(title)).toHaveCount(0);
  if (hydrated(info)) await page.evaluate(() => ((window as any).__stillHere = true));

  const staff = await context.newPage();
  await signIn(staff, info, 'spv.dau');
  await open(staff, info, '/staf/gangguan');
  await staff.getByLabel('Jenis').selectOption('water_quality');
  await staff.getByLabel('Judul').first().fill(title);
  await staff.getByLabel('Isi pemberitahuan').fill('Air keruh setelah perbaikan pipa. Endapkan sebelum dipakai memasak.');
  await staff.getByLabel('Bantuan air (jadwal tangki, titik air)').fill(`Tangki air di Balai Desa Landungsari, 10.00–16.00 (${info.project.name}).`);
  await staff.locator('summary', { hasText: 'Wilayah terdampak' }).click();
  await staff.getByRole('checkbox', { name: 'Landungsari', exact: true }).check();
  await fitsThePhone(staff);
  await staff.getByRole('button', { name: 'Terbitkan', exact: true }).click();
  await expect(staff.locator('[data-published]')).toBeVisible();

  if (hydrated(info)) {
    // The open bill page learns of it by itself, without a reload.
    await expect(page.getByText(title)).toBeVisible({ timeout: 5_000 });
    expect(await page.evaluate(() => (window as any).__stillHere)).toBe(true);
  } else {
    await page.reload();
    await expect(page.getByText(title)).toBeVisible();
  }
  await expect(page.getByText(`16.00 (${info.project.name})`)).toBeVisible();
  await fitsThePhone(page);

  // A customer in another village of the same office does not see it; the notices page does.
  await open(page, info, '/tagihan?no=02.01.000002');
  await expect(page.getByText(title)).toHaveCount(0);
  await open(page, info, '/gangguan');
  await expect(page.getByText(title)).toBeVisible();
});

test('a teller takes cash at the counter and prints the receipt', async ({ page }, info) => {
  // Each run has its own teller and its own customers (both runs share one database).
  const teller = hydrated(info) ? 'teller.satu' : 'teller.dua';
  // Demo customers of two other offices: any office's counter takes any customer's bills.
  const prefix = hydrated(info) ? '0301' : '0401';
  await signIn(page, info, teller);
  let number = '';
  for (let n = 1; n <= 20 && !number; n++) {
    const candidate = `${prefix}${String(n).padStart(6, '0')}`;
    await open(page, info, `/staf/loket?no=${candidate}`);
    if (await page.getByRole('button', { name: /^Terima tunai/ }).count()) number = candidate;
  }
  expect(number, 'a demo customer with unpaid bills').not.toBe('');
  const total = (await page.locator('.total').textContent())!.trim();
  await fitsThePhone(page);
  await page.getByRole('button', { name: /^Terima tunai/ }).click();

  await expect(page).toHaveURL(/\/resi\/[0-9A-F]{32}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bukti Pembayaran');
  await expect(page.getByText('Loket kantor unit')).toBeVisible();
  await expect(page.getByText(total).first()).toBeVisible();
  await fitsThePhone(page);

  await open(page, info, `/staf/loket?no=${number}`);
  await expect(page.locator('[data-state="lunas"]')).toBeVisible();
  await open(page, info, '/staf/laporan');
  await expect(page.locator(`[data-teller="${teller}"]`)).toContainText(total);
});
