/* bench/first_answer.c: how long a plugin host waits from dlopen to its first answer.
 *
 *   first_answer LIBRARY.so HOST:PORT
 *
 * Times, on CLOCK_MONOTONIC: dlopen of the library (the loader maps it, relocates it and
 * runs its initialisers), then obb_client_new, then one obb_call of ListInstances against
 * a local server, until the answer is in hand. Prints one JSON line of milliseconds.
 * `make bench-first-answer` runs it five times against the debug emulator on loopback. */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

#include "outboundbot.h"

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: first_answer LIBRARY.so HOST:PORT\n");
        return 2;
    }
    double start = now_ms();
    void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    double opened = now_ms();
    /* Casting dlsym's void * to a function pointer: POSIX allows it, ISO C does not say. */
    obb_status (*client_new)(obb_client **, const obb_client_config *, char **);
    obb_status (*call)(obb_client *, const char *, const char *, obb_response **);
    void (*response_free)(obb_response *);
    void (*client_free)(obb_client *);
    *(void **)&client_new = dlsym(library, "obb_client_new");
    *(void **)&call = dlsym(library, "obb_call");
    *(void **)&response_free = dlsym(library, "obb_response_free");
    *(void **)&client_free = dlsym(library, "obb_client_free");
    if (!client_new || !call || !response_free || !client_free) {
        fprintf(stderr, "dlsym: a function is missing\n");
        return 1;
    }
    obb_client_config config = OBB_CLIENT_CONFIG_INIT;
    config.endpoint = argv[2];
    config.protocol = OBB_PROTOCOL_HTTP;
    config.access_key_id = "LTAIEmulatorDevKey";
    config.access_key_secret = "EmulatorDevSecret";
    obb_client *client = NULL;
    if (client_new(&client, &config, NULL) != OBB_OK) {
        fprintf(stderr, "obb_client_new failed\n");
        return 1;
    }
    double created = now_ms();
    obb_response *response = NULL;
    obb_status status = call(client, "ListInstances", "{}", &response);
    double answered = now_ms();
    response_free(response);
    client_free(client);
    if (status != OBB_OK) {
        fprintf(stderr, "ListInstances failed with status %d\n", (int)status);
        return 1;
    }
    printf("{\"dlopen_ms\": %.2f, \"client_new_ms\": %.2f, \"first_call_ms\": %.2f, \"total_ms\": %.2f}\n",
           opened - start, created - opened, answered - created, answered - start);
    return 0;
}
