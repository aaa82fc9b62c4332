use crate::components::error_panel::ErrorPanel;
use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::either::Either;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

/// Shows what a server function returned: `children` renders the data, an error becomes the
/// readable error page (with its HTTP status). `lookup_value` refills the lookup form on errors
/// that offer another try. A refetch (a live event) keeps the page shown until the new data is in.
#[component]
pub fn Loaded<T, V>(
    resource: Resource<Result<T, AppError>>,
    children: impl Fn(T) -> V + Clone + Send + Sync + 'static,
    #[prop(optional, into)] lookup_value: Signal<String>,
) -> impl IntoView
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let lang = use_lang();
    view! {
        <Transition fallback=move || view! { <p class="muted">{lang.t("Memuat…", "Loading…")}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => Either::Left(children(data)),
                        Err(error) => Either::Right(view! { <ErrorPanel error typed=lookup_value.get_untracked()/> }),
                    }
                })
            }}
        </Transition>
    }
}
