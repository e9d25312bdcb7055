//! Customer-service signals: one multi-pattern regex over the matching form
//! of a message (lowercase, NFKC, Traditional folded to Simplified), run
//! once with overlapping set semantics. All languages' patterns always
//! apply: they are specific phrases, and short messages are often
//! misdetected.

use regex_automata::meta::Regex;
use regex_automata::{Input, MatchKind, PatternSet};

use super::tokenize::fold_char;

/// A customer-service signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Signal {
    AsksForHuman = 0,
    CancelThreat = 1,
    PublicComplaint = 2,
    Profanity = 3,
    RepeatContact = 4,
    LongWait = 5,
}

/// Signal names, indexed by [`Signal`]; this is also their output order.
pub(super) const NAMES: [&str; 6] = [
    "asks_for_human",
    "cancel_threat",
    "public_complaint",
    "profanity",
    "repeat_contact",
    "long_wait",
];

/// What a pattern reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// The signal is present.
    Raise(Signal),
    /// The signal is negated ("I don't want to cancel"): drop it.
    Suppress(Signal),
}

use Role::{Raise, Suppress};
use Signal::*;

// Number words. `\b` is turned into an ASCII word boundary, which the lazy
// DFA handles on any input (a Unicode `\b` would not on non-ASCII text).
const EN_NUM: &str = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|few|a few|several|couple|a couple(?: of)?|many|multiple)";
const EN_BIG_DAYS: &str = r"(?:[3-9]|[1-9]\d+|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|many|multiple|a few|few)";
const EN_TIMES: &str = r"(?:[2-9]|[1-9]\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|a dozen|dozens of|several|many|multiple|numerous|countless|so many|a few|a couple of)";
const ZH_NUM: &str = r"(?:\d+|[一二两三四五六七八九十百几半多]+)";
/// Arabic word boundaries: no Arabic letter before / after (`\b` is ASCII).
const AR_START: &str = r"(?:^|[^\x{0621}-\x{064A}])";
const AR_END: &str = r"(?:$|[^\x{0621}-\x{064A}])";
const ES_NUM: &str = r"(?:\d+|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|treinta|varios|varias|unos|unas|muchos|muchas)";

/// The patterns, with `{EN_NUM}`-style placeholders.
const PATTERNS: &[(Role, &str)] = &[
    // ---------------------------------------------------------------- asks_for_human
    (
        Raise(AsksForHuman),
        r"\b(?:talk|speak|chat|connect|transfer|put|pass|escalate)\s+(?:me\s+)?(?:to|with|through\s+to|through|over\s+to)\s+(?:(?:a|an|the|your|some|one\s+of\s+your)\s+)?(?:(?:real|live|actual|human|proper|fucking)\s+)?(?:human|humans|person|people|agent|representative|rep|operator|manager|supervisor|someone|somebody|staff|employee|advisor|adviser|specialist|customer\s+service)\b",
    ),
    (
        Raise(AsksForHuman),
        r"\b(?:real|live|actual)\s+(?:human|person|agent|people|representative|operator)\b",
    ),
    (
        Raise(AsksForHuman),
        r"\bhuman\s+(?:agent|being|support|operator|please|representative)\b",
    ),
    (
        Raise(AsksForHuman),
        r"\b(?:want|need|demand|request|get\s+me)\s+(?:a|an|to\s+see\s+a|to\s+speak\s+to\s+a)\s+(?:human|agent|representative|operator|manager|supervisor|person)\b",
    ),
    (
        Raise(AsksForHuman),
        r"^\W*(?:agent|human|representative|operator|live\s+agent|real\s+person|talk\s+to\s+agent)\W*$",
    ),
    (
        Raise(AsksForHuman),
        r"\b(?:are\s+you|is\s+this)\s+(?:a\s+)?(?:bot|robot|machine|real\s+person)\b",
    ),
    (
        Raise(AsksForHuman),
        r"转人工|转接人工|人工客服|人工服务|人工坐席|人工座席|找人工|要人工|接人工|叫人工|真人|活人|客服经理|找经理|找你们经理|找领导|找主管|人工(?:$|[^智])|(?:是不是|是)机器人",
    ),
    (
        Raise(AsksForHuman),
        r"\bhablar\s+con\s+(?:(?:un|una|alg[uú]n|alguna|el|la)\s+)?(?:persona|agente|humano|operador|operadora|representante|asesor|asesora|encargado|encargada|gerente|supervisor|supervisora)\b",
    ),
    (
        Raise(AsksForHuman),
        r"\b(?:persona|agente|humano)\s+real\b|\bquiero\s+(?:un|una)\s+(?:humano|persona|agente|operador|operadora|asesor)\b|\bp[aá]same\s+con\b|\bcomunicarme\s+con\s+(?:un|una)\s+(?:persona|agente|asesor)",
    ),
    (
        Raise(AsksForHuman),
        r"\bparler\s+(?:à|a|avec)\s+(?:un|une|quelqu'un)(?:\s+(?:humain|conseiller|conseillère|agent|personne|opérateur|vrai))?|\bmit\s+einem?\s+(?:menschen|mitarbeiter|mitarbeiterin|berater|beraterin)\b|\bfalar\s+com\s+(?:um|uma|algum|alguém|o|a)?\s*(?:atendente|humano|pessoa|agente|gerente|operador)|オペレーター|担当者と|人間と話",
    ),
    // Arabic patterns are written in folded form (`الي` for `إلى`, `مره` for
    // `مرة`): `expand` folds patterns like messages anyway, and the folded
    // spelling keeps one alternative where two spellings would fold alike.
    (
        Raise(AsksForHuman),
        r"(?:اتكلم|التكلم|اتحدث|التحدث|احكي|الحديث|اكلم|تواصلني|التواصل|اتواصل|حولني|حوّلني|وصلني|تحويلي|تحويل)\s+(?:مع\s+|الي\s+|لل|علي\s+)?(?:احد\s+)?(?:ال)?(?:موظف|موظفه|شخص|انسان|بشر|ممثل|مندوب|مسؤول|مدير|مشرف|خدمه\s+العملاء|الدعم)|(?:موظف|شخص|انسان|ممثل)\s+(?:حقيقي|بشري)|هل\s+(?:انت|انتي)\s+(?:روبوت|بوت|اله)|{AB}(?:ابي|ابغي|اريد|بدي|عايز|عاوز)\s+(?:موظف|شخص|انسان|مسؤول|مدير)",
    ),
    (
        Raise(AsksForHuman),
        r"(?:人|人間|担当者|オペレーター|スタッフ|責任者|係の人|上司)(?:と|に|を)(?:話|代わ|つな|繋|出|替わ|変わ)|有人(?:対応|チャット|窓口)|ロボット(?:じゃ|では)なく|(?:電話|直接)で話したい",
    ),
    (
        Raise(AsksForHuman),
        r"\b(?:menschen|mitarbeiter|mitarbeiterin|berater|beraterin|kundenberater|echte\s+person|echten\s+menschen)\s+(?:sprechen|reden)\b|\b(?:mit|zu)\s+(?:einem\s+|einer\s+)?(?:echten\s+)?(?:menschen|person|mitarbeiter|mitarbeiterin|vorgesetzten|supervisor)\b|\b(?:conseiller|conseillère|opérateur|opératrice|agent|humain|interlocuteur)\s+(?:humain|réel|svp|s'il\s+vous\s+plaît)\b|\bune\s+vraie\s+personne\b|\bun\s+être\s+humain\b|\b(?:atendente|pessoa|agente|humano)\s+(?:real|humano|de\s+verdade)\b|\bquero\s+(?:um|uma)\s+(?:atendente|humano|pessoa|agente)\b",
    ),
    // ---------------------------------------------------------------- cancel_threat
    (
        Raise(CancelThreat),
        r"\bcancel(?:l?ing)?\s+(?:(?:my|the|our|this|your|all\s+my)\s+)?(?:account|subscription|subscriptions|membership|order|service|plan|contract|card|policy)\b",
    ),
    (
        Raise(CancelThreat),
        r"\b(?:close|delete|terminate|deactivate)\s+(?:my|our|the)\s+account\b|\bunsubscribe\b",
    ),
    (
        Raise(CancelThreat),
        r"\bnever\s+(?:again\s+)?(?:buy|buying|order|ordering|shop|shopping|use|using|purchase|purchasing|come\s+back|coming\s+back|return|deal|fly|book|recommend)\b",
    ),
    (
        Raise(CancelThreat),
        r"\b(?:won'?t|will\s+not|wont|not\s+going\s+to|never\s+going\s+to|i'?m\s+not)\s+(?:be\s+)?(?:buy|buying|order|ordering|shop|shopping|use|using|purchase|purchasing|coming\s+back|come\s+back|return|returning|recommend)\b.{0,40}?\b(?:again|anymore|any\s+more)\b",
    ),
    (
        Raise(CancelThreat),
        r"\b(?:switch|switching|move|moving|go|going|take|taking)\s+(?:my\s+business\s+)?(?:to\s+)?(?:(?:a|your)\s+)?(?:competitor|competitors|elsewhere|somewhere\s+else|another\s+(?:company|provider|bank|carrier|store|shop|airline))\b",
    ),
    (
        Raise(CancelThreat),
        r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+done\s+with\s+(?:you|your|this)\b|\blast\s+time\s+i\s+(?:buy|order|use|shop|fly)\b|\b(?:i'?ll|i\s+will|gonna|going\s+to)\s+(?:cancel|leave|quit|switch)\b|\b(?:lost|losing)\s+(?:a|me\s+as\s+a)\s+customer\b",
    ),
    (
        Suppress(CancelThreat),
        r"\b(?:don'?t|do\s+not|didn'?t|did\s+not|not)\s+(?:want\s+to\s+|wish\s+to\s+|mean\s+to\s+|need\s+to\s+)?cancel\b",
    ),
    (
        Raise(CancelThreat),
        r"取消(?:订单|订阅|会员|服务|合同|账号|账户|自动续费|套餐|购买)|不买了|再也不|销户|注销(?:账号|账户|会员)?|退订|退会员|(?:换|去)(?:别家|别的平台|其他平台|其他家|竞争对手)|卸载|拉黑(?:你们)?|最后一次(?:买|用|来)|永远不(?:会|再)(?:买|来|用)|不会再(?:买|来|用)|不再(?:买|购买|使用|用|光顾)",
    ),
    (Suppress(CancelThreat), r"(?:不想|不要|别|不用)取消"),
    (
        Raise(CancelThreat),
        r"\bdar(?:me|nos)?\s+de\s+baja\b|\bcancelar\s+(?:(?:mi|la|el|mis|nuestra)\s+)?(?:cuenta|suscripci[oó]n|pedido|contrato|membres[ií]a|servicio|tarjeta|orden|compra)\b|\bno\s+(?:vuelvo|volver[eé]|pienso\s+volver)\s+a\s+(?:comprar|pedir|usar)|\bnunca\s+m[aá]s\b|\bme\s+(?:cambio|voy)\s+a\s+(?:la\s+)?(?:competencia|otra\s+(?:empresa|compañ[ií]a|tienda))|\bcerrar\s+(?:mi|la)\s+cuenta\b",
    ),
    (
        Raise(CancelThreat),
        r"\br[ée]silier\b|\bannuler\s+(?:mon|ma|mes)\s+(?:abonnement|compte|commande|contrat)\b|\bk[üu]ndig|\bcancelar\s+(?:minha|meu|o|a)\s+(?:conta|assinatura|pedido|plano|contrato)\b|解約|退会",
    ),
    (
        Raise(CancelThreat),
        r"(?:الغاء|الغي|الغوا|ايقاف|اغلاق|اقفل)\s+(?:ال)?(?:اشتراك|حساب|طلب|عقد|خدمه|بطاقه|عضويه)|{AB}(?:و|ف)?(?:لن|ما\s+راح|مو\s+راح)\s+(?:اشتري|اتعامل|اطلب|استخدم|ارجع)\s+(?:\S+\s+){0,3}(?:مره\s+اخري|مره\s+ثانيه|ابدا|بعد\s+اليوم)|(?:سانتقل|بروح|راح\s+اروح|ساذهب|ساغير)\s+(?:الي\s+|ل)?(?:شركه\s+اخري|شركه\s+ثانيه|المنافس|منافس|غيركم)|اخر\s+مره\s+(?:اشتري|اتعامل|اطلب)",
    ),
    (
        Raise(CancelThreat),
        r"二度と(?:買|利用|使|頼)|もう(?:買わない|使わない|利用しない|頼まない)|(?:他社|別の会社)に(?:乗り換え|変え|移)|キャンセルします|\bnie\s+wieder\b|\bkunde\s+(?:gewesen|verloren)\b|\bplus\s+jamais\b|\b(?:je\s+vais|je\s+change)\s+(?:de\s+)?(?:fournisseur|opérateur|banque|crémerie)\b|\bnunca\s+mais\b|\bvou\s+(?:mudar|trocar)\s+de\s+(?:operadora|empresa|banco|loja)\b",
    ),
    // ---------------------------------------------------------------- public_complaint
    (
        Raise(PublicComplaint),
        r"\b(?:bad|negative|terrible|horrible|awful|scathing|honest|1|one|zero|0|low)[\s-]*(?:star\s+)?reviews?\b",
    ),
    (
        Raise(PublicComplaint),
        r"\b(?:leave|leaving|write|writing|post|posting|give|giving|left|wrote|posted|gave|put|putting)\s+(?:(?:you|them|a|an|my|this)\s+)*(?:\w+\s+){0,2}reviews?\b|\breviews?\s+(?:on|everywhere|online)\b",
    ),
    (
        Raise(PublicComplaint),
        r"\b(?:post|posting|share|sharing|tweet|tweeting|put|putting|expose|exposing|blast|blasting|publish|publishing|go|going)\s+(?:(?:this|it|you|about\s+(?:this|you|it))\s+)?(?:on|to|all\s+over|public\s+on)\s+(?:twitter|x|facebook|fb|instagram|insta|tiktok|reddit|youtube|yelp|trustpilot|social\s+media|the\s+internet|linkedin|google)\b|\b(?:trustpilot|yelp)\b",
    ),
    (
        Raise(PublicComplaint),
        r"\breport(?:ing)?\s+(?:you|this|your\s+(?:company|store|business|shop)|them)\b|\b(?:bbb|better\s+business\s+bureau|consumer\s+(?:protection|council|agency|rights|affairs)|ftc|trading\s+standards|ombudsman|small\s+claims|attorney\s+general)\b",
    ),
    (
        Raise(PublicComplaint),
        r"\b(?:lawyer|lawyers|attorney|solicitor|lawsuit|sue|suing|legal\s+action|chargeback)\b|\btake\s+(?:you|this|it)\s+to\s+court\b|\b(?:file|filing|lodge|lodging|make|making|submit|submitting)\s+(?:a\s+)?(?:formal\s+|official\s+)?complaint\b|\bformal\s+complaint\b|\b(?:go|going|contact|contacting)\s+(?:to\s+)?(?:the\s+)?(?:press|media|news)\b",
    ),
    (
        Raise(PublicComplaint),
        r"投诉|曝光|差评|消费者协会|消协|\b12315\b|(?:打|拨打?|找|去|到|向|上|致电)\s*(?:12345|315)(?:[^0-9]|$)|(?:12345|315)\s*(?:热线|投诉|举报|平台|晚会)|工商局|市场监管|黑猫|律师|起诉|告你们|举报|维权|(?:发|曝光|发到|晒到|挂到|上|晒)(?:到)?(?:微博|抖音|小红书|网上|朋友圈)",
    ),
    (
        Raise(PublicComplaint),
        r"\bdenunci[a-zéá]*|\breclamaci[oó]n\b|\bhoja\s+de\s+reclamaciones\b|\b(?:queja|reclamo)\s+formal\b|\bponer\s+(?:una\s+)?(?:queja|reclamaci[oó]n|denuncia|reclamo)\b|\b(?:mala|p[ée]sima)\s+(?:reseña|resena|opini[oó]n|calificaci[oó]n)\b|\breseña\s+negativa\b|\b(?:profeco|omic|facua|sernac|indecopi)\b|\b(?:abogado|abogados|demandar[eé]?|tribunales)\b|\bredes\s+sociales\b",
    ),
    (
        Raise(PublicComplaint),
        r"\bporter\s+plainte\b|\bmauvais\s+avis\b|\bavocat\b|\banwalt\b|\bverbraucherzentrale\b|\bschlechte\s+bewertung\b|\breclame\s*aqui\b|\bprocon\b|\badvogado\b",
    ),
    (
        Raise(PublicComplaint),
        r"(?:شكوي)\s+(?:رسميه|ضد)|(?:ساشتكي|بشتكي|راح\s+اشتكي|اقدم\s+شكوي|تقديم\s+شكوي|رفع\s+شكوي|ارفع\s+شكوي)|حمايه\s+المستهلك|محامي|المحكمه|القضاء|(?:سافضحكم|بفضحكم|راح\s+افضحكم)|(?:تقييم|تقييمات)\s+(?:سيء|سيئ|سلبي|سيئه)|(?:في|علي)\s+(?:تويتر|اكس|فيسبوك|انستغرام|انستقرام|السوشيال|وسائل\s+التواصل)",
    ),
    (
        Raise(PublicComplaint),
        r"消費(?:者|生活)センター|弁護士|訴え|裁判|(?:SNS|sns|ツイッター|twitter|x)(?:に|で)(?:晒|書|投稿|拡散)|(?:口コミ|レビュー)に書|(?:悪い|最低)(?:評価|レビュー)|星(?:1|一)つ|\bbeschwerde\b|\bbeschweren\b|\bplainte\b|\breclama[çc][ãa]o\b|\bden[uú]ncia\b",
    ),
    // ---------------------------------------------------------------- profanity
    (
        Raise(Profanity),
        r"\b(?:f+u+c+k+\w*|f[*@#]+c?k\w*|fu[*]+k\w*|f[*]{2,3}|fck\w*|fuk\w*|fcuk\w*|phuck\w*|wtf|stfu|gtfo|omfg|shit\w*|bullshit\w*|sh[*]t|s[*]{2}t|damn\w*|goddamn\w*|dammit|crap|crappy|asshole\w*|arse\w*|bastard\w*|bitch\w*|dick|dickhead\w*|pissed|piss\s+off|bs|motherf\w+|the\s+hell)\b|\bscrew\s+(?:you|this|that|them)\b|\bass\b",
    ),
    (
        Raise(Profanity),
        r"他妈|妈的|\btmd\b|\bnmd\b|tm的|卧槽|我靠|我操|操你|草泥马|尼玛|你妈|傻逼|傻b|煞笔|\bsb\b|垃圾|狗屎|去死|滚蛋|给我滚|混蛋|王八蛋|狗日|日了狗|放屁|狗屁|🖕",
    ),
    (
        Raise(Profanity),
        r"\b(?:mierda|joder|jodido|jodidos|jodida|carajo|puta|putas|puto|putos|coño|cabr[oó]n|cabrones|pendejo|pendejos|hostia|hostias|chingada|chingado|chingar|verga|gilipollas|imb[eé]cil|hijos?\s+de\s+puta|culero|maldito|maldita|malditos)\b",
    ),
    (
        Raise(Profanity),
        r"\b(?:merde|putain|connard|connards|salaud|bordel|fait\s+chier|scheisse|scheiße|arschloch|verdammt|merda|porra|caralho|foda|foda-se|pqp|vsf)\b|\bschei(?:ß|ss)",
    ),
    (
        Raise(Profanity),
        r"{AB}(?:و|يا\s+)?(?:تبا|اللعنه|لعنه\s+الله|يلعن|زفت|حقير|حقيرين|يا\s+كلب|يا\s+حمار|اغبياء|ولاد\s+الكلب|خرا){AE}|ふざけるな|ふざけんな|くそ|クソ|死ね|バカ(?:$|[^ンラ])|馬鹿",
    ),
    // ---------------------------------------------------------------- repeat_contact
    (
        Raise(RepeatContact),
        r"\b(?:third|3rd|fourth|4th|fifth|5th|sixth|6th|seventh|tenth|umpteenth|nth|hundredth|millionth)\s+time\b|\bagain\s+and\s+again\b|\bover\s+and\s+over\b|\b(?:once|yet)\s+again\b|\bhow\s+many\s+times\b",
    ),
    (
        Raise(RepeatContact),
        r"\b(?:called|contacted|emailed|e-mailed|messaged|written|wrote|asked|told|chatted|explained|reported|complained|tried|rang|phoned|reached\s+out|been\s+calling|been\s+emailing)\s+(?:(?:to|you|you\s+guys|them|your\s+\w+|support|customer\s+service|about\s+this)\s+)*(?:{EN_TIMES})\s+times\b|\b{EN_TIMES}\s+times\s+(?:already|now|before|this\s+week|today)\b",
    ),
    (
        Raise(RepeatContact),
        r"\b(?:already|previously)\s+(?:called|contacted|emailed|messaged|written|wrote|asked|told|explained|reported|complained|reached\s+out|sent)\b|\bkeep\s+(?:having\s+to\s+)?(?:calling|asking|writing|emailing|telling|chasing|contacting|explaining|repeating)\b|\bevery\s+time\s+i\s+(?:call|contact|write|ask)\b|\bstill\s+not\s+(?:fixed|resolved|solved|sorted)\b|\b(?:same|this)\s+(?:issue|problem)\s+again\b",
    ),
    (
        Raise(RepeatContact),
        r"第\s*(?:[三四五六七八九十几]|[3-9]|\d{2,})\s*次|(?:已经|又|都)第\s*(?:二|2)\s*次|(?:[两二三四五六七八九十几多]|\d+)\s*次了|多次|好几次|无数次|(?:好几|[两三四五六七八九十]|\d+)\s*遍了|说了(?:多少|好几|很多|无数)(?:次|遍)|反复|屡次|三番五次|一次又一次|一遍又一遍|再三|每次都|一直(?:在)?(?:打|联系|找|问|催|反映|投诉)|又(?:来|要|是|没|不|出|坏|错|延|迟|找|问|联系|打|催|等|一次|发错|漏|卡|扣|被)|再次(?:联系|反映|询问|投诉|催)|催了(?:好几|多|无数|\d+|[两三四五])次",
    ),
    (
        Raise(RepeatContact),
        r"\botra\s+vez\b|\buna\s+y\s+otra\s+vez\b|\b(?:tercera|cuarta|quinta|en[ée]sima|d[ée]cima)\s+vez\b|\b(?:\d+|dos|tres|cuatro|cinco|varias|muchas|mil)\s+veces\b|\bya\s+(?:he|les\s+he|hemos|lo\s+he)\s+(?:llamado|escrito|contactado|reclamado|preguntado|dicho|explicado|enviado)\b|\bsigo\s+(?:llamando|escribiendo|reclamando|preguntando)\b",
    ),
    (
        Raise(RepeatContact),
        r"(?:للمره|المره|مره)\s+(?:الثالثه|الرابعه|الخامسه|السادسه|العاشره|المليون|الالف)|(?:اتصلت|راسلتكم|راسلت|كلمتكم|تواصلت|اشتكيت|كتبت|سالت|قلت\s+لكم)\s+(?:\S+\s+){0,2}(?:عده\s+مرات|مرات|اكثر\s+من\s+مره|مرارا|كثير)|{AB}(?:كم|كذا)\s+مره|مرارا\s+وتكرارا|مره\s+بعد\s+مره|(?:ثلاث|اربع|خمس|عشر)\s+مرات|(?:سبق|سبق\s+و)\s*(?:ان\s+)?(?:اتصلت|راسلتكم|تواصلت|اشتكيت)",
    ),
    (
        Raise(RepeatContact),
        r"何度も|何回も|(?:[3-9三四五六七八九十]|[1-9]\d)\s*回目|再三|毎回|\b(?:zum\s+(?:dritten|vierten|x-ten|wiederholten)\s+mal|schon\s+(?:mehrmals|mehrfach|zigmal|x-mal)|immer\s+wieder)\b|\b(?:pour\s+la\s+(?:troisième|énième|quatrième|dixième)\s+fois|plusieurs\s+fois|encore\s+une\s+fois)\b|\b(?:pela\s+(?:terceira|quarta|d[ée]cima|en[ée]sima)\s+vez|de\s+novo|v[áa]rias\s+vezes|mais\s+uma\s+vez)\b",
    ),
    // ---------------------------------------------------------------- long_wait
    (
        Raise(LongWait),
        r"\b(?:wait|waiting|waited|been\s+waiting)\s+(?:(?:for|like|about|almost|nearly|over|more\s+than|already|now)\s+)*{EN_NUM}\s+(?:(?:whole|full|entire|more|long)\s+)?(?:days?|weeks?|months?|hours?|business\s+days)\b",
    ),
    (
        Raise(LongWait),
        r"\b(?:for|over|after|almost|nearly|already|than|past|been)\s+(?:(?:like|about|almost|nearly|over|more\s+than)\s+)?(?:{EN_BIG_DAYS}\s+(?:(?:whole|full|business)\s+)?days|{EN_NUM}\s+(?:(?:whole|full)\s+)?(?:weeks?|months?))\b",
    ),
    (
        Raise(LongWait),
        r"\b(?:{EN_BIG_DAYS}\s+days|{EN_NUM}\s+(?:weeks?|months?))\s+(?:ago|now|already|late|later|overdue|and\s+(?:still|nothing|no)|without|since|of\s+waiting|waiting)\b",
    ),
    (
        Raise(LongWait),
        r"\bstill\s+(?:haven'?t|have\s+not|hasn'?t|has\s+not|not|didn'?t|did\s+not|no|don'?t|do\s+not)\s+(?:yet\s+)?(?:received|receive|got|gotten|get|arrived|heard|seen|been\s+(?:shipped|delivered|refunded|processed)|shipped|delivered|refunded|come|here|a\s+(?:refund|reply|response|answer))\b|\bstill\s+(?:waiting|no\s+(?:sign|word|news|update|reply|response|answer|refund|delivery))\b",
    ),
    (
        Raise(LongWait),
        r"\b(?:taking|takes|taken|took|wait(?:ed|ing)?)\s+(?:(?:so|way\s+too|too|this|that)\s+)?(?:forever|ages|so\s+long|too\s+long|this\s+long)\b|\bhow\s+(?:much\s+)?longer\b|\b(?:for|waiting|waited)\s+(?:weeks|months|ages)\b|\b(?:hasn'?t|has\s+not|haven'?t|have\s+not|not)\s+(?:arrived|been\s+delivered|shipped|come)\s+yet\b",
    ),
    (
        Raise(LongWait),
        r"等(?:了|待了|待)?\s*{ZH_NUM}\s*个?\s*多?\s*(?:天|日|周|星期|礼拜|月|小时|钟头|工作日)|{ZH_NUM}\s*个?\s*多?\s*(?:天|周|星期|礼拜|月|工作日)(?:了|都|还|也|过去|仍|依然|依旧|没|才)|已经\s*(?:过了|等了)?\s*{ZH_NUM}\s*个?\s*多?\s*(?:天|周|星期|礼拜|月|小时)",
    ),
    (
        Raise(LongWait),
        r"(?:还|仍然|仍|依然|到现在|至今|迟迟|一直|怎么还|为什么还|为啥还)\s*都?\s*(?:没|没有|未|不)\s*(?:收到|到|发货|发|退|回复|回|处理|解决|送到|送|联系|审核|通过|到账|派送|配送|更新|动)|等(?:了)?(?:好久|很久|半天|这么久|那么久|太久|半个月|一个多月|好几天)|(?:要|还要|得)等多久|等到(?:什么时候|猴年马月)",
    ),
    (
        Raise(LongWait),
        r"\b(?:hace|llevo|llevamos|lleva|desde\s+hace|m[aá]s\s+de|ya|esperando|esper[eé]|espero|esperado|casi)\s+(?:ya\s+)?(?:m[aá]s\s+de\s+)?{ES_NUM}\s+(?:d[ií]as|semanas|meses|horas)\b|\b{ES_NUM}\s+(?:d[ií]as|semanas|meses)\s+(?:esperando|sin|y\s+(?:todav[ií]a|a[uú]n|nada|sigo|no))",
    ),
    (
        Raise(LongWait),
        r"\b(?:hace|llevo|desde\s+hace)\s+(?:d[ií]as|semanas|meses)\b|\b(?:semanas|meses)\s+esperando\b|\b(?:todav[ií]a|a[uú]n)\s+no\s+(?:me\s+)?(?:(?:he|ha|han|hemos)\s+)?(?:recibido|llegado|llega|devuelto|contestado|respondido)|\bsigo\s+(?:esperando|sin)\b",
    ),
    (
        Raise(LongWait),
        r"{AB}(?:انتظر|انتظرت|منتظر|صار\s*لي|صارلي|لي|من|منذ|لمده|مر|مرت|مضي|ل)\s+(?:\S+\s+)?(?:ايام|يومين|اسبوع|اسبوعين|اسابيع|شهر|شهرين|اشهر|شهور|ساعات|ساعتين)|{AB}(?:و|ف)?(?:لم|ما|لسه|للحين)\s+(?:\S+\s+)?(?:يصل|وصل|توصل|وصلت|استلم|استلمت|يردوا|ردوا|يرجع|رجع)\S*\s+(?:حتي\s+الان|لحد\s+الان|للحين|لسه|بعد|الي\s+الان)|(?:الي|لحد)\s+متي\s+(?:انتظر|الانتظار)",
    ),
    (
        Raise(LongWait),
        r"(?:\d+|[一二三四五六七八九十何数]+)\s*(?:日|週間|ヶ月|か月|カ月|時間)(?:も|経|たって|待)|まだ(?:届|返金|連絡|返事|回答|来)|いつまで待|ずっと待|\b(?:warte|warten|seit)\s+(?:schon\s+)?(?:seit\s+)?(?:\d+|zwei|drei|vier|fünf|mehreren|vielen|einer|einem)\s+(?:tagen|wochen|monaten|stunden|woche|monat)\b|\bimmer\s+noch\s+(?:nicht|kein|keine)\b|\b(?:depuis|ça\s+fait|cela\s+fait|attends\s+depuis)\s+(?:plus\s+de\s+)?(?:\d+|deux|trois|quatre|cinq|plusieurs|des)\s+(?:jours|semaines|mois|heures)\b|\btoujours\s+(?:rien|pas)\s+(?:reçu|de\s+réponse|de\s+nouvelles|été\s+livré|remboursé|arrivé)|\b(?:h[áa]|faz|esperando\s+h[áa])\s+(?:mais\s+de\s+)?(?:\d+|dois|duas|tr[êe]s|quatro|cinco|v[áa]rios|v[áa]rias|muitos|muitas)\s+(?:dias|semanas|meses|horas)\b|\bat[ée]\s+agora\s+(?:nada|n[ãa]o)\b|\bainda\s+n[ãa]o\s+(?:recebi|chegou|foi\s+entregue|responderam|devolveram)\b",
    ),
];

/// The compiled signal patterns.
#[derive(Clone, Debug)]
pub(super) struct SignalMatcher {
    re: Regex,
    roles: Vec<Role>,
}

/// Expands placeholders, makes `\b` an ASCII word boundary and brings the
/// pattern's letters to matching form (`人間と話` matches the folded
/// `人间と话` of a message).
fn expand(p: &str) -> String {
    p.replace("{EN_NUM}", EN_NUM)
        .replace("{EN_BIG_DAYS}", EN_BIG_DAYS)
        .replace("{EN_TIMES}", EN_TIMES)
        .replace("{ZH_NUM}", ZH_NUM)
        .replace("{ES_NUM}", ES_NUM)
        .replace("{AB}", AR_START)
        .replace("{AE}", AR_END)
        .replace(r"\b", r"(?-u:\b)")
        .chars()
        .filter_map(|c| if c.is_ascii() { Some(c) } else { fold_char(c) })
        .collect()
}

impl SignalMatcher {
    pub fn new() -> Result<SignalMatcher, String> {
        let pats: Vec<String> = PATTERNS.iter().map(|(_, p)| expand(p)).collect();
        let re = Regex::builder()
            .configure(
                Regex::config()
                    .match_kind(MatchKind::All)
                    .nfa_size_limit(Some(16 << 20)),
            )
            .build_many(&pats)
            .map_err(|e| format!("built-in signal patterns: {e}"))?;
        Ok(SignalMatcher {
            re,
            roles: PATTERNS.iter().map(|(r, _)| *r).collect(),
        })
    }

    /// The signals present in `low` (a message in matching form), as a bit
    /// set indexed by [`Signal`].
    pub fn find(&self, low: &str) -> u8 {
        let mut set = PatternSet::new(self.re.pattern_len());
        self.re
            .which_overlapping_matches(&Input::new(low), &mut set);
        let mut raised = 0u8;
        let mut suppressed = 0u8;
        for pid in set.iter() {
            match self.roles.get(pid.as_usize()) {
                Some(Raise(s)) => raised |= 1 << *s as u8,
                Some(Suppress(s)) => suppressed |= 1 << *s as u8,
                None => {}
            }
        }
        raised & !suppressed
    }
}
