//! Built-in entity patterns and their validators/normalizers.
//!
//! Patterns run on the text with full-width ASCII folded to half-width (see
//! [`super::fold`]), are written for leftmost-first semantics, and are all
//! bounded in length, so that retrying after a rejected candidate stays
//! linear. `\b` and `\d` are made ASCII-only before compiling: it keeps
//! the automaton small, and an ASCII `\b` never needs the slow Unicode
//! fallback of the lazy DFA.

use std::str::FromStr;

/// How a built-in match is checked and normalized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Check {
    Email,
    Url,
    Iban,
    Card,
    Ipv4,
    Ipv6,
    Date(DateForm),
    Money,
    Phone(PhoneForm),
}

/// The shapes of dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DateForm {
    /// `2026-11-20`, `2026/11/20`, `2026.11.20`
    Iso,
    /// `20/11/2026` (day first unless impossible), `20.11.2026`
    Dmy,
    /// `2026年11月20日`, `11月20日`
    Zh,
    /// `Nov 20`, `November 20th, 2026`
    MonthDay,
    /// `20 Nov`, `20th of November 2026`, `20 de noviembre de 2026`
    DayMonth,
    /// `today`, `昨天`, `mañana`…
    RelWord,
    /// `last friday`, `next week`, `上周五`, `el próximo lunes`…
    RelWeek,
    /// `3 days ago`, `三天前`, `hace 2 días`, `in 2 weeks`
    RelCount,
}

/// The shapes of phone numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PhoneForm {
    /// `+CC …` with spaces, dashes, dots or parentheses.
    Intl,
    /// Mainland China mobile `1[3-9]\d{9}`, optionally `86` first.
    CnMobile,
    /// North American `(415) 555-2671`, `415-555-2671`.
    Nanp,
}

const MONTHS_EN: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];
const MONTHS_ES: &[&str] = &[
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const WEEKDAYS_EN: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];
const WEEKDAYS_ES: &[&str] = &[
    "lunes",
    "martes",
    "miércoles",
    "miercoles",
    "jueves",
    "viernes",
    "sábado",
    "sabado",
    "domingo",
];
const NUMBERS_EN: &[&str] = &[
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];
const NUMBERS_ES: &[&str] = &[
    "un", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
];
const REL_WORDS: &[&str] = &[
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "hoy",
    "ayer",
    "anteayer",
    "antier",
    "mañana",
    "manana",
    "aujourd'hui",
    "hier",
    "demain",
    "heute",
    "gestern",
    "hoje",
    "ontem",
];
const CUR_CODES: &[&str] = &[
    "usd", "eur", "gbp", "cny", "rmb", "jpy", "hkd", "twd", "aud", "cad", "chf", "sgd", "krw",
    "inr", "mxn", "brl", "nzd", "sek", "nok", "dkk", "thb", "myr", "php", "idr", "vnd", "rub",
];
const CUR_WORDS: &[&str] = &[
    "dollars", "dollar", "bucks", "euros", "euro", "yuan", "yen", "pesos", "reais",
];
const CUR_SUFFIX_SIGNS: &[&str] = &[
    "€",
    "£",
    "¥",
    "块钱",
    "塊錢",
    "块",
    "塊",
    "元",
    "圆",
    "圓",
    "円",
    "日元",
    "日圓",
    "美元",
    "美金",
    "欧元",
    "歐元",
    "英镑",
    "英鎊",
    "港币",
    "港幣",
    "港元",
    "台币",
    "台幣",
    "新台币",
    "新台幣",
    "人民币",
    "人民幣",
];
const AMOUNT: &str = r"(?:\d{1,3}(?:[,. ]\d{3}){1,4}(?:[.,]\d{1,2})?|\d{1,12}(?:[.,]\d{1,2})?)";

/// An alternation of plain literals: each word lowercase, Capitalized and
/// UPPERCASE. The NFA compiler turns an all-literal alternation into a trie,
/// which keeps the automaton small and fast (a case-insensitive group would
/// not be one).
fn lits(words: &[&str]) -> String {
    let mut all: Vec<String> = Vec::with_capacity(words.len() * 3);
    for w in words {
        let mut cap = String::with_capacity(w.len());
        let mut cs = w.chars();
        if let Some(c) = cs.next() {
            cap.extend(c.to_uppercase());
            cap.push_str(cs.as_str());
        }
        for v in [w.to_string(), cap, w.to_uppercase()] {
            if !all.contains(&v) {
                all.push(v);
            }
        }
    }
    let escaped: Vec<String> = all.iter().map(|w| w.replace('\'', r"\'")).collect();
    format!("(?:{})", escaped.join("|"))
}

/// The built-in kinds' patterns, in priority order within a kind.
pub(super) fn patterns() -> Vec<(&'static str, Check, String)> {
    use Check::*;
    use DateForm::*;
    use PhoneForm::*;
    let months_en = lits(MONTHS_EN);
    let months_es = lits(MONTHS_ES);
    let weekdays_en = lits(WEEKDAYS_EN);
    let weekdays_es = lits(WEEKDAYS_ES);
    let num_en = format!(r"(?:\d{{1,3}}|{})", lits(NUMBERS_EN));
    let num_es = format!(r"(?:\d{{1,3}}|{})", lits(NUMBERS_ES));
    let rel_words = lits(REL_WORDS);
    let codes = lits(CUR_CODES);
    let cur_words = lits(CUR_WORDS);
    let signs = CUR_SUFFIX_SIGNS.join("|");
    let ordinal = lits(&["st", "nd", "rd", "th"]);
    let raw: Vec<(&str, Check, String)> = vec![
        ("email", Email, r"\b[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+){0,8}\.[A-Za-z]{2,24}\b".into()),
        ("url", Url, r"(?:https?://|HTTPS?://|Https?://|www\.|WWW\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]{1,1000}".into()),
        ("iban", Iban, r"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?\b".into()),
        ("card", Card, r"\b\d{4}(?:[ \-]?\d{4}){2}[ \-]?\d{1,4}(?:[ \-]?\d{1,3})?\b".into()),
        ("card", Card, r"\b\d{4}[ \-]?\d{6}[ \-]?\d{4,5}\b".into()),
        ("ip", Ipv4, r"\b(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\b".into()),
        ("ip", Ipv6, r"\b(?:[0-9A-Fa-f]{1,4}:){1,7}(?:(?::[0-9A-Fa-f]{1,4}){1,7}|[0-9A-Fa-f]{1,4}|:)|::[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6}".into()),
        ("date", Date(Iso), r"\b\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}\b".into()),
        ("date", Date(Dmy), r"\b\d{1,2}[\-/.]\d{1,2}[\-/.]\d{4}\b".into()),
        ("date", Date(Zh), r"(?:\b\d{4}\s?年\s?)?\b\d{1,2}\s?月\s?\d{1,2}\s?[日号號]".into()),
        ("date", Date(MonthDay), format!(r"\b{months_en}\b\.?\s?\d{{1,2}}{ordinal}?\b(?:,?\s\d{{4}}\b)?")),
        ("date", Date(DayMonth), format!(r"\b\d{{1,2}}{ordinal}?\s(?:of\s)?{months_en}\b\.?(?:,?\s\d{{4}}\b)?")),
        ("date", Date(DayMonth), format!(r"\b\d{{1,2}}\sde\s{months_es}\b(?:\sdel?\s\d{{4}}\b)?")),
        ("date", Date(RelWord), format!(r"\b(?:{rel_words}|(?:the\s)?day\s(?:before\syesterday|after\stomorrow)|pasado\sma[ñn]ana)\b")),
        ("date", Date(RelWord), "大前天|大后天|大後天|前天|后天|後天|今天|今日|昨天|昨日|明天|明日".into()),
        ("date", Date(RelWeek), format!(r"\b{}\s(?:{weekdays_en}|{})\b", lits(&["last", "next", "this", "coming", "past"]), lits(&["week", "weekend", "month", "year"]))),
        ("date", Date(RelWeek), r"(?:上|下|这|這|本)\s?(?:个|個)?\s?(?:周|週|星期|礼拜|禮拜)\s?[一二三四五六日天1-7]?|(?:上|下|这|這|本)\s?(?:个|個)?\s?月".into()),
        ("date", Date(RelWeek), format!(r"\b(?:[Ee]l\s)?(?:pr[óo]ximo|Pr[óo]ximo|pasado|Pasado)\s{weekdays_es}\b|\b(?:[Ee]l\s)?{weekdays_es}\s(?:pasado|que\sviene)\b|\b(?:[Ll]a\s)?(?:semana|mes)\s(?:pasada|pasado|que\sviene)\b")),
        ("date", Date(RelCount), format!(r"\b{num_en}\s{}\s(?:ago|AGO)\b|\b(?:in|In|IN)\s{num_en}\s{}\b|\b(?:hace|Hace)\s{num_es}\s{}\b", lits(&["days", "day", "weeks", "week", "months", "month"]), lits(&["days", "day", "weeks", "week"]), lits(&["días", "dias", "día", "dia", "semanas", "semana", "meses", "mes"]))),
        ("date", Date(RelCount), r"(?:\b\d{1,3}|[一二两三四五六七八九十]{1,3}|半)\s?(?:个|個)?\s?(?:天|周|週|星期|礼拜|禮拜|月)\s?(?:前|以前|之前|后|後|以后|以後|之后|之後)".into()),
        ("money", Money, format!(r"(?:\$|\b(?:US|HK|NT|AU|CA|NZ|MX|SG|JP|A|C|S|R|us|hk|nt)\$|€|£|¥|₩|₹|₽|\b{codes}\b|人民币|人民幣)\s?{AMOUNT}\b")),
        ("money", Money, format!(r"\b{AMOUNT}\s?(?:{signs}|\b{codes}\b|{cur_words}\b)")),
        ("phone", Phone(Intl), r"\+[1-9]\d{0,2}(?:[ \-.]?\(?\d{1,5}\)?){1,6}".into()),
        ("phone", Phone(CnMobile), r"\b(?:86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}\b".into()),
        ("phone", Phone(Nanp), r"(?:\(\d{3}\)\s?|\b\d{3}[\-.])\d{3}[\-.]\d{4}\b".into()),
    ];
    raw.into_iter()
        .map(|(k, c, p)| (k, c, p.replace(r"\b", r"(?-u:\b)").replace(r"\d", "[0-9]")))
        .collect()
}

/// Validates a candidate `hay[s..e]` and normalizes its value. May shorten
/// the match (returns the new end). `None` rejects it.
pub(super) fn check(c: Check, hay: &str, s: usize, e: usize) -> Option<(usize, String)> {
    let m = hay.get(s..e)?;
    match c {
        Check::Email => email(m).then(|| (e, m.to_ascii_lowercase())),
        Check::Url => url(m).map(|len| (s + len, m[..len].to_string())),
        Check::Iban => trim_groups(m, iban).map(|(len, v)| (s + len, v)),
        Check::Card => trim_groups(m, card).map(|(len, v)| (s + len, v)),
        Check::Ipv4 => ipv4(hay, s, e).then(|| (e, m.to_string())),
        Check::Ipv6 => ipv6(hay, s, e).map(|v| (e, v)),
        Check::Date(f) => date(f, m).map(|v| (e, v)),
        Check::Money => money(m).map(|v| (e, v)),
        Check::Phone(f) => phone(f, hay, s, e),
    }
}

/// Lengths the email pattern leaves unbounded (a counted repetition such
/// as `{0,63}` there makes the lazy DFA's states explode on long runs of
/// digits, dots and dashes): at most 64 bytes before the `@`, at most 63
/// per domain label.
fn email(m: &str) -> bool {
    let Some((local, domain)) = m.split_once('@') else {
        return false;
    };
    local.len() <= 64 && domain.split('.').all(|label| label.len() <= 63)
}

/// Tries `m` and then `m` cut before each later separator (space or dash),
/// longest first, until `f` accepts one.
fn trim_groups(m: &str, f: impl Fn(&str) -> Option<String>) -> Option<(usize, String)> {
    if let Some(v) = f(m) {
        return Some((m.len(), v));
    }
    let mut cuts: Vec<usize> = m
        .char_indices()
        .filter(|&(_, c)| c == ' ' || c == '-')
        .map(|(i, _)| i)
        .collect();
    cuts.reverse();
    cuts.into_iter().find_map(|i| f(&m[..i]).map(|v| (i, v)))
}

fn url(m: &str) -> Option<usize> {
    let mut end = m.len();
    loop {
        let last = m[..end].chars().next_back()?;
        let trim = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | ']' | '}' => true,
            ')' => m[..end].matches('(').count() < m[..end].matches(')').count(),
            _ => false,
        };
        if !trim {
            break;
        }
        end -= last.len_utf8();
    }
    let rest = if m.len() >= 4 && m[..4].eq_ignore_ascii_case("www.") {
        &m[4..end.max(4)]
    } else {
        m[..end].split_once("://").map_or("", |(_, r)| r)
    };
    // a host with at least one letter or digit
    rest.chars()
        .next()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|_| end)
}

fn iban(m: &str) -> Option<String> {
    let compact: String = m
        .chars()
        .filter(|c| *c != ' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let b = compact.as_bytes();
    if !(15..=34).contains(&b.len())
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
        || !b.iter().all(u8::is_ascii_alphanumeric)
    {
        return None;
    }
    // mod-97 over the rearranged string, letters as 10..35
    let mut rem: u32 = 0;
    for &c in b[4..].iter().chain(&b[..4]) {
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    (rem == 1).then_some(compact)
}

fn card(m: &str) -> Option<String> {
    let digits: Vec<u8> = m
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    if !(13..=19).contains(&digits.len()) || digits.iter().all(|&d| d == digits[0]) {
        return None;
    }
    let mut sum = 0u32;
    for (i, &d) in digits.iter().rev().enumerate() {
        let mut x = u32::from(d);
        if i % 2 == 1 {
            x *= 2;
            if x > 9 {
                x -= 9;
            }
        }
        sum += x;
    }
    if sum % 10 != 0 {
        return None;
    }
    let last4: String = digits[digits.len() - 4..]
        .iter()
        .map(|d| char::from(b'0' + d))
        .collect();
    Some(format!("****{last4}"))
}

fn prev_char(hay: &str, s: usize) -> Option<char> {
    hay.get(..s)?.chars().next_back()
}

fn next_char(hay: &str, e: usize) -> Option<char> {
    hay.get(e..)?.chars().next()
}

fn ipv4(hay: &str, s: usize, e: usize) -> bool {
    // not part of a longer dotted number (a version like 1.2.3.4.5)
    let before_dot_digit =
        prev_char(hay, s) == Some('.') && prev_char(hay, s - 1).is_some_and(|c| c.is_ascii_digit());
    let after_dot_digit =
        next_char(hay, e) == Some('.') && next_char(hay, e + 1).is_some_and(|c| c.is_ascii_digit());
    !(before_dot_digit || after_dot_digit)
}

fn ipv6(hay: &str, s: usize, e: usize) -> Option<String> {
    let m = hay.get(s..e)?;
    let near =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == ':' || c == '.');
    if near(prev_char(hay, s)) || near(next_char(hay, e)) {
        return None;
    }
    let groups = m.split(':').filter(|g| !g.is_empty()).count();
    if groups < 2 || !m.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    std::net::Ipv6Addr::from_str(m).ok().map(|a| a.to_string())
}

fn num_en(w: &str) -> Option<i64> {
    if let Ok(n) = w.parse::<i64>() {
        return Some(n);
    }
    let n = match w.to_ascii_lowercase().as_str() {
        "a" | "an" | "one" | "un" | "una" => 1,
        "two" | "dos" => 2,
        "three" | "tres" => 3,
        "four" | "cuatro" => 4,
        "five" | "cinco" => 5,
        "six" | "seis" => 6,
        "seven" | "siete" => 7,
        "eight" | "ocho" => 8,
        "nine" | "nueve" => 9,
        "ten" | "diez" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => return None,
    };
    Some(n)
}

/// Chinese numerals 一 … 九十九 (and 两, 半 = 0.5 handled by the caller).
fn num_zh(s: &str) -> Option<i64> {
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as i64)
            .or((c == '两').then_some(2))
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

fn month_en(w: &str) -> Option<i8> {
    let w = w.to_lowercase();
    let m = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|p| w.starts_with(p));
    if let Some(m) = m {
        return Some(m as i8 + 1);
    }
    let es = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    es.iter()
        .position(|p| w == *p)
        .map(|m| m as i8 + 1)
        .or((w == "setiembre").then_some(9))
}

fn weekday(w: &str) -> Option<&'static str> {
    let w = w.to_lowercase();
    let w = w.as_str();
    let d = if w.starts_with("mon") || w == "lunes" || w == "一" || w == "1" {
        "mon"
    } else if w.starts_with("tue") || w == "martes" || w == "二" || w == "2" {
        "tue"
    } else if w.starts_with("wed") || w.starts_with("mi") || w == "三" || w == "3" {
        "wed"
    } else if w.starts_with("thu") || w == "jueves" || w == "四" || w == "4" {
        "thu"
    } else if w.starts_with("fri") || w == "viernes" || w == "五" || w == "5" {
        "fri"
    } else if w.starts_with("sat")
        || w.starts_with("s\u{e1}b")
        || w.starts_with("sab")
        || w == "六"
        || w == "6"
    {
        "sat"
    } else if w.starts_with("sun") || w == "domingo" || w == "日" || w == "天" || w == "7" {
        "sun"
    } else {
        return None;
    };
    Some(d)
}

/// `YYYY-MM-DD` when the date exists, `--MM-DD` without a year.
fn ymd(y: Option<i64>, m: i64, d: i64) -> Option<String> {
    let (m8, d8) = (i8::try_from(m).ok()?, i8::try_from(d).ok()?);
    match y {
        Some(y) => {
            if !(1900..=2100).contains(&y) {
                return None;
            }
            let y16 = i16::try_from(y).ok()?;
            jiff::civil::Date::new(y16, m8, d8).ok()?;
            Some(format!("{y:04}-{m:02}-{d:02}"))
        }
        None => {
            // a leap year accepts Feb 29
            jiff::civil::Date::new(2024, m8, d8).ok()?;
            Some(format!("--{m:02}-{d:02}"))
        }
    }
}

fn numbers(m: &str) -> Vec<i64> {
    m.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect()
}

fn words(m: &str) -> Vec<&str> {
    m.split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|s| !s.is_empty())
        .collect()
}

fn date(f: DateForm, m: &str) -> Option<String> {
    match f {
        DateForm::Iso => {
            let seps: Vec<char> = m.chars().filter(|c| !c.is_ascii_digit()).collect();
            if seps.len() != 2 || seps[0] != seps[1] {
                return None;
            }
            let n = numbers(m);
            ymd(Some(*n.first()?), *n.get(1)?, *n.get(2)?)
        }
        DateForm::Dmy => {
            let seps: Vec<char> = m.chars().filter(|c| !c.is_ascii_digit()).collect();
            if seps.len() != 2 || seps[0] != seps[1] {
                return None;
            }
            let n = numbers(m);
            let (a, b, y) = (*n.first()?, *n.get(1)?, *n.get(2)?);
            ymd(Some(y), b, a).or_else(|| ymd(Some(y), a, b))
        }
        DateForm::Zh => {
            let n = numbers(m);
            match n.as_slice() {
                [y, mo, d] => ymd(Some(*y), *mo, *d),
                [mo, d] => ymd(None, *mo, *d),
                _ => None,
            }
        }
        DateForm::MonthDay | DateForm::DayMonth => {
            let n = numbers(m);
            let mon = words(m).into_iter().find_map(|w| {
                let w = w.trim_start_matches(|c: char| c.is_ascii_digit());
                if w.len() >= 3 {
                    month_en(w)
                } else {
                    None
                }
            })?;
            match n.as_slice() {
                [d] => ymd(None, i64::from(mon), *d),
                [d, y] => ymd(Some(*y), i64::from(mon), *d),
                _ => None,
            }
        }
        DateForm::RelWord => {
            let l = m.to_lowercase();
            let l: String = l.split_whitespace().collect::<Vec<_>>().join(" ");
            let d = match l.as_str() {
                "today" | "tonight" | "hoy" | "aujourd'hui" | "heute" | "hoje" | "今天"
                | "今日" => 0,
                "yesterday" | "ayer" | "hier" | "gestern" | "ontem" | "昨天" | "昨日" => -1,
                "tomorrow" | "mañana" | "manana" | "demain" | "明天" | "明日" => 1,
                "the day before yesterday"
                | "day before yesterday"
                | "anteayer"
                | "antier"
                | "前天" => -2,
                "the day after tomorrow"
                | "day after tomorrow"
                | "pasado mañana"
                | "pasado manana"
                | "后天"
                | "後天" => 2,
                "大前天" => -3,
                "大后天" | "大後天" => 3,
                _ => return None,
            };
            Some(if d > 0 {
                format!("relative:+{d}d")
            } else {
                format!("relative:{d}d")
            })
        }
        DateForm::RelWeek => rel_week(m),
        DateForm::RelCount => rel_count(m),
    }
}

fn rel_week(m: &str) -> Option<String> {
    let l = m.to_lowercase();
    let ws = words(&l);
    // Chinese: 上周五, 下个星期一, 这周, 上个月
    if let Some(first) = l.chars().next().filter(|c| "上下这這本".contains(*c)) {
        let dir = match first {
            '上' => "last",
            '下' => "next",
            _ => "this",
        };
        let last = l.chars().next_back()?;
        return match last {
            '月' => Some(rel_unit(dir, 'm')),
            '周' | '週' | '期' | '拜' => Some(rel_unit(dir, 'w')),
            c => weekday(&c.to_string()).map(|d| format!("relative:{dir}:{d}")),
        };
    }
    // Spanish: el próximo lunes, el lunes pasado, la semana que viene
    let has = |w: &str| ws.contains(&w);
    let past = has("pasado") || has("pasada");
    if has("semana") || has("mes") {
        let unit = if has("semana") { 'w' } else { 'm' };
        return Some(rel_unit(if past { "last" } else { "next" }, unit));
    }
    if let Some(d) = ws.iter().find_map(|w| weekday_es(w)) {
        return Some(format!(
            "relative:{}:{d}",
            if past { "last" } else { "next" }
        ));
    }
    // English: last friday, next week, this weekend
    let dir = match *ws.first()? {
        "last" | "past" => "last",
        "next" | "coming" => "next",
        _ => "this",
    };
    match *ws.get(1)? {
        "weekend" => Some(format!("relative:{dir}:weekend")),
        "week" => Some(rel_unit(dir, 'w')),
        "month" => Some(rel_unit(dir, 'm')),
        "year" => Some(rel_unit(dir, 'y')),
        w => weekday(w).map(|d| format!("relative:{dir}:{d}")),
    }
}

/// `relative:-1w`, `relative:+1m`, `relative:0w`.
fn rel_unit(dir: &str, unit: char) -> String {
    match dir {
        "last" => format!("relative:-1{unit}"),
        "next" => format!("relative:+1{unit}"),
        _ => format!("relative:0{unit}"),
    }
}

fn weekday_es(w: &str) -> Option<&'static str> {
    match w {
        "lunes" => Some("mon"),
        "martes" => Some("tue"),
        "miércoles" | "miercoles" => Some("wed"),
        "jueves" => Some("thu"),
        "viernes" => Some("fri"),
        "sábado" | "sabado" => Some("sat"),
        "domingo" => Some("sun"),
        _ => None,
    }
}

fn rel_count(m: &str) -> Option<String> {
    let l = m.to_lowercase();
    if l.chars().any(crate::text::is_han) {
        // 三天前, 两个星期后, 半个月前
        let num: String = l
            .chars()
            .take_while(|c| c.is_ascii_digit() || "一二两三四五六七八九十半".contains(*c))
            .collect();
        let (n, half) = if num == "半" {
            (1, true)
        } else {
            (num_zh(&num)?, false)
        };
        let unit = if l.contains('天') && !l.contains("礼拜天") {
            'd'
        } else if l.contains('月') {
            'm'
        } else {
            'w'
        };
        let after = l.contains('后') || l.contains('後');
        let (n, unit) = if half {
            match unit {
                'm' => (15, 'd'),
                'w' => (3, 'd'),
                _ => return None,
            }
        } else {
            (n, unit)
        };
        return Some(if after {
            format!("relative:+{n}{unit}")
        } else {
            format!("relative:-{n}{unit}")
        });
    }
    let ws = words(&l);
    let (numw, unitw, future) = match ws.as_slice() {
        ["in", n, u] => (*n, *u, true),
        ["hace", n, u] => (*n, *u, false),
        [n, u, "ago"] => (*n, *u, false),
        _ => return None,
    };
    let n = num_en(numw)?;
    let unit = match unitw.chars().next()? {
        'd' => 'd',
        'w' => 'w',
        's' => 'w',
        'm' => 'm',
        _ => return None,
    };
    Some(if future {
        format!("relative:+{n}{unit}")
    } else {
        format!("relative:-{n}{unit}")
    })
}

/// The ISO 4217 code of a currency symbol or word.
fn currency(s: &str) -> Option<&'static str> {
    let l = s.trim().to_lowercase();
    let c = match l.as_str() {
        "$" | "us$" | "usd" | "dollar" | "dollars" | "bucks" | "美元" | "美金" => "USD",
        "hk$" | "hkd" | "港币" | "港幣" | "港元" => "HKD",
        "nt$" | "twd" | "台币" | "台幣" | "新台币" | "新台幣" => "TWD",
        "a$" | "au$" | "aud" => "AUD",
        "c$" | "ca$" | "cad" => "CAD",
        "s$" | "sg$" | "sgd" => "SGD",
        "nz$" | "nzd" => "NZD",
        "mx$" | "mxn" | "pesos" => "MXN",
        "r$" | "brl" | "reais" => "BRL",
        "€" | "eur" | "euro" | "euros" | "欧元" | "歐元" => "EUR",
        "£" | "gbp" | "英镑" | "英鎊" => "GBP",
        "¥" | "cny" | "rmb" | "yuan" | "元" | "块" | "塊" | "块钱" | "塊錢" | "圆" | "圓"
        | "人民币" | "人民幣" => "CNY",
        "jp$" | "jpy" | "yen" | "円" | "日元" | "日圓" => "JPY",
        "₩" | "krw" => "KRW",
        "₹" | "inr" => "INR",
        "₽" | "rub" => "RUB",
        "chf" => "CHF",
        "sek" => "SEK",
        "nok" => "NOK",
        "dkk" => "DKK",
        "thb" => "THB",
        "myr" => "MYR",
        "php" => "PHP",
        "idr" => "IDR",
        "vnd" => "VND",
        _ => return None,
    };
    Some(c)
}

/// Normalizes an amount such as `1,250.00`, `1.250,00`, `12,50`, `1 250`.
fn amount(a: &str) -> Option<String> {
    let a = a.trim();
    let last_sep = a.rfind(['.', ',']);
    let (int_part, dec) = match last_sep {
        Some(i) => {
            let tail = &a[i + 1..];
            if (1..=2).contains(&tail.len()) && tail.bytes().all(|b| b.is_ascii_digit()) {
                (&a[..i], Some(tail))
            } else {
                (a, None)
            }
        }
        None => (a, None),
    };
    let digits: String = int_part.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let digits = digits.trim_start_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    Some(match dec {
        Some(d) => format!("{digits}.{d}"),
        None => digits.to_string(),
    })
}

fn money(m: &str) -> Option<String> {
    // split the amount (digits and separators) from the currency
    let start = m.find(|c: char| c.is_ascii_digit())?;
    let end = m.rfind(|c: char| c.is_ascii_digit()).map(|i| i + 1)?;
    let amt = amount(&m[start..end])?;
    let cur = if start > 0 { &m[..start] } else { &m[end..] };
    let code = currency(cur)?;
    Some(format!("{amt} {code}"))
}

fn phone(f: PhoneForm, hay: &str, s: usize, e: usize) -> Option<(usize, String)> {
    let m = hay.get(s..e)?;
    let digits = |x: &str| -> String { x.chars().filter(char::is_ascii_digit).collect() };
    match f {
        PhoneForm::Intl => {
            // cut trailing groups until 8..=15 digits and not followed by a digit
            let mut ends: Vec<usize> = vec![m.len()];
            ends.extend(
                m.char_indices()
                    .rev()
                    .filter(|&(i, c)| i > 1 && matches!(c, ' ' | '-' | '.' | '('))
                    .map(|(i, _)| i),
            );
            for end in ends {
                let cand = m[..end].trim_end_matches([' ', '-', '.', '(']);
                let cand = if cand.matches('(').count() > cand.matches(')').count() {
                    cand.trim_end_matches(|c: char| c != '(')
                        .trim_end_matches('(')
                } else {
                    cand
                };
                let d = digits(cand);
                let followed =
                    next_char(hay, s + cand.len()).is_some_and(|c| c.is_ascii_alphanumeric());
                if (8..=15).contains(&d.len()) && !followed {
                    return Some((s + cand.len(), format!("+{d}")));
                }
            }
            None
        }
        PhoneForm::CnMobile => {
            let d = digits(m);
            let d = d.strip_prefix("86").filter(|r| r.len() == 11).unwrap_or(&d);
            (d.len() == 11).then(|| (e, format!("+86{d}")))
        }
        PhoneForm::Nanp => {
            let d = digits(m);
            (d.len() == 10).then(|| (e, format!("+1{d}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_and_iban() {
        assert_eq!(card("4111 1111 1111 1111").as_deref(), Some("****1111"));
        assert_eq!(card("4111111111111112"), None);
        assert_eq!(card("0000 0000 0000 0000"), None);
        assert_eq!(
            iban("DE89 3704 0044 0532 0130 00").as_deref(),
            Some("DE89370400440532013000")
        );
        assert_eq!(
            iban("GB82WEST12345698765432").as_deref(),
            Some("GB82WEST12345698765432")
        );
        assert_eq!(iban("DE89 3704 0044 0532 0130 01"), None);
    }

    #[test]
    fn amounts_and_currencies() {
        assert_eq!(money("$12.50").as_deref(), Some("12.50 USD"));
        assert_eq!(money("¥ 199").as_deref(), Some("199 CNY"));
        assert_eq!(money("EUR 12,50").as_deref(), Some("12.50 EUR"));
        assert_eq!(money("1.250,00 €").as_deref(), Some("1250.00 EUR"));
        assert_eq!(money("$1,250").as_deref(), Some("1250 USD"));
        assert_eq!(money("100块").as_deref(), Some("100 CNY"));
        assert_eq!(money("HK$30").as_deref(), Some("30 HKD"));
        assert_eq!(money("20 usd").as_deref(), Some("20 USD"));
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(num_zh("三"), Some(3));
        assert_eq!(num_zh("十"), Some(10));
        assert_eq!(num_zh("十五"), Some(15));
        assert_eq!(num_zh("二十"), Some(20));
        assert_eq!(num_zh("两"), Some(2));
        assert_eq!(num_zh("九十九"), Some(99));
        assert_eq!(num_zh("12"), Some(12));
        assert_eq!(num_zh("百"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(
            date(DateForm::Iso, "2026-11-20").as_deref(),
            Some("2026-11-20")
        );
        assert_eq!(date(DateForm::Iso, "2026-02-30"), None);
        assert_eq!(date(DateForm::Iso, "2026-11/20"), None);
        assert_eq!(
            date(DateForm::Dmy, "20/11/2026").as_deref(),
            Some("2026-11-20")
        );
        assert_eq!(
            date(DateForm::Dmy, "11/20/2026").as_deref(),
            Some("2026-11-20")
        );
        assert_eq!(
            date(DateForm::Zh, "2026年11月20日").as_deref(),
            Some("2026-11-20")
        );
        assert_eq!(date(DateForm::Zh, "11月20号").as_deref(), Some("--11-20"));
        assert_eq!(
            date(DateForm::MonthDay, "Nov 20").as_deref(),
            Some("--11-20")
        );
        assert_eq!(
            date(DateForm::MonthDay, "November 20th, 2026").as_deref(),
            Some("2026-11-20")
        );
        assert_eq!(
            date(DateForm::DayMonth, "20 de noviembre de 2026").as_deref(),
            Some("2026-11-20")
        );
        assert_eq!(
            date(DateForm::RelWord, "Yesterday").as_deref(),
            Some("relative:-1d")
        );
        assert_eq!(
            date(DateForm::RelWord, "明天").as_deref(),
            Some("relative:+1d")
        );
        assert_eq!(
            date(DateForm::RelWeek, "last Friday").as_deref(),
            Some("relative:last:fri")
        );
        assert_eq!(
            date(DateForm::RelWeek, "next week").as_deref(),
            Some("relative:+1w")
        );
        assert_eq!(
            date(DateForm::RelWeek, "this month").as_deref(),
            Some("relative:0m")
        );
        assert_eq!(
            date(DateForm::RelWeek, "上周五").as_deref(),
            Some("relative:last:fri")
        );
        assert_eq!(
            date(DateForm::RelWeek, "下个月").as_deref(),
            Some("relative:+1m")
        );
        assert_eq!(
            date(DateForm::RelWeek, "上周").as_deref(),
            Some("relative:-1w")
        );
        assert_eq!(
            date(DateForm::RelWeek, "el próximo lunes").as_deref(),
            Some("relative:next:mon")
        );
        assert_eq!(
            date(DateForm::RelCount, "3 days ago").as_deref(),
            Some("relative:-3d")
        );
        assert_eq!(
            date(DateForm::RelCount, "三天前").as_deref(),
            Some("relative:-3d")
        );
        assert_eq!(
            date(DateForm::RelCount, "hace dos semanas").as_deref(),
            Some("relative:-2w")
        );
        assert_eq!(
            date(DateForm::RelCount, "in two weeks").as_deref(),
            Some("relative:+2w")
        );
    }
}
