//! Dates as analysts write them: a day, a month, a quarter or a year.
//!
//! Sources are often dated only to a month, and forecasts to a quarter or a
//! year. The precision is part of the fact, so it is kept in the type and shown
//! as written ("Q2 2026", not "2026-04-01"). Ordering puts a coarser date
//! before the finer dates inside it, so "2026" sorts before "2026-Q1", which
//! sorts before "2026-01" and "2026-01-05".

use std::cmp::Ordering;
use std::fmt;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatePrecision {
    Year,
    Quarter,
    Month,
    Day,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Year => "year",
            DatePrecision::Quarter => "quarter",
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
        }
    }
}

/// A calendar date at a stated precision. Fields that the precision does not
/// cover are zero, so two equal dates are equal field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    year: u16,
    /// 1-4 for quarter precision, otherwise 0.
    quarter: u8,
    /// 1-12 for month and day precision, otherwise 0.
    month: u8,
    /// 1-31 for day precision, otherwise 0.
    day: u8,
}

/// The accepted forms, quoted in every date error.
pub const DATE_FORMS: &str = "2026-06-18 (day), 2026-06 (month), 2026-Q2 (quarter) or 2026 (year)";

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    pub fn day(year: u16, month: u8, day: u8) -> Option<Date> {
        let ok = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Date {
            year,
            quarter: 0,
            month,
            day,
        })
    }

    pub fn month(year: u16, month: u8) -> Option<Date> {
        (1..=12).contains(&month).then_some(Date {
            year,
            quarter: 0,
            month,
            day: 0,
        })
    }

    pub fn quarter(year: u16, quarter: u8) -> Option<Date> {
        (1..=4).contains(&quarter).then_some(Date {
            year,
            quarter,
            month: 0,
            day: 0,
        })
    }

    pub fn year(year: u16) -> Date {
        Date {
            year,
            quarter: 0,
            month: 0,
            day: 0,
        }
    }

    /// Parses one of the four accepted forms; `None` for anything else.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let mut parts = text.split('-');
        let year = parse_fixed(parts.next()?, 4)?;
        if !(1..=9999).contains(&year) {
            return None;
        }
        let year = year as u16;
        let Some(second) = parts.next() else {
            return Some(Date::year(year));
        };
        if let Some(q) = second.strip_prefix('Q') {
            if parts.next().is_some() || q.len() != 1 {
                return None;
            }
            return Date::quarter(year, parse_fixed(q, 1)? as u8);
        }
        let month = parse_fixed(second, 2)? as u8;
        let Some(third) = parts.next() else {
            return Date::month(year, month);
        };
        if parts.next().is_some() {
            return None;
        }
        Date::day(year, month, parse_fixed(third, 2)? as u8)
    }

    pub fn precision(&self) -> DatePrecision {
        if self.day != 0 {
            DatePrecision::Day
        } else if self.month != 0 {
            DatePrecision::Month
        } else if self.quarter != 0 {
            DatePrecision::Quarter
        } else {
            DatePrecision::Year
        }
    }

    pub fn year_number(&self) -> u16 {
        self.year
    }

    /// The quarter this date falls in, when it is at least that precise.
    pub fn quarter_number(&self) -> Option<u8> {
        match self.precision() {
            DatePrecision::Year => None,
            DatePrecision::Quarter => Some(self.quarter),
            DatePrecision::Month | DatePrecision::Day => Some((self.month - 1) / 3 + 1),
        }
    }

    /// The first day the date covers, as (year, month, day).
    pub fn first_day(&self) -> (u16, u8, u8) {
        match self.precision() {
            DatePrecision::Year => (self.year, 1, 1),
            DatePrecision::Quarter => (self.year, (self.quarter - 1) * 3 + 1, 1),
            DatePrecision::Month => (self.year, self.month, 1),
            DatePrecision::Day => (self.year, self.month, self.day),
        }
    }

    /// The last day the date covers, as (year, month, day).
    pub fn last_day(&self) -> (u16, u8, u8) {
        let (y, m) = match self.precision() {
            DatePrecision::Year => (self.year, 12),
            DatePrecision::Quarter => (self.year, self.quarter * 3),
            DatePrecision::Month => (self.year, self.month),
            DatePrecision::Day => return (self.year, self.month, self.day),
        };
        (y, m, days_in_month(y, m))
    }

    /// True when the whole span of `self` lies after the whole span of `other`:
    /// "2026-Q3" is after "2026-06-24", but "2026-06" is not.
    pub fn is_after(&self, other: &Date) -> bool {
        self.first_day() > other.last_day()
    }

    /// The machine-readable form, as accepted by HTML's `<time datetime>`.
    pub fn iso(&self) -> String {
        match self.precision() {
            DatePrecision::Year => format!("{:04}", self.year),
            // HTML has no quarter form: the quarter's first month is the
            // nearest valid value, and the visible text keeps the quarter.
            DatePrecision::Quarter => format!("{:04}-{:02}", self.year, (self.quarter - 1) * 3 + 1),
            DatePrecision::Month => format!("{:04}-{:02}", self.year, self.month),
            DatePrecision::Day => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }

    /// The form the analyst wrote, e.g. `2026-Q2`.
    pub fn source_form(&self) -> String {
        match self.precision() {
            DatePrecision::Quarter => format!("{:04}-Q{}", self.year, self.quarter),
            _ => self.iso(),
        }
    }

    fn sort_key(&self) -> (u16, u8, u8, DatePrecision) {
        // A coarser date sorts before the finer dates it contains: a year
        // starts at month 0, a quarter or month at day 0, and at equal
        // starts the coarser precision wins.
        let (month, day) = match self.precision() {
            DatePrecision::Year => (0, 0),
            DatePrecision::Quarter => ((self.quarter - 1) * 3 + 1, 0),
            DatePrecision::Month => (self.month, 0),
            DatePrecision::Day => (self.month, self.day),
        };
        (self.year, month, day, self.precision())
    }
}

/// As the analyst writes it (`2026-Q2`), for the data exports.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}", self.source_form()))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Human form at the date's precision: "18 June 2026", "June 2026",
/// "Q2 2026", "2026".
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            DatePrecision::Year => write!(f, "{}", self.year),
            DatePrecision::Quarter => write!(f, "Q{} {}", self.quarter, self.year),
            DatePrecision::Month => write!(f, "{} {}", MONTHS[self.month as usize - 1], self.year),
            DatePrecision::Day => write!(
                f,
                "{} {} {}",
                self.day,
                MONTHS[self.month as usize - 1],
                self.year
            ),
        }
    }
}

fn parse_fixed(text: &str, width: usize) -> Option<u32> {
    if text.len() != width || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Today's date in UTC as a day-precision `Date`, for stamping quote
/// verifications. `SOURCE_DATE_EPOCH` overrides the clock so that builds can
/// be reproduced exactly.
pub fn today() -> Date {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    Date::day(y, m, d).unwrap_or(Date::year(1970))
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day), by the
/// well-known era arithmetic (400-year cycles of 146,097 days).
fn civil_from_days(days: i64) -> (u16, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year.clamp(1, 9999) as u16, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_rejects_the_rest() {
        assert_eq!(
            Date::parse("2026-06-18").unwrap().precision(),
            DatePrecision::Day
        );
        assert_eq!(
            Date::parse("2026-06").unwrap().precision(),
            DatePrecision::Month
        );
        assert_eq!(
            Date::parse("2026-Q2").unwrap().precision(),
            DatePrecision::Quarter
        );
        assert_eq!(
            Date::parse("2026").unwrap().precision(),
            DatePrecision::Year
        );
        for bad in [
            "2026-13",
            "2026-13-01",
            "2026-02-30",
            "2026-Q5",
            "2026-Q0",
            "26-06",
            "2026-6",
            "2026-06-1",
            "June 2026",
            "",
            "2026-06-18-01",
            "2026-Q2-01",
            "0000",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad:?} should be rejected");
        }
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-02-29").is_none());
    }

    #[test]
    fn displays_at_its_precision() {
        let shown: Vec<String> = ["2026-06-18", "2026-06", "2026-Q2", "2026"]
            .iter()
            .map(|s| Date::parse(s).unwrap().to_string())
            .collect();
        assert_eq!(shown, ["18 June 2026", "June 2026", "Q2 2026", "2026"]);
        assert_eq!(Date::parse("2026-Q3").unwrap().iso(), "2026-07");
        assert_eq!(Date::parse("2026-Q3").unwrap().source_form(), "2026-Q3");
    }

    #[test]
    fn coarser_dates_sort_before_the_finer_dates_inside_them() {
        let mut dates: Vec<Date> = [
            "2026-04-01",
            "2026-Q2",
            "2026-04",
            "2026",
            "2026-03-31",
            "2025-12",
            "2026-Q1",
        ]
        .iter()
        .map(|s| Date::parse(s).unwrap())
        .collect();
        dates.sort();
        let order: Vec<String> = dates.iter().map(Date::source_form).collect();
        assert_eq!(
            order,
            [
                "2025-12",
                "2026",
                "2026-Q1",
                "2026-03-31",
                "2026-Q2",
                "2026-04",
                "2026-04-01"
            ]
        );
    }

    #[test]
    fn after_means_wholly_after() {
        let as_of = Date::parse("2026-06-24").unwrap();
        assert!(Date::parse("2026-Q3").unwrap().is_after(&as_of));
        assert!(Date::parse("2027").unwrap().is_after(&as_of));
        assert!(!Date::parse("2026-06").unwrap().is_after(&as_of));
        assert!(!Date::parse("2026").unwrap().is_after(&as_of));
        assert!(Date::parse("2026-06-25").unwrap().is_after(&as_of));
    }

    #[test]
    fn civil_dates_from_day_counts() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(20_416), (2025, 11, 24));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
