//! Entity extraction and redaction speed.
//!
//! * `entities/mixed`: about 1 MB of mixed customer text (English, Chinese
//!   and Spanish sentences, a third of them carrying an email, phone, card,
//!   IBAN, amount, date, URL, IP or order id) through `extract` and through
//!   `extract` + `redact`. Criterion reports bytes per second (target
//!   ≥ 50 MB/s).
//! * `entities/digits10pct/<size>`: inputs of 125 KB to 1 MB where a tenth
//!   of the bytes are digits, in runs broken by spaces, dashes and dots (the
//!   1 MB input holds 100,000 digits in near-miss card, phone, date and IP
//!   shapes, the kind of input that made snips-nlu slow down
//!   exponentially), and `entities/digits_only/<size>`, the worst case of
//!   nothing but digit runs. The time per byte stays flat as the size
//!   doubles: extraction is linear.
//!
//! `cargo bench -p kefu-benches --bench entities`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kefu::definition::{CustomEntity, EntityConfig};
use kefu::entities::EntityExtractor;

/// Sentences without entities, in the demo bot's languages.
const PLAIN: &[&str] = &[
    "Hi, I would like to know where my parcel is, it has been a while. ",
    "我想问一下退货的流程是怎样的，需要自己付运费吗？ ",
    "Hola, ¿cuánto tarda el envío a Valencia normalmente? ",
    "The app keeps crashing when I open the checkout page, please help. ",
    "請問你們的門市週末有營業嗎？我想過去試穿一下。 ",
    "Thanks a lot for the quick answer, that solved it. ",
];

/// Sentences carrying entities.
const WITH_ENTITIES: &[&str] = &[
    "You can write to me at ann.lee@example.com or call +44 20 7946 0958. ",
    "我的手机号是 138 0013 8000，订单号 SO-20261120，昨天下的单。 ",
    "I was charged $129.99 twice on 2026-11-20 with card 4111 1111 1111 1111. ",
    "Mi IBAN es ES91 2100 0418 4502 0005 1332, el pago fue de 45,50 € ayer. ",
    "上周五在 https://shop.example.com/orders 看到退款 300元 了。 ",
    "The error shows IP 192.168.10.24 and order SO-12345678 from last friday. ",
];

fn mixed_text(target: usize) -> String {
    let mut s = String::with_capacity(target + 256);
    let mut i = 0usize;
    while s.len() < target {
        if i % 3 == 2 {
            s.push_str(WITH_ENTITIES[(i / 3) % WITH_ENTITIES.len()]);
        } else {
            s.push_str(PLAIN[i % PLAIN.len()]);
        }
        i += 1;
    }
    s
}

/// `size` bytes in which digit runs of varied lengths, separated by
/// spaces, dashes and dots, make up `digits_per_mille` of the bytes and
/// words the rest: every run is a candidate for cards, phones, dates and
/// IPs, few pass. At 100 per mille, 1 MB holds 100,000 digits.
fn digit_text(size: usize, digits_per_mille: u64) -> String {
    let mut s = String::with_capacity(size + 32);
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut digits = 0u64;
    while s.len() < size {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        if digits * 1000 < s.len() as u64 * digits_per_mille {
            let run = 1 + (state % 19) as usize;
            for k in 0..run {
                s.push(char::from(b'0' + ((state >> (k * 3)) % 10) as u8));
            }
            digits += run as u64;
            s.push(match state % 7 {
                0 => '-',
                1 => '.',
                _ => ' ',
            });
        } else {
            s.push_str(["order ", "paid ", "call ", "card ", "号码 ", "el "][(state % 6) as usize]);
        }
    }
    s.truncate(size);
    s
}

fn extractor() -> EntityExtractor {
    let mut config = EntityConfig::default();
    config.custom.insert(
        "order_id",
        CustomEntity {
            pattern: r"SO-\d{8}".into(),
            description: None,
        },
    );
    match EntityExtractor::new(&config) {
        Ok(x) => x,
        Err(e) => panic!("the bench's entity config is valid: {e}"),
    }
}

fn bench(c: &mut Criterion) {
    let x = extractor();

    let text = mixed_text(1 << 20);
    let found = x.extract(&text);
    assert!(found.len() > 5_000, "the mixed text carries entities");
    let mut g = c.benchmark_group("entities/mixed");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    g.bench_function("extract", |b| b.iter(|| x.extract(&text)));
    g.bench_function("extract+redact", |b| {
        b.iter(|| {
            let e = x.extract(&text);
            x.redact(&text, &e)
        })
    });
    g.finish();

    // time per byte stays flat as the size doubles: linear
    for (group, per_mille) in [
        ("entities/digits10pct", 100),
        ("entities/digits_only", 1000),
    ] {
        let mut g = c.benchmark_group(group);
        g.sample_size(10);
        for size in [125_000usize, 250_000, 500_000, 1_000_000] {
            let text = digit_text(size, per_mille);
            g.throughput(Throughput::Bytes(size as u64));
            g.bench_with_input(BenchmarkId::from_parameter(size), &text, |b, t| {
                b.iter(|| x.extract(t))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
