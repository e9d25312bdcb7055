//! Analyzes the bench messages many times, for profilers (callgrind, perf).
fn main() {
    let def = kefu::BotDefinition::from_path("examples/shop/bot.yaml").expect("valid definition");
    let bot = kefu::Bot::train(&def, &kefu::TrainOptions::default()).expect("trains");
    let msgs = [
        "Hi, where is my order SO-20261234? It still hasn't shipped.",
        "我上週買的外套太大了，想要退貨，要怎麼寄回去？",
        "¿Cuántos días tarda en llegar un pedido a España?",
        "Please replace the card on my account, the new one is 4111 1111 1111 1111.",
    ];
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let mut total = 0usize;
    for _ in 0..n {
        for m in msgs {
            total += bot.analyze(&kefu::Message::new(m)).entities.len();
        }
    }
    println!("{total}");
}
