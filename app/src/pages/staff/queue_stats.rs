use super::StaffGate;
use crate::api::queue::{load_queue_stats, StatsLine};
use crate::components::loaded::Loaded;
use crate::domain::queue::Spread;
use crate::i18n::{use_lang, Lang};
use crate::url::percent_encode;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// One decimal, with the Indonesian comma.
fn decimal(m: f64) -> String {
    format!("{m:.1}").replace('.', ",")
}

fn minutes(lang: Lang, s: &Option<Spread>) -> [String; 3] {
    let f = |m: f64| match lang {
        Lang::Id => decimal(m),
        Lang::En => format!("{m:.1}"),
    };
    match s {
        Some(s) => [f(s.mean), f(s.median), f(s.p90)],
        None => ["—".into(), "—".into(), "—".into()],
    }
}

/// An office's queue on a day: tickets, waits and service times, no-shows, per service and per
/// counter, and how well the estimated waits held. Supervisors their office, administrators any.
#[component]
pub fn QueueStatsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let day = move || query.read().get("tanggal").unwrap_or_default();
    let office = move || query.read().get("kantor").unwrap_or_default();
    let stats = Resource::new(move || (day(), office()), |(d, o)| load_queue_stats(d, o));
    view! {
        <Title text=lang.t("Statistik antrean · Petugas", "Queue statistics · Staff")/>
        <StaffGate let:_ctx>
            <Loaded resource=stats let:r>
                {
                    let csv = format!("/staf/laporan/antrean.csv?tanggal={}&kantor={}", r.day, percent_encode(&r.office_code));
                    let accuracy = r.accuracy.map(|a| match lang {
                        Lang::Id => format!("Dari {} panggilan, perkiraan meleset rata-rata {} menit; pelanggan menunggu rata-rata {} menit {} dari perkiraan.", a.count, decimal(a.mean_abs_error), decimal(a.bias.abs()), if a.bias >= 0.0 { "lebih lama" } else { "lebih cepat" }),
                        Lang::En => format!("Over {} calls the estimate was off by {:.1} minutes on average; customers waited {:.1} minutes {} than told on average.", a.count, a.mean_abs_error, a.bias.abs(), if a.bias >= 0.0 { "longer" } else { "less" }),
                    });
                    view! {
                        <h1>{lang.t("Statistik antrean", "Queue statistics")}</h1>
                        <form method="get" action="/staf/antrean/statistik" class="filter-form">
                            <label for="tanggal">{lang.t("Tanggal", "Date")}</label>
                            <input id="tanggal" name="tanggal" type="date" value=r.day.to_string()/>
                            {(!r.offices.is_empty()).then(|| view! {
                                <label for="kantor">{lang.t("Kantor", "Office")}</label>
                                <select id="kantor" name="kantor">
                                    {r.offices.iter().map(|(code, name)| view! { <option value=code.clone() selected=*code == r.office_code>{name.clone()}</option> }).collect_view()}
                                </select>
                            })}
                            <button type="submit">{lang.t("Tampilkan", "Show")}</button>
                        </form>
                        <section class="panel">
                            <h2>{r.office_name.clone()}" · "{lang.date(r.day)}</h2>
                            <p class="muted small">{lang.t("Waktu dalam menit: rata-rata / median / persentil ke-90.", "Times in minutes: mean / median / 90th percentile.")}</p>
                            <StatsTable lines=std::iter::once(r.overall.clone()).chain(r.by_service.clone()).collect()/>
                            <h3>{lang.t("Per loket", "Per counter")}</h3>
                            <StatsTable lines=r.by_counter.clone()/>
                            <p data-accuracy>{accuracy.unwrap_or_else(|| lang.t("Belum ada panggilan untuk menilai perkiraan.", "No calls yet to judge the estimates by.").to_string())}</p>
                            <p><a class="button button-outline" href=csv download>{lang.t("Unduh CSV", "Download CSV")}</a></p>
                        </section>
                    }
                }
            </Loaded>
        </StaffGate>
    }
}

#[component]
fn StatsTable(lines: Vec<StatsLine>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="table-scroll">
            <div class="table-scroll"><table class="report-table stats-table">
                <thead><tr>
                    <th></th><th class="num">{lang.t("Tiket", "Tickets")}</th><th class="num">{lang.t("Dilayani", "Served")}</th>
                    <th class="num">{lang.t("Tidak hadir", "No-shows")}</th><th class="num">{lang.t("Tunggu", "Wait")}</th><th class="num">{lang.t("Layanan", "Service")}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let [wm, wmed, w90] = minutes(lang, &l.wait);
                        let [sm, smed, s90] = minutes(lang, &l.service);
                        view! {
                            <tr data-line=l.key.clone()>
                                <th>{lang.pick(&l.name_id, &l.name_en).to_string()}{(!l.key.is_empty() && !l.key.starts_with("Loket")).then(|| format!(" ({})", l.key))}</th>
                                <td class="num">{l.tickets}</td><td class="num">{l.served}</td><td class="num">{l.no_shows}</td>
                                <td class="num">{format!("{wm} / {wmed} / {w90}")}</td><td class="num">{format!("{sm} / {smed} / {s90}")}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
        </div>
    }
}
