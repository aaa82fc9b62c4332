use crate::components::lookup_form::LookupForm;
use crate::domain::complaint::PhotoProblem;
use crate::domain::notice::InputProblem;
use crate::domain::staff::WeakPassword;
use crate::domain::CustomerNumberError;
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;

/// A failure as a readable page. Sets the response status on the server.
#[component]
pub fn ErrorPanel(error: AppError, #[prop(optional, into)] typed: String) -> impl IntoView {
    error.apply_to_response();
    let lang = use_lang();
    let (title, detail) = explain(lang, &error);
    let offer_lookup = matches!(error, AppError::InvalidCustomerNumber(_) | AppError::CustomerNotFound);
    let offices_link = matches!(error, AppError::OfficeNotFound).then(|| {
        view! {
            <p><a href="/kantor">{lang.t("Daftar kantor unit", "List of unit offices")}</a></p>
        }
    });
    view! {
        <Title text=format!("{title} · Tirta")/>
        <section class="panel error-panel" role="alert" data-status=error.status()>
            <h1>{title}</h1>
            <p>{detail}</p>
            {offer_lookup.then(|| view! { <LookupForm value=typed autofocus=true/> })}
            {offices_link}
            <p><a href="/">{lang.t("Kembali ke beranda", "Back to the home page")}</a></p>
        </section>
    }
}

pub fn explain(lang: Lang, error: &AppError) -> (&'static str, String) {
    match error {
        AppError::InvalidCustomerNumber(reason) => (
            lang.t("Nomor sambungan tidak valid", "Invalid customer number"),
            match reason {
                CustomerNumberError::Empty => lang.t("Masukkan nomor sambungan Anda.", "Enter your customer number.").to_string(),
                CustomerNumberError::NotDigits => lang
                    .t("Nomor sambungan hanya berisi angka (titik dan spasi boleh).", "A customer number has only digits (dots and spaces are fine).")
                    .to_string(),
                CustomerNumberError::WrongLength(n) => match lang {
                    Lang::Id => format!("Nomor sambungan terdiri dari 8 sampai 12 angka; Anda mengetik {n} angka."),
                    Lang::En => format!("A customer number has 8 to 12 digits; you typed {n}."),
                },
            },
        ),
        AppError::CustomerNotFound => (
            lang.t("Nomor sambungan tidak ditemukan", "Customer number not found"),
            lang.t(
                "Periksa kembali nomor pada rekening Anda. Jika sudah benar, hubungi kantor unit terdekat.",
                "Check the number on your bill. If it is right, contact your nearest unit office.",
            )
            .to_string(),
        ),
        AppError::OfficeNotFound => (
            lang.t("Kantor unit tidak ditemukan", "Unit office not found"),
            lang.t("Kode kantor ini tidak ada.", "There is no office with this code.").to_string(),
        ),
        AppError::PageNotFound => (
            lang.t("Halaman tidak ditemukan", "Page not found"),
            lang.t("Alamat yang Anda buka tidak ada.", "The address you opened does not exist.").to_string(),
        ),
        AppError::PaymentNotFound => (
            lang.t("Pembayaran tidak ditemukan", "Payment not found"),
            lang.t("Tautan pembayaran ini tidak dikenal. Buka tagihan Anda dan mulai pembayaran lagi.", "This payment link is unknown. Open your bill and start the payment again.").to_string(),
        ),
        AppError::ReceiptNotFound => (
            lang.t("Resi tidak terdaftar", "Receipt not on record"),
            lang.t(
                "Tidak ada pembayaran dengan resi ini di sistem kami. Bila Anda menerima resi ini sebagai bukti bayar, hubungi kantor unit.",
                "No payment with this receipt is on record. If you were given it as proof of payment, contact a unit office.",
            )
            .to_string(),
        ),
        AppError::NothingToPay => (
            lang.t("Tidak ada tagihan", "Nothing to pay"),
            lang.t("Semua tagihan nomor ini sudah lunas.", "Every bill for this number is paid.").to_string(),
        ),
        AppError::ChannelUnavailable => (
            lang.t("Kanal pembayaran tidak tersedia", "Payment channel unavailable"),
            lang.t("Kanal ini sedang tidak dapat dipakai. Silakan gunakan kanal lain atau bayar di loket kantor unit.", "This channel cannot be used now. Please use another channel or pay at a unit office counter.").to_string(),
        ),
        AppError::BadRequest => (
            lang.t("Permintaan tidak dapat dibaca", "The request could not be read"),
            lang.t("Muat ulang halaman lalu coba lagi.", "Reload the page and try again.").to_string(),
        ),
        AppError::TooManyRequests { retry_after_secs } => (
            lang.t("Terlalu banyak pencarian", "Too many lookups"),
            match lang {
                Lang::Id => format!("Demi keamanan data pelanggan, pencarian dibatasi. Coba lagi dalam {retry_after_secs} detik."),
                Lang::En => format!("To protect customers' data, lookups are limited. Try again in {retry_after_secs} seconds."),
            },
        ),
        AppError::BillNeedsReview => (
            lang.t("Tagihan sedang diperiksa", "Bill under review"),
            lang.t(
                "Data tagihan nomor ini perlu diperiksa petugas. Silakan hubungi kantor unit Anda; mohon maaf atas ketidaknyamanannya.",
                "This account's bill data needs checking by our staff. Please contact your unit office; we apologise for the inconvenience.",
            )
            .to_string(),
        ),
        AppError::NotSignedIn => (
            lang.t("Silakan masuk", "Please sign in"),
            lang.t("Halaman ini khusus petugas. Masuk dengan akun petugas Anda.", "This page is for staff. Sign in with your staff account.").to_string(),
        ),
        AppError::Forbidden => (
            lang.t("Tidak diizinkan", "Not allowed"),
            lang.t("Peran atau kantor Anda tidak mencakup tindakan ini.", "Your role or office does not cover this.").to_string(),
        ),
        AppError::CsrfRejected => (
            lang.t("Formulir kedaluwarsa", "The form has expired"),
            lang.t("Muat ulang halaman lalu kirim lagi.", "Reload the page and send it again.").to_string(),
        ),
        AppError::LoginFailed => (
            lang.t("Gagal masuk", "Sign-in failed"),
            lang.t("Nama pengguna atau kata sandi salah.", "Wrong username or password.").to_string(),
        ),
        AppError::LoginThrottled { retry_after_secs } => (
            lang.t("Terlalu banyak percobaan", "Too many attempts"),
            match lang {
                Lang::Id => format!("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {} menit.", retry_after_secs.div_ceil(60)),
                Lang::En => format!("Too many failed sign-ins. Try again in {} minutes.", retry_after_secs.div_ceil(60)),
            },
        ),
        AppError::WeakPassword(w) => (
            lang.t("Kata sandi belum memenuhi syarat", "Password not acceptable"),
            match (lang, w) {
                (Lang::Id, WeakPassword::TooShort(n)) => format!("Kata sandi minimal {n} karakter. Kalimat pendek mudah diingat dan sulit ditebak."),
                (Lang::En, WeakPassword::TooShort(n)) => format!("At least {n} characters. A short sentence is easy to remember and hard to guess."),
                (Lang::Id, WeakPassword::TooLong(n)) => format!("Kata sandi paling panjang {n} karakter."),
                (Lang::En, WeakPassword::TooLong(n)) => format!("At most {n} characters."),
                (Lang::Id, WeakPassword::ContainsUsername) => "Kata sandi tidak boleh memuat nama pengguna.".to_string(),
                (Lang::En, WeakPassword::ContainsUsername) => "The password must not contain the username.".to_string(),
            },
        ),
        AppError::CounterOnly(months) => (lang.t("Bayar di loket kantor unit", "Pay at the unit office"), counter_only(lang, *months)),
        AppError::PasswordChangeRequired => (
            lang.t("Ganti kata sandi dulu", "Change your password first"),
            lang.t(
                "Administrator telah mengatur ulang kata sandi Anda. Ganti kata sandi di beranda petugas sebelum bekerja.",
                "An administrator reset your password. Change it on the staff home page before you go on.",
            )
            .to_string(),
        ),
        AppError::OwnAccount => (
            lang.t("Tidak dapat menonaktifkan akun sendiri", "You cannot deactivate your own account"),
            lang.t("Minta administrator lain untuk menonaktifkannya.", "Ask another administrator to do it.").to_string(),
        ),
        AppError::PasswordsDiffer => (
            lang.t("Kata sandi tidak sama", "Passwords differ"),
            lang.t("Ketik kata sandi baru yang sama dua kali.", "Type the same new password twice.").to_string(),
        ),
        AppError::Invalid(problem) => (lang.t("Periksa isian:", "Please check the form:"), input_problem(lang, problem)),
        AppError::NoticeNotFound => (
            lang.t("Pemberitahuan tidak ditemukan", "Notice not found"),
            lang.t("Pemberitahuan ini tidak ada atau sudah ditutup.", "This notice does not exist or is closed.").to_string(),
        ),
        AppError::UsernameTaken => (
            lang.t("Nama pengguna sudah dipakai", "Username taken"),
            lang.t("Pilih nama pengguna lain.", "Choose another username.").to_string(),
        ),
        AppError::AmountChanged => (
            lang.t("Tagihan berubah", "The bills changed"),
            lang.t(
                "Jumlah tagihan berubah sejak layar dibuka (mungkin baru dibayar lewat kanal lain). Tidak ada yang dicatat; buka lagi tagihan pelanggan.",
                "What is owed changed since the screen opened (perhaps just paid through another channel). Nothing was recorded; open the customer's bills again.",
            )
            .to_string(),
        ),
        AppError::TicketNotFound => (
            lang.t("Tiket tidak ditemukan", "Ticket not found"),
            lang.t("Tidak ada tiket antrean dengan alamat ini. Ambil tiket baru di halaman kantor unit.", "No queue ticket has this address. Take a new one on the unit office's page.").to_string(),
        ),
        AppError::TicketMoveRefused(r) => (
            lang.t("Tidak dapat dilakukan", "Not possible"),
            match lang {
                Lang::Id => format!("Tiket berstatus \u{201c}{}\u{201d} tidak dapat di-\u{201c}{}\u{201d}. Muat ulang layar.", r.from.as_str(), r.action.as_str()),
                Lang::En => format!("A {} ticket cannot be given \u{201c}{}\u{201d}. Reload the screen.", r.from.as_str(), r.action.as_str()),
            },
        ),
        AppError::ImportNotFound => (
            lang.t("Berkas tidak ditemukan", "File not found"),
            lang.t("Tidak ada berkas unggahan dengan nomor ini.", "No uploaded file has this number.").to_string(),
        ),
        AppError::ImportNotReady => (
            lang.t("Belum dapat diterapkan", "Cannot be applied"),
            lang.t(
                "Hanya berkas yang sudah diperiksa tanpa kesalahan dan belum diterapkan yang dapat diterapkan. Muat ulang halaman.",
                "Only a file checked without faults and not yet applied can be applied. Reload the page.",
            )
            .to_string(),
        ),
        AppError::BankNotFound => (
            lang.t("Bank tidak ditemukan", "Bank not found"),
            lang.t("Tidak ada bank dengan kode ini.", "No bank has this id.").to_string(),
        ),
        AppError::RunNotFound => (
            lang.t("Penagihan tidak ditemukan", "Billing run not found"),
            lang.t("Tidak ada penagihan bulanan dengan nomor ini.", "No billing run has this number.").to_string(),
        ),
        AppError::NotLatestReading => (
            lang.t("Bukan pembacaan terakhir", "Not the latest reading"),
            lang.t(
                "Pembacaan berikutnya dimulai dari angka ini. Koreksi angka pada pembacaan terakhir pelanggan; selisihnya ikut terhitung di sana.",
                "The next reading starts from this figure. Correct the figure of the customer's latest reading; the difference is counted there.",
            )
            .to_string(),
        ),
        AppError::CarriedOverBill => (
            lang.t("Tagihan dari sistem lama", "A bill from the previous system"),
            lang.t(
                "Tagihan ini dialihkan dari sistem penagihan sebelumnya; portal tidak menyimpan pembacaan meternya. Koreksi jumlahnya di sistem asal atau hubungi administrator.",
                "This bill was carried over from the previous billing system; the portal holds no meter reading of it. Correct its amount where it came from, or ask an administrator.",
            )
            .to_string(),
        ),
        AppError::DeviceNotEnrolled => (
            lang.t("Perangkat belum didaftarkan", "Device not enrolled"),
            lang.t(
                "Perangkat ini belum didaftarkan sebagai loket. Minta supervisor mendaftarkannya di halaman Perangkat loket.",
                "This device is not enrolled as a counter. Ask a supervisor to enrol it on the Counter devices page.",
            )
            .to_string(),
        ),
        AppError::DeviceRevoked => (
            lang.t("Perangkat sudah dicabut", "Device revoked"),
            lang.t(
                "Pendaftaran perangkat ini sebagai loket sudah dicabut. Pembayaran luringnya tidak diterima lagi; hubungi supervisor.",
                "This device's enrolment as a counter was revoked. Its offline payments are no longer accepted; ask a supervisor.",
            )
            .to_string(),
        ),
        AppError::DeviceAlreadyEnrolled => (
            lang.t("Perangkat sudah terdaftar", "Device already enrolled"),
            lang.t(
                "Perangkat ini sudah terdaftar sebagai loket. Cabut pendaftarannya dulu bila ingin mendaftarkannya lagi.",
                "This device is enrolled as a counter already. Revoke it first to enrol it again.",
            )
            .to_string(),
        ),
        AppError::DeviceNotFound => (
            lang.t("Perangkat tidak ditemukan", "Device not found"),
            lang.t("Tidak ada perangkat loket dengan nomor ini.", "No counter device has this number.").to_string(),
        ),
        AppError::ComplaintNotFound => (
            lang.t("Pengaduan tidak ditemukan", "Complaint not found"),
            lang.t(
                "Tautan pengaduan ini tidak dikenal. Periksa kembali tautan yang Anda simpan, atau hubungi kantor unit dengan nomor pengaduan Anda.",
                "This complaint link is unknown. Check the link you kept, or contact a unit office with your complaint number.",
            )
            .to_string(),
        ),
        AppError::ComplaintStepRefused(refused) => (
            lang.t("Tahap pengaduan sudah berubah", "The complaint has moved on"),
            {
                let (stage_id, stage_en) = refused.from.label();
                match lang {
                    Lang::Id => format!("Pengaduan ini sedang pada tahap \"{stage_id}\"; tindakan itu tidak dapat dilakukan sekarang. Muat ulang halaman untuk melihat keadaannya."),
                    Lang::En => format!("This complaint is at the stage \"{stage_en}\"; that step cannot be taken now. Reload the page to see where it stands."),
                }
            },
        ),
        AppError::ReadingWindowClosed => (
            lang.t("Baca meter mandiri sedang tutup", "Self meter reading is closed"),
            lang.t(
                "Angka meter dari pelanggan hanya diterima pada tanggal yang ditetapkan setiap bulan. Kirim lagi saat dibuka; bila tidak, petugas kami yang membaca meter Anda.",
                "Meter figures from customers are taken only on the set days of each month. Send it again when it opens; otherwise our meter reader reads your meter.",
            )
            .to_string(),
        ),
        AppError::PhoneNotOnFile => (
            lang.t("Nomor HP tidak terdaftar", "Phone not on file"),
            lang.t(
                "Nomor HP ini bukan nomor yang terdaftar untuk sambungan itu, jadi angka meternya tidak dapat diterima. Daftarkan nomor HP Anda di kantor unit atau lewat pengaduan.",
                "This phone is not the one on file for that connection, so its meter figure cannot be taken. Register your phone at a unit office or through a complaint.",
            )
            .to_string(),
        ),
        AppError::SelfReadingNotFound => (
            lang.t("Kiriman angka meter tidak ditemukan", "Meter reading not found"),
            lang.t(
                "Tautan ini tidak dikenal. Periksa kembali tautan yang Anda simpan.",
                "This link is unknown. Check the link you kept.",
            )
            .to_string(),
        ),
        AppError::ReadingAlreadyBilled => (
            lang.t("Tagihan bulan ini sudah disusun", "This month's bill is drafted"),
            lang.t(
                "Tagihan untuk bulan ini sudah disusun, jadi angka meter tidak dapat dikirim atau diubah lagi. Bila tagihannya salah, sampaikan pengaduan.",
                "This month's bill is drafted already, so a meter figure can no longer be sent or changed. If the bill is wrong, make a complaint.",
            )
            .to_string(),
        ),
        AppError::ReadingLimit => (
            lang.t("Batas kiriman tercapai", "Limit reached"),
            match lang {
                Lang::Id => format!("Anda sudah mengirim {} angka meter untuk tagihan bulan ini. Bila masih salah, hubungi kantor unit atau sampaikan pengaduan.", crate::domain::self_reading::PER_PERIOD),
                Lang::En => format!("You have sent {} meter figures for this month's bill already. If it is still wrong, contact a unit office or make a complaint.", crate::domain::self_reading::PER_PERIOD),
            },
        ),
        AppError::SelfReadingSettled => (
            lang.t("Kiriman ini sudah diputuskan", "This reading was settled already"),
            lang.t(
                "Angka meter ini sudah ditegaskan, dibatalkan, atau diganti kiriman yang lebih baru. Muat ulang halaman untuk melihat keadaannya.",
                "This meter figure was confirmed, withdrawn, or replaced by a newer one already. Reload the page to see where it stands.",
            )
            .to_string(),
        ),
        AppError::BillNotFound => (
            lang.t("Tagihan tidak ditemukan", "Bill not found"),
            lang.t(
                "Pelanggan ini tidak punya tagihan terbit untuk periode itu.",
                "This customer has no published bill for that period.",
            )
            .to_string(),
        ),
        AppError::RunUnderReview => (
            lang.t("Masih ada penagihan yang diperiksa", "A run is under review"),
            lang.t(
                "Penagihan periode ini sedang diperiksa. Selesaikan dan terbitkan dulu sebelum menyusun lagi.",
                "A billing run of this period is under review. Finish and publish it before drafting again.",
            )
            .to_string(),
        ),
        AppError::RunPublished => (
            lang.t("Sudah diterbitkan", "Already published"),
            lang.t("Penagihan ini sudah diterbitkan dan tidak dapat diubah lagi.", "This billing run is published and cannot change.").to_string(),
        ),
        AppError::ReviewPending(n) => (
            lang.t("Belum semua diperiksa", "Not all reviewed"),
            match lang {
                Lang::Id => format!("{n} tagihan tertahan belum dikoreksi atau disetujui."),
                Lang::En => format!("{n} held bills are not corrected or accepted yet."),
            },
        ),
        AppError::CounterClosed => (
            lang.t("Loket tutup", "Counter closed"),
            lang.t("Buka loket dulu sebelum memanggil.", "Open the counter before calling.").to_string(),
        ),
        AppError::NobodyWaiting => (
            lang.t("Antrean kosong", "Nobody waiting"),
            lang.t("Tidak ada yang menunggu untuk layanan loket ini.", "Nobody is waiting for this counter's services.").to_string(),
        ),
        AppError::CounterBusy(t) => (
            lang.t("Loket masih melayani", "Counter still busy"),
            match lang {
                Lang::Id => format!("Selesaikan dulu tiket {t} (selesai, tidak hadir, atau alihkan)."),
                Lang::En => format!("Finish ticket {t} first (done, no-show, or transfer)."),
            },
        ),
        AppError::TicketLimit => (
            lang.t("Sudah punya tiket", "Already holding a ticket"),
            lang.t("Nomor HP ini sudah memegang tiket di kantor ini hari ini, atau terlalu banyak tiket sudah diambil dari jaringan ini. Batalkan tiket yang ada dulu, atau ambil tiket di kantor.", "This phone number already holds a ticket at this office today, or too many tickets were taken from this network today. Cancel the one you hold first, or take a ticket at the office.").to_string(),
        ),
        AppError::OfficeClosed { opens } => (
            lang.t("Kantor sedang tutup", "The office is closed"),
            match (lang, opens) {
                (Lang::Id, Some(t)) => format!("Nomor antrean online dapat diambil selama jam layanan. Kantor buka lagi {}.", lang.opening(*t)),
                (Lang::En, Some(t)) => format!("Online queue numbers are taken during opening hours. The office opens again {}.", lang.opening(*t)),
                (Lang::Id, None) => "Nomor antrean online dapat diambil selama jam layanan.".to_string(),
                (Lang::En, None) => "Online queue numbers are taken during opening hours.".to_string(),
            },
        ),
        AppError::CashShort { short_by } => (
            lang.t("Uang diterima kurang", "Not enough cash"),
            match lang {
                Lang::Id => format!("Kurang {} dari total. Periksa lagi jumlahnya.", lang.money(*short_by)),
                Lang::En => format!("{} short of the total. Check the amount again.", lang.money(*short_by)),
            },
        ),
        AppError::Internal => (
            lang.t("Terjadi gangguan", "Something went wrong"),
            lang.t("Layanan sedang mengalami gangguan. Silakan coba beberapa saat lagi.", "The service has a problem. Please try again shortly.")
                .to_string(),
        ),
        AppError::Unreachable(_) => (
            lang.t("Tidak dapat terhubung", "Cannot connect"),
            lang.t("Periksa koneksi internet Anda lalu coba lagi.", "Check your internet connection and try again.").to_string(),
        ),
    }
}

fn field_label(lang: Lang, field: &str) -> String {
    let label = match field {
        "title" => lang.t("Judul", "Title"),
        "body" => lang.t("Isi", "Text"),
        "mitigation" => lang.t("Bantuan air", "Water supply help"),
        "message" => lang.t("Keterangan", "Message"),
        "starts_at" => lang.t("Mulai", "Start"),
        "ends_at" => lang.t("Selesai", "End"),
        "repair_eta" => lang.t("Perkiraan perbaikan selesai", "Repair estimate"),
        "flow_eta" => lang.t("Perkiraan air normal", "Water back estimate"),
        "kind" => lang.t("Jenis", "Kind"),
        "severity" => lang.t("Tingkat", "Severity"),
        "status" => lang.t("Status", "Status"),
        "office" => lang.t("Kantor", "Office"),
        "username" => lang.t("Nama pengguna", "Username"),
        "full_name" => lang.t("Nama lengkap", "Full name"),
        "role" => lang.t("Peran", "Role"),
        "counter_no" => lang.t("Nomor loket", "Counter number"),
        "day" => lang.t("Tanggal", "Date"),
        "phone" => lang.t("Nomor HP", "Mobile number"),
        "service" => lang.t("Layanan", "Service"),
        "channel" => lang.t("Kanal pembayaran", "Payment channel"),
        "state" => lang.t("Status kanal", "Channel state"),
        "reason" => lang.t("Alasan", "Reason"),
        "action" => lang.t("Tindakan", "Action"),
        "counter" => lang.t("Loket", "Counter"),
        "device_label" => lang.t("Nama perangkat", "Device name"),
        "periods" => lang.t("Periode yang dibayar", "Periods paid"),
        "ticket" => lang.t("Tiket", "Ticket"),
        "period" => lang.t("Periode", "Period"),
        "stand_akhir" => lang.t("Stand akhir", "Final reading"),
        "contact_phone" => lang.t("Nomor telepon", "Phone number"),
        "group" => lang.t("Golongan", "Group"),
        "name" => lang.t("Nama", "Name"),
        "rule" => lang.t("Jenis aturan denda", "Kind of late-fee rule"),
        "percent" => lang.t("Persentase denda", "Late-fee percentage"),
        "rounding" => lang.t("Pembulatan", "Rounding"),
        "grace_hours" => lang.t("Masa peralihan", "Grace period"),
        "effective_from" => lang.t("Berlaku mulai", "Effective from"),
        "decree" => lang.t("Surat keputusan", "Decree"),
        "decree_en" => lang.t("Surat keputusan (Inggris)", "Decree (English)"),
        "minimum_usage_m3" => lang.t("Pemakaian minimum", "Minimum usage"),
        "areas" => lang.t("Desa yang dilayani", "Villages served"),
        "week" => lang.t("Jam buka ketujuh hari", "Hours of all seven days"),
        "address" => lang.t("Alamat", "Address"),
        "office_phone" => lang.t("Telepon kantor", "Office phone"),
        "hours_note" => lang.t("Keterangan jam buka", "Opening hours note"),
        "hours_note_en" => lang.t("Keterangan jam buka (Inggris)", "Opening hours note (English)"),
        "name_id" => lang.t("Nama layanan", "Service name"),
        "name_en" => lang.t("Nama layanan (Inggris)", "Service name (English)"),
        "category" => lang.t("Jenis pengaduan", "Kind of complaint"),
        "customer_number" => lang.t("Nomor sambungan", "Customer number"),
        "stand" => lang.t("Angka meter", "Meter figure"),
        "photo" => lang.t("Foto meter", "Photo of the meter"),
        "first_day" => lang.t("Tanggal mulai", "First day"),
        "last_day" => lang.t("Tanggal terakhir", "Last day"),
        "description" => lang.t("Uraian", "Description"),
        "location" => lang.t("Lokasi", "Location"),
        "latitude" | "longitude" => lang.t("Titik lokasi", "Map position"),
        "note" => lang.t("Catatan", "Note"),
        "assignee" => lang.t("Petugas", "Member of staff"),
        "step" => lang.t("Tindakan", "Step"),
        "stage" => lang.t("Tahap", "Stage"),
        "deadline" => lang.t("Tenggat", "Deadline"),
        "amount" => lang.t("Jumlah", "Amount"),
        "month" => lang.t("Bulan", "Month"),
        "usage" => lang.t("Pemakaian", "Usage"),
        "meter_size" => lang.t("Ukuran meter", "Meter size"),
        // Rows of the tariff form: `block_upto:2` is the second block's bound.
        row if row.contains(':') => {
            let (field, n) = row.split_once(':').unwrap_or((row, ""));
            let what = match field {
                "block_upto" => lang.t("Batas atas blok", "Upper bound of block"),
                "block_price" => lang.t("Harga per m³ blok", "Price per m³ of block"),
                "charge_label" => lang.t("Nama biaya tetap", "Name of fixed charge"),
                "charge_label_en" => lang.t("Nama biaya tetap (Inggris)", "Name of fixed charge (English)"),
                "charge_meter" => lang.t("Ukuran meter biaya tetap", "Meter size of fixed charge"),
                "charge_amount" => lang.t("Jumlah biaya tetap", "Amount of fixed charge"),
                "tier_months" => lang.t("Bulan terlambat tingkat", "Months late of tier"),
                "tier_fee" => lang.t("Denda tingkat", "Fee of tier"),
                "group_fee" => lang.t("Denda golongan", "Fee of group"),
                _ => return row.to_string(),
            };
            return format!("{what} {n}");
        }
        // Every field a form sends has its label above; a new one without shows its name.
        other => return other.to_string(),
    };
    label.to_string()
}

/// What is wrong with a form, in words.
pub fn input_problem(lang: Lang, problem: &InputProblem) -> String {
    match (lang, problem) {
        (Lang::Id, InputProblem::Required(f)) => format!("{} wajib diisi.", field_label(lang, f)),
        (Lang::En, InputProblem::Required(f)) => format!("{} is required.", field_label(lang, f)),
        (Lang::Id, InputProblem::TooShort { field, min }) => {
            format!("{} terlalu singkat: paling sedikit {min} karakter. Ceritakan masalahnya sedikit lebih lengkap.", field_label(lang, field))
        }
        (Lang::En, InputProblem::TooShort { field, min }) => {
            format!("{} is too short: at least {min} characters. Tell us a little more about the problem.", field_label(lang, field))
        }
        (Lang::Id, InputProblem::Photo(PhotoProblem::NotAPhoto)) => {
            "Berkas ini bukan foto. Kirim foto JPEG, PNG atau WebP.".into()
        }
        (Lang::En, InputProblem::Photo(PhotoProblem::NotAPhoto)) => {
            "This file is not a photo. Send a JPEG, PNG or WebP photo.".into()
        }
        (Lang::Id, InputProblem::Photo(PhotoProblem::TooLarge(mb))) => {
            format!("Foto terlalu besar: paling besar {mb} MB. Kirim foto yang lebih kecil.")
        }
        (Lang::En, InputProblem::Photo(PhotoProblem::TooLarge(mb))) => {
            format!("The photo is too large: at most {mb} MB. Send a smaller one.")
        }
        (Lang::Id, InputProblem::Photo(PhotoProblem::Broken)) => {
            "Foto rusak dan tidak dapat dibuka. Ambil fotonya lagi.".into()
        }
        (Lang::En, InputProblem::Photo(PhotoProblem::Broken)) => {
            "The photo is damaged and cannot be opened. Take it again.".into()
        }
        (Lang::Id, InputProblem::TooLong { field, max }) => {
            format!("{} terlalu panjang: paling banyak {max} karakter.", field_label(lang, field))
        }
        (Lang::En, InputProblem::TooLong { field, max }) => {
            format!("{} is too long: at most {max} characters.", field_label(lang, field))
        }
        (Lang::Id, InputProblem::Markup(f)) => {
            format!("{} tidak boleh memuat tanda < atau > (kode HTML).", field_label(lang, f))
        }
        (Lang::En, InputProblem::Markup(f)) => {
            format!("{} must not contain < or > (HTML).", field_label(lang, f))
        }
        (Lang::Id, InputProblem::BadTime(f)) => {
            format!("{}: tanggal dan jam tidak dapat dibaca.", field_label(lang, f))
        }
        (Lang::En, InputProblem::BadTime(f)) => format!("{}: the date and time cannot be read.", field_label(lang, f)),
        (Lang::Id, InputProblem::EndBeforeStart) => "Waktu selesai harus sesudah waktu mulai.".into(),
        (Lang::En, InputProblem::EndBeforeStart) => "The end must be after the start.".into(),
        (Lang::Id, InputProblem::EndRequired) => "Pekerjaan terjadwal harus punya waktu selesai.".into(),
        (Lang::En, InputProblem::EndRequired) => "Planned work needs an end time.".into(),
        (Lang::Id, InputProblem::FlowBeforeRepair) => {
            "Air tidak dapat normal sebelum perbaikan selesai: periksa kedua perkiraan.".into()
        }
        (Lang::En, InputProblem::FlowBeforeRepair) => {
            "Water cannot be back before the repair is done: check both estimates.".into()
        }
        (Lang::Id, InputProblem::UnknownArea(a)) => {
            format!("{a} tidak termasuk wilayah layanan kantor ini.")
        }
        (Lang::En, InputProblem::UnknownArea(a)) => {
            format!("{a} is not in this office's service area.")
        }
        (Lang::Id, InputProblem::AreasNeedAnOffice) => {
            "Pemberitahuan untuk semua kantor tidak dapat memilih desa; pilih satu kantor.".into()
        }
        (Lang::En, InputProblem::AreasNeedAnOffice) => {
            "A notice for every office cannot name villages; choose one office.".into()
        }
        (Lang::Id, InputProblem::StatusNotAllowed { from, to }) => {
            format!("Status tidak dapat berubah dari {from} ke {to}.")
        }
        (Lang::En, InputProblem::StatusNotAllowed { from, to }) => {
            format!("The status cannot go from {from} to {to}.")
        }
        (Lang::Id, InputProblem::UnknownChoice(f)) => {
            format!("{}: pilihan tidak dikenal.", field_label(lang, f))
        }
        (Lang::En, InputProblem::UnknownChoice(f)) => {
            format!("{}: unknown choice.", field_label(lang, f))
        }
        (Lang::Id, InputProblem::BadPhone(f)) => {
            format!("{} belum benar: tulis nomor ponsel Indonesia, misalnya 0812 3456 7890.", field_label(lang, f))
        }
        (Lang::En, InputProblem::BadPhone(f)) => {
            format!(
                "The {} is not right: write an Indonesian mobile number, such as 0812 3456 7890.",
                field_label(lang, f).to_lowercase()
            )
        }
        (Lang::Id, InputProblem::Unbillable(f)) => {
            format!(
                "{}: pemakaian menjadi negatif atau tidak wajar; periksa stand awal dan angka yang diketik.",
                field_label(lang, f)
            )
        }
        (Lang::En, InputProblem::Unbillable(f)) => {
            format!(
                "{}: the usage would be negative or implausible; check the first reading and the figure typed.",
                field_label(lang, f)
            )
        }
        (Lang::Id, InputProblem::Unchanged(f)) => {
            format!("{}: angka itu yang sudah tercatat; tidak ada yang dikoreksi.", field_label(lang, f))
        }
        (Lang::En, InputProblem::Unchanged(f)) => {
            format!("{}: that is the figure already recorded; nothing to correct.", field_label(lang, f))
        }
        (Lang::Id, InputProblem::PeriodTooFar) => {
            "Penagihan paling jauh untuk bulan depan: baca meter suatu periode diambil sebulan sebelumnya.".into()
        }
        (Lang::En, InputProblem::PeriodTooFar) => {
            "A billing run looks at most one month ahead: a period's meters are read the month before.".into()
        }
        (Lang::Id, InputProblem::NotANumber(f)) => {
            format!("{}: tulis bilangan bulat 0 atau lebih, tanpa titik.", field_label(lang, f))
        }
        (Lang::En, InputProblem::NotANumber(f)) => {
            format!("{}: write a whole number of 0 or more, without separators.", field_label(lang, f))
        }
        (Lang::Id, InputProblem::BadPeriod(f)) => {
            format!("{}: tulis bulan sebagai TTTT-BB, misalnya 2027-01.", field_label(lang, f))
        }
        (Lang::En, InputProblem::BadPeriod(f)) => {
            format!("{}: write the month as YYYY-MM, for example 2027-01.", field_label(lang, f))
        }
        (_, InputProblem::Tariff(e)) => tariff_problem(lang, e),
        (Lang::Id, InputProblem::LateFee(e)) => match e {
            crate::domain::PolicyError::BadTiers => {
                "Tingkat denda dimulai dari terlambat 1 bulan, dan bulan tiap tingkat harus naik.".into()
            }
            crate::domain::PolicyError::BadPercent => "Persentase denda antara 0 dan 100.".into(),
            crate::domain::PolicyError::Negative => "Denda tidak boleh negatif.".into(),
            crate::domain::PolicyError::BadDueDay => "Tanggal jatuh tempo antara 1 dan 28.".into(),
            crate::domain::PolicyError::TwoRulesOneDay => {
                "Sudah ada aturan denda yang mulai berlaku pada tanggal itu. Aturan tidak diubah: pilih tanggal lain.".into()
            }
        },
        (Lang::En, InputProblem::LateFee(e)) => match e {
            crate::domain::PolicyError::BadTiers => {
                "Late-fee tiers start at 1 month late, and each tier's months must rise.".into()
            }
            crate::domain::PolicyError::BadPercent => "A late-fee percentage lies between 0 and 100.".into(),
            crate::domain::PolicyError::Negative => "A late fee cannot be negative.".into(),
            crate::domain::PolicyError::BadDueDay => "The due day lies between 1 and 28.".into(),
            crate::domain::PolicyError::TwoRulesOneDay => {
                "A late-fee rule already starts on that day. Rules are never changed: choose another day.".into()
            }
        },
        (Lang::Id, InputProblem::RuleTooEarly(day)) => format!(
            "Aturan denda baru hanya berlaku untuk tagihan yang jatuh tempo sesudah semua tagihan yang sudah terbit atau sedang disusun, agar denda tagihan itu tidak berubah: paling cepat mulai {}.",
            lang.date(*day)
        ),
        (Lang::En, InputProblem::RuleTooEarly(day)) => format!(
            "A new late-fee rule only prices bills that fall due after every bill already out or being drafted, so that their late fees never change: it can start on {} at the earliest.",
            lang.date(*day)
        ),
        (Lang::Id, InputProblem::MeterSizeUnpriced(size)) => format!(
            "Tarif ini tidak menyebut biaya tetap untuk meter {}\", padahal ada pelanggan golongan ini dengan meter itu. Tambahkan barisnya.",
            size.trim_end_matches('"')
        ),
        (Lang::En, InputProblem::MeterSizeUnpriced(size)) => format!(
            "This tariff names no fixed charge for {}\" meters, which some of the group's customers have. Add its row.",
            size.trim_end_matches('"')
        ),
        (Lang::Id, InputProblem::BadOfficeCode) => "Kode kantor: 1 sampai 4 angka, seperti awal nomor pelanggannya.".into(),
        (Lang::En, InputProblem::BadOfficeCode) => "Office code: 1 to 4 digits, as its customer numbers start.".into(),
        (Lang::Id, InputProblem::OfficeTaken(c)) => format!("Kode kantor {c} sudah dipakai."),
        (Lang::En, InputProblem::OfficeTaken(c)) => format!("Office code {c} is taken."),
        (Lang::Id, InputProblem::BadPrefix) => "Huruf antrean: satu huruf, misalnya C (nomor C001).".into(),
        (Lang::En, InputProblem::BadPrefix) => "Ticket letter: one letter, such as C (tickets C001).".into(),
        (Lang::Id, InputProblem::PrefixTaken(p)) => format!("Huruf antrean {p} sudah dipakai layanan lain di kantor ini."),
        (Lang::En, InputProblem::PrefixTaken(p)) => format!("Ticket letter {p} is used by another service of this office."),
        (Lang::Id, InputProblem::BadAreaLine(n)) => {
            format!("Desa baris {n}: tulis satu kecamatan per baris, misalnya \"Dau: Landungsari, Mulyoagung\".")
        }
        (Lang::En, InputProblem::BadAreaLine(n)) => {
            format!("Villages, line {n}: write one district a line, such as \"Dau: Landungsari, Mulyoagung\".")
        }
        (Lang::Id, InputProblem::BadHours(d)) => format!(
            "Jam buka hari {}: tulis jam buka dan tutup seperti 07.30 dan 15.30 (tutup setelah buka), atau kosongkan keduanya bila libur.",
            lang.weekday(*d)
        ),
        (Lang::En, InputProblem::BadHours(d)) => format!(
            "Hours on {}: write the opening and closing times such as 07.30 and 15.30 (closing after opening), or leave both empty when closed.",
            lang.weekday(*d)
        ),
        (Lang::Id, InputProblem::BadDate(f)) => format!("{}: tulis tanggal sebagai TTTT-BB-HH, misalnya 2027-01-01.", field_label(lang, f)),
        (Lang::En, InputProblem::BadDate(f)) => format!("{}: write the date as YYYY-MM-DD, for example 2027-01-01.", field_label(lang, f)),
        (Lang::Id, InputProblem::BadBankId) => {
            "Kode bank: 2 sampai 20 huruf kecil, angka atau garis bawah, diawali huruf (mis. bjatim).".into()
        }
        (Lang::En, InputProblem::BadBankId) => {
            "Bank id: 2 to 20 lowercase letters, digits or underscores, starting with a letter (e.g. bjatim).".into()
        }
        (Lang::Id, InputProblem::BadBillerCode) => "Kode biller (partnerServiceId): 1 sampai 8 angka.".into(),
        (Lang::En, InputProblem::BadBillerCode) => "Biller code (partnerServiceId): 1 to 8 digits.".into(),
        (Lang::Id, InputProblem::BankTaken(id)) => format!("Kode bank {id} sudah dipakai."),
        (Lang::En, InputProblem::BankTaken(id)) => format!("Bank id {id} is taken."),
        (Lang::Id, InputProblem::BillerCodeTaken(c)) => format!("Kode biller {c} sudah dipakai bank lain."),
        (Lang::En, InputProblem::BillerCodeTaken(c)) => format!("Biller code {c} is another bank's."),
        (Lang::Id, InputProblem::BadPublicKey) => {
            "Kunci publik tidak terbaca. Tempel kunci RSA dalam format PEM, dari -----BEGIN PUBLIC KEY----- sampai -----END PUBLIC KEY-----.".into()
        }
        (Lang::En, InputProblem::BadPublicKey) => {
            "The public key cannot be read. Paste the RSA key as PEM, from -----BEGIN PUBLIC KEY----- to -----END PUBLIC KEY-----.".into()
        }
        (Lang::Id, InputProblem::WeakPublicKey(bits)) => {
            format!("Kunci publik ini {bits} bit; minta bank mengirim kunci RSA paling sedikit 2048 bit.")
        }
        (Lang::En, InputProblem::WeakPublicKey(bits)) => {
            format!("This public key has {bits} bits; ask the bank for an RSA key of 2048 bits at least.")
        }
        (Lang::Id, InputProblem::TariffTooEarly(p)) => format!(
            "Tarif baru paling cepat berlaku mulai {}: periode sebelumnya sudah lewat, sudah ditagih, atau sedang disusun dengan tarif lama.",
            lang.period(*p)
        ),
        (Lang::En, InputProblem::TariffTooEarly(p)) => format!(
            "A new tariff can take effect from {} at the earliest: the periods before it are past, billed, or being drafted with the old tariff.",
            lang.period(*p)
        ),
    }
}

/// Why the billing domain could not make a bill, for the staff who fix the data.
pub fn billing_problem(lang: Lang, e: &crate::domain::BillingError) -> String {
    use crate::domain::BillingError as E;
    match (lang, e) {
        (Lang::Id, E::NegativeUsage { period, from, to }) => format!(
            "pemakaian {} negatif: stand meter turun dari {from} ke {to}. Periksa angka meter, atau catat penggantian meter.",
            lang.period(*period)
        ),
        (Lang::En, E::NegativeUsage { period, from, to }) => format!(
            "negative usage in {}: the meter went from {from} down to {to}. Check the reading, or record the meter replacement.",
            lang.period(*period)
        ),
        (Lang::Id, E::ImplausibleUsage { period, m3 }) => {
            format!("pemakaian {} sebesar {m3} m³ tidak masuk akal. Periksa angka meter.", lang.period(*period))
        }
        (Lang::En, E::ImplausibleUsage { period, m3 }) => {
            format!("a usage of {m3} m³ in {} is implausible. Check the reading.", lang.period(*period))
        }
        (Lang::Id, E::UnknownGroup(g)) => format!("golongan {g} tidak dikenal."),
        (Lang::En, E::UnknownGroup(g)) => format!("customer group {g} is unknown."),
        (Lang::Id, E::TariffMissing { group, period }) => {
            format!("belum ada tarif golongan {group} untuk {}.", lang.period(*period))
        }
        (Lang::En, E::TariffMissing { group, period }) => {
            format!("group {group} has no tariff for {}.", lang.period(*period))
        }
        (Lang::Id, E::MeterSizeNotInTariff { group, meter_size }) => format!(
            "tarif golongan {group} tidak menyebut biaya tetap untuk meter {}\".",
            meter_size.trim_end_matches('"')
        ),
        (Lang::En, E::MeterSizeNotInTariff { group, meter_size }) => format!(
            "group {group}'s tariff names no fixed charge for {}\" meters.",
            meter_size.trim_end_matches('"')
        ),
    }
}

fn tariff_problem(lang: Lang, e: &crate::domain::TariffError) -> String {
    use crate::domain::TariffError as E;
    match (lang, e) {
        (Lang::Id, E::NoBlocks { .. }) => "Isi paling sedikit satu blok tarif dengan harganya.".into(),
        (Lang::En, E::NoBlocks { .. }) => "Fill in at least one tariff block with its price.".into(),
        (Lang::Id, E::BadBounds { .. }) => {
            "Batas atas blok harus naik dari blok ke blok, dan hanya blok terakhir yang dibiarkan tanpa batas.".into()
        }
        (Lang::En, E::BadBounds { .. }) => {
            "Block upper bounds must rise from block to block, and only the last block is left without one.".into()
        }
        (Lang::Id, E::NegativeAmount { .. }) => "Harga dan biaya tidak boleh negatif.".into(),
        (Lang::En, E::NegativeAmount { .. }) => "Prices and charges cannot be negative.".into(),
        (Lang::Id, E::Duplicate { group, from }) => {
            format!(
                "Golongan {group} sudah punya tarif yang berlaku mulai {}. Tarif tidak diubah: pilih periode lain.",
                lang.period(*from)
            )
        }
        (Lang::En, E::Duplicate { group, from }) => {
            format!(
                "Group {group} already has a tariff from {}. Tariffs are never changed: choose another period.",
                lang.period(*from)
            )
        }
        (Lang::Id, E::UnknownGroup(g)) => format!("Golongan {g} tidak dikenal."),
        (Lang::En, E::UnknownGroup(g)) => format!("Group {g} is unknown."),
    }
}

/// The error a form's last submission returned, shown above the form.
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|e| {
            let (title, detail) = explain(lang, &e);
            view! { <p class="alert alert-danger" role="alert" data-error=e.status()><strong>{title}</strong>" "{detail}</p> }
        })
    }
}

/// Why a long-overdue account is paid at the counter: the same sentence on every channel.
pub fn counter_only(lang: Lang, months: u32) -> String {
    match lang {
        Lang::Id => format!(
            "Tunggakan lebih dari {months} bulan hanya dapat dibayar di loket kantor unit, yang juga mengurus penyegelan dan penyambungan kembali. QRIS dan Virtual Account tidak menerimanya."
        ),
        Lang::En => format!(
            "Arrears of more than {months} months can only be paid at a unit office counter, which also handles sealing and reconnection. QRIS and Virtual Accounts do not take them."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::field_label;
    use crate::i18n::Lang;

    /// The fields forms send and errors name: each reads as words in both languages.
    const FIELDS: &[&str] = &[
        "title",
        "body",
        "mitigation",
        "message",
        "starts_at",
        "ends_at",
        "repair_eta",
        "flow_eta",
        "kind",
        "severity",
        "status",
        "office",
        "username",
        "full_name",
        "role",
        "counter_no",
        "day",
        "phone",
        "service",
        "channel",
        "state",
        "reason",
        "action",
        "counter",
        "periods",
        "ticket",
        "period",
        "stand_akhir",
        "contact_phone",
        "areas",
        "week",
        "address",
        "office_phone",
        "hours_note",
        "hours_note_en",
        "name_id",
        "name_en",
        "category",
        "customer_number",
        "description",
        "location",
        "latitude",
        "note",
        "assignee",
        "step",
        "stage",
        "deadline",
        "amount",
        "month",
        "usage",
        "meter_size",
    ];

    #[test]
    fn every_field_has_a_label_in_both_languages() {
        for field in FIELDS {
            for lang in [Lang::Id, Lang::En] {
                assert_ne!(field_label(lang, field), *field, "{field} has no label in {lang:?}");
            }
        }
    }
}
