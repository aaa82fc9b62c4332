use crate::api::tariffs::{estimate_bill, tariff_sheet, TariffTables};
use crate::components::error_panel::explain;
use crate::components::loaded::Loaded;
use crate::domain::{LateFeePolicy, Rounding, Tariff};
use crate::i18n::{use_lang, Lang};
use crate::pages::bill::computed_lines;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TariffPage() -> impl IntoView {
    let lang = use_lang();
    let sheet = Resource::new(|| (), |_| tariff_sheet());
    view! {
        <Title text=lang.t("Tarif Air · Tirta", "Water Tariffs · Tirta")/>
        <h1>{lang.t("Tarif air", "Water tariffs")}</h1>
        <Loaded resource=sheet let:sheet><Sheet sheet/></Loaded>
    }
}

#[component]
fn Sheet(sheet: TariffTables) -> impl IntoView {
    let lang = use_lang();
    let group_name = |code: &str| {
        sheet
            .groups
            .iter()
            .find(|g| g.code == code)
            .map(|g| lang.pick(&g.name, &g.name_en).to_string())
            .unwrap_or_else(|| code.to_string())
    };
    let group_about = |code: &str| {
        sheet
            .groups
            .iter()
            .find(|g| g.code == code)
            .map(|g| lang.pick(&g.description, &g.description_en).to_string())
            .unwrap_or_default()
    };
    let tables = sheet
        .in_force
        .iter()
        .map(|t| view! { <TariffTable tariff=t.clone() name=group_name(&t.group) about=group_about(&t.group)/> })
        .collect_view();
    let group_names: Vec<(String, String)> =
        sheet.groups.iter().map(|g| (g.code.clone(), lang.pick(&g.name, &g.name_en).to_string())).collect();
    let upcoming = (!sheet.upcoming.is_empty()).then(|| {
        let tables = sheet
            .upcoming
            .iter()
            .map(|t| view! { <TariffTable tariff=t.clone() name=group_name(&t.group) about=group_about(&t.group) upcoming=true/> })
            .collect_view();
        view! { <h2>{lang.t("Tarif yang akan berlaku", "Tariffs to come")}</h2>{tables} }
    });
    view! {
        <p class="lead">{match lang {
            Lang::Id => format!("Tarif yang berlaku untuk periode {}. Pemakaian dihitung progresif: blok pertama diisi penuh sebelum blok berikutnya.", lang.period(sheet.period)),
            Lang::En => format!("Tariffs in force for {}. Usage is charged progressively: each block fills before the next.", lang.period(sheet.period)),
        }}</p>
        <section class="panel" id="denda">
            <h2>{lang.t("Jatuh tempo dan denda", "Due date and late fee")}</h2>
            <p>{match lang {
                Lang::Id => format!("Tagihan dibayar paling lambat tanggal {} setiap bulan{}.", sheet.due.due_day,
                    if sheet.due.skip_sundays { "; bila jatuh pada hari Minggu atau hari libur, batasnya mundur ke hari kerja berikutnya" } else { "; bila jatuh pada hari libur, batasnya mundur ke hari kerja berikutnya" }),
                Lang::En => format!("Bills are payable by day {} of each month{}.", sheet.due.due_day,
                    if sheet.due.skip_sundays { "; when that falls on a Sunday or holiday, the next working day" } else { "; when that falls on a holiday, the next working day" }),
            }}</p>
            <LateFeeRule policy=sheet.late_fee.clone() groups=group_names.clone()/>
            {sheet.late_fee_upcoming.iter().map(|r| view! {
                <div class="late-fee-upcoming" data-late-fee-from=r.from.to_string()>
                    <p><strong>{match lang {
                        Lang::Id => format!("Untuk tagihan yang jatuh tempo mulai {} ({}):", lang.date(r.from), r.decree),
                        Lang::En => format!("For bills due from {} ({}):", lang.date(r.from), r.decree),
                    }}</strong></p>
                    <LateFeeRule policy=r.policy.clone() groups=group_names.clone()/>
                </div>
            }).collect_view()}
            <p class="muted">{lang.t(
                "Tunggakan dua bulan dapat berakibat penyegelan meter, tiga bulan pemutusan sambungan.",
                "Two months in arrears can lead to the meter being sealed, three to disconnection.",
            )}</p>
        </section>
        <Estimator groups=sheet.in_force.iter().map(|t| (t.group.clone(), group_name(&t.group))).collect() sizes=meter_sizes(&sheet.in_force)/>
        <h2>{lang.t("Tarif per golongan", "Tariffs by customer group")}</h2>
        <nav class="jump" aria-label=lang.t("Pilih golongan", "Choose a group")>
            {sheet.in_force.iter().map(|t| view! { <a href=format!("#golongan-{}", t.group)>{group_name(&t.group)}</a> }).collect_view()}
        </nav>
        {tables}
        {upcoming}
    }
}

/// Every meter size the tariffs in force price, smallest first as written ("1/2" before "3/4").
fn meter_sizes(tariffs: &[Tariff]) -> Vec<String> {
    let mut sizes: Vec<String> =
        tariffs.iter().flat_map(|t| t.fixed_charges.iter().filter_map(|c| c.meter_size.clone())).collect();
    sizes.sort_by(|a, b| inches(a).partial_cmp(&inches(b)).unwrap_or(std::cmp::Ordering::Equal).then(a.cmp(b)));
    sizes.dedup();
    sizes
}

/// "1 1/2" as 1.5, for ordering.
fn inches(size: &str) -> f64 {
    size.split_whitespace().fold(0.0, |sum, part| {
        sum + match part.split_once('/') {
            Some((n, d)) => n.parse::<f64>().unwrap_or(0.0) / d.parse::<f64>().unwrap_or(1.0),
            None => part.parse::<f64>().unwrap_or(0.0),
        }
    })
}

/// "What will my bill be?": a usage (or two meter figures) for a group and meter size, priced by
/// the server from the tariff in force, line by line. A plain form: whole without JavaScript.
#[component]
fn Estimator(groups: Vec<(String, String)>, sizes: Vec<String>) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let field = move |name: &str| query.with_untracked(|q| q.get(name).unwrap_or_default());
    let (group, size) = (field("golongan"), field("meter"));
    let (usage, start, end) = (field("pakai"), field("awal"), field("akhir"));
    // Two meter figures give the usage; the usage typed wins when both are there.
    let asked = match (usage.trim(), start.trim().parse::<i64>(), end.trim().parse::<i64>()) {
        ("", Ok(a), Ok(b)) => Some(b.checked_sub(a).map_or_else(|| "-".to_string(), |u| u.to_string())),
        ("", _, _) => None,
        (typed, _, _) => Some(typed.to_string()),
    };
    let estimate = asked.clone().map(|usage| {
        let (group, size) = (group.clone(), size.clone());
        Resource::new(|| (), move |_| estimate_bill(group.clone(), size.clone(), usage.clone()))
    });
    view! {
        <section class="panel estimator" id="perkiraan">
            <h2>{lang.t("Berapa tagihan saya?", "What will my bill be?")}</h2>
            <p class="small muted">{lang.t(
                "Ketik pemakaian sebulan (m³), atau angka meter bulan lalu dan sekarang. Dihitung dengan tarif yang berlaku, sebelum denda.",
                "Type a month's usage (m³), or last month's and today's meter figures. Priced by the tariff in force, before any late fee.",
            )}</p>
            <form method="get" action="/tarif#perkiraan" class="estimator-form">
                <label for="e-golongan">{lang.t("Golongan", "Group")}</label>
                <select id="e-golongan" name="golongan">
                    {groups.into_iter().map(|(code, name)| view! { <option value=code.clone() selected=code == group>{format!("{name} ({code})")}</option> }).collect_view()}
                </select>
                <label for="e-meter">{lang.t("Ukuran meter", "Meter size")}</label>
                <select id="e-meter" name="meter">
                    {sizes.into_iter().map(|s| view! { <option value=s.clone() selected=s == size>{format!("{s}\"")}</option> }).collect_view()}
                </select>
                <label for="e-pakai">{lang.t("Pemakaian (m³)", "Usage (m³)")}</label>
                <input id="e-pakai" name="pakai" type="number" min="0" max="100000" inputmode="numeric" value=usage/>
                <p class="small muted">{lang.t("atau angka meter:", "or the meter figures:")}</p>
                <div class="estimator-figures">
                    <label for="e-awal">{lang.t("Bulan lalu", "Last month")}</label>
                    <input id="e-awal" name="awal" type="number" min="0" inputmode="numeric" value=start/>
                    <label for="e-akhir">{lang.t("Sekarang", "Now")}</label>
                    <input id="e-akhir" name="akhir" type="number" min="0" inputmode="numeric" value=end/>
                </div>
                <button type="submit">{lang.t("Hitung", "Work it out")}</button>
            </form>
            {estimate.map(|resource| view! {
                <Suspense fallback=move || view! { <p class="muted">{lang.t("Menghitung…", "Working it out…")}</p> }>
                    {move || Suspend::new(async move {
                        match resource.await {
                            Ok(e) => Either::Left(view! {
                                <table class="breakdown estimate" data-estimate=e.breakdown.amount.to_string()>
                                    <caption class="small muted">{match lang {
                                        Lang::Id => format!("{} m³ · golongan {} · meter {}\"", e.breakdown.usage_m3, e.group, e.meter_size),
                                        Lang::En => format!("{} m³ · group {} · {}\" meter", e.breakdown.usage_m3, e.group, e.meter_size),
                                    }}</caption>
                                    <tbody>{computed_lines(lang, &e.breakdown)}</tbody>
                                    <tfoot><tr><th>{lang.t("Perkiraan tagihan", "Estimated bill")}</th><th class="num">{e.breakdown.amount.to_string()}</th></tr></tfoot>
                                </table>
                            }),
                            Err(error) => {
                                error.apply_to_response();
                                let (title, detail) = explain(lang, &error);
                                Either::Right(view! { <p class="alert alert-danger" role="alert" data-error=error.status()><strong>{title}</strong>" "{detail}</p> })
                            }
                        }
                    })}
                </Suspense>
            })}
        </section>
    }
}

#[component]
pub fn TariffTable(
    tariff: Tariff,
    name: String,
    about: String,
    /// A tariff to come (or previewed) is anchored by its period too: the group's anchor is
    /// the tariff in force.
    #[prop(optional)]
    upcoming: bool,
) -> impl IntoView {
    let lang = use_lang();
    let mut lower = 0u32;
    let rows = tariff
        .blocks
        .iter()
        .map(|b| {
            let range = match b.upto_m3 {
                Some(upto) if lower == 0 => format!("0–{upto} m³"),
                Some(upto) => format!("{}–{} m³", lower + 1, upto),
                None if lower == 0 => lang.t("Semua pemakaian", "All usage").to_string(),
                None => format!("> {} m³", lower),
            };
            lower = b.upto_m3.unwrap_or(lower);
            view! { <tr><td>{range}</td><td class="num">{b.price_per_m3.to_string()}</td></tr> }
        })
        .collect_view();
    let charges = tariff
        .fixed_charges
        .iter()
        .map(|c| {
            let label = match &c.meter_size {
                Some(size) => format!(
                    "{} ({} {})",
                    lang.pick(&c.label, &c.label_en),
                    lang.t("meter", "meter"),
                    format_args!("{size}\"")
                ),
                None => lang.pick(&c.label, &c.label_en).to_string(),
            };
            view! { <tr><td>{label}</td><td class="num">{c.amount.to_string()}</td></tr> }
        })
        .collect_view();
    view! {
        <section class="panel tariff" id=if upcoming { format!("golongan-{}-{}", tariff.group, tariff.effective_from) } else { format!("golongan-{}", tariff.group) }>
            <h3>{name}" "<span class="code">{tariff.group.clone()}</span></h3>
            {(!about.is_empty()).then(|| view! { <p class="muted small group-about">{about}</p> })}
            <table>
                <thead><tr><th>{lang.t("Pemakaian", "Usage")}</th><th class="num">{lang.t("Harga per m³", "Price per m³")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {(tariff.minimum_usage_m3 > 0).then(|| view! {
                <p class="muted">{match lang {
                    Lang::Id => format!("Pemakaian minimum {} m³ per bulan.", tariff.minimum_usage_m3),
                    Lang::En => format!("Minimum charge: {} m³ a month.", tariff.minimum_usage_m3),
                }}</p>
            })}
            <table class="charges">
                <thead><tr><th>{lang.t("Biaya tetap per bulan", "Fixed monthly charges")}</th><th class="num"></th></tr></thead>
                <tbody>{charges}</tbody>
            </table>
            <p class="muted small">{lang.t("Berlaku sejak ", "In force from ")}{lang.period(tariff.effective_from)}" · "{lang.pick(&tariff.decree, &tariff.decree_en).to_string()}</p>
        </section>
    }
}

/// How late a tier of the late fee is: from `from` months late (1: as soon as the due date has
/// passed) until `until` months, or without end.
pub fn tier_range(lang: Lang, from: u32, until: Option<u32>) -> String {
    match (lang, from, until) {
        (Lang::Id, 1, Some(u)) => format!("terlambat sampai {u} bulan"),
        (Lang::Id, 1, None) => "terlambat".to_string(),
        (Lang::Id, f, Some(u)) => format!("terlambat lebih dari {} sampai {u} bulan", f - 1),
        (Lang::Id, f, None) => format!("terlambat lebih dari {} bulan", f - 1),
        (Lang::En, 1, Some(u)) => format!("up to {u} months late"),
        (Lang::En, 1, None) => "late".to_string(),
        (Lang::En, f, Some(u)) => format!("more than {} and up to {u} months late", f - 1),
        (Lang::En, f, None) => format!("more than {} months late", f - 1),
    }
}

#[component]
pub fn LateFeeRule(policy: LateFeePolicy, groups: Vec<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    match policy {
        LateFeePolicy::FlatPerGroup { fees } => Either::Left(view! {
            <p>{lang.t("Denda keterlambatan per rekening, menurut golongan:", "Late fee per bill, by customer group:")}</p>
            <table><tbody>
                {fees.into_iter().map(|(code, fee)| {
                    let name = groups.iter().find(|(c, _)| *c == code).map(|(_, n)| n.clone()).unwrap_or(code);
                    view! { <tr><td>{name}</td><td class="num">{fee.to_string()}</td></tr> }
                }).collect_view()}
            </tbody></table>
        }),
        LateFeePolicy::TiersByMonthsLate { tiers } => Either::Right(Either::Left(view! {
            <p>{lang.t("Denda keterlambatan per rekening:", "Late fee per bill:")}</p>
            <ul>
                {tiers.iter().enumerate().map(|(i, t)| {
                    // "months late" counts from the due date: 1 = within the first month after it.
                    let until = tiers.get(i + 1).map(|next| next.from_months - 1);
                    let text = format!("{}: {}", tier_range(lang, t.from_months, until), lang.money(t.fee));
                    view! { <li>{text}</li> }
                }).collect_view()}
            </ul>
        })),
        LateFeePolicy::Percentage { percent, rounding } => Either::Right(Either::Right(view! {
            <p>{match lang {
                Lang::Id => format!("Denda keterlambatan {}% dari jumlah rekening, {}.", percent.normalize(), match rounding {
                    Rounding::HalfUp => "dibulatkan ke rupiah terdekat",
                    Rounding::Up => "dibulatkan ke atas",
                    Rounding::Down => "dibulatkan ke bawah",
                }),
                Lang::En => format!("Late fee: {}% of the bill, {}.", percent.normalize(), match rounding {
                    Rounding::HalfUp => "rounded to the nearest rupiah",
                    Rounding::Up => "rounded up",
                    Rounding::Down => "rounded down",
                }),
            }}</p>
        })),
    }
}
