// NOT YET RUN: written in the session that built payment-channel health and the queue console,
// which ended before Chromium and the wasm build were ready on its machine. Move these into
// tests/staff.spec.ts (they use its signIn helper) once they pass; they are outside testDir so
// an unverified test cannot sink CI.
import { expect, Page, test, TestInfo } from '@playwright/test';
import { fitsThePhone, hydrated, open } from '../tests/helpers';

const password = process.env.TIRTA_E2E_STAFF_PASSWORD!;

async function signIn(page: Page, info: TestInfo, username: string) {
  await open(page, info, '/staf/masuk');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page).toHaveURL(/\/staf$/);
}

test('an administrator marks a bank disrupted and customers are told where they pay', async ({ page, context }, info) => {
  // Each run marks its own bank (both runs share one database).
  const [channel, bank] = hydrated(info) ? ['va_bni', 'BNI'] : ['va_mandiri', 'Bank Mandiri'];
  await signIn(page, info, 'admin.pusat');
  await open(page, info, '/staf/kanal');
  const row = page.locator(`li[data-channel="${channel}"]`);
  await expect(row).toHaveAttribute('data-state', 'operational');
  await row.getByLabel('Tetapkan status').selectOption('degraded');
  await row.getByLabel(/^Alasan/).fill('Bank melaporkan gangguan sistem VA');
  await fitsThePhone(page);
  await row.getByRole('button', { name: 'Simpan' }).click();
  await expect(page.locator(`li[data-channel="${channel}"]`)).toHaveAttribute('data-state', 'degraded');
  await expect(page.locator(`li[data-channel="${channel}"]`)).toHaveAttribute('data-source', 'manual');

  const customer = await context.newPage();
  await open(customer, info, '/bayar/va?no=02.01.000002');
  await expect(customer.locator(`.channel-warnings li[data-channel="${channel}"]`)).toContainText(`Virtual Account ${bank}: Sedang terganggu`);
  await fitsThePhone(customer);
  await open(customer, info, '/tagihan?no=02.01.000002');
  await expect(customer.getByText(`Pembayaran lewat Virtual Account ${bank} sedang terganggu`)).toBeVisible();

  // Handed back to the monitor: the warning and the notice go.
  await open(page, info, '/staf/kanal');
  await page.locator(`li[data-channel="${channel}"]`).getByLabel('Tetapkan status').selectOption('auto');
  await page.locator(`li[data-channel="${channel}"]`).getByRole('button', { name: 'Simpan' }).click();
  await expect(page.locator(`li[data-channel="${channel}"]`)).toHaveAttribute('data-state', 'operational');
  await open(customer, info, '/tagihan?no=02.01.000002');
  await expect(customer.locator(`.channel-warnings li[data-channel="${channel}"]`)).toHaveCount(0);
  await expect(customer.getByText(`Pembayaran lewat Virtual Account ${bank} sedang terganggu`)).toHaveCount(0);
});

test('a customer takes a ticket online and sees the teller call it', async ({ page, context }, info) => {
  // Each run has its own teller, counter, service and phone (both runs share one database).
  const [teller, counter, service, phone] = hydrated(info)
    ? ['teller.satu', '1', 'Informasi (D)', '081200000001']
    : ['teller.dua', '2', 'Pengaduan (B)', '081200000002'];
  await open(page, info, '/kantor/02');
  await expect(page.getByRole('heading', { name: 'Antrean hari ini' })).toBeVisible();
  await page.getByText('Ambil nomor antrean dari rumah').click();
  await page.getByLabel('Layanan').selectOption({ label: service });
  await page.getByLabel('Nomor HP').fill(phone);
  await fitsThePhone(page);
  await page.getByRole('button', { name: 'Ambil nomor' }).click();
  await expect(page).toHaveURL(/\/antrean\/[0-9A-F]{32}$/);
  const number = (await page.locator('.ticket-number').textContent())!.trim();
  expect(number).toMatch(/^[BD]\d{3}$/);
  await expect(page.locator('.ticket-status')).toContainText(/orang di depan Anda|Anda berikutnya/);
  await fitsThePhone(page);
  if (hydrated(info)) await page.evaluate(() => ((window as any).__stillHere = true));

  const staff = await context.newPage();
  await signIn(staff, info, teller);
  await open(staff, info, '/staf/antrean');
  await expect(staff.getByRole('heading', { level: 1 })).toContainText(`Loket ${counter}`);
  if (await staff.getByRole('button', { name: 'Buka loket' }).count()) {
    await staff.getByRole('button', { name: 'Buka loket' }).click();
    await expect(staff.getByRole('button', { name: 'Tutup loket' })).toBeVisible();
  }
  await staff.locator(`li[data-ticket="${number}"]`).getByRole('button', { name: 'Panggil' }).click();
  await expect(staff.locator(`[data-current="${number}"]`)).toBeVisible();
  await fitsThePhone(staff);

  if (hydrated(info)) {
    // The open ticket page learns of the call by itself.
    await expect(page.locator('.ticket-status')).toContainText(`silakan ke loket ${counter}`, { timeout: 5_000 });
    expect(await page.evaluate(() => (window as any).__stillHere)).toBe(true);
  } else {
    await page.reload();
    await expect(page.locator('.ticket-status')).toContainText(`silakan ke loket ${counter}`);
  }
  await staff.getByRole('button', { name: 'Mulai layani' }).click();
  await staff.getByRole('button', { name: 'Selesai' }).click();
  await expect(staff.getByRole('button', { name: 'Panggil berikutnya' })).toBeVisible();
});
