/*
 * curl_floor.c: the floor for bench/: libcurl alone, replaying a request
 * liboutboundbot sent (CreateInstance or DescribeInstance, V3 or V1), byte for
 * byte but for the InstanceName, on one keep-alive connection per thread. No
 * signing, no JSON, no allocation per call beyond libcurl's own.
 *
 *   curl_floor --template FILE [--threads N] [--calls N] [--seconds S]
 *              [--warmup N] [--prefix P]
 *
 * FILE (written by bench/run_bench.py from a request liboutboundbot really
 * sent): line 1 is the URL; every further line is one request header, exactly
 * as sent ("Name: value"); when the request had a body, an empty line and then
 * the body, byte for byte, to the end of the file. @NAME@, in the URL or the
 * body, is where the InstanceName goes: each call puts a new name there,
 * PREFIX-tT-NNNNNNNN, the same length as obb_bench's; a template without it
 * (DescribeInstance) sends the same request every time. The signature, nonce
 * and timestamp are replayed, so the server must not check them: the bench's
 * nginx does not; an emulator needs --skip-signature-check.
 *
 * Prints one JSON line like obb_bench's. A call counts when the answer is
 * HTTP 200.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>

#include <curl/curl.h>

#include "measure.h"

static char *g_url_head, *g_url_tail;  /* the URL around @NAME@ (tail NULL: no @NAME@) */
static char *g_body_head, *g_body_tail; /* the body around @NAME@ (tail NULL: no @NAME@) */
static char **g_headers;
static int g_header_count, g_has_content_type;
static const char *g_prefix = "floor";
static long g_calls = 20000, g_warmup = 50;
static double g_seconds = 30.0, g_deadline = 1e300;
static int g_threads = 1;

/* The body is read and dropped: the floor does not parse it. */
static size_t sink(char *data, size_t size, size_t count, void *context) {
    (void)data;
    *(size_t *)context += size * count;
    return size * count;
}

/* Splits text at its first @NAME@: *head is a copy of what precedes it, *tail
 * of what follows (NULL when there is no @NAME@; then *head is all of it). */
static void split_name(const char *text, size_t size, char **head, char **tail) {
    const char *mark = memmem(text, size, "@NAME@", 6);
    size_t before = mark ? (size_t)(mark - text) : size;
    *head = strndup(text, before);
    *tail = mark ? strndup(mark + 6, size - before - 6) : NULL;
}

static int load_template(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) { perror(path); return -1; }
    size_t cap = 4096, size = 0;
    char *text = malloc(cap + 1);
    size_t n;
    while ((n = fread(text + size, 1, cap - size, f)) > 0) {
        size += n;
        if (size == cap) text = realloc(text, (cap *= 2) + 1);
    }
    fclose(f);
    text[size] = 0;
    char *line = text, *end = text + size;
    int first = 1;
    while (line < end) {
        char *newline = memchr(line, '\n', (size_t)(end - line));
        char *next = newline ? newline + 1 : end;
        size_t len = (size_t)((newline ? newline : end) - line);
        if (len > 0 && line[len - 1] == '\r') len--;
        if (first) {
            if (len == 0) break;
            split_name(line, len, &g_url_head, &g_url_tail);
            first = 0;
        } else if (len == 0) { /* the body follows, to the end of the file */
            split_name(next, (size_t)(end - next), &g_body_head, &g_body_tail);
            break;
        } else {
            g_headers = realloc(g_headers, sizeof *g_headers * (size_t)(g_header_count + 1));
            g_headers[g_header_count] = strndup(line, len);
            if (strncasecmp(g_headers[g_header_count], "content-type:", 13) == 0) g_has_content_type = 1;
            g_header_count++;
        }
        line = next;
    }
    free(text);
    if (first) { fprintf(stderr, "%s: no URL\n", path); return -1; }
    return 0;
}

typedef struct {
    int index;
    long calls, ok, errors;
    pthread_barrier_t *start;
} worker;

/* The URL (or the body) with name in place of @NAME@, in buffer. */
static const char *fill(char *buffer, size_t size, const char *head, const char *tail, const char *name) {
    if (tail == NULL) return head;
    snprintf(buffer, size, "%s%s%s", head, name, tail);
    return buffer;
}

typedef struct {
    char *url, *body;
    size_t url_size, body_size;
} buffers;

static int one(CURL *easy, buffers *b, const char *name) {
    curl_easy_setopt(easy, CURLOPT_URL, fill(b->url, b->url_size, g_url_head, g_url_tail, name));
    if (g_body_head != NULL && g_body_tail != NULL) {
        const char *body = fill(b->body, b->body_size, g_body_head, g_body_tail, name);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body);
    }
    CURLcode rc = curl_easy_perform(easy);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    static int reported;
    if ((rc != CURLE_OK || status != 200) && __atomic_fetch_add(&reported, 1, __ATOMIC_RELAXED) < 5)
        fprintf(stderr, "%s: curl %d (%s), HTTP %ld\n", name, (int)rc, curl_easy_strerror(rc), status);
    return rc == CURLE_OK && status == 200;
}

static void *worker_main(void *argument) {
    worker *w = argument;
    CURL *easy = curl_easy_init();
    struct curl_slist *headers = NULL;
    for (int i = 0; i < g_header_count; i++) headers = curl_slist_append(headers, g_headers[i]);
    /* Remove what curl would add on its own; the template holds what was sent. */
    if (!g_has_content_type) headers = curl_slist_append(headers, "Content-Type:");
    headers = curl_slist_append(headers, "Expect:");
    size_t received = 0;
    buffers b;
    char name[128];
    b.url_size = strlen(g_url_head) + (g_url_tail ? strlen(g_url_tail) : 0) + sizeof name;
    b.url = malloc(b.url_size);
    b.body_size = (g_body_head ? strlen(g_body_head) : 0) + (g_body_tail ? strlen(g_body_tail) : 0) + sizeof name;
    b.body = malloc(b.body_size);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    /* A body without @NAME@ is set once here; one with it, per call. */
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, (long)(g_body_head ? strlen(g_body_head) : 0));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, g_body_head ? g_body_head : "");
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &received);
    for (long i = 0; i < g_warmup; i++) {
        snprintf(name, sizeof name, "%s-w%d-%08ld", g_prefix, w->index, i);
        one(easy, &b, name);
    }
    pthread_barrier_wait(w->start);
    pthread_barrier_wait(w->start);
    for (long i = 0; i < w->calls; i++) {
        if ((i & 15) == 0 && now() > g_deadline) break;
        snprintf(name, sizeof name, "%s-t%d-%08ld", g_prefix, w->index, i);
        if (one(easy, &b, name)) w->ok++;
        else w->errors++;
    }
    free(b.url);
    free(b.body);
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);
    return NULL;
}

int main(int argc, char **argv) {
    const char *template_path = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *a = argv[i], *v = argv[i + 1];
        if (strcmp(a, "--template") == 0) template_path = v;
        else if (strcmp(a, "--threads") == 0) g_threads = atoi(v);
        else if (strcmp(a, "--calls") == 0) g_calls = atol(v);
        else if (strcmp(a, "--seconds") == 0) g_seconds = atof(v);
        else if (strcmp(a, "--warmup") == 0) g_warmup = atol(v);
        else if (strcmp(a, "--prefix") == 0) g_prefix = v;
        else { fprintf(stderr, "unknown option %s\n", a); return 64; }
    }
    if (argc % 2 == 0 || template_path == NULL || g_threads < 1 || g_threads > 256 || g_calls < 1) {
        fprintf(stderr, "usage: curl_floor --template FILE [--threads N] [--calls N] [--seconds S] "
                        "[--warmup N] [--prefix P]\n");
        return 64;
    }
    if (load_template(template_path) != 0) return 2;
    curl_global_init(CURL_GLOBAL_DEFAULT);

    worker *workers = calloc((size_t)g_threads, sizeof *workers);
    pthread_t *threads = calloc((size_t)g_threads, sizeof *threads);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, (unsigned)g_threads + 1);
    for (int t = 0; t < g_threads; t++) {
        workers[t].index = t;
        workers[t].calls = g_calls / g_threads + (t < g_calls % g_threads ? 1 : 0);
        workers[t].start = &start;
        pthread_create(&threads[t], NULL, worker_main, &workers[t]);
    }
    pthread_barrier_wait(&start);
    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    double started = now();
    g_deadline = started + g_seconds;
    pthread_barrier_wait(&start);
    long ok = 0, errors = 0;
    for (int t = 0; t < g_threads; t++) {
        pthread_join(threads[t], NULL);
        ok += workers[t].ok;
        errors += workers[t].errors;
    }
    double wall = now() - started;
    getrusage(RUSAGE_SELF, &after);
    printf("{\"impl\": \"raw-libcurl\", \"threads\": %d, \"calls\": %ld, \"errors\": %ld, "
           "\"wall_s\": %.6f, \"user_s\": %.6f, \"sys_s\": %.6f, \"peak_rss_kib\": %ld}\n",
           g_threads, ok, errors, wall, cpu_seconds(&after.ru_utime) - cpu_seconds(&before.ru_utime),
           cpu_seconds(&after.ru_stime) - cpu_seconds(&before.ru_stime), peak_rss_kib());
    return errors == 0 ? 0 : 1;
}
