use crate::api::notices::BoardScope;
use crate::components::lookup_form::LookupForm;
use crate::components::notice_board::NoticeBoard;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.t("Cek Tagihan Air · Tirta", "Check Your Water Bill · Tirta")/>
        <section class="hero">
            <h1>{lang.t("Cek tagihan air Anda", "Check your water bill")}</h1>
            <p class="lead">{lang.t(
                "Lihat tagihan yang belum dibayar, rinciannya, dan riwayat pemakaian tanpa antre di kantor.",
                "See unpaid bills, their breakdown and your usage history without queueing at an office.",
            )}</p>
            <LookupForm/>
        </section>
        <NoticeBoard scope=BoardScope::default() heading=true/>
        <section class="tiles">
            <a class="tile" href="/tarif">
                <strong>{lang.t("Tarif air", "Water tariffs")}</strong>
                <span>{lang.t("Harga per m³ tiap golongan dan aturan denda", "Price per m³ for each group, and late fees")}</span>
            </a>
            <a class="tile" href="/kantor">
                <strong>{lang.t("Kantor unit", "Unit offices")}</strong>
                <span>{lang.t("Alamat, jam buka, dan wilayah layanan", "Addresses, opening hours and areas served")}</span>
            </a>
            <a class="tile" href="/gangguan">
                <strong>{lang.t("Gangguan air", "Water disruptions")}</strong>
                <span>{lang.t("Gangguan, pemeliharaan, dan riwayatnya", "Disruptions, maintenance and their history")}</span>
            </a>
        </section>
    }
}
