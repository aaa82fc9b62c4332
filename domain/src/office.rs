//! A unit office as administrators keep it: its code, the villages it serves (written one
//! district a line, as utilities list them: `Dau: Landungsari, Mulyoagung`), its queue services'
//! prefixes, and its weekly hours as typed.

use super::notice::{Area, InputProblem};
use super::office_hours::{DayHours, OpeningHours};
use chrono::NaiveTime;

/// Office codes: 1 to 4 digits, as customer numbers start with them.
pub fn office_code(typed: &str) -> Result<String, InputProblem> {
    let code = typed.trim();
    if (1..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code.to_string())
    } else {
        Err(InputProblem::BadOfficeCode)
    }
}

/// A queue service's ticket prefix: one capital letter (`A001`).
pub fn ticket_prefix(typed: &str) -> Result<String, InputProblem> {
    let prefix = typed.trim().to_ascii_uppercase();
    if prefix.len() == 1 && prefix.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(prefix)
    } else {
        Err(InputProblem::BadPrefix)
    }
}

/// Longest district or village name kept.
pub const PLACE_MAX: usize = 60;

/// Reads the villages an office serves, one district a line (`District: village, village`).
/// Blank lines are skipped; a village named twice counts once. Every line needs its district
/// and at least one village, so that a notice for the office can name them.
pub fn service_area(text: &str) -> Result<Vec<Area>, InputProblem> {
    let mut areas: Vec<Area> = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = || InputProblem::BadAreaLine(n + 1);
        let (district, villages) = line.split_once(':').ok_or_else(bad)?;
        let district = place(district).ok_or_else(bad)?;
        let villages: Vec<String> =
            villages.split(',').filter(|v| !v.trim().is_empty()).map(place).collect::<Option<_>>().ok_or_else(bad)?;
        if villages.is_empty() {
            return Err(bad());
        }
        for village in villages {
            let known =
                |a: &Area| a.district.eq_ignore_ascii_case(&district) && a.village.eq_ignore_ascii_case(&village);
            if !areas.iter().any(known) {
                areas.push(Area { district: district.clone(), village });
            }
        }
    }
    if areas.is_empty() {
        return Err(InputProblem::Required("areas".into()));
    }
    Ok(areas)
}

/// A place name: trimmed, not empty, no markup, not beyond `PLACE_MAX`.
fn place(typed: &str) -> Option<String> {
    let name = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    (!name.is_empty() && name.chars().count() <= PLACE_MAX && !name.contains(['<', '>', ':', ','])).then_some(name)
}

/// The service area written back as the form shows it: one district a line, in order.
pub fn service_area_text(areas: &[Area]) -> String {
    let mut lines: Vec<(String, Vec<String>)> = Vec::new();
    for a in areas {
        match lines.iter_mut().find(|(d, _)| *d == a.district) {
            Some((_, villages)) => villages.push(a.village.clone()),
            None => lines.push((a.district.clone(), vec![a.village.clone()])),
        }
    }
    lines.into_iter().map(|(d, v)| format!("{d}: {}", v.join(", "))).collect::<Vec<_>>().join("\n")
}

/// The week's hours as typed: for each weekday from Monday, when it opens and closes (`07.30`
/// or `07:30`), both empty for a day the office is closed.
pub fn week_hours(typed: &[(String, String)]) -> Result<OpeningHours, InputProblem> {
    // Rows are the weekdays by position: a form that sends fewer would shift them.
    if typed.len() != 7 {
        return Err(InputProblem::Required("week".into()));
    }
    let mut days = Vec::new();
    for (i, (opens, closes)) in typed.iter().enumerate() {
        let weekday = i as u8 + 1;
        match (opens.trim(), closes.trim()) {
            ("", "") => continue,
            (opens, closes) => {
                let time = |t: &str| {
                    NaiveTime::parse_from_str(&t.replace('.', ":"), "%H:%M")
                        .map_err(|_| InputProblem::BadHours(weekday))
                };
                days.push(DayHours { weekday, opens: time(opens)?, closes: time(closes)? });
            }
        }
    }
    OpeningHours::new(days.clone()).map_err(|_| {
        let wrong = days.iter().find(|d| d.closes <= d.opens).map_or(1, |d| d.weekday);
        InputProblem::BadHours(wrong)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn area(d: &str, v: &str) -> Area {
        Area { district: d.into(), village: v.into() }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_service_area_reads_one_district_a_line_and_writes_back_the_same() {
        let text = "Dau: Landungsari, Mulyoagung,  Sumbersekar\n\n  Karangploso :Ngijo\nDau: landungsari";
        let areas = service_area(text).unwrap();
        assert_eq!(
            areas,
            vec![
                area("Dau", "Landungsari"),
                area("Dau", "Mulyoagung"),
                area("Dau", "Sumbersekar"),
                area("Karangploso", "Ngijo"),
            ]
        );
        assert_eq!(service_area_text(&areas), "Dau: Landungsari, Mulyoagung, Sumbersekar\nKarangploso: Ngijo");
        assert_eq!(service_area(&service_area_text(&areas)).unwrap(), areas);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_line_without_its_district_or_villages_is_named() {
        assert_eq!(service_area("Dau: Landungsari\nNgijo"), Err(InputProblem::BadAreaLine(2)));
        assert_eq!(service_area("Dau:"), Err(InputProblem::BadAreaLine(1)));
        assert_eq!(service_area(": Ngijo"), Err(InputProblem::BadAreaLine(1)));
        assert_eq!(service_area("Dau: <b>x</b>"), Err(InputProblem::BadAreaLine(1)));
        assert_eq!(service_area(" \n "), Err(InputProblem::Required("areas".into())));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn codes_and_prefixes() {
        assert_eq!(office_code(" 02 "), Ok("02".into()));
        assert_eq!(office_code("2a"), Err(InputProblem::BadOfficeCode));
        assert_eq!(office_code("12345"), Err(InputProblem::BadOfficeCode));
        assert_eq!(ticket_prefix("c"), Ok("C".into()));
        assert_eq!(ticket_prefix("CC"), Err(InputProblem::BadPrefix));
        assert_eq!(ticket_prefix("1"), Err(InputProblem::BadPrefix));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_week_is_typed_with_dots_or_colons_and_closed_days_empty() {
        let mut typed = vec![("07.30".to_string(), "15:30".to_string()); 5];
        typed.push((String::new(), String::new()));
        typed.push((String::new(), String::new()));
        let week = week_hours(&typed).unwrap();
        assert_eq!(week.days.len(), 5);
        assert_eq!(week.days[0].opens, NaiveTime::from_hms_opt(7, 30, 0).unwrap());
        typed[2].1 = "07.00".into();
        assert_eq!(week_hours(&typed), Err(InputProblem::BadHours(3)));
        typed[2].1 = "pagi".into();
        assert_eq!(week_hours(&typed), Err(InputProblem::BadHours(3)));
        typed[2] = ("08.00".into(), String::new());
        assert_eq!(week_hours(&typed), Err(InputProblem::BadHours(3)));
        assert_eq!(week_hours(&typed[..5]), Err(InputProblem::Required("week".into())));
    }
}
