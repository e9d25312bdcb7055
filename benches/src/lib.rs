//! Shared helpers of kefu's criterion benches (`cargo bench -p kefu-benches`).

use std::path::PathBuf;

/// The demo shop definition (`examples/shop/bot.yaml`).
pub fn shop_definition() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/shop/bot.yaml")
}

/// Trains the demo shop bot with the default options.
pub fn shop_bot() -> kefu::Bot {
    let def =
        kefu::BotDefinition::from_path(shop_definition()).expect("the shop definition is valid");
    kefu::Bot::train(&def, &kefu::TrainOptions::default()).expect("the shop bot trains")
}

/// Messages in several languages and moods, for throughput benches.
pub const MESSAGES: &[&str] = &[
    "Hi, where is my order SO-20261234? It still hasn't shipped.",
    "我上週買的外套太大了，想要退貨，要怎麼寄回去？",
    "寄到德国的话，收货时还要另外交关税吗？",
    "¿Cuántos días tarda en llegar un pedido a España?",
    "This is ridiculous!!! My order is late AGAIN, I'm cancelling everything.",
    "Please replace the card on my account, the new one is 4111 1111 1111 1111.",
    "I need to talk to a real person",
    "what's the weather on Mars right now?",
];
