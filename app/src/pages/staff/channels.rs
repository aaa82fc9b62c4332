use super::StaffGate;
use crate::api::channels::{load_channel_board, ChannelView, SetChannelState};
use crate::components::channel_status::{channel_name, state_label};
use crate::components::error_panel::FormError;
use crate::components::loaded::Loaded;
use crate::domain::channel_health::{ChannelState, Source};
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;

fn source_label(lang: Lang, source: Source) -> &'static str {
    match source {
        Source::Auto => lang.t("otomatis (pemantau)", "automatic (monitor)"),
        Source::Manual => lang.t("ditetapkan administrator", "set by an administrator"),
    }
}

/// Administrators: every payment channel's state, who set it, and a form to set it by hand or
/// hand it back to the monitor.
#[component]
pub fn ChannelsPage() -> impl IntoView {
    let lang = use_lang();
    let set = ServerAction::<SetChannelState>::new();
    let error = Signal::derive(move || set.value().get().and_then(Result::err));
    let board = Resource::new(move || set.version().get(), |_| load_channel_board());
    view! {
        <Title text=lang.t("Kanal pembayaran · Petugas", "Payment channels · Staff")/>
        <StaffGate let:_ctx>
            <h1>{lang.t("Kanal pembayaran", "Payment channels")}</h1>
            <p class="muted small">{lang.t(
                "Pemantau menandai kanal terganggu bila tanda tangan atau pemrosesan gagal berulang kali, atau bila pembayaran dibuka tetapi tidak ada yang berhasil; ia juga mencabut tandanya sendiri. Status yang ditetapkan administrator berlaku sampai dikembalikan ke pemantau. Hanya status \u{201c}tidak dapat digunakan\u{201d} yang menghentikan pembayaran QRIS baru.",
                "The monitor marks a channel disrupted when signatures or processing fail repeatedly, or when payments are opened and none succeeds; it clears its own marks. A state set by an administrator stands until handed back to the monitor. Only \u{201c}unavailable\u{201d} stops new QRIS payments.",
            )}</p>
            <FormError error/>
            <Loaded resource=board let:b>
                <ul class="channel-list">
                    {b.channels.into_iter().map(|c| view! { <ChannelRow channel=c csrf=b.csrf.clone() set/> }).collect_view()}
                </ul>
            </Loaded>
        </StaffGate>
    }
}

#[component]
fn ChannelRow(channel: ChannelView, csrf: String, set: ServerAction<SetChannelState>) -> impl IntoView {
    let lang = use_lang();
    let name = channel_name(lang, &channel);
    let class = if channel.works() { "panel channel" } else { "panel channel channel-troubled" };
    let key = channel.channel.clone();
    let (state_id, reason_id) = (format!("state-{}", channel.channel), format!("reason-{}", channel.channel));
    view! {
        <li class=class data-channel=channel.channel.clone() data-state=channel.state.as_str() data-source=channel.source.as_str()>
            <h2>{name}</h2>
            <p><strong>{state_label(lang, channel.state)}</strong>" · "{source_label(lang, channel.source)}
                {channel.since.map(|t| format!(" · {} {}", lang.t("sejak", "since"), lang.date_time_wib(t)))}</p>
            {(!channel.reason.is_empty()).then(|| view! { <p class="muted small">{channel.reason.clone()}</p> })}
            <ActionForm action=set attr:class="channel-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="channel" value=key/>
                <label for=state_id.clone()>{lang.t("Tetapkan status", "Set the state")}</label>
                <select id=state_id name="state">
                    <option value="auto">{lang.t("Serahkan ke pemantau", "Hand back to the monitor")}</option>
                    {[ChannelState::Operational, ChannelState::Degraded, ChannelState::Down].into_iter().map(|s| view! {
                        <option value=s.as_str()>{state_label(lang, s)}</option>
                    }).collect_view()}
                </select>
                <label for=reason_id.clone()>{lang.t("Alasan (wajib bila terganggu atau tidak dapat digunakan)", "Reason (required when disrupted or unavailable)")}</label>
                <input id=reason_id name="reason" maxlength="300"/>
                <button type="submit">{lang.t("Simpan", "Save")}</button>
            </ActionForm>
        </li>
    }
}
