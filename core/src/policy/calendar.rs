//! Business-hours calendars: compiled from [`CalendarAst`], checked against
//! a timestamp in the site's or the customer's time zone.

use std::fmt::Write as _;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::ast::{CalendarAst, Clock, Local};
use super::lexer::error_at;
use crate::error::{did_you_mean, Result};

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
    /// E.g. `2026-11-20T18:30:00+08:00 (Fri, hours 09:00-18:00) outside`.
    pub explain: String,
}

impl Calendar {
    pub(crate) fn compile(ast: &CalendarAst) -> Result<Calendar> {
        let tz = crate::tz::zone(&ast.time_zone.v).ok_or_else(|| {
            let names = crate::tz::names();
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
        for day in &mut week {
            day.sort_unstable();
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
    /// customer` calendars). The explanation is only written when `explain`
    /// is true (it is the costly part).
    pub(crate) fn check(
        &self,
        now: Timestamp,
        customer_zone: Option<&str>,
        explain: bool,
    ) -> Check {
        let mut note = String::new();
        let tz = if self.local_customer {
            let found = customer_zone.map(|name| (name, crate::tz::zone(name)));
            if explain {
                match found {
                    Some((name, Some(_))) => {
                        let _ = write!(note, ", customer zone {name}");
                    }
                    Some((name, None)) => {
                        let _ = write!(note, ", customer zone `{name}` invalid, used site zone");
                    }
                    None => note.push_str(", customer zone missing, used site zone"),
                }
            }
            match found {
                Some((_, Some(tz))) => tz,
                _ => self.tz.clone(),
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
        let spans = &self.week[usize::from(weekday.unsigned_abs())];
        let open = !holiday
            && spans
                .iter()
                .any(|&(start, end)| start <= minute && minute < end);
        if !explain {
            return Check {
                open,
                explain: String::new(),
            };
        }
        // The thresholds used: that day's opening hours.
        if spans.is_empty() {
            note.push_str(", closed all day");
        } else {
            note.push_str(", hours");
            for &(start, end) in spans {
                let _ = write!(note, " {}-{}", Clock(start), Clock(end));
            }
        }
        let mut explain = String::with_capacity(64);
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
