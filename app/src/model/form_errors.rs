//! Why a customer's form that posts a photo came back, as a code its page reads.

use crate::domain::notice::InputProblem;
use crate::error::AppError;

/// Why a customer's form came back, as a short code in the form's address (a complaint and a
/// meter reading post a photo, so each is a route of its own that answers with a redirect).
/// Only these codes are read back: an address cannot make the page say anything else.
pub fn form_error_code(error: &AppError) -> String {
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
        AppError::ReadingWindowClosed => "tutup",
        AppError::PhoneNotOnFile => "hp_lain",
        AppError::ReadingAlreadyBilled => "sudah_ditagih",
        AppError::ReadingLimit => "batas_kiriman",
        AppError::Invalid(InputProblem::Photo(PhotoProblem::NotAPhoto)) => "foto_jenis",
        AppError::Invalid(InputProblem::Photo(PhotoProblem::TooLarge(_))) => "foto_besar",
        AppError::Invalid(InputProblem::Photo(PhotoProblem::Broken)) => "foto_rusak",
        AppError::Invalid(InputProblem::BadPhone(_)) => "hp",
        AppError::Invalid(InputProblem::BadPeriod(_)) => "periode",
        AppError::Invalid(InputProblem::TooShort { .. }) => "uraian_pendek",
        AppError::Invalid(InputProblem::Required(f)) => match f.as_str() {
            "customer_number" => "wajib_nomor",
            "stand" => "wajib_angka",
            "photo" => "wajib_foto",
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
        AppError::Invalid(InputProblem::NotANumber(f)) if f == "stand" => "angka",
        AppError::Invalid(InputProblem::NotANumber(_)) => "titik",
        AppError::Invalid(InputProblem::UnknownChoice(_)) => "jenis",
        _ => "galat",
    };
    code.to_string()
}

/// The error a code in the form's address stands for.
pub fn form_error(code: &str) -> Option<AppError> {
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
        "tutup" => AppError::ReadingWindowClosed,
        "hp_lain" => AppError::PhoneNotOnFile,
        "sudah_ditagih" => AppError::ReadingAlreadyBilled,
        "batas_kiriman" => AppError::ReadingLimit,
        "angka" => AppError::Invalid(InputProblem::NotANumber("stand".into())),
        "wajib_angka" => required("stand"),
        "wajib_foto" => required("photo"),
        "foto_jenis" => AppError::Invalid(InputProblem::Photo(PhotoProblem::NotAPhoto)),
        "foto_besar" => {
            AppError::Invalid(InputProblem::Photo(PhotoProblem::TooLarge(crate::model::complaints::PHOTO_MAX_MB)))
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_error_reads_back_from_its_code() {
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
            "tutup",
            "hp_lain",
            "sudah_ditagih",
            "batas_kiriman",
            "angka",
            "wajib_angka",
            "wajib_foto",
        ] {
            let error = form_error(code).unwrap_or_else(|| panic!("{code}"));
            assert_eq!(form_error_code(&error), code);
        }
        assert_eq!(form_error("<b>dibajak</b>"), None);
        assert_eq!(form_error("nomor_panjang_99999"), None);
    }
}
