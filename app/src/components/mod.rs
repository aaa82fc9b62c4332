pub mod copy_button;
pub mod error_panel;
pub mod layout;
pub mod live;
pub mod loaded;
pub mod lookup_form;
pub mod notice_board;
pub mod usage_chart;
