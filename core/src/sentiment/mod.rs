//! Sentiment, emotions and escalation signals. (Being written.)

use crate::analysis::{Emotions, SentimentLabel, SentimentResult};
use crate::definition::SentimentConfig;
use crate::error::Result;

/// Scores sentiment with built-in lexicons plus the bot's additions.
#[derive(Clone, Debug)]
pub struct SentimentScorer {
    _config: SentimentConfig,
}

impl SentimentScorer {
    /// Builds a scorer from the built-in lexicons plus `config`'s additions.
    pub fn new(config: &SentimentConfig) -> Result<SentimentScorer> {
        Ok(SentimentScorer {
            _config: config.clone(),
        })
    }

    /// Scores `text`; `lang` is an ISO 639-1 code (`"en"`, `"zh"`) or `"und"`.
    pub fn score(&self, _text: &str, _lang: &str) -> SentimentResult {
        SentimentResult {
            score: 0.0,
            label: SentimentLabel::Neutral,
            emotions: Emotions::default(),
            escalation: 0,
            signals: vec![],
        }
    }
}
