import { expect, test } from '@playwright/test';
import { fitsThePhone, hydrated, open, signIn } from './helpers';

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
  // Three pages and a dozen steps: more than the default budget when the machine is busy.
  test.slow();
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

  // The office's TV is open too; its speech is recorded instead of played.
  const screen = await context.newPage();
  await screen.addInitScript(() => {
    const spoken: string[] = ((window as any).__spoken = []);
    const fake = { speak: (u: any) => { spoken.push(u.text); setTimeout(() => u.onend && u.onend(new Event('end')), 50); }, cancel() {} };
    Object.defineProperty(window, 'speechSynthesis', { value: fake, configurable: true });
  });
  await screen.setViewportSize({ width: 1280, height: 720 });
  await open(screen, info, '/kantor/02/layar');
  await expect(screen.locator('.screen-office')).toHaveText('Unit Dau');
  if (hydrated(info)) await screen.getByRole('button', { name: 'Aktifkan suara' }).click();

  const staff = await context.newPage();
  await signIn(staff, info, teller);
  await open(staff, info, '/staf/antrean');
  await expect(staff.getByRole('heading', { level: 1 })).toContainText(`Loket ${counter}`);
  if (await staff.getByRole('button', { name: 'Buka loket' }).count()) {
    await staff.getByRole('button', { name: 'Buka loket' }).click();
    await expect(staff.getByRole('button', { name: 'Tutup loket' })).toBeVisible();
  }
  // An elderly customer walks in: their priority ticket goes ahead, and the position moves.
  await expect(page.locator('.ticket-status')).toHaveText('Anda berikutnya.');
  await staff.getByRole('button', { name: `${service} · prioritas` }).click();
  const priority = (await staff.locator('[data-printed]').getAttribute('data-printed'))!;
  const seeStatus = async (text: string) => {
    if (!hydrated(info)) await page.reload();
    await expect(page.locator('.ticket-status')).toHaveText(text);
  };
  await seeStatus('1 orang di depan Anda.');
  await staff.locator(`li[data-ticket="${priority}"]`).getByRole('button', { name: 'Panggil' }).click();
  await expect(staff.locator(`[data-current="${priority}"]`)).toBeVisible();
  await seeStatus('Anda berikutnya.');
  await staff.getByRole('button', { name: 'Mulai layani' }).click();
  await staff.getByRole('button', { name: 'Selesai' }).click();

  await staff.locator(`li[data-ticket="${number}"]`).getByRole('button', { name: 'Panggil' }).click();
  await expect(staff.locator(`[data-current="${number}"]`)).toBeVisible();
  await fitsThePhone(staff);

  if (hydrated(info)) {
    // The open ticket page learns of the call by itself.
    await expect(page.locator('.ticket-status')).toContainText(`silakan ke loket ${counter}`, { timeout: 5_000 });
    expect(await page.evaluate(() => (window as any).__stillHere)).toBe(true);
    // So does the screen, and it speaks the call with the number as a number.
    await expect(screen.locator(`.screen-counter[data-counter="${counter}"]`)).toContainText(number);
    const letter = number[0];
    await expect.poll(() => screen.evaluate(() => (window as any).__spoken as string[]))
      .toContainEqual(expect.stringMatching(new RegExp(`^Nomor antrean ${letter} [a-z ]+, silakan ke loket satu$`)));
  } else {
    await page.reload();
    await expect(page.locator('.ticket-status')).toContainText(`silakan ke loket ${counter}`);
    await screen.reload();
    await expect(screen.locator(`.screen-counter[data-counter="${counter}"]`)).toContainText(number);
  }
  await expect(screen.locator(`.screen-recent li[data-call="${number}"]`)).toBeVisible();
  await staff.getByRole('button', { name: 'Mulai layani' }).click();
  await staff.getByRole('button', { name: 'Selesai' }).click();
  await expect(staff.getByRole('button', { name: 'Panggil berikutnya' })).toBeVisible();

  // The day ends at this counter; administrators read who staffed it in the audit log.
  await staff.getByRole('button', { name: 'Tutup loket' }).click();
  await expect(staff.getByRole('button', { name: 'Buka loket' })).toBeVisible();
  const admin = await context.newPage();
  await signIn(admin, info, 'admin.pusat');
  await open(admin, info, '/staf/audit');
  await expect(admin.locator('tr[data-action="counter_close"]').filter({ hasText: teller })).toContainText(`loket ${counter}`);
});

test("a supervisor reads the day's queue statistics", async ({ page }, info) => {
  await signIn(page, info, 'spv.dau');
  await page.getByRole('link', { name: 'Statistik antrean' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statistik antrean');
  await expect(page.locator('tr[data-line="A"]')).toContainText('Pembayaran (A)');
  await expect(page.locator('[data-accuracy]')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Unduh CSV' })).toHaveAttribute('href', /\/staf\/laporan\/antrean\.csv\?tanggal=\d{4}-\d{2}-\d{2}&kantor=02$/);
  await fitsThePhone(page);
});

test('an administrator resets a password, ends a session and deactivates an account', async ({ page }, info) => {
  const username = hydrated(info) ? 'teller.tiga' : 'teller.empat';
  const signInAs = async (name: string, password: string) => {
    await page.context().clearCookies();
    await open(page, info, '/staf/masuk');
    await page.getByLabel('Nama pengguna').fill(name);
    await page.getByLabel('Kata sandi').fill(password);
    await page.getByRole('button', { name: 'Masuk' }).click();
  };

  await signIn(page, info, 'admin.pusat');
  await open(page, info, '/staf/pengguna');
  let row = page.locator(`li[data-username="${username}"]`);
  await row.locator('summary', { hasText: 'Atur ulang sandi' }).click();
  await row.getByLabel('Kata sandi sementara').fill('sementara sekali');
  await row.getByRole('button', { name: 'Atur ulang', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Kata sandi diatur ulang');
  await expect(page.locator(`li[data-username="${username}"]`)).toContainText('harus ganti sandi');
  await fitsThePhone(page);

  // The member signs in with it and must change it before anything else.
  await signInAs(username, 'sementara sekali');
  await expect(page.getByRole('alert')).toContainText('Ganti kata sandi sebelum bekerja');
  await open(page, info, '/staf/loket');
  await expect(page.getByRole('heading', { name: 'Ganti kata sandi' })).toBeVisible();
  await page.getByLabel('Kata sandi sekarang').fill('sementara sekali');
  await page.getByLabel('Kata sandi baru (minimal 10 karakter)').fill('sandi baru milik saya');
  await page.getByLabel('Ulangi kata sandi baru').fill('sandi baru milik saya');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await expect(page.getByText('Kata sandi sudah diganti.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Selamat bertugas');
  const memberCookies = await page.context().cookies();

  // The administrator sees the member's open session and ends it, then deactivates the account.
  await signIn(page, info, 'admin.pusat');
  await open(page, info, '/staf/pengguna');
  const session = page.locator(`li[data-session-of="${username}"]`).first();
  await expect(session).toBeVisible();
  await session.getByRole('button', { name: 'Tutup sesi' }).click();
  await expect(page.getByRole('status')).toContainText('Sesi ditutup');
  row = page.locator(`li[data-username="${username}"]`);
  await row.locator('summary', { hasText: 'Nonaktifkan' }).click();
  await row.getByRole('button', { name: `Ya, nonaktifkan ${username}` }).click();
  await expect(page.getByRole('status')).toContainText('Akun dinonaktifkan');
  await expect(page.locator(`li[data-username="${username}"]`)).toHaveCount(0);

  // The member's old session is over, and the account no longer signs in.
  await page.context().clearCookies();
  await page.context().addCookies(memberCookies);
  await open(page, info, '/staf');
  await expect(page.getByLabel('Nama pengguna')).toBeVisible();
  await signInAs(username, 'sandi baru milik saya');
  await expect(page.getByRole('alert')).toContainText('Nama pengguna atau kata sandi salah.');
});
