use crate::model::payments::Bank;
use sqlx::AnyPool;

/// Banks whose virtual accounts customers can pay into, in display order.
pub async fn active_banks(db: &AnyPool) -> Result<Vec<Bank>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> =
        sqlx::query_as("SELECT id, channel, name, biller_code FROM partners WHERE active = 1 AND channel LIKE 'va_%' ORDER BY sort_order, name")
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(|(id, channel, name, biller_code)| Bank { id, channel, name, biller_code }).collect())
}
