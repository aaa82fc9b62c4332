//! What staff (and the system on their behalf) did, as recorded in the audit log: one fixed
//! set of actions, stored by their code and read by their label.

use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($($variant:ident => $code:literal, $id:literal, $en:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum AuditAction {
            $($variant,)*
        }

        codes!(AuditAction, "audit action", { $($variant => $code),* });

        impl AuditAction {
            /// What an administrator reads: (Indonesian, English).
            pub fn label(self) -> (&'static str, &'static str) {
                match self {
                    $(AuditAction::$variant => ($id, $en),)*
                }
            }
        }
    };
}

actions! {
    Login => "login", "Masuk", "Signed in";
    LoginFailed => "login_failed", "Gagal masuk", "Failed sign-in";
    Logout => "logout", "Keluar", "Signed out";
    PasswordChanged => "password_changed", "Kata sandi diganti", "Password changed";
    StaffCreated => "staff_created", "Akun petugas dibuat", "Staff account created";
    StaffDeactivated => "staff_deactivated", "Akun petugas dinonaktifkan", "Staff account deactivated";
    StaffPasswordReset => "staff_password_reset", "Kata sandi petugas disetel ulang", "Staff password reset";
    StaffSessionEnded => "staff_session_ended", "Sesi petugas diakhiri", "Staff session ended";
    CounterPayment => "counter_payment", "Pembayaran tunai di loket", "Cash payment at the counter";
    CounterOpen => "counter_open", "Loket dibuka", "Counter opened";
    CounterClose => "counter_close", "Loket ditutup", "Counter closed";
    DeviceEnrolled => "device_enrolled", "Perangkat loket didaftarkan", "Counter device enrolled";
    DeviceRevoked => "device_revoked", "Perangkat loket dicabut", "Counter device revoked";
    NoticePublished => "notice_published", "Pemberitahuan gangguan diterbitkan", "Notice published";
    NoticeUpdated => "notice_updated", "Pemberitahuan gangguan diperbarui", "Notice updated";
    AnnouncementPublished => "announcement_published", "Pengumuman diterbitkan", "Announcement published";
    AnnouncementWithdrawn => "announcement_withdrawn", "Pengumuman ditarik", "Announcement withdrawn";
    ChannelDegraded => "channel_degraded", "Kanal pembayaran terganggu (otomatis)", "Payment channel disrupted (automatic)";
    ChannelRecovered => "channel_recovered", "Kanal pembayaran pulih (otomatis)", "Payment channel recovered (automatic)";
    ChannelSet => "channel_set", "Status kanal pembayaran ditetapkan", "Payment channel status set";
    OverpaymentRefunded => "overpayment_refunded", "Kelebihan bayar ditandai dikembalikan", "Overpayment marked refunded";
    CustomersImported => "customers_imported", "Berkas pelanggan diimpor", "Customers file imported";
    ReadingsImported => "readings_imported", "Berkas baca meter diimpor", "Meter readings file imported";
    ArrearsImported => "arrears_imported", "Berkas tunggakan awal diimpor", "Opening arrears file imported";
    BillingRunStarted => "billing_run_started", "Penagihan bulanan disusun", "Billing run drafted";
    ReadingCorrected => "reading_corrected", "Angka meter dikoreksi", "Meter reading corrected";
    ReadingsAccepted => "readings_accepted", "Tagihan tertahan disetujui", "Held bills accepted";
    BillingRunPublished => "billing_run_published", "Tagihan bulanan diterbitkan", "Billing run published";
    BillingRunDiscarded => "billing_run_discarded", "Penagihan bulanan dibatalkan", "Billing run discarded";
    CustomerStatusChanged => "customer_status_changed", "Status sambungan diubah", "Connection status changed";
    CustomerPhoneChanged => "customer_phone_changed", "Nomor telepon pelanggan diubah", "Customer phone changed";
    DemoCredentialsCleared => "demo_credentials_cleared", "Kunci simulator demo dihapus", "Demo simulator keys removed";
    TariffAdded => "tariff_added", "Tarif baru ditetapkan", "New tariff added";
    BankAdded => "bank_added", "Bank ditambahkan", "Bank added";
    BankKeyReplaced => "bank_key_replaced", "Kunci publik bank diganti", "Bank public key replaced";
    BankSecretRotated => "bank_secret_rotated", "Client secret bank diganti", "Bank client secret rotated";
    BankSecretShown => "bank_secret_shown", "Client secret bank ditampilkan", "Bank client secret shown";
    BankDeactivated => "bank_deactivated", "Bank dinonaktifkan", "Bank deactivated";
    BankActivated => "bank_activated", "Bank diaktifkan kembali", "Bank reactivated";
    LateFeeRuleAdded => "late_fee_rule_added", "Aturan denda baru ditetapkan", "New late-fee rule added";
    DueRuleChanged => "due_rule_changed", "Tanggal jatuh tempo diubah", "Due day changed";
    HolidayAdded => "holiday_added", "Hari libur ditambahkan", "Holiday added";
    HolidayRemoved => "holiday_removed", "Hari libur dihapus", "Holiday removed";
    BillRevised => "bill_revised", "Tagihan belum lunas dikoreksi", "Unpaid bill revised";
    OfficeAdded => "office_added", "Kantor unit ditambahkan", "Unit office added";
    OfficeChanged => "office_changed", "Data kantor unit diubah", "Unit office details changed";
    OfficeHoursChanged => "office_hours_changed", "Jam buka kantor diubah", "Office hours changed";
    OfficeAreaChanged => "office_area_changed", "Desa layanan kantor diubah", "Villages served changed";
    QueueServiceSaved => "queue_service_saved", "Layanan antrean disimpan", "Queue service saved";
    CounterSaved => "counter_saved", "Loket disimpan", "Counter saved";
    ComplaintMoved => "complaint_moved", "Pengaduan ditindaklanjuti", "Complaint moved along";
    ComplaintDeadlineSet => "complaint_deadline_set", "Tenggat pengaduan diubah", "Complaint deadline changed";
    PaidBillCorrected => "paid_bill_corrected", "Koreksi tagihan lunas dibawa ke tagihan berikutnya", "Paid bill's correction carried to the next bill";
    SelfReadingWindowSet => "self_reading_window_set", "Jendela baca meter mandiri diubah", "Self meter reading window changed";
}

#[cfg(test)]
mod tests {
    use super::AuditAction;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_action_reads_back_from_its_code() {
        for action in AuditAction::ALL {
            assert_eq!(action.as_str().parse::<AuditAction>(), Ok(action));
            assert!(!action.label().0.is_empty() && !action.label().1.is_empty());
        }
        assert!("dropped_tables".parse::<AuditAction>().is_err());
    }
}
