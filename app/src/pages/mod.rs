pub mod bill;
pub mod home;
pub mod not_found;
pub mod offices;
pub mod pay;
pub mod receipt;
pub mod simulator;
pub mod tariffs;
