/*
 * test_struct_growth.c: a host built against a header whose structs differ from
 * the library's, as hosts built against older and newer headers do.
 *
 * Tests/integration/test_c_struct_growth.py compiles this file against copies of
 * include/outboundbot.h edited to make obb_client_config, or
 * obb_list_instances_request, one field longer or shorter than the library's, and
 * says which with -D:
 *
 *   HAS_MAX_IDLE        the header's obb_client_config has max_idle_connections
 *   HAS_MAX_RESPONSE    ... and max_response_bytes (the library's own layout)
 *   HAS_RETRY_POLICY    ... and the 0.4.0 fields, whose defaults are not zero
 *   HAS_CONFIG_FUTURE   ... and one more field, config_future, unknown to the library
 *   LIST_SHORTER        obb_list_instances_request lacks its last field
 *                       (resource_group_id): smaller than its first released
 *                       size, so the library must refuse it, not read past it
 *   LIST_LONGER         obb_list_instances_request has one more field,
 *                       list_future, unknown to the library
 *
 * Against the emulator (OBB_ENDPOINT, credentials from the environment), the host
 * creates a client from OBB_CLIENT_CONFIG_INIT and from obb_client_config_init,
 * creates an instance, lists instances with the typed function and calls
 * DescribeInstance through obb_call. Fields the library does not know are set to
 * junk: it must ignore them. Where the header has max_response_bytes, a client
 * with a limit of 64 bytes must refuse a longer answer: proof the field is read.
 * Every struct the host allocates is exactly its own sizeof, on the heap, so
 * AddressSanitizer or valgrind would see a read past it.
 *
 *   test_struct_growth INSTANCE_NAME
 *
 * Prints one line per check and ends with "N passed, M failed"; exits 1 if M > 0.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <outboundbot.h>

#include "check.h"

/* A copy of `value` in a heap block of exactly `size` bytes. */
static void *exact_copy(const void *value, size_t size) {
    void *copy = malloc(size);
    if (copy == NULL) abort();
    memcpy(copy, value, size);
    return copy;
}

static obb_client_config base_config(void) {
    obb_client_config config = OBB_CLIENT_CONFIG_INIT;
    config.endpoint = getenv("OBB_ENDPOINT");
    config.protocol = OBB_PROTOCOL_HTTP;
#ifdef HAS_MAX_IDLE
    config.max_idle_connections = 2;
#endif
#ifdef HAS_CONFIG_FUTURE
    config.config_future = 0xFFFFFFFFu; /* unknown to the library: ignored */
#endif
    return config;
}

static obb_client *new_client(const char *name, const obb_client_config *config) {
    obb_client_config *copy = exact_copy(config, sizeof *config);
    obb_client *client = NULL;
    char *error = NULL;
    obb_status status = obb_client_new(&client, copy, &error);
    if (status != OBB_OK) problem("obb_client_new: %s: %s", obb_status_name(status), error ? error : "");
    char detail[64];
    snprintf(detail, sizeof detail, "struct_size %u, sizeof %zu", (unsigned)config->struct_size, sizeof *config);
    finish(name, detail);
    obb_string_free(error);
    free(copy);
    return client;
}

int main(int argc, char **argv) {
    if (argc != 2 || getenv("OBB_ENDPOINT") == NULL) {
        fprintf(stderr, "usage: OBB_ENDPOINT=HOST:PORT test_struct_growth INSTANCE_NAME\n");
        return 2;
    }
    printf("header %s, library %s; sizeof(obb_client_config) %zu, sizeof(obb_list_instances_request) %zu\n",
           OBB_VERSION_STRING, obb_version(), sizeof(obb_client_config), sizeof(obb_list_instances_request));

    /* obb_client_config_init writes this header's size, no more. */
    {
        unsigned char buffer[sizeof(obb_client_config) + 8];
        memset(buffer, 0xAB, sizeof buffer);
        obb_status status = obb_client_config_init((obb_client_config *)(void *)buffer, sizeof(obb_client_config));
        obb_client_config got;
        memcpy(&got, buffer, sizeof got);
        if (status != OBB_OK) problem("returned %s", obb_status_name(status));
        if (got.struct_size != sizeof got) problem("struct_size %u", (unsigned)got.struct_size);
        /* Every byte is zero but struct_size and the 0.4.0 fields that default to non-zero. */
        for (size_t b = sizeof(uint32_t); b < sizeof got; b++) {
#ifdef HAS_RETRY_POLICY
            if ((b >= offsetof(obb_client_config, retry_base_delay_ms) &&
                 b < offsetof(obb_client_config, deadline_ms)) ||
                (b >= offsetof(obb_client_config, max_attempts) &&
                 b < offsetof(obb_client_config, max_attempts) + sizeof(int32_t)))
                continue;
#endif
            if (buffer[b] != 0) {
                problem("byte %zu not zeroed", b);
                break;
            }
        }
#ifdef HAS_RETRY_POLICY
        if (got.max_attempts != 3 || got.retry_base_delay_ms != 200 || got.retry_max_delay_ms != 5000)
            problem("retry defaults %d %lld %lld", (int)got.max_attempts, (long long)got.retry_base_delay_ms,
                    (long long)got.retry_max_delay_ms);
#endif
        for (size_t b = sizeof got; b < sizeof buffer; b++)
            if (buffer[b] != 0xAB) {
                problem("wrote byte %zu, past sizeof", b);
                break;
            }
        finish("obb_client_config_init(this header's sizeof)", NULL);
    }

    obb_client_config config = base_config();
    obb_client *client = new_client("obb_client_new(OBB_CLIENT_CONFIG_INIT)", &config);

    /* The same through obb_client_config_init and sizeof, as FFI hosts do. */
    obb_client_config from_init;
    obb_client_config_init(&from_init, sizeof from_init);
    from_init.endpoint = getenv("OBB_ENDPOINT");
    from_init.protocol = OBB_PROTOCOL_HTTP;
    obb_client *client2 = new_client("obb_client_new(obb_client_config_init)", &from_init);
    obb_client_free(client2);
    if (client == NULL) {
        printf("%d passed, %d failed\n", g_passed, g_failed + 1);
        return 1;
    }

    /* CreateInstance, as every version of the library does it. */
    obb_create_instance_request create = OBB_CREATE_INSTANCE_REQUEST_INIT;
    create.instance_name = argv[1];
    create.max_concurrent_conversation = 2;
    obb_create_instance_request *create_copy = exact_copy(&create, sizeof create);
    obb_create_instance_result *created = NULL;
    obb_status status = obb_create_instance(client, create_copy, &created);
    if (status != OBB_OK || created == NULL || !created->has_instance)
        problem("returned %s: %s", obb_status_name(status), created ? created->message : "");
    finish("obb_create_instance", created ? created->instance.instance_id : NULL);
    free(create_copy);

    /* ListInstances through the typed function, with this header's request struct. */
    obb_list_instances_request list = OBB_LIST_INSTANCES_REQUEST_INIT;
    list.page_size = 50;
    list.name = argv[1];
#ifdef LIST_LONGER
    list.list_future = -12345; /* unknown to the library: ignored */
#endif
    obb_list_instances_request *list_copy = exact_copy(&list, sizeof list);
    obb_instance_page *page = NULL;
    status = obb_list_instances(client, list_copy, &page);
    const char *message = page && page->response ? obb_response_message(page->response) : NULL;
#ifdef LIST_SHORTER
    /* Smaller than the struct's first version: refused, nothing read past, nothing sent. */
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    if (message == NULL || strstr(message, "struct_size") == NULL) problem("the message does not name struct_size");
    if (page == NULL || obb_response_attempts(page->response) != 0) problem("something was sent");
    finish("obb_list_instances(a request one field shorter than its first version) is refused", message);
#else
    if (status != OBB_OK || page == NULL) problem("returned %s", obb_status_name(status));
    else {
        if (page->instance_count != 1) problem("%zu instances, expected 1", page->instance_count);
        else if (strcmp(page->instances[0]->instance_name, argv[1]) != 0) problem("another instance");
        if (!OBB_HAS_FIELD(page, obb_instance_page, page_size)) problem("page struct_size %u", page->struct_size);
        if (page->instance_count == 1 &&
            !OBB_HAS_FIELD(page->instances[0], obb_instance_info, max_concurrent_conversation))
            problem("instance struct_size %u", page->instances[0]->struct_size);
    }
    finish("obb_list_instances", message);
#endif
    obb_instance_page_free(page);
    free(list_copy);

    /* DescribeInstance through the generic call; fields by path. */
    if (created != NULL && created->has_instance) {
        char params[256];
        snprintf(params, sizeof params, "{\"InstanceId\":\"%s\"}", created->instance.instance_id);
        obb_response *response = NULL;
        status = obb_call(client, "DescribeInstance", params, &response);
        char *name = NULL;
        int64_t concurrency = 0;
        if (status != OBB_OK) problem("returned %s: %s", obb_status_name(status), obb_response_message(response));
        else if (obb_response_get_string(response, "Instance.InstanceName", &name) != OBB_OK ||
                 strcmp(name, argv[1]) != 0)
            problem("Instance.InstanceName: %s", obb_last_error_message());
        else if (obb_response_get_int64(response, "Instance.MaxConcurrentConversation", &concurrency) != OBB_OK ||
                 concurrency != 2)
            problem("Instance.MaxConcurrentConversation: %s", obb_last_error_message());
        finish("obb_call(DescribeInstance)", name);
        obb_string_free(name);
        obb_response_free(response);
    }
    obb_create_instance_result_free(created);

#ifdef HAS_MAX_RESPONSE
    /* The header has max_response_bytes: the library must read it. */
    {
        obb_client_config small = base_config();
        small.max_response_bytes = 64;
        obb_client *limited = new_client("obb_client_new(max_response_bytes 64)", &small);
        obb_response *response = NULL;
        status = obb_call(limited, "ListInstances", NULL, &response);
        if (status != OBB_ERR_RESPONSE) problem("returned %s, expected OBB_ERR_RESPONSE", obb_status_name(status));
        finish("max_response_bytes 64: a longer answer is refused", obb_response_message(response));
        obb_response_free(response);
        obb_client_free(limited);
    }
#endif

    obb_client_free(client);
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed > 0 ? 1 : 0;
}
