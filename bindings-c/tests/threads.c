/*
 * One kefu_bot shared by 8 threads at once, no lock on our side: every
 * result must equal the single-threaded result byte for byte, and the batch
 * call must equal the single calls.
 *
 *   threads BOT.kefu CASES.tsv BATCH.json [ROUNDS]
 */
#include <kefu.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8
#define MAX_CASES 256

static const kefu_bot *bot;
static size_t n_cases;
static const char *texts[MAX_CASES];
static const char *contexts[MAX_CASES];
static char *expected[MAX_CASES];
static char *batch_request;
static char *batch_expected;
static int rounds = 4;

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
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static char *analyze(size_t i) {
    kefu_error *err = NULL;
    char *a = kefu_bot_analyze(bot, texts[i], strlen(texts[i]), contexts[i], strlen(contexts[i]), &err);
    if (!a) {
        fprintf(stderr, "case %zu: %u %s\n", i, (unsigned)kefu_error_code(err), kefu_error_message(err));
        kefu_error_free(err);
    }
    return a;
}

static char *batch(void) {
    kefu_error *err = NULL;
    char *a = kefu_bot_analyze_batch(bot, batch_request, strlen(batch_request), &err);
    if (!a) {
        fprintf(stderr, "batch: %u %s\n", (unsigned)kefu_error_code(err), kefu_error_message(err));
        kefu_error_free(err);
    }
    return a;
}

struct job {
    int id;
    long calls;
    long mismatches;
};

static void *worker(void *arg) {
    struct job *job = arg;
    for (int r = 0; r < rounds; r++) {
        for (size_t k = 0; k < n_cases; k++) {
            /* Each thread walks the cases from a different place. */
            size_t i = (k + (size_t)job->id * 5 + (size_t)r) % n_cases;
            char *a = analyze(i);
            job->calls++;
            if (!a || strcmp(a, expected[i]) != 0) job->mismatches++;
            kefu_string_free(a);
        }
    }
    if (job->id % 2 == 0) { /* half the threads also run a parallel batch */
        char *b = batch();
        job->calls++;
        if (!b || strcmp(b, batch_expected) != 0) job->mismatches++;
        kefu_string_free(b);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s BOT.kefu CASES.tsv BATCH.json [ROUNDS]\n", argv[0]);
        return 2;
    }
    if (argc > 4) rounds = atoi(argv[4]);
    size_t len;
    char *bundle = read_file(argv[1], &len);
    kefu_error *err = NULL;
    kefu_bot *owned = kefu_bot_from_bytes((const uint8_t *)bundle, len, &err);
    free(bundle);
    if (!owned) {
        fprintf(stderr, "%s: %s\n", argv[1], kefu_error_message(err));
        kefu_error_free(err);
        return 1;
    }
    bot = owned;

    char *cases = read_file(argv[2], &len);
    for (char *line = cases; *line && n_cases < MAX_CASES;) {
        char *next = strchr(line, '\n');
        if (next) *next++ = '\0';
        char *text = strchr(line, '\t');
        char *ctx = text ? strchr(text + 1, '\t') : NULL;
        if (!ctx) return 1;
        *text++ = '\0';
        *ctx++ = '\0';
        texts[n_cases] = text;
        contexts[n_cases] = ctx;
        n_cases++;
        line = next ? next : line + strlen(line);
    }
    batch_request = read_file(argv[3], &len);

    /* Single-threaded reference results, and the batch they imply. */
    size_t total = 3;
    for (size_t i = 0; i < n_cases; i++) {
        expected[i] = analyze(i);
        if (!expected[i]) return 1;
        total += strlen(expected[i]) + 1;
    }
    batch_expected = malloc(total);
    if (!batch_expected) return 1;
    strcpy(batch_expected, "[");
    for (size_t i = 0; i < n_cases; i++) {
        if (i) strcat(batch_expected, ",");
        strcat(batch_expected, expected[i]);
    }
    strcat(batch_expected, "]");
    char *b = batch();
    int batch_ok = b && strcmp(b, batch_expected) == 0;
    kefu_string_free(b);

    pthread_t tids[THREADS];
    struct job jobs[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t] = (struct job){.id = t};
        if (pthread_create(&tids[t], NULL, worker, &jobs[t]) != 0) {
            perror("pthread_create");
            return 1;
        }
    }
    long calls = 0, mismatches = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(tids[t], NULL);
        calls += jobs[t].calls;
        mismatches += jobs[t].mismatches;
    }
    printf("threads: %d threads x %d rounds x %zu messages on one handle: %ld calls, %ld mismatches; "
           "batch %s\n",
           THREADS, rounds, n_cases, calls, mismatches, batch_ok ? "equals single calls" : "DIFFERS");

    for (size_t i = 0; i < n_cases; i++) kefu_string_free(expected[i]);
    free(batch_expected);
    free(batch_request);
    free(cases);
    kefu_bot_free(owned);
    return mismatches == 0 && batch_ok ? 0 : 1;
}
