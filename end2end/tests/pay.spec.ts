import { expect, test } from '@playwright/test';
import { fitsThePhone, hydrated, open } from './helpers';

// Scripted accounts kept for payments (server/src/demo): one per run, since both runs share
// one database and a payment changes the account.
const payer = (hydratedRun: boolean) => (hydratedRun ? '02.01.000008' : '02.01.000009');

test('pay by QRIS through the simulator, see it paid, open the receipt', async ({ page, context }, info) => {
  const number = payer(hydrated(info));
  await open(page, info, `/tagihan?no=${number}`);
  const total = await page.locator('.summary-amount').textContent();
  await page.getByRole('button', { name: 'Bayar dengan QRIS' }).click();

  await expect(page).toHaveURL(/\/bayar\/TRT[0-9A-F]{16}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bayar dengan QRIS');
  await expect(page.locator('.pay-amount')).toHaveText(total!);
  await expect(page.locator('.qr svg')).toBeVisible();
  await fitsThePhone(page);
  const payload = (await page.locator('textarea.payload').textContent())!.trim();
  expect(payload).toMatch(/^000201010212/);
  if (hydrated(info)) {
    await page.evaluate(() => ((window as any).__stillHere = true));
  }

  // The customer's e-wallet, in another tab.
  const wallet = await context.newPage();
  await wallet.goto('/simulator');
  await wallet.getByLabel('Kode QRIS').fill(payload);
  await wallet.getByRole('button', { name: 'Bayar', exact: true }).click();
  await expect(wallet.getByRole('status')).toHaveText('Pembayaran berhasil: tagihan lunas.');

  if (hydrated(info)) {
    // The open payment page turns to paid by itself, without a reload.
    await expect(page.locator('[data-status="paid"]')).toBeVisible({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as any).__stillHere)).toBe(true);
  } else {
    await page.getByRole('link', { name: 'periksa status pembayaran' }).click();
    await expect(page.locator('[data-status="paid"]')).toBeVisible();
  }
  await expect(page.locator('.summary-amount')).toHaveText('Lunas');

  await page.getByRole('link', { name: /Lihat bukti pembayaran/ }).click();
  await expect(page).toHaveURL(/\/resi\/[0-9A-F]{32}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bukti Pembayaran');
  await expect(page.getByText('resi ini sah')).toBeVisible();
  await expect(page.locator('.receipt tfoot')).toContainText(total!);
  await fitsThePhone(page);

  await page.goto(`/tagihan?no=${number}`);
  await expect(page.locator('.summary-amount')).toHaveText('Lunas');
});

test('unknown payment links and receipts are 404 pages', async ({ page }, info) => {
  const payment = await open(page, info, '/bayar/TRT0000000000000000');
  expect(payment?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pembayaran tidak ditemukan');
  const receipt = await page.goto('/resi/not-a-token');
  expect(receipt?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Resi tidak terdaftar');
});

test('virtual account numbers for every bank, with how to pay', async ({ page }, info) => {
  await open(page, info, '/tagihan?no=02.01.000003');
  const total = await page.locator('.summary-amount').textContent();
  await page.getByRole('link', { name: 'Bayar lewat Virtual Account bank' }).click();
  await expect(page).toHaveURL(/\/bayar\/va\?no=0201000003$/);
  await expect(page.locator('.pay-amount')).toHaveText(total!);
  await expect(page.locator('li.va')).toHaveCount(5);
  const bri = page.locator('li.va[data-bank="bri"]');
  await expect(bri.locator('.va-number')).toHaveText('888100201000003');
  await bri.getByText('Cara membayar').click();
  await expect(bri.getByRole('heading', { name: 'ATM' })).toBeVisible();
  await expect(bri.getByText('Masukkan nomor 888100201000003.').first()).toBeVisible();
  await fitsThePhone(page);
});

test('pay a virtual account through the bank simulator', async ({ page, context }, info) => {
  // Accounts no other browser test looks at: one per run.
  const number = hydrated(info) ? '02.01.000005' : '02.01.000007';
  await open(page, info, `/tagihan?no=${number}`);
  await page.getByRole('link', { name: 'Bayar lewat Virtual Account bank' }).click();
  const va = (await page.locator('li.va[data-bank="bjatim"], li.va[data-bank="jatim"]').locator('.va-number').textContent())!.trim();
  expect(va).toMatch(/^70050\d{10}$/);

  const bank = await context.newPage();
  await bank.goto('/simulator');
  await bank.getByLabel('Nomor Virtual Account').fill(va);
  await bank.getByRole('button', { name: 'Bayar VA' }).click();
  await expect(bank.getByRole('status')).toHaveText('Pembayaran berhasil: tagihan lunas.');
  await bank.getByLabel('Nomor Virtual Account').fill(va);
  await bank.getByRole('button', { name: 'Bayar VA' }).click();
  await expect(bank.getByRole('status')).toHaveText('Bank menolak: tagihan sudah lunas.');

  await page.goto(`/tagihan?no=${number}`);
  await expect(page.locator('.summary-amount')).toHaveText('Lunas');
  await expect(page.locator('.paid-list li').first()).toContainText('Virtual Account JATIM');
});
