//! Which ways to pay do not work right now, said before the customer tries one.

use crate::api::channels::{not_working, ChannelView};
use crate::domain::channel_health::ChannelState;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;

pub fn channel_name(lang: Lang, channel: &ChannelView) -> String {
    match &channel.name {
        Some(bank) if crate::domain::channel::Channel::parse(&channel.channel).is_some_and(|c| c.bank().is_some()) => {
            format!("Virtual Account {bank}")
        }
        _ => lang.payment_channel(&channel.channel),
    }
}

pub fn state_label(lang: Lang, state: ChannelState) -> &'static str {
    match state {
        ChannelState::Operational => lang.t("Berfungsi normal", "Working normally"),
        ChannelState::Degraded => lang.t(
            "Sedang terganggu: pembayaran bisa gagal atau terlambat tercatat",
            "Disrupted: payments may fail or be recorded late",
        ),
        ChannelState::Down => lang.t("Tidak dapat digunakan sementara", "Unavailable for now"),
    }
}

/// Nothing when every channel works.
#[component]
pub fn ChannelWarnings(channels: Vec<ChannelView>) -> impl IntoView {
    let lang = use_lang();
    let troubled: Vec<ChannelView> = not_working(&channels).into_iter().cloned().collect();
    let count = troubled.len();
    (count > 0).then(|| {
        view! {
            <div class="alert alert-warning channel-warnings" role="status" data-channels-troubled=count>
                <p><strong>{lang.t("Kanal pembayaran yang bermasalah saat ini:", "Payment channels with problems right now:")}</strong></p>
                <ul>
                    {troubled.into_iter().map(|c| view! {
                        <li data-channel=c.channel.clone() data-state=c.state.as_str()>{format!("{}: {}", channel_name(lang, &c), state_label(lang, c.state))}</li>
                    }).collect_view()}
                </ul>
                <p class="small">{lang.t(
                    "Gunakan cara bayar lain, atau bayar di loket kantor unit.",
                    "Use another way to pay, or pay at a unit office counter.",
                )}</p>
            </div>
        }
    })
}
