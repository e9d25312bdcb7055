//! whatlang and Lingua on the `langid` test split, restricted to the 15
//! languages kefu serves, with the rows and the scoring of `kefu eval lang`
//! (a row is right when the detected ISO 639-1 code equals its `lang`).
//!
//! `kefu-compare-langid <langid/test.jsonl> [--repeat N]` prints one JSON
//! object: per system, `accuracy`, `by_kind`, `by_lang`, `texts_per_s`,
//! `us_per_text` and `load_ms` (building the detector, preloading models).
//! Every detector runs single-threaded, one text at a time, the way
//! `kefu eval lang` calls kefu.

use std::collections::BTreeMap;
use std::time::Instant;

use lingua::{IsoCode639_1, Language, LanguageDetectorBuilder};
use serde::Deserialize;
use serde_json::{json, Value};

/// ISO 639-1 (the dataset's and kefu's codes) → ISO 639-3 (whatlang's).
const LANGS: &[(&str, &str)] = &[
    ("en", "eng"),
    ("zh", "cmn"),
    ("es", "spa"),
    ("fr", "fra"),
    ("de", "deu"),
    ("pt", "por"),
    ("ja", "jpn"),
    ("ko", "kor"),
    ("ru", "rus"),
    ("ar", "ara"),
    ("it", "ita"),
    ("id", "ind"),
    ("vi", "vie"),
    ("th", "tha"),
    ("tr", "tur"),
];

#[derive(Deserialize)]
struct Row {
    text: String,
    lang: String,
    #[serde(default)]
    kind: Option<String>,
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        (10000.0 * n as f64 / d as f64).round() / 100.0
    }
}

/// Runs `detect` over the rows `repeat` times (the fastest pass counts) and
/// scores the predictions of the last pass.
fn evaluate(rows: &[Row], repeat: usize, load_ms: f64, detect: impl Fn(&str) -> String) -> Value {
    let mut best = f64::INFINITY;
    let mut preds = Vec::new();
    for _ in 0..repeat.max(1) {
        let t0 = Instant::now();
        preds = rows.iter().map(|r| detect(&r.text)).collect::<Vec<_>>();
        best = best.min(t0.elapsed().as_secs_f64());
    }
    let mut by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_lang: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut correct = 0;
    for (r, p) in rows.iter().zip(&preds) {
        let ok = *p == r.lang;
        correct += usize::from(ok);
        for (m, k) in [
            (&mut by_kind, r.kind.clone().unwrap_or_else(|| "all".into())),
            (&mut by_lang, r.lang.clone()),
        ] {
            let e = m.entry(k).or_default();
            e.0 += usize::from(ok);
            e.1 += 1;
        }
    }
    let to_map = |m: BTreeMap<String, (usize, usize)>| -> Value {
        Value::Object(
            m.into_iter()
                .map(|(k, (c, n))| (k, json!(pct(c, n))))
                .collect(),
        )
    };
    json!({
        "accuracy": pct(correct, rows.len()),
        "by_kind": to_map(by_kind),
        "by_lang": to_map(by_lang),
        "texts_per_s": (rows.len() as f64 / best.max(1e-9)).round(),
        "us_per_text": (1e8 * best / rows.len().max(1) as f64).round() / 100.0,
        "load_ms": (load_ms * 10.0).round() / 10.0,
        "rows": rows.len(),
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: kefu-compare-langid <langid/test.jsonl> [--repeat N]")?;
    let repeat = match args.iter().position(|a| a == "--repeat") {
        Some(i) => args.get(i + 1).ok_or("--repeat takes a number")?.parse()?,
        None => 1,
    };
    let text = std::fs::read_to_string(path)?;
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let r: Row = serde_json::from_str(line)?;
        if LANGS.iter().any(|(c, _)| *c == r.lang) {
            rows.push(r);
        }
    }

    let mut out = serde_json::Map::new();

    // whatlang: allow-list of the 15 languages.
    let t0 = Instant::now();
    let allow: Vec<whatlang::Lang> = LANGS
        .iter()
        .filter_map(|(_, c3)| whatlang::Lang::from_code(*c3))
        .collect();
    let wl = whatlang::Detector::with_allowlist(allow);
    let load = t0.elapsed().as_secs_f64() * 1e3;
    let v = evaluate(&rows, repeat, load, |t| {
        wl.detect_lang(t)
            .and_then(|l| LANGS.iter().find(|(_, c3)| *c3 == l.code()))
            .map(|(c1, _)| c1.to_string())
            .unwrap_or_default()
    });
    out.insert("whatlang".into(), v);

    // Lingua, high-accuracy (default) and low-accuracy modes, models preloaded.
    let languages: Vec<Language> = LANGS
        .iter()
        .map(|(c1, _)| {
            c1.parse::<IsoCode639_1>()
                .map(|c| Language::from_iso_code_639_1(&c))
                .map_err(|_| format!("lingua does not know {c1}"))
        })
        .collect::<Result<_, _>>()?;
    for (name, low) in [("lingua_high", false), ("lingua_low", true)] {
        let t0 = Instant::now();
        let mut b = LanguageDetectorBuilder::from_languages(&languages);
        b.with_preloaded_language_models();
        if low {
            b.with_low_accuracy_mode();
        }
        let det = b.build();
        let load = t0.elapsed().as_secs_f64() * 1e3;
        let v = evaluate(&rows, repeat, load, |t| {
            det.detect_language_of(t)
                .map(|l| l.iso_code_639_1().to_string())
                .unwrap_or_default()
        });
        out.insert(name.into(), v);
    }
    out.insert(
        "versions".into(),
        json!({"whatlang": "0.18.0", "lingua": "1.8"}),
    );
    println!("{}", serde_json::to_string(&Value::Object(out))?);
    Ok(())
}
