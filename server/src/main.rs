//! `server [serve]` runs the portal; `server seed` fills an empty database with demo data;
//! `server migrate` only applies migrations. Configuration comes from the environment.

// Rendering a page allocates many small strings; glibc's allocator spent a sixth of the bill
// page's CPU time under load (perf), mimalloc much less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use server::config::Config;
use server::demo::{self, DemoOptions};
use std::process::ExitCode;
use std::time::Duration;
use tokio::sync::watch;

const USAGE: &str = "usage:
  server [serve]                      run the portal
  server seed [--customers N] [--seed S] [--as-of YYYY-MM-DD] [--if-empty] [--files DIR | --direct]
                                      fill an empty database with demo data (default 3000
                                      customers) the way a utility moves in: files written to DIR
                                      (default demo-data), imported, each month billed by a
                                      billing run; --direct writes the rows straight in (for the
                                      benchmarks' large datasets)
  server migrate                      apply database migrations and exit
  server import customers|readings|arrears FILE [--dry-run]
                                      check a utility's file (CSV or .xlsx) and, when every row
                                      is clean, apply it; otherwise print each faulty row and
                                      change nothing (exit 1). --dry-run only checks
  server partners forget-demo-credentials
                                      remove what the demo payment simulator enrolled (a
                                      production server refuses to start while it is there)
  server rules set counter_only_after_months N|none
                                      beyond N months in arrears only the counter takes a debt
  server rules set customer_number_digits N
                                      the width of the utility's customer numbers: imports put
                                      back the leading zeros a spreadsheet dropped
  server rules set counter_allows_oldest_only true|false
                                      whether a teller may take the oldest periods only
                                      (running portals take a new rule within 10 seconds)
  server staff add --username U --name NAME --role admin|supervisor|teller [--office CODE] [--counter N]
                                      create a staff account (the first administrator, say); the
                                      password is read from TIRTA_STAFF_PASSWORD or asked for
configuration: environment variables, see README.md";

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(config.log_json);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve(config).await,
        Some("seed") => seed(config, &args[1..]).await,
        Some("migrate") => migrate(config).await,
        Some("import") => import(config, &args[1..]).await,
        Some("staff") => staff(config, &args[1..]).await,
        Some("partners") => partners(config, &args[1..]).await,
        Some("rules") => rules(config, &args[1..]).await,
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let state = server::prepare(&config).await.map_err(|e| e.to_string())?;
    // In the background: until a file's compressed forms exist it is compressed on the fly.
    let bundle = std::path::Path::new(&*config.leptos.site_root).join(&*config.leptos.site_pkg_dir);
    tokio::task::spawn_blocking(move || match server::assets::precompress(&bundle) {
        Ok(0) => {}
        Ok(n) => tracing::info!(files = n, "browser bundle precompressed (brotli, gzip)"),
        Err(e) => tracing::warn!(error = %e, "could not precompress the browser bundle"),
    });
    let addr = config.leptos.site_addr;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let app = server::router(state.clone(), &config);
    tracing::info!(%addr, "Tirta is listening");
    println!("Tirta is running at http://{addr}");

    let (stop_tx, mut stop_rx) = watch::channel(false);
    let jobs = tokio::spawn(server::jobs::run(state, stop_rx.clone()));
    let grace = Duration::from_secs(config.shutdown_grace_secs);
    let mut server = tokio::spawn(server::serve(listener, app, {
        let mut stop_rx = stop_rx.clone();
        async move {
            let _ = stop_rx.wait_for(|stop| *stop).await;
        }
    }));
    tokio::select! {
        finished = &mut server => return finished.map_err(|e| e.to_string())?.map_err(|e| e.to_string()),
        _ = shutdown_signal() => {}
    }
    tracing::info!(grace_secs = grace.as_secs(), "shutting down: finishing requests in flight");
    let _ = stop_tx.send(true);
    let _ = stop_rx.borrow_and_update();
    let _ = jobs.await;
    match tokio::time::timeout(grace, server).await {
        Ok(finished) => finished.map_err(|e| e.to_string())?.map_err(|e| e.to_string()),
        Err(_) => {
            tracing::warn!("grace period over: closing remaining connections");
            Ok(())
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

async fn migrate(config: Config) -> Result<(), String> {
    let pool = server::db::connect(&config.database_url, 1).await.map_err(|e| e.to_string())?;
    server::db::migrate(&pool).await.map_err(|e| e.to_string())?;
    println!("migrations applied");
    Ok(())
}

async fn seed(config: Config, args: &[String]) -> Result<(), String> {
    let mut options = DemoOptions { customers: 3_000, seed: 20_260_601, as_of: app::ssr::clock::today_wib() };
    let mut if_empty = false;
    let mut files = Some(std::path::PathBuf::from("demo-data"));
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value\n{USAGE}"));
        match flag.as_str() {
            "--customers" => {
                options.customers = value("--customers")?.parse().map_err(|e| format!("--customers: {e}"))?
            }
            "--seed" => options.seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--as-of" => options.as_of = value("--as-of")?.parse().map_err(|e| format!("--as-of (YYYY-MM-DD): {e}"))?,
            "--if-empty" => if_empty = true,
            "--files" => files = Some(value("--files")?.into()),
            "--direct" => files = None,
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    let pool = server::db::connect(&config.database_url, 2).await.map_err(|e| e.to_string())?;
    server::db::migrate(&pool).await.map_err(|e| e.to_string())?;
    if if_empty && !demo::is_empty(&pool).await.map_err(|e| e.to_string())? {
        println!("the database already has data; leaving it as it is");
        return Ok(());
    }
    let started = std::time::Instant::now();
    let summary = match &files {
        Some(dir) => demo::files::generate(&pool, &options, dir).await,
        None => demo::generate(&pool, &options).await,
    }
    .map_err(|e| e.to_string())?;
    println!(
        "demo data as of {}{}: {} customers, {} bills ({} unpaid), {} payments in {:.1} s",
        options.as_of,
        files.map(|d| format!(" (imported from {})", d.display())).unwrap_or_default(),
        summary.customers,
        summary.bills,
        summary.unpaid_bills,
        summary.payments,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn import(config: Config, args: &[String]) -> Result<(), String> {
    use app::model::imports::ImportKind;
    use app::ssr::imports::{import, Mode};
    let mut mode = Mode::Apply;
    let mut positional = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--dry-run" => mode = Mode::Check,
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag:?}\n{USAGE}")),
            value => positional.push(value),
        }
    }
    let [kind, file] = positional[..] else {
        return Err(format!("import needs a kind and a file\n{USAGE}"));
    };
    let kind: ImportKind = kind.parse().map_err(|e| format!("{e}: customers or readings\n{USAGE}"))?;
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let pool = server::db::connect(&config.database_url, 2).await.map_err(|e| e.to_string())?;
    server::db::migrate(&pool).await.map_err(|e| e.to_string())?;
    let name = std::path::Path::new(file).file_name().map_or(file.to_string(), |n| n.to_string_lossy().into_owned());
    let by = app::ssr::db::audit::By { actor: None, name: "server import", ip: None };
    let started = std::time::Instant::now();
    let report =
        import(&pool, &by, kind, &name, &bytes, mode, app::ssr::clock::today_wib()).await.map_err(|e| e.to_string())?;
    let lang = app::i18n::Lang::from_code(&std::env::var("TIRTA_LANG").unwrap_or_default()).unwrap_or_default();
    for fault in &report.faults {
        let column = fault.column.as_deref().map(|c| format!(" {c}")).unwrap_or_default();
        println!("{name}:{}{column}: {}", fault.line, fault.reason.text(lang));
    }
    if report.fault_count > report.faults.len() {
        println!("… {} more", report.fault_count - report.faults.len());
    }
    let period = report.period.map(|p| format!(" for {p}")).unwrap_or_default();
    let counts = format!("{} added, {} changed, {} unchanged", report.added, report.changed, report.unchanged);
    let seconds = started.elapsed().as_secs_f64();
    if !report.is_clean() {
        return Err(format!(
            "{name}: {} rows{period}, {} faulty; nothing was written",
            report.rows, report.fault_count
        ));
    }
    if report.applied {
        println!("{name}: {} rows{period} applied in {seconds:.1} s: {counts}", report.rows);
    } else {
        println!(
            "{name}: {} rows{period} are clean (dry run, nothing written): {} to add, {} to change, {} unchanged",
            report.rows, report.added, report.changed, report.unchanged
        );
    }
    Ok(())
}

async fn partners(config: Config, args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) != Some("forget-demo-credentials") || args.len() != 1 {
        return Err(format!("unknown partners command\n{USAGE}"));
    }
    let pool = server::db::connect(&config.database_url, 1).await.map_err(|e| e.to_string())?;
    server::db::migrate(&pool).await.map_err(|e| e.to_string())?;
    let by = app::ssr::db::audit::By { actor: None, name: "server partners", ip: None };
    let cleared = app::ssr::bank_simulator::forget(&pool, &by).await.map_err(|e| e.to_string())?;
    println!("demo simulator credentials removed ({cleared} partners cleared); register the banks' real credentials before they call");
    Ok(())
}

async fn rules(config: Config, args: &[String]) -> Result<(), String> {
    let [command, key, value] = args else {
        return Err(format!("unknown rules command\n{USAGE}"));
    };
    if command != "set" {
        return Err(format!("unknown rules command {command:?}\n{USAGE}"));
    }
    let pool = server::db::connect(&config.database_url, 1).await.map_err(|e| e.to_string())?;
    server::db::migrate(&pool).await.map_err(|e| e.to_string())?;
    app::ssr::db::rules::set_payment_rule(&pool, key, value).await.map_err(|e| e.to_string())?;
    println!("{key} set to {value}; restart the portal for it to apply");
    Ok(())
}

async fn staff(config: Config, args: &[String]) -> Result<(), String> {
    use app::ssr::db::staff::{create, NewStaff};
    if args.first().map(String::as_str) != Some("add") {
        return Err(format!("unknown staff command\n{USAGE}"));
    }
    let (mut username, mut name, mut role, mut office, mut counter) = (None, None, None, None, None);
    let mut it = args[1..].iter();
    while let Some(flag) = it.next() {
        let value = it.next().cloned().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--username" => username = Some(value),
            "--name" => name = Some(value),
            "--role" => role = Some(value.parse::<app::domain::staff::Role>()?),
            "--office" => office = Some(value),
            "--counter" => counter = Some(value.parse::<i64>().map_err(|e| format!("--counter: {e}"))?),
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    let (Some(username), Some(full_name), Some(role)) = (username, name, role) else {
        return Err(format!("--username, --name and --role are required\n{USAGE}"));
    };
    // Never a default: the password comes from the environment (scripts) or the operator.
    let password = match std::env::var("TIRTA_STAFF_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            use std::io::BufRead;
            eprint!("password for {username} (at least {} characters): ", app::domain::staff::PASSWORD_MIN);
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let pool = server::db::connect(&config.database_url, 1).await.map_err(|e| e.to_string())?;
    server::db::migrate(&pool).await.map_err(|e| e.to_string())?;
    let by = app::ssr::db::audit::By { actor: None, name: "server staff add", ip: None };
    let new = NewStaff { username, full_name, role, office_code: office, counter_no: counter, password };
    let member = create(&pool, new, &by).await.map_err(|e| e.to_string())?;
    println!(
        "created {} ({}){}",
        member.username,
        member.role,
        member.office.map(|o| format!(" at {}", o.name)).unwrap_or_default()
    );
    Ok(())
}
