//! Emoji and emoticons, applied in every language (see `LEXICONS.md`).

use super::lexicon::{entries, Emo};

/// A parsed symbol entry: (symbol, polarity, emotion cue).
pub(super) type Symbol = (&'static str, f32, Option<(Emo, f32)>);

/// One emoji or emoticon per line: the symbol, its polarity and optionally
/// an emotion cue with its weight (`😡 -0.8 anger 1.0`). Text for the same
/// reason as the language lists (see `LangData`).
pub(super) static SYMBOLS: &str = "
# anger
😡 -0.8 anger 1.0
😠 -0.7 anger 0.9
🤬 -0.9 anger 1.2
💢 -0.5 anger 0.7
👿 -0.6 anger 0.6
😤 -0.5 anger 0.7
😒 -0.4 anger 0.4
🙄 -0.35 anger 0.4
🖕 -0.9 anger 1.0
🤦 -0.35 anger 0.3
🤮 -0.7 anger 0.4
🤢 -0.5
💩 -0.6 anger 0.3
👎 -0.6
😑 -0.2
😐 -0.05
❌ -0.3
# sadness
😢 -0.6 sadness 0.9
😭 -0.65 sadness 1.0
😞 -0.5 sadness 0.7
😔 -0.45 sadness 0.7
😩 -0.5 sadness 0.5
😫 -0.5 sadness 0.5
😕 -0.3 sadness 0.3
🙁 -0.4 sadness 0.5
☹ -0.45 sadness 0.6
💔 -0.6 sadness 0.8
😥 -0.35 sadness 0.5
😖 -0.45 sadness 0.4
😣 -0.4 sadness 0.4
# anxiety
😟 -0.4 anxiety 0.7
😰 -0.5 anxiety 0.9
😨 -0.5 anxiety 0.8
😱 -0.5 anxiety 0.8
😓 -0.3 anxiety 0.5
😬 -0.2 anxiety 0.4
⚠ -0.2 anxiety 0.3
⏰ 0.0 anxiety 0.4
🆘 -0.4 anxiety 1.0
# joy
😊 0.6 joy 0.7
😀 0.55 joy 0.7
😃 0.6 joy 0.7
😄 0.6 joy 0.8
😁 0.6 joy 0.8
😆 0.55 joy 0.7
😂 0.3 joy 0.6
🤣 0.3 joy 0.5
😍 0.8 joy 0.9
🥰 0.8 joy 0.9
😘 0.6 joy 0.6
😉 0.35 joy 0.3
🙂 0.3 joy 0.3
☺ 0.5 joy 0.5
😌 0.3
😎 0.45 joy 0.4
🤗 0.55 joy 0.5
👍 0.55 joy 0.3
👌 0.45
👏 0.55 joy 0.5
🙌 0.6 joy 0.6
💪 0.4
🎉 0.6 joy 0.8
🥳 0.65 joy 0.8
❤ 0.7 joy 0.6
💕 0.65 joy 0.6
💖 0.65 joy 0.6
💯 0.6 joy 0.4
⭐ 0.3
🌟 0.4
✨ 0.3
✅ 0.2
🤝 0.3
# gratitude
🙏 0.35 gratitude 0.8
💐 0.4 gratitude 0.5
# emoticons
:) 0.5 joy 0.5
:-) 0.5 joy 0.5
:)) 0.6 joy 0.6
:D 0.6 joy 0.7
:-D 0.6 joy 0.7
=) 0.45 joy 0.4
;) 0.35 joy 0.3
;-) 0.35 joy 0.3
:P 0.25 joy 0.3
:p 0.25 joy 0.3
:-P 0.25 joy 0.3
:-p 0.25 joy 0.3
XD 0.4 joy 0.5
xD 0.4 joy 0.5
^_^ 0.5 joy 0.5
^^ 0.4 joy 0.4
<3 0.6 joy 0.5
:( -0.5 sadness 0.6
:-( -0.5 sadness 0.6
:(( -0.6 sadness 0.7
:'( -0.6 sadness 0.9
:'-( -0.6 sadness 0.9
=( -0.45 sadness 0.5
:/ -0.25
:-/ -0.25
:| -0.1
>:( -0.7 anger 0.9
>:-( -0.7 anger 0.9
:@ -0.6 anger 0.8
T_T -0.55 sadness 0.9
T.T -0.55 sadness 0.9
QAQ -0.45 sadness 0.7
-_- -0.3 anger 0.3
";

/// The entries of [`SYMBOLS`].
pub(super) fn symbols() -> impl Iterator<Item = Result<Symbol, String>> {
    parse_symbols(SYMBOLS)
}

/// The entries of a symbol table: (symbol, polarity, emotion cue); a line
/// that does not parse is an error that quotes it.
pub(super) fn parse_symbols(list: &'static str) -> impl Iterator<Item = Result<Symbol, String>> {
    entries(list).map(|line| {
        let bad =
            || format!("symbol line `{line}` is not `<symbol> <polarity> [<emotion> <weight>]`");
        let mut f = line.split(' ').filter(|x| !x.is_empty());
        let sym = f.next().ok_or_else(bad)?;
        let v: f32 = f.next().and_then(|x| x.parse().ok()).ok_or_else(bad)?;
        let cue = match (f.next(), f.next()) {
            (None, None) => None,
            (Some(name), Some(w)) => Some((
                Emo::from_name(name).ok_or_else(bad)?,
                w.parse::<f32>()
                    .ok()
                    .filter(|w| w.is_finite())
                    .ok_or_else(bad)?,
            )),
            _ => return Err(bad()),
        };
        if f.next().is_some() || !v.is_finite() {
            return Err(bad());
        }
        Ok((sym, v, cue))
    })
}
