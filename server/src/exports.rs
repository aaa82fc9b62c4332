//! Files staff download and feeds readers subscribe to: the cash report and the daily
//! reconciliation as CSV (same checks as the pages), and the notices as an Atom feed.

use crate::http::plain;
use app::domain::staff::Duty;
use app::ssr::db::reports::{self, csv_line};
use app::ssr::reports::cash_scope;
use app::ssr::{clock, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    tanggal: String,
    #[serde(default)]
    kantor: String,
}

fn csv(filename: String, body: String) -> Response {
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

fn day(q: &ReportQuery) -> Result<NaiveDate, Response> {
    if q.tanggal.trim().is_empty() {
        return Ok(clock::today_wib());
    }
    q.tanggal.trim().parse().map_err(|_| plain(StatusCode::BAD_REQUEST, "tanggal: use YYYY-MM-DD"))
}

fn wib(stored: app::ssr::db::stamp::Stamp) -> String {
    stored.wib().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `/staf/laporan/kas.csv?tanggal=&kantor=`: cash per teller for a day.
pub async fn cash_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    crate::routes::Params(q): crate::routes::Params<ReportQuery>,
) -> Response {
    let session = match crate::http::signed_in_staff(&state, &headers).await {
        Ok(s) => s,
        Err(refusal) => return refusal,
    };
    let day = match day(&q) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let (office_id, code, name, only) = match cash_scope(&state.db, &session.staff, &q.kantor).await {
        Ok(s) => s,
        Err(app::error::AppError::Forbidden) => return plain(StatusCode::FORBIDDEN, "not allowed"),
        Err(app::error::AppError::OfficeNotFound) => {
            return plain(StatusCode::NOT_FOUND, "no unit office has that code")
        }
        Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    };
    let rows = match reports::cash_by_teller(&state.db, office_id, day, only).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "cash report failed");
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let mut body = csv_line(&["tanggal", "kantor", "petugas", "nama", "transaksi", "jumlah_rupiah"]);
    let (mut count, mut total) = (0i64, 0i64);
    for r in &rows {
        count += r.payments;
        total += r.amount;
        body.push_str(&csv_line(&[
            &day.to_string(),
            &code,
            &r.username,
            &r.full_name,
            &r.payments.to_string(),
            &r.amount.to_string(),
        ]));
    }
    if only.is_none() {
        body.push_str(&csv_line(&[
            &day.to_string(),
            &code,
            "",
            &format!("TOTAL {name}"),
            &count.to_string(),
            &total.to_string(),
        ]));
    }
    csv(format!("kas-{code}-{day}.csv"), body)
}

/// `/staf/laporan/rekonsiliasi.csv?tanggal=`: every payment and every sum set aside on a day,
/// line by line, to match against each partner's settlement report.
pub async fn reconciliation_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    crate::routes::Params(q): crate::routes::Params<ReportQuery>,
) -> Response {
    let session = match crate::http::signed_in_staff(&state, &headers).await {
        Ok(s) => s,
        Err(refusal) => return refusal,
    };
    if !session.staff.may(Duty::ManageFinance) {
        return plain(StatusCode::FORBIDDEN, "not allowed");
    }
    let day = match day(&q) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let lines = match reports::ledger_lines(&state.db, day).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "reconciliation failed");
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let mut body = csv_line(&[
        "jenis",
        "kanal",
        "referensi_mitra",
        "nomor_resi",
        "waktu_wib",
        "jumlah_rupiah",
        "nomor_sambungan",
        "keterangan",
    ]);
    for l in &lines {
        body.push_str(&csv_line(&[
            if l.kind == "payment" { "pembayaran" } else { "dikembalikan" },
            &l.channel,
            l.partner_reference.as_deref().unwrap_or(""),
            l.receipt_number.as_deref().unwrap_or(""),
            &wib(l.at),
            &l.amount.to_string(),
            l.customer_number.as_deref().unwrap_or(""),
            &l.note,
        ]));
    }
    csv(format!("rekonsiliasi-{day}.csv"), body)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// `/gangguan.atom`: notices of the last 90 days for feed readers and other systems.
pub async fn notices_atom(State(state): State<AppState>) -> Response {
    let notices = match app::ssr::db::notices::history(&state.db, 90).await {
        Ok(n) => n,
        Err(e) => {
            tracing::error!(error = %e, "notice feed failed");
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    // Feed ids are permanent and links are followed: the configured address, never the Host header.
    let base = xml_escape(&state.site.public_url);
    let rfc3339 = |t: chrono::NaiveDateTime| format!("{}+07:00", t.format("%Y-%m-%dT%H:%M:%S"));
    let updated =
        notices.iter().map(|n| n.updated_at).max().map(rfc3339).unwrap_or_else(|| "2026-01-01T00:00:00+07:00".into());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"id\">\n<title>Gangguan dan pengumuman · Tirta</title>\n<id>{base}/gangguan</id>\n<link rel=\"self\" href=\"{base}/gangguan.atom\"/>\n<link href=\"{base}/gangguan\"/>\n<updated>{updated}</updated>\n"
    );
    for n in &notices {
        let scope = n.office.as_ref().map(|o| o.1.clone()).unwrap_or_else(|| "Semua kantor unit".into());
        let areas = n
            .areas
            .iter()
            .map(|a| {
                if a.village.is_empty() {
                    format!("Kec. {}", a.district)
                } else {
                    format!("{}, Kec. {}", a.village, a.district)
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut summary = format!("{} · {} · {}", scope, n.status.as_str(), n.body);
        if !areas.is_empty() {
            summary.push_str(&format!(" · Wilayah: {areas}"));
        }
        if let Some(flow) = n.flow_eta {
            summary.push_str(&format!(" · Air normal kembali: {}", flow.format("%d-%m-%Y %H:%M WIB")));
        }
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{base}/gangguan#n{}</id>\n<link href=\"{base}/gangguan#n{}\"/>\n<updated>{}</updated>\n<published>{}</published>\n<category term=\"{}\"/>\n<summary>{}</summary>\n</entry>\n",
            xml_escape(&n.title),
            n.id,
            n.id,
            rfc3339(n.updated_at),
            rfc3339(n.starts_at),
            n.kind.as_str(),
            xml_escape(&summary),
        ));
    }
    xml.push_str("</feed>\n");
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response()
}

/// `/staf/laporan/antrean.csv?tanggal=&kantor=`: the queue statistics of an office for a day,
/// the whole office first, then each service and each counter. Minutes with one decimal.
pub async fn queue_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    crate::routes::Params(q): crate::routes::Params<ReportQuery>,
) -> Response {
    let session = match crate::http::signed_in_staff(&state, &headers).await {
        Ok(s) => s,
        Err(refusal) => return refusal,
    };
    let day = match day(&q) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let (office_id, code, _) = match app::ssr::queue::stats_scope(&state.db, &session.staff, &q.kantor).await {
        Ok(s) => s,
        Err(app::error::AppError::Forbidden) => return plain(StatusCode::FORBIDDEN, "not allowed"),
        Err(app::error::AppError::OfficeNotFound) => {
            return plain(StatusCode::NOT_FOUND, "no unit office has that code")
        }
        Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    };
    let stats = match app::ssr::db::queue::statistics(&state.db, office_id, day).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "queue statistics failed");
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let one = |m: f64| format!("{m:.1}");
    let spread = |s: &Option<app::domain::queue::Spread>| match s {
        Some(s) => [one(s.mean), one(s.median), one(s.p90)],
        None => [String::new(), String::new(), String::new()],
    };
    let mut body = csv_line(&[
        "tanggal",
        "kantor",
        "baris",
        "nama",
        "tiket",
        "dilayani",
        "tidak_hadir",
        "batal",
        "tunggu_rata",
        "tunggu_median",
        "tunggu_p90",
        "layanan_rata",
        "layanan_median",
        "layanan_p90",
        "perkiraan_meleset_rata",
        "perkiraan_bias",
    ]);
    let accuracy = stats.accuracy.map(|a| [one(a.mean_abs_error), one(a.bias)]).unwrap_or_default();
    let lines = std::iter::once((&stats.overall, true))
        .chain(stats.by_service.iter().map(|l| (l, false)))
        .chain(stats.by_counter.iter().map(|l| (l, false)));
    for (l, overall) in lines {
        let [wm, wmed, w90] = spread(&l.wait);
        let [sm, smed, s90] = spread(&l.service);
        let key = if overall { "kantor" } else { l.key.as_str() };
        let (err, bias) = if overall { (accuracy[0].as_str(), accuracy[1].as_str()) } else { ("", "") };
        body.push_str(&csv_line(&[
            &day.to_string(),
            &code,
            key,
            &l.name_id,
            &l.tickets.to_string(),
            &l.served.to_string(),
            &l.no_shows.to_string(),
            &l.cancelled.to_string(),
            &wm,
            &wmed,
            &w90,
            &sm,
            &smed,
            &s90,
            err,
            bias,
        ]));
    }
    csv(format!("antrean-{code}-{day}.csv"), body)
}

/// `/staf/tagihan/{id}/drd.csv`: a billing run's billed accounts by office and group (the DRD
/// accountants reconcile against), from its drafts under review or its published bills.
pub async fn drd_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let session = match crate::http::signed_in_staff(&state, &headers).await {
        Ok(s) => s,
        Err(refusal) => return refusal,
    };
    let Ok(id) = id.parse::<i64>() else {
        return plain(StatusCode::NOT_FOUND, "no billing run has that number");
    };
    let (period, lines) = match app::ssr::billing::drd_of(&state.db, &session.staff, id).await {
        Ok(found) => found,
        Err(app::error::AppError::Forbidden) => return plain(StatusCode::FORBIDDEN, "not allowed"),
        Err(app::error::AppError::RunNotFound) => {
            return plain(StatusCode::NOT_FOUND, "no billing run has that number")
        }
        Err(e) => {
            tracing::error!(error = %e, "DRD export failed");
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let mut body = csv_line(&[
        "periode",
        "kantor",
        "golongan",
        "pelanggan",
        "pemakaian_m3",
        "harga_air",
        "biaya_tetap",
        "koreksi",
        "jumlah_rupiah",
    ]);
    let figures = |l: &app::ssr::db::billing::DrdLine| {
        [l.customers, l.m3, l.water_charge, l.fixed_charges, l.adjustment, l.amount]
    };
    let mut total = [0i64; 6];
    for l in &lines {
        let row = figures(l);
        total.iter_mut().zip(row).for_each(|(t, v)| *t += v);
        let mut fields = vec![period.to_string(), l.office.clone(), l.group_code.clone()];
        fields.extend(row.iter().map(i64::to_string));
        body.push_str(&csv_line(&fields.iter().map(String::as_str).collect::<Vec<_>>()));
    }
    let mut fields = vec![period.to_string(), "TOTAL".to_string(), String::new()];
    fields.extend(total.iter().map(i64::to_string));
    body.push_str(&csv_line(&fields.iter().map(String::as_str).collect::<Vec<_>>()));
    csv(format!("drd-{period}.csv"), body)
}
