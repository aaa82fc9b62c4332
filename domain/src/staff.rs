//! Who staff are and what each role may touch. The rules live here, apart from any page, so
//! every server function and route asks the same questions.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Everything, every office.
    Admin,
    /// Their unit office: notices, queue, reports.
    Supervisor,
    /// Their counter: queue and counter payments.
    Teller,
}

codes!(Role, "role (admin, supervisor, teller)", { Admin => "admin", Supervisor => "supervisor", Teller => "teller" });

/// The office a staff member belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeRef {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// A signed-in staff member, as every check sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    /// None for administrators (every office).
    pub office: Option<OfficeRef>,
    pub counter_no: Option<i64>,
    /// An administrator reset the password: nothing but changing it is allowed until then.
    #[serde(default)]
    pub must_change_password: bool,
}

/// What a staff member wants to do, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duty {
    /// Publish or update notices and announcements for an office, or for every office (None).
    PublishNotices { office_id: Option<i64> },
    /// Take cash at a counter of this office.
    TakeCounterPayments { office_id: i64 },
    /// Run a queue counter of this office (call, serve, transfer; open and close it) and issue
    /// walk-in tickets there. Tellers run their own counter only.
    RunCounter { office_id: i64, counter_no: i64 },
    /// Read an office's reports (end of day, queue statistics).
    ReadOfficeReports { office_id: i64 },
    /// Money across channels: reconciliation, overpayments and refunds.
    ManageFinance,
    /// Accounts, payment-channel states, the audit log, imports of the utility's files.
    Administer,
    /// Start a month's billing run and publish it.
    RunBilling,
    /// See billing runs and the bills they hold for review.
    SeeBillingRuns,
    /// Correct or accept the held bills of this office's customers.
    ReviewReadings { office_id: i64 },
    /// Seal, disconnect or reconnect this office's customers; keep their phone numbers.
    ManageCustomers { office_id: i64 },
    /// Enrol and revoke the devices that take cash offline at this office's counters, and see
    /// what they took.
    ManageCounterDevices { office_id: i64 },
    /// Read this office's complaints and move them along (verify, start, resolve, note).
    HandleComplaints { office_id: i64 },
    /// Hand this office's complaints to a member of staff, or reject them.
    AssignComplaints { office_id: i64 },
    /// Set how long each category of complaint may take (every office alike).
    SetComplaintDeadlines,
}

impl StaffMember {
    fn works_at(&self, office_id: i64) -> bool {
        self.office.as_ref().is_some_and(|o| o.id == office_id)
    }

    pub fn may(&self, duty: Duty) -> bool {
        if self.role == Role::Admin {
            return true;
        }
        match duty {
            Duty::PublishNotices { office_id: Some(office) } => self.role == Role::Supervisor && self.works_at(office),
            // Only administrators speak for every office at once.
            Duty::PublishNotices { office_id: None } => false,
            Duty::TakeCounterPayments { office_id } => self.works_at(office_id),
            Duty::RunCounter { office_id, counter_no } => {
                self.works_at(office_id) && (self.role == Role::Supervisor || self.counter_no == Some(counter_no))
            }
            Duty::ReadOfficeReports { office_id } => self.role == Role::Supervisor && self.works_at(office_id),
            Duty::ManageFinance | Duty::Administer | Duty::RunBilling | Duty::SetComplaintDeadlines => false,
            Duty::HandleComplaints { office_id } => self.works_at(office_id),
            Duty::SeeBillingRuns => self.role == Role::Supervisor,
            Duty::ReviewReadings { office_id }
            | Duty::ManageCustomers { office_id }
            | Duty::ManageCounterDevices { office_id }
            | Duty::AssignComplaints { office_id } => self.role == Role::Supervisor && self.works_at(office_id),
        }
    }

    /// The office a report or list defaults to: their own, or (administrators) none in particular.
    pub fn office_id(&self) -> Option<i64> {
        self.office.as_ref().map(|o| o.id)
    }
}

/// Why a password is refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum WeakPassword {
    #[error("at least {0} characters")]
    TooShort(usize),
    #[error("at most {0} characters")]
    TooLong(usize),
    #[error("must not contain the username")]
    ContainsUsername,
}

pub const PASSWORD_MIN: usize = 10;
/// Hashing cost grows with length; nobody types more than this.
pub const PASSWORD_MAX: usize = 128;

/// Length over character classes (NIST SP 800-63B): long passphrases are easy to type at a
/// counter and hard to guess.
pub fn check_password(username: &str, password: &str) -> Result<(), WeakPassword> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        return Err(WeakPassword::TooShort(PASSWORD_MIN));
    }
    if n > PASSWORD_MAX {
        return Err(WeakPassword::TooLong(PASSWORD_MAX));
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Err(WeakPassword::ContainsUsername);
    }
    Ok(())
}

/// Usernames: 3-32 of a-z, 0-9, '.', '_', '-', starting with a letter. Compared lower-cased.
pub fn normalise_username(raw: &str) -> Option<String> {
    let u = raw.trim().to_lowercase();
    let ok = (3..=32).contains(&u.len())
        && u.starts_with(|c: char| c.is_ascii_lowercase())
        && u.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    ok.then_some(u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn member(role: Role, office: Option<i64>) -> StaffMember {
        StaffMember {
            must_change_password: false,
            id: 1,
            username: "x".into(),
            full_name: "X".into(),
            role,
            office: office.map(|id| OfficeRef { id, code: format!("{id:02}"), name: "Unit".into() }),
            counter_no: None,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn administrators_may_do_everything() {
        let admin = member(Role::Admin, None);
        for duty in [
            Duty::PublishNotices { office_id: None },
            Duty::PublishNotices { office_id: Some(3) },
            Duty::TakeCounterPayments { office_id: 3 },
            Duty::ReadOfficeReports { office_id: 9 },
            Duty::ManageFinance,
            Duty::Administer,
        ] {
            assert!(admin.may(duty), "{duty:?}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn supervisors_run_their_own_office_only() {
        let s = member(Role::Supervisor, Some(2));
        assert!(s.may(Duty::PublishNotices { office_id: Some(2) }));
        assert!(!s.may(Duty::PublishNotices { office_id: Some(3) }));
        assert!(!s.may(Duty::PublishNotices { office_id: None }));
        assert!(s.may(Duty::ReadOfficeReports { office_id: 2 }));
        assert!(!s.may(Duty::ReadOfficeReports { office_id: 3 }));
        assert!(s.may(Duty::TakeCounterPayments { office_id: 2 }));
        assert!(s.may(Duty::ManageCounterDevices { office_id: 2 }));
        assert!(!s.may(Duty::ManageCounterDevices { office_id: 3 }));
        assert!(s.may(Duty::RunCounter { office_id: 2, counter_no: 3 }));
        assert!(!s.may(Duty::RunCounter { office_id: 3, counter_no: 1 }));
        assert!(!s.may(Duty::ManageFinance));
        assert!(!s.may(Duty::Administer));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn tellers_take_payments_at_their_office_and_nothing_else() {
        let t = StaffMember { counter_no: Some(1), ..member(Role::Teller, Some(2)) };
        assert!(t.may(Duty::TakeCounterPayments { office_id: 2 }));
        assert!(!t.may(Duty::TakeCounterPayments { office_id: 3 }));
        assert!(!t.may(Duty::PublishNotices { office_id: Some(2) }));
        assert!(!t.may(Duty::ReadOfficeReports { office_id: 2 }));
        assert!(!t.may(Duty::ManageCounterDevices { office_id: 2 }), "a teller does not enrol the device they use");
        assert!(!t.may(Duty::ManageFinance));
        assert!(t.may(Duty::RunCounter { office_id: 2, counter_no: 1 }), "their own counter");
        assert!(!t.may(Duty::RunCounter { office_id: 2, counter_no: 2 }), "not a colleague's");
        assert!(!t.may(Duty::RunCounter { office_id: 3, counter_no: 1 }), "not another office's");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn passwords_are_long_and_not_the_username() {
        assert_eq!(check_password("sari", "pendek"), Err(WeakPassword::TooShort(10)));
        assert_eq!(check_password("sari", "SariSari2026!"), Err(WeakPassword::ContainsUsername));
        assert_eq!(check_password("sari", &"a".repeat(129)), Err(WeakPassword::TooLong(128)));
        assert_eq!(check_password("sari", "air bersih untuk semua"), Ok(()));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn usernames_are_plain() {
        assert_eq!(normalise_username(" Sari.Dewi "), Some("sari.dewi".into()));
        assert_eq!(normalise_username("ab"), None);
        assert_eq!(normalise_username("1abc"), None);
        assert_eq!(normalise_username("sari<script>"), None);
    }
}
