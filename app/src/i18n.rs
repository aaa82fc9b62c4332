//! Bahasa Indonesia first, English on request. The language is chosen once per page load
//! (a cookie set by `/bahasa`), so it is a plain value in context, not a signal.

use crate::domain::adjustment::{AdjustmentKind, AdjustmentLine};
use crate::domain::{Money, Period};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const LANG_COOKIE: &str = "tirta_lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Id,
    En,
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim() {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a `Cookie:` header asks for (Indonesian when it asks for none).
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .and_then(|(_, value)| Lang::from_code(value))
            .unwrap_or_default()
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// Picks the text for this language. Both texts sit side by side where they are used.
    pub fn t(self, id: &'static str, en: &'static str) -> &'static str {
        self.pick(id, en)
    }

    /// The text in this language, for texts that are data (a service's two names).
    /// The text in this language; an English text left empty falls back to the Indonesian.
    pub fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::En if !en.trim().is_empty() => en,
            _ => id,
        }
    }

    pub fn month(self, month: u32) -> &'static str {
        let i = (month.clamp(1, 12) - 1) as usize;
        match self {
            Lang::Id => MONTHS_ID[i],
            Lang::En => MONTHS_EN[i],
        }
    }

    /// `November 2026`
    pub fn period(self, p: Period) -> String {
        format!("{} {}", self.month(p.month()), p.year())
    }

    /// `Nov 26`, for chart axes.
    pub fn period_short(self, p: Period) -> String {
        format!("{} {:02}", &self.month(p.month())[..3], p.year() % 100)
    }

    /// `20 November 2026`
    pub fn date(self, d: NaiveDate) -> String {
        format!("{} {} {}", d.day(), self.month(d.month()), d.year())
    }

    /// `20 Nov 2026 14.05 WIB` (Indonesian uses a dot between hours and minutes).
    pub fn date_time_wib(self, t: NaiveDateTime) -> String {
        let sep = match self {
            Lang::Id => '.',
            Lang::En => ':',
        };
        let time = t.time();
        use chrono::Timelike;
        format!(
            "{} {} {} {:02}{sep}{:02} WIB",
            t.day(),
            &self.month(t.month())[..3],
            t.year(),
            time.hour(),
            time.minute()
        )
    }

    /// `14.05` (Indonesian) or `14:05`.
    pub fn time(self, t: chrono::NaiveTime) -> String {
        use chrono::Timelike;
        let sep = match self {
            Lang::Id => '.',
            Lang::En => ':',
        };
        format!("{:02}{sep}{:02}", t.hour(), t.minute())
    }

    /// A weekday counted from Monday = 1.
    pub fn weekday(self, n: u8) -> &'static str {
        const ID: [&str; 7] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
        const EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        let i = usize::from(n.clamp(1, 7) - 1);
        match self {
            Lang::Id => ID[i],
            Lang::En => EN[i],
        }
    }

    /// `Senin 30 Nov 07.30 WIB`: when an office opens next.
    pub fn opening(self, t: NaiveDateTime) -> String {
        let weekday = t.weekday().number_from_monday() as u8;
        format!("{} {} {} {} WIB", self.weekday(weekday), t.day(), &self.month(t.month())[..3], self.time(t.time()))
    }

    /// What an adjustment line on a bill is, in a sentence (its amount beside it).
    pub fn adjustment(self, line: &AdjustmentLine) -> String {
        let period = self.period(line.period);
        match (self, line.kind, line.amount.is_negative()) {
            (Lang::Id, AdjustmentKind::ReadingCorrected, _) => {
                format!("Koreksi tagihan {period} (stand akhir {})", line.detail)
            }
            (Lang::En, AdjustmentKind::ReadingCorrected, _) => {
                format!("Correction of the {period} bill (final reading {})", line.detail)
            }
            (Lang::Id, AdjustmentKind::Carried, false) => "Sisa potongan, dibawa ke tagihan berikutnya".into(),
            (Lang::En, AdjustmentKind::Carried, false) => "Rest of the credit, carried to the next bill".into(),
            (Lang::Id, AdjustmentKind::Carried, true) => format!("Sisa potongan dari tagihan {period}"),
            (Lang::En, AdjustmentKind::Carried, true) => format!("Rest of the credit from the {period} bill"),
            (Lang::Id, AdjustmentKind::OfflineLateFee, _) => {
                format!("Selisih denda tagihan {period} yang dibayar di loket saat luring (denda {})", line.detail)
            }
            (Lang::En, AdjustmentKind::OfflineLateFee, _) => {
                format!(
                    "Late-fee difference on the {period} bill paid at the counter offline (late fee {})",
                    line.detail
                )
            }
        }
    }

    /// An amount inside running text: the space after "Rp" never breaks the line.
    pub fn money(self, m: Money) -> String {
        m.to_string().replacen(' ', "\u{a0}", 1)
    }

    /// The portal's own notice for a payment channel that stopped working well (`stopped`: an
    /// administrator stopped it): (title, body).
    pub fn channel_notice(self, label: &str, stopped: bool) -> (String, String) {
        match (self, stopped) {
            (Lang::Id, true) => (
                format!("Pembayaran lewat {label} tidak dapat digunakan"),
                format!("Pembayaran lewat {label} dihentikan sementara. Silakan bayar dengan cara lain; tagihan Anda tetap dapat dilihat di portal."),
            ),
            (Lang::Id, false) => (
                format!("Pembayaran lewat {label} sedang terganggu"),
                format!("Pembayaran lewat {label} mungkin gagal atau terlambat tercatat. Bila bisa, gunakan cara bayar lain. Pembayaran yang sudah berhasil tidak akan ditagih dua kali."),
            ),
            (Lang::En, true) => (
                format!("Payments through {label} are stopped"),
                format!("Payments through {label} are stopped for now. Please pay another way; your bill can still be seen on the portal."),
            ),
            (Lang::En, false) => (
                format!("Payments through {label} are disrupted"),
                format!("Payments through {label} may fail or be recorded late. If you can, pay another way. A payment that went through is never charged twice."),
            ),
        }
    }

    /// The closing update of a channel notice: the channel works again, or a newer notice
    /// replaced this one.
    pub fn channel_notice_closed(self, label: &str, replaced: bool) -> String {
        match (self, replaced) {
            (Lang::Id, false) => format!("Pembayaran lewat {label} kembali normal."),
            (Lang::Id, true) => "Diganti pemberitahuan yang lebih baru.".to_string(),
            (Lang::En, false) => format!("Payments through {label} work normally again."),
            (Lang::En, true) => "Replaced by a newer notice.".to_string(),
        }
    }

    pub fn payment_channel(self, code: &str) -> String {
        use crate::domain::channel::Channel;
        match Channel::parse(code) {
            Some(Channel::Counter) => self.t("Loket kantor unit", "Unit office counter").to_string(),
            Some(Channel::Qris) => "QRIS".to_string(),
            Some(Channel::PaymentPoint) => self.t("Loket pembayaran (PPOB)", "Payment point").to_string(),
            Some(Channel::Bank(id)) => format!("Virtual Account {}", id.to_uppercase()),
            None => code.to_string(),
        }
    }
}

/// The page's language, from context (provided by the App at the root).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// On the server: from the request's cookie. In the browser: from `<html lang>`, which the
/// server wrote, so hydration renders the same words.
pub fn detect_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_rupiah_text_matches_what_the_server_writes() {
        for n in [0, 999, 1_000, 28_875, 10_000_000, -1_500] {
            assert_eq!(crate::domain::rupiah_text(n), Lang::Id.money(Money::rupiah(n)), "{n}");
        }
    }

    #[test]
    fn reads_the_cookie() {
        assert_eq!(Lang::from_cookie_header("a=b; tirta_lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("tirta_lang=fr"), Lang::Id);
        assert_eq!(Lang::from_cookie_header(""), Lang::Id);
    }

    #[test]
    fn formats_dates_and_periods() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(Lang::Id.date(d), "20 November 2026");
        assert_eq!(Lang::En.period(Period::of(d)), "November 2026");
        assert_eq!(Lang::Id.period_short(Period::of(d)), "Nov 26");
        let t = d.and_hms_opt(14, 5, 0).unwrap();
        assert_eq!(Lang::Id.date_time_wib(t), "20 Nov 2026 14.05 WIB");
        assert_eq!(Lang::Id.payment_channel("va_bri"), "Virtual Account BRI");
    }
}
