//! Unit tests that call the `extern "C"` functions the way C does.
//! `tests/run.sh` runs the C-side tests (the example, valgrind, threads).

use std::ffi::{c_char, CStr};
use std::ptr;

use super::*;
use kefu_core::ErrorKind;

const DEF: &str = r#"{
  "languages": ["en", "zh-Hans"],
  "intents": {
    "order_status": {"examples": {"en": ["where is my order", "track my package", "has my parcel shipped"],
                                  "zh-Hans": ["我的订单在哪里", "查一下物流"]}},
    "refund":       {"examples": {"en": ["i want a refund", "give me my money back", "return this item"],
                                  "zh-Hans": ["我要退款", "怎么退货"]}}
  },
  "context": {"attributes": {"cart_value": "number"}}
}"#;

/// Takes the error out of an out-parameter: (code, message).
fn take(err: *mut kefu_error) -> (u32, String) {
    assert!(!err.is_null(), "an error was reported");
    // SAFETY: `err` is a live error from kefu; freed right after reading.
    unsafe {
        let code = kefu_error_code(err);
        let msg = CStr::from_ptr(kefu_error_message(err))
            .to_str()
            .unwrap()
            .to_string();
        kefu_error_free(err);
        (code, msg)
    }
}

fn train(def: &str) -> *mut kefu_bot {
    let mut err = ptr::null_mut();
    // SAFETY: valid buffer and out-parameter.
    let bot = unsafe { kefu_bot_train_json(def.as_ptr().cast(), def.len(), &mut err) };
    assert!(err.is_null(), "{:?}", take(err));
    assert!(!bot.is_null());
    bot
}

/// Analyzes through the C API; Ok(json) or Err((code, message)).
fn analyze(bot: *const kefu_bot, text: &[u8], ctx: Option<&[u8]>) -> Result<String, (u32, String)> {
    let mut err = ptr::null_mut();
    let (cp, cl) = ctx.map_or((ptr::null(), 0), |c| (c.as_ptr().cast(), c.len()));
    // SAFETY: valid buffers and out-parameter; `bot` is live or NULL.
    let s = unsafe { kefu_bot_analyze(bot, text.as_ptr().cast(), text.len(), cp, cl, &mut err) };
    own(s, err)
}

fn batch(bot: *const kefu_bot, json: &str) -> Result<String, (u32, String)> {
    let mut err = ptr::null_mut();
    // SAFETY: valid buffer and out-parameter; `bot` is live.
    let s = unsafe { kefu_bot_analyze_batch(bot, json.as_ptr().cast(), json.len(), &mut err) };
    own(s, err)
}

fn own(s: *mut c_char, err: *mut kefu_error) -> Result<String, (u32, String)> {
    if s.is_null() {
        return Err(take(err));
    }
    assert!(err.is_null());
    // SAFETY: a live string from kefu; freed right after copying.
    unsafe {
        let out = CStr::from_ptr(s).to_str().unwrap().to_string();
        kefu_string_free(s);
        Ok(out)
    }
}

fn free(bot: *mut kefu_bot) {
    // SAFETY: a live handle, not used afterwards.
    unsafe { kefu_bot_free(bot) }
}

#[test]
fn version_is_nul_terminated_and_matches_core() {
    let v = VERSION.as_bytes();
    assert_eq!(v.last(), Some(&0));
    assert_eq!(&v[..v.len() - 1], kefu_core::VERSION.as_bytes());
    // SAFETY: a static NUL-terminated string.
    let c = unsafe { CStr::from_ptr(kefu_version()) };
    assert_eq!(c.to_str().unwrap(), kefu_core::VERSION);
    assert_eq!(kefu_schema_version(), 1);
}

#[test]
fn error_codes_are_the_core_kinds() {
    for (kind, code) in [
        (ErrorKind::InvalidInput, KEFU_ERROR_INVALID_INPUT),
        (ErrorKind::Definition, KEFU_ERROR_DEFINITION),
        (ErrorKind::Bundle, KEFU_ERROR_BUNDLE),
        (ErrorKind::Policy, KEFU_ERROR_POLICY),
        (ErrorKind::Limit, KEFU_ERROR_LIMIT),
        (ErrorKind::Training, KEFU_ERROR_TRAINING),
        (ErrorKind::Io, KEFU_ERROR_IO),
        (ErrorKind::Internal, KEFU_ERROR_INTERNAL),
    ] {
        assert_eq!(kind.code(), code, "{kind:?}");
    }
    assert_eq!(TrainOptions::default().seed, KEFU_DEFAULT_SEED);
}

#[test]
fn handle_is_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<kefu_bot>();
    send_sync::<kefu_error>();
}

#[test]
fn panics_become_internal_errors() {
    let mut err = ptr::null_mut();
    // SAFETY: `err` is valid for writing.
    let r: Result<(), u32> = unsafe { boundary::call(&mut err, || panic!("boom")) };
    assert_eq!(r, Err(KEFU_ERROR_INTERNAL));
    let (code, msg) = take(err);
    assert_eq!(code, KEFU_ERROR_INTERNAL);
    assert!(msg.contains("panic: boom"), "{msg}");
    // With a NULL `err` the panic is still caught.
    // SAFETY: NULL is allowed.
    let r: Result<(), u32> = unsafe { boundary::call(ptr::null_mut(), || panic!("again")) };
    assert_eq!(r, Err(KEFU_ERROR_INTERNAL));
    assert_eq!(boundary::guard(7, || panic!("in a getter")), 7);
}

#[test]
fn error_messages_keep_text_after_a_nul() {
    let e = kefu_error::new(1, "a\0b");
    assert_eq!(e.message.to_str().unwrap(), "a\\0b");
}

#[test]
fn analyze_matches_the_rust_api() {
    let bot = train(DEF);
    let ctx = br#"{"channel": "web", "now": "2026-11-20T03:00:00Z"}"#;
    let json = analyze(bot, "我要退貨".as_bytes(), Some(ctx)).unwrap();
    let rust = Bot::train(
        &BotDefinition::from_json(DEF).unwrap(),
        &TrainOptions::default(),
    )
    .unwrap();
    let c: Context = serde_json::from_slice(ctx).unwrap();
    let want = rust.analyze(&Message::with_context("我要退貨", c));
    assert_eq!(json, serde_json::to_string(&want).unwrap());
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["intent"]["top"], "refund");
    free(bot);
}

#[test]
fn text_is_pointer_and_length() {
    let bot = train(DEF);
    // Only the first `len` bytes are read; no NUL needed.
    let a = analyze(bot, &b"where is my order### garbage"[..17], None).unwrap();
    let b = analyze(bot, b"where is my order", None).unwrap();
    assert_eq!(a, b);
    // Zero length: an empty message, analyzed.
    let e = analyze(bot, b"", None).unwrap();
    assert!(e.contains("\"schema\":1"));
    // An embedded NUL is just a character.
    assert!(analyze(bot, b"where\0is my order", None).is_ok());
    free(bot);
}

#[test]
fn null_arguments_are_invalid_input() {
    let bot = train(DEF);
    let text = "hi";
    let mut err = ptr::null_mut();
    // SAFETY: NULL where a pointer is tested, otherwise
    // valid buffers and out-parameters.
    unsafe {
        assert!(kefu_bot_train_json(ptr::null(), 10, &mut err).is_null());
        assert_eq!(take(err).0, KEFU_ERROR_INVALID_INPUT);
        assert!(kefu_bot_train_json(ptr::null(), 0, &mut err).is_null());
        assert_eq!(take(err).0, KEFU_ERROR_INVALID_INPUT);
        assert!(kefu_bot_from_bytes(ptr::null(), 10, &mut err).is_null());
        let (code, msg) = take(err);
        assert_eq!(code, KEFU_ERROR_INVALID_INPUT);
        assert_eq!(msg, "bytes: NULL pointer");
        // NULL bot.
        let s = kefu_bot_analyze(
            ptr::null(),
            text.as_ptr().cast(),
            2,
            ptr::null(),
            0,
            &mut err,
        );
        assert!(s.is_null());
        assert_eq!(
            take(err),
            (KEFU_ERROR_INVALID_INPUT, "bot: NULL pointer".into())
        );
        // NULL text, with and without a length.
        for len in [0, 2] {
            let s = kefu_bot_analyze(bot, ptr::null(), len, ptr::null(), 0, &mut err);
            assert!(s.is_null());
            assert_eq!(
                take(err),
                (KEFU_ERROR_INVALID_INPUT, "text: NULL pointer".into())
            );
        }
        // NULL context with a length is an error; with 0 it means "none".
        let s = kefu_bot_analyze(bot, text.as_ptr().cast(), 2, ptr::null(), 5, &mut err);
        assert!(s.is_null());
        assert_eq!(take(err).1, "context_json: NULL pointer");
        let s = kefu_bot_analyze(bot, text.as_ptr().cast(), 2, ptr::null(), 0, &mut err);
        assert!(own(s, err).is_ok());
        // Batch.
        assert!(kefu_bot_analyze_batch(ptr::null(), "[]".as_ptr().cast(), 2, &mut err).is_null());
        assert_eq!(take(err).1, "bot: NULL pointer");
        assert!(kefu_bot_analyze_batch(bot, ptr::null(), 2, &mut err).is_null());
        assert_eq!(take(err).1, "requests_json: NULL pointer");
        // to_bytes: every pointer.
        let mut out: *mut u8 = ptr::dangling_mut();
        let mut n: usize = 99;
        let code = kefu_bot_to_bytes(ptr::null(), &mut out, &mut n, &mut err);
        assert_eq!(code, KEFU_ERROR_INVALID_INPUT);
        assert!(out.is_null() && n == 0, "outputs are cleared on error");
        assert_eq!(take(err).1, "bot: NULL pointer");
        let code = kefu_bot_to_bytes(bot, ptr::null_mut(), &mut n, &mut err);
        assert_eq!(code, KEFU_ERROR_INVALID_INPUT);
        assert_eq!(take(err).1, "out: NULL pointer");
        let code = kefu_bot_to_bytes(bot, &mut out, ptr::null_mut(), &mut err);
        assert_eq!(code, KEFU_ERROR_INVALID_INPUT);
        assert_eq!(take(err).1, "out_len: NULL pointer");
        // A NULL `err` is allowed: the failure is still signalled.
        assert!(kefu_bot_from_bytes(ptr::null(), 0, ptr::null_mut()).is_null());
        // Free functions and getters accept NULL.
        kefu_bot_free(ptr::null_mut());
        kefu_string_free(ptr::null_mut());
        kefu_bytes_free(ptr::null_mut(), 0);
        kefu_error_free(ptr::null_mut());
        assert_eq!(kefu_error_code(ptr::null()), KEFU_OK);
        assert_eq!(
            CStr::from_ptr(kefu_error_message(ptr::null())).to_bytes(),
            b""
        );
    }
    free(bot);
}

#[test]
fn invalid_utf8_is_a_typed_error() {
    let bot = train(DEF);
    let (code, msg) = analyze(bot, b"ok \xff\xfe", None).unwrap_err();
    assert_eq!(code, KEFU_ERROR_INVALID_INPUT);
    assert_eq!(msg, "text: invalid UTF-8 at byte offset 3");
    let (code, msg) = analyze(bot, b"ok", Some(b"{\"channel\": \"\xc3\"}")).unwrap_err();
    assert_eq!(code, KEFU_ERROR_INVALID_INPUT);
    assert!(msg.starts_with("context_json: invalid UTF-8"), "{msg}");
    let mut err = ptr::null_mut();
    let def = b"{\"languages\": [\"\xe4\"]}";
    // SAFETY: valid buffer and out-parameter.
    let b = unsafe { kefu_bot_train_json(def.as_ptr().cast(), def.len(), &mut err) };
    assert!(b.is_null());
    assert_eq!(take(err).0, KEFU_ERROR_INVALID_INPUT);
    free(bot);
}

#[test]
fn context_must_be_an_object() {
    let bot = train(DEF);
    for (ctx, found) in [
        ("[]", "an array"),
        ("[1, 2]", "an array"),
        ("\"web\"", "a string"),
        ("null", "null"),
        ("42", "a number"),
        ("true", "a boolean"),
    ] {
        let (code, msg) = analyze(bot, b"hi", Some(ctx.as_bytes())).unwrap_err();
        assert_eq!(code, KEFU_ERROR_INVALID_INPUT, "{ctx}");
        assert_eq!(
            msg,
            format!("context: must be a JSON object, found {found}")
        );
    }
    let (code, msg) = analyze(bot, b"hi", Some(b"{\"channel\": ")).unwrap_err();
    assert_eq!(code, KEFU_ERROR_INVALID_INPUT);
    assert!(msg.starts_with("context: invalid JSON"), "{msg}");
    // Unknown and mistyped fields name their path.
    let (_, msg) = analyze(bot, b"hi", Some(br#"{"customer": {"tyre": "vip"}}"#)).unwrap_err();
    assert!(
        msg.starts_with("context.customer.tyre: unknown field `tyre`"),
        "{msg}"
    );
    let (_, msg) = analyze(
        bot,
        b"hi",
        Some(br#"{"customer": {"complaints_90d": "x"}}"#),
    )
    .unwrap_err();
    assert!(msg.starts_with("context.customer.complaints_90d:"), "{msg}");
    // Checked against the bot: undeclared attributes, bad time zones.
    let (code, msg) =
        analyze(bot, b"hi", Some(br#"{"attributes": {"cart_valeu": 3}}"#)).unwrap_err();
    assert_eq!(code, KEFU_ERROR_INVALID_INPUT);
    assert!(msg.contains("did you mean `cart_value`"), "{msg}");
    assert!(analyze(bot, b"hi", Some(br#"{"attributes": {"cart_value": 3}}"#)).is_ok());
    // `{}` and a zero length both mean no context.
    assert_eq!(
        analyze(bot, b"hi", Some(b"{}")).unwrap(),
        analyze(bot, b"hi", Some(b"")).unwrap()
    );
    free(bot);
}

#[test]
fn limits_are_typed_errors() {
    let bot = train(DEF);
    let big = vec![b'a'; kefu_core::limits::MAX_MESSAGE_BYTES + 1];
    let (code, msg) = analyze(bot, &big, None).unwrap_err();
    assert_eq!(code, KEFU_ERROR_LIMIT);
    assert!(msg.starts_with("text:"), "{msg}");
    let req = serde_json::json!([{"text": "ok"}, {"text": String::from_utf8(big).unwrap()}]);
    let (code, msg) = batch(bot, &req.to_string()).unwrap_err();
    assert_eq!(code, KEFU_ERROR_LIMIT);
    assert!(msg.starts_with("messages[1]: text:"), "{msg}");
    free(bot);
}

#[test]
fn definitions_errors_are_typed() {
    let mut err = ptr::null_mut();
    for (def, code) in [
        ("", KEFU_ERROR_DEFINITION),
        ("{", KEFU_ERROR_DEFINITION),
        (
            r#"{"languages": ["en"], "intens": {}}"#,
            KEFU_ERROR_DEFINITION,
        ),
        (
            r#"{"languages": ["en"], "intents": {"a": {"examples": {"en": ["x"]}}, "b": {"examples": {"en": ["y"]}}}, "policy": {"source": "rule r: when nonsense then answer"}}"#,
            KEFU_ERROR_POLICY,
        ),
    ] {
        // SAFETY: valid buffer (possibly empty) and out-parameter.
        let bot = unsafe { kefu_bot_train_json(def.as_ptr().cast(), def.len(), &mut err) };
        assert!(bot.is_null(), "{def}");
        let (got, msg) = take(err);
        assert_eq!(got, code, "{def}: {msg}");
    }
}

#[test]
fn bundle_round_trip_and_truncation() {
    let bot = train(DEF);
    let mut out = ptr::null_mut();
    let mut n = 0usize;
    let mut err = ptr::null_mut();
    // SAFETY: live handle and valid out-parameters.
    let code = unsafe { kefu_bot_to_bytes(bot, &mut out, &mut n, &mut err) };
    assert_eq!(code, KEFU_OK);
    assert!(err.is_null() && !out.is_null() && n > 16);
    // SAFETY: `out` holds `n` bytes until freed below.
    let bytes = unsafe { std::slice::from_raw_parts(out, n) }.to_vec();
    // SAFETY: the buffer and its length from `kefu_bot_to_bytes`.
    unsafe { kefu_bytes_free(out, n) };
    // SAFETY: valid buffer and out-parameter.
    let back = unsafe { kefu_bot_from_bytes(bytes.as_ptr(), bytes.len(), &mut err) };
    assert!(err.is_null() && !back.is_null());
    assert_eq!(
        analyze(bot, b"where is my order", None),
        analyze(back, b"where is my order", None)
    );
    for cut in [0, 3, 15, 16, n / 2, n - 1] {
        // SAFETY: a valid prefix of `bytes` and a valid out-parameter.
        let b = unsafe { kefu_bot_from_bytes(bytes.as_ptr(), cut, &mut err) };
        assert!(b.is_null(), "cut at {cut}");
        let (code, msg) = take(err);
        assert_eq!(code, KEFU_ERROR_BUNDLE, "cut at {cut}: {msg}");
    }
    free(back);
    free(bot);
}

#[test]
fn batch_equals_single_calls_and_checks_each_request() {
    let bot = train(DEF);
    let req = r#"[{"text": "where is my order", "context": {"channel": "web"}},
                  {"text": "我要退款"},
                  {"text": "refund please", "context": null}]"#;
    let got: Vec<Value> = serde_json::from_str(&batch(bot, req).unwrap()).unwrap();
    let want: Vec<Value> = [
        analyze(bot, b"where is my order", Some(br#"{"channel": "web"}"#)),
        analyze(bot, "我要退款".as_bytes(), None),
        analyze(bot, b"refund please", None),
    ]
    .into_iter()
    .map(|s| serde_json::from_str(&s.unwrap()).unwrap())
    .collect();
    assert_eq!(got, want);
    assert_eq!(batch(bot, "[]").unwrap(), "[]");
    for (req, want) in [
        (
            "{}",
            "requests: must be a JSON array of {\"text\", \"context\"} objects, found an object",
        ),
        (
            "[1]",
            "messages[0]: must be an object {\"text\", \"context\"}, found a number",
        ),
        (r#"[{"text": "a"}, {}]"#, "messages[1]: missing `text`"),
        (
            r#"[{"text": 3}]"#,
            "messages[0].text: must be a string, found a number",
        ),
        (
            r#"[{"text": "a", "ctx": {}}]"#,
            "messages[0]: unknown key `ctx`, expected `text` or `context`",
        ),
        (
            r#"[{"text": "a", "context": []}]"#,
            "messages[0].context: must be a JSON object, found an array",
        ),
        (
            r#"[{"text": "a", "context": {"chanel": "web"}}]"#,
            "messages[0].context.chanel: unknown field `chanel`",
        ),
        (
            r#"[{"text": "a", "context": {"attributes": {"x": 1}}}]"#,
            "messages[0]: context.attributes.x:",
        ),
        ("", "requests: invalid JSON"),
    ] {
        let (code, msg) = batch(bot, req).unwrap_err();
        assert_eq!(code, KEFU_ERROR_INVALID_INPUT, "{req}");
        assert!(msg.starts_with(want), "{req}: {msg}");
    }
    free(bot);
}
