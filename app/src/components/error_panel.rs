use crate::components::lookup_form::LookupForm;
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
    let offices_link = matches!(error, AppError::OfficeNotFound).then(|| view! {
        <p><a href="/kantor">{lang.t("Daftar kantor unit", "List of unit offices")}</a></p>
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

fn explain(lang: Lang, error: &AppError) -> (&'static str, String) {
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
