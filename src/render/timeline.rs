//! The timeline's shape: events grouped by year and quarter, with the as-of
//! line placed where the as-of date falls.
//!
//! An event known only to its year cannot go in a quarter, so each year
//! starts with a "whole year" group for such events; this matches the date
//! order, where a year sorts before the quarters inside it.

use super::context::EventView;
use super::hashed::Hashed;
use crate::model::ui::Interface;
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
    /// For the as-of line: whether events dated after it follow.
    pub later: bool,
}

/// Groups `views` (in the same, date-sorted order as `events`). The as-of
/// line goes before the first event dated after the as-of date, in the
/// year and quarter of the as-of date itself (made for it if no event is
/// there), so that it never sits under a later period's heading.
///
/// `events` may be one page of a timeline split over several (see
/// [`super::parts`]); `line` says whether the as-of line is on this one.
pub fn group<'a>(
    events: &[Event],
    views: &'a [Hashed<EventView>],
    as_of: Date,
    line: bool,
    ui: &Interface,
) -> Vec<YearGroup<'a>> {
    let as_of_index = as_of_index(events, as_of);
    let as_of_line = || Item {
        event: None,
        as_of: true,
        later: as_of_index < events.len(),
    };
    let mut years: Vec<YearGroup<'a>> = Vec::new();
    for (i, (event, view)) in events.iter().zip(views).enumerate() {
        if line && i == as_of_index {
            items_of(&mut years, as_of, ui).push(as_of_line());
        }
        items_of(&mut years, event.date, ui).push(Item {
            event: Some(view),
            as_of: false,
            later: false,
        });
    }
    if line && as_of_index == events.len() {
        items_of(&mut years, as_of, ui).push(as_of_line());
    }
    years
}

/// Where the as-of line goes among `events` (in date order): before the
/// first event dated after the as-of date, or after them all.
pub fn as_of_index(events: &[Event], as_of: Date) -> usize {
    events
        .iter()
        .position(|e| e.date > as_of)
        .unwrap_or(events.len())
}

/// The items of the period `date` falls in: the last period, or a new one
/// after it (dates come in order).
fn items_of<'y, 'a>(
    years: &'y mut Vec<YearGroup<'a>>,
    date: Date,
    ui: &Interface,
) -> &'y mut Vec<Item<'a>> {
    let year = date.year_number();
    let (label, anchor) = match date.quarter_number() {
        Some(q) if date.precision() != DatePrecision::Year => {
            (format!("Q{q} {year}"), format!("q{q}-{year}"))
        }
        _ => (
            ui.fill("whole_year", &[("year", &year.to_string())]),
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
    &mut periods.last_mut().expect("pushed above").items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Files, Span};

    fn event(date: &str) -> Event {
        let file = Files::default().add("timeline.yaml", String::new());
        Event {
            id: None,
            date: Date::parse(date).unwrap(),
            title: date.into(),
            detail: None,
            expected: false,
            claims: Vec::new(),
            sources: Vec::new(),
            span: Span::file_start(file),
        }
    }

    /// Each period's label with its items: `as-of` or the event's date.
    fn shape(events: &[&str], as_of: &str) -> Vec<(String, Vec<String>)> {
        let events: Vec<Event> = events.iter().map(|d| event(d)).collect();
        let views: Vec<Hashed<EventView>> = events
            .iter()
            .map(|e| {
                Hashed::new(EventView {
                    anchor: String::new(),
                    date: super::super::context::DateView::of(&e.date),
                    title: e.title.clone(),
                    detail_html: None,
                    expected: false,
                    claims: Vec::new(),
                    sources: Vec::new(),
                    path: crate::model::SitePath::new(""),
                })
            })
            .collect();
        group(
            &events,
            &views,
            Date::parse(as_of).unwrap(),
            true,
            &Interface::default(),
        )
        .into_iter()
        .flat_map(|y| y.periods)
        .map(|p| {
            let items = p
                .items
                .iter()
                .map(|i| match i.event {
                    Some(v) => v.title.clone(),
                    None => "as-of".into(),
                })
                .collect();
            (p.label, items)
        })
        .collect()
    }

    #[test]
    fn the_as_of_line_stays_in_its_own_period() {
        // The next event is a year later: the line is not under 2027.
        assert_eq!(
            shape(&["2026-03-02", "2027"], "2026-06-29"),
            [
                ("Q1 2026".to_string(), vec!["2026-03-02".to_string()]),
                ("Q2 2026".to_string(), vec!["as-of".to_string()]),
                (
                    "2027 as a whole (no finer date)".to_string(),
                    vec!["2027".to_string()]
                ),
            ]
        );
        // In the same quarter as events before and after it.
        assert_eq!(
            shape(&["2026-04-01", "2026-06-30"], "2026-06-29"),
            [(
                "Q2 2026".to_string(),
                vec![
                    "2026-04-01".to_string(),
                    "as-of".to_string(),
                    "2026-06-30".to_string()
                ]
            )]
        );
        // After every event.
        assert_eq!(
            shape(&["2025-Q4"], "2026-06-29").last().unwrap().1,
            ["as-of"]
        );
    }
}
