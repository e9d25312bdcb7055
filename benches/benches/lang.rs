//! Language detection speed: word pairs, single words and sentences in the
//! 15 customer-service languages, and one 1 MB message.
//!
//! `cargo bench -p kefu-benches --bench lang`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kefu::lang::LanguageDetector;

const LANGS: &[&str] = &[
    "en", "zh", "es", "fr", "de", "pt", "ja", "ko", "ru", "ar", "it", "id", "vi", "th", "tr",
];

/// Word pairs written for kefu, two or three per language.
const PAIRS: &[&str] = &[
    "delivery status",
    "refund request",
    "wrong size",
    "pedido atrasado",
    "envío gratis",
    "cuenta bloqueada",
    "commande annulée",
    "colis perdu",
    "remboursement partiel",
    "falsche Größe",
    "Lieferung verspätet",
    "Konto gesperrt",
    "pedido cancelado",
    "entrega atrasada",
    "conta bloqueada",
    "ordine annullato",
    "pacco smarrito",
    "rimborso parziale",
    "pesanan dibatalkan",
    "paket hilang",
    "akun diblokir",
    "đơn hàng",
    "giao hàng chậm",
    "hoàn tiền",
    "sipariş iptal",
    "kargo gecikti",
    "hesap kilitli",
    "заказ отменён",
    "посылка потерялась",
    "возврат денег",
    "الطلب ملغى",
    "الشحنة متأخرة",
    "استرداد المبلغ",
    "订单取消",
    "退貨退款",
    "物流查詢",
    "注文キャンセル",
    "配送遅延",
    "返品手続き",
    "주문 취소",
    "배송 지연",
    "환불 요청",
    "คำสั่งซื้อ ยกเลิก",
    "จัดส่ง ล่าช้า",
    "คืนเงิน ด่วน",
];

const SENTENCES: &[&str] = &[
    "I ordered a pair of headphones two weeks ago and the tracking has not updated since Monday.",
    "Hice un pedido hace dos semanas y todavía no me ha llegado nada, ¿me pueden ayudar?",
    "J'ai commandé un manteau la semaine dernière mais le colis est toujours en transit.",
    "Ich habe vor zwei Wochen bestellt und das Paket ist immer noch nicht angekommen.",
    "我上周下的单，到现在还没收到，物流信息也三天没更新了。",
    "注文した商品がまだ届いていません。配送状況を確認していただけますか。",
];

fn lang(c: &mut Criterion) {
    let langs: Vec<String> = LANGS.iter().map(|s| s.to_string()).collect();
    let det = LanguageDetector::new(&langs);
    let words: Vec<&str> = PAIRS.iter().flat_map(|p| p.split(' ')).collect();
    let mut g = c.benchmark_group("lang");
    g.throughput(Throughput::Elements(PAIRS.len() as u64));
    g.bench_function("pairs_15_langs", |b| {
        b.iter(|| {
            for p in PAIRS {
                std::hint::black_box(det.detect(p));
            }
        })
    });
    g.throughput(Throughput::Elements(words.len() as u64));
    g.bench_function("words_15_langs", |b| {
        b.iter(|| {
            for w in &words {
                std::hint::black_box(det.detect(w));
            }
        })
    });
    g.throughput(Throughput::Elements(SENTENCES.len() as u64));
    g.bench_function("sentences_15_langs", |b| {
        b.iter(|| {
            for s in SENTENCES {
                std::hint::black_box(det.detect(s));
            }
        })
    });
    // The demo shop bot's languages on the 210 fixture messages of the
    // analyze bench: the detector as a bot runs it.
    let shop = kefu::BotDefinition::from_path(kefu_benches::shop_definition())
        .expect("valid definition")
        .languages;
    let shop_det = LanguageDetector::new(&shop);
    let msgs = kefu_benches::fixture_messages();
    g.throughput(Throughput::Elements(msgs.len() as u64));
    g.bench_function("shop_fixture_210", |b| {
        b.iter(|| {
            for m in &msgs {
                std::hint::black_box(shop_det.detect(&m.text));
            }
        })
    });
    let big = SENTENCES
        .join(" ")
        .repeat(1_000_000 / SENTENCES.join(" ").len() + 1);
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.sample_size(10);
    g.bench_function("one_1mb_message", |b| {
        b.iter(|| std::hint::black_box(det.detect(&big)))
    });
    g.finish();
}

criterion_group!(benches, lang);
criterion_main!(benches);
