//! English polarity prior derived from GoEmotions (generated; do not edit).
//!
//! Source: GoEmotions train split (Demszky et al. 2020, Google Research),
//! licence Apache-2.0; see `LEXICONS.md` and `THIRD_PARTY.md`. Weights are
//! logistic-regression coefficients (positive vs negative comments), as
//! `round(100 * clamp(w / 4, -1, 1))`. Regenerate from the repository root:
//!
//! ```text
//! python3 scripts/gen-sentiment-lexicon/gen.py \
//!     --data ../shared/data/goemotions/train.jsonl --min-df 3 \
//!     --min-weight 0.78 --min-polar-share 0.5 \
//!     --l2 2.0 --epochs 15
//! ```
//!
//! 124 words. Hand-written entries (`lexicon_en.rs`) always win.

/// (weight × 100, space-separated words with that weight).
pub(super) static DERIVED: &[(i8, &str)] = &[
    (-63, "embarrassing fuck"),
    (-56, "terrifying"),
    (-54, "disagree hurts"),
    (-52, "shut"),
    (-51, "miss"),
    (-45, "weird"),
    (-44, "apologies bitch"),
    (-42, "dare"),
    (-41, "creepy"),
    (-40, "ashamed"),
    (-39, "ugly"),
    (-37, "asshole fucked"),
    (-36, "cringe"),
    (-35, "saddest"),
    (-34, "stop"),
    (-33, "embarrassment"),
    (-32, "false"),
    (-31, "nope unpopular"),
    (-30, "fear loser"),
    (-29, "bastard motherfucker"),
    (-28, "abused nah"),
    (-27, "aggressive apologize bastards died guilty loss scares"),
    (-26, "argument cruel destroyed dumbass grief ruined sadness"),
    (-25, "assholes diarrhea filthy sick"),
    (-24, "devastating frightening horror upsetting"),
    (-23, "cringy destroy disturbing embarrassed hurting"),
    (-22, "horrific horrifying killed rip unreasonable"),
    (-21, "brutal cried crimes goddamn motherfucking"),
    (
        -20,
        "alone ass complaining fuckin heartbreak heck kick unfortunate utter",
    ),
    (20, "adore confident excitement hero interested"),
    (21, "fav thankfully"),
    (22, "cutest funnier respect"),
    (23, "believe faster happily positive thankful"),
    (24, "amusing bliss"),
    (25, "famous pray sexy true"),
    (26, "exactly greatest hug joking lucky wholesome winning"),
    (28, "beauty"),
    (30, "alright finally"),
    (31, "glorious"),
    (34, "bless delicious"),
    (35, "genius"),
    (36, "correct laugh"),
    (37, "adorable careful"),
    (39, "handsome"),
    (40, "proud"),
    (41, "laughing"),
    (42, "brave"),
    (43, "hoping"),
    (45, "agreed"),
    (52, "cute"),
    (53, "interesting"),
    (56, "laughed"),
    (65, "agree"),
];
