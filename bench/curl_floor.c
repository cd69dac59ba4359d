/*
 * curl_floor.c: the floor for bench/: libcurl alone, replaying a pre-built
 * CreateInstance request of the same shape and size as liboutboundbot's, on
 * one keep-alive connection per thread. No signing, no JSON, no allocation
 * per call beyond libcurl's own.
 *
 *   curl_floor --template FILE [--threads N] [--calls N] [--seconds S]
 *              [--warmup N] [--prefix P]
 *
 * FILE (written by bench/run_bench.py from a request liboutboundbot really
 * sent): line 1 is the URL, with @NAME@ where the InstanceName goes; every
 * further line is one request header, exactly as sent ("Name: value"). The
 * emulator must run with --skip-signature-check, since the signature and
 * nonce are replayed. Names are PREFIX-tT-NNNNNNNN, the same length as
 * obb_bench's.
 *
 * Prints one JSON line like obb_bench's. A call counts when the answer is
 * HTTP 200.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <curl/curl.h>

#include "measure.h"

static char *g_url_head, *g_url_tail;
static char **g_headers;
static int g_header_count;
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

static int load_template(const char *path) {
    FILE *f = fopen(path, "r");
    if (f == NULL) { perror(path); return -1; }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int first = 1;
    while ((n = getline(&line, &cap, f)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (first) {
            char *mark = strstr(line, "@NAME@");
            if (mark == NULL) { fprintf(stderr, "%s: no @NAME@ in the URL\n", path); return -1; }
            *mark = 0;
            g_url_head = strdup(line);
            g_url_tail = strdup(mark + 6);
            first = 0;
        } else if (n > 0) {
            g_headers = realloc(g_headers, sizeof *g_headers * (size_t)(g_header_count + 1));
            g_headers[g_header_count++] = strdup(line);
        }
    }
    free(line);
    fclose(f);
    return first ? -1 : 0;
}

typedef struct {
    int index;
    long calls, ok, errors;
    pthread_barrier_t *start;
} worker;

static int one(CURL *easy, char *url, size_t url_size, const char *name) {
    snprintf(url, url_size, "%s%s%s", g_url_head, name, g_url_tail);
    curl_easy_setopt(easy, CURLOPT_URL, url);
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
    headers = curl_slist_append(headers, "Content-Type:");
    headers = curl_slist_append(headers, "Expect:");
    size_t received = 0;
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, 0L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &received);
    size_t url_size = strlen(g_url_head) + strlen(g_url_tail) + 256;
    char *url = malloc(url_size);
    char name[128];
    for (long i = 0; i < g_warmup; i++) {
        snprintf(name, sizeof name, "%s-w%d-%08ld", g_prefix, w->index, i);
        one(easy, url, url_size, name);
    }
    pthread_barrier_wait(w->start);
    pthread_barrier_wait(w->start);
    for (long i = 0; i < w->calls; i++) {
        if ((i & 15) == 0 && now() > g_deadline) break;
        snprintf(name, sizeof name, "%s-t%d-%08ld", g_prefix, w->index, i);
        if (one(easy, url, url_size, name)) w->ok++;
        else w->errors++;
    }
    free(url);
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
