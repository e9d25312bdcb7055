/*
 * The shared fixture's error cases (examples/fixtures/shop_cases.json,
 * `error_cases`) through the C API. tests/fixtures.py prepares ERRORS.tsv,
 * one call per line:
 *
 *   name TAB op TAB payload-hex TAB context-JSON
 *
 * where op is `train` (payload: definition JSON text), `load` (payload:
 * bundle bytes) or `analyze` (payload: message text, analyzed by BOT.kefu
 * with the context). Prints `name TAB code TAB message` per call (code 0
 * when the call unexpectedly succeeded; tabs and newlines of the message
 * become spaces) for `fixtures.py check-errors`.
 *
 *   errors BOT.kefu ERRORS.tsv
 */
#include <kefu.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    if (fseek(f, 0, SEEK_END) != 0) exit(1);
    long n = ftell(f);
    if (n < 0 || fseek(f, 0, SEEK_SET) != 0) exit(1);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "%s: cannot read\n", path);
        exit(1);
    }
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes `n` hex digits into a new buffer (at least one byte long, so that
 * an empty payload is still a valid pointer); *len gets the byte count. */
static uint8_t *unhex(const char *hex, size_t n, size_t *len) {
    uint8_t *out = malloc(n / 2 + 1);
    if (!out || n % 2 != 0) {
        fprintf(stderr, "bad hex payload\n");
        exit(1);
    }
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            fprintf(stderr, "bad hex digit\n");
            exit(1);
        }
        out[i] = (uint8_t)(hi * 16 + lo);
    }
    *len = n / 2;
    return out;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s BOT.kefu ERRORS.tsv\n", argv[0]);
        return 2;
    }
    size_t bundle_len, tsv_len;
    char *bundle = read_file(argv[1], &bundle_len);
    char *tsv = read_file(argv[2], &tsv_len);
    kefu_error *err = NULL;
    kefu_bot *bot = kefu_bot_from_bytes((const uint8_t *)bundle, bundle_len, &err);
    free(bundle);
    if (!bot) {
        fprintf(stderr, "cannot load %s: %s\n", argv[1], kefu_error_message(err));
        kefu_error_free(err);
        return 1;
    }
    int n = 0;
    for (char *line = strtok(tsv, "\n"); line; line = strtok(NULL, "\n")) {
        char *name = line;
        char *op = strchr(name, '\t');
        char *hex = op ? strchr(op + 1, '\t') : NULL;
        char *ctx = hex ? strchr(hex + 1, '\t') : NULL;
        if (!ctx) {
            fprintf(stderr, "malformed line: %s\n", line);
            return 1;
        }
        *op++ = '\0';
        *hex++ = '\0';
        *ctx++ = '\0';
        size_t len;
        uint8_t *payload = unhex(hex, strlen(hex), &len);
        err = NULL;
        if (strcmp(op, "train") == 0) {
            kefu_bot *b = kefu_bot_train_json((const char *)payload, len, &err);
            kefu_bot_free(b);
        } else if (strcmp(op, "load") == 0) {
            kefu_bot *b = kefu_bot_from_bytes(payload, len, &err);
            kefu_bot_free(b);
        } else if (strcmp(op, "analyze") == 0) {
            char *a = kefu_bot_analyze(bot, (const char *)payload, len, ctx, strlen(ctx), &err);
            kefu_string_free(a);
        } else {
            fprintf(stderr, "%s: unknown op %s\n", name, op);
            return 1;
        }
        free(payload);
        if (err) {
            const char *m = kefu_error_message(err);
            size_t mlen = strlen(m);
            char *msg = malloc(mlen + 1);
            if (!msg) return 1;
            memcpy(msg, m, mlen + 1);
            for (char *p = msg; *p; p++) {
                if (*p == '\t' || *p == '\n' || *p == '\r') *p = ' ';
            }
            printf("%s\t%u\t%s\n", name, (unsigned)kefu_error_code(err), msg);
            free(msg);
            kefu_error_free(err);
        } else {
            printf("%s\t0\t(no error)\n", name);
        }
        n++;
    }
    kefu_bot_free(bot);
    free(tsv);
    fprintf(stderr, "errors: %d calls\n", n);
    return 0;
}
