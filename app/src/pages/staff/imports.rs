use super::StaffGate;
use crate::api::imports::{
    load_import_desk, load_import_job, ApplyImport, ImportJob, ImportKind, ImportReport, ImportState,
};
use crate::components::loaded::Loaded;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// Administrators: upload a customers or readings file, and the uploads so far.
#[component]
pub fn ImportsPage() -> impl IntoView {
    let lang = use_lang();
    let desk = Resource::new(|| (), |_| load_import_desk());
    let query = use_query_map();
    let refused = move || query.read().get("galat").map(|code| upload_refusal(lang, &code));
    view! {
        <Title text=lang.t("Impor data · Petugas", "Import data · Staff")/>
        <StaffGate let:_ctx>
            <h1>{lang.t("Impor data", "Import data")}</h1>
            <Loaded resource=desk let:d>
                {move || refused().map(|text| view! { <p class="alert" role="alert">{text}</p> })}
                <section class="panel">
                    <h2>{lang.t("Unggah berkas", "Upload a file")}</h2>
                    <p class="small">{lang.t(
                        "CSV (koma atau titik koma, UTF-8) atau .xlsx dengan baris judul. Seluruh berkas diperiksa dulu; tidak ada yang ditulis sebelum Anda menerapkan berkas yang bersih.",
                        "CSV (commas or semicolons, UTF-8) or .xlsx with a header row. The whole file is checked first; nothing is written until you apply a clean file.",
                    )}</p>
                    <form method="post" action="/staf/impor/unggah" enctype="multipart/form-data" class="import-form">
                        <input type="hidden" name="csrf" value=d.csrf.clone()/>
                        <label for="jenis">{lang.t("Jenis berkas", "Kind of file")}</label>
                        <select id="jenis" name="jenis">
                            {ImportKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.label(lang)}</option> }).collect_view()}
                        </select>
                        <label for="berkas">{lang.t("Berkas", "File")}</label>
                        <input id="berkas" name="berkas" type="file" required
                            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
                        <button type="submit">{lang.t("Unggah dan periksa", "Upload and check")}</button>
                    </form>
                    <details>
                        <summary>{lang.t("Kolom setiap jenis berkas", "Each kind's columns")}</summary>
                        {ImportKind::ALL.into_iter().map(|k| view! {
                            <p class="small"><strong>{k.label(lang)}</strong>": "<code>{k.columns().join(", ")}</code>
                                " "{lang.t("(boleh kosong atau tidak ada: ", "(may be empty or left out: ")}{k.optional_columns().join(", ")}")"</p>
                        }).collect_view()}
                    </details>
                </section>
                <section class="panel">
                    <h2>{lang.t("Unggahan terakhir", "Recent uploads")}</h2>
                    {if d.jobs.is_empty() {
                        view! { <p class="muted">{lang.t("Belum ada berkas diunggah.", "No file uploaded yet.")}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-scroll"><table class="report-table imports">
                                <thead><tr>
                                    <th>{lang.t("Berkas", "File")}</th><th>{lang.t("Jenis", "Kind")}</th>
                                    <th>{lang.t("Status", "State")}</th><th>{lang.t("Oleh", "By")}</th>
                                </tr></thead>
                                <tbody>
                                    {d.jobs.clone().into_iter().map(|job| view! {
                                        <tr data-import=job.id>
                                            <td><a href=format!("/staf/impor/{}", job.id)>{job.file_name.clone()}</a><br/>
                                                <span class="muted small">{lang.date_time_wib(job.created_at)}</span></td>
                                            <td>{job.kind.label(lang)}</td>
                                            <td>{state_text(lang, &job)}</td>
                                            <td>{job.created_by.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any()
                    }}
                </section>
            </Loaded>
        </StaffGate>
    }
}

/// One upload: its check's report, and the way to apply it when clean.
#[component]
pub fn ImportJobPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let job = Resource::new(
        move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0),
        load_import_job,
    );
    view! {
        <Title text=lang.t("Impor data · Petugas", "Import data · Staff")/>
        <StaffGate let:_ctx>
            <p><a href="/staf/impor">{lang.t("← Impor data", "← Import data")}</a></p>
            <Loaded resource=job let:job>
                <JobView job/>
            </Loaded>
        </StaffGate>
    }
}

#[component]
fn JobView(job: ImportJob) -> impl IntoView {
    let lang = use_lang();
    let apply = ServerAction::<ApplyImport>::new();
    let running = job.state.is_running();
    let body = match (&job.state, &job.report) {
        (ImportState::Checking | ImportState::Applying, _) => view! {
            <p class="alert" role="status" data-state=job.state.as_str()>
                {job.state.label(lang)}"… "{lang.t("Halaman ini diperbarui sendiri.", "This page refreshes by itself.")}
            </p>
        }
        .into_any(),
        (ImportState::Failed, _) => view! {
            <div class="alert" role="alert" data-state="failed">
                <p>{lang.t(
                    "Berkas tidak dapat diproses sampai selesai; tidak ada yang ditulis. Unggah lagi; bila terulang, hubungi pengelola sistem.",
                    "The file could not be processed to the end; nothing was written. Upload it again; if it happens again, call the system's operator.",
                )}</p>
                {job.error.clone().map(|e| view! { <p class="small muted">{e}</p> })}
            </div>
        }
        .into_any(),
        (_, Some(report)) if !report.is_clean() => view! { <Faults report=report.clone()/> }.into_any(),
        (ImportState::Applied, Some(report)) => view! {
            <p class="alert alert-success" role="status" data-state="applied">
                {lang.t("Diterapkan: ", "Applied: ")}{counts(lang, report)}
            </p>
        }
        .into_any(),
        (_, Some(report)) => view! {
            <div class="panel" data-state="clean">
                <p class="alert alert-success" role="status">
                    {lang.t("Berkas bersih: tidak ada kesalahan. Bila diterapkan: ", "The file is clean: no faults. Applying it: ")}
                    {counts(lang, report)}
                </p>
                <ActionForm action=apply>
                    <input type="hidden" name="csrf" value=job.csrf.clone()/>
                    <input type="hidden" name="id" value=job.id/>
                    <button type="submit">{lang.t("Terapkan", "Apply")}</button>
                </ActionForm>
            </div>
        }
        .into_any(),
        (_, None) => view! { <p class="muted">{job.state.label(lang)}</p> }.into_any(),
    };
    let period = job.report.as_ref().and_then(|r| r.period).map(|p| format!(" · {}", lang.period(p)));
    view! {
        {running.then(|| view! { <Meta http_equiv="refresh" content="2"/> })}
        <h1>{job.file_name.clone()}</h1>
        <p class="muted">{job.kind.label(lang)}{period}" · "{job.created_by.clone()}" · "{lang.date_time_wib(job.created_at)}
            {job.report.as_ref().map(|r| format!(" · {} {}", r.rows, lang.t("baris", "rows")))}</p>
        {body}
    }
}

#[component]
fn Faults(report: ImportReport) -> impl IntoView {
    let lang = use_lang();
    let more = report.fault_count.saturating_sub(report.faults.len());
    view! {
        <div class="alert" role="alert" data-state="faulty">
            <p><strong>{match lang {
                Lang::Id => format!("{} kesalahan ditemukan; tidak ada yang ditulis.", report.fault_count),
                Lang::En => format!("{} faults found; nothing was written.", report.fault_count),
            }}</strong></p>
            <p>{lang.t("Perbaiki berkasnya, lalu ", "Fix the file, then ")}<a href="/staf/impor">{lang.t("unggah lagi", "upload it again")}</a>"."</p>
        </div>
        <ol class="import-faults">
            {report.faults.iter().map(|f| view! {
                <li data-line=f.line>
                    <strong>{if f.line == 0 { lang.t("Berkas", "File").to_string() } else { format!("{} {}", lang.t("Baris", "Line"), f.line) }}</strong>
                    {f.column.clone().map(|c| view! { " · "<code>{c}</code> })}
                    <br/>{f.reason.text(lang)}
                </li>
            }).collect_view()}
        </ol>
        {(more > 0).then(|| view! { <p class="muted">{match lang {
            Lang::Id => format!("… dan {more} kesalahan lagi."),
            Lang::En => format!("… and {more} more."),
        }}</p> })}
    }
}

fn counts(lang: Lang, r: &ImportReport) -> String {
    match lang {
        Lang::Id => format!("{} baru, {} berubah, {} tetap.", r.added, r.changed, r.unchanged),
        Lang::En => format!("{} new, {} changed, {} unchanged.", r.added, r.changed, r.unchanged),
    }
}

fn state_text(lang: Lang, job: &ImportJob) -> String {
    match (&job.state, &job.report) {
        (ImportState::Checked, Some(r)) if !r.is_clean() => match lang {
            Lang::Id => format!("{} kesalahan", r.fault_count),
            Lang::En => format!("{} faults", r.fault_count),
        },
        (ImportState::Checked, Some(_)) => lang.t("Bersih, belum diterapkan", "Clean, not applied").to_string(),
        (state, _) => state.label(lang).to_string(),
    }
}

/// What the upload route sends back in `?galat=` when it could not take a file.
fn upload_refusal(lang: Lang, code: &str) -> &'static str {
    match code {
        "besar" => lang.t(
            "Berkas terlalu besar (paling besar 64 MB). Bagi menjadi beberapa berkas.",
            "The file is too large (64 MB at most). Split it into several files.",
        ),
        "jenis" => lang.t("Pilih jenis berkas.", "Choose the kind of file."),
        "sesi" => lang.t("Formulir kedaluwarsa; muat ulang halaman.", "The form has expired; reload the page."),
        _ => lang.t("Pilih berkas yang tidak kosong.", "Choose a file that is not empty."),
    }
}
