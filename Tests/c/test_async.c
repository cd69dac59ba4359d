/*
 * test_async.c: the 0.4.0 C API for asynchronous calls, cancellation and per-call
 * options, against the emulator, as a host uses it.
 *
 *   OBB_ENDPOINT=HOST:PORT test_async SCENARIO [PREFIX]
 *
 * (credentials from the environment: ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET). Each
 * SCENARIO is one run; the emulator's faults it needs are armed over the admin API
 * by whoever runs it (Tests/integration/test_c_async.py, scripts/sanitize-c.sh),
 * before the run, and the request log is checked after it:
 *
 *   throughput  1,000 obb_call_async on one client (500 ListInstances, 500
 *               CreateInstance named PREFIX-N), started from the main thread at
 *               once: every callback runs exactly once, on the client's one I/O
 *               thread, all OK; prints wall time, CPU time, RSS and the process's
 *               thread count during the run ("figures: ..."). No faults.
 *   cancel      tokens: an async call cancelled from another thread, five calls on
 *               one token, a blocking call cancelled from another thread, a token
 *               cancelled before its calls start, a token freed while its call runs.
 *               Faults: DescribeInstance delay 5000 ms, count 7.
 *   free        obb_client_free with 50 calls in flight (their answers delayed)
 *               and 10 finished: each callback exactly once, before it returns;
 *               then obb_client_free from inside a callback.
 *               Faults: ListInstances delay 5000 ms, count 1000.
 *   chain       a callback that frees its response and starts the next call, ten
 *               links; link 3's callback cancels another call's token.
 *               Faults: DescribeInstance delay 5000 ms, count 1.
 *   bad-input   NULL client/action/callback, out-of-range options and client
 *               settings, token misuse: OBB_ERR_INVALID_ARGUMENT naming the field,
 *               no callback, nothing sent; then one valid control call. No faults.
 *   options     per-call max_attempts against a client's, and deadlines.
 *               Faults: ListInstances internal_error once for each PageSize 1 to 5
 *               (match), DescribeInstance delay 2000 ms, count 5.
 *   reconcile   a CreateInstance whose answer fails after the instance was created
 *               is reconciled (obb_response_reconciled), async and blocking.
 *               Faults: CreateInstance error_after_performing, count 2.
 *
 * Timing bounds are loose (the machines are noisy; sanitizers slow everything):
 * cancellation within 4 s of a 5 s delay, a 300 ms deadline within 1.5 s.
 *
 * Prints one line per check and ends with "N passed, M failed"; exits 1 if M > 0.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <outboundbot.h>

#include "check.h"

static const char *g_endpoint;
static const char *g_prefix;
static pthread_t g_main_thread;

/* ---- clocks, threads, memory ------------------------------------------------------- */

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
}

/* The threads of this process: the entries of /proc/self/task. */
static int count_threads(void) {
    DIR *dir = opendir("/proc/self/task");
    if (dir == NULL) return -1;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL)
        if (entry->d_name[0] != '.') count++;
    closedir(dir);
    return count;
}

/* The process's CPU time, user + system, in ms. */
static double cpu_ms(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
           (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

/* The peak resident set size so far, in KiB (Linux). */
static long max_rss_kb(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

static int contains_ci(const char *haystack, const char *needle) {
    size_t n = strlen(needle);
    for (const char *p = haystack; *p != '\0'; p++) {
        size_t i = 0;
        while (i < n && p[i] != '\0' && tolower((unsigned char)p[i]) == tolower((unsigned char)needle[i])) i++;
        if (i == n) return 1;
    }
    return n == 0;
}

/* ---- a client ------------------------------------------------------------------------ */

/* A client of the emulator; max_attempts and deadline_ms 0 keep the defaults. */
static obb_client *new_client(int32_t max_attempts, int64_t deadline_ms) {
    obb_client_config config = OBB_CLIENT_CONFIG_INIT;
    config.endpoint = g_endpoint;
    config.protocol = OBB_PROTOCOL_HTTP;
    if (max_attempts != 0) config.max_attempts = max_attempts;
    if (deadline_ms != 0) config.deadline_ms = deadline_ms;
    obb_client *client = NULL;
    char *error = NULL;
    obb_status status = obb_client_new(&client, &config, &error);
    if (status != OBB_OK) problem("obb_client_new: %s: %s", obb_status_name(status), error ? error : "");
    obb_string_free(error);
    return client;
}

static obb_call_options options_with(int32_t max_attempts, int64_t deadline_ms, obb_cancel_token *token) {
    obb_call_options options = OBB_CALL_OPTIONS_INIT;
    options.max_attempts = max_attempts;
    options.deadline_ms = deadline_ms;
    options.cancel_token = token;
    return options;
}

/* ---- a batch of asynchronous calls ----------------------------------------------------
 * Each call's user_data is its own slot; the callback records what it got and
 * counts itself under the batch's lock, then frees the response. */

struct batch;

struct slot {
    struct batch *batch;
    int calls; /* completions seen: must end at exactly 1 */
    obb_status status;
    int32_t http_status;
    uint32_t attempts;
    int32_t reconciled;
    double done_ms; /* now_ms() when the callback ran */
    pthread_t thread;
    char code[64];
    char message[256];
    char instance_name[128]; /* "Instance.InstanceName" when the body has one */
};

struct batch {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int count, completed;
    struct slot *slots;
    /* the free scenario's callback that frees the client */
    obb_client *client_to_free;
    int may_free;
    double free_ms;
    int completed_during_free;
};

static void batch_init(struct batch *batch, int count) {
    memset(batch, 0, sizeof *batch);
    pthread_mutex_init(&batch->lock, NULL);
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&batch->changed, &attributes);
    pthread_condattr_destroy(&attributes);
    batch->count = count;
    batch->slots = calloc((size_t)count, sizeof *batch->slots);
    for (int i = 0; i < count; i++) batch->slots[i].batch = batch;
}

static void batch_destroy(struct batch *batch) {
    free(batch->slots);
    pthread_cond_destroy(&batch->changed);
    pthread_mutex_destroy(&batch->lock);
}

/* Read the response, count the completion, free the response. */
static void record_completion(struct slot *slot, obb_response *response) {
    struct batch *batch = slot->batch;
    obb_status status = obb_response_status(response);
    char *name = NULL;
    if (obb_response_get_string(response, "Instance.InstanceName", &name) != OBB_OK) name = NULL;
    pthread_mutex_lock(&batch->lock);
    slot->calls++;
    slot->status = status;
    slot->http_status = obb_response_http_status(response);
    slot->attempts = obb_response_attempts(response);
    slot->reconciled = obb_response_reconciled(response);
    slot->done_ms = now_ms();
    slot->thread = pthread_self();
    snprintf(slot->code, sizeof slot->code, "%s", obb_response_code(response));
    snprintf(slot->message, sizeof slot->message, "%s", obb_response_message(response));
    snprintf(slot->instance_name, sizeof slot->instance_name, "%s", name ? name : "");
    batch->completed++;
    pthread_cond_broadcast(&batch->changed);
    pthread_mutex_unlock(&batch->lock);
    obb_string_free(name);
    obb_response_free(response);
}

static void on_complete(void *user_data, obb_response *response) {
    record_completion(user_data, response);
}

/* Wait until `target` calls completed or `timeout_ms` passed; the completions. */
static int batch_wait(struct batch *batch, int target, double timeout_ms) {
    double until = now_ms() + timeout_ms;
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += (time_t)(timeout_ms / 1000);
    deadline.tv_nsec += (long)((long long)timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&batch->lock);
    while (batch->completed < target && now_ms() < until)
        if (pthread_cond_timedwait(&batch->changed, &batch->lock, &deadline) == ETIMEDOUT) break;
    int completed = batch->completed;
    pthread_mutex_unlock(&batch->lock);
    return completed;
}

static int batch_completed(struct batch *batch) {
    pthread_mutex_lock(&batch->lock);
    int completed = batch->completed;
    pthread_mutex_unlock(&batch->lock);
    return completed;
}

/* Under the batch's lock: slot `i` completed exactly once with `expected`. */
static void expect_slot(struct batch *batch, int i, obb_status expected, const char *what) {
    pthread_mutex_lock(&batch->lock);
    struct slot *slot = &batch->slots[i];
    if (slot->calls != 1) problem("%s: the callback ran %d times", what, slot->calls);
    else if (slot->status != expected)
        problem("%s: %s, expected %s: %s [%s]", what, obb_status_name(slot->status), obb_status_name(expected),
                slot->message, slot->code);
    else if (pthread_equal(slot->thread, g_main_thread)) problem("%s: the callback ran on the main thread", what);
    pthread_mutex_unlock(&batch->lock);
}

/* ---- a canceller thread ------------------------------------------------------------------ */

struct canceller {
    obb_cancel_token *token;
    long after_ms;
    obb_status result;
    double at_ms; /* now_ms() just before obb_cancel_token_cancel */
    pthread_t thread;
};

static void *cancel_later(void *argument) {
    struct canceller *canceller = argument;
    sleep_ms(canceller->after_ms);
    canceller->at_ms = now_ms();
    canceller->result = obb_cancel_token_cancel(canceller->token);
    return NULL;
}

static void start_canceller(struct canceller *canceller, obb_cancel_token *token, long after_ms) {
    canceller->token = token;
    canceller->after_ms = after_ms;
    canceller->result = (obb_status)-1;
    canceller->at_ms = 0;
    if (pthread_create(&canceller->thread, NULL, cancel_later, canceller) != 0) problem("pthread_create");
}

/* ---- a) throughput: 1,000 calls in flight on one client ------------------------------------- */

static void scenario_throughput(void) {
    enum { CALLS = 1000 };
    int threads_before = count_threads();
    long rss_before = max_rss_kb();
    obb_client *client = new_client(0, 0);
    if (client == NULL) {
        finish("obb_client_new", NULL);
        return;
    }
    struct batch batch;
    batch_init(&batch, CALLS);
    int threads_max = count_threads(), refused = 0;
    char params[256]; /* reused for every call: the library copies what it needs */

    double cpu_start = cpu_ms(), started = now_ms();
    for (int i = 0; i < CALLS; i++) {
        const char *action = i % 2 == 0 ? "ListInstances" : "CreateInstance";
        if (i % 2 == 0) snprintf(params, sizeof params, "{\"PageSize\":1}");
        else
            snprintf(params, sizeof params, "{\"InstanceName\":\"%s-%d\",\"MaxConcurrentConversation\":%d}", g_prefix,
                     i, 1 + i % 7);
        obb_status status = obb_call_async(client, action, params, NULL, on_complete, &batch.slots[i]);
        if (status != OBB_OK && refused++ == 0)
            problem("obb_call_async #%d: %s: %s", i, obb_status_name(status), obb_last_error_message());
    }
    double all_started = now_ms();
    double cpu_started = cpu_ms();
    int threads = count_threads();
    if (threads > threads_max) threads_max = threads;
    while (batch_wait(&batch, CALLS, 50) < CALLS && now_ms() - started < 180000) {
        threads = count_threads();
        if (threads > threads_max) threads_max = threads;
    }
    double all_done = now_ms(), cpu_done = cpu_ms();
    long rss_after = max_rss_kb();
    int threads_after = count_threads();

    int completed = batch_completed(&batch);
    if (refused) problem("%d calls refused", refused);
    if (completed != CALLS) problem("%d of %d callbacks within 180 s", completed, CALLS);
    int not_once = 0, not_ok = 0, retried = 0, reconciled = 0, on_main = 0, io_threads = 0;
    pthread_t io_thread = g_main_thread;
    pthread_mutex_lock(&batch.lock);
    for (int i = 0; i < CALLS; i++) {
        const struct slot *slot = &batch.slots[i];
        if (slot->calls != 1) {
            if (not_once++ == 0) problem("call #%d: the callback ran %d times", i, slot->calls);
            continue;
        }
        if (slot->status != OBB_OK && not_ok++ == 0)
            problem("call #%d: %s: %s [%s]", i, obb_status_name(slot->status), slot->message, slot->code);
        if (slot->attempts != 1) retried++;
        if (slot->reconciled != 0) reconciled++;
        if (pthread_equal(slot->thread, g_main_thread)) on_main++;
        else if (io_threads == 0 || !pthread_equal(slot->thread, io_thread)) {
            io_thread = slot->thread;
            io_threads++;
        }
        if (i % 2 == 1) {
            char expected[160];
            snprintf(expected, sizeof expected, "%s-%d", g_prefix, i);
            if (slot->status == OBB_OK && strcmp(slot->instance_name, expected) != 0)
                problem("call #%d created %s, not %s", i, slot->instance_name, expected);
        }
    }
    pthread_mutex_unlock(&batch.lock);
    if (not_once) problem("%d callbacks did not run exactly once", not_once);
    if (not_ok) problem("%d calls failed", not_ok);
    if (retried) problem("%d calls made more than one attempt", retried);
    if (reconciled) problem("%d calls say reconciled", reconciled);
    if (on_main) problem("%d callbacks ran on the main thread", on_main);
    if (io_threads > 1) problem("callbacks ran on %d threads, not the client's one I/O thread", io_threads);
    /* A thread per call would be 1,000 threads; the client has one I/O thread. */
    if (threads_max - threads_before > 8)
        problem("%d threads during the run, %d before the client", threads_max, threads_before);

    char detail[160];
    snprintf(detail, sizeof detail, "%d callbacks, each once, all OK, on %d thread(s); %d threads at most", completed,
             io_threads, threads_max);
    finish("1,000 asynchronous calls on one client", detail);

    double free_started = now_ms();
    obb_client_free(client);
    double free_ms = now_ms() - free_started;
    sleep_ms(100);
    int threads_after_free = count_threads();
    /* nothing runs a callback again once the client is gone */
    pthread_mutex_lock(&batch.lock);
    int completed_after_free = batch.completed;
    pthread_mutex_unlock(&batch.lock);
    if (completed_after_free != completed) problem("%d more callbacks after obb_client_free", completed_after_free - completed);
    finish("obb_client_free after the batch: no callback runs again", NULL);

    double wall = all_done - started, cpu = cpu_done - cpu_start;
    printf("figures: calls=%d start_ms=%.1f wall_ms=%.1f calls_per_s=%.0f cpu_ms=%.1f cpu_start_ms=%.1f "
           "cpu_us_per_call=%.1f rss_before_kb=%ld rss_after_kb=%ld threads_before=%d threads_max=%d "
           "threads_after=%d threads_after_free=%d free_ms=%.1f\n",
           CALLS, all_started - started, wall, wall > 0 ? (double)CALLS / (wall / 1e3) : 0.0, cpu, cpu_started - cpu_start,
           cpu * 1e3 / (double)CALLS, rss_before, rss_after, threads_before, threads_max, threads_after, threads_after_free,
           free_ms);
    fflush(stdout);
    batch_destroy(&batch);
}

/* ---- b) cancellation -------------------------------------------------------------------------- */

static void scenario_cancel(void) {
    obb_client *client = new_client(0, 0);
    if (client == NULL) {
        finish("obb_client_new", NULL);
        return;
    }
    char text[1024];

    /* Warm up: the I/O thread and a connection. */
    {
        struct batch batch;
        batch_init(&batch, 1);
        obb_status status = obb_call_async(client, "ListInstances", "{\"PageSize\":1}", NULL, on_complete, batch.slots);
        if (status != OBB_OK) problem("obb_call_async: %s: %s", obb_status_name(status), obb_last_error_message());
        else if (batch_wait(&batch, 1, 30000) != 1) problem("no callback within 30 s");
        else expect_slot(&batch, 0, OBB_OK, "ListInstances");
        finish("warm-up: one asynchronous ListInstances", NULL);
        batch_destroy(&batch);
    }

    /* An asynchronous call, its answer 5 s away, cancelled from another thread. */
    {
        obb_cancel_token *token = NULL;
        if (obb_cancel_token_new(&token) != OBB_OK || token == NULL) problem("obb_cancel_token_new");
        obb_call_options options = options_with(OBB_FROM_CLIENT, OBB_FROM_CLIENT, token);
        struct batch batch;
        batch_init(&batch, 1);
        double started = now_ms();
        obb_status status = obb_call_async(client, "DescribeInstance", "{\"InstanceId\":\"cancel-async\"}", &options,
                                           on_complete, batch.slots);
        if (status != OBB_OK) problem("obb_call_async: %s: %s", obb_status_name(status), obb_last_error_message());
        struct canceller canceller;
        start_canceller(&canceller, token, 100);
        int completed = batch_wait(&batch, 1, 15000);
        pthread_join(canceller.thread, NULL);
        double elapsed = batch.slots[0].done_ms - started, latency = batch.slots[0].done_ms - canceller.at_ms;
        if (completed != 1) problem("no callback within 15 s");
        else {
            expect_slot(&batch, 0, OBB_ERR_CANCELLED, "the callback");
            if (elapsed >= 4000) problem("the callback came %.0f ms after the start (the answer was 5000 ms away)", elapsed);
            if (batch.slots[0].message[0] == '\0') problem("no message");
        }
        if (canceller.result != OBB_OK)
            problem("obb_cancel_token_cancel with the call in flight: %s", obb_status_name(canceller.result));
        snprintf(text, sizeof text, "callback %.0f ms after the start, %.0f ms after the cancel: %s", elapsed, latency,
                 batch.slots[0].message);
        finish("async call cancelled from another thread: OBB_ERR_CANCELLED, cancel gave OBB_OK", text);

        status = obb_cancel_token_cancel(token);
        if (status != OBB_ERR_NOT_FOUND) problem("second cancel: %s", obb_status_name(status));
        sleep_ms(100);
        if (batch_completed(&batch) != 1) problem("the callback ran again");
        finish("cancel again after the completion: OBB_ERR_NOT_FOUND, no second callback", NULL);
        if (obb_cancel_token_free(token) != OBB_OK) problem("obb_cancel_token_free");
        batch_destroy(&batch);
    }

    /* Five calls carrying one token, cancelled at once. */
    {
        enum { CALLS = 5 };
        obb_cancel_token *token = NULL;
        if (obb_cancel_token_new(&token) != OBB_OK) problem("obb_cancel_token_new");
        obb_call_options options = options_with(OBB_FROM_CLIENT, OBB_FROM_CLIENT, token);
        struct batch batch;
        batch_init(&batch, CALLS);
        double started = now_ms();
        for (int i = 0; i < CALLS; i++) {
            snprintf(text, sizeof text, "{\"InstanceId\":\"cancel-five-%d\"}", i);
            obb_status status = obb_call_async(client, "DescribeInstance", text, &options, on_complete, &batch.slots[i]);
            if (status != OBB_OK) problem("obb_call_async: %s", obb_status_name(status));
        }
        sleep_ms(200);
        obb_status cancelled = obb_cancel_token_cancel(token);
        if (cancelled != OBB_OK) problem("obb_cancel_token_cancel: %s", obb_status_name(cancelled));
        int completed = batch_wait(&batch, CALLS, 15000);
        double elapsed = now_ms() - started;
        if (completed != CALLS) problem("%d of %d callbacks within 15 s", completed, CALLS);
        for (int i = 0; i < CALLS; i++) expect_slot(&batch, i, OBB_ERR_CANCELLED, "a call");
        if (elapsed >= 4000) problem("%.0f ms", elapsed);
        snprintf(text, sizeof text, "all done %.0f ms after the start", elapsed);
        finish("one token cancels its five calls", text);
        obb_cancel_token_free(token);
        batch_destroy(&batch);
    }

    /* A blocking call cancelled from another thread. */
    {
        obb_cancel_token *token = NULL;
        if (obb_cancel_token_new(&token) != OBB_OK) problem("obb_cancel_token_new");
        obb_call_options options = options_with(OBB_FROM_CLIENT, OBB_FROM_CLIENT, token);
        struct canceller canceller;
        double started = now_ms();
        start_canceller(&canceller, token, 100);
        obb_response *response = NULL;
        obb_status status = obb_call_with_options(client, "DescribeInstance", "{\"InstanceId\":\"cancel-blocking\"}",
                                                  &options, &response);
        double returned = now_ms();
        pthread_join(canceller.thread, NULL);
        if (status != OBB_ERR_CANCELLED) problem("returned %s: %s", obb_status_name(status), obb_response_message(response));
        if (response == NULL || obb_response_status(response) != status) problem("response status differs");
        if (returned - started >= 4000) problem("returned after %.0f ms", returned - started);
        if (canceller.result != OBB_OK) problem("obb_cancel_token_cancel: %s", obb_status_name(canceller.result));
        snprintf(text, sizeof text, "returned %.0f ms after the start, %.0f ms after the cancel: %s", returned - started,
                 returned - canceller.at_ms, obb_response_message(response));
        finish("blocking obb_call_with_options cancelled from another thread: OBB_ERR_CANCELLED", text);
        obb_response_free(response);
        if ((status = obb_cancel_token_cancel(token)) != OBB_ERR_NOT_FOUND) problem("second cancel: %s", obb_status_name(status));
        finish("cancel again after the blocking call returned: OBB_ERR_NOT_FOUND", NULL);
        obb_cancel_token_free(token);
    }

    /* A token cancelled before its calls start: they end at once, nothing sent. */
    {
        obb_cancel_token *token = NULL;
        if (obb_cancel_token_new(&token) != OBB_OK) problem("obb_cancel_token_new");
        obb_status status = obb_cancel_token_cancel(token);
        if (status != OBB_ERR_NOT_FOUND) problem("cancel with nothing in flight: %s", obb_status_name(status));
        obb_call_options options = options_with(OBB_FROM_CLIENT, OBB_FROM_CLIENT, token);
        struct batch batch;
        batch_init(&batch, 1);
        double started = now_ms();
        status = obb_call_async(client, "ListInstances", "{\"PageSize\":2}", &options, on_complete, batch.slots);
        if (status != OBB_OK) problem("obb_call_async: %s: %s", obb_status_name(status), obb_last_error_message());
        else if (batch_wait(&batch, 1, 10000) != 1) problem("no callback within 10 s");
        else {
            expect_slot(&batch, 0, OBB_ERR_CANCELLED, "the callback");
            if (batch.slots[0].attempts != 0) problem("%u attempts", batch.slots[0].attempts);
            if (batch.slots[0].done_ms - started >= 2000) problem("%.0f ms", batch.slots[0].done_ms - started);
        }
        finish("async call with an already-cancelled token: OBB_ERR_CANCELLED, 0 attempts", batch.slots[0].message);
        batch_destroy(&batch);

        obb_response *response = NULL;
        started = now_ms();
        status = obb_call_with_options(client, "ListInstances", "{\"PageSize\":2}", &options, &response);
        if (status != OBB_ERR_CANCELLED) problem("returned %s", obb_status_name(status));
        if (obb_response_attempts(response) != 0) problem("%u attempts", obb_response_attempts(response));
        if (now_ms() - started >= 2000) problem("%.0f ms", now_ms() - started);
        finish("blocking call with an already-cancelled token: OBB_ERR_CANCELLED, 0 attempts",
               obb_response_message(response));
        obb_response_free(response);
        obb_cancel_token_free(token);
    }

    /* The caller frees its token while the call runs: the call keeps its own reference. */
    {
        obb_cancel_token *token = NULL;
        if (obb_cancel_token_new(&token) != OBB_OK) problem("obb_cancel_token_new");
        obb_call_options options = options_with(OBB_FROM_CLIENT, OBB_FROM_CLIENT, token);
        struct batch batch;
        batch_init(&batch, 1);
        obb_status status = obb_call_async(client, "ListInstances", "{\"PageSize\":3}", &options, on_complete, batch.slots);
        if (status != OBB_OK) problem("obb_call_async: %s", obb_status_name(status));
        if ((status = obb_cancel_token_free(token)) != OBB_OK) problem("obb_cancel_token_free: %s", obb_status_name(status));
        if (batch_wait(&batch, 1, 30000) != 1) problem("no callback within 30 s");
        else expect_slot(&batch, 0, OBB_OK, "the call");
        finish("token freed while its call runs: the call completes OK", NULL);
        batch_destroy(&batch);
    }
    obb_client_free(client);
}

/* ---- c) obb_client_free with calls in flight ----------------------------------------------------- */

/* The last call's callback frees the client, from the client's own I/O thread. */
static void free_client_in_callback(void *user_data, obb_response *response) {
    struct slot *slot = user_data;
    struct batch *batch = slot->batch;
    pthread_mutex_lock(&batch->lock);
    while (!batch->may_free) pthread_cond_wait(&batch->changed, &batch->lock); /* main is done with the client */
    int before = batch->completed;
    pthread_mutex_unlock(&batch->lock);
    double started = now_ms();
    obb_client_free(batch->client_to_free);
    double elapsed = now_ms() - started;
    pthread_mutex_lock(&batch->lock);
    batch->free_ms = elapsed;
    batch->completed_during_free = batch->completed - before;
    pthread_mutex_unlock(&batch->lock);
    record_completion(slot, response); /* the response outlives its client */
}

static void scenario_free(void) {
    char text[1024];
    /* 10 quick DescribeInstance calls finish; 50 ListInstances (answers 5 s away) are in flight. */
    {
        enum { QUICK = 10, SLOW = 50, CALLS = QUICK + SLOW };
        obb_client *client = new_client(0, 0);
        if (client == NULL) {
            finish("obb_client_new", NULL);
            return;
        }
        char name[160], instance_id[128] = "";
        snprintf(name, sizeof name, "%s-free", g_prefix);
        obb_create_instance_request request = OBB_CREATE_INSTANCE_REQUEST_INIT;
        request.instance_name = name;
        request.max_concurrent_conversation = 1;
        obb_create_instance_result *result = NULL;
        obb_status status = obb_create_instance(client, &request, &result);
        if (status != OBB_OK || result == NULL || !result->has_instance)
            problem("obb_create_instance: %s", obb_status_name(status));
        else snprintf(instance_id, sizeof instance_id, "%s", result->instance.instance_id);
        obb_create_instance_result_free(result);

        struct batch batch;
        batch_init(&batch, CALLS);
        snprintf(text, sizeof text, "{\"InstanceId\":\"%s\"}", instance_id);
        for (int i = 0; i < QUICK; i++)
            if ((status = obb_call_async(client, "DescribeInstance", text, NULL, on_complete, &batch.slots[i])) != OBB_OK)
                problem("obb_call_async: %s", obb_status_name(status));
        for (int i = QUICK; i < CALLS; i++)
            if ((status = obb_call_async(client, "ListInstances", "{\"PageSize\":1}", NULL, on_complete,
                                         &batch.slots[i])) != OBB_OK)
                problem("obb_call_async: %s", obb_status_name(status));
        if (batch_wait(&batch, QUICK, 15000) < QUICK) problem("the quick calls did not finish within 15 s");
        sleep_ms(200); /* the slow ones are sent by now */
        double started = now_ms();
        obb_client_free(client);
        double free_ms = now_ms() - started;

        /* Right when obb_client_free returns, not later: */
        pthread_mutex_lock(&batch.lock);
        int completed = batch.completed, not_once = 0, ok = 0, cancelled = 0, other = 0;
        for (int i = 0; i < CALLS; i++) {
            const struct slot *slot = &batch.slots[i];
            if (slot->calls != 1) not_once++;
            else if (slot->status == OBB_OK) ok++;
            else if (slot->status == OBB_ERR_CANCELLED) cancelled++;
            else if (other++ == 0)
                problem("call #%d: %s: %s", i, obb_status_name(slot->status), slot->message);
        }
        for (int i = QUICK; i < CALLS; i++)
            if (batch.slots[i].calls == 1 && batch.slots[i].status != OBB_ERR_CANCELLED && free_ms < 4000)
                problem("slow call #%d: %s", i, obb_status_name(batch.slots[i].status));
        pthread_mutex_unlock(&batch.lock);
        if (completed != CALLS) problem("%d of %d callbacks had run when obb_client_free returned", completed, CALLS);
        if (not_once) problem("%d callbacks not exactly once", not_once);
        if (other) problem("%d calls neither OK nor cancelled", other);
        if (ok < QUICK) problem("only %d OK", ok);
        if (free_ms >= 4000) problem("obb_client_free took %.0f ms", free_ms);
        snprintf(text, sizeof text, "%d OK, %d cancelled, obb_client_free took %.0f ms", ok, cancelled, free_ms);
        finish("obb_client_free with 50 calls in flight: every callback once, before it returns", text);

        sleep_ms(300);
        if (batch_completed(&batch) != CALLS) problem("callbacks ran after obb_client_free returned");
        pthread_mutex_lock(&batch.lock);
        for (int i = 0; i < CALLS; i++)
            if (batch.slots[i].calls != 1) problem("call #%d: %d callbacks", i, batch.slots[i].calls);
        pthread_mutex_unlock(&batch.lock);
        finish("no callback after obb_client_free returned", NULL);
        batch_destroy(&batch);
    }

    /* obb_client_free from inside a callback, 20 calls still in flight. */
    {
        enum { SLOW = 20, CALLS = SLOW + 1 };
        obb_client *client = new_client(0, 0);
        if (client == NULL) {
            finish("obb_client_new", NULL);
            return;
        }
        struct batch batch;
        batch_init(&batch, CALLS);
        batch.client_to_free = client;
        obb_status status;
        for (int i = 0; i < SLOW; i++)
            if ((status = obb_call_async(client, "ListInstances", "{\"PageSize\":1}", NULL, on_complete,
                                         &batch.slots[i])) != OBB_OK)
                problem("obb_call_async: %s", obb_status_name(status));
        /* Answered at once (an unknown instance: a service error), its callback frees the client. */
        if ((status = obb_call_async(client, "DescribeInstance", "{\"InstanceId\":\"free-in-callback\"}", NULL,
                                     free_client_in_callback, &batch.slots[SLOW])) != OBB_OK)
            problem("obb_call_async: %s", obb_status_name(status));
        pthread_mutex_lock(&batch.lock);
        batch.may_free = 1; /* this thread no longer touches the client */
        pthread_cond_broadcast(&batch.changed);
        pthread_mutex_unlock(&batch.lock);

        int completed = batch_wait(&batch, CALLS, 15000);
        if (completed != CALLS) problem("%d of %d callbacks within 15 s", completed, CALLS);
        expect_slot(&batch, SLOW, OBB_ERR_SERVICE, "the call whose callback frees the client");
        for (int i = 0; i < SLOW; i++) expect_slot(&batch, i, OBB_ERR_CANCELLED, "a call in flight");
        pthread_mutex_lock(&batch.lock);
        double free_ms = batch.free_ms;
        int during = batch.completed_during_free;
        pthread_mutex_unlock(&batch.lock);
        if (during != 0) problem("%d callbacks ran while the callback was in obb_client_free", during);
        if (free_ms >= 2000) problem("obb_client_free in a callback took %.0f ms (it must not wait)", free_ms);
        sleep_ms(300);
        if (batch_completed(&batch) != CALLS) problem("more callbacks afterwards");
        snprintf(text, sizeof text, "obb_client_free returned in %.1f ms; the other 20 cancelled after the callback", free_ms);
        finish("obb_client_free from a callback: does not wait, the rest complete cancelled", text);
        batch_destroy(&batch);
    }
}

/* ---- d) callbacks that call the library ------------------------------------------------------------ */

enum { CHAIN_LINKS = 10, CHAIN_CANCELLER = 3 };

struct chain;
struct chain_link {
    struct chain *chain;
    int index;
};
struct chain {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    obb_client *client;
    struct chain_link links[CHAIN_LINKS];
    int calls[CHAIN_LINKS];
    obb_status statuses[CHAIN_LINKS];
    char messages[CHAIN_LINKS][160];
    int on_main, start_failures, finished;
    char start_failure[256];
    obb_cancel_token *victim_token;
    obb_status victim_cancel;
};

static void chain_step(void *user_data, obb_response *response) {
    struct chain_link *link = user_data;
    struct chain *chain = link->chain;
    obb_status status = obb_response_status(response);
    char message[160];
    snprintf(message, sizeof message, "%s", obb_response_message(response));
    obb_response_free(response); /* the callback frees its response first */

    obb_status cancel = (obb_status)-1;
    if (link->index == CHAIN_CANCELLER) cancel = obb_cancel_token_cancel(chain->victim_token);

    /* Start the next link; its action and parameters live on this stack frame only. */
    int next = link->index + 1;
    obb_status started = OBB_OK;
    if (next < CHAIN_LINKS && status == OBB_OK) {
        char action[32], params[64];
        snprintf(action, sizeof action, "ListInstances");
        snprintf(params, sizeof params, "{\"PageSize\":%d}", next + 1);
        started = obb_call_async(chain->client, action, params, NULL, chain_step, &chain->links[next]);
    }
    pthread_mutex_lock(&chain->lock);
    chain->calls[link->index]++;
    chain->statuses[link->index] = status;
    snprintf(chain->messages[link->index], sizeof chain->messages[0], "%s", message);
    if (pthread_equal(pthread_self(), g_main_thread)) chain->on_main++;
    if (link->index == CHAIN_CANCELLER) chain->victim_cancel = cancel;
    if (started != OBB_OK) {
        chain->start_failures++;
        snprintf(chain->start_failure, sizeof chain->start_failure, "link %d: %s: %s", next, obb_status_name(started),
                 obb_last_error_message());
    }
    if (next >= CHAIN_LINKS || status != OBB_OK || started != OBB_OK) chain->finished = 1;
    pthread_cond_broadcast(&chain->changed);
    pthread_mutex_unlock(&chain->lock);
}

static void scenario_chain(void) {
    obb_client *client = new_client(0, 0);
    if (client == NULL) {
        finish("obb_client_new", NULL);
        return;
    }
    struct chain *chain = calloc(1, sizeof *chain);
    pthread_mutex_init(&chain->lock, NULL);
    pthread_cond_init(&chain->changed, NULL);
    chain->client = client;
    chain->victim_cancel = (obb_status)-1;
    for (int i = 0; i < CHAIN_LINKS; i++) {
        chain->links[i].chain = chain;
        chain->links[i].index = i;
    }
    if (obb_cancel_token_new(&chain->victim_token) != OBB_OK) problem("obb_cancel_token_new");

    /* The victim: an answer 5 s away, cancelled by link 3's callback. */
    struct batch victim;
    batch_init(&victim, 1);
    obb_call_options options = options_with(OBB_FROM_CLIENT, OBB_FROM_CLIENT, chain->victim_token);
    obb_status status = obb_call_async(client, "DescribeInstance", "{\"InstanceId\":\"chain-victim\"}", &options,
                                       on_complete, victim.slots);
    if (status != OBB_OK) problem("obb_call_async (victim): %s", obb_status_name(status));
    sleep_ms(100);

    double started = now_ms();
    status = obb_call_async(client, "ListInstances", "{\"PageSize\":1}", NULL, chain_step, &chain->links[0]);
    if (status != OBB_OK) problem("obb_call_async (link 0): %s", obb_status_name(status));

    double until = now_ms() + 30000;
    pthread_mutex_lock(&chain->lock);
    while (!chain->finished && now_ms() < until) {
        pthread_mutex_unlock(&chain->lock);
        sleep_ms(10);
        pthread_mutex_lock(&chain->lock);
    }
    int finished = chain->finished;
    pthread_mutex_unlock(&chain->lock);
    double elapsed = now_ms() - started;
    int victim_done = batch_wait(&victim, 1, 15000);

    pthread_mutex_lock(&chain->lock);
    if (!finished) problem("the chain did not finish within 30 s");
    for (int i = 0; i < CHAIN_LINKS; i++) {
        if (chain->calls[i] != 1) problem("link %d: %d callbacks", i, chain->calls[i]);
        else if (chain->statuses[i] != OBB_OK)
            problem("link %d: %s: %s", i, obb_status_name(chain->statuses[i]), chain->messages[i]);
    }
    if (chain->start_failures) problem("%s", chain->start_failure);
    if (chain->on_main) problem("%d links ran on the main thread", chain->on_main);
    obb_status victim_cancel = chain->victim_cancel;
    pthread_mutex_unlock(&chain->lock);
    char text[160];
    snprintf(text, sizeof text, "%d links in %.0f ms", CHAIN_LINKS, elapsed);
    finish("a chain of 10: each callback frees its response and starts the next call", text);

    if (victim_cancel != OBB_OK) problem("cancel from the callback: %s", obb_status_name(victim_cancel));
    if (victim_done != 1) problem("the victim's callback did not run");
    else expect_slot(&victim, 0, OBB_ERR_CANCELLED, "the victim");
    finish("a callback cancels another call's token: OBB_OK, that call OBB_ERR_CANCELLED", NULL);

    obb_client_free(client);
    obb_cancel_token_free(chain->victim_token);
    batch_destroy(&victim);
    pthread_cond_destroy(&chain->changed);
    pthread_mutex_destroy(&chain->lock);
    free(chain);
}

/* ---- e) bad input ------------------------------------------------------------------------------------- */

struct bad_options {
    const char *field;
    int32_t max_attempts;
    int64_t base, max, deadline;
    uint32_t struct_size; /* 0: as OBB_CALL_OPTIONS_INIT */
};

static void expect_refused(obb_status status, const char *message, const char *field, const char *what) {
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("%s: %s, expected OBB_ERR_INVALID_ARGUMENT", what, obb_status_name(status));
    else if (!contains_ci(message, field)) problem("%s: the message does not name %s: \"%s\"", what, field, message);
}

static void scenario_bad_input(void) {
    obb_client *client = new_client(0, 0);
    if (client == NULL) {
        finish("obb_client_new", NULL);
        return;
    }
    struct batch never; /* callbacks of refused calls: must never run */
    batch_init(&never, 64);
    int next_slot = 0;
    obb_response *response = NULL;
    obb_status status;
    char what[640];

    /* NULL client, action, callback, out_response. */
    status = obb_call_async(client, "ListInstances", NULL, NULL, NULL, &never.slots[next_slot++]);
    expect_refused(status, obb_last_error_message(), "callback", "obb_call_async(callback NULL)");
    finish("obb_call_async with a NULL callback: OBB_ERR_INVALID_ARGUMENT naming callback", obb_last_error_message());
    status = obb_call_async(NULL, "ListInstances", NULL, NULL, on_complete, &never.slots[next_slot++]);
    expect_refused(status, obb_last_error_message(), "client", "obb_call_async(client NULL)");
    finish("obb_call_async with a NULL client: OBB_ERR_INVALID_ARGUMENT naming client", obb_last_error_message());
    status = obb_call_async(client, NULL, NULL, NULL, on_complete, &never.slots[next_slot++]);
    expect_refused(status, obb_last_error_message(), "action", "obb_call_async(action NULL)");
    finish("obb_call_async with a NULL action: OBB_ERR_INVALID_ARGUMENT naming action", obb_last_error_message());
    status = obb_call_with_options(NULL, "ListInstances", NULL, NULL, &response);
    expect_refused(status, obb_response_message(response), "client", "obb_call_with_options(client NULL)");
    if (response == NULL || obb_response_status(response) != OBB_ERR_INVALID_ARGUMENT) problem("no response");
    finish("obb_call_with_options with a NULL client: a response naming client", obb_response_message(response));
    obb_response_free(response);
    response = NULL;
    status = obb_call_with_options(client, "ListInstances", NULL, NULL, NULL);
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    finish("obb_call_with_options with out_response NULL: OBB_ERR_INVALID_ARGUMENT", NULL);

    /* Options out of range, both ways. */
    const struct bad_options cases[] = {
        {"max_attempts", 0, -1, -1, -1, 0},
        {"max_attempts", 101, -1, -1, -1, 0},
        {"max_attempts", -2, -1, -1, -1, 0},
        {"retry_base_delay_ms", -1, -5, -1, -1, 0},
        {"retry_base_delay_ms", -1, 600001, -1, -1, 0},
        {"retry_max_delay_ms", -1, -1, -5, -1, 0},
        {"retry_max_delay_ms", -1, -1, 600001, -1, 0},
        {"retry_max_delay_ms", -1, 1000, 500, -1, 0},
        {"deadline_ms", -1, -1, -1, -5, 0},
        {"deadline_ms", -1, -1, -1, 1000000000000LL, 0},
        {"deadline_ms", -1, -1, -1, 86400001, 0},
        {"struct_size", -1, -1, -1, -1, 4},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct bad_options *c = &cases[k];
        obb_call_options options = OBB_CALL_OPTIONS_INIT;
        options.max_attempts = c->max_attempts;
        options.retry_base_delay_ms = c->base;
        options.retry_max_delay_ms = c->max;
        options.deadline_ms = c->deadline;
        if (c->struct_size) options.struct_size = c->struct_size;
        long long value = c->struct_size ? (long long)c->struct_size
                          : c->max_attempts != -1 ? (long long)c->max_attempts
                          : c->deadline != -1     ? (long long)c->deadline
                          : c->max != -1          ? (long long)c->max
                                                  : (long long)c->base;

        response = NULL;
        status = obb_call_with_options(client, "ListInstances", "{\"PageSize\":1}", &options, &response);
        snprintf(what, sizeof what, "obb_call_with_options(%s %lld)", c->field, value);
        expect_refused(status, obb_response_message(response), c->field, what);
        if (response == NULL) problem("no response");
        else if (obb_response_status(response) != status || obb_response_attempts(response) != 0)
            problem("response status %s, %u attempts", obb_status_name(obb_response_status(response)),
                    obb_response_attempts(response));
        finish(what, obb_response_message(response));
        obb_response_free(response);

        status = obb_call_async(client, "ListInstances", "{\"PageSize\":1}", &options, on_complete,
                                &never.slots[next_slot++]);
        snprintf(what, sizeof what, "obb_call_async(%s %lld)", c->field, value);
        expect_refused(status, obb_last_error_message(), c->field, what);
        finish(what, obb_last_error_message());
    }

    /* obb_call_options_init. */
    {
        obb_call_options options;
        memset(&options, 0x5a, sizeof options);
        status = obb_call_options_init(&options, sizeof options);
        if (status != OBB_OK) problem("returned %s", obb_status_name(status));
        if (options.struct_size != sizeof options || options.max_attempts != OBB_FROM_CLIENT ||
            options.retry_base_delay_ms != OBB_FROM_CLIENT || options.retry_max_delay_ms != OBB_FROM_CLIENT ||
            options.deadline_ms != OBB_FROM_CLIENT || options.cancel_token != NULL)
            problem("not OBB_CALL_OPTIONS_INIT");
        if (obb_call_options_init(NULL, sizeof options) != OBB_ERR_INVALID_ARGUMENT) problem("NULL accepted");
        if (obb_call_options_init(&options, 4) != OBB_ERR_INVALID_ARGUMENT) problem("struct_size 4 accepted");
        finish("obb_call_options_init: the defaults; NULL and a struct_size of 4 refused", NULL);
    }

    /* Tokens. */
    {
        if (obb_cancel_token_new(NULL) != OBB_ERR_INVALID_ARGUMENT) problem("obb_cancel_token_new(NULL) accepted");
        status = obb_cancel_token_cancel(NULL);
        expect_refused(status, obb_last_error_message(), "token", "obb_cancel_token_cancel(NULL)");
        if (obb_cancel_token_free(NULL) != OBB_OK) problem("obb_cancel_token_free(NULL) is not OBB_OK");
        obb_cancel_token *token = NULL;
        if (obb_cancel_token_new(&token) != OBB_OK || token == NULL) problem("obb_cancel_token_new");
        if ((status = obb_cancel_token_free(token)) != OBB_OK) problem("first free: %s", obb_status_name(status));
        if ((status = obb_cancel_token_free(token)) != OBB_ERR_INVALID_ARGUMENT)
            problem("second free: %s", obb_status_name(status));
        if ((status = obb_cancel_token_cancel(token)) != OBB_ERR_INVALID_ARGUMENT)
            problem("cancel after free: %s", obb_status_name(status));
        finish("tokens: new(NULL), cancel(NULL) refused; free(NULL) OK; a second free and a cancel after free refused",
               NULL);
    }

    /* Calls the library accepts and then fails in the callback: nothing sent. */
    {
        struct batch batch;
        batch_init(&batch, 2);
        status = obb_call_async(client, "ListInstancez", "{\"PageSize\":1}", NULL, on_complete, &batch.slots[0]);
        if (status != OBB_OK) problem("unknown action: %s: %s", obb_status_name(status), obb_last_error_message());
        status = obb_call_async(client, "ListInstances", "{\"PageSize\":\"many\"}", NULL, on_complete, &batch.slots[1]);
        if (status != OBB_OK) problem("mistyped parameter: %s: %s", obb_status_name(status), obb_last_error_message());
        if (batch_wait(&batch, 2, 10000) != 2) problem("callbacks missing");
        expect_slot(&batch, 0, OBB_ERR_INVALID_ARGUMENT, "unknown action");
        expect_slot(&batch, 1, OBB_ERR_INVALID_ARGUMENT, "mistyped parameter");
        if (!contains_ci(batch.slots[0].message, "ListInstances")) problem("message: %s", batch.slots[0].message);
        if (!contains_ci(batch.slots[1].message, "PageSize")) problem("message: %s", batch.slots[1].message);
        if (batch.slots[0].attempts != 0 || batch.slots[1].attempts != 0) problem("attempts made");
        snprintf(what, sizeof what, "%s | %s", batch.slots[0].message, batch.slots[1].message);
        finish("unknown action, mistyped parameter: accepted, the callback gets OBB_ERR_INVALID_ARGUMENT", what);
        batch_destroy(&batch);
    }
    /* The header lists what obb_call_async refuses itself (NULL client, action or
     * callback; params_json that is not a JSON object or not UTF-8; options out of
     * range); a parameter the catalogue refuses goes to the callback (above). */
    {
        struct batch batch;
        batch_init(&batch, 1);
        status = obb_call_async(client, "ListInstances", "{\"PageSize\":", NULL, on_complete, &batch.slots[0]);
        if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
        if (!contains_ci(obb_last_error_message(), "params_json")) problem("message: %s", obb_last_error_message());
        if (batch_wait(&batch, 1, 300) != 0) problem("a callback ran");
        finish("malformed params_json: refused at once, no callback", obb_last_error_message());
        batch_destroy(&batch);
    }

    /* Client settings of the retry policy. */
    {
        obb_client_config defaults;
        memset(&defaults, 0, sizeof defaults);
        if (obb_client_config_init(&defaults, sizeof defaults) != OBB_OK || defaults.max_attempts != 3 ||
            defaults.retry_base_delay_ms != 200 || defaults.retry_max_delay_ms != 5000 || defaults.deadline_ms != 0)
            problem("obb_client_config_init: %d attempts, base %lld, max %lld, deadline %lld", (int)defaults.max_attempts,
                    (long long)defaults.retry_base_delay_ms, (long long)defaults.retry_max_delay_ms,
                    (long long)defaults.deadline_ms);
        finish("obb_client_config_init: 3 attempts, 200 ms, 5000 ms, deadline 0", NULL);

        const struct bad_options bad[] = {
            {"max_attempts", 0, 200, 5000, 0, 0},        {"max_attempts", 101, 200, 5000, 0, 0},
            {"retry_base_delay_ms", 3, -1, 5000, 0, 0},  {"retry_max_delay_ms", 3, 200, 600001, 0, 0},
            {"retry_max_delay_ms", 3, 1000, 500, 0, 0},  {"deadline_ms", 3, 200, 5000, -1, 0},
            {"deadline_ms", 3, 200, 5000, 1000000000000LL, 0},
        };
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
            obb_client_config config = OBB_CLIENT_CONFIG_INIT;
            config.endpoint = g_endpoint;
            config.protocol = OBB_PROTOCOL_HTTP;
            config.max_attempts = bad[k].max_attempts;
            config.retry_base_delay_ms = bad[k].base;
            config.retry_max_delay_ms = bad[k].max;
            config.deadline_ms = bad[k].deadline;
            obb_client *other = (obb_client *)&never; /* must come back NULL */
            char *error = NULL;
            status = obb_client_new(&other, &config, &error);
            snprintf(what, sizeof what, "obb_client_new(%s: %d, %lld, %lld, %lld)", bad[k].field, (int)bad[k].max_attempts,
                     (long long)bad[k].base, (long long)bad[k].max, (long long)bad[k].deadline);
            expect_refused(status, error ? error : "", bad[k].field, what);
            if (other != NULL) {
                problem("out_client not NULL");
                if (status == OBB_OK) obb_client_free(other);
            }
            finish(what, error);
            obb_string_free(error);
        }
    }

    if (strcmp(obb_status_name(OBB_ERR_CANCELLED), "OBB_ERR_CANCELLED") != 0) problem("%s", obb_status_name(12));
    if (obb_response_reconciled(NULL) != 0) problem("obb_response_reconciled(NULL)");
    finish("obb_status_name(12), obb_response_reconciled(NULL)", NULL);

    /* The control: the extremes that are allowed, and the only request sent. */
    {
        obb_call_options options = OBB_CALL_OPTIONS_INIT;
        options.max_attempts = 100;
        options.retry_base_delay_ms = 0;
        options.retry_max_delay_ms = 600000;
        options.deadline_ms = 0;
        response = NULL;
        status = obb_call_with_options(client, "ListInstances", "{\"PageSize\":7}", &options, &response);
        if (status != OBB_OK) problem("returned %s: %s", obb_status_name(status), obb_response_message(response));
        else if (obb_response_attempts(response) != 1) problem("%u attempts", obb_response_attempts(response));
        finish("control: max_attempts 100, delays 0 and 600000, deadline 0 (derived): OK", NULL);
        obb_response_free(response);
    }

    obb_client_free(client);
    int ran = batch_completed(&never);
    if (ran != 0) problem("%d callbacks of refused calls ran", ran);
    finish("no refused call's callback ever ran", NULL);
    batch_destroy(&never);
}

/* ---- f) per-call options ------------------------------------------------------------------------------- */

/* A blocking call; checks its status and attempts (0: at least one). */
static void expect_call(obb_client *client, const char *action, const char *params, const obb_call_options *options,
                        obb_status expected, uint32_t attempts, const char *name) {
    obb_response *response = NULL;
    double started = now_ms();
    obb_status status = obb_call_with_options(client, action, params, options, &response);
    double elapsed = now_ms() - started;
    if (status != expected)
        problem("%s, expected %s: %s [%s]", obb_status_name(status), obb_status_name(expected),
                obb_response_message(response), obb_response_code(response));
    else if (attempts != 0 ? obb_response_attempts(response) != attempts : obb_response_attempts(response) < 1)
        problem("%u attempts, expected %u", obb_response_attempts(response), attempts);
    if (expected == OBB_ERR_SERVICE &&
        (obb_response_http_status(response) != 500 || strcmp(obb_response_code(response), "InternalError") != 0))
        problem("HTTP %d %s", (int)obb_response_http_status(response), obb_response_code(response));
    if (expected == OBB_ERR_TIMEOUT) {
        if (elapsed >= 1500) problem("returned after %.0f ms", elapsed);
        if (!contains_ci(obb_response_message(response), "deadline"))
            problem("the message does not say deadline: %s", obb_response_message(response));
    }
    char detail[400];
    snprintf(detail, sizeof detail, "%s, %u attempt(s), %.0f ms: %s", obb_status_name(status),
             obb_response_attempts(response), elapsed, obb_response_message(response));
    finish(name, detail);
    obb_response_free(response);
}

static void scenario_options(void) {
    obb_client *client = new_client(0, 0);       /* 3 attempts */
    obb_client *single = new_client(1, 0);       /* 1 attempt */
    obb_client *hurried = new_client(0, 300);    /* a 300 ms deadline */
    if (client == NULL || single == NULL || hurried == NULL) {
        finish("obb_client_new", NULL);
        obb_client_free(client);
        obb_client_free(single);
        obb_client_free(hurried);
        return;
    }
    /* One InternalError is armed for each PageSize, 1 to 5: each call meets its own. */
    obb_call_options once = options_with(1, OBB_FROM_CLIENT, NULL);
    expect_call(client, "ListInstances", "{\"PageSize\":1}", &once, OBB_ERR_SERVICE, 1,
                "max_attempts=1 on a 3-attempt client, InternalError armed: OBB_ERR_SERVICE after 1 attempt");

    {
        struct batch batch;
        batch_init(&batch, 1);
        obb_status status = obb_call_async(client, "ListInstances", "{\"PageSize\":2}", &once, on_complete, batch.slots);
        if (status != OBB_OK) problem("obb_call_async: %s", obb_status_name(status));
        else if (batch_wait(&batch, 1, 30000) != 1) problem("no callback");
        else {
            expect_slot(&batch, 0, OBB_ERR_SERVICE, "the callback");
            if (batch.slots[0].attempts != 1) problem("%u attempts", batch.slots[0].attempts);
        }
        finish("the same, asynchronous: OBB_ERR_SERVICE after 1 attempt", batch.slots[0].message);
        batch_destroy(&batch);
    }

    expect_call(single, "ListInstances", "{\"PageSize\":3}", NULL, OBB_ERR_SERVICE, 1,
                "a client with max_attempts 1, no options: OBB_ERR_SERVICE after 1 attempt");
    obb_call_options three = options_with(3, OBB_FROM_CLIENT, NULL);
    expect_call(single, "ListInstances", "{\"PageSize\":4}", &three, OBB_OK, 2,
                "max_attempts=3 on a 1-attempt client: OK after 2 attempts");
    expect_call(client, "ListInstances", "{\"PageSize\":5}", NULL, OBB_OK, 2,
                "no options (the client's 3 attempts): OK after 2 attempts");

    /* DescribeInstance answers are 2000 ms away. */
    obb_call_options quick = options_with(OBB_FROM_CLIENT, 300, NULL);
    expect_call(client, "DescribeInstance", "{\"InstanceId\":\"deadline-blocking\"}", &quick, OBB_ERR_TIMEOUT, 0,
                "deadline_ms=300, the answer 2000 ms away: OBB_ERR_TIMEOUT");
    {
        struct batch batch;
        batch_init(&batch, 1);
        double started = now_ms();
        obb_status status = obb_call_async(client, "DescribeInstance", "{\"InstanceId\":\"deadline-async\"}", &quick,
                                           on_complete, batch.slots);
        if (status != OBB_OK) problem("obb_call_async: %s", obb_status_name(status));
        else if (batch_wait(&batch, 1, 30000) != 1) problem("no callback");
        else {
            expect_slot(&batch, 0, OBB_ERR_TIMEOUT, "the callback");
            if (batch.slots[0].done_ms - started >= 1500) problem("after %.0f ms", batch.slots[0].done_ms - started);
            if (!contains_ci(batch.slots[0].message, "deadline")) problem("message: %s", batch.slots[0].message);
        }
        char detail[400];
        snprintf(detail, sizeof detail, "%.0f ms: %s", batch.slots[0].done_ms - started, batch.slots[0].message);
        finish("the same, asynchronous: OBB_ERR_TIMEOUT", detail);
        batch_destroy(&batch);
    }
    expect_call(hurried, "DescribeInstance", "{\"InstanceId\":\"deadline-client\"}", NULL, OBB_ERR_TIMEOUT, 0,
                "a client with deadline_ms 300, no options: OBB_ERR_TIMEOUT");

    obb_client_free(client);
    obb_client_free(single);
    obb_client_free(hurried);
}

/* ---- reconciliation of an ambiguous CreateInstance ------------------------------------------------------- */

static void scenario_reconcile(void) {
    obb_client *client = new_client(0, 0);
    if (client == NULL) {
        finish("obb_client_new", NULL);
        return;
    }
    char name[160], params[320];
    snprintf(name, sizeof name, "%s-async", g_prefix);
    snprintf(params, sizeof params,
             "{\"InstanceName\":\"%s\",\"InstanceDescription\":\"reconcile\",\"MaxConcurrentConversation\":4}", name);
    struct batch batch;
    batch_init(&batch, 1);
    obb_status status = obb_call_async(client, "CreateInstance", params, NULL, on_complete, batch.slots);
    if (status != OBB_OK) problem("obb_call_async: %s", obb_status_name(status));
    else if (batch_wait(&batch, 1, 60000) != 1) problem("no callback");
    else {
        expect_slot(&batch, 0, OBB_OK, "the callback");
        if (batch.slots[0].reconciled != 1) problem("reconciled %d", (int)batch.slots[0].reconciled);
        if (batch.slots[0].attempts != 1) problem("%u attempts", batch.slots[0].attempts);
        if (strcmp(batch.slots[0].instance_name, name) != 0) problem("Instance.InstanceName %s", batch.slots[0].instance_name);
    }
    finish("async CreateInstance, the answer lost after the create: OK, reconciled, 1 attempt", batch.slots[0].message);
    batch_destroy(&batch);

    snprintf(name, sizeof name, "%s-blocking", g_prefix);
    snprintf(params, sizeof params,
             "{\"InstanceName\":\"%s\",\"InstanceDescription\":\"reconcile\",\"MaxConcurrentConversation\":4}", name);
    obb_response *response = NULL;
    status = obb_call_with_options(client, "CreateInstance", params, NULL, &response);
    if (status != OBB_OK) problem("returned %s: %s", obb_status_name(status), obb_response_message(response));
    if (obb_response_reconciled(response) != 1) problem("reconciled %d", (int)obb_response_reconciled(response));
    if (obb_response_attempts(response) != 1) problem("%u attempts", obb_response_attempts(response));
    char *found = NULL;
    if (obb_response_get_string(response, "Instance.InstanceName", &found) != OBB_OK || strcmp(found, name) != 0)
        problem("Instance.InstanceName %s", found ? found : obb_last_error_message());
    obb_string_free(found);
    finish("blocking CreateInstance, the same: OK, reconciled, 1 attempt", obb_response_message(response));
    obb_response_free(response);
    obb_client_free(client);
}

/* ---- main -------------------------------------------------------------------------------------------------- */

static const struct {
    const char *name;
    void (*run)(void);
} SCENARIOS[] = {
    {"throughput", scenario_throughput}, {"cancel", scenario_cancel},       {"free", scenario_free},
    {"chain", scenario_chain},           {"bad-input", scenario_bad_input}, {"options", scenario_options},
    {"reconcile", scenario_reconcile},
};

int main(int argc, char **argv) {
    g_endpoint = getenv("OBB_ENDPOINT");
    if (argc < 2 || argc > 3 || g_endpoint == NULL) {
        fprintf(stderr, "usage: OBB_ENDPOINT=HOST:PORT %s SCENARIO [PREFIX]\nscenarios:", argv[0]);
        for (size_t i = 0; i < sizeof SCENARIOS / sizeof SCENARIOS[0]; i++) fprintf(stderr, " %s", SCENARIOS[i].name);
        fprintf(stderr, "\n");
        return 2;
    }
    g_prefix = argc == 3 ? argv[2] : "async";
    g_main_thread = pthread_self();
    for (size_t i = 0; i < sizeof SCENARIOS / sizeof SCENARIOS[0]; i++) {
        if (strcmp(argv[1], SCENARIOS[i].name) != 0) continue;
        if (obb_version_number() < 0x000400) {
            printf("FAIL the library is %s, not 0.4.0 or later\n0 passed, 1 failed\n", obb_version());
            return 1;
        }
        SCENARIOS[i].run();
        printf("%d passed, %d failed\n", g_passed, g_failed);
        return g_failed > 0 ? 1 : 0;
    }
    fprintf(stderr, "unknown scenario %s\n", argv[1]);
    return 2;
}
