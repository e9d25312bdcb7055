//! The knowledge-gap loop: record what the FAQ could not answer, group
//! similar questions, and turn an accepted group into alternate questions.
//!
//! A [`GapLog`] is host-owned, serializable data (kefu keeps no state). Each
//! `no_answer` or `clarify` outcome can be recorded with
//! [`GapLog::record`]; the **redacted** text is stored, so a gap log never
//! holds e-mail addresses or card numbers. [`GapLog::clusters`] groups
//! similar questions by the cosine similarity of their character n-gram
//! TF-IDF vectors (greedy leader clustering in log order, so the result is
//! deterministic), and [`clusters_to_jsonl`] exports them for review. An
//! accepted cluster goes back into the bot with
//! [`Bot::with_faq_questions`](crate::Bot::with_faq_questions).
//!
//! ```
//! use kefu::faq::GapLog;
//! let mut log = GapLog::default();
//! log.push("do you sell gift cards", "en", "no_answer");
//! log.push("can I buy a gift card?", "en", "no_answer");
//! log.push("where is the store in Madrid", "en", "no_answer");
//! let clusters = log.clusters(0.3);
//! assert_eq!(clusters[0].texts.len(), 2);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, FaqStatus};
use crate::text::{self, FeatureSpec};

/// One unanswered or unclear question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GapEvent {
    /// The question, redacted.
    pub text: String,
    /// Its language (the reply language tag).
    pub language: String,
    /// `no_answer` or `clarify`.
    pub status: String,
    /// The FAQ entries that came closest, with their scores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub near: Vec<(String, f32)>,
}

/// Recorded gaps, in order. Serialize it with serde to keep it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GapLog {
    /// The events, oldest first.
    pub events: Vec<GapEvent>,
}

/// A group of similar unanswered questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GapCluster {
    /// Position in the export, from 0, largest clusters first.
    pub id: usize,
    /// The question closest to the cluster's centre.
    pub representative: String,
    /// All questions of the cluster, in log order.
    pub texts: Vec<String>,
    /// Languages seen, with counts.
    pub languages: BTreeMap<String, usize>,
    /// The FAQ entry most often closest to these questions, if any: a
    /// candidate to receive them as alternate questions.
    pub suggested_faq: Option<String>,
}

const SPEC: FeatureSpec = FeatureSpec {
    words: true,
    word_bigrams: false,
    char_ngrams: (3, 4),
    cjk_ngrams: (1, 2),
};

impl GapLog {
    /// Records `analysis` when its FAQ status is `no_answer` or `clarify`;
    /// returns whether it was recorded.
    pub fn record(&mut self, analysis: &Analysis) -> bool {
        if analysis.faq.status == FaqStatus::Answer || analysis.redacted_text.trim().is_empty() {
            return false;
        }
        self.events.push(GapEvent {
            text: analysis.redacted_text.clone(),
            language: analysis.language.reply_language.clone(),
            status: analysis.faq.status.as_str().to_string(),
            near: analysis
                .faq
                .hits
                .iter()
                .map(|h| (h.id.clone(), h.score))
                .collect(),
        });
        true
    }

    /// Records a question directly (for imports and tests).
    pub fn push(&mut self, text: &str, language: &str, status: &str) {
        self.events.push(GapEvent {
            text: text.to_string(),
            language: language.to_string(),
            status: status.to_string(),
            near: Vec::new(),
        });
    }

    /// Groups similar questions: a question joins the most similar cluster
    /// whose centre has cosine similarity ≥ `min_similarity` with it, else
    /// starts a new one. Largest clusters first; ties in log order.
    pub fn clusters(&self, min_similarity: f32) -> Vec<GapCluster> {
        let vectors: Vec<BTreeMap<u64, f32>> =
            self.events.iter().map(|e| vectorize(&e.text)).collect();
        let mut centres: Vec<BTreeMap<u64, f32>> = Vec::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (i, v) in vectors.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let best = centres
                .iter()
                .enumerate()
                .map(|(c, centre)| (c, cosine(v, centre)))
                .filter(|&(_, s)| s >= min_similarity)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            match best {
                Some((c, _)) => {
                    members[c].push(i);
                    for (k, x) in v {
                        *centres[c].entry(*k).or_insert(0.0) += x;
                    }
                }
                None => {
                    centres.push(v.clone());
                    members.push(vec![i]);
                }
            }
        }
        let mut out: Vec<GapCluster> = members
            .iter()
            .zip(&centres)
            .map(|(m, centre)| {
                let rep = m
                    .iter()
                    .copied()
                    .max_by(|&a, &b| {
                        cosine(&vectors[a], centre)
                            .total_cmp(&cosine(&vectors[b], centre))
                            .then(b.cmp(&a))
                    })
                    .unwrap_or(m[0]);
                let mut languages = BTreeMap::new();
                let mut near: BTreeMap<&str, usize> = BTreeMap::new();
                for &i in m {
                    *languages
                        .entry(self.events[i].language.clone())
                        .or_insert(0) += 1;
                    if let Some((id, _)) = self.events[i].near.first() {
                        *near.entry(id.as_str()).or_insert(0) += 1;
                    }
                }
                let suggested_faq = near
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                    .map(|(id, _)| id.to_string());
                GapCluster {
                    id: 0,
                    representative: self.events[rep].text.clone(),
                    texts: m.iter().map(|&i| self.events[i].text.clone()).collect(),
                    languages,
                    suggested_faq,
                }
            })
            .collect();
        out.sort_by_key(|c| std::cmp::Reverse(c.texts.len()));
        for (i, c) in out.iter_mut().enumerate() {
            c.id = i;
        }
        out
    }
}

/// One JSON object per cluster, one per line.
pub fn clusters_to_jsonl(clusters: &[GapCluster]) -> String {
    let mut s = String::new();
    for c in clusters {
        // Plain data always serializes.
        s.push_str(&serde_json::to_string(c).unwrap_or_default());
        s.push('\n');
    }
    s
}

fn vectorize(t: &str) -> BTreeMap<u64, f32> {
    let mut v: BTreeMap<u64, f32> = BTreeMap::new();
    text::for_each_feature(&text::matching_form(t), &SPEC, |h, _| {
        *v.entry(h).or_insert(0.0) += 1.0
    });
    let norm = v.values().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in v.values_mut() {
            *x /= norm;
        }
    }
    v
}

fn cosine(a: &BTreeMap<u64, f32>, b: &BTreeMap<u64, f32>) -> f32 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let dot: f32 = small
        .iter()
        .filter_map(|(k, x)| large.get(k).map(|y| x * y))
        .sum();
    let nb = large.values().map(|x| x * x).sum::<f32>().sqrt();
    let na = small.values().map(|x| x * x).sum::<f32>().sqrt();
    if na > 0.0 && nb > 0.0 {
        dot / (na * nb)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_questions_cluster_and_export() {
        let mut log = GapLog::default();
        for t in [
            "do you sell gift cards",
            "where is your shop in madrid",
            "can I buy a gift card",
            "gift cards for sale?",
            "你们有礼品卡吗",
            "你們有禮品卡嗎",
        ] {
            log.push(t, "en", "no_answer");
        }
        log.push("", "en", "no_answer");
        let c = log.clusters(0.3);
        assert_eq!(c[0].texts.len(), 3, "{c:#?}");
        assert!(
            c.iter()
                .any(|k| k.texts.len() == 2 && k.texts[0].contains("礼品卡")),
            "scripts fold together: {c:#?}"
        );
        assert_eq!(
            c.iter().map(|k| k.texts.len()).sum::<usize>(),
            6,
            "the empty text is skipped"
        );
        let jsonl = clusters_to_jsonl(&c);
        assert_eq!(jsonl.lines().count(), c.len());
        let back: GapCluster = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
        assert_eq!(back, c[0]);
        // the log round-trips through serde
        let s = serde_json::to_string(&log).unwrap();
        assert_eq!(serde_json::from_str::<GapLog>(&s).unwrap(), log);
    }
}
