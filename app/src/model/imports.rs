//! What an import of the utility's own files answers: every faulty row by line, column and
//! reason, and what a clean file adds or changes.

use crate::domain::{CustomerNumberError, Period};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// The files a utility brings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImportKind {
    Customers,
    Readings,
    /// Bills still unpaid in the previous system, carried over with their stored amounts.
    Arrears,
}

crate::domain::codes!(ImportKind, "import kind", {
    Customers => "customers",
    Readings => "readings",
    Arrears => "arrears",
});

impl ImportKind {
    /// The header row a file of this kind carries (in any order).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Customers => &[
                "nomor_pelanggan",
                "nama",
                "alamat",
                "desa",
                "kecamatan",
                "kode_golongan",
                "ukuran_meter",
                "kode_kantor",
                "telepon",
                "tanggal_pasang",
                "status",
            ],
            ImportKind::Readings => &[
                "nomor_pelanggan",
                "periode",
                "tanggal_baca",
                "stand_awal",
                "stand_akhir",
                "stand_angkat",
                "stand_pasang",
                "taksiran",
                "catatan",
            ],
            ImportKind::Arrears => &["nomor_pelanggan", "periode", "pemakaian_m3", "tagihan", "jatuh_tempo"],
        }
    }

    /// Columns a file may leave out altogether.
    pub fn optional_columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Customers => &["telepon"],
            ImportKind::Readings => &["stand_angkat", "stand_pasang", "taksiran", "catatan"],
            ImportKind::Arrears => &[],
        }
    }
}

/// One faulty row (or the file itself, line 0 when it has no line, line 1 for the header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    pub line: usize,
    pub column: Option<String>,
    pub reason: Reason,
}

/// Why a row cannot be taken, in terms the person who keeps the spreadsheet can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// Neither a CSV text file nor an .xlsx workbook could be read from it.
    Unreadable(String),
    /// The file has no header row, or nothing under it.
    NoRows,
    NotUtf8,
    MissingColumn,
    UnknownColumn,
    DuplicateColumn,
    FieldCount {
        expected: usize,
        found: usize,
    },
    Required,
    TooLong {
        max: usize,
    },
    NotWholeNumber(String),
    Negative,
    NotADate(String),
    FutureDate,
    NotAPeriod(String),
    /// The spreadsheet turned what was typed (`1/2`) into a date.
    BecameADate,
    CustomerNumber(CustomerNumberError),
    /// A customer number stored as a number lost its leading zeros, and no width is configured
    /// to restore them.
    NumberLostZeros {
        digits: usize,
    },
    BadPhone,
    UnknownStatus(String),
    UnknownGroup(String),
    UnknownOffice(String),
    MeterSizeNotPriced {
        group: String,
        size: String,
    },
    DuplicateInFile {
        first_line: usize,
    },
    UnknownCustomer,
    /// A readings file is for one period; this row is for another.
    OtherPeriod {
        file: Period,
    },
    ReadOutsidePeriod,
    AlreadyBilled,
    /// Drafted in a billing run under review: publish or discard the run first.
    UnderReview,
    NegativeUsage {
        from: i64,
        to: i64,
    },
    ImplausibleUsage {
        m3: i64,
    },
    /// Only one of stand angkat and stand pasang: a replacement needs both.
    HalfAReplacement,
    NotAFlag(String),
    /// The same customer and period twice in an arrears file.
    DuplicatePeriodInFile {
        first_line: usize,
    },
    /// A period after the current month.
    FuturePeriod,
    /// Zero where an amount owed is expected.
    NotPositive,
    /// A due date before the period it bills began.
    DueBeforePeriod,
    /// A reading of this period is already imported: the billing run bills it.
    ReadingImported,
    /// The portal bills this period itself (its first billing run or computed bill is of `from`):
    /// opening arrears are the periods before it.
    PortalBillsPeriod {
        from: Period,
    },
    /// A due date more than three months after the period it bills.
    DueTooLate,
}

impl Reason {
    pub fn text(&self, lang: Lang) -> String {
        let id = lang == Lang::Id;
        let pick = |i: String, e: String| if id { i } else { e };
        match self {
            Reason::Unreadable(why) => pick(
                format!("berkas tidak dapat dibaca sebagai CSV atau .xlsx ({why})"),
                format!("the file cannot be read as CSV or .xlsx ({why})"),
            ),
            Reason::NoRows => pick("berkas tidak berisi baris data di bawah baris judul".into(), "the file has no data rows under its header row".into()),
            Reason::NotUtf8 => pick(
                "bukan teks UTF-8: simpan ulang sebagai \"CSV UTF-8\"".into(),
                "not UTF-8 text: save it again as \"CSV UTF-8\"".into(),
            ),
            Reason::MissingColumn => pick("kolom wajib tidak ada di baris judul".into(), "a required column is missing from the header row".into()),
            Reason::UnknownColumn => pick("kolom tidak dikenal (periksa ejaannya)".into(), "unknown column (check its spelling)".into()),
            Reason::DuplicateColumn => pick("kolom ini muncul dua kali".into(), "this column appears twice".into()),
            Reason::FieldCount { expected, found } => pick(
                format!("baris ini berisi {found} kolom, baris judul {expected}"),
                format!("this row has {found} fields, the header row {expected}"),
            ),
            Reason::Required => pick("wajib diisi".into(), "required".into()),
            Reason::TooLong { max } => pick(format!("lebih dari {max} karakter"), format!("longer than {max} characters")),
            Reason::NotWholeNumber(v) => pick(
                format!("{v:?} bukan bilangan bulat (tanpa pemisah ribuan)"),
                format!("{v:?} is not a whole number (no thousands separators)"),
            ),
            Reason::Negative => pick("tidak boleh negatif".into(), "must not be negative".into()),
            Reason::NotADate(v) => pick(
                format!("{v:?} bukan tanggal TTTT-BB-HH (atau HH/BB/TTTT)"),
                format!("{v:?} is not a YYYY-MM-DD (or DD/MM/YYYY) date"),
            ),
            Reason::FutureDate => pick("tanggal di masa depan".into(), "a date in the future".into()),
            Reason::NotAPeriod(v) => pick(format!("{v:?} bukan periode TTTT-BB"), format!("{v:?} is not a YYYY-MM period")),
            Reason::BecameADate => pick(
                "lembar kerja mengubah isian ini menjadi tanggal: format kolom sebagai Teks".into(),
                "the spreadsheet turned this into a date: format the column as Text".into(),
            ),
            Reason::CustomerNumber(e) => pick(
                match e {
                    CustomerNumberError::Empty => "nomor pelanggan kosong".into(),
                    CustomerNumberError::NotDigits => "nomor pelanggan hanya boleh berisi angka".into(),
                    CustomerNumberError::WrongLength(n) => format!(
                        "nomor pelanggan terdiri dari {} sampai {} angka, bukan {n}",
                        crate::domain::CUSTOMER_NUMBER_MIN_DIGITS,
                        crate::domain::CUSTOMER_NUMBER_MAX_DIGITS
                    ),
                },
                e.to_string(),
            ),
            Reason::NumberLostZeros { digits } => pick(
                format!(
                    "nomor tersimpan sebagai angka ({digits} digit) dan nol di depannya hilang: format kolom sebagai Teks, atau tetapkan panjang nomor pelanggan"
                ),
                format!(
                    "the number was stored as a number ({digits} digits) and lost its leading zeros: format the column as Text, or set the customer number width"
                ),
            ),
            Reason::BadPhone => pick(
                "nomor telepon berisi 8 sampai 15 angka (boleh diawali +)".into(),
                "a phone number has 8 to 15 digits (a leading + is allowed)".into(),
            ),
            Reason::UnknownStatus(v) => pick(
                format!("status {v:?} tidak dikenal: aktif, segel atau putus"),
                format!("unknown status {v:?}: aktif, segel or putus"),
            ),
            Reason::UnknownGroup(c) => pick(format!("golongan {c:?} tidak ada"), format!("no customer group {c:?}")),
            Reason::UnknownOffice(c) => pick(format!("kantor {c:?} tidak ada"), format!("no unit office {c:?}")),
            Reason::MeterSizeNotPriced { group, size } => pick(
                format!("tarif golongan {group} tidak mengatur meter {size} inci"),
                format!("the tariff of group {group} does not price a {size} inch meter"),
            ),
            Reason::DuplicateInFile { first_line } => pick(
                format!("nomor ini sudah ada di baris {first_line}"),
                format!("this number is already on line {first_line}"),
            ),
            Reason::UnknownCustomer => pick("tidak ada pelanggan dengan nomor ini".into(), "no customer has this number".into()),
            Reason::OtherPeriod { file } => pick(
                format!("satu berkas untuk satu periode; berkas ini untuk {file}"),
                format!("one file is for one period; this file is for {file}"),
            ),
            Reason::ReadOutsidePeriod => pick(
                "tanggal baca di luar periode ini dan bulan sebelumnya".into(),
                "the reading date is outside this period and the month before".into(),
            ),
            Reason::UnderReview => pick(
                "periode ini sedang diperiksa dalam penagihan bulanan: terbitkan atau batalkan penagihannya dulu".into(),
                "this period is in a billing run under review: publish or discard the run first".into(),
            ),
            Reason::AlreadyBilled => pick(
                "periode ini sudah ditagih untuk pelanggan ini".into(),
                "this period is already billed for this customer".into(),
            ),
            Reason::NegativeUsage { from, to } => pick(
                format!("pemakaian negatif: stand {from} ke {to} tanpa penggantian meter"),
                format!("negative usage: from {from} to {to} without a meter replacement"),
            ),
            Reason::ImplausibleUsage { m3 } => pick(format!("pemakaian {m3} m³ tidak wajar"), format!("implausible usage of {m3} m³")),
            Reason::HalfAReplacement => pick(
                "penggantian meter memerlukan stand angkat dan stand pasang".into(),
                "a meter replacement needs both stand angkat and stand pasang".into(),
            ),
            Reason::NotAFlag(v) => pick(format!("{v:?}: isi 1 atau 0"), format!("{v:?}: write 1 or 0")),
            Reason::DuplicatePeriodInFile { first_line } => pick(
                format!("nomor dan periode ini sudah ada di baris {first_line}"),
                format!("this number and period are already on line {first_line}"),
            ),
            Reason::FuturePeriod => pick("periode yang belum tiba".into(), "a period still to come".into()),
            Reason::NotPositive => pick("harus lebih dari 0".into(), "must be more than 0".into()),
            Reason::DueBeforePeriod => pick(
                "jatuh tempo sebelum periode tagihan dimulai".into(),
                "the due date is before the billed period began".into(),
            ),
            Reason::PortalBillsPeriod { from } => pick(
                format!("portal menagih sendiri mulai periode {from}: tunggakan awal hanya untuk periode sebelumnya"),
                format!("the portal bills the periods from {from} itself: opening arrears are the periods before"),
            ),
            Reason::DueTooLate => pick(
                "jatuh tempo lebih dari tiga bulan sesudah periodenya".into(),
                "the due date is more than three months after its period".into(),
            ),
            Reason::ReadingImported => pick(
                "baca meter periode ini sudah diimpor; penagihan bulanan yang menagihnya".into(),
                "this period's meter reading is already imported; the billing run bills it".into(),
            ),
        }
    }
}

/// How many faults a report carries; past it, only their number.
pub const MAX_FAULTS_LISTED: usize = 1_000;

/// What a check (and an application) of one file found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub kind: ImportKind,
    /// Data rows read (the header and empty rows not counted).
    pub rows: usize,
    /// At most `MAX_FAULTS_LISTED`, in line order.
    pub faults: Vec<Fault>,
    pub fault_count: usize,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// The readings file's period.
    pub period: Option<Period>,
    /// Written to the database (only a clean file is).
    pub applied: bool,
}

impl ImportReport {
    pub fn is_clean(&self) -> bool {
        self.fault_count == 0
    }
}

/// Where an uploaded file is on its way in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImportState {
    Checking,
    /// Checked: the report says whether it is clean and may be applied.
    Checked,
    Applying,
    Applied,
    /// Could not be checked or applied (the server stopped, the database failed); nothing of
    /// it was written.
    Failed,
}

crate::domain::codes!(ImportState, "import state", {
    Checking => "checking",
    Checked => "checked",
    Applying => "applying",
    Applied => "applied",
    Failed => "failed",
});

impl ImportState {
    pub fn is_running(self) -> bool {
        matches!(self, ImportState::Checking | ImportState::Applying)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ImportState::Checking => lang.t("Sedang diperiksa", "Being checked"),
            ImportState::Checked => lang.t("Sudah diperiksa", "Checked"),
            ImportState::Applying => lang.t("Sedang diterapkan", "Being applied"),
            ImportState::Applied => lang.t("Diterapkan", "Applied"),
            ImportState::Failed => lang.t("Gagal", "Failed"),
        }
    }
}

impl ImportKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ImportKind::Customers => lang.t("Data pelanggan", "Customers"),
            ImportKind::Readings => lang.t("Baca meter", "Meter readings"),
            ImportKind::Arrears => lang.t("Tunggakan awal", "Opening arrears"),
        }
    }
}

/// One uploaded file and what became of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportJob {
    pub id: i64,
    pub kind: ImportKind,
    pub file_name: String,
    pub state: ImportState,
    pub report: Option<ImportReport>,
    /// Why it failed, for the administrator.
    pub error: Option<String>,
    /// WIB.
    pub created_at: chrono::NaiveDateTime,
    pub created_by: String,
    pub csrf: String,
}

/// The import page: recent uploads, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportDesk {
    pub jobs: Vec<ImportJob>,
    pub csrf: String,
}
