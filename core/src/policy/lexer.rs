//! Tokens of the policy language, with `line:col` positions.

use std::fmt;

use jiff::civil::Date;

use crate::error::{Error, Result};

/// A 1-based `line:col` position in the policy text (columns count chars).
/// `0:0` marks a node that did not come from text (deserialized JSON).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pos {
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A policy error at `pos`: `policy:LINE:COL: message`.
pub(crate) fn error_at(pos: Pos, message: impl fmt::Display) -> Error {
    Error::policy(format!("policy:{pos}: {message}"))
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum CmpOp {
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
}

impl CmpOp {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// True for `==` and `!=`, the only operators defined on strings and bools.
    pub(crate) fn is_equality(self) -> bool {
        matches!(self, CmpOp::Eq | CmpOp::Ne)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// A name, possibly dotted: `rule`, `intent.out_of_scope`, `attr.cart_value`.
    Ident(String),
    /// A string literal, escapes resolved.
    Str(String),
    /// A non-negative number (a leading `-` is a separate token).
    Num(f64),
    /// `YYYY-MM-DD`.
    Date(Date),
    /// `HH:MM`, as minutes since midnight (`24:00` is 1440).
    Time(u16),
    /// `/pattern/flags`; `\/` in the pattern is resolved to `/`.
    Regex {
        pattern: String,
        case_insensitive: bool,
    },
    Op(CmpOp),
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Colon,
    Minus,
    Eof,
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Ident(s) => write!(f, "`{s}`"),
            Tok::Str(s) => write!(f, "string {s:?}"),
            Tok::Num(n) => write!(f, "number {n}"),
            Tok::Date(d) => write!(f, "date {d}"),
            Tok::Time(m) => write!(f, "time {:02}:{:02}", m / 60, m % 60),
            Tok::Regex { pattern, .. } => write!(f, "regex /{pattern}/"),
            Tok::Op(op) => write!(f, "`{}`", op.as_str()),
            Tok::LParen => f.write_str("`(`"),
            Tok::RParen => f.write_str("`)`"),
            Tok::LBracket => f.write_str("`[`"),
            Tok::RBracket => f.write_str("`]`"),
            Tok::LBrace => f.write_str("`{`"),
            Tok::RBrace => f.write_str("`}`"),
            Tok::Comma => f.write_str("`,`"),
            Tok::Colon => f.write_str("`:`"),
            Tok::Minus => f.write_str("`-`"),
            Tok::Eof => f.write_str("the end of the policy"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub pos: Pos,
}

struct Lexer<'s> {
    src: &'s str,
    /// Byte offset of the next char.
    at: usize,
    line: u32,
    col: u32,
}

/// Splits policy text into tokens, ending with [`Tok::Eof`].
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>> {
    let mut lx = Lexer {
        src,
        at: 0,
        line: 1,
        col: 1,
    };
    let mut out = Vec::new();
    loop {
        lx.skip_space_and_comments();
        let pos = lx.pos();
        let Some(c) = lx.peek() else {
            out.push(Token { tok: Tok::Eof, pos });
            return Ok(out);
        };
        let tok = match c {
            '"' => lx.string()?,
            '/' => lx.regex()?,
            '0'..='9' => lx.number()?,
            c if is_ident_start(c) => lx.ident()?,
            _ => lx.punct()?,
        };
        out.push(Token { tok, pos });
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Lexer<'_> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.at..].chars().next()
    }

    fn peek_nth(&self, n: usize) -> Option<char> {
        self.src[self.at..].chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn skip_space_and_comments(&mut self) {
        while let Some(c) = self.peek() {
            if c == '#' {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.bump();
                }
            } else if c.is_whitespace() {
                self.bump();
            } else {
                break;
            }
        }
    }

    fn string(&mut self) -> Result<Tok> {
        let start = self.pos();
        self.bump();
        let mut s = String::new();
        loop {
            let here = self.pos();
            match self.bump() {
                None | Some('\n') => return Err(error_at(start, "unterminated string (a string ends with `\"` on the same line)")),
                Some('"') => return Ok(Tok::Str(s)),
                Some('\\') => match self.bump() {
                    Some('"') => s.push('"'),
                    Some('\\') => s.push('\\'),
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('r') => s.push('\r'),
                    Some('u') => s.push(self.unicode_escape(here)?),
                    _ => {
                        return Err(error_at(
                            here,
                            "unknown escape in string (use `\\\"`, `\\\\`, `\\n`, `\\t`, `\\r` or `\\u{...}`)",
                        ))
                    }
                },
                Some(c) => s.push(c),
            }
        }
    }

    /// After `\u`: `{HEX}`.
    fn unicode_escape(&mut self, at: Pos) -> Result<char> {
        let bad = || error_at(at, "invalid `\\u{...}` escape in string");
        if self.bump() != Some('{') {
            return Err(bad());
        }
        let mut hex = String::new();
        loop {
            match self.bump() {
                Some('}') => break,
                Some(c) if c.is_ascii_hexdigit() && hex.len() < 6 => hex.push(c),
                _ => return Err(bad()),
            }
        }
        u32::from_str_radix(&hex, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(bad)
    }

    fn regex(&mut self) -> Result<Tok> {
        let start = self.pos();
        self.bump();
        let mut pattern = String::new();
        loop {
            match self.bump() {
                None | Some('\n') => {
                    return Err(error_at(
                        start,
                        "unterminated regex (a regex ends with `/` on the same line)",
                    ))
                }
                Some('/') => break,
                Some('\\') => match self.bump() {
                    Some('/') => pattern.push('/'),
                    None | Some('\n') => {
                        return Err(error_at(
                            start,
                            "unterminated regex (a regex ends with `/` on the same line)",
                        ))
                    }
                    Some(c) => {
                        pattern.push('\\');
                        pattern.push(c);
                    }
                },
                Some(c) => pattern.push(c),
            }
        }
        let mut case_insensitive = false;
        while let Some(c) = self.peek().filter(|c| is_ident_char(*c)) {
            let here = self.pos();
            self.bump();
            match c {
                'i' if !case_insensitive => case_insensitive = true,
                _ => {
                    return Err(error_at(
                        here,
                        format!("unknown regex flag `{c}` (the only flag is `i`)"),
                    ))
                }
            }
        }
        Ok(Tok::Regex {
            pattern,
            case_insensitive,
        })
    }

    fn digits(&mut self) -> &str {
        let from = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
        &self.src[from..self.at]
    }

    fn number(&mut self) -> Result<Tok> {
        let start = self.pos();
        let from = self.at;
        let int_len = self.src[from..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        // YYYY-MM-DD
        if int_len == 4
            && self.peek_nth(4) == Some('-')
            && self.peek_nth(5).is_some_and(|c| c.is_ascii_digit())
        {
            return self.date(start);
        }
        // H:MM or HH:MM
        if (1..=2).contains(&int_len) && self.peek_nth(int_len) == Some(':') {
            return self.time(start);
        }
        self.digits();
        if self.peek() == Some('.') && self.peek_nth(1).is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            self.digits();
        }
        let text = &self.src[from..self.at];
        if self.peek().is_some_and(is_ident_start) {
            return Err(error_at(
                start,
                format!("invalid number `{text}{}`", self.peek().unwrap_or(' ')),
            ));
        }
        text.parse::<f64>()
            .map(Tok::Num)
            .map_err(|_| error_at(start, format!("invalid number `{text}`")))
    }

    fn date(&mut self, start: Pos) -> Result<Tok> {
        let from = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '-') {
            self.bump();
        }
        let text = &self.src[from..self.at];
        let bad = || {
            error_at(
                start,
                format!("invalid date `{text}` (expected YYYY-MM-DD)"),
            )
        };
        let parts: Vec<&str> = text.split('-').collect();
        if parts.len() != 3 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let (Ok(y), Ok(m), Ok(d)) = (
            parts[0].parse::<i16>(),
            parts[1].parse::<i8>(),
            parts[2].parse::<i8>(),
        ) else {
            return Err(bad());
        };
        Date::new(y, m, d).map(Tok::Date).map_err(|_| bad())
    }

    fn time(&mut self, start: Pos) -> Result<Tok> {
        let from = self.at;
        let hours: u16 = self.digits().parse().unwrap_or(99);
        self.bump(); // ':'
        let minutes_text = self.digits();
        let minutes: u16 = if minutes_text.len() == 2 {
            minutes_text.parse().unwrap_or(99)
        } else {
            99
        };
        let text = &self.src[from..self.at];
        if minutes > 59 || hours > 24 || (hours == 24 && minutes != 0) {
            return Err(error_at(
                start,
                format!("invalid time `{text}` (expected HH:MM from 00:00 to 24:00)"),
            ));
        }
        Ok(Tok::Time(hours * 60 + minutes))
    }

    fn ident(&mut self) -> Result<Tok> {
        let from = self.at;
        loop {
            while self.peek().is_some_and(is_ident_char) {
                self.bump();
            }
            if self.peek() != Some('.') {
                break;
            }
            let dot = self.pos();
            self.bump();
            if !self.peek().is_some_and(is_ident_start) {
                return Err(error_at(dot, "expected a name after `.`"));
            }
        }
        Ok(Tok::Ident(self.src[from..self.at].to_string()))
    }

    fn punct(&mut self) -> Result<Tok> {
        let start = self.pos();
        let c = self.bump().unwrap_or(' ');
        let next = self.peek();
        let two = |lx: &mut Self, tok| {
            lx.bump();
            Ok(tok)
        };
        match (c, next) {
            ('=', Some('=')) => two(self, Tok::Op(CmpOp::Eq)),
            ('!', Some('=')) => two(self, Tok::Op(CmpOp::Ne)),
            ('<', Some('=')) => two(self, Tok::Op(CmpOp::Le)),
            ('>', Some('=')) => two(self, Tok::Op(CmpOp::Ge)),
            ('<', _) => Ok(Tok::Op(CmpOp::Lt)),
            ('>', _) => Ok(Tok::Op(CmpOp::Gt)),
            ('=', _) => Err(error_at(
                start,
                "`=` is not an operator (did you mean `==`?)",
            )),
            ('!', _) => Err(error_at(
                start,
                "`!` is not an operator (use `not`, or `!=`)",
            )),
            ('&', Some('&')) => Err(error_at(start, "`&&` is not an operator (use `and`)")),
            ('|', Some('|')) => Err(error_at(start, "`||` is not an operator (use `or`)")),
            ('(', _) => Ok(Tok::LParen),
            (')', _) => Ok(Tok::RParen),
            ('[', _) => Ok(Tok::LBracket),
            (']', _) => Ok(Tok::RBracket),
            ('{', _) => Ok(Tok::LBrace),
            ('}', _) => Ok(Tok::RBrace),
            (',', _) => Ok(Tok::Comma),
            (':', _) => Ok(Tok::Colon),
            ('-', _) => Ok(Tok::Minus),
            (c, _) => Err(error_at(start, format!("unexpected character `{c}`"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        tokenize(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn lexes_times_dates_ranges_and_dotted_names() {
        assert_eq!(
            toks("hours mon-fri 09:00-18:00 # comment\nholiday 2026-10-01"),
            vec![
                Tok::Ident("hours".into()),
                Tok::Ident("mon".into()),
                Tok::Minus,
                Tok::Ident("fri".into()),
                Tok::Time(540),
                Tok::Minus,
                Tok::Time(1080),
                Tok::Ident("holiday".into()),
                Tok::Date(Date::new(2026, 10, 1).unwrap()),
                Tok::Eof,
            ]
        );
        assert_eq!(
            toks("sentiment.escalation >= -2.5"),
            vec![
                Tok::Ident("sentiment.escalation".into()),
                Tok::Op(CmpOp::Ge),
                Tok::Minus,
                Tok::Num(2.5),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn lexes_strings_and_regexes_with_escapes() {
        assert_eq!(
            toks(r#""a\"b\\c\u{4e2d}" /a\/b\d+/i"#),
            vec![
                Tok::Str("a\"b\\c中".into()),
                Tok::Regex {
                    pattern: r"a/b\d+".into(),
                    case_insensitive: true
                },
                Tok::Eof
            ]
        );
    }

    #[test]
    fn positions_count_chars_and_lines() {
        let t = tokenize("  \"中文\" x\n  y").unwrap();
        assert_eq!(t[1].pos, Pos { line: 1, col: 8 });
        assert_eq!(t[2].pos, Pos { line: 2, col: 3 });
    }

    #[test]
    fn lexical_errors_name_line_and_col() {
        let msg = |s: &str| tokenize(s).unwrap_err().to_string();
        assert_eq!(
            msg("x\n  \"abc"),
            "policy:2:3: unterminated string (a string ends with `\"` on the same line)"
        );
        assert!(msg("a = 1").starts_with("policy:1:3: `=` is not an operator"));
        assert!(msg("25:00").starts_with("policy:1:1: invalid time `25:00`"));
        assert!(msg("2026-02-30").starts_with("policy:1:1: invalid date `2026-02-30`"));
        assert!(msg("x matches /ab").starts_with("policy:1:11: unterminated regex"));
        assert!(msg("/ab/g").starts_with("policy:1:5: unknown regex flag `g`"));
        assert!(msg("\"\\q\"").starts_with("policy:1:2: unknown escape"));
        assert!(msg("intent.").starts_with("policy:1:7: expected a name after `.`"));
        assert!(msg("a @").starts_with("policy:1:3: unexpected character `@`"));
    }
}
