//! Generates `core/src/lang/profiles.bin`, kefu's character n-gram language
//! profiles, from the n-gram models that ship in the Lingua language-model
//! crates on crates.io (`lingua-<language>-language-model` 1.3.0, Apache-2.0,
//! by Peter M. Stahl; see `core/src/lang/PROVENANCE.md`).
//!
//! Usage (from the repository root):
//!
//! ```sh
//! scripts/gen-lang-profiles/fetch.sh            # cargo fetch of the crates into ~/.cargo/registry
//! cargo run --release --manifest-path scripts/gen-lang-profiles/Cargo.toml -- \
//!     --models ~/.cargo/registry/src/index.crates.io-*/ --out core/src/lang/profiles.bin
//! ```
//!
//! Each crate's `models/ngrams.fst` maps every 1- to 5-gram of letters seen in
//! Lingua's training corpus to `ln P(last char | preceding chars)` (an `f64`
//! bit pattern; unigrams: `ln P(char)`). The tool chains these conditional
//! probabilities into the n-gram's relative frequency among n-grams of its
//! order (`ln P(abc) = ln P(a) + ln P(b|a) + ln P(c|ab)`), keeps the most
//! frequent n-grams per language and order (a budget per language), and
//! writes them quantized to 1/10 nat. Only `models/ngrams.fst` is read; the
//! crates' `testdata/` folders (Lingua's accuracy test set) are never read.
//!
//! Output format (little-endian), read by `core/src/lang/profile.rs`:
//!
//! ```text
//! "KFLP" u8 version=1  u8 max_order  u8 n_langs
//! n_langs × (u8 len, ASCII code)
//! n_langs × max_order × u8 floor      unseen-n-gram penalty, -ln P × 10
//! u32 n_ngrams
//! n_ngrams × (u8 shared prefix bytes, u8 suffix bytes, suffix)   sorted n-grams, front-coded
//! n_ngrams × u8 count                 languages that keep the n-gram
//! Σcount × u8 language index
//! Σcount × u8 value                   -ln P × 10, clamped to 0..=254
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use fst::{IntoStreamer, Streamer};

/// kefu code, Lingua crate name, budget class (0 = customer-service core,
/// 1 = other languages, 2 = small models kept whole: Chinese and Japanese).
const LANGS: &[(&str, &str, u8)] = &[
    ("en", "english", 0),
    ("es", "spanish", 0),
    ("fr", "french", 0),
    ("de", "german", 0),
    ("pt", "portuguese", 0),
    ("it", "italian", 0),
    ("id", "indonesian", 0),
    ("vi", "vietnamese", 0),
    ("tr", "turkish", 0),
    ("ru", "russian", 0),
    ("ar", "arabic", 0),
    ("zh", "chinese", 2),
    ("ja", "japanese", 2),
    ("nl", "dutch", 1),
    ("pl", "polish", 1),
    ("sv", "swedish", 1),
    ("da", "danish", 1),
    ("nb", "bokmal", 1),
    ("fi", "finnish", 1),
    ("cs", "czech", 1),
    ("sk", "slovak", 1),
    ("sl", "slovene", 1),
    ("hr", "croatian", 1),
    ("hu", "hungarian", 1),
    ("ro", "romanian", 1),
    ("ca", "catalan", 1),
    ("et", "estonian", 1),
    ("lv", "latvian", 1),
    ("lt", "lithuanian", 1),
    ("af", "afrikaans", 1),
    ("az", "azerbaijani", 1),
    ("cy", "welsh", 1),
    ("eo", "esperanto", 1),
    ("la", "latin", 1),
    ("tl", "tagalog", 1),
    ("sn", "shona", 1),
    ("zu", "zulu", 1),
    ("uk", "ukrainian", 1),
    ("be", "belarusian", 1),
    ("bg", "bulgarian", 1),
    ("mk", "macedonian", 1),
    ("sr", "serbian", 1),
    ("fa", "persian", 1),
    ("ur", "urdu", 1),
    ("hi", "hindi", 1),
    ("mr", "marathi", 1),
];

const MAX_ORDER: usize = 5;
const SCALE: f64 = 10.0;

struct Args {
    models: PathBuf,
    out: PathBuf,
    /// `core/src/text/hant_table.rs`, to give Chinese the Simplified forms.
    hant: PathBuf,
    /// Kept n-grams per order (1..=5) for class 0 and class 1 languages.
    budget: [[usize; MAX_ORDER]; 2],
    /// Store ln P(last | preceding) instead of the n-gram's frequency.
    cond: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut models = None;
    let mut out = None;
    let mut cond = true;
    let mut hant = PathBuf::from("core/src/text/hant_table.rs");
    let mut budget = [[400, 3000, 6000, 12000, 12000], [300, 1500, 3000, 2500, 1000]];
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--models" => models = Some(PathBuf::from(val()?)),
            "--out" => out = Some(PathBuf::from(val()?)),
            "--hant" => hant = PathBuf::from(val()?),
            "--joint" => cond = false,
            "--core" | "--other" => {
                let v = val()?;
                let nums: Vec<usize> = v
                    .split(',')
                    .map(|s| s.parse().map_err(|e| format!("{a} {v}: {e}")))
                    .collect::<Result<_, _>>()?;
                if nums.len() != MAX_ORDER {
                    return Err(format!("{a} needs {MAX_ORDER} comma-separated counts"));
                }
                let b = &mut budget[usize::from(a == "--other")];
                b.copy_from_slice(&nums);
            }
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    Ok(Args {
        models: models.ok_or("--models DIR is required")?,
        out: out.ok_or("--out FILE is required")?,
        hant,
        cond,
        budget,
    })
}

/// Reads one language's `ngrams.fst`: n-gram → ln relative frequency among
/// n-grams of the same order.
fn read_model(path: &Path) -> Result<Vec<(String, f64, f64)>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let map = fst::Map::new(bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut joint: HashMap<String, f64> = HashMap::new();
    let mut out = Vec::new();
    let mut stream = map.stream().into_stream();
    // Keys stream in byte order, so every prefix comes before its extensions.
    while let Some((k, v)) = stream.next() {
        let key = std::str::from_utf8(k)
            .map_err(|e| format!("{}: bad key: {e}", path.display()))?
            .to_string();
        let cond = f64::from_bits(v);
        let n = key.chars().count();
        let lp = if n == 1 {
            cond
        } else {
            let cut = key.char_indices().last().map(|(i, _)| i).unwrap_or(0);
            match joint.get(&key[..cut]) {
                Some(p) => p + cond,
                None => continue,
            }
        };
        joint.insert(key.clone(), lp);
        out.push((key, lp, cond));
    }
    Ok(out)
}

/// Lingua's Chinese model is written in Traditional characters: give every
/// Traditional character's Simplified form (OpenCC's table, as kefu folds
/// scripts) the combined probability of the characters that fold to it.
fn add_simplified(model: &mut Vec<(String, f64)>, hant: &Path) -> Result<(), String> {
    let src = std::fs::read_to_string(hant).map_err(|e| format!("{}: {e}", hant.display()))?;
    let mut t2s: HashMap<char, char> = HashMap::new();
    for line in src.lines() {
        let cs: Vec<char> = line.trim().chars().collect();
        // ('X', 'Y'),
        if cs.len() == 11 && cs[0] == '(' && cs[1] == '\'' && cs[3] == '\'' && cs[6] == '\'' {
            t2s.insert(cs[2], cs[7]);
        }
    }
    if t2s.len() < 1000 {
        return Err(format!("{}: expected the HANT_TO_HANS table", hant.display()));
    }
    let have: HashMap<String, f64> = model.iter().cloned().collect();
    let mut added: BTreeMap<String, f64> = BTreeMap::new();
    for (g, lp) in model.iter() {
        let mut cs = g.chars();
        let (Some(c), None) = (cs.next(), cs.next()) else { continue };
        let Some(&s) = t2s.get(&c) else { continue };
        let s = s.to_string();
        if have.contains_key(&s) {
            continue;
        }
        let e = added.entry(s).or_insert(f64::NEG_INFINITY);
        *e = if e.is_finite() { (e.exp() + lp.exp()).ln() } else { *lp };
    }
    eprintln!("zh: {} Simplified forms added", added.len());
    model.extend(added);
    Ok(())
}

fn find_crate(models: &Path, name: &str) -> Result<PathBuf, String> {
    let dir = format!("lingua-{name}-language-model-1.3.0");
    let p = models.join(&dir).join("models").join("ngrams.fst");
    if p.exists() {
        Ok(p)
    } else {
        Err(format!("{} not found: run scripts/gen-lang-profiles/fetch.sh", p.display()))
    }
}

fn quant(lp: f64) -> u8 {
    (-lp * SCALE).round().clamp(0.0, 254.0) as u8
}

fn main() {
    if let Err(e) = run() {
        eprintln!("gen-lang-profiles: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    // n-gram → (language index → value)
    let mut table: BTreeMap<String, Vec<(u8, u8)>> = BTreeMap::new();
    let mut floors: Vec<[u8; MAX_ORDER]> = Vec::new();
    for (li, &(code, name, class)) in LANGS.iter().enumerate() {
        let path = find_crate(&args.models, name)?;
        let mut model = read_model(&path)?;
        let cond: HashMap<String, f64> = model.iter().map(|(k, _, c)| (k.clone(), *c)).collect();
        let mut model: Vec<(String, f64)> = model.drain(..).map(|(k, j, _)| (k, j)).collect();
        if code == "zh" {
            add_simplified(&mut model, &args.hant)?;
        }
        let mut by_order: Vec<Vec<(String, f64)>> = vec![Vec::new(); MAX_ORDER];
        for (k, lp) in model {
            let n = k.chars().count();
            if (1..=MAX_ORDER).contains(&n) {
                by_order[n - 1].push((k, lp));
            }
        }
        let mut fl = [0u8; MAX_ORDER];
        let mut kept_total = 0;
        for (oi, v) in by_order.iter_mut().enumerate() {
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let k = match class {
                2 => v.len(),
                c => args.budget[usize::from(c)][oi].min(v.len()),
            };
            let total = v.len();
            v.truncate(k);
            // Unseen n-grams are rarer than the rarest kept one: half of it,
            // or, when the model was kept whole, a tenth of its rarest.
            let last = v.last().map(|x| x.1).unwrap_or(-10.0);
            let floor = if k < total { last - 0.7 } else { last - 2.3 };
            fl[oi] = quant(floor);
            let floor = if args.cond {
                let mut cs: Vec<f64> = v.iter().map(|(g, lp)| cond.get(g).copied().unwrap_or(*lp)).collect();
                cs.sort_by(|a, b| a.total_cmp(b));
                cs.get(cs.len() / 20).copied().unwrap_or(-10.0) - 3.0
            } else {
                floor
            };
            fl[oi] = quant(floor);
            for (g, lp) in v.iter() {
                let val = if args.cond { cond.get(g).copied().unwrap_or(*lp) } else { *lp };
                table.entry(g.clone()).or_default().push((li as u8, quant(val)));
            }
            kept_total += k;
            eprintln!("{code} order {} kept {k} of {total}, floor {:.2}", oi + 1, floor);
        }
        eprintln!("{code}: {kept_total} n-grams");
        floors.push(fl);
    }
    let mut out = Vec::new();
    out.extend_from_slice(b"KFLP");
    out.push(1);
    out.push(MAX_ORDER as u8);
    out.push(LANGS.len() as u8);
    for &(code, _, _) in LANGS {
        out.push(code.len() as u8);
        out.extend_from_slice(code.as_bytes());
    }
    for fl in &floors {
        out.extend_from_slice(fl);
    }
    out.extend_from_slice(&(table.len() as u32).to_le_bytes());
    let mut prev: &[u8] = &[];
    for g in table.keys() {
        let g = g.as_bytes();
        let shared = prev.iter().zip(g).take_while(|(a, b)| a == b).count();
        let suffix = &g[shared..];
        out.push(shared as u8);
        out.push(suffix.len() as u8);
        out.extend_from_slice(suffix);
        prev = g;
    }
    for v in table.values() {
        out.push(v.len() as u8);
    }
    for v in table.values() {
        out.extend(v.iter().map(|&(l, _)| l));
    }
    for v in table.values() {
        out.extend(v.iter().map(|&(_, q)| q));
    }
    std::fs::write(&args.out, &out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let entries: usize = table.values().map(Vec::len).sum();
    eprintln!(
        "wrote {}: {} n-grams, {} entries, {} bytes",
        args.out.display(),
        table.len(),
        entries,
        out.len()
    );
    Ok(())
}
