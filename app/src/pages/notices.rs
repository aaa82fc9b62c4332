use crate::api::notices::notice_history;
use crate::components::live::LiveRegion;
use crate::components::loaded::Loaded;
use crate::components::notice_board::{AnnouncementCard, NoticeCard};
use crate::i18n::use_lang;
use crate::model::live::Topic;
use leptos::prelude::*;
use leptos_meta::{Link, Title};

/// Every disruption and announcement of the last 90 days, open ones first.
#[component]
pub fn NoticesPage() -> impl IntoView {
    let lang = use_lang();
    let history = Resource::new(|| (), |_| notice_history());
    view! {
        <Title text=lang.t("Gangguan & Pengumuman · Tirta", "Disruptions & Announcements · Tirta")/>
        <Link rel="alternate" type_="application/atom+xml" href="/gangguan.atom"/>
        <h1>{lang.t("Gangguan layanan air", "Water service disruptions")}</h1>
        <p class="muted">
            {lang.t("Gangguan yang sedang berlangsung dan riwayat 90 hari terakhir. ", "Disruptions now and the last 90 days. ")}
            <a href="/gangguan.atom">{lang.t("Langganan (Atom)", "Subscribe (Atom)")}</a>
        </p>
        <Loaded resource=history let:board>
            {
                let list = board.notices;
                let head_notice = list.is_empty().then(|| view! {
                    <p class="panel">{lang.t("Tidak ada gangguan dalam 90 hari terakhir.", "No disruptions in the last 90 days.")}</p>
                });
                view! {
                    <LiveRegion id="riwayat-gangguan" topics=vec![Topic::Notice, Topic::Channel] since=board.head>
                        {board.announcements.into_iter().map(|a| view! { <AnnouncementCard announcement=a/> }).collect_view()}
                        {head_notice}
                        <div class="notice-history">
                            {list.into_iter().map(|n| view! { <NoticeCard notice=n detailed=true/> }).collect_view()}
                        </div>
                    </LiveRegion>
                }
            }
        </Loaded>
    }
}
