//! The fields of a meter reading's correction (the right figure and the reason), shared by the
//! billing run's review and the customer's record, inside each one's own form.

use crate::i18n::use_lang;
use leptos::prelude::*;

/// `key` makes the fields' ids unique on a page that lists many readings.
#[component]
pub fn ReadingCorrectionFields(key: String, stand_akhir: i64) -> impl IntoView {
    let lang = use_lang();
    let (stand_id, reason_id) = (format!("stand-{key}"), format!("reason-{key}"));
    view! {
        <label for=stand_id.clone()>{lang.t("Stand akhir yang benar", "The right final reading")}</label>
        <input id=stand_id name="stand_akhir" required inputmode="numeric" pattern="[0-9]+" value=stand_akhir/>
        <label for=reason_id.clone()>{lang.t("Alasan koreksi", "Reason for the correction")}</label>
        <input id=reason_id name="reason" required maxlength=crate::domain::notice::REASON_MAX/>
        <button type="submit">{lang.t("Simpan koreksi", "Save the correction")}</button>
    }
}
