//! Business-hours calendars: compiled from [`CalendarAst`], checked against
//! a timestamp in the site's or the customer's time zone.

use std::fmt::Write as _;

use jiff::civil::Date;
use jiff::tz::{TimeZone, TimeZoneDatabase};
use jiff::Timestamp;

use super::ast::{CalendarAst, Local};
use super::lexer::error_at;
use crate::error::{did_you_mean, Result};

/// Looks up an IANA zone in the tzdb bundled into the binary (never the
/// system's zoneinfo: the core does no I/O).
pub(crate) fn zone(name: &str) -> Option<TimeZone> {
    TimeZoneDatabase::bundled().get(name).ok()
}

/// A compiled calendar.
#[derive(Clone, Debug)]
pub(crate) struct Calendar {
    pub name: String,
    tz: TimeZone,
    local_customer: bool,
    /// Open ranges per weekday (Monday first), minutes since midnight, end
    /// exclusive.
    week: [Vec<(u16, u16)>; 7],
    /// Inclusive date ranges.
    holidays: Vec<(Date, Date)>,
}

/// Whether a moment falls within business hours, and how it was decided.
pub(crate) struct Check {
    pub open: bool,
    /// E.g. `2026-11-20T18:30:00+08:00 (Fri) outside`.
    pub explain: String,
}

impl Calendar {
    pub(crate) fn compile(ast: &CalendarAst) -> Result<Calendar> {
        let tz = zone(&ast.time_zone.v).ok_or_else(|| {
            let db = TimeZoneDatabase::bundled();
            let names: Vec<String> = db.available().map(|n| n.as_str().to_string()).collect();
            error_at(
                ast.time_zone.pos,
                format!(
                    "unknown time zone `{}`{} (use an IANA name such as \"Asia/Shanghai\")",
                    ast.time_zone.v,
                    did_you_mean(&ast.time_zone.v, names.iter().map(String::as_str))
                ),
            )
        })?;
        let mut week: [Vec<(u16, u16)>; 7] = Default::default();
        for h in &ast.hours {
            for day in &h.days {
                for t in &h.times {
                    week[day.index()].push((t.start.v.0, t.end.0));
                }
            }
        }
        Ok(Calendar {
            name: ast.name.v.clone(),
            tz,
            local_customer: ast.local == Local::Customer,
            week,
            holidays: ast
                .holidays
                .iter()
                .map(|h| (h.from.v, h.to.unwrap_or(h.from.v)))
                .collect(),
        })
    }

    /// Checks `now` in the calendar's zone (or the customer's, for `local
    /// customer` calendars).
    pub(crate) fn check(&self, now: Timestamp, customer_zone: Option<&str>) -> Check {
        let mut note = String::new();
        let tz = if self.local_customer {
            match customer_zone {
                Some(name) => match zone(name) {
                    Some(tz) => {
                        let _ = write!(note, ", customer zone {name}");
                        tz
                    }
                    None => {
                        let _ = write!(note, ", customer zone `{name}` invalid, used site zone");
                        self.tz.clone()
                    }
                },
                None => {
                    note.push_str(", customer zone missing, used site zone");
                    self.tz.clone()
                }
            }
        } else {
            self.tz.clone()
        };
        let local = now.to_zoned(tz);
        let date = local.date();
        let minute =
            u16::from(local.hour().unsigned_abs()) * 60 + u16::from(local.minute().unsigned_abs());
        let weekday = local.weekday().to_monday_zero_offset();
        let holiday = self
            .holidays
            .iter()
            .any(|(from, to)| *from <= date && date <= *to);
        let open = !holiday
            && self.week[usize::from(weekday.unsigned_abs())]
                .iter()
                .any(|&(start, end)| start <= minute && minute < end);
        let mut explain = String::with_capacity(48);
        let _ = write!(
            explain,
            "{} ({}{}) {}",
            local.strftime("%Y-%m-%dT%H:%M:%S%:z"),
            local.strftime("%a"),
            note,
            if holiday {
                "holiday"
            } else if open {
                "within"
            } else {
                "outside"
            }
        );
        Check { open, explain }
    }
}
