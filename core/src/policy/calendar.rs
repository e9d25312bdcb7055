//! Business-hours calendars: compiled from [`CalendarAst`], checked against
//! a timestamp in the site's or the customer's time zone.

use std::fmt::Write as _;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

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
            // Sorted as one u64 key per interval (the tuple order): the
            // u64 sort is already in the WASM engine, a (u16, u16) sort
            // would add 8 KB of code.
            let mut keys: Vec<u64> = day
                .iter()
                .map(|&(s, e)| u64::from(s) << 16 | u64::from(e))
                .collect();
            keys.sort_unstable();
            day.clear();
            day.extend(keys.iter().map(|&k| ((k >> 16) as u16, k as u16)));
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
        if !explain {
            let (tz, _) = self.zone(customer_zone);
            return Check {
                open: self.at(&now.to_zoned(tz)).0,
                explain: String::new(),
            };
        }
        let mut explain = String::with_capacity(64);
        let open = self.explain(now, customer_zone, &mut explain);
        Check { open, explain }
    }

    /// The zone `now` is read in, and whether the customer's zone was used
    /// (`None`: not a `local customer` calendar).
    fn zone<'z>(&self, customer_zone: Option<&'z str>) -> (TimeZone, Option<Zone<'z>>) {
        if !self.local_customer {
            return (self.tz.clone(), None);
        }
        match customer_zone.map(|name| (name, crate::tz::zone(name))) {
            Some((name, Some(tz))) => (tz, Some(Zone::Used(name))),
            Some((name, None)) => (self.tz.clone(), Some(Zone::Invalid(name))),
            None => (self.tz.clone(), Some(Zone::Missing)),
        }
    }

    /// Whether the calendar is open at `local`, whether that day is a
    /// holiday, and that weekday's opening hours.
    fn at(&self, local: &Zoned) -> (bool, bool, &[(u16, u16)]) {
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
        (open, holiday, spans)
    }

    /// Appends to `out` why the calendar is open or closed at `now` (the
    /// explanation of [`Calendar::check`]), and returns whether it is.
    /// Written digit by digit: this runs for every trace read.
    pub(crate) fn explain(
        &self,
        now: Timestamp,
        customer_zone: Option<&str>,
        out: &mut String,
    ) -> bool {
        let (tz, zone) = self.zone(customer_zone);
        let local = now.to_zoned(tz);
        let (open, holiday, spans) = self.at(&local);
        write_local(&local, out);
        out.push_str(" (");
        out.push_str(match local.weekday() {
            Weekday::Monday => "Mon",
            Weekday::Tuesday => "Tue",
            Weekday::Wednesday => "Wed",
            Weekday::Thursday => "Thu",
            Weekday::Friday => "Fri",
            Weekday::Saturday => "Sat",
            Weekday::Sunday => "Sun",
        });
        match zone {
            None => {}
            Some(Zone::Used(name)) => {
                out.push_str(", customer zone ");
                out.push_str(name);
            }
            Some(Zone::Invalid(name)) => {
                out.push_str(", customer zone `");
                out.push_str(name);
                out.push_str("` invalid, used site zone");
            }
            Some(Zone::Missing) => out.push_str(", customer zone missing, used site zone"),
        }
        // The thresholds used: that day's opening hours.
        if spans.is_empty() {
            out.push_str(", closed all day");
        } else {
            out.push_str(", hours");
            for &(start, end) in spans {
                let _ = write!(out, " {}-{}", Clock(start), Clock(end));
            }
        }
        out.push_str(if holiday {
            ") holiday"
        } else if open {
            ") within"
        } else {
            ") outside"
        });
        open
    }
}

/// How a `local customer` calendar found the customer's zone.
enum Zone<'a> {
    Used(&'a str),
    Invalid(&'a str),
    Missing,
}

/// Appends `v` as two digits at least (`{v:02}`).
fn write_2(v: u16, out: &mut String) {
    if v < 100 {
        let v = v as u8;
        out.push(char::from(b'0' + v / 10));
        out.push(char::from(b'0' + v % 10));
    } else {
        let _ = write!(out, "{v}");
    }
}

/// Appends `local` as `%Y-%m-%dT%H:%M:%S%:z` formats it in jiff
/// (`2026-11-20T18:30:00+08:00`). Years before 0 and offsets with seconds,
/// which jiff writes otherwise, are left to jiff.
fn write_local(local: &Zoned, out: &mut String) {
    let offset = local.offset().seconds();
    let Ok(year) = u16::try_from(local.year()) else {
        let _ = write!(out, "{}", local.strftime("%Y-%m-%dT%H:%M:%S%:z"));
        return;
    };
    if offset % 60 != 0 {
        let _ = write!(out, "{}", local.strftime("%Y-%m-%dT%H:%M:%S%:z"));
        return;
    }
    write_2(year / 100, out);
    write_2(year % 100, out);
    for (sep, v) in [
        ('-', local.month()),
        ('-', local.day()),
        ('T', local.hour()),
        (':', local.minute()),
        (':', local.second()),
    ] {
        out.push(sep);
        write_2(v.unsigned_abs().into(), out);
    }
    out.push(if offset < 0 { '-' } else { '+' });
    let minutes = offset.unsigned_abs() / 60;
    // Offsets are under 26 hours.
    write_2((minutes / 60) as u16, out);
    out.push(':');
    write_2((minutes % 60) as u16, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The explanation as `check` wrote it before it was written by hand
    /// (jiff's strftime and `write!`): the reference.
    fn explained_by_fmt(cal: &Calendar, now: Timestamp, customer_zone: Option<&str>) -> String {
        let mut note = String::new();
        let tz = if cal.local_customer {
            let found = customer_zone.map(|name| (name, crate::tz::zone(name)));
            match found {
                Some((name, Some(_))) => {
                    let _ = write!(note, ", customer zone {name}");
                }
                Some((name, None)) => {
                    let _ = write!(note, ", customer zone `{name}` invalid, used site zone");
                }
                None => note.push_str(", customer zone missing, used site zone"),
            }
            match found {
                Some((_, Some(tz))) => tz,
                _ => cal.tz.clone(),
            }
        } else {
            cal.tz.clone()
        };
        let local = now.to_zoned(tz);
        let date = local.date();
        let minute =
            u16::from(local.hour().unsigned_abs()) * 60 + u16::from(local.minute().unsigned_abs());
        let weekday = local.weekday().to_monday_zero_offset();
        let holiday = cal
            .holidays
            .iter()
            .any(|(from, to)| *from <= date && date <= *to);
        let spans = &cal.week[usize::from(weekday.unsigned_abs())];
        let open = !holiday
            && spans
                .iter()
                .any(|&(start, end)| start <= minute && minute < end);
        if spans.is_empty() {
            note.push_str(", closed all day");
        } else {
            note.push_str(", hours");
            for &(start, end) in spans {
                let _ = write!(note, " {}-{}", Clock(start), Clock(end));
            }
        }
        format!(
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
        )
    }

    fn calendar(zone: &str, local_customer: bool) -> Calendar {
        let mut week: [Vec<(u16, u16)>; 7] = Default::default();
        week[0] = vec![(9 * 60, 18 * 60)];
        week[2] = vec![(0, 5), (9 * 60 + 30, 12 * 60), (13 * 60, 24 * 60)];
        week[4] = vec![(8 * 60, 20 * 60)];
        week[5] = vec![(10 * 60, 12 * 60), (13 * 60 + 15, 16 * 60 + 45)];
        Calendar {
            name: "c".to_string(),
            tz: crate::tz::zone(zone).unwrap(),
            local_customer,
            week,
            holidays: vec![
                (
                    jiff::civil::date(2026, 10, 1),
                    jiff::civil::date(2026, 10, 7),
                ),
                (jiff::civil::date(1900, 1, 1), jiff::civil::date(1900, 1, 1)),
            ],
        }
    }

    #[test]
    fn explanations_are_what_strftime_and_write_made() {
        let zones = [
            "UTC",
            "Asia/Shanghai",
            "America/New_York",
            "Asia/Kathmandu",
            "America/St_Johns",
            "Pacific/Kiritimati",
            "Pacific/Pago_Pago",
            "Europe/Amsterdam",
            "Africa/Monrovia",
        ];
        let mut instants: Vec<Timestamp> = vec![
            Timestamp::MIN,
            Timestamp::MAX,
            "0000-01-01T00:00:00Z".parse().unwrap(),
            "-000001-12-31T23:59:59Z".parse().unwrap(),
            "9999-12-30T12:00:00Z".parse().unwrap(),
            "1900-01-01T12:00:00Z".parse().unwrap(),
            "1935-06-01T12:00:00Z".parse().unwrap(),
            "1970-06-01T12:00:00Z".parse().unwrap(),
            "2026-10-03T08:00:00Z".parse().unwrap(),
        ];
        // every 7 hours 13 minutes and 7 seconds over two weeks of 2026
        let start: Timestamp = "2026-11-16T00:00:00Z".parse().unwrap();
        for k in 0..48 {
            instants.push(start + jiff::SignedDuration::from_secs(k * (7 * 3600 + 13 * 60 + 7)));
        }
        let mut checked = 0;
        let mut seen = String::new();
        for site in zones {
            for local_customer in [false, true] {
                let cal = calendar(site, local_customer);
                for customer in [None, Some("Asia/Kolkata"), Some("Nowhere/Atlantis")]
                    .into_iter()
                    .chain(zones.map(Some))
                {
                    for &now in &instants {
                        let want = explained_by_fmt(&cal, now, customer);
                        let got = cal.check(now, customer, true);
                        assert_eq!(got.explain, want);
                        assert_eq!(got.open, cal.check(now, customer, false).open, "{want}");
                        let mut out = String::from("x");
                        assert_eq!(cal.explain(now, customer, &mut out), got.open);
                        assert_eq!(out, format!("x{want}"));
                        checked += 1;
                        seen.push_str(&want);
                        seen.push('\n');
                    }
                }
            }
        }
        assert!(checked > 5000);
        // jiff's own cases: years before 0, offsets with seconds (LMT)
        assert!(seen.contains("\n-9999-"), "{seen}");
        assert!(seen.contains("\n-001-12-31T"), "{seen}");
        if cfg!(feature = "tzdb") {
            // (the compact table gives old instants today's offsets)
            assert!(seen.contains("-00:43:08 ("), "{seen}");
            assert!(seen.contains("-11:22:48 ("), "{seen}");
        }
    }

    #[test]
    fn two_digits_at_least() {
        for v in [0, 7, 10, 59, 99, 100, 1092, u16::MAX] {
            let mut out = String::new();
            write_2(v, &mut out);
            assert_eq!(out, format!("{v:02}"));
        }
    }
}
