use crate::api::bills::{lookup_account, Account, PaidBill, UnpaidBill};
use crate::api::notices::BoardScope;
use crate::components::channel_status::ChannelWarnings;
use crate::components::live::LiveRegion;
use crate::components::{loaded::Loaded, lookup_form::LookupForm, notice_board::NoticeBoard, usage_chart::UsageChart};
use crate::domain::{Arrears, BillBreakdown, Charges, LateFeePolicy, MeterReading};
use crate::i18n::{use_lang, Lang};
use crate::model::live::Topic;
use crate::pages::pay::PayButton;
use crate::pages::tariffs::tier_range;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BillPage() -> impl IntoView {
    let query = use_query_map();
    let typed = Signal::derive(move || query.read().get("no").unwrap_or_default());
    let account = Resource::new(move || typed.get(), lookup_account);
    // What the customer may pay and how changes with their payments and with channels going
    // down or coming back: the open page follows both.
    view! {
        <Loaded resource=account lookup_value=typed let:account>
            <LiveRegion id="tagihan" topics=vec![Topic::Payment, Topic::Channel] customer=account.live_token.clone()>
                <AccountView account/>
            </LiveRegion>
        </Loaded>
    }
}

#[component]
fn AccountView(account: Account) -> impl IntoView {
    let lang = use_lang();
    let title = format!("{} {} · Tirta", lang.t("Tagihan", "Bill"), account.number.display());
    let overdue = account.overdue_count();
    // The notice a customer most needs is the one about their own village.
    let scope = BoardScope {
        office: Some(account.office.code.clone()),
        district: Some(account.district.clone()),
        village: Some(account.village.clone()),
    };
    view! {
        <Title text=title/>
        <NoticeBoard scope/>
        <section class="panel customer">
            <p class="customer-number">{account.number.display()}</p>
            <h1 class="customer-name">{account.masked_name.clone()}</h1>
            <p class="muted">{format!("{}, {} {}", account.village, lang.t("Kec.", "District of"), account.district)}</p>
            <dl class="facts">
                <dt>{lang.t("Golongan", "Group")}</dt>
                <dd><a href=format!("/tarif#golongan-{}", account.group_code)>{format!("{} ({})", lang.pick(&account.group_name, &account.group_name_en), account.group_code)}</a></dd>
                <dt>{lang.t("Meter", "Meter")}</dt><dd>{format!("{}\"", account.meter_size)}</dd>
                <dt>{lang.t("Perkiraan", "Estimate")}</dt>
                <dd><a data-estimator href=format!("/tarif?golongan={}&meter={}#perkiraan", account.group_code, crate::url::percent_encode(&account.meter_size))>{lang.t("Berapa tagihan saya bila memakai …?", "What would I pay for …?")}</a></dd>
                <dt>{lang.t("Kantor unit", "Unit office")}</dt>
                <dd><a href=format!("/kantor/{}", account.office.code)>{account.office.name.clone()}</a></dd>
            </dl>
        </section>
        <Summary account=account.clone() overdue/>
        {account.counter_only_after.filter(|_| !account.unpaid.is_empty()).map(|months| view! {
            <section class="panel pay-now" data-counter-only=months>
                <h2>{lang.t("Bayar di loket kantor unit", "Pay at the unit office")}</h2>
                <p>{crate::components::error_panel::counter_only(lang, months)}</p>
                <p><a class="button" href=format!("/kantor/{}", account.office.code)>{lang.t("Kantor ", "Office: ")}{account.office.name.clone()}</a></p>
            </section>
        })}
        {(!account.unpaid.is_empty() && account.counter_only_after.is_none()).then(|| view! {
            <section class="panel pay-now">
                <ChannelWarnings channels=account.channels.clone()/>
                {account.qris_available.then(|| view! { <PayButton number=account.number.as_str().to_string()/> })}
                <p><a class="button button-outline" href=format!("/bayar/va?no={}", account.number.as_str())>
                    {lang.t("Bayar lewat Virtual Account bank", "Pay by bank Virtual Account")}
                </a></p>
                <p class="muted small">{lang.t(
                    "Bayar semua periode sekaligus dengan e-wallet atau mobile banking. Tagihan lunas begitu pembayaran diterima.",
                    "Pay every period at once with an e-wallet or mobile banking. The bills are paid as soon as the payment lands.",
                )}</p>
            </section>
        })}
        {account.anomaly.clone().map(|a| view! {
            <p class="alert alert-warning" data-alert="anomaly">{match lang {
                Lang::Id => format!("Pemakaian {} sebesar {} m³, lebih dari dua kali rata-rata enam bulan sebelumnya ({} m³). Periksa kemungkinan kebocoran pipa setelah meter, atau hubungi kantor unit bila angka meter tidak sesuai.", lang.period(a.period), a.m3, format!("{:.1}", a.average_m3).replace('.', ",")),
                Lang::En => format!("Usage in {} was {} m³, more than twice the average of the six months before ({:.1} m³). Check for a leak after the meter, or contact your unit office if the reading looks wrong.", lang.period(a.period), a.m3, a.average_m3),
            }}</p>
        })}
        {(!account.unpaid.is_empty()).then(|| view! {
            <h2>{lang.t("Rincian tagihan belum dibayar", "Unpaid bills in detail")}</h2>
            <p class="muted small">{lang.t(
                "Semua periode dibayar sekaligus, mulai dari yang terlama.",
                "All periods are paid at once, starting with the oldest.",
            )}</p>
            {account.unpaid.iter().map(|b| view! {
                <UnpaidBillCard bill=b.clone() today=account.today rule=account.late_fee_rule.clone() group=account.group_code.clone()/>
            }).collect_view()}
        })}
        <section class="panel">
            <h2>{lang.t("Riwayat pemakaian", "Usage history")}</h2>
            <UsageChart points=account.usage.clone() anomaly=account.anomaly.clone()/>
        </section>
        <PaidHistory paid=account.paid.clone()/>
        <section class="panel self-read">
            <h2>{lang.t("Baca meter sendiri", "Read your own meter")}</h2>
            <p class="muted small">{lang.t(
                "Kirim angka meter dan fotonya dari HP yang terdaftar, agar tagihan tidak ditaksir.",
                "Send the meter's figure and a photo from the phone on file, so the bill is not estimated.",
            )}</p>
            <p><a class="button button-outline" data-self-read href=format!("/baca-meter?no={}", account.number.as_str())>
                {lang.t("Kirim angka meter", "Send the meter figure")}
            </a></p>
        </section>
        <section class="panel complain">
            <h2>{lang.t("Ada masalah?", "Something wrong?")}</h2>
            <p class="muted small">{lang.t(
                "Tagihan terlalu tinggi, air tidak mengalir, meter rusak: sampaikan pengaduan dan ikuti penanganannya.",
                "A bill too high, no water, a broken meter: make a complaint and follow what is done.",
            )}</p>
            <p><a class="button button-outline" data-complain href=format!("/pengaduan?no={}", account.number.as_str())>
                {lang.t("Sampaikan pengaduan", "Make a complaint")}
            </a></p>
        </section>
        <section class="panel">
            <h2>{lang.t("Cek nomor lain", "Check another number")}</h2>
            <LookupForm/>
        </section>
    }
}

#[component]
fn Summary(account: Account, overdue: usize) -> impl IntoView {
    let lang = use_lang();
    if account.unpaid.is_empty() {
        return Either::Left(view! {
            <section class="panel summary summary-clear" data-total="0">
                <p class="summary-label">{lang.t("Tagihan Anda", "Your bill")}</p>
                <p class="summary-amount">{lang.t("Lunas", "Paid up")}</p>
                <p>{lang.t("Tidak ada tagihan yang belum dibayar. Terima kasih!", "Nothing is unpaid. Thank you!")}</p>
            </section>
        });
    }
    let due_line = match account.days_to_next_due() {
        Some((date, 0)) => {
            format!("{} {} · {}", lang.t("Jatuh tempo", "Due"), lang.date(date), lang.t("hari ini", "today"))
        }
        Some((date, days)) => match lang {
            Lang::Id => format!("Jatuh tempo {} · {} hari lagi", lang.date(date), days),
            Lang::En => format!("Due {} · {} days left", lang.date(date), days),
        },
        None => match (lang, account.unpaid.first()) {
            (Lang::Id, Some(oldest)) => {
                format!("Lewat jatuh tempo sejak {}: denda berlaku", lang.date(oldest.due_date))
            }
            (Lang::En, Some(oldest)) => format!("Past due since {}: late fees apply", lang.date(oldest.due_date)),
            (_, None) => String::new(),
        },
    };
    let periods = account.unpaid.len();
    // What comes next if nothing is paid, and by which day paying prevents it.
    let next = account.next_arrears.map(|(pay_by, level)| {
        let date = lang.date(pay_by);
        match (lang, level) {
            (Lang::Id, Arrears::SealingRisk) => format!(" Bila belum lunas sampai {date}, sambungan dapat disegel."),
            (Lang::En, Arrears::SealingRisk) => {
                format!(" If it is still unpaid after {date}, the meter may be sealed.")
            }
            (Lang::Id, Arrears::DisconnectionRisk) => {
                format!(" Bila belum lunas sampai {date}, sambungan dapat diputus.")
            }
            (Lang::En, Arrears::DisconnectionRisk) => {
                format!(" If it is still unpaid after {date}, the connection may be cut off.")
            }
            _ => String::new(),
        }
    });
    let next = next.unwrap_or_default();
    let arrears = match account.arrears {
        Arrears::None => None,
        Arrears::Overdue => Some((
            "alert-warning",
            match lang {
                Lang::Id => format!("Ada tagihan yang lewat jatuh tempo: denda berlaku.{next}"),
                Lang::En => format!("A bill is past its due date: a late fee applies.{next}"),
            },
        )),
        Arrears::SealingRisk => Some((
            "alert-danger",
            match lang {
                Lang::Id => format!("Tunggakan {overdue} bulan: sambungan Anda dapat disegel. Segera lunasi.{next}"),
                Lang::En => {
                    format!("{overdue} months in arrears: your connection may be sealed. Please pay now.{next}")
                }
            },
        )),
        Arrears::DisconnectionRisk => Some((
            "alert-danger",
            match lang {
                Lang::Id => format!(
                    "Tunggakan {overdue} bulan: sambungan Anda dapat diputus. Segera lunasi atau hubungi kantor unit."
                ),
                Lang::En => format!(
                    "{overdue} months in arrears: your connection may be cut off. Pay now or contact your unit office."
                ),
            },
        )),
    };
    Either::Right(view! {
        <section class="panel summary" data-total=account.total_owed.whole_rupiah().unwrap_or_default()>
            <p class="summary-label">{match lang {
                Lang::Id => format!("Total tagihan ({periods} periode)"),
                Lang::En => format!("Total due ({periods} {})", if periods == 1 { "period" } else { "periods" }),
            }}</p>
            <p class="summary-amount">{account.total_owed.to_string()}</p>
            <p class="summary-due">{due_line}</p>
            <p class="muted small">{match lang {
                Lang::Id => format!("Dihitung per {} termasuk denda.", lang.date(account.today)),
                Lang::En => format!("As of {}, late fees included.", lang.date(account.today)),
            }}</p>
        </section>
        {arrears.map(|(class, text)| view! { <p class=format!("alert {class}") data-alert="arrears">{text}</p> })}
    })
}

#[component]
fn UnpaidBillCard(bill: UnpaidBill, today: chrono::NaiveDate, rule: LateFeePolicy, group: String) -> impl IntoView {
    let lang = use_lang();
    let fee_note = late_fee_note(lang, &rule, &group, &bill);
    let UnpaidBill { period, charges, adjustments, amount, due_date, late_fee, total, .. } = bill;
    let late_days = (today - due_date).num_days();
    let status = if late_days > 0 {
        view! { <span class="chip chip-late">{match lang {
            Lang::Id => format!("Terlambat {late_days} hari"),
            Lang::En => format!("{late_days} days late"),
        }}</span> }
    } else {
        view! { <span class="chip">{lang.t("Belum dibayar", "Unpaid").to_string()}</span> }
    };
    let adjustment_rows = adjustments
        .iter()
        .map(|line| view! { <tr class="adjustment"><td>{lang.adjustment(line)}</td><td class="num">{line.amount.to_string()}</td></tr> })
        .collect_view();
    let (origin, details, lines) = match charges {
        Charges::Computed { reading, bill } => {
            ("computed", computed_details(lang, &reading, &bill), computed_lines(lang, &bill))
        }
        Charges::CarriedOver { usage_m3 } => (
            "carried-over",
            view! {
                <dl class="readings">
                    <dt>{lang.t("Pemakaian", "Usage")}</dt><dd class="num"><strong>{usage_m3}" m³"</strong></dd>
                </dl>
                <p class="alert alert-info" data-alert="carried-over">{lang.t(
                    "Tagihan lama yang dialihkan dari sistem penagihan sebelumnya, sebesar yang tercatat di sana. Rinciannya tidak ada di portal ini; kantor unit dapat menjelaskannya.",
                    "An earlier bill carried over from the previous billing system, for the amount it recorded there. Its breakdown is not in this portal; the unit office can explain it.",
                )}</p>
            }
            .into_any(),
            ().into_any(),
        ),
    };
    view! {
        <article class="panel bill" data-period=period.to_string() data-origin=origin>
            <header class="bill-head">
                <h3>{lang.period(period)}</h3>
                {status}
            </header>
            <p class="muted small">{lang.t("Jatuh tempo ", "Due ")}{lang.date(due_date)}</p>
            {details}
            <table class="breakdown">
                <tbody>
                    {lines}
                    {adjustment_rows}
                    <tr class="subtotal"><td>{lang.t("Jumlah rekening", "Bill amount")}</td><td class="num">{amount.to_string()}</td></tr>
                    <tr class:late=!late_fee.is_zero()>
                        <td>{lang.t("Denda keterlambatan", "Late fee")}</td>
                        <td class="num">{late_fee.to_string()}</td>
                    </tr>
                    <tr class="note fee-note"><td colspan="2">{fee_note}" "<a href="/tarif#denda">{lang.t("Aturan denda", "The late-fee rule")}</a></td></tr>
                </tbody>
                <tfoot>
                    <tr><th>{lang.t("Total", "Total")}</th><th class="num">{total.to_string()}</th></tr>
                </tfoot>
            </table>
        </article>
    }
}

/// The reading a computed bill was made from, and what the customer should know about it.
fn computed_details(lang: Lang, reading: &MeterReading, b: &BillBreakdown) -> AnyView {
    let replacement = reading.replacement.map(|r| {
        view! {
            <dt>{lang.t("Stand angkat (meter lama)", "Old meter final reading")}</dt><dd class="num">{r.stand_angkat}</dd>
            <dt>{lang.t("Stand pasang (meter baru)", "New meter first reading")}</dt><dd class="num">{r.stand_pasang}</dd>
        }
    });
    view! {
        <dl class="readings">
            <dt>{if reading.estimated { lang.t("Tanggal taksiran", "Estimated on") } else { lang.t("Tanggal baca", "Read on") }}</dt><dd>{lang.date(reading.read_on)}</dd>
            <dt>{lang.t("Stand awal", "Previous reading")}</dt><dd class="num">{reading.stand_awal}</dd>
            {replacement}
            <dt>{if reading.estimated { lang.t("Stand akhir (taksiran)", "Current reading (estimated)") } else { lang.t("Stand akhir", "Current reading") }}</dt>
            <dd class="num">{reading.stand_akhir}</dd>
            <dt>{lang.t("Pemakaian", "Usage")}</dt><dd class="num"><strong>{b.usage_m3}" m³"</strong></dd>
        </dl>
        {b.estimated.then(|| view! {
            <p class="alert alert-info" data-alert="estimated">{lang.t(
                "Meter tidak dapat dibaca bulan ini: pemakaian ditaksir dari rata-rata bulan sebelumnya dan akan dikoreksi pada pembacaan berikutnya.",
                "The meter could not be read this month: usage is estimated from earlier months and will be corrected at the next reading.",
            )}</p>
        })}
        {reading.replacement.is_some().then(|| view! {
            <p class="alert alert-info">{lang.t(
                "Meter diganti pada periode ini: pemakaian adalah jumlah dari meter lama dan meter baru.",
                "The meter was replaced this period: usage adds the old meter's share and the new one's.",
            )}</p>
        })}
    }
    .into_any()
}

/// A computed bill's lines: the blocks, the water charge and the fixed charges.
pub fn computed_lines(lang: Lang, b: &BillBreakdown) -> AnyView {
    let block_rows = b
        .blocks
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let range = match line.to_m3 {
                // Tariff tables print the first block from 0: "0–10, 11–20, 21–30, > 30".
                Some(to) if line.from_m3 == 1 => format!("0–{to} m³"),
                Some(to) => format!("{}–{} m³", line.from_m3, to),
                None if line.from_m3 == 1 => lang.t("semua", "all").to_string(),
                None => format!("> {} m³", line.from_m3 - 1),
            };
            view! {
                <tr>
                    <td>{format!("{} {} ({range})", lang.t("Blok", "Block"), i + 1)}<br/>
                        <span class="muted small">{format!("{} m³ × {}", line.m3, line.price_per_m3)}</span></td>
                    <td class="num">{line.amount.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let fixed_rows = b
        .fixed_charges
        .iter()
        .map(|c| view! { <tr><td>{lang.pick(&c.label, &c.label_en).to_string()}</td><td class="num">{c.amount.to_string()}</td></tr> })
        .collect_view();
    let minimum = b.minimum_applied.then(|| {
        view! {
            <tr class="note"><td colspan="2">{match lang {
                Lang::Id => format!("Pemakaian di bawah minimum: ditagih {} m³.", b.billed_m3),
                Lang::En => format!("Usage below the minimum: billed as {} m³.", b.billed_m3),
            }}</td></tr>
        }
    });
    view! {
        {minimum}
        {block_rows}
        <tr class="subtotal"><td>{lang.t("Harga air", "Water charge")}</td><td class="num">{b.water_charge.to_string()}</td></tr>
        {fixed_rows}
    }
    .into_any()
}

/// Which part of the late-fee rule applies to this bill today, and when paying late costs more.
fn late_fee_note(lang: Lang, rule: &LateFeePolicy, group: &str, bill: &UnpaidBill) -> String {
    let next = bill.next_fee.map(|step| {
        let from = lang.date(step.from);
        let fee = lang.money(step.fee);
        match (lang, bill.months_late) {
            (Lang::Id, 0) => format!("Bayar paling lambat {}: mulai {from} denda {fee}.", lang.date(bill.due_date)),
            (Lang::En, 0) => format!("Pay by {}: from {from} the late fee is {fee}.", lang.date(bill.due_date)),
            (Lang::Id, _) => format!("Mulai {from} denda naik menjadi {fee}."),
            (Lang::En, _) => format!("From {from} the late fee rises to {fee}."),
        }
    });
    if bill.months_late == 0 {
        return next.unwrap_or_else(|| {
            lang.t("Tidak ada denda untuk tagihan ini.", "No late fee applies to this bill.").to_string()
        });
    }
    let applied = match rule {
        LateFeePolicy::FlatPerGroup { .. } => match lang {
            Lang::Id => format!("denda tetap golongan {group} per rekening"),
            Lang::En => format!("the fixed fee per bill for group {group}"),
        },
        LateFeePolicy::TiersByMonthsLate { tiers } => {
            let at = tiers.iter().rposition(|t| t.from_months <= bill.months_late).unwrap_or(0);
            let until = tiers.get(at + 1).map(|t| t.from_months - 1);
            let range = tier_range(lang, tiers.get(at).map_or(1, |t| t.from_months), until);
            match lang {
                Lang::Id => format!("denda untuk {range}"),
                Lang::En => format!("the fee for {range}"),
            }
        }
        LateFeePolicy::Percentage { percent, .. } => match lang {
            Lang::Id => format!("denda {}% dari jumlah rekening", percent.normalize()),
            Lang::En => format!("a fee of {}% of the bill", percent.normalize()),
        },
    };
    let months = bill.months_late;
    let since = match lang {
        Lang::Id => format!("Terlambat {months} bulan sejak jatuh tempo {}: {applied}.", lang.date(bill.due_date)),
        Lang::En => format!(
            "{months} {} late since the due date {}: {applied}.",
            if months == 1 { "month" } else { "months" },
            lang.date(bill.due_date)
        ),
    };
    match next {
        Some(next) => format!("{since} {next}"),
        None => since,
    }
}

/// Payments shown before "show all": enough for the last half year on one phone screen.
const RECENT_PAYMENTS: usize = 6;

#[component]
fn PaidHistory(paid: Vec<PaidBill>) -> impl IntoView {
    let lang = use_lang();
    if paid.is_empty() {
        return Either::Left(view! {
            <section class="panel">
                <h2>{lang.t("Riwayat pembayaran", "Payment history")}</h2>
                <p class="muted">{lang.t("Belum ada pembayaran tercatat.", "No payments recorded yet.")}</p>
            </section>
        });
    }
    let mut recent = paid;
    let older = recent.split_off(RECENT_PAYMENTS.min(recent.len()));
    let more = (!older.is_empty()).then(|| {
        let label = match lang {
            Lang::Id => format!("Lihat {} pembayaran sebelumnya", older.len()),
            Lang::En => format!("Show {} earlier payments", older.len()),
        };
        view! {
            <details class="more">
                <summary>{label}</summary>
                <PaidList paid=older/>
            </details>
        }
    });
    Either::Right(view! {
        <section class="panel">
            <h2>{lang.t("Riwayat pembayaran", "Payment history")}</h2>
            <PaidList paid=recent/>
            {more}
        </section>
    })
}

#[component]
fn PaidList(paid: Vec<PaidBill>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="paid-list">
            {paid.into_iter().map(|p| view! {
                <li>
                    <div class="paid-main">
                        <strong>{lang.period(p.period)}</strong>
                        <span class="num">{(p.amount + p.late_fee).to_string()}</span>
                    </div>
                    <div class="muted small">
                        {format!("{} m³ · {} · {}", p.usage_m3, lang.date_time_wib(p.paid_at), lang.payment_channel(&p.channel))}
                        {(!p.late_fee.is_zero()).then(|| format!(" · {} {}", lang.t("termasuk denda", "incl. late fee"), lang.money(p.late_fee)))}
                    </div>
                    <div class="small">{lang.t("No. resi ", "Receipt ")}{match p.receipt_token {
                        Some(token) => Either::Left(view! { <a class="receipt-link" href=format!("/resi/{token}")><code>{p.receipt_number}</code></a> }),
                        None => Either::Right(view! { <code>{p.receipt_number}</code> }),
                    }}</div>
                </li>
            }).collect_view()}
        </ul>
    }
}
