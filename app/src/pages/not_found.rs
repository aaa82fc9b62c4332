use crate::components::error_panel::ErrorPanel;
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <ErrorPanel error=AppError::PageNotFound/> }
}
