/*
 * plugin_host.c: a host that loads liboutboundbot at run time, the way a plugin
 * system does: dlopen, dlsym, use it from a worker thread, dlclose; several times.
 *
 *   plugin_host [LIBRARY [CYCLES [NAME_PREFIX]]]
 *
 *   LIBRARY      path or soname to dlopen (default liboutboundbot.so.0)
 *   CYCLES       dlopen/dlclose cycles (default 3)
 *   NAME_PREFIX  instance names are NAME_PREFIX-1, NAME_PREFIX-2, ... (default plugin-host)
 *
 * Settings from the environment: OBB_ENDPOINT, OBB_PROTOCOL (http|https),
 * OBB_SIGNATURE_VERSION (v3|v1), OBB_CA_FILE; the library reads
 * ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET itself.
 *
 * In every cycle a worker thread creates a client and an instance through the
 * library and then stays alive while the main thread calls dlclose; only then is
 * the worker told to exit. A thread that has run Swift code holds thread-local
 * state whose destructors live in the library: if dlclose unmapped the library
 * (with the Swift runtime linked into it), that thread's exit would jump into
 * unmapped memory and kill the host. liboutboundbot is linked with -z nodelete,
 * so dlclose leaves it mapped and the host survives; the program shows it by
 * checking with RTLD_NOLOAD that the library is still resident after dlclose.
 *
 * Exit status: 0 when every cycle created its instance, 1 otherwise, 2 when the
 * library cannot be loaded or lacks a function.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <outboundbot.h>

/* The functions this host uses, resolved with dlsym. */
typedef struct api {
    const char *(*version)(void);
    const char *(*status_name)(obb_status);
    obb_status (*client_config_init)(obb_client_config *, size_t);
    obb_status (*client_new)(obb_client **, const obb_client_config *, char **);
    void (*client_free)(obb_client *);
    void (*string_free)(char *);
    obb_status (*create_instance)(obb_client *, const obb_create_instance_request *,
                                  obb_create_instance_result **);
    void (*create_instance_result_free)(obb_create_instance_result *);
} api;

/* ISO C has no conversion from void * to a function pointer; copy the bytes
 * (what POSIX guarantees dlsym's result allows). */
static int resolve(void *handle, const char *name, void *function_pointer, size_t size) {
    void *symbol = dlsym(handle, name);
    if (symbol == NULL) {
        fprintf(stderr, "dlsym %s: %s\n", name, dlerror());
        return -1;
    }
    memcpy(function_pointer, &symbol, size);
    return 0;
}
#define RESOLVE(handle, field, name) resolve((handle), (name), &(field), sizeof(field))

static int load_api(void *handle, api *out) {
    int failed = 0;
    failed |= RESOLVE(handle, out->version, "obb_version");
    failed |= RESOLVE(handle, out->status_name, "obb_status_name");
    failed |= RESOLVE(handle, out->client_config_init, "obb_client_config_init");
    failed |= RESOLVE(handle, out->client_new, "obb_client_new");
    failed |= RESOLVE(handle, out->client_free, "obb_client_free");
    failed |= RESOLVE(handle, out->string_free, "obb_string_free");
    failed |= RESOLVE(handle, out->create_instance, "obb_create_instance");
    failed |= RESOLVE(handle, out->create_instance_result_free, "obb_create_instance_result_free");
    return failed;
}

/* A worker: does its call, reports, then waits until told to exit. */
typedef struct worker {
    const api *api;
    char instance_name[128];
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int done;        /* set by the worker when its call is over */
    int may_exit;    /* set by the main thread after dlclose */
    obb_status status;
} worker;

static const char *env(const char *name) {
    const char *value = getenv(name);
    return (value != NULL && value[0] != '\0') ? value : NULL;
}

static obb_status create_one(const api *a, const char *instance_name) {
    obb_client_config config;
    obb_status status = a->client_config_init(&config, sizeof config);
    if (status != OBB_OK) return status;
    config.endpoint = env("OBB_ENDPOINT");
    config.ca_file = env("OBB_CA_FILE");
    const char *protocol = env("OBB_PROTOCOL");
    const char *signature = env("OBB_SIGNATURE_VERSION");
    if (protocol != NULL && strcmp(protocol, "http") == 0) config.protocol = OBB_PROTOCOL_HTTP;
    if (signature != NULL && strcmp(signature, "v1") == 0) config.signature_version = OBB_SIGNATURE_V1;
    config.user_agent_suffix = "plugin_host.c";

    obb_client *client = NULL;
    char *error = NULL;
    status = a->client_new(&client, &config, &error);
    if (status != OBB_OK) {
        fprintf(stderr, "  obb_client_new: %s: %s\n", a->status_name(status), error ? error : "");
        a->string_free(error);
        return status;
    }
    const char *numbers[] = {"95187"};
    obb_create_instance_request request = OBB_CREATE_INSTANCE_REQUEST_INIT;
    request.instance_name = instance_name;
    request.max_concurrent_conversation = 4;
    request.calling_numbers = numbers;
    request.calling_number_count = 1;

    obb_create_instance_result *result = NULL;
    status = a->create_instance(client, &request, &result);
    if (result != NULL) {
        printf("  worker: %s -> %s, http_status %d, code \"%s\", instance_id \"%s\"\n",
               instance_name, a->status_name(result->status), (int)result->http_status,
               result->code, result->has_instance ? result->instance.instance_id : "");
    }
    a->create_instance_result_free(result);
    a->client_free(client);
    return status;
}

static void *worker_main(void *argument) {
    worker *w = argument;
    obb_status status = create_one(w->api, w->instance_name);

    pthread_mutex_lock(&w->lock);
    w->status = status;
    w->done = 1;
    pthread_cond_broadcast(&w->changed);
    while (!w->may_exit) pthread_cond_wait(&w->changed, &w->lock); /* alive across dlclose */
    pthread_mutex_unlock(&w->lock);
    return NULL; /* thread exit: thread-local destructors run now */
}

int main(int argc, char **argv) {
    const char *library = argc > 1 ? argv[1] : "liboutboundbot.so.0";
    int cycles = argc > 2 ? atoi(argv[2]) : 3;
    const char *prefix = argc > 3 ? argv[3] : "plugin-host";
    int created = 0;

    if (cycles < 1) cycles = 1;
    for (int cycle = 1; cycle <= cycles; cycle++) {
        void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
        if (handle == NULL) {
            fprintf(stderr, "dlopen %s: %s\n", library, dlerror());
            return 2;
        }
        api a;
        if (load_api(handle, &a) != 0) {
            dlclose(handle);
            return 2;
        }
        printf("cycle %d: dlopen ok, liboutboundbot %s\n", cycle, a.version());

        worker w;
        memset(&w, 0, sizeof w);
        w.api = &a;
        snprintf(w.instance_name, sizeof w.instance_name, "%s-%d", prefix, cycle);
        pthread_mutex_init(&w.lock, NULL);
        pthread_cond_init(&w.changed, NULL);

        pthread_t thread;
        if (pthread_create(&thread, NULL, worker_main, &w) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
        pthread_mutex_lock(&w.lock);
        while (!w.done) pthread_cond_wait(&w.changed, &w.lock);
        pthread_mutex_unlock(&w.lock);
        if (w.status == OBB_OK) created++;

        /* dlclose while the worker thread is still alive. */
        if (dlclose(handle) != 0) fprintf(stderr, "dlclose: %s\n", dlerror());
        void *still = dlopen(library, RTLD_NOW | RTLD_NOLOAD);
        printf("cycle %d: dlclose done with the worker alive; library %s\n", cycle,
               still != NULL ? "still resident (-z nodelete)" : "unmapped");
        if (still != NULL) dlclose(still);

        /* Now let the worker exit, and wait for it. */
        pthread_mutex_lock(&w.lock);
        w.may_exit = 1;
        pthread_cond_broadcast(&w.changed);
        pthread_mutex_unlock(&w.lock);
        pthread_join(thread, NULL);
        pthread_cond_destroy(&w.changed);
        pthread_mutex_destroy(&w.lock);
        printf("cycle %d: worker exited cleanly\n", cycle);
    }
    printf("plugin host: %d of %d cycles created their instance\n", created, cycles);
    return created == cycles ? 0 : 1;
}
