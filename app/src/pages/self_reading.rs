//! Self meter reading for customers: the form (a figure and a photo of the meter), and the
//! figure's private page, where an odd figure is confirmed or taken back. Both are whole
//! without JavaScript.

use crate::api::self_readings::{
    follow_self_reading, load_reading_window, ConfirmSelfReading, ReadingWindowView, SelfReadingView,
    WithdrawSelfReading,
};
use crate::components::error_panel::FormError;
use crate::components::loaded::Loaded;
use crate::domain::self_reading::{State, STAND_MAX};
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// When figures are taken, in words.
fn window_text(lang: Lang, w: &ReadingWindowView) -> String {
    match (lang, w.open_today) {
        (Lang::Id, true) => format!(
            "Dibuka sampai {}. Angka yang Anda kirim dipakai untuk tagihan {}.",
            lang.date(w.closes_on),
            lang.period(w.period)
        ),
        (Lang::En, true) => format!(
            "Open until {}. The figure you send goes on the bill of {}.",
            lang.date(w.closes_on),
            lang.period(w.period)
        ),
        (Lang::Id, false) => format!(
            "Sedang tutup. Angka meter diterima tanggal {}–{} setiap bulan; berikutnya {} sampai {}.",
            w.first_day,
            w.last_day,
            lang.date(w.opens_on),
            lang.date(w.closes_on)
        ),
        (Lang::En, false) => format!(
            "Closed now. Meter figures are taken on days {}–{} of each month; next from {} to {}.",
            w.first_day,
            w.last_day,
            lang.date(w.opens_on),
            lang.date(w.closes_on)
        ),
    }
}

#[component]
pub fn SelfReadingFormPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let field = move |name: &str| query.with_untracked(|q| q.get(name).unwrap_or_default());
    let error = field("galat");
    let error = (!error.is_empty())
        .then(|| crate::model::form_errors::form_error(&error).unwrap_or(crate::error::AppError::BadRequest));
    if let Some(e) = &error {
        e.apply_to_response();
    }
    let had_photo = !field("foto").is_empty();
    let window = Resource::new(|| (), |_| load_reading_window());
    let error = Signal::derive(move || error.clone());
    view! {
        <Title text=lang.t("Baca meter sendiri · Tirta", "Read your own meter · Tirta")/>
        <h1>{lang.t("Baca meter sendiri", "Read your own meter")}</h1>
        <p class="muted">{lang.t(
            "Kirim angka meter air Anda beserta fotonya, agar tagihan dihitung dari pemakaian sebenarnya, bukan taksiran.",
            "Send your water meter's figure with a photo of it, so the bill is computed from what you used, not an estimate.",
        )}</p>
        <Loaded resource=window let:w>
            <p class="alert" class:alert-success=w.open_today role="status" data-window=if w.open_today { "open" } else { "closed" }>
                {window_text(lang, &w)}
            </p>
            <FormError error/>
            {had_photo.then(|| view! {
                <p class="alert" role="status" data-photo-again="1">{lang.t(
                    "Foto belum terkirim: pilih fotonya lagi.",
                    "The photo was not sent: choose it again.",
                )}</p>
            })}
            {w.open_today.then(|| view! {
                <section class="panel"><form class="reading-form" method="post" action="/baca-meter/kirim" enctype="multipart/form-data">
                    <label for="r-no">{lang.t("Nomor sambungan", "Customer number")}</label>
                    <input id="r-no" name="no" required inputmode="numeric" autocomplete="off" maxlength="20" value=field("no")/>
                    <label for="r-hp">{lang.t("Nomor HP yang terdaftar", "Mobile number on file")}</label>
                    <input id="r-hp" name="hp" type="tel" required inputmode="tel" autocomplete="tel" placeholder="08…" value=field("hp")/>
                    <p class="small muted">{lang.t(
                        "Hanya nomor HP yang terdaftar untuk sambungan ini yang dapat mengirim angka meternya.",
                        "Only the mobile number on file for this connection can send its meter figure.",
                    )}</p>
                    <label for="r-angka">{lang.t("Angka meter (m³, angka hitam saja)", "Meter figure (m³, the black digits only)")}</label>
                    <input id="r-angka" name="angka" required inputmode="numeric" pattern="[0-9]{1,6}" maxlength="6"
                        max=STAND_MAX autocomplete="off" value=field("angka")/>
                    <label for="r-foto">{lang.t("Foto meter, angkanya terbaca jelas", "Photo of the meter, its figure readable")}</label>
                    <input id="r-foto" name="foto" type="file" required accept="image/jpeg,image/png,image/webp" capture="environment"/>
                    <p class="small muted">{match lang {
                        Lang::Id => format!("JPEG, PNG atau WebP, paling besar {} MB. Data lokasi di dalam foto dihapus sebelum disimpan.", crate::model::complaints::PHOTO_MAX_MB),
                        Lang::En => format!("JPEG, PNG or WebP, at most {} MB. Location data inside the photo is removed before it is kept.", crate::model::complaints::PHOTO_MAX_MB),
                    }}</p>
                    <button type="submit">{lang.t("Kirim angka meter", "Send the meter figure")}</button>
                </form></section>
            })}
        </Loaded>
    }
}

#[component]
pub fn SelfReadingPage() -> impl IntoView {
    let params = use_params_map();
    let reading = Resource::new(move || params.read().get("token").unwrap_or_default(), follow_self_reading);
    view! {
        <Loaded resource=reading let:r>
            <SelfReading r/>
        </Loaded>
    }
}

fn state_text(lang: Lang, r: &SelfReadingView) -> String {
    let period = lang.period(r.period);
    match (lang, r.state) {
        (Lang::Id, State::Accepted) => format!("Diterima. Tagihan {period} dihitung dari angka ini bila petugas kami tidak membaca meter Anda bulan ini; petugas memeriksa fotonya sebelum tagihan terbit."),
        (Lang::En, State::Accepted) => format!("Taken. The bill of {period} is computed from this figure unless our meter reader reads your meter this month; staff check the photo before the bill is published."),
        (Lang::Id, State::Unconfirmed) => "Belum diterima: angka ini perlu Anda tegaskan.".into(),
        (Lang::En, State::Unconfirmed) => "Not taken yet: you need to confirm this figure.".into(),
        (Lang::Id, State::Withdrawn) => "Dibatalkan. Anda dapat mengirim angka baru selama baca meter mandiri dibuka.".into(),
        (Lang::En, State::Withdrawn) => "Taken back. You may send a new figure while self reading is open.".into(),
        (Lang::Id, State::Replaced) => "Diganti oleh angka yang Anda kirim kemudian.".into(),
        (Lang::En, State::Replaced) => "Replaced by a figure you sent later.".into(),
    }
}

#[component]
fn SelfReading(r: SelfReadingView) -> impl IntoView {
    let lang = use_lang();
    let is_new = use_query_map().with_untracked(|q| q.get("baru").is_some());
    let confirm = ServerAction::<ConfirmSelfReading>::new();
    let withdraw = ServerAction::<WithdrawSelfReading>::new();
    let error = Signal::derive(move || {
        confirm.value().get().and_then(Result::err).or_else(|| withdraw.value().get().and_then(Result::err))
    });
    let link = format!("/baca-meter/{}", r.token);
    let (confirm_token, withdraw_token) = (r.token.clone(), r.token.clone());
    let may_withdraw = matches!(r.state, State::Unconfirmed | State::Accepted) && !r.billed;
    view! {
        <Title text=lang.t("Angka meter · Tirta", "Meter figure · Tirta")/>
        <article class="panel self-reading" data-state=r.state.as_str()>
            {(is_new && r.state == State::Accepted).then(|| view! {
                <p class="alert alert-success" role="status">{lang.t(
                    "Terima kasih, angka meter Anda sudah kami terima. Simpan halaman ini untuk melihatnya lagi.",
                    "Thank you, we have your meter figure. Keep this page to see it again.",
                )}</p>
            })}
            <h1>{lang.t("Angka meter ", "Meter figure ")}<span class="code" data-stand=r.stand>{r.stand}</span></h1>
            <p data-reading-state=r.state.as_str()><strong>{state_text(lang, &r)}</strong></p>
            {(r.state == State::Unconfirmed).then(|| r.doubt.map(|d| {
                let (id, en) = d.question();
                view! { <p class="alert" role="alert" data-doubt=d.as_str()>{lang.t(id, en)}</p> }
            })).flatten()}
            <dl class="facts">
                <dt>{lang.t("No. sambungan", "Customer no.")}</dt><dd>{r.customer_number.clone()}</dd>
                <dt>{lang.t("Untuk tagihan", "For the bill of")}</dt><dd>{lang.period(r.period)}</dd>
                {r.last_stand.map(|s| view! { <dt>{lang.t("Bacaan terakhir", "Last reading")}</dt><dd>{s}</dd> })}
                {r.usage_m3.map(|u| view! { <dt>{lang.t("Pemakaian", "Usage")}</dt><dd data-usage=u>{format!("{u} m³")}</dd> })}
                {r.usual_m3.map(|u| view! { <dt>{lang.t("Biasanya", "Usually")}</dt><dd>{format!("{u} m³")}</dd> })}
                <dt>{lang.t("Dikirim", "Sent")}</dt><dd>{lang.date_time_wib(r.sent_at)}</dd>
            </dl>
            <img class="complaint-photo" src=format!("{link}/foto") alt=lang.t("Foto meter yang Anda kirim", "The meter photo you sent") loading="lazy"/>
            <FormError error/>
            {(r.state == State::Unconfirmed).then(|| view! {
                <ActionForm action=confirm>
                    <input type="hidden" name="token" value=confirm_token/>
                    <button type="submit">{lang.t("Angkanya benar, kirim", "The figure is right: send it")}</button>
                </ActionForm>
            })}
            {may_withdraw.then(|| view! {
                <ActionForm action=withdraw>
                    <input type="hidden" name="token" value=withdraw_token/>
                    <button type="submit" class="button-outline">{if r.state == State::Unconfirmed {
                        lang.t("Salah, batalkan dan kirim ulang", "Wrong: take it back and send again")
                    } else {
                        lang.t("Batalkan angka ini", "Take this figure back")
                    }}</button>
                </ActionForm>
            })}
            <p><a href=format!("/baca-meter?no={}", r.customer_number)>{lang.t("Kirim angka lain", "Send another figure")}</a></p>
        </article>
    }
}
