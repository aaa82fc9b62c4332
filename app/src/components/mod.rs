pub mod copy_button;
pub mod error_panel;
pub mod layout;
pub mod loaded;
pub mod lookup_form;
pub mod usage_chart;
