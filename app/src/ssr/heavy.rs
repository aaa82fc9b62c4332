//! Work made to be slow (argon2 on a password) or that is slow by nature (decoding and
//! re-encoding a camera's photo) runs here: off the async workers, a bounded number at a time.
//! On the workers, a flood of sign-ins or photos would stall every other request, a bank's
//! payment among them.

use crate::error::AppError;
use tokio::sync::Semaphore;

fn permits() -> &'static Semaphore {
    static PERMITS: std::sync::OnceLock<Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
}

/// Runs `work` on the blocking pool once a permit is free.
pub async fn off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let _permit = permits().acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work).await.map_err(|_| AppError::Internal)
}
