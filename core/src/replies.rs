//! Reply selection and the built-in prompts (clarify, handoff, ticket).
//!
//! A reply is picked in the reply language, then another variant of the same
//! language (a `zh-Hans` text for a `zh-Hant` customer reads better than the
//! default language), then the bot's default language, then any.

use std::collections::BTreeMap;

use crate::analysis::{FaqResult, FaqStatus};
use crate::lang::primary;

/// Picks the text for `lang` from a language → text map. See the module docs.
pub fn pick(map: &BTreeMap<String, String>, lang: &str, default: &str) -> Option<String> {
    map.get(lang)
        .or_else(|| {
            map.iter()
                .find(|(k, _)| primary(k) == primary(lang))
                .map(|(_, v)| v)
        })
        .or_else(|| map.get(default))
        .or_else(|| map.values().next())
        .cloned()
}

struct Prompts {
    options: &'static str,
    rephrase: &'static str,
    handoff: &'static str,
    ticket: &'static str,
    sep: &'static str,
}

const EN: Prompts = Prompts {
    options: "Did you mean one of these?",
    rephrase: "Sorry, I didn't quite get that. Could you say it another way?",
    handoff: "I'm passing you to a colleague who can help. Please hold on a moment.",
    ticket: "Our team is offline right now. We've opened a ticket and will get back to you as soon as we're open.",
    sep: " / ",
};

fn prompts(lang: &str) -> &'static Prompts {
    const HANS: Prompts = Prompts {
        options: "您是想问以下哪个问题？",
        rephrase: "抱歉，我没有完全理解。能换个说法再说一次吗？",
        handoff: "正在为您转接人工客服，请稍候。",
        ticket: "我们的客服团队目前不在线。已为您创建工单，上班后会尽快回复您。",
        sep: " / ",
    };
    const HANT: Prompts = Prompts {
        options: "請問您想問的是以下哪一個問題？",
        rephrase: "抱歉，我沒有完全理解。能換個說法再說一次嗎？",
        handoff: "正在為您轉接真人客服，請稍候。",
        ticket: "我們的客服團隊目前不在線上。已為您建立工單，上班後會盡快回覆您。",
        sep: " / ",
    };
    const ES: Prompts = Prompts {
        options: "¿Quería decir alguna de estas?",
        rephrase: "Perdón, no lo he entendido bien. ¿Puede decirlo de otra forma?",
        handoff: "Le paso con un compañero que puede ayudarle. Un momento, por favor.",
        ticket: "Nuestro equipo no está disponible ahora. Hemos abierto un ticket y le responderemos en cuanto abramos.",
        sep: " / ",
    };
    const JA: Prompts = Prompts {
        options: "次のどれについてのご質問でしょうか？",
        rephrase: "申し訳ありません、よく理解できませんでした。別の言い方でお願いできますか？",
        handoff: "担当者におつなぎします。少々お待ちください。",
        ticket: "現在、担当チームは営業時間外です。チケットを作成しましたので、営業開始後すぐにご連絡します。",
        sep: " / ",
    };
    match lang {
        "zh-Hant" | "zh-TW" | "zh-HK" => &HANT,
        _ => match primary(lang) {
            "zh" => &HANS,
            "es" => &ES,
            "ja" => &JA,
            _ => &EN,
        },
    }
}

/// A clarifying question: the FAQ candidates when there are any worth
/// offering, else a request to rephrase.
pub fn clarify(faq: &FaqResult, lang: &str) -> String {
    let p = prompts(lang);
    if faq.status == FaqStatus::Clarify && !faq.hits.is_empty() {
        let opts: Vec<&str> = faq.hits.iter().map(|h| h.question.as_str()).collect();
        format!("{} {}", p.options, opts.join(p.sep))
    } else {
        p.rephrase.to_string()
    }
}

/// The notice sent when handing off to a human.
pub fn handoff(lang: &str) -> &'static str {
    prompts(lang).handoff
}

/// The notice sent when a ticket is opened.
pub fn ticket(lang: &str) -> &'static str {
    prompts(lang).ticket
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_falls_back_by_script_then_default() {
        let m: BTreeMap<String, String> = [("en", "hi"), ("zh-Hans", "你好")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(pick(&m, "zh-Hant", "en").as_deref(), Some("你好"));
        assert_eq!(pick(&m, "es", "en").as_deref(), Some("hi"));
        assert_eq!(pick(&BTreeMap::new(), "es", "en"), None);
        assert!(handoff("zh-Hant").contains("轉接"));
        assert!(ticket("es").contains("ticket"));
    }
}
