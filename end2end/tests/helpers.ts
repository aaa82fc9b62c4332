import { expect, Page, TestInfo } from '@playwright/test';

export const hydrated = (info: TestInfo) => info.project.name === 'hydrated';

/** Opens a page and, in the hydrated run, waits until the WebAssembly has taken over. */
export async function open(page: Page, info: TestInfo, path: string) {
  const response = await page.goto(path);
  if (hydrated(info)) {
    await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 15_000 });
  }
  return response;
}

/** Nothing sticks out sideways on a phone. */
export async function fitsThePhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
