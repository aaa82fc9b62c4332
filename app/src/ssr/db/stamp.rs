//! Stored moments: RFC 3339 in UTC at a fixed width, so text order is time order. `Stamp` reads
//! them back in row structs, with one policy for text that does not read as a moment: a
//! decoding error naming the column, never a guessed time.

use chrono::{DateTime, NaiveDateTime, Utc};
use sqlx::any::{Any, AnyTypeInfo};
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Type};

/// A moment as stored.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A stored moment read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp(pub DateTime<Utc>);

impl Stamp {
    pub fn parse(s: &str) -> Result<Stamp, chrono::ParseError> {
        DateTime::parse_from_rfc3339(s).map(|t| Stamp(t.with_timezone(&Utc)))
    }

    /// The WIB wall-clock time pages show.
    pub fn wib(self) -> NaiveDateTime {
        self.0.with_timezone(&crate::ssr::clock::wib()).naive_local()
    }
}

impl Type<Any> for Stamp {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <String as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for Stamp {
    fn decode(value: <Any as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<'r, Any>>::decode(value)?;
        Stamp::parse(text).map_err(|e| format!("not a stored moment ({text}): {e}").into())
    }
}

/// Read from JSON text (a query that aggregates rows as JSON) by the same rule as from a column.
impl<'de> serde::Deserialize<'de> for Stamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Stamp;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a stored moment")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Stamp, E> {
                Stamp::parse(text).map_err(|e| E::custom(format!("not a stored moment ({text}): {e}")))
            }
        }
        d.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_round_trip_and_sort_as_text() {
        let t = DateTime::parse_from_rfc3339("2026-11-30T03:04:05Z").unwrap().with_timezone(&Utc);
        assert_eq!(stamp(t), "2026-11-30T03:04:05Z");
        assert_eq!(Stamp::parse(&stamp(t)).unwrap(), Stamp(t));
        assert_eq!(Stamp(t).wib().to_string(), "2026-11-30 10:04:05");
        assert!(stamp(t) < stamp(t + chrono::Duration::seconds(1)));
        assert!(Stamp::parse("kemarin").is_err());
        assert_eq!(serde_json::from_str::<Stamp>("\"2026-11-30T03:04:05Z\"").unwrap(), Stamp(t));
        assert!(serde_json::from_str::<Stamp>("\"kemarin\"").is_err());
    }
}
