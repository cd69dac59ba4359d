/*
 * test_refresh_threads.c: THREADS threads share one client for SECONDS seconds,
 * each calling ListInstances in a loop, while the client's temporary credentials
 * (from the default chain: here a RamRoleArn profile in $HOME/.aliyun/config.json,
 * assumed through the emulator's STS) expire every few seconds.
 *
 * Usage: test_refresh_threads ENDPOINT SECONDS THREADS
 * Prints one line: calls=N failures=M refreshes=R, then the first failure's
 * message if any, and the log lines the library wrote (on stderr). Exits 0 when
 * every call succeeded.
 */
#include <outboundbot.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static obb_client *g_client;
static time_t g_stop_at;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static long g_calls, g_failures, g_refreshes;
static char g_first_failure[1024];

/* Thread-safe, as the header asks: one lock around the counters and stderr. */
static void on_log(void *user_data, int32_t level, const char *message) {
    (void)user_data;
    pthread_mutex_lock(&g_lock);
    if (strstr(message, "credentials: refreshed") != NULL) g_refreshes++;
    fprintf(stderr, "[log %d] %s\n", (int)level, message);
    pthread_mutex_unlock(&g_lock);
}

static void *worker(void *unused) {
    (void)unused;
    while (time(NULL) < g_stop_at) {
        obb_response *response = NULL;
        obb_status status = obb_call(g_client, "ListInstances", "{\"PageSize\":1}", &response);
        pthread_mutex_lock(&g_lock);
        g_calls++;
        if (status != OBB_OK) {
            if (g_failures++ == 0) {
                snprintf(g_first_failure, sizeof g_first_failure, "status %d code %s: %s", (int)status,
                         response ? obb_response_code(response) : "?", response ? obb_response_message(response) : "?");
            }
        }
        pthread_mutex_unlock(&g_lock);
        obb_response_free(response);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s ENDPOINT SECONDS THREADS\n", argv[0]);
        return 2;
    }
    int seconds = atoi(argv[2]), threads = atoi(argv[3]);
    if (seconds < 1 || threads < 1 || threads > 64) return 2;

    obb_client_config config = OBB_CLIENT_CONFIG_INIT;
    config.endpoint = argv[1];
    config.protocol = OBB_PROTOCOL_HTTP;
    config.credentials_source = OBB_CREDENTIALS_DEFAULT_CHAIN;
    config.sts_endpoint = argv[1];
    config.log_callback = on_log;
    config.log_level = OBB_LOG_INFO;
    char *error = NULL;
    obb_status status = obb_client_new(&g_client, &config, &error);
    if (status != OBB_OK) {
        printf("obb_client_new: status %d: %s\n", (int)status, error ? error : "");
        obb_string_free(error);
        return 1;
    }

    g_stop_at = time(NULL) + seconds;
    pthread_t ids[64];
    for (int i = 0; i < threads; i++) pthread_create(&ids[i], NULL, worker, NULL);
    for (int i = 0; i < threads; i++) pthread_join(ids[i], NULL);
    obb_client_free(g_client);

    printf("calls=%ld failures=%ld refreshes=%ld\n", g_calls, g_failures, g_refreshes);
    if (g_failures > 0) printf("first failure: %s\n", g_first_failure);
    return g_failures == 0 ? 0 : 1;
}
