/*
 * The C API's contract from C: ownership round trips, and every bad input
 * (NULL on every argument, zero lengths, invalid UTF-8, truncated and
 * corrupted bundles, context JSON that is not an object, oversized text) is
 * a typed error, never a crash. Run natively and under valgrind by
 * bindings-c/tests/run.sh. (A double free is undefined behaviour by
 * contract and deliberately not tested.)
 */
#include <kefu.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                            \
    do {                                                                       \
        checks++;                                                              \
        if (!(cond)) {                                                         \
            failures++;                                                        \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                      \
    } while (0)

/* Checks that err holds an error of `code` whose message starts with
 * `prefix` (when not NULL), then frees it. */
static void expect_error(kefu_error *err, uint32_t code, const char *prefix, int line) {
    checks++;
    if (!err) {
        failures++;
        fprintf(stderr, "line %d: expected error %u, got none\n", line, (unsigned)code);
        return;
    }
    const char *msg = kefu_error_message(err);
    if (kefu_error_code(err) != code || !msg || (prefix && strncmp(msg, prefix, strlen(prefix)) != 0)) {
        failures++;
        fprintf(stderr, "line %d: expected error %u \"%s…\", got %u \"%s\"\n", line, (unsigned)code,
                prefix ? prefix : "", (unsigned)kefu_error_code(err), msg ? msg : "(null)");
    }
    kefu_error_free(err);
}
#define EXPECT_ERROR(err, code, prefix) expect_error((err), (code), (prefix), __LINE__)

static const char DEF[] =
    "{\"languages\": [\"en\", \"zh-Hans\"],"
    " \"intents\": {"
    "  \"order_status\": {\"examples\": {\"en\": [\"where is my order\", \"track my package\", \"has my parcel shipped\"],"
    "                                   \"zh-Hans\": [\"我的订单在哪里\", \"查一下物流\"]}},"
    "  \"refund\": {\"examples\": {\"en\": [\"i want a refund\", \"give me my money back\", \"return this item\"],"
    "                             \"zh-Hans\": [\"我要退款\", \"怎么退货\"]}}},"
    " \"context\": {\"attributes\": {\"cart_value\": \"number\"}}}";

static char *analyze(const kefu_bot *bot, const char *text, size_t len, const char *ctx, size_t ctx_len,
                     kefu_error **err) {
    return kefu_bot_analyze(bot, text, len, ctx, ctx_len, err);
}

int main(void) {
    kefu_error *err = NULL;

    /* Version. */
    CHECK(kefu_version() != NULL && kefu_version()[0] >= '0' && kefu_version()[0] <= '9');
    CHECK(kefu_schema_version() == 1);

    /* Train from inline JSON. */
    kefu_bot *bot = kefu_bot_train_json(DEF, strlen(DEF), &err);
    CHECK(bot != NULL && err == NULL);
    if (!bot) {
        fprintf(stderr, "train: %s\n", kefu_error_message(err));
        return 1;
    }

    /* A good call, with err set to garbage beforehand: it becomes NULL. */
    err = (kefu_error *)&failures;
    const char *text = "where is my order";
    const char *ctx = "{\"channel\": \"web\", \"now\": \"2026-11-20T03:00:00Z\"}";
    char *json = analyze(bot, text, strlen(text), ctx, strlen(ctx), &err);
    CHECK(json != NULL && err == NULL);
    CHECK(json && strstr(json, "\"schema\":1") == json + 1);
    CHECK(json && strstr(json, "\"top\":\"order_status\"") != NULL);

    /* Pointer + length: trailing bytes are not read, no NUL needed. */
    char *prefix = analyze(bot, "where is my order### trailing junk", 17, NULL, 0, &err);
    char *plain = analyze(bot, text, strlen(text), NULL, 0, &err);
    CHECK(prefix && plain && strcmp(prefix, plain) == 0);
    kefu_string_free(prefix);
    kefu_string_free(plain);

    /* err may be NULL, on success and on failure. */
    char *quiet = analyze(bot, text, strlen(text), NULL, 0, NULL);
    CHECK(quiet != NULL);
    kefu_string_free(quiet);
    CHECK(analyze(bot, NULL, 3, NULL, 0, NULL) == NULL);

    /* ---- NULL on every argument ---- */
    CHECK(kefu_bot_train_json(NULL, 10, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "definition: NULL pointer");
    CHECK(kefu_bot_train_json_with_seed(NULL, 0, 7, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "definition: NULL pointer");
    CHECK(kefu_bot_from_bytes(NULL, 16, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "bytes: NULL pointer");
    CHECK(analyze(NULL, text, strlen(text), NULL, 0, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "bot: NULL pointer");
    CHECK(analyze(bot, NULL, 5, NULL, 0, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "text: NULL pointer");
    CHECK(analyze(bot, NULL, 0, NULL, 0, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "text: NULL pointer");
    CHECK(analyze(bot, text, strlen(text), NULL, 4, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "context_json: NULL pointer");
    CHECK(kefu_bot_analyze_batch(NULL, "[]", 2, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "bot: NULL pointer");
    CHECK(kefu_bot_analyze_batch(bot, NULL, 2, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "requests_json: NULL pointer");
    {
        uint8_t *out = (uint8_t *)"not cleared";
        size_t out_len = 42;
        CHECK(kefu_bot_to_bytes(NULL, &out, &out_len, &err) == KEFU_ERROR_INVALID_INPUT);
        CHECK(out == NULL && out_len == 0);
        EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "bot: NULL pointer");
        CHECK(kefu_bot_to_bytes(bot, NULL, &out_len, &err) == KEFU_ERROR_INVALID_INPUT);
        EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "out: NULL pointer");
        CHECK(kefu_bot_to_bytes(bot, &out, NULL, &err) == KEFU_ERROR_INVALID_INPUT);
        EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "out_len: NULL pointer");
        CHECK(kefu_bot_to_bytes(bot, &out, &out_len, NULL) == KEFU_OK);
        kefu_bytes_free(out, out_len);
    }
    /* Free functions and getters: NULL is a documented no-op. */
    kefu_bot_free(NULL);
    kefu_string_free(NULL);
    kefu_bytes_free(NULL, 0);
    kefu_bytes_free(NULL, 123);
    kefu_error_free(NULL);
    CHECK(kefu_error_code(NULL) == KEFU_OK);
    CHECK(kefu_error_message(NULL) != NULL && kefu_error_message(NULL)[0] == '\0');

    /* ---- zero lengths ---- */
    char *empty = analyze(bot, "", 0, NULL, 0, &err);
    CHECK(empty != NULL && err == NULL);
    kefu_string_free(empty);
    empty = analyze(bot, text, strlen(text), "", 0, &err); /* empty context = none */
    CHECK(empty != NULL && err == NULL);
    kefu_string_free(empty);
    CHECK(kefu_bot_train_json("", 0, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_DEFINITION, NULL);
    CHECK(kefu_bot_from_bytes((const uint8_t *)"", 0, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_BUNDLE, NULL);
    CHECK(kefu_bot_analyze_batch(bot, "", 0, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "requests: invalid JSON");

    /* ---- invalid UTF-8 ---- */
    CHECK(analyze(bot, "ok \xff\xfe", 5, NULL, 0, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "text: invalid UTF-8 at byte offset 3");
    CHECK(analyze(bot, "\xe4\xbd", 2, NULL, 0, &err) == NULL); /* truncated sequence */
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "text: invalid UTF-8 at byte offset 0");
    CHECK(analyze(bot, "hi", 2, "{\"channel\": \"\xc3\"}", 16, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "context_json: invalid UTF-8");
    CHECK(kefu_bot_train_json("{\"languages\": [\"\xe4\"]}", 20, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "definition: invalid UTF-8");
    CHECK(kefu_bot_analyze_batch(bot, "[{\"text\": \"\xff\"}]", 15, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "requests_json: invalid UTF-8");
    /* A NUL byte inside the text is just a character. */
    char *nul = analyze(bot, "where\0is my order", 17, NULL, 0, &err);
    CHECK(nul != NULL && err == NULL);
    kefu_string_free(nul);

    /* ---- context JSON that is not an object ---- */
    const char *not_objects[] = {"[]", "[{\"channel\": \"web\"}]", "\"web\"", "null", "42", "true"};
    for (size_t i = 0; i < sizeof not_objects / sizeof *not_objects; i++) {
        CHECK(analyze(bot, "hi", 2, not_objects[i], strlen(not_objects[i]), &err) == NULL);
        EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "context: must be a JSON object");
    }
    CHECK(analyze(bot, "hi", 2, "{\"channel\":", 11, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "context: invalid JSON");
    CHECK(analyze(bot, "hi", 2, "{\"customer\": {\"tyre\": \"vip\"}}", 29, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "context.customer.tyre: unknown field `tyre`");
    CHECK(analyze(bot, "hi", 2, "{\"attributes\": {\"cart_value\": \"x\"}}", 35, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "context.attributes.cart_value: declared as number");
    CHECK(kefu_bot_analyze_batch(bot, "[{\"text\": \"a\", \"context\": [1]}]", 31, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "messages[0].context: must be a JSON object");
    CHECK(kefu_bot_analyze_batch(bot, "{\"text\": \"a\"}", 13, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_INVALID_INPUT, "requests: must be a JSON array");

    /* ---- limits ---- */
    {
        size_t big = 64 * 1024 + 1;
        char *huge = malloc(big);
        CHECK(huge != NULL);
        if (huge) {
            memset(huge, 'a', big);
            CHECK(analyze(bot, huge, big, NULL, 0, &err) == NULL);
            EXPECT_ERROR(err, KEFU_ERROR_LIMIT, "text:");
            free(huge);
        }
    }

    /* ---- definitions ---- */
    CHECK(kefu_bot_train_json("{\"languages\": [\"en\"], \"intens\": {}}", 35, &err) == NULL);
    EXPECT_ERROR(err, KEFU_ERROR_DEFINITION, NULL);
    {
        const char *pol = "{\"languages\": [\"en\"], \"intents\": {\"a\": {\"examples\": {\"en\": [\"x\"]}},"
                          " \"b\": {\"examples\": {\"en\": [\"y\"]}}}, \"policy\": {\"file\": \"policy.kefu\"}}";
        CHECK(kefu_bot_train_json(pol, strlen(pol), &err) == NULL);
        EXPECT_ERROR(err, KEFU_ERROR_DEFINITION, "policy.file");
    }

    /* ---- bundles: round trip, determinism, truncation, corruption ---- */
    uint8_t *bytes = NULL;
    size_t n = 0;
    CHECK(kefu_bot_to_bytes(bot, &bytes, &n, &err) == KEFU_OK && err == NULL);
    CHECK(bytes != NULL && n > 16 && memcmp(bytes, "KEFU", 4) == 0);
    kefu_bot *back = kefu_bot_from_bytes(bytes, n, &err);
    CHECK(back != NULL && err == NULL);
    char *again = analyze(back, text, strlen(text), ctx, strlen(ctx), &err);
    CHECK(json && again && strcmp(json, again) == 0);
    kefu_string_free(again);
    {
        uint8_t *b2 = NULL, *b3 = NULL;
        size_t n2 = 0, n3 = 0;
        CHECK(kefu_bot_to_bytes(back, &b2, &n2, &err) == KEFU_OK);
        CHECK(n2 == n && memcmp(b2, bytes, n) == 0); /* a loaded bot writes the same bundle */
        kefu_bot *seeded = kefu_bot_train_json_with_seed(DEF, strlen(DEF), KEFU_DEFAULT_SEED + 1, &err);
        CHECK(seeded != NULL);
        CHECK(kefu_bot_to_bytes(seeded, &b3, &n3, &err) == KEFU_OK);
        CHECK(!(n3 == n && memcmp(b3, bytes, n) == 0)); /* the seed reaches the model */
        kefu_bytes_free(b2, n2);
        kefu_bytes_free(b3, n3);
        kefu_bot_free(seeded);
    }
    size_t cuts[] = {1, 3, 15, 16, n / 2, n - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        CHECK(kefu_bot_from_bytes(bytes, cuts[i], &err) == NULL);
        EXPECT_ERROR(err, KEFU_ERROR_BUNDLE, NULL);
    }
    {
        uint8_t *copy = malloc(n);
        CHECK(copy != NULL);
        if (copy) {
            memcpy(copy, bytes, n);
            copy[0] = 'X';
            CHECK(kefu_bot_from_bytes(copy, n, &err) == NULL);
            EXPECT_ERROR(err, KEFU_ERROR_BUNDLE, NULL);
            memcpy(copy, bytes, n);
            copy[16 + (n - 16) / 2] ^= 0x40;
            CHECK(kefu_bot_from_bytes(copy, n, &err) == NULL);
            EXPECT_ERROR(err, KEFU_ERROR_BUNDLE, NULL);
            free(copy);
        }
    }
    kefu_bytes_free(bytes, n);

    /* ---- batch ---- */
    {
        const char *req = "[{\"text\": \"where is my order\", \"context\": {\"channel\": \"web\", \"now\": "
                          "\"2026-11-20T03:00:00Z\"}}, {\"text\": \"where is my order\"}]";
        char *out = kefu_bot_analyze_batch(bot, req, strlen(req), &err);
        CHECK(out != NULL && err == NULL);
        char *second = analyze(bot, text, strlen(text), NULL, 0, &err);
        size_t want_len = json && second ? strlen(json) + strlen(second) + 3 : 0;
        char *want = want_len ? malloc(want_len + 1) : NULL;
        if (want) snprintf(want, want_len + 1, "[%s,%s]", json, second);
        CHECK(out && want && strcmp(out, want) == 0);
        free(want);
        kefu_string_free(second);
        kefu_string_free(out);
    }

    kefu_string_free(json);
    kefu_bot_free(back);
    kefu_bot_free(bot);
    printf("api: %d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
