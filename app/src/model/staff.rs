//! Staff as pages show them: who is signed in, accounts, sessions, the audit log.

use crate::domain::staff::StaffMember;
use serde::{Deserialize, Serialize};

/// The signed-in staff member and the token their forms carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffContext {
    pub member: StaffMember,
    pub csrf: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDirectory {
    pub csrf: String,
    /// The administrator looking: their own account cannot be deactivated from here.
    pub me: i64,
    pub staff: Vec<StaffMember>,
    /// (code, name)
    pub offices: Vec<(String, String)>,
    pub sessions: Vec<SessionLine>,
}

/// A staff session that is open now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLine {
    /// Names the session for ending it (a hash of its token: it opens nothing).
    pub handle: String,
    pub staff_id: i64,
    pub username: String,
    /// WIB
    pub signed_in_at: chrono::NaiveDateTime,
    pub last_seen_at: chrono::NaiveDateTime,
    pub client_ip: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub id: i64,
    /// WIB
    pub at: chrono::NaiveDateTime,
    pub username: String,
    /// The stored code, and the action it names (None: a code this version does not know).
    pub action: String,
    pub kind: Option<crate::domain::audit::AuditAction>,
    pub subject: String,
    pub detail: String,
    pub client_ip: Option<String>,
}
