/*
 * kefu_shop: the demo shop bot (examples/shop) from C.
 *
 *   kefu_shop [--json] [--save OUT.kefu] BOT CASES.tsv
 *
 * BOT is a bot definition in JSON (`*.json`, trained with
 * kefu_bot_train_json) or a bundle (anything else, e.g. from
 * `kefu train examples/shop/bot.yaml -o shop.kefu`, loaded with
 * kefu_bot_from_bytes). --save writes the bot's bundle (kefu_bot_to_bytes).
 *
 * CASES.tsv has one message per line: name TAB text TAB context-JSON
 * (bindings-c/tests/fixtures.py writes it from examples/fixtures). For each
 * message the program prints the decision; with --json it prints
 * `name TAB analysis-JSON` instead, for the fixture checker.
 *
 * Build:  gcc -std=c11 -Wall -Wextra -Werror shop.c $(pkg-config --cflags --libs kefu)
 */
#include <kefu.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file into a NUL-terminated malloc'd buffer. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        char *bigger = realloc(buf, 2 * cap + 1);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    if (ferror(f) || !buf) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(buf);
        buf = NULL;
    } else {
        buf[n] = '\0';
        *len = n;
    }
    fclose(f);
    return buf;
}

/* Prints and frees a kefu error. Returns 1, the exit status. */
static int fail(const char *what, kefu_error *err) {
    fprintf(stderr, "%s: kefu error %u: %s\n", what, (unsigned)kefu_error_code(err),
            kefu_error_message(err));
    kefu_error_free(err);
    return 1;
}

/*
 * Copies the value of `"key":` found after `anchor` in a compact JSON text
 * into out (strings without their quotes, escapes kept; null as "-").
 * Enough for printing a few fields; real code should use a JSON library
 * (cJSON, jansson, yyjson…).
 */
static void json_field(const char *json, const char *anchor, const char *key, char *out,
                       size_t cap) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *p = strstr(json, anchor);
    p = p ? strstr(p, pattern) : NULL;
    size_t n = 0;
    if (p) {
        p += strlen(pattern);
        if (*p == '"') {
            for (p++; *p && *p != '"' && n + 2 < cap; p++) {
                if (*p == '\\' && p[1]) out[n++] = *p++;
                out[n++] = *p;
            }
        } else if (strncmp(p, "null", 4) == 0) {
            out[n++] = '-';
        } else {
            while (*p && *p != ',' && *p != '}' && *p != ']' && n + 1 < cap) out[n++] = *p++;
        }
    }
    out[n] = '\0';
}

static int save_bundle(const kefu_bot *bot, const char *path) {
    uint8_t *bytes = NULL;
    size_t len = 0;
    kefu_error *err = NULL;
    if (kefu_bot_to_bytes(bot, &bytes, &len, &err) != KEFU_OK) return fail("kefu_bot_to_bytes", err);
    FILE *f = fopen(path, "wb");
    int bad = !f || fwrite(bytes, 1, len, f) != len;
    if (f && fclose(f) != 0) bad = 1;
    if (bad) perror(path);
    kefu_bytes_free(bytes, len);
    return bad;
}

static kefu_bot *load_bot(const char *path) {
    size_t len = 0;
    char *data = read_file(path, &len);
    if (!data) return NULL;
    kefu_error *err = NULL;
    kefu_bot *bot;
    size_t plen = strlen(path);
    if (plen > 5 && strcmp(path + plen - 5, ".json") == 0) {
        bot = kefu_bot_train_json(data, len, &err); /* the demo bot: about a second */
    } else {
        bot = kefu_bot_from_bytes((const uint8_t *)data, len, &err);
    }
    free(data);
    if (!bot) fail(path, err);
    return bot;
}

int main(int argc, char **argv) {
    int json = 0;
    const char *save = NULL, *bot_path = NULL, *cases_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--save") == 0 && i + 1 < argc) {
            save = argv[++i];
        } else if (!bot_path) {
            bot_path = argv[i];
        } else if (!cases_path) {
            cases_path = argv[i];
        } else {
            bot_path = NULL;
            break;
        }
    }
    if (!bot_path || !cases_path) {
        fprintf(stderr, "usage: %s [--json] [--save OUT.kefu] BOT(.json|.kefu) CASES.tsv\n", argv[0]);
        return 2;
    }
    if (!json) printf("kefu %s, result schema %u\n", kefu_version(), (unsigned)kefu_schema_version());

    kefu_bot *bot = load_bot(bot_path);
    if (!bot) return 1;
    int status = save ? save_bundle(bot, save) : 0;

    size_t len = 0;
    char *cases = status ? NULL : read_file(cases_path, &len);
    if (!cases) status = 1;
    for (char *line = cases; status == 0 && line && *line;) {
        char *next = strchr(line, '\n');
        if (next) *next++ = '\0';
        char *text = strchr(line, '\t');
        char *context = text ? strchr(text + 1, '\t') : NULL;
        if (!context) {
            fprintf(stderr, "%s: expected name TAB text TAB context: %s\n", cases_path, line);
            status = 1;
            break;
        }
        *text++ = '\0';
        *context++ = '\0';
        kefu_error *err = NULL;
        char *a = kefu_bot_analyze(bot, text, strlen(text), context, strlen(context), &err);
        if (!a) {
            status = fail(line, err);
            break;
        }
        if (json) {
            printf("%s\t%s\n", line, a);
        } else {
            char lang[16], intent[48], action[16], queue[32], locked[8], rule[48];
            json_field(a, "\"language\":{", "code", lang, sizeof lang);
            json_field(a, "\"intent\":{", "top", intent, sizeof intent);
            json_field(a, "\"decision\":{", "action", action, sizeof action);
            json_field(a, "\"decision\":{", "queue", queue, sizeof queue);
            json_field(a, "\"decision\":{", "locked", locked, sizeof locked);
            json_field(a, "\"decision\":{", "rule", rule, sizeof rule);
            printf("%-46s %-3s %-20s %-8s queue=%-7s locked=%-5s rule=%s\n", line, lang, intent,
                   action, queue, locked, rule);
        }
        kefu_string_free(a);
        line = next;
    }
    free(cases);
    kefu_bot_free(bot);
    return status;
}
