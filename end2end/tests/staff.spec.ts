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

test('a teller checks who pays, counts the cash, confirms, and stays at the counter with the receipt', async ({ page }, info) => {
  // Each run has its own teller and its own customers (both runs share one database).
  const teller = hydrated(info) ? 'teller.satu' : 'teller.dua';
  // Demo customers of two other offices: any office's counter takes any customer's bills.
  const prefix = hydrated(info) ? '0301' : '0401';
  await signIn(page, info, teller);
  let number = '';
  for (let n = 1; n <= 20 && !number; n++) {
    const candidate = `${prefix}${String(n).padStart(6, '0')}`;
    await open(page, info, `/staf/loket?no=${candidate}`);
    if (await page.getByLabel('Uang diterima (Rp)').count()) number = candidate;
  }
  expect(number, 'a demo customer with unpaid bills').not.toBe('');
  // Staff see the holder unmasked, with the address and how far behind the account is.
  const name = (await page.locator('.holder-name').textContent())!.trim();
  expect(name).not.toContain('*');
  await expect(page.locator('.counter-account')).toContainText('Alamat');
  await expect(page.locator('.counter-account [data-arrears]')).toBeVisible();
  const total = (await page.locator('.total').getAttribute('data-total'))!;
  const cash = String(Math.ceil((Number(total) + 1) / 50_000) * 50_000);
  const change = Number(cash) - Number(total);
  const rupiah = (n: number) => 'Rp\u00a0' + n.toLocaleString('id-ID');
  await page.getByLabel('Uang diterima (Rp)').fill(cash);
  if (hydrated(info)) await expect(page.locator('.counter-form .change')).toHaveText(`Kembalian ${rupiah(change)}`);
  await fitsThePhone(page);
  await page.getByRole('button', { name: 'Lanjut ke konfirmasi' }).click();

  // The confirmation says the total, the cash and the change before anything is recorded.
  await expect(page.getByRole('heading', { name: 'Konfirmasi pembayaran' })).toBeVisible();
  await expect(page.locator('.confirm-figures .change-due')).toHaveAttribute('data-change', String(change));
  await fitsThePhone(page);
  await page.getByRole('button', { name: /^Terima tunai/ }).click();

  // Still at the counter: the receipt to print, the change to hand back, the next customer.
  await expect(page).toHaveURL(/\/staf\/loket\?resi=[0-9A-F]{32}&tunai=\d+$/);
  const paid = page.locator('.counter-paid');
  await expect(paid).toContainText('Pembayaran diterima');
  await expect(paid).toContainText(name);
  await expect(paid.locator('.change-due')).toHaveAttribute('data-change', String(change));
  await expect(page.locator('.staff-nav')).toBeVisible();
  await fitsThePhone(page);
  const receipt = (await paid.getByRole('link', { name: 'Cetak resi' }).getAttribute('href'))!;
  await paid.getByRole('link', { name: 'Pelanggan berikutnya' }).click();
  await expect(page.getByLabel('Nomor sambungan')).toHaveValue('');
  await open(page, info, receipt);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bukti Pembayaran');
  await expect(page.getByText('Loket kantor unit')).toBeVisible();

  await open(page, info, `/staf/loket?no=${number}`);
  await expect(page.locator('[data-state="lunas"]')).toBeVisible();
  await open(page, info, '/staf/laporan');
  await expect(page.locator(`[data-teller="${teller}"]`)).toContainText(rupiah(Number(total)));
});

test('cash short of the total is refused at the confirmation', async ({ page }, info) => {
  await signIn(page, info, 'spv.dau');
  await open(page, info, '/staf/loket?no=0201000004&tunai=1000');
  await expect(page.getByRole('alert')).toContainText('Uang diterima kurang');
  await expect(page.getByRole('button', { name: /^Terima tunai/ })).toHaveCount(0);
  // The counter takes any debt, however far behind: the oldest periods only, if the teller says so.
  await open(page, info, '/staf/loket?no=0201000004');
  await page.getByLabel('Yang dibayar').selectOption({ index: 1 });
  await page.getByLabel('Uang diterima (Rp)').fill('1000000');
  await page.getByRole('button', { name: 'Lanjut ke konfirmasi' }).click();
  await expect(page.getByText('Hanya 1 periode terlama; 3 periode tetap belum dibayar.')).toBeVisible();
  await expect(page.locator('.confirm-figures')).toBeVisible();
});

test('an administrator marks a bank disrupted and customers are told where they pay', async ({ page, context }, info) => {
  // Each run marks its own bank (both runs share one database).
  const [channel, bank] = hydrated(info) ? ['va_bni', 'BNI'] : ['va_mandiri', 'Bank Mandiri'];
  // A customer has their bill open before the bank's trouble is known.
  const customer = await context.newPage();
  await open(customer, info, '/tagihan?no=02.01.000002');
  await expect(customer.locator(`.channel-warnings li[data-channel="${channel}"]`)).toHaveCount(0);
  if (hydrated(info)) await customer.evaluate(() => ((window as any).__stillHere = true));
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
  if (hydrated(info)) {
    // The open page follows the channel's change by itself.
    await expect(customer.locator(`.channel-warnings li[data-channel="${channel}"]`)).toContainText(`Virtual Account ${bank}: Sedang terganggu`, { timeout: 10_000 });
    expect(await customer.evaluate(() => (window as any).__stillHere)).toBe(true);
  }

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
  // The call stays on the screen: the newest large, the ones before it in the last calls.
  await expect(screen.locator(`.screen-now[data-call="${number}"], .screen-recent li[data-call="${number}"]`).first()).toBeVisible();
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

test('an administrator runs a counter at any office: a walk-in ticket prints a QR and a short code', async ({ page, context }, info) => {
  // Each run at its own office (both runs share one database).
  const [office, officeName] = hydrated(info) ? ['03', 'Unit Singosari'] : ['04', 'Unit Lawang'];
  await signIn(page, info, 'admin.pusat');
  await page.getByRole('link', { name: 'Antrean', exact: true }).click();
  await page.getByRole('link', { name: officeName }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Loket 1 · ${officeName}`);
  if (await page.getByRole('button', { name: 'Buka loket' }).count()) await page.getByRole('button', { name: 'Buka loket' }).click();
  await expect(page.getByRole('button', { name: 'Tutup loket' })).toBeVisible();
  await page.getByRole('button', { name: 'Pembayaran (A)', exact: true }).click();
  const printed = page.locator('.printed-ticket');
  const number = (await printed.getAttribute('data-printed'))!;
  await expect(printed.locator('.ticket-qr svg')).toBeVisible();
  const shortUrl = (await printed.locator('.short-url').textContent())!.trim();
  const code = (await printed.locator('.short-code').textContent())!.trim();
  expect(code).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
  expect(shortUrl).toMatch(new RegExp(`/t/${code.replace('-', '')}$`));
  await fitsThePhone(page);
  // Printed, the ticket comes alone, with its QR and code.
  await page.emulateMedia({ media: 'print' });
  await expect(printed.locator('.ticket-number')).toBeVisible();
  await expect(page.locator('.staff-nav')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // The short code, typed on a phone, opens the ticket's page.
  const phone = await context.newPage();
  await open(phone, info, new URL(shortUrl).pathname);
  await expect(phone).toHaveURL(/\/antrean\/[0-9A-F]{32}$/);
  await expect(phone.locator('.ticket-number')).toHaveText(number);

  // The administrator calls it; the office's TV shows it large at 720p and 1080p.
  await page.getByRole('button', { name: 'Panggil berikutnya' }).click();
  await expect(page.locator(`[data-current="${number}"]`)).toBeVisible();
  const screen = await context.newPage();
  for (const [width, height] of [[1280, 720], [1920, 1080]]) {
    await screen.setViewportSize({ width, height });
    await open(screen, info, `/kantor/${office}/layar`);
    await expect(screen.locator('.screen-now')).toHaveAttribute('data-call', number);
    for (const part of ['.screen-now-ticket', '.screen-now-counter', `.screen-counter[data-counter="1"] .screen-counter-name`]) {
      const size = await screen.locator(part).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(size / height, `${part} at ${width}×${height}`).toBeGreaterThanOrEqual(0.08);
    }
    await expect(screen.locator('.screen-counter[data-counter="2"]')).toHaveAttribute('data-state', /open|closed|serving/);
    // Nothing is cut off: the screen is laid out to fit.
    const overflow = await screen.evaluate(() => {
      const root = document.querySelector('.queue-screen')!;
      return [...root.children].some((c) => c.getBoundingClientRect().bottom > window.innerHeight + 1);
    });
    expect(overflow, `${width}×${height}`).toBe(false);
    await screen.screenshot({ path: info.outputPath(`tv-${height}p.png`) });
  }
  await page.getByRole('button', { name: 'Mulai layani' }).click();
  await page.getByRole('button', { name: 'Selesai' }).click();
  await page.getByRole('button', { name: 'Tutup loket' }).click();
});

test('staff pages fit a phone: reports scroll inside their panel, the audit log reads in words', async ({ page }, info) => {
  await signIn(page, info, 'admin.pusat');
  for (const path of ['/staf/rekonsiliasi', '/staf/antrean/statistik?kantor=02', '/staf/audit', '/staf/laporan', '/staf/loket']) {
    await open(page, info, path);
    await fitsThePhone(page);
  }
  await open(page, info, '/staf/audit');
  await expect(page.locator('tr[data-action="login"]').first()).toContainText('Masuk');
  await expect(page.locator('tr[data-action="login"] td').nth(2)).not.toHaveText('login');
  await expect(page.getByRole('link', { name: 'Loket', exact: true })).toBeVisible();
  // A supervisor's cash report opens on their own office.
  await signIn(page, info, 'spv.dau');
  await open(page, info, '/staf/laporan');
  await expect(page.locator('section.panel h2').first()).toContainText('Unit Dau');
});

test('a bad phone number is named in words, the form stays open, and cancelling asks first', async ({ page }, info) => {
  const phone = hydrated(info) ? '081200000011' : '081200000012';
  await open(page, info, '/kantor/01');
  await page.getByText('Ambil nomor antrean dari rumah').click();
  await page.getByLabel('Nomor HP').fill('12345');
  await page.getByRole('button', { name: 'Ambil nomor' }).click();
  await expect(page.getByRole('alert')).toContainText('Nomor HP belum benar: tulis nomor ponsel Indonesia, misalnya 0812 3456 7890.');
  await expect(page.locator('details.take-ticket')).toHaveAttribute('open', '');
  await fitsThePhone(page);
  await open(page, info, `/bahasa/en?next=${encodeURIComponent('/kantor/01')}`);
  await page.getByText('Take a queue number from home').click();
  await page.getByLabel('Mobile number').fill('0341 123456');
  await page.getByRole('button', { name: 'Take a number' }).click();
  await expect(page.getByRole('alert')).toContainText('The mobile number is not right: write an Indonesian mobile number');
  await page.getByLabel('Mobile number').fill(phone);
  await page.getByRole('button', { name: 'Take a number' }).click();
  await expect(page).toHaveURL(/\/antrean\/[0-9A-F]{32}$/);
  await open(page, info, `/bahasa/id?next=${encodeURIComponent(new URL(page.url()).pathname)}`);

  // Cancelling asks once more before the place is given up.
  await page.locator('summary', { hasText: 'Batalkan tiket' }).click();
  await expect(page.getByText('Yakin membatalkan?')).toBeVisible();
  await fitsThePhone(page);
  await page.getByRole('button', { name: 'Ya, batalkan tiket' }).click();
  await expect(page.locator('.ticket-status')).toHaveText('Tiket dibatalkan.');
});
