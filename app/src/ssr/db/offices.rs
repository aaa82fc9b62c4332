use crate::api::offices::{District, Office};
use sqlx::AnyPool;

#[derive(sqlx::FromRow)]
struct OfficeRow {
    id: i64,
    code: String,
    name: String,
    is_head_office: i64,
    address: String,
    phone: String,
    opening_hours: String,
}

#[derive(sqlx::FromRow)]
struct AreaRow {
    office_id: i64,
    district: String,
    village: String,
}

const OFFICE_COLUMNS: &str = "id, code, name, is_head_office, address, phone, opening_hours";

pub async fn all(db: &AnyPool) -> Result<Vec<Office>, sqlx::Error> {
    let offices: Vec<OfficeRow> = sqlx::query_as(&format!("SELECT {OFFICE_COLUMNS} FROM unit_offices ORDER BY sort_order, name")).fetch_all(db).await?;
    let areas: Vec<AreaRow> = sqlx::query_as("SELECT office_id, district, village FROM service_areas ORDER BY district, village").fetch_all(db).await?;
    Ok(offices.into_iter().map(|o| assemble(o, &areas)).collect())
}

pub async fn by_code(db: &AnyPool, code: &str) -> Result<Option<Office>, sqlx::Error> {
    let office: Option<OfficeRow> = sqlx::query_as(&format!("SELECT {OFFICE_COLUMNS} FROM unit_offices WHERE code = $1")).bind(code).fetch_optional(db).await?;
    let Some(office) = office else {
        return Ok(None);
    };
    let areas: Vec<AreaRow> = sqlx::query_as("SELECT office_id, district, village FROM service_areas WHERE office_id = $1 ORDER BY district, village")
        .bind(office.id)
        .fetch_all(db)
        .await?;
    Ok(Some(assemble(office, &areas)))
}

fn assemble(o: OfficeRow, areas: &[AreaRow]) -> Office {
    let mut districts: Vec<District> = Vec::new();
    for area in areas.iter().filter(|a| a.office_id == o.id) {
        match districts.last_mut() {
            Some(d) if d.name == area.district => d.villages.push(area.village.clone()),
            _ => districts.push(District { name: area.district.clone(), villages: vec![area.village.clone()] }),
        }
    }
    Office { code: o.code, name: o.name, is_head_office: o.is_head_office != 0, address: o.address, phone: o.phone, opening_hours: o.opening_hours, districts }
}
