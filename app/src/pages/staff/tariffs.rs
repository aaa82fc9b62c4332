//! Administrators: the tariffs in force and to come, and a new decree written, previewed
//! against the tariff it replaces, and saved. Tariffs are never edited: a decree adds one.

use super::StaffGate;
use crate::api::tariffs::{
    load_tariff_desk, AddLateFeeRule, AddTariff, DueRules, LateFeeKind, PutHoliday, RemoveHoliday, SetDueRule,
    TariffDesk, TariffDraft, TariffForm, TariffPreview,
};
use crate::components::error_panel::FormError;
use crate::components::loaded::Loaded;
use crate::domain::Rounding;
use crate::domain::{CustomerGroup, PriceComparison};
use crate::i18n::{use_lang, Lang};
use crate::pages::tariffs::{LateFeeRule, TariffTable};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

#[component]
pub fn TariffDeskPage() -> impl IntoView {
    let lang = use_lang();
    let search = use_location().search;
    let (saved, changed) = use_query_map().with_untracked(|q| {
        (q.get("disimpan").is_some(), ["denda", "jatuh_tempo", "libur"].iter().any(|k| q.get(k).is_some()))
    });
    let add = ServerAction::<AddTariff>::new();
    let actions = RuleActions {
        late_fee: ServerAction::new(),
        due_day: ServerAction::new(),
        holiday: ServerAction::new(),
        unholiday: ServerAction::new(),
    };
    let error = Signal::derive(move || {
        add.value()
            .get()
            .and_then(Result::err)
            .or_else(|| actions.late_fee.value().get().and_then(Result::err))
            .or_else(|| actions.due_day.value().get().and_then(Result::err))
            .or_else(|| actions.holiday.value().get().and_then(Result::err))
            .or_else(|| actions.unholiday.value().get().and_then(Result::err))
    });
    let desk = Resource::new(move || search.get(), load_tariff_desk);
    view! {
        <Title text=lang.t("Tarif · Petugas", "Tariffs · Staff")/>
        <StaffGate let:_ctx>
            <h1>{lang.t("Tarif air", "Water tariffs")}</h1>
            {saved.then(|| view! {
                <p class="alert alert-success" role="status">{lang.t(
                    "Tarif baru disimpan. Tagihan mulai periodenya dihitung dengan tarif ini.",
                    "The new tariff is saved. Bills from its period are priced with it.",
                )}</p>
            })}
            {changed.then(|| view! { <p class="alert alert-success" role="status">{lang.t("Perubahan disimpan.", "Change saved.")}</p> })}
            <FormError error/>
            <Loaded resource=desk let:d><Desk desk=d add actions/></Loaded>
        </StaffGate>
    }
}

fn group_name(lang: Lang, groups: &[CustomerGroup], code: &str) -> String {
    groups
        .iter()
        .find(|g| g.code == code)
        .map(|g| lang.pick(&g.name, &g.name_en).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The forms for the due-date and late-fee rules.
#[derive(Clone, Copy)]
struct RuleActions {
    late_fee: ServerAction<AddLateFeeRule>,
    due_day: ServerAction<SetDueRule>,
    holiday: ServerAction<PutHoliday>,
    unholiday: ServerAction<RemoveHoliday>,
}

#[component]
fn Desk(desk: TariffDesk, add: ServerAction<AddTariff>, actions: RuleActions) -> impl IntoView {
    let lang = use_lang();
    let earliest = match lang {
        Lang::Id => format!(
            "Tarif yang sudah ditetapkan tidak pernah diubah: surat keputusan baru menambah tarif yang berlaku mulai suatu periode. Periode paling awal yang masih dapat dipilih: {}.",
            lang.period(desk.earliest)
        ),
        Lang::En => format!(
            "A tariff once set is never changed: a new decree adds a tariff in force from a period on. The earliest period still open: {}.",
            lang.period(desk.earliest)
        ),
    };
    let groups = desk.groups.clone();
    let tables = move |tariffs: Vec<crate::domain::Tariff>, upcoming: bool| {
        let groups = groups.clone();
        tariffs
            .into_iter()
            .map(move |t| {
                let name = group_name(lang, &groups, &t.group);
                view! { <TariffTable tariff=t name about=String::new() upcoming/> }
            })
            .collect_view()
    };
    let rules = desk.draft.is_none().then(|| {
        view! { <DueRulesPanel due=desk.due.clone() groups=desk.groups.clone() csrf=desk.csrf.clone() actions/> }
    });
    let body = match desk.draft {
        Some(draft) => Either::Left(view! { <Draft draft groups=desk.groups.clone() csrf=desk.csrf.clone() add/> }),
        None => Either::Right(view! {
            <section class="panel">
                <h2>{lang.t("Tarif baru", "New tariff")}</h2>
                <form method="get" action="/staf/tarif">
                    <label for="golongan">{lang.t("Golongan", "Group")}</label>
                    <select id="golongan" name="golongan">
                        {desk.groups.iter().map(|g| view! {
                            <option value=g.code.clone()>{format!("{} · {}", g.code, lang.pick(&g.name, &g.name_en))}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit">{lang.t("Susun tarif baru", "Write a new tariff")}</button>
                </form>
            </section>
        }),
    };
    let upcoming = (!desk.upcoming.is_empty()).then(|| {
        view! { <h2>{lang.t("Tarif yang akan berlaku", "Tariffs to come")}</h2> {tables(desk.upcoming.clone(), true)} }
    });
    view! {
        <p class="muted small">{earliest}</p>
        {body}
        {rules}
        {upcoming}
        <h2>{match lang {
            Lang::Id => format!("Tarif yang berlaku periode {}", lang.period(desk.period)),
            Lang::En => format!("Tariffs in force in {}", lang.period(desk.period)),
        }}</h2>
        {tables(desk.in_force.clone(), false)}
    }
}

/// The decree being written: its preview (or what is wrong with it), the save form carrying
/// exactly what was previewed, and the form to change it.
#[component]
fn Draft(draft: TariffDraft, groups: Vec<CustomerGroup>, csrf: String, add: ServerAction<AddTariff>) -> impl IntoView {
    let lang = use_lang();
    let form = draft.form;
    let name = group_name(lang, &groups, &form.group);
    let checked = match draft.checked {
        None => None,
        Some(Ok(preview)) => Some(Either::Left(view! { <Preview preview form=form.clone() csrf add/> })),
        Some(Err(e)) => Some(Either::Right(view! { <FormError error=Signal::stored(Some(e))/> })),
    };
    view! {
        <h2>{format!("{}: {} ({})", lang.t("Tarif baru", "New tariff"), name, form.group)}</h2>
        {checked}
        <section class="panel">
            <form method="get" action="/staf/tarif" class="tariff-form">
                <input type="hidden" name="tariff[group]" value=form.group.clone()/>
                <div class="form-row">
                    <div>
                        <label for="effective_from">{lang.t("Berlaku mulai (periode)", "Effective from (period)")}</label>
                        <input id="effective_from" name="tariff[effective_from]" type="month" required value=form.effective_from.clone()/>
                    </div>
                    <div>
                        <label for="minimum_usage_m3">{lang.t("Pemakaian minimum (m³)", "Minimum usage (m³)")}</label>
                        <input id="minimum_usage_m3" name="tariff[minimum_usage_m3]" inputmode="numeric" required value=form.minimum_usage_m3.clone()/>
                    </div>
                </div>
                <label for="decree">{lang.t("Surat keputusan", "Decree")}</label>
                <input id="decree" name="tariff[decree]" maxlength="200" required value=form.decree.clone()
                    placeholder=lang.t("mis. Peraturan Bupati No. 7 Tahun 2026", "e.g. Regent's Regulation No. 7 of 2026")/>
                <label for="decree_en">{lang.t("Surat keputusan (bahasa Inggris, boleh kosong)", "Decree (in English, may be empty)")}</label>
                <input id="decree_en" name="tariff[decree_en]" maxlength="200" value=form.decree_en.clone()/>
                <fieldset class="tariff-rows">
                    <legend>{lang.t("Blok pemakaian", "Usage blocks")}</legend>
                    <p class="muted small">{lang.t(
                        "Isi batas atas tiap blok (m³) dan harganya per m³. Kosongkan batas blok terakhir: ia berlaku untuk semua pemakaian di atasnya. Baris kosong diabaikan.",
                        "Give each block's upper bound (m³) and its price per m³. Leave the last block's bound empty: it takes all usage above. Empty rows are ignored.",
                    )}</p>
                    {form.blocks.iter().enumerate().map(|(i, b)| {
                        let n = i + 1;
                        view! {
                            <div class="form-row tariff-row" data-block=n>
                                <div>
                                    <label for=format!("upto-{n}")>{format!("{} {n}: {}", lang.t("Blok", "Block"), lang.t("sampai m³", "up to m³"))}</label>
                                    <input id=format!("upto-{n}") name=format!("tariff[blocks][{i}][upto_m3]") inputmode="numeric" value=b.upto_m3.clone()/>
                                </div>
                                <div>
                                    <label for=format!("price-{n}")>{format!("{} {n}: {}", lang.t("Blok", "Block"), lang.t("harga per m³ (Rp)", "price per m³ (Rp)"))}</label>
                                    <input id=format!("price-{n}") name=format!("tariff[blocks][{i}][price_per_m3]") inputmode="numeric" value=b.price_per_m3.clone()/>
                                </div>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <fieldset class="tariff-rows">
                    <legend>{lang.t("Biaya tetap per bulan", "Fixed monthly charges")}</legend>
                    <p class="muted small">{lang.t(
                        "Ukuran meter kosong: dikenakan pada semua meter. Bila satu biaya menyebut ukuran meter, setiap ukuran yang dipakai pelanggan golongan ini harus disebut.",
                        "Empty meter size: charged on every meter. Once one charge names a meter size, every size this group's customers have must be named.",
                    )}</p>
                    {form.charges.iter().enumerate().map(|(i, c)| {
                        let n = i + 1;
                        let field = |what: &str| format!("tariff[charges][{i}][{what}]");
                        view! {
                            <div class="form-row tariff-row" data-charge=n>
                                <div>
                                    <label for=format!("label-{n}")>{format!("{} {n}: {}", lang.t("Biaya", "Charge"), lang.t("nama", "name"))}</label>
                                    <input id=format!("label-{n}") name=field("label") maxlength="80" value=c.label.clone()/>
                                </div>
                                <div>
                                    <label for=format!("label-en-{n}")>{format!("{} {n}: {}", lang.t("Biaya", "Charge"), lang.t("nama (Inggris)", "name (English)"))}</label>
                                    <input id=format!("label-en-{n}") name=field("label_en") maxlength="80" value=c.label_en.clone()/>
                                </div>
                                <div>
                                    <label for=format!("meter-{n}")>{format!("{} {n}: {}", lang.t("Biaya", "Charge"), lang.t("ukuran meter", "meter size"))}</label>
                                    <input id=format!("meter-{n}") name=field("meter_size") maxlength="20" value=c.meter_size.clone()/>
                                </div>
                                <div>
                                    <label for=format!("amount-{n}")>{format!("{} {n}: {}", lang.t("Biaya", "Charge"), lang.t("jumlah (Rp)", "amount (Rp)"))}</label>
                                    <input id=format!("amount-{n}") name=field("amount") inputmode="numeric" value=c.amount.clone()/>
                                </div>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit">{lang.t("Pratinjau", "Preview")}</button>
            </form>
            <p><a href="/staf/tarif">{lang.t("Batal", "Cancel")}</a></p>
        </section>
    }
}

#[component]
fn Preview(preview: TariffPreview, form: TariffForm, csrf: String, add: ServerAction<AddTariff>) -> impl IntoView {
    let lang = use_lang();
    let intro = match (lang, preview.replaces) {
        (Lang::Id, Some(p)) => format!(
            "Tagihan sebulan menurut tarif yang berlaku sejak {} dan menurut tarif baru mulai {}, sebelum denda:",
            lang.period(p),
            lang.period(preview.tariff.effective_from)
        ),
        (Lang::En, Some(p)) => format!(
            "A month's bill under the tariff in force since {} and under the new one from {}, before late fees:",
            lang.period(p),
            lang.period(preview.tariff.effective_from)
        ),
        (Lang::Id, None) => format!(
            "Golongan ini belum punya tarif sebelum {}. Tagihan sebulan menurut tarif baru, sebelum denda:",
            lang.period(preview.tariff.effective_from)
        ),
        (Lang::En, None) => format!(
            "This group has no tariff before {}. A month's bill under the new one, before late fees:",
            lang.period(preview.tariff.effective_from)
        ),
    };
    let money = move |m: Option<crate::domain::Money>| m.map(|m| lang.money(m)).unwrap_or_else(|| "—".into());
    // One group of rows per meter size: three columns fit a phone.
    let mut groups: Vec<(Option<String>, Vec<&PriceComparison>)> = Vec::new();
    for r in &preview.comparison {
        match groups.last_mut() {
            Some((size, rows)) if *size == r.meter_size => rows.push(r),
            _ => groups.push((r.meter_size.clone(), vec![r])),
        }
    }
    let rows = groups
        .into_iter()
        .map(|(size, rows)| {
            let meter = match &size {
                Some(s) => format!("{} {}\"", lang.t("Meter", "Meter"), s.trim_end_matches('"')),
                None => lang.t("Semua ukuran meter", "Any meter size").to_string(),
            };
            let rows = rows
                .into_iter()
                .map(|r| {
                    let change = match (r.before, r.after) {
                        (Some(b), Some(a)) if a >= b => Some(format!("+{}", lang.money(a - b))),
                        (Some(b), Some(a)) => Some(format!("−{}", lang.money(b - a))),
                        _ => None,
                    };
                    view! {
                        <tr data-meter=r.meter_size.clone().unwrap_or_default() data-usage=r.usage_m3>
                            <td class="num">{format!("{} m³", r.usage_m3)}</td>
                            <td class="num">{money(r.before)}</td>
                            <td class="num">{money(r.after)}{change.map(|c| view! { <span class="change">{c}</span> })}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <tbody>
                    <tr><th scope="rowgroup" colspan="3">{meter}</th></tr>
                    {rows}
                </tbody>
            }
        })
        .collect_view();
    view! {
        <section class="panel" id="pratinjau">
            <h3>{lang.t("Pratinjau", "Preview")}</h3>
            <p>{intro}</p>
            <table class="report-table tariff-preview">
                <thead><tr>
                    <th class="num">{lang.t("Pemakaian", "Usage")}</th>
                    <th class="num">{lang.t("Tarif lama", "Old tariff")}</th>
                    <th class="num">{lang.t("Tarif baru (selisih)", "New tariff (change)")}</th>
                </tr></thead>
                {rows}
            </table>
            <TariffTable tariff=preview.tariff.clone() name=lang.t("Tarif baru", "New tariff").to_string() about=String::new() upcoming=true/>
            <ActionForm action=add>
                <input type="hidden" name="csrf" value=csrf/>
                <SavedFields form/>
                <p class="muted small">{lang.t(
                    "Setelah disimpan, tarif ini tidak dapat diubah atau dihapus; keputusan berikutnya menambah tarif baru.",
                    "Once saved, this tariff cannot be changed or removed; a later decree adds another.",
                )}</p>
                <button type="submit">{lang.t("Simpan tarif ini", "Save this tariff")}</button>
            </ActionForm>
        </section>
    }
}

/// The previewed decree as hidden fields: what is saved is what was previewed.
#[component]
fn SavedFields(form: TariffForm) -> impl IntoView {
    let hidden = |name: String, value: &String| view! { <input type="hidden" name=name value=value.clone()/> };
    let mut fields = vec![
        hidden("tariff[group]".into(), &form.group),
        hidden("tariff[effective_from]".into(), &form.effective_from),
        hidden("tariff[decree]".into(), &form.decree),
        hidden("tariff[decree_en]".into(), &form.decree_en),
        hidden("tariff[minimum_usage_m3]".into(), &form.minimum_usage_m3),
    ];
    // Numbered from 0 without gaps: the blank rows are left out.
    for (i, b) in form.blocks.iter().filter(|b| !b.is_blank()).enumerate() {
        fields.push(hidden(format!("tariff[blocks][{i}][upto_m3]"), &b.upto_m3));
        fields.push(hidden(format!("tariff[blocks][{i}][price_per_m3]"), &b.price_per_m3));
    }
    for (i, c) in form.charges.iter().filter(|c| !c.is_blank()).enumerate() {
        fields.push(hidden(format!("tariff[charges][{i}][label]"), &c.label));
        fields.push(hidden(format!("tariff[charges][{i}][label_en]"), &c.label_en));
        fields.push(hidden(format!("tariff[charges][{i}][meter_size]"), &c.meter_size));
        fields.push(hidden(format!("tariff[charges][{i}][amount]"), &c.amount));
    }
    fields.collect_view()
}

/// The late-fee rule in force and to come, with the form for a new one; the due day; the
/// holidays.
#[component]
fn DueRulesPanel(due: DueRules, groups: Vec<CustomerGroup>, csrf: String, actions: RuleActions) -> impl IntoView {
    let lang = use_lang();
    let names: Vec<(String, String)> =
        groups.iter().map(|g| (g.code.clone(), lang.pick(&g.name, &g.name_en).to_string())).collect();
    let form = due.late_fee_form.clone();
    let upcoming = due
        .late_fee_upcoming
        .iter()
        .map(|r| {
            let names = names.clone();
            view! {
                <li data-late-fee-from=r.from.to_string()>
                    <strong>{format!("{} {}", lang.t("Untuk tagihan yang jatuh tempo mulai", "For bills due from"), lang.date(r.from))}</strong>
                    " · "{r.decree.clone()}
                    <LateFeeRule policy=r.policy.clone() groups=names/>
                </li>
            }
        })
        .collect_view();
    let kind_label = move |k: LateFeeKind| match k {
        LateFeeKind::Tiers => lang.t("Bertingkat menurut lamanya terlambat", "In tiers by months late"),
        LateFeeKind::FlatPerGroup => lang.t("Tetap per golongan", "Flat, by customer group"),
        LateFeeKind::Percentage => lang.t("Persentase dari tagihan", "A share of the bill"),
    };
    let (late_csrf, due_csrf, holiday_csrf) = (csrf.clone(), csrf.clone(), csrf.clone());
    let holidays = due
        .holidays
        .iter()
        .map(|h| {
            let csrf = csrf.clone();
            let day = h.day.to_string();
            view! {
                <li data-holiday=h.day.to_string()>
                    {format!("{} · {}", lang.date(h.day), h.name)}" "
                    <ActionForm action=actions.unholiday attr:class="inline-form">
                        <input type="hidden" name="csrf" value=csrf.clone()/>
                        <input type="hidden" name="day" value=day.clone()/>
                        <button type="submit" class="button-link">{lang.t("Hapus", "Remove")}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    let rounding_label = move |r: Rounding| match r {
        Rounding::HalfUp => lang.t("ke rupiah terdekat", "to the nearest rupiah"),
        Rounding::Up => lang.t("ke atas", "up"),
        Rounding::Down => lang.t("ke bawah", "down"),
    };
    view! {
        <section class="panel" id="denda">
            <h2>{lang.t("Denda keterlambatan", "Late fee")}</h2>
            <LateFeeRule policy=due.late_fee.clone() groups=names.clone()/>
            {(!due.late_fee_upcoming.is_empty()).then(|| view! {
                <h3>{lang.t("Aturan yang akan berlaku", "Rules to come")}</h3>
                <ul class="late-fee-upcoming">{upcoming}</ul>
            })}
            <details>
                <summary>{lang.t("Tetapkan aturan denda baru", "Set a new late-fee rule")}</summary>
                <ActionForm action=actions.late_fee>
                    <input type="hidden" name="csrf" value=late_csrf.clone()/>
                    <p class="muted small">{lang.t(
                        "Aturan baru berlaku untuk tagihan yang jatuh tempo mulai tanggalnya; tagihan yang sudah terbit tetap dengan aturan lamanya.",
                        "A new rule prices the bills due from its date on; bills already out keep their rule.",
                    )}</p>
                    <label for="late-from">{lang.t("Untuk tagihan yang jatuh tempo mulai", "For bills due from")}</label>
                    <input id="late-from" name="rule[effective_from]" type="date" required value=form.effective_from.clone()/>
                    <label for="late-decree">{lang.t("Surat keputusan", "Decree")}</label>
                    <input id="late-decree" name="rule[decree]" maxlength="200" required/>
                    <label for="late-rule">{lang.t("Jenis aturan", "Kind of rule")}</label>
                    <select id="late-rule" name="rule[rule]">
                        {LateFeeKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=form.rule == k.as_str()>{kind_label(k)}</option>
                        }).collect_view()}
                    </select>
                    <fieldset class="tariff-rows">
                        <legend>{kind_label(LateFeeKind::Tiers)}</legend>
                        {form.tiers.iter().enumerate().map(|(i, t)| {
                            let n = i + 1;
                            view! {
                                <div class="form-row tariff-row">
                                    <div>
                                        <label for=format!("tier-months-{n}")>{format!("{} {n}: {}", lang.t("Tingkat", "Tier"), lang.t("mulai terlambat (bulan)", "from months late"))}</label>
                                        <input id=format!("tier-months-{n}") name=format!("rule[tiers][{i}][from_months]") inputmode="numeric" value=t.from_months.clone()/>
                                    </div>
                                    <div>
                                        <label for=format!("tier-fee-{n}")>{format!("{} {n}: {}", lang.t("Tingkat", "Tier"), lang.t("denda (Rp)", "fee (Rp)"))}</label>
                                        <input id=format!("tier-fee-{n}") name=format!("rule[tiers][{i}][fee]") inputmode="numeric" value=t.fee.clone()/>
                                    </div>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <fieldset class="tariff-rows">
                        <legend>{kind_label(LateFeeKind::FlatPerGroup)}</legend>
                        {form.fees.iter().map(|(code, fee)| {
                            let name = names.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone()).unwrap_or_else(|| code.clone());
                            view! {
                                <label for=format!("group-fee-{code}")>{format!("{name} ({code}), Rp")}</label>
                                <input id=format!("group-fee-{code}") name=format!("rule[fees][{code}]") inputmode="numeric" value=fee.clone()/>
                            }
                        }).collect_view()}
                    </fieldset>
                    <fieldset class="tariff-rows">
                        <legend>{kind_label(LateFeeKind::Percentage)}</legend>
                        <label for="late-percent">{lang.t("Persentase (mis. 2,5)", "Percentage (e.g. 2.5)")}</label>
                        <input id="late-percent" name="rule[percent]" inputmode="decimal" value=form.percent.clone()/>
                        <label for="late-rounding">{lang.t("Pembulatan", "Rounding")}</label>
                        <select id="late-rounding" name="rule[rounding]">
                            {Rounding::ALL.into_iter().map(|r| view! {
                                <option value=r.as_str() selected=form.rounding == r.as_str()>{rounding_label(r)}</option>
                            }).collect_view()}
                        </select>
                    </fieldset>
                    <button type="submit">{lang.t("Tetapkan aturan denda", "Set the late-fee rule")}</button>
                </ActionForm>
            </details>
        </section>
        <section class="panel" id="jatuh-tempo">
            <h2>{lang.t("Jatuh tempo", "Due date")}</h2>
            <p class="muted small">{lang.t(
                "Berlaku untuk tagihan yang disusun sesudah ini; tagihan yang sudah terbit tetap dengan tanggal jatuh temponya.",
                "Applies to bills drafted from now on; bills already out keep their due date.",
            )}</p>
            <ActionForm action=actions.due_day>
                <input type="hidden" name="csrf" value=due_csrf.clone()/>
                <label for="due-day">{lang.t("Tanggal jatuh tempo setiap bulan (1–28)", "Due day of each month (1–28)")}</label>
                <input id="due-day" name="due_day" type="number" min="1" max="28" required value=due.due.due_day.to_string()/>
                <label class="check"><input type="checkbox" name="skip_sundays" value="1" checked=due.due.skip_sundays/>
                    {lang.t("Bila jatuh pada hari Minggu, mundur ke hari kerja berikutnya", "On a Sunday, move to the next working day")}</label>
                <button type="submit">{lang.t("Simpan jatuh tempo", "Save the due day")}</button>
            </ActionForm>
        </section>
        <section class="panel" id="libur">
            <h2>{lang.t("Hari libur", "Holidays")}</h2>
            <p class="muted small">{lang.t(
                "Jatuh tempo pada hari libur mundur ke hari kerja berikutnya, dan kantor tidak menerima antrean daring.",
                "A due date on a holiday moves to the next working day, and offices take no online tickets.",
            )}</p>
            <ul class="holidays">{holidays}</ul>
            <ActionForm action=actions.holiday>
                <input type="hidden" name="csrf" value=holiday_csrf.clone()/>
                <div class="form-row">
                    <div>
                        <label for="holiday-day">{lang.t("Tanggal", "Date")}</label>
                        <input id="holiday-day" name="day" type="date" required min=due.today.to_string()/>
                    </div>
                    <div>
                        <label for="holiday-name">{lang.t("Nama hari libur", "Name of the holiday")}</label>
                        <input id="holiday-name" name="name" maxlength="80" required/>
                    </div>
                </div>
                <button type="submit">{lang.t("Tambah hari libur", "Add the holiday")}</button>
            </ActionForm>
        </section>
    }
}
