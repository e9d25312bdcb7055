//! Redaction: replace redacted entities by `[KIND]` placeholders, so that
//! the output never contains the matched text of a redacted entity.

use std::collections::HashMap;

use crate::analysis::Entity;

/// `[KIND]` for a kind name.
pub(super) fn placeholder(kind: &str) -> String {
    let mut s = String::with_capacity(kind.len() + 2);
    s.push('[');
    s.extend(kind.chars().map(|c| c.to_ascii_uppercase()));
    s.push(']');
    s
}

/// Replaces the spans of redacted entities, merging overlaps, then any
/// other occurrence of their texts.
pub(super) fn redact(
    text: &str,
    entities: &[Entity],
    is_redacted: impl Fn(&Entity) -> bool,
) -> String {
    let chosen: Vec<&Entity> = entities.iter().filter(|e| is_redacted(e)).collect();
    if chosen.is_empty() {
        return text.to_string();
    }
    // spans that fit the text
    let mut spans: Vec<(usize, usize, &str)> = chosen
        .iter()
        .filter(|e| {
            e.start < e.end
                && text.is_char_boundary(e.start)
                && text.is_char_boundary(e.end)
                && e.end <= text.len()
        })
        .map(|e| (e.start, e.end, e.kind.as_str()))
        .collect();
    spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    let mut i = 0usize;
    while i < spans.len() {
        let (s, mut e, kind) = spans[i];
        i += 1;
        // merge overlapping spans (adjacent ones stay separate)
        while i < spans.len() && spans[i].0 < e {
            e = e.max(spans[i].1);
            i += 1;
        }
        if s < at {
            // cannot happen after merging; keep the guarantee anyway
            at = at.max(e);
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(&placeholder(kind));
        at = e;
    }
    out.push_str(&text[at..]);

    // every other occurrence of a redacted text
    let mut texts: Vec<(&str, &str)> = chosen
        .iter()
        .filter(|e| !e.text.is_empty())
        .map(|e| (e.text.as_str(), e.kind.as_str()))
        .collect();
    texts.sort_unstable();
    texts.dedup_by(|a, b| a.0 == b.0);
    for _ in 0..4 {
        match replace_all(&out, &texts) {
            Some(next) => out = next,
            None => return out,
        }
    }
    replace_slowly(out, &texts)
}

/// One left-to-right pass replacing every occurrence of the texts (longest
/// first at each position) by their placeholders; `None` when there is
/// none. Linear in `out` times the number of distinct text lengths.
fn replace_all(out: &str, texts: &[(&str, &str)]) -> Option<String> {
    let set: HashMap<&str, &str> = texts.iter().copied().collect();
    let mut lens: Vec<usize> = texts.iter().map(|(t, _)| t.len()).collect();
    lens.sort_unstable_by(|a, b| b.cmp(a));
    lens.dedup();
    let mut first = [false; 256];
    for (t, _) in texts {
        if let Some(&b) = t.as_bytes().first() {
            first[usize::from(b)] = true;
        }
    }
    let bytes = out.as_bytes();
    let mut result = String::new();
    let mut last = 0usize;
    let mut any = false;
    let mut i = 0usize;
    while i < bytes.len() {
        let mut hit = None;
        if first[usize::from(bytes[i])] && out.is_char_boundary(i) {
            for &l in &lens {
                let Some(cand) = out.get(i..i + l) else {
                    continue;
                };
                if let Some(kind) = set.get(cand) {
                    hit = Some((l, *kind));
                    break;
                }
            }
        }
        match hit {
            Some((l, kind)) => {
                any = true;
                result.push_str(&out[last..i]);
                let ph = placeholder(kind);
                // a placeholder that spells the text itself would not help
                if !ph.contains(&out[i..i + l]) {
                    result.push_str(&ph);
                }
                i += l;
                last = i;
            }
            None => i += 1,
        }
    }
    if !any {
        return None;
    }
    result.push_str(&out[last..]);
    Some(result)
}

/// Removes remaining occurrences one at a time; each step shortens the text.
fn replace_slowly(mut out: String, texts: &[(&str, &str)]) -> String {
    loop {
        let mut changed = false;
        for (t, kind) in texts {
            if let Some(i) = out.find(t) {
                let ph = placeholder(kind);
                let ph = if ph.contains(t) || ph.len() >= t.len() {
                    String::new()
                } else {
                    ph
                };
                out.replace_range(i..i + t.len(), &ph);
                changed = true;
            }
        }
        if !changed {
            return out;
        }
    }
}
