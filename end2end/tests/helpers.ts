import { expect, Page, TestInfo } from '@playwright/test';

const staffPassword = process.env.TIRTA_E2E_STAFF_PASSWORD!;

/** Signs a staff member in (the suite's accounts share one made-up password). */
export async function signIn(page: Page, info: TestInfo, username: string) {
  await open(page, info, '/staf/masuk');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(staffPassword);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page).toHaveURL(/\/staf$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Selamat bertugas');
  if (hydrated(info)) {
    await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 15_000 });
  }
}

export const hydrated = (info: TestInfo) => info.project.name === 'hydrated';

/** Opens a page and, in the hydrated run, waits until the WebAssembly has taken over. */
export async function open(page: Page, info: TestInfo, path: string) {
  const response = await page.goto(path);
  if (hydrated(info)) {
    await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 15_000 });
  }
  return response;
}

/** Nothing sticks out sideways on a phone. Measured against the phone's width, not the window's:
 * a mobile browser widens its window to fit a page that sticks out, and zooms out. */
export async function fitsThePhone(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

const months = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** Today in WIB and the next period, as the portal reckons them. */
export function calendar() {
  const now = new Date(Date.now() + 7 * 3600_000);
  const [y, m] = [now.getUTCFullYear(), now.getUTCMonth() + 1];
  const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
  return { today: now.toISOString().slice(0, 10), next: `${ny}-${String(nm).padStart(2, '0')}`, nextName: `${months[nm - 1]} ${ny}` };
}

export async function importFile(page: Page, kind: string, name: string, text: string) {
  await page.goto('/staf/impor');
  await page.getByLabel('Jenis berkas').selectOption(kind);
  await page.getByLabel('Berkas', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Unggah dan periksa' }).click();
  await expect(page.locator('[data-state="clean"]')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Terapkan' }).click();
  await expect(page.locator('[data-state="applied"]')).toBeVisible({ timeout: 15_000 });
}
