pub mod error_panel;
pub mod layout;
pub mod lookup_form;
pub mod usage_chart;
