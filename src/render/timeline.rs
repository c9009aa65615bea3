//! The timeline's shape: events grouped by year and quarter, with the as-of
//! line placed where the as-of date falls.
//!
//! An event known only to its year cannot go in a quarter, so each year
//! starts with a "whole year" group for such events; this matches the date
//! order, where a year sorts before the quarters inside it.

use super::context::EventView;
use super::hashed::Hashed;
use crate::model::{Date, DatePrecision, Event};
use serde::Serialize;

#[derive(Serialize)]
pub struct YearGroup<'a> {
    pub year: u16,
    pub anchor: String,
    pub periods: Vec<Period<'a>>,
}

/// A quarter of a year, or the year as a whole.
#[derive(Serialize)]
pub struct Period<'a> {
    pub label: String,
    pub anchor: String,
    pub items: Vec<Item<'a>>,
}

/// An event, or the as-of line.
#[derive(Serialize)]
pub struct Item<'a> {
    pub event: Option<&'a Hashed<EventView>>,
    pub as_of: bool,
}

/// Groups `views` (in the same, date-sorted order as `events`).
pub fn group<'a>(
    events: &[Event],
    views: &'a [Hashed<EventView>],
    as_of: Date,
) -> Vec<YearGroup<'a>> {
    let as_of_index = events
        .iter()
        .position(|e| e.date > as_of)
        .unwrap_or(events.len());
    let mut years: Vec<YearGroup<'a>> = Vec::new();
    for (i, (event, view)) in events.iter().zip(views).enumerate() {
        let year = event.date.year_number();
        let (label, anchor) = match event.date.quarter_number() {
            Some(q) if event.date.precision() != DatePrecision::Year => {
                (format!("Q{q} {year}"), format!("q{q}-{year}"))
            }
            _ => (
                format!("{year} as a whole (no finer date)"),
                format!("year-{year}"),
            ),
        };
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearGroup {
                year,
                anchor: format!("y{year}"),
                periods: Vec::new(),
            });
        }
        let periods = &mut years.last_mut().expect("pushed above").periods;
        if periods.last().is_none_or(|p| p.anchor != anchor) {
            periods.push(Period {
                label,
                anchor,
                items: Vec::new(),
            });
        }
        let items = &mut periods.last_mut().expect("pushed above").items;
        if i == as_of_index {
            items.push(Item {
                event: None,
                as_of: true,
            });
        }
        items.push(Item {
            event: Some(view),
            as_of: false,
        });
    }
    if as_of_index == events.len() {
        if let Some(period) = years.last_mut().and_then(|y| y.periods.last_mut()) {
            period.items.push(Item {
                event: None,
                as_of: true,
            });
        }
    }
    years
}
