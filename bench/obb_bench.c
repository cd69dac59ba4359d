/*
 * obb_bench.c: throughput and client cost of liboutboundbot, through its C
 * API, on one keep-alive client shared by N threads.
 *
 *   obb_bench --endpoint HOST:PORT [--threads N] [--calls N] [--seconds S]
 *             [--warmup N] [--prefix P] [--signature v3|v1] [--action create|describe]
 *
 * --action create (the default) calls obb_create_instance; --action describe
 * creates one instance first, then calls the generic obb_call with
 * DescribeInstance and its InstanceId as JSON parameters: the same pipeline
 * that serves every catalogued action.
 *
 * Every thread runs calls/threads obb_create_instance calls (each with a
 * unique InstanceName: PREFIX-tT-NNNNNNNN) on the one shared client, and stops
 * early when --seconds have passed: both the count and the time are bounded.
 * --warmup calls per thread come first and are not counted (they open the
 * keep-alive connections).
 *
 * Prints one JSON line: calls (OBB_OK answers), errors, wall seconds, user and
 * system CPU seconds of this process over the measured part (getrusage
 * RUSAGE_SELF: every thread of the client; the server runs in another process),
 * peak RSS (VmHWM, KiB), and the median and 99th percentile of one call's
 * round trip (obb_create_instance in to result out, microseconds). Exit status 0 when no call failed, 1 otherwise.
 *
 *   obb_bench --growth --endpoint HOST:PORT [--calls N] [--clients N] [--prefix P]
 *
 * The memory-growth check: RSS (current, from /proc/self/statm) after 1,000
 * calls and after --calls (default 100,000) calls on one client, then after
 * creating, using once and freeing --clients (default 10,000) clients. Prints
 * one JSON line with the figures; asserts nothing (see mk/quality.mk).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <outboundbot.h>

#include "measure.h"

static const char *g_endpoint;
static const char *g_prefix = "bench";
static long g_calls = 20000;
static double g_seconds = 30.0;
static long g_warmup = 50;
static int g_threads = 1;
static int g_signature = OBB_SIGNATURE_V3;
static int g_describe; /* --action describe */
static char g_describe_params[256]; /* {"InstanceId":"..."} of the one instance described */
static obb_client *g_client;
static double g_deadline;

static long rss_kib(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, resident = 0;
    if (f == NULL) return -1;
    if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static obb_client *new_client(void) {
    obb_client_config config = OBB_CLIENT_CONFIG_INIT;
    config.endpoint = g_endpoint;
    config.protocol = OBB_PROTOCOL_HTTP;
    config.signature_version = g_signature;
    config.access_key_id = "LTAIEmulatorDevKey";
    config.access_key_secret = "EmulatorDevSecret";
    obb_client *client = NULL;
    char *error = NULL;
    obb_status status = obb_client_new(&client, &config, &error);
    if (status != OBB_OK) {
        fprintf(stderr, "obb_client_new: %s: %s\n", obb_status_name(status), error ? error : "");
        obb_string_free(error);
        exit(2);
    }
    return client;
}

/* One CreateInstance; 1 on OBB_OK. The first few failures are printed. */
static int create_one(obb_client *client, const char *name) {
    static int reported;
    const char *numbers[] = {"95187"};
    obb_create_instance_request request = OBB_CREATE_INSTANCE_REQUEST_INIT;
    request.instance_name = name;
    request.max_concurrent_conversation = 4;
    request.calling_numbers = numbers;
    request.calling_number_count = 1;
    obb_create_instance_result *result = NULL;
    obb_status status = obb_create_instance(client, &request, &result);
    if (status != OBB_OK && __atomic_fetch_add(&reported, 1, __ATOMIC_RELAXED) < 5) {
        fprintf(stderr, "obb_create_instance %s: %s http %d code \"%s\": %s\n", name,
                obb_status_name(status), result ? (int)result->http_status : 0,
                result ? result->code : "", result ? result->message : "");
    }
    obb_create_instance_result_free(result);
    return status == OBB_OK;
}

/* One generic DescribeInstance through obb_call; 1 on OBB_OK. */
static int describe_one(obb_client *client) {
    static int reported;
    obb_response *response = NULL;
    obb_status status = obb_call(client, "DescribeInstance", g_describe_params, &response);
    if (status != OBB_OK && __atomic_fetch_add(&reported, 1, __ATOMIC_RELAXED) < 5) {
        fprintf(stderr, "obb_call DescribeInstance: %s http %d code \"%s\": %s\n", obb_status_name(status),
                (int)obb_response_http_status(response), obb_response_code(response), obb_response_message(response));
    }
    obb_response_free(response);
    return status == OBB_OK;
}

/* The call being measured. */
static int call_one(obb_client *client, const char *name) {
    return g_describe ? describe_one(client) : create_one(client, name);
}

/* For --action describe: create the instance every call describes. */
static void prepare_describe(obb_client *client) {
    char name[128];
    snprintf(name, sizeof name, "%s-described", g_prefix);
    const char *numbers[] = {"95187"};
    obb_create_instance_request request = OBB_CREATE_INSTANCE_REQUEST_INIT;
    request.instance_name = name;
    request.max_concurrent_conversation = 4;
    request.calling_numbers = numbers;
    request.calling_number_count = 1;
    obb_create_instance_result *result = NULL;
    if (obb_create_instance(client, &request, &result) != OBB_OK) {
        fprintf(stderr, "obb_bench: cannot create the instance to describe: %s\n", result ? result->message : "");
        exit(2);
    }
    snprintf(g_describe_params, sizeof g_describe_params, "{\"InstanceId\":\"%s\"}", result->instance.instance_id);
    obb_create_instance_result_free(result);
}

typedef struct {
    int index;
    long calls, ok, errors;
    double *latencies; /* seconds, one per measured call */
    long measured;
    pthread_barrier_t *start;
} worker;

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void *worker_main(void *argument) {
    worker *w = argument;
    char name[128];
    for (long i = 0; i < g_warmup; i++) {
        snprintf(name, sizeof name, "%s-w%d-%08ld", g_prefix, w->index, i);
        call_one(g_client, name);
    }
    pthread_barrier_wait(w->start); /* all warmed up */
    pthread_barrier_wait(w->start); /* clock and rusage taken */
    for (long i = 0; i < w->calls; i++) {
        if ((i & 15) == 0 && now() > g_deadline) break;
        snprintf(name, sizeof name, "%s-t%d-%08ld", g_prefix, w->index, i);
        double call_started = now();
        if (call_one(g_client, name)) w->ok++;
        else w->errors++;
        w->latencies[w->measured++] = now() - call_started;
    }
    return NULL;
}

static int run_bench(void) {
    g_client = new_client();
    if (g_describe) prepare_describe(g_client);
    worker *workers = calloc((size_t)g_threads, sizeof *workers);
    pthread_t *threads = calloc((size_t)g_threads, sizeof *threads);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, (unsigned)g_threads + 1);
    for (int t = 0; t < g_threads; t++) {
        workers[t].index = t;
        workers[t].calls = g_calls / g_threads + (t < g_calls % g_threads ? 1 : 0);
        workers[t].start = &start;
        workers[t].latencies = calloc((size_t)workers[t].calls + 1, sizeof(double));
        if (workers[t].latencies == NULL) {
            fprintf(stderr, "out of memory\n");
            return 2;
        }
        g_deadline = 1e300;
        if (pthread_create(&threads[t], NULL, worker_main, &workers[t]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 2;
        }
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

    long measured = 0;
    for (int t = 0; t < g_threads; t++) measured += workers[t].measured;
    double *latencies = calloc((size_t)measured + 1, sizeof(double));
    if (latencies == NULL) {
        fprintf(stderr, "out of memory\n");
        return 2;
    }
    for (int t = 0, n = 0; t < g_threads; t++)
        for (long i = 0; i < workers[t].measured; i++) latencies[n++] = workers[t].latencies[i];
    qsort(latencies, (size_t)measured, sizeof(double), compare_doubles);
    double p50_us = measured > 0 ? latencies[measured / 2] * 1e6 : 0;
    double p99_us = measured > 0 ? latencies[measured * 99 / 100] * 1e6 : 0;
    free(latencies);
    obb_client_free(g_client);
    printf("{\"impl\": \"liboutboundbot\", \"action\": \"%s\", \"threads\": %d, \"calls\": %ld, \"errors\": %ld, "
           "\"wall_s\": %.6f, \"user_s\": %.6f, \"sys_s\": %.6f, \"peak_rss_kib\": %ld, "
           "\"latency_p50_us\": %.1f, \"latency_p99_us\": %.1f}\n",
           g_describe ? "DescribeInstance (obb_call)" : "CreateInstance", g_threads, ok, errors, wall,
           cpu_seconds(&after.ru_utime) - cpu_seconds(&before.ru_utime),
           cpu_seconds(&after.ru_stime) - cpu_seconds(&before.ru_stime), peak_rss_kib(), p50_us, p99_us);
    for (int t = 0; t < g_threads; t++) free(workers[t].latencies);
    free(workers);
    free(threads);
    pthread_barrier_destroy(&start);
    return errors == 0 ? 0 : 1;
}

static int run_growth(long clients) {
    char name[128];
    long errors = 0;
    double started = now();
    obb_client *client = new_client();
    long rss_start = rss_kib();
    long rss_1k = -1;
    long calls_done = 0;
    for (long i = 0; i < g_calls; i++) {
        if (now() - started > g_seconds) break;
        snprintf(name, sizeof name, "%s-g-%08ld", g_prefix, i);
        if (!create_one(client, name)) errors++;
        calls_done++;
        if (i + 1 == 1000) rss_1k = rss_kib();
    }
    long rss_calls = rss_kib();
    obb_client_free(client);
    long rss_before_clients = rss_kib();
    long clients_done = 0;
    for (long i = 0; i < clients; i++) {
        if (now() - started > g_seconds) break;
        obb_client *c = new_client();
        snprintf(name, sizeof name, "%s-c-%08ld", g_prefix, i);
        if (!create_one(c, name)) errors++;
        obb_client_free(c);
        clients_done++;
        if (i + 1 == 1000) rss_before_clients = rss_kib(); /* after the first 1,000 */
    }
    long rss_clients = rss_kib();
    printf("{\"calls\": %ld, \"clients\": %ld, \"errors\": %ld, \"rss_start_kib\": %ld, "
           "\"rss_after_1000_calls_kib\": %ld, \"rss_after_calls_kib\": %ld, "
           "\"rss_after_1000_clients_kib\": %ld, \"rss_after_clients_kib\": %ld, \"seconds\": %.1f}\n",
           calls_done, clients_done, errors, rss_start, rss_1k, rss_calls, rss_before_clients,
           rss_clients, now() - started);
    return errors == 0 && calls_done == g_calls && clients_done == clients ? 0 : 1;
}

static void usage(void) {
    fprintf(stderr, "usage: obb_bench [--growth] --endpoint HOST:PORT [--threads N] [--calls N] "
                    "[--clients N] [--seconds S] [--warmup N] [--prefix P] [--signature v3|v1] "
                    "[--action create|describe]\n");
    exit(64);
}

int main(int argc, char **argv) {
    int growth = 0;
    long clients = 10000;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--growth") == 0) { growth = 1; continue; }
        if (i + 1 >= argc) usage();
        const char *v = argv[++i];
        if (strcmp(a, "--endpoint") == 0) g_endpoint = v;
        else if (strcmp(a, "--threads") == 0) g_threads = atoi(v);
        else if (strcmp(a, "--calls") == 0) g_calls = atol(v);
        else if (strcmp(a, "--clients") == 0) clients = atol(v);
        else if (strcmp(a, "--seconds") == 0) g_seconds = atof(v);
        else if (strcmp(a, "--warmup") == 0) g_warmup = atol(v);
        else if (strcmp(a, "--prefix") == 0) g_prefix = v;
        else if (strcmp(a, "--signature") == 0) g_signature = strcmp(v, "v1") == 0 ? OBB_SIGNATURE_V1 : OBB_SIGNATURE_V3;
        else if (strcmp(a, "--action") == 0 && (strcmp(v, "create") == 0 || strcmp(v, "describe") == 0))
            g_describe = strcmp(v, "describe") == 0;
        else usage();
    }
    if (g_endpoint == NULL || g_threads < 1 || g_threads > 256 || g_calls < 1 || g_seconds <= 0 ||
        g_warmup < 0 || clients < 0)
        usage();
    return growth ? run_growth(clients) : run_bench();
}
