//! The billing rules this process prices with. Administrators add tariffs from a page; each
//! change bumps the rules' revision in the transaction that makes it. The process that made it
//! reloads at once, and every other replica when its next check (`TIRTA_RULES_CHECK_SECS`) sees the
//! revision move: a new tariff takes effect from a coming period, so a replica that prices with
//! the old rules for a few seconds prices correctly. Billing runs and imports read the rules
//! from the database themselves and never wait for this copy. A check is one small query.

use crate::domain::BillingRules;
use crate::ssr::db::rules::{self, RulesError};
use sqlx::AnyPool;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

pub struct Rules {
    current: RwLock<Arc<BillingRules>>,
    revision: AtomicI64,
    /// One reload at a time: two at once could leave the older rules in place last.
    reloading: tokio::sync::Mutex<()>,
}

impl Rules {
    /// Reads the rules in force; a malformed tariff or policy is an error, so that the server
    /// stops at start instead of producing wrong bills later.
    pub async fn load(db: &AnyPool) -> Result<Rules, RulesError> {
        let revision = rules::revision(db).await?;
        Ok(Rules {
            current: RwLock::new(Arc::new(rules::load(db).await?)),
            revision: AtomicI64::new(revision),
            reloading: tokio::sync::Mutex::new(()),
        })
    }

    pub fn get(&self) -> Arc<BillingRules> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Reloads when the stored revision differs from the loaded one. The revision is read
    /// before the rules: a change that commits between the two is loaded again next time.
    pub async fn refresh(&self, db: &AnyPool) -> Result<bool, RulesError> {
        let _one_at_a_time = self.reloading.lock().await;
        let revision = rules::revision(db).await?;
        if revision == self.revision.load(Ordering::Acquire) {
            return Ok(false);
        }
        let loaded = Arc::new(rules::load(db).await?);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = loaded;
        self.revision.store(revision, Ordering::Release);
        Ok(true)
    }

    /// After this process changed the rules (committed): it prices with them at once. A copy
    /// that fails to load leaves the last good one serving, and says so.
    pub async fn changed_here(&self, db: &AnyPool) {
        if let Err(e) = self.refresh(db).await {
            tracing::error!(error = %e, "billing rules changed here but cannot be loaded; the last good copy serves");
        }
    }

    /// Checks every `every` for as long as the process runs. Rules that fail to load (a change
    /// made outside the pages, say) leave the last good copy serving, and say so.
    pub async fn keep_fresh(self: Arc<Self>, db: AnyPool, every: Duration) {
        let mut tick = tokio::time::interval(every);
        // The first tick is at once: the rules were just loaded.
        tick.tick().await;
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match self.refresh(&db).await {
                Ok(true) => tracing::info!("billing rules reloaded: another process changed them"),
                Ok(false) => {}
                Err(e) => {
                    tracing::error!(error = %e, "billing rules changed but cannot be loaded; the last good copy serves")
                }
            }
        }
    }
}
