use crate::domain::{Anomaly, UsagePoint};
use crate::i18n::use_lang;
use leptos::prelude::*;

/// Monthly usage as bars, drawn on the server as SVG (no script needed). Estimated months are
/// hatched, an anomalous month is red; a table follows for screen readers and exact figures.
#[component]
pub fn UsageChart(points: Vec<UsagePoint>, anomaly: Option<Anomaly>) -> impl IntoView {
    let lang = use_lang();
    if points.is_empty() {
        return view! { <p class="muted">{lang.t("Belum ada riwayat pemakaian.", "No usage history yet.")}</p> }
            .into_any();
    }
    const W: f64 = 340.0;
    const H: f64 = 150.0;
    const TOP: f64 = 16.0;
    const BOTTOM: f64 = 24.0;
    let max = points.iter().map(|p| p.m3).max().unwrap_or(0).max(10);
    // A round axis top: the next multiple of 10 above the highest bar.
    let top_m3 = max.div_ceil(10) * 10;
    let slot = W / points.len() as f64;
    let bar_w = (slot * 0.7).max(2.0);
    let scale = (H - TOP - BOTTOM) / top_m3 as f64;
    let label_every = points.len().div_ceil(5);
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let h = p.m3 as f64 * scale;
            let x = i as f64 * slot + (slot - bar_w) / 2.0;
            let y = H - BOTTOM - h;
            let flagged = anomaly.as_ref().is_some_and(|a| a.period == p.period);
            let class = if flagged {
                "bar bar-anomaly"
            } else if p.estimated {
                "bar bar-estimated"
            } else {
                "bar"
            };
            let last = i + 1 == points.len();
            let label = (i % label_every == label_every - 1 || last).then(|| {
                // The newest month sits at the right edge: anchor its label there so it is not cut.
                let (lx, anchor) = if last { (W, "end") } else { (x + bar_w / 2.0, "middle") };
                view! { <text class="axis-label" x=tenths(lx) y=H - 5.0 text-anchor=anchor>{lang.period_short(p.period)}</text> }
            });
            view! {
                <rect class=class x=tenths(x) y=tenths(y) width=tenths(bar_w) height=tenths(h)>
                    <title>{format!("{}: {} m³", lang.period(p.period), p.m3)}</title>
                </rect>
                {label}
            }
        })
        .collect_view();
    let rows = points
        .iter()
        .rev()
        .map(|p| {
            view! {
                <tr>
                    <td>{lang.period(p.period)}</td>
                    <td class="num">{p.m3}" m³"{p.estimated.then(|| lang.t(" (taksiran)", " (estimate)"))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="usage-chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=lang.t("Grafik pemakaian air per bulan", "Monthly water usage chart")>
                <line class="axis" x1="0" x2=W y1=H - BOTTOM y2=H - BOTTOM/>
                <text class="axis-label" x="0" y="12">{format!("{top_m3} m³")}</text>
                <line class="grid" x1="0" x2=W y1=TOP y2=TOP/>
                {bars}
            </svg>
            <figcaption>
                <span class="key key-actual">{lang.t("Pembacaan meter", "Meter reading")}</span>
                <span class="key key-estimated">{lang.t("Taksiran", "Estimate")}</span>
                {anomaly.is_some().then(|| view! { <span class="key key-anomaly">{lang.t("Tidak wajar", "Unusual")}</span> })}
            </figcaption>
            <details class="usage-table">
                <summary>{lang.t("Lihat angka per bulan", "Show monthly figures")}</summary>
                <table>
                    <thead><tr><th>{lang.t("Periode", "Period")}</th><th class="num">{lang.t("Pemakaian", "Usage")}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
    .into_any()
}

/// A coordinate to one decimal (halves rounded away from zero), through integers: formatting a
/// float with a precision (`{:.1}`) was 2 % of a bill page's time.
fn tenths(v: f64) -> String {
    let t = (v * 10.0).round() as i64;
    let sign = if t < 0 { "-" } else { "" };
    format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
}

#[cfg(test)]
mod tests {
    use super::tenths;

    #[test]
    fn coordinates_are_written_to_one_decimal() {
        assert_eq!(tenths(0.0), "0.0");
        assert_eq!(tenths(340.0), "340.0");
        assert_eq!(tenths(9.916_666), "9.9");
        assert_eq!(tenths(14.166_666), "14.2");
        assert_eq!(tenths(-0.25), "-0.3");
        assert_eq!(tenths(-2.0), "-2.0");
    }
}
