//! Chat words: greetings, thanks, chat abbreviations and the commonest short
//! words of customer messages, per language. Character n-grams learned from
//! news and web text know little about "thx", "servus" or "pls"; a whole-word
//! match gives the language a fixed bonus, which decides one- and two-word
//! messages and hardly moves longer ones.
//!
//! Written for kefu (MIT OR Apache-2.0). Words are in normalized form
//! (lowercase, NFKC); a word listed under several languages votes for each.

use crate::text::FastMap;
use std::sync::OnceLock;

/// Language → space-separated words.
const WORDS: &[(&str, &str)] = &[
    (
        "en",
        "hi hey heya hiya hello helo yo sup howdy thx thanx thnx thankyou thanks thank ty tysm tyvm \
         pls plz please u ur r ya yea yeah yep yup nope okay kk lol lmao omg wtf idk btw asap \
         can cant can't could would wont won't dont don't doesnt didnt isnt im i'm ive i've \
         you your you're youre the and with what where when why how who which is are was were \
         this that it's its my me mine our we they he she his her them not still yet just \
         help order orders refund parcel package shipping delivery delivered tracking cancel \
         return returned late missing broken wrong item items account password payment charged \
         bye goodbye cheers morning evening night good great awful terrible sorry want need \
         get got have has had any some there here now today tomorrow yesterday",
    ),
    (
        "es",
        "hola holaa buenas buenos dias días gracias graciass muchas porfa porfavor favor \
         quiero necesito mi mis tengo tienes dónde donde cuándo cuando qué porqué porque cómo \
         como está esta estoy están ayuda ayúdame ayudame vale bueno adiós adios chao hasta \
         luego saludos disculpa disculpe perdón perdon reembolso devolución devolucion envío \
         envio llegó llego todavía aun aún tarde compra cuenta pago contraseña cancelar \
         paquete pedido atrasado retrasado también nada usted ustedes hacer puedo puede quería queria sí el los las \
         del al lo y o pero muy",
    ),
    (
        "fr",
        "bonjour bonsoir salut coucou merci mercii svp stp slt cc oui ouais je j'ai veux \
         voudrais mon ma mes commande commandé où quand pourquoi comment c'est est pas rien \
         aide aidez remboursement livraison colis retard annuler bonne journée revoir désolé \
         désolée vous avez suis reçu toujours encore rembourser paiement compte mot passe \
         d'accord daccord bisous le la les des du une et ou mais très",
    ),
    (
        "de",
        "hallo servus moin moinsen grüß gruß grüezi tschüss tschüs danke dankeschön \
         vielen bitte ja jo nein nö doch ich möchte will mein meine meinen bestellung wo wann \
         warum wieso weshalb wie ist nicht kein keine hilfe rückerstattung lieferung paket \
         stornieren storno gut schlecht noch immer schon habe hast haben bin sind geld zurück \
         konto passwort zahlung bestellt angekommen leider gerne tag guten abend morgen \
         der die das und oder aber sehr",
    ),
    (
        "pt",
        "olá ola oi obrigado obrigada obg brigado vlw valeu pfv pf sim não nao eu quero \
         meu minha pedido onde quando porquê como está estou ajuda reembolso entrega \
         encomenda atrasado tchau bom dia boa tarde noite ainda chegou cancelar conta \
         pagamento senha preciso você vocês voce obrigadão tudo bem também nada fazer posso \
         pode queria o os as do da dos das no na em e ou mas muito",
    ),
    (
        "it",
        "ciao salve buongiorno buonasera grazie prego perfavore sì voglio vorrei il mio mia \
         miei ordine dove quando perché perche come è aiuto rimborso consegna spedizione \
         pacco ritardo arrivederci ancora annullare conto pagamento bene anche niente \
         fare posso può sono ho hai abbiamo della delle degli gli e o ma molto",
    ),
    (
        "id",
        "halo hai terima kasih makasih trims tq tolong mohon bantu bantuan saya aku mau \
         ingin pesanan dimana mana kapan kenapa mengapa bagaimana gimana belum sudah udah \
         sampai ya tidak nggak gak enggak ga dong kak min gan selamat pagi siang sore malam \
         pengembalian dana paket kirim pengiriman batal batalkan bisa tidak apa yang dan \
         atau tapi sangat juga ini itu",
    ),
    (
        "vi",
        "xin chào chao cảm ơn cám bạn ạ vâng dạ không ko có tôi mình muốn đơn hàng đâu \
         nào sao giúp hoàn tiền giao đã chưa được rồi nhé nha làm cho của và hay nhưng rất",
    ),
    (
        "tr",
        "merhaba selam slm teşekkürler teşekkür ederim sağol sağolun saol tşk tesekkurler \
         lütfen lutfen evet hayır hayir siparişim sipariş siparis nerede ne zaman neden nasıl \
         yardım iade kargo iptal günaydın iyi akşamlar istiyorum param hesap şifre ödeme \
         hala henüz gelmedi bir ve veya ama çok bu şu",
    ),
    (
        "nl",
        "hallo hoi doei dank bedankt alsjeblieft alstublieft graag ja nee mijn \
         bestelling waar wanneer waarom hoe niet geen hulp terugbetaling levering pakket \
         annuleren nog steeds al heb ik wil het een en of maar erg",
    ),
    (
        "pl",
        "cześć czesc dzień dobry dziękuję dzięki dzieki proszę prosze tak nie moje moja \
         zamówienie zamowienie gdzie kiedy dlaczego jak pomoc zwrot przesyłka paczka \
         anulować jeszcze już mam chcę chce i lub ale bardzo",
    ),
    (
        "sv",
        "hej hejsan tjena tack snälla ja nej min mitt beställning var när varför hur \
         hjälp återbetalning leverans paket avbryta fortfarande redan har jag vill och \
         eller men mycket",
    ),
    (
        "ru",
        "привет здравствуйте добрый день спасибо пожалуйста да нет мой моя мои заказ где \
         когда почему как помогите помощь возврат доставка посылка отменить ещё еще уже я \
         хочу и или но очень",
    ),
    (
        "uk",
        "привіт вітаю дякую будь ласка так ні мій моя замовлення де коли чому як допоможіть \
         повернення доставка посилка скасувати ще вже я хочу і або але дуже",
    ),
    (
        "ar",
        "مرحبا السلام عليكم شكرا من فضلك نعم لا طلبي طلب أين متى لماذا كيف مساعدة استرداد \
         الشحن الطلب إلغاء",
    ),
];

fn table() -> &'static FastMap<&'static str, Vec<&'static str>> {
    static T: OnceLock<FastMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: FastMap<&'static str, Vec<&'static str>> = FastMap::default();
        for &(lang, words) in WORDS {
            for w in words.split_whitespace() {
                let v = m.entry(w).or_default();
                if !v.contains(&lang) {
                    v.push(lang);
                }
            }
        }
        m
    })
}

/// The languages that list `word` (normalized) as a chat word.
pub(crate) fn languages_of(word: &str) -> &'static [&'static str] {
    table().get(word).map(Vec::as_slice).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_normalized() {
        for &(_, words) in WORDS {
            for w in words.split_whitespace() {
                assert_eq!(crate::text::normalize(w), w, "{w}");
            }
        }
        assert_eq!(languages_of("servus"), &["de"]);
        assert!(languages_of("pedido").contains(&"es"));
        assert!(languages_of("nope-not-a-word").is_empty());
    }
}
