//! Complaints: what the customer's private page shows, the staff desk and a complaint's record,
//! the deadlines, and the monthly report.

use crate::domain::complaint::{Category, Deadline, ReportLine, Stage, Step};
use crate::domain::notice::InputProblem;
use crate::domain::Period;
use crate::error::AppError;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// One step on a complaint's record. Times are WIB.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintEvent {
    pub at: NaiveDateTime,
    pub step: Step,
    pub stage: Stage,
    pub note: String,
    /// Staff names: on the staff record only (the customer's page shows none).
    pub by: Option<String>,
    pub assignee: Option<String>,
}

/// A complaint as its private link shows it to whoever filed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub number: String,
    pub token: String,
    pub category: Category,
    pub stage: Stage,
    pub office_name: String,
    pub customer_number: Option<String>,
    pub bill_period: Option<Period>,
    pub description: String,
    pub location: String,
    pub received_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    /// A resolved complaint closes by itself then, unless the customer answers first.
    pub closes_at: Option<NaiveDateTime>,
    pub has_photo: bool,
    /// Internal notes left out.
    pub events: Vec<ComplaintEvent>,
}

/// A line of the staff desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskLine {
    pub id: i64,
    pub number: String,
    pub category: Category,
    pub stage: Stage,
    pub office_name: String,
    pub customer_number: Option<String>,
    pub reporter_name: String,
    pub received_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    /// Negative: overdue. None: no longer with the utility.
    pub minutes_left: Option<i64>,
    pub assignee: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintDesk {
    pub csrf: String,
    /// (code, name) of the offices an administrator may pick; empty for office staff.
    pub offices: Vec<(String, String)>,
    pub office: String,
    pub stage: Option<Stage>,
    pub lines: Vec<DeskLine>,
    /// Every category's deadline; editable by administrators.
    pub deadlines: Vec<(Category, Deadline)>,
    pub may_set_deadlines: bool,
}

/// A complaint as staff work on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintRecord {
    pub csrf: String,
    pub id: i64,
    pub view: ComplaintView,
    pub reporter_name: String,
    pub phone: String,
    /// The phone is the one on file for the customer number.
    pub phone_on_file: bool,
    pub coordinates: Option<(String, String)>,
    pub minutes_left: Option<i64>,
    pub assignee: Option<String>,
    /// The steps this member of staff may take now.
    pub steps: Vec<Step>,
    /// (id, name) of who it can be assigned to, when assigning is among the steps.
    pub assignable: Vec<(i64, String)>,
    /// A bill dispute upheld is settled by correcting the reading: where that is done.
    pub correction_link: Option<String>,
}

/// One month's complaints of an office (or every office), against the national indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintReport {
    pub offices: Vec<(String, String)>,
    pub office: String,
    pub office_name: String,
    pub month: Period,
    pub lines: Vec<ReportLine>,
}

/// Why a complaint form came back, as a short code in the form's address (the form posts a
/// photo, so it is a route of its own that answers with a redirect). Only these codes are read
/// back: an address cannot make the page say anything else.
pub fn filing_error_code(error: &AppError) -> String {
    use crate::domain::complaint::PhotoProblem;
    use crate::domain::CustomerNumberError;
    let code = match error {
        AppError::InvalidCustomerNumber(CustomerNumberError::WrongLength(n)) => return format!("nomor_panjang_{n}"),
        AppError::InvalidCustomerNumber(CustomerNumberError::Empty) => "nomor_kosong",
        AppError::InvalidCustomerNumber(CustomerNumberError::NotDigits) => "nomor_angka",
        AppError::CustomerNotFound => "nomor_tidak_ada",
        AppError::OfficeNotFound => "kantor_tidak_ada",
        AppError::BillNotFound => "periode_tidak_ada",
        AppError::TooManyRequests { .. } => "terlalu_sering",
        AppError::Invalid(InputProblem::Photo(PhotoProblem::NotAPhoto)) => "foto_jenis",
        AppError::Invalid(InputProblem::Photo(PhotoProblem::TooLarge(_))) => "foto_besar",
        AppError::Invalid(InputProblem::Photo(PhotoProblem::Broken)) => "foto_rusak",
        AppError::Invalid(InputProblem::BadPhone(_)) => "hp",
        AppError::Invalid(InputProblem::BadPeriod(_)) => "periode",
        AppError::Invalid(InputProblem::TooShort { .. }) => "uraian_pendek",
        AppError::Invalid(InputProblem::Required(f)) => match f.as_str() {
            "customer_number" => "wajib_nomor",
            "office" => "wajib_kantor",
            "name" => "wajib_nama",
            _ => "wajib_uraian",
        },
        AppError::Invalid(InputProblem::TooLong { field, .. }) => match field.as_str() {
            "name" => "panjang_nama",
            "location" => "panjang_lokasi",
            _ => "panjang_uraian",
        },
        AppError::Invalid(InputProblem::Markup(_)) => "tanda_nama",
        AppError::Invalid(InputProblem::NotANumber(_)) => "titik",
        AppError::Invalid(InputProblem::UnknownChoice(_)) => "jenis",
        _ => "galat",
    };
    code.to_string()
}

/// The error a code in the form's address stands for.
pub fn filing_error(code: &str) -> Option<AppError> {
    use crate::domain::complaint::{PhotoProblem, DESCRIPTION_MAX, DESCRIPTION_MIN, LOCATION_MAX, NAME_MAX};
    use crate::domain::CustomerNumberError;
    let required = |f: &str| AppError::Invalid(InputProblem::Required(f.into()));
    let long = |f: &str, max| AppError::Invalid(InputProblem::TooLong { field: f.into(), max });
    if let Some(n) = code.strip_prefix("nomor_panjang_") {
        return n
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= 40)
            .map(|n| AppError::InvalidCustomerNumber(CustomerNumberError::WrongLength(n)));
    }
    Some(match code {
        "nomor_kosong" => AppError::InvalidCustomerNumber(CustomerNumberError::Empty),
        "nomor_angka" => AppError::InvalidCustomerNumber(CustomerNumberError::NotDigits),
        "nomor_tidak_ada" => AppError::CustomerNotFound,
        "kantor_tidak_ada" => AppError::OfficeNotFound,
        "periode_tidak_ada" => AppError::BillNotFound,
        "terlalu_sering" => AppError::TooManyRequests { retry_after_secs: 3600 },
        "foto_jenis" => AppError::Invalid(InputProblem::Photo(PhotoProblem::NotAPhoto)),
        "foto_besar" => AppError::Invalid(InputProblem::Photo(PhotoProblem::TooLarge(PHOTO_MAX_MB))),
        "foto_rusak" => AppError::Invalid(InputProblem::Photo(PhotoProblem::Broken)),
        "hp" => AppError::Invalid(InputProblem::BadPhone("phone".into())),
        "periode" => AppError::Invalid(InputProblem::BadPeriod("period".into())),
        "uraian_pendek" => {
            AppError::Invalid(InputProblem::TooShort { field: "description".into(), min: DESCRIPTION_MIN })
        }
        "wajib_nomor" => required("customer_number"),
        "wajib_kantor" => required("office"),
        "wajib_nama" => required("name"),
        "wajib_uraian" => required("description"),
        "panjang_nama" => long("name", NAME_MAX),
        "panjang_lokasi" => long("location", LOCATION_MAX),
        "panjang_uraian" => long("description", DESCRIPTION_MAX),
        "tanda_nama" => AppError::Invalid(InputProblem::Markup("name".into())),
        "titik" => AppError::Invalid(InputProblem::NotANumber("latitude".into())),
        "jenis" => AppError::Invalid(InputProblem::UnknownChoice("category".into())),
        "galat" => AppError::Internal,
        _ => return None,
    })
}

/// The largest photo a complaint takes, before the portal shrinks it.
pub const PHOTO_MAX_MB: u32 = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filing_error_reads_back_from_its_code() {
        for code in [
            "nomor_panjang_5",
            "nomor_kosong",
            "nomor_angka",
            "nomor_tidak_ada",
            "kantor_tidak_ada",
            "periode_tidak_ada",
            "terlalu_sering",
            "foto_jenis",
            "foto_besar",
            "foto_rusak",
            "hp",
            "periode",
            "uraian_pendek",
            "wajib_nomor",
            "wajib_kantor",
            "wajib_nama",
            "wajib_uraian",
            "panjang_nama",
            "panjang_lokasi",
            "panjang_uraian",
            "tanda_nama",
            "titik",
            "jenis",
            "galat",
        ] {
            let error = filing_error(code).unwrap_or_else(|| panic!("{code}"));
            assert_eq!(filing_error_code(&error), code);
        }
        assert_eq!(filing_error("<b>dibajak</b>"), None);
        assert_eq!(filing_error("nomor_panjang_99999"), None);
    }
}
