//! Analytics: a [`Report`] aggregates a stream of analyses into the numbers
//! a support dashboard shows.
//!
//! Each record is an [`Analysis`] plus [`RecordMeta`] (channel, language,
//! time). The report counts:
//!
//! * the **intent mix** (`oos` for out-of-scope messages);
//! * **containment**: the share of messages the bot kept (decision `answer`
//!   or `clarify`, no human involved), and the **escalation** rate (`handoff`
//!   or `ticket`) with its reasons (the rule that fired);
//! * the FAQ **answer / clarify / no-answer** rates;
//! * **sentiment** (mean score, label counts, mean anger) by day (UTC date
//!   of `time`), channel and language;
//! * the top **knowledge-gap clusters** ([`GapLog`]) of the unanswered or
//!   unclear questions. Only the first [`Report::max_gap_events`] gaps are
//!   clustered (clustering is quadratic in the worst case); all are counted.
//!
//! Rates are fractions in 0..1. The report is plain serde data: its JSON is
//! what `kefu report --json` prints.
//!
//! ```
//! # let def = kefu::BotDefinition::from_json(r#"{"languages":["en"],"intents":{
//! #   "a":{"examples":{"en":["where is my order","track my parcel"]}},
//! #   "b":{"examples":{"en":["refund please","i want my money back"]}}}}"#)?;
//! # let bot = kefu::Bot::train(&def, &kefu::TrainOptions::default())?;
//! use kefu::report::{RecordMeta, Report};
//! let mut r = Report::new();
//! let a = bot.analyze(&kefu::Message::new("where is my order"));
//! r.add(&a, &RecordMeta { channel: Some("web".into()), ..RecordMeta::default() });
//! let s = r.summary(10);
//! assert_eq!(s.total, 1);
//! assert_eq!(s.sentiment_by_channel["web"].count, 1);
//! # Ok::<(), kefu::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::{Action, Analysis, FaqStatus, SentimentLabel};
use crate::faq::{GapCluster, GapLog};

/// What the host knows about a record besides its analysis.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordMeta {
    /// Channel (`"web"`, `"app"`, …); `unknown` when absent.
    #[serde(default)]
    pub channel: Option<String>,
    /// Language; the analysis's detected language code when absent.
    #[serde(default)]
    pub language: Option<String>,
    /// When the message arrived (RFC 3339).
    #[serde(default)]
    pub time: Option<jiff::Timestamp>,
}

/// Sentiment aggregate of a group of messages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SentimentStats {
    /// Messages.
    pub count: u64,
    /// Mean polarity score (-1..1).
    pub mean_score: f64,
    /// Mean anger (0..1).
    pub mean_anger: f64,
    /// Negative messages.
    pub negative: u64,
    /// Neutral messages.
    pub neutral: u64,
    /// Positive messages.
    pub positive: u64,
    /// Messages with escalation level ≥ 2.
    pub escalated: u64,
}

#[derive(Clone, Debug, Default)]
struct SentAcc {
    stats: SentimentStats,
    score_sum: f64,
    anger_sum: f64,
}

impl SentAcc {
    fn add(&mut self, a: &Analysis) {
        let s = &mut self.stats;
        s.count += 1;
        self.score_sum += f64::from(a.sentiment.score);
        self.anger_sum += f64::from(a.sentiment.emotions.anger);
        match a.sentiment.label {
            SentimentLabel::Negative => s.negative += 1,
            SentimentLabel::Neutral => s.neutral += 1,
            SentimentLabel::Positive => s.positive += 1,
        }
        s.escalated += u64::from(a.sentiment.escalation >= 2);
    }
    fn finish(&self) -> SentimentStats {
        let mut s = self.stats.clone();
        if s.count > 0 {
            s.mean_score = self.score_sum / s.count as f64;
            s.mean_anger = self.anger_sum / s.count as f64;
        }
        s
    }
}

/// The accumulating report. Feed it with [`Report::add`], read it with
/// [`Report::summary`].
#[derive(Clone, Debug)]
pub struct Report {
    /// How many gap events are kept for clustering (default 5000).
    pub max_gap_events: usize,
    total: u64,
    intents: BTreeMap<String, u64>,
    actions: BTreeMap<&'static str, u64>,
    escalation_reasons: BTreeMap<String, u64>,
    faq: BTreeMap<&'static str, u64>,
    by_day: BTreeMap<String, SentAcc>,
    by_channel: BTreeMap<String, SentAcc>,
    by_language: BTreeMap<String, SentAcc>,
    gaps: GapLog,
    gap_events: u64,
    first: Option<jiff::Timestamp>,
    last: Option<jiff::Timestamp>,
}

impl Default for Report {
    fn default() -> Report {
        Report::new()
    }
}

/// The numbers of a [`Report`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    /// Records aggregated.
    pub total: u64,
    /// Earliest `time` seen.
    pub first: Option<jiff::Timestamp>,
    /// Latest `time` seen.
    pub last: Option<jiff::Timestamp>,
    /// Messages per intent (`oos` for out of scope).
    pub intent_mix: BTreeMap<String, u64>,
    /// Messages per decision action (`answer`, `clarify`, `handoff`, `ticket`).
    pub actions: BTreeMap<String, u64>,
    /// Share kept by the bot: `answer` or `clarify`.
    pub containment_rate: f64,
    /// Share escalated to humans: `handoff` or `ticket`.
    pub escalation_rate: f64,
    /// Escalations per rule that fired.
    pub escalation_reasons: BTreeMap<String, u64>,
    /// Messages per FAQ status (`answer`, `clarify`, `no_answer`).
    pub faq_status: BTreeMap<String, u64>,
    /// FAQ status shares.
    pub faq_rates: BTreeMap<String, f64>,
    /// Sentiment per UTC day (`YYYY-MM-DD`; records without time are left out).
    pub sentiment_by_day: BTreeMap<String, SentimentStats>,
    /// Sentiment per channel (`unknown` when absent).
    pub sentiment_by_channel: BTreeMap<String, SentimentStats>,
    /// Sentiment per language.
    pub sentiment_by_language: BTreeMap<String, SentimentStats>,
    /// Unanswered or unclear FAQ questions seen.
    pub gap_events: u64,
    /// The largest knowledge-gap clusters.
    pub gap_clusters: Vec<GapCluster>,
}

fn share(n: u64, d: u64) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

fn bump<K: Ord>(m: &mut BTreeMap<K, u64>, k: K) {
    *m.entry(k).or_insert(0) += 1;
}

/// Similarity for two gap questions to share a cluster (as `kefu gaps`).
const GAP_SIMILARITY: f32 = 0.3;

impl Report {
    /// An empty report.
    pub fn new() -> Report {
        Report {
            max_gap_events: 5000,
            total: 0,
            intents: BTreeMap::new(),
            actions: BTreeMap::new(),
            escalation_reasons: BTreeMap::new(),
            faq: BTreeMap::new(),
            by_day: BTreeMap::new(),
            by_channel: BTreeMap::new(),
            by_language: BTreeMap::new(),
            gaps: GapLog::default(),
            gap_events: 0,
            first: None,
            last: None,
        }
    }

    /// Adds one record.
    pub fn add(&mut self, a: &Analysis, meta: &RecordMeta) {
        self.total += 1;
        let intent = match (&a.intent.top, a.intent.out_of_scope) {
            (Some(t), false) => t.as_str(),
            _ => crate::intent::OOS_LABEL,
        };
        if let Some(n) = self.intents.get_mut(intent) {
            *n += 1;
        } else {
            self.intents.insert(intent.to_string(), 1);
        }
        bump(&mut self.actions, a.decision.action.as_str());
        if matches!(a.decision.action, Action::Handoff | Action::Ticket) {
            if let Some(n) = self.escalation_reasons.get_mut(&a.decision.rule) {
                *n += 1;
            } else {
                self.escalation_reasons.insert(a.decision.rule.clone(), 1);
            }
        }
        bump(&mut self.faq, a.faq.status.as_str());
        if a.faq.status != FaqStatus::Answer {
            self.gap_events += 1;
            if self.gaps.events.len() < self.max_gap_events {
                self.gaps.record(a);
            }
        }
        let channel = meta.channel.as_deref().unwrap_or("unknown");
        group(&mut self.by_channel, channel).add(a);
        let language = meta.language.as_deref().unwrap_or(&a.language.code);
        group(&mut self.by_language, language).add(a);
        if let Some(t) = meta.time {
            let day = t.strftime("%Y-%m-%d").to_string();
            group(&mut self.by_day, &day).add(a);
            self.first = Some(self.first.map_or(t, |f| f.min(t)));
            self.last = Some(self.last.map_or(t, |l| l.max(t)));
        }
    }

    /// Adds one JSON record: either `{"analysis": {…}, "channel": …,
    /// "language": …, "time": …}` (every key but `analysis` optional), or a
    /// bare [`Analysis`] object, optionally with top-level `channel` and
    /// `time` keys (its language is then the detected one). Bad JSON is an
    /// [`InvalidInput`](crate::ErrorKind::InvalidInput) error and adds
    /// nothing.
    pub fn add_json(&mut self, json: &str) -> crate::Result<()> {
        let bad = |e: serde_json::Error| crate::Error::invalid_input(format!("report record: {e}"));
        let probe: Probe = serde_json::from_str(json).map_err(bad)?;
        let meta = RecordMeta {
            channel: probe.channel,
            language: match probe.language {
                Some(LangKey::Tag(t)) => Some(t),
                _ => None,
            },
            time: probe.time,
        };
        let analysis = if probe.analysis.is_some() {
            serde_json::from_str::<Wrapped>(json).map_err(bad)?.analysis
        } else {
            serde_json::from_str::<Analysis>(json).map_err(bad)?
        };
        self.add(&analysis, &meta);
        Ok(())
    }

    /// The numbers, with the `top_gaps` largest gap clusters.
    pub fn summary(&self, top_gaps: usize) -> ReportSummary {
        let n = self.total;
        let count = |k: &str| self.actions.get(k).copied().unwrap_or(0);
        let mut clusters = self.gaps.clusters(GAP_SIMILARITY);
        clusters.truncate(top_gaps);
        let fin = |m: &BTreeMap<String, SentAcc>| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.finish()))
                .collect::<BTreeMap<_, _>>()
        };
        ReportSummary {
            total: n,
            first: self.first,
            last: self.last,
            intent_mix: self.intents.clone(),
            actions: self
                .actions
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            containment_rate: share(count("answer") + count("clarify"), n),
            escalation_rate: share(count("handoff") + count("ticket"), n),
            escalation_reasons: self.escalation_reasons.clone(),
            faq_status: self.faq.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            faq_rates: self
                .faq
                .iter()
                .map(|(k, v)| (k.to_string(), share(*v, n)))
                .collect(),
            sentiment_by_day: fin(&self.by_day),
            sentiment_by_channel: fin(&self.by_channel),
            sentiment_by_language: fin(&self.by_language),
            gap_events: self.gap_events,
            gap_clusters: clusters,
        }
    }
}

/// The cheap first look at a JSON record.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    analysis: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    channel: Option<String>,
    #[serde(default)]
    language: Option<LangKey>,
    #[serde(default)]
    time: Option<jiff::Timestamp>,
}

/// `language`: a tag in a wrapped record, the analysis's object in a bare one.
#[derive(Deserialize)]
#[serde(untagged)]
enum LangKey {
    Tag(String),
    Other(serde::de::IgnoredAny),
}

#[derive(Deserialize)]
struct Wrapped {
    analysis: Analysis,
}

fn group<'a>(m: &'a mut BTreeMap<String, SentAcc>, k: &str) -> &'a mut SentAcc {
    m.entry(k.to_string()).or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Bot, BotDefinition, Context, Message, TrainOptions};

    fn bot() -> Bot {
        let def = BotDefinition::from_json(
            r#"{"languages":["en"],"intents":{
            "order_status":{"examples":{"en":["where is my order","track my parcel","has my package shipped"]}},
            "refund":{"examples":{"en":["i want a refund","give me my money back","return this for a refund"]}}},
            "faq":[{"id":"gift-cards","questions":{"en":["do you sell gift cards"]},"answer":{"en":"Yes."}}]}"#,
        )
        .unwrap();
        Bot::train(&def, &TrainOptions::default()).unwrap()
    }

    #[test]
    fn aggregates_mix_rates_sentiment_and_gaps() {
        let b = bot();
        let mut r = Report::new();
        let meta = |ch: &str, t: &str| RecordMeta {
            channel: Some(ch.into()),
            language: None,
            time: Some(t.parse().unwrap()),
        };
        let msgs = [
            ("where is my order", "web", "2026-11-20T10:00:00Z"),
            ("do you sell gift cards", "web", "2026-11-20T11:00:00Z"),
            (
                "I want to talk to a human agent now",
                "app",
                "2026-11-21T09:00:00Z",
            ),
            (
                "what colour is the sky on mars",
                "app",
                "2026-11-21T23:59:59Z",
            ),
        ];
        let mut analyses = vec![];
        for (t, ch, time) in msgs {
            let a = b.analyze(&Message::with_context(t, Context::default()));
            r.add(&a, &meta(ch, time));
            analyses.push(a);
        }
        r.add(&analyses[0], &RecordMeta::default());
        let s = r.summary(5);
        assert_eq!(s.total, 5);
        assert_eq!(s.intent_mix.values().sum::<u64>(), 5);
        let first = analyses[0].intent.top.clone().unwrap();
        let expect = 1 + analyses
            .iter()
            .filter(|a| !a.intent.out_of_scope && a.intent.top.as_ref() == Some(&first))
            .count() as u64;
        assert_eq!(s.intent_mix.get(&first), Some(&expect));
        assert_eq!(s.actions.values().sum::<u64>(), 5);
        assert!((s.containment_rate + s.escalation_rate - 1.0).abs() < 1e-9);
        let esc: u64 = s.escalation_reasons.values().sum();
        assert_eq!(
            esc,
            s.actions.get("handoff").copied().unwrap_or(0)
                + s.actions.get("ticket").copied().unwrap_or(0)
        );
        assert!((s.faq_rates.values().sum::<f64>() - 1.0).abs() < 1e-9);
        assert_eq!(s.faq_status.get("answer"), Some(&1));
        assert_eq!(
            s.sentiment_by_day.keys().collect::<Vec<_>>(),
            ["2026-11-20", "2026-11-21"]
        );
        assert_eq!(s.sentiment_by_day["2026-11-21"].count, 2);
        assert_eq!(s.sentiment_by_channel["web"].count, 2);
        assert_eq!(s.sentiment_by_channel["unknown"].count, 1);
        assert_eq!(s.sentiment_by_language["en"].count, 5);
        assert_eq!(s.gap_events, 4);
        assert!(!s.gap_clusters.is_empty());
        assert_eq!(s.first, Some("2026-11-20T10:00:00Z".parse().unwrap()));
        assert_eq!(s.last, Some("2026-11-21T23:59:59Z".parse().unwrap()));
        let st = &s.sentiment_by_channel["web"];
        assert_eq!(st.negative + st.neutral + st.positive, st.count);
    }

    #[test]
    fn json_records_wrapped_or_bare() {
        let a = bot().analyze(&Message::new("where is my order"));
        let aj = serde_json::to_string(&a).unwrap();
        let mut r = Report::new();
        r.add_json(&format!(
            r#"{{"channel":"app","language":"es","time":"2026-11-20T10:00:00Z","analysis":{aj}}}"#
        ))
        .unwrap();
        let bare = format!(
            r#"{{"channel":"web","time":"2026-11-21T10:00:00Z",{}"#,
            &aj[1..]
        );
        r.add_json(&bare).unwrap();
        r.add_json(&aj).unwrap();
        assert!(r.add_json("{").is_err());
        assert!(r.add_json(r#"{"analysis":{"schema":1}}"#).is_err());
        assert!(r.add_json(r#"{"channel":"web"}"#).is_err());
        let s = r.summary(3);
        assert_eq!(s.total, 3);
        assert_eq!(s.sentiment_by_language["es"].count, 1);
        assert_eq!(s.sentiment_by_language["en"].count, 2);
        assert_eq!(s.sentiment_by_channel["unknown"].count, 1);
        assert_eq!(s.sentiment_by_day.len(), 2);
    }

    #[test]
    fn empty_report_has_zero_rates() {
        let s = Report::new().summary(10);
        assert_eq!(s.total, 0);
        assert_eq!(s.containment_rate, 0.0);
        assert!(s.gap_clusters.is_empty());
        let json = serde_json::to_string(&s).unwrap();
        let back: ReportSummary = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn gap_log_is_capped_but_counted() {
        let b = bot();
        let mut r = Report::new();
        r.max_gap_events = 2;
        let a = b.analyze(&Message::new("what colour is the sky on mars"));
        assert_ne!(a.faq.status, FaqStatus::Answer);
        for _ in 0..5 {
            r.add(&a, &RecordMeta::default());
        }
        let s = r.summary(10);
        assert_eq!(s.gap_events, 5);
        assert_eq!(
            s.gap_clusters.iter().map(|c| c.texts.len()).sum::<usize>(),
            2
        );
    }
}
