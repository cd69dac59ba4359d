/*
 * fuzz/c_entry_points.c: libFuzzer target for the C ABI, through the header a
 * host uses: obb_client_config_init, obb_client_new, obb_create_instance and the
 * instance lifecycle functions (obb_describe_instance, obb_modify_instance,
 * obb_delete_instance, obb_list_instances) with arbitrary struct contents and
 * string bytes (any bytes, invalid UTF-8, missing fields, huge counts, any
 * struct_size up to the real one), every result, response and message freed.
 * (The generic call's parameters have their own target: params_json.c.)
 *
 * Nothing real is ever contacted: obb_client_new sends nothing, and every
 * obb_create_instance goes to a client fixed at 127.0.0.1:1 (nothing listens on
 * port 1; the connection is refused at once) with short timeouts. Pointers are
 * always valid or NULL: an invalid pointer is outside the ABI's contract.
 *
 * Input: a stream of fields read front to back (missing bytes read as zero).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outboundbot.h"
#include "fuzz_reader.h"

#define MAX_STRINGS 64
typedef struct {
    char *owned[MAX_STRINGS];
    int count;
} arena;

/* NULL, or a NUL-terminated copy of the next 0..255 input bytes (any bytes; an
 * embedded NUL just ends the C string early). The copy is exactly as long as
 * its bytes, so a read past its NUL is caught by AddressSanitizer. */
static const char *string(reader *r, arena *a) {
    uint8_t tag = u8(r);
    if (tag == 0 || a->count == MAX_STRINGS) return NULL;
    size_t length = tag == 255 ? (size_t)u8(r) * 64 : (size_t)(tag - 1);
    char *s = malloc(length + 1);
    if (s == NULL) return NULL;
    for (size_t i = 0; i < length; i++) s[i] = (char)u8(r);
    s[length] = 0;
    a->owned[a->count++] = s;
    return s;
}

static void arena_free(arena *a) {
    for (int i = 0; i < a->count; i++) free(a->owned[i]);
    a->count = 0;
}

static obb_client *g_dead_client;

static void check_result(obb_status status, const obb_create_instance_result *result) {
    if (result == NULL) abort();             /* filled on every failure but out_result == NULL */
    if (result->status != status) abort();
    if (!result->code || !result->message || !result->request_id || !result->body) abort();
    if (!result->instance.instance_id || !result->instance.instance_name ||
        !result->instance.instance_description || !result->instance.creator_name ||
        !result->instance.owner_name || !result->instance.resource_group_id) abort();
    if (strlen(result->body) > result->body_length) abort();
    if (result->message[0] == 0 && status != OBB_OK) abort(); /* every failure says why */
}

/* A call's response on the dead end: never a success, never an answer. */
static void check_response(obb_status status, const obb_response *response) {
    if (response == NULL) abort();
    if (obb_response_status(response) != status) abort();
    if (status == OBB_OK || status == OBB_ERR_SERVICE || obb_response_http_status(response) != 0) abort();
    if (status == OBB_ERR_INVALID_ARGUMENT && obb_response_attempts(response) != 0) abort();
    if (obb_response_message(response)[0] == 0) abort();
}

static void check_instance_result(obb_status status, const obb_instance_result *result) {
    if (result == NULL || result->instance != NULL) abort();
    if (result->struct_size < OBB_STRUCT_SIZE(obb_instance_result, instance)) abort();
    check_response(status, result->response);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    /* Credentials come only from the configs below. */
    unsetenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
    unsetenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    unsetenv("ALIBABA_CLOUD_SECURITY_TOKEN");
    obb_client_config config = OBB_CLIENT_CONFIG_INIT;
    config.endpoint = "127.0.0.1:1";
    config.protocol = OBB_PROTOCOL_HTTP;
    config.access_key_id = "LTAIFuzz";
    config.access_key_secret = "fuzz-secret";
    config.connect_timeout_ms = 200;
    config.read_timeout_ms = 400;
    config.max_attempts = 1; /* the boundary is fuzzed, not the retry policy: each call fails at once */
    char *error = NULL;
    if (obb_client_new(&g_dead_client, &config, &error) != OBB_OK) abort();
    obb_string_free(error);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    reader r = {data, size, 0};
    arena a = {{0}, 0};
    uint8_t flags = u8(&r);

    /* obb_client_config_init on a buffer of any claimed size (at most the real one). */
    {
        obb_client_config config;
        size_t claimed = (size_t)u8(&r);
        if (claimed > sizeof config) claimed = sizeof config;
        obb_status status = obb_client_config_init((flags & 1) ? NULL : &config, claimed);
        if ((flags & 1) && status != OBB_ERR_INVALID_ARGUMENT) abort();
    }

    /* obb_client_new with every field arbitrary. Nothing is sent. */
    {
        obb_client_config config;
        memset(&config, 0, sizeof config);
        config.struct_size = (uint32_t)u64(&r, 4);
        config.region = string(&r, &a);
        config.endpoint = string(&r, &a);
        config.protocol = (int32_t)u64(&r, 4);
        config.signature_version = (int32_t)u64(&r, 4);
        config.access_key_id = string(&r, &a);
        config.access_key_secret = string(&r, &a);
        config.security_token = string(&r, &a);
        config.connect_timeout_ms = (uint32_t)u64(&r, 4);
        config.read_timeout_ms = (uint32_t)u64(&r, 4);
        config.ca_file = string(&r, &a);
        config.user_agent_suffix = string(&r, &a);
        config.max_idle_connections = (uint32_t)u64(&r, 4);
        config.max_response_bytes = (uint32_t)u64(&r, 4);
        obb_client *client = (obb_client *)(uintptr_t)1; /* must be overwritten */
        char *error = (char *)(uintptr_t)1;
        obb_status status = obb_client_new((flags & 2) ? NULL : &client, (flags & 4) ? NULL : &config,
                                           (flags & 8) ? NULL : &error);
        if (!(flags & 8)) {
            if ((status == OBB_OK) != (error == NULL)) abort();
            obb_string_free(error);
        }
        if (!(flags & 2)) {
            if ((status == OBB_OK) != (client != NULL)) abort();
            obb_client_free(client);
        }
        arena_free(&a);
    }

    /* obb_create_instance with every field arbitrary, on the dead-end client. */
    {
        obb_create_instance_request request;
        memset(&request, 0, sizeof request);
        request.struct_size = (uint32_t)u64(&r, 4);
        request.instance_name = string(&r, &a);
        request.instance_description = string(&r, &a);
        request.max_concurrent_conversation = (int64_t)u64(&r, 8);
        request.nlu_service_type = string(&r, &a);
        request.resource_group_id = string(&r, &a);
        /* The array holds `present` entries; the count may claim more, up to any size_t,
         * but only when it exceeds the 1000 the library accepts (so it is never read). */
        const char *numbers[40];
        size_t present = u8(&r) % 41;
        for (size_t i = 0; i < present; i++) numbers[i] = string(&r, &a);
        uint8_t count_mode = u8(&r);
        request.calling_numbers = (count_mode & 1) ? NULL : numbers;
        request.calling_number_count = (count_mode & 2) ? (size_t)u64(&r, 8) : present;
        if (request.calling_number_count <= 1000 && request.calling_number_count > present)
            request.calling_number_count = present;

        obb_create_instance_result *result = (obb_create_instance_result *)(uintptr_t)1;
        obb_status status = obb_create_instance((flags & 16) ? NULL : g_dead_client,
                                                (flags & 32) ? NULL : &request,
                                                (flags & 64) ? NULL : &result);
        if (flags & 64) {
            if (status != OBB_ERR_INVALID_ARGUMENT) abort();
        } else {
            check_result(status, result);
            /* The dead end never answers: success or a service answer is impossible. */
            if (status == OBB_OK || status == OBB_ERR_SERVICE || result->http_status != 0) abort();
            obb_create_instance_result_free(result);
        }
        arena_free(&a);
    }

    (void)obb_status_name((obb_status)u64(&r, 4));

    /* The lifecycle functions, each with any struct_size up to its real size. */
    uint8_t lifecycle = u8(&r);
    {
        obb_describe_instance_request request;
        memset(&request, 0, sizeof request);
        request.struct_size = (uint32_t)(u8(&r) % (sizeof request + 1));
        request.instance_id = string(&r, &a);
        obb_instance_result *result = NULL;
        obb_status status = obb_describe_instance(g_dead_client, (lifecycle & 1) ? NULL : &request, &result);
        check_instance_result(status, result);
        obb_instance_result_free(result);
        arena_free(&a);
    }
    {
        obb_modify_instance_request request;
        memset(&request, 0, sizeof request);
        request.struct_size = (uint32_t)(u8(&r) % (sizeof request + 1));
        request.instance_id = string(&r, &a);
        request.max_concurrent_conversation = (int64_t)u64(&r, 8);
        request.instance_name = string(&r, &a);
        request.instance_description = string(&r, &a);
        const char *numbers[8];
        size_t present = u8(&r) % 9;
        for (size_t i = 0; i < present; i++) numbers[i] = string(&r, &a);
        uint8_t count_mode = u8(&r);
        request.calling_numbers = (count_mode & 1) ? NULL : numbers;
        request.calling_number_count = (count_mode & 2) ? (size_t)u64(&r, 8) : present;
        if (request.calling_number_count <= 1000 && request.calling_number_count > present)
            request.calling_number_count = present;
        obb_instance_result *result = NULL;
        obb_status status = obb_modify_instance(g_dead_client, (lifecycle & 2) ? NULL : &request, &result);
        check_instance_result(status, result);
        obb_instance_result_free(result);
        arena_free(&a);
    }
    {
        obb_delete_instance_request request;
        memset(&request, 0, sizeof request);
        request.struct_size = (uint32_t)(u8(&r) % (sizeof request + 1));
        request.instance_id = string(&r, &a);
        obb_response *response = NULL;
        obb_status status = obb_delete_instance((lifecycle & 4) ? NULL : g_dead_client, &request, &response);
        check_response(status, response);
        obb_response_free(response);
        arena_free(&a);
    }
    {
        obb_list_instances_request request;
        memset(&request, 0, sizeof request);
        request.struct_size = (uint32_t)(u8(&r) % (sizeof request + 1));
        request.page_number = (int32_t)u64(&r, 4);
        request.page_size = (int32_t)u64(&r, 4);
        request.name = string(&r, &a);
        request.resource_group_id = string(&r, &a);
        obb_instance_page *page = (obb_instance_page *)(uintptr_t)1;
        obb_status status = obb_list_instances(g_dead_client, &request, (lifecycle & 8) ? NULL : &page);
        if (lifecycle & 8) {
            if (status != OBB_ERR_INVALID_ARGUMENT) abort();
        } else {
            if (page == NULL || page->instances == NULL || page->instance_count != 0) abort();
            check_response(status, (obb_response *)(uintptr_t)page->response);
            obb_instance_page_free(page);
        }
        arena_free(&a);
    }
    return 0;
}
