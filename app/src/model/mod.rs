//! What crosses the wire between the browser and the server: the views pages show, the forms
//! they send, the answers they get. Always compiled, below the server code: server functions
//! (`api`) and services (`ssr`) both use these types, and nothing here depends on either.

pub mod banks;
pub mod billing;
pub mod bills;
pub mod channels;
pub mod complaints;
pub mod counter;
pub mod counter_devices;
pub mod customers;
pub mod form_errors;
pub mod imports;
pub mod live;
pub mod notices;
pub mod offices;
pub mod offline_counter;
pub mod payments;
pub mod queue;
pub mod reports;
pub mod self_readings;
pub mod staff;
pub mod tariffs;
