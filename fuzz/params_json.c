/*
 * fuzz/params_json.c: libFuzzer target for the generic call's parameters, through
 * the header a host uses: obb_call and obb_pager_new with an arbitrary action name
 * and arbitrary parameter JSON, and the parameter builder (obb_params_add_*, then
 * obb_call_params and obb_pager_new_params) driven by arbitrary operations.
 *
 * Nothing real is ever contacted. obb_pager_new checks a request against the
 * catalogue and sends nothing; obb_call and obb_call_params go to a client fixed
 * at 127.0.0.1:1 (nothing listens; the connection is refused at once), and only
 * requests that pass every check get that far. Pointers are valid or NULL.
 *
 * Input: a flags byte; the action name up to the first NUL; then either the JSON
 * text (the rest, NUL-terminated), or (flag 1) a stream of builder operations:
 * an opcode byte, a name (length byte + bytes) and the operation's value.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outboundbot.h"
#include "fuzz_reader.h"

/* A malloc'd NUL-terminated copy of the next `length` bytes (fewer at the end);
 * exactly as long as its bytes, so a read past the NUL is caught by ASan. */
static char *take(reader *r, size_t length) {
    if (length > r->size - r->pos) length = r->size - r->pos;
    char *s = malloc(length + 1);
    if (s == NULL) abort();
    memcpy(s, r->data + r->pos, length);
    s[length] = 0;
    r->pos += length;
    return s;
}

static char *take_until_nul(reader *r) {
    size_t end = r->pos;
    while (end < r->size && r->data[end] != 0) end++;
    char *s = take(r, end - r->pos);
    if (r->pos < r->size) r->pos++; /* the NUL */
    return s;
}

static obb_client *g_dead_client;

/* What every response must satisfy, whatever the input. */
static void check_response(obb_status status, obb_response *response) {
    if (response == NULL) abort(); /* set on every failure but a NULL out pointer */
    if (obb_response_status(response) != status) abort();
    /* The dead end never answers: success or a service answer is impossible. */
    if (status == OBB_OK || status == OBB_ERR_SERVICE || obb_response_http_status(response) != 0) abort();
    if (status == OBB_ERR_INVALID_ARGUMENT && obb_response_attempts(response) != 0) abort(); /* nothing sent */
    if (obb_response_message(response)[0] == 0) abort(); /* every failure says why */
    size_t length = 1;
    if (obb_response_body(response, &length) == NULL || length != 0) abort();
    obb_response_free(response);
}

static void check_pager(obb_status status, obb_pager *pager, char *error) {
    if ((status == OBB_OK) != (pager != NULL)) abort();
    if ((status == OBB_OK) != (error == NULL)) abort();
    if (status != OBB_OK && status != OBB_ERR_INVALID_ARGUMENT) abort(); /* nothing else is possible */
    if (error != NULL && error[0] == 0) abort();
    obb_string_free(error);
    obb_pager_free(pager); /* never advanced: nothing is sent */
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
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
    char *error = NULL;
    if (obb_client_new(&g_dead_client, &config, &error) != OBB_OK) abort();
    obb_string_free(error);
    return 0;
}

/* Builder operations until the input ends (at most 64). */
static void build(reader *r, obb_params *params) {
    for (int op = 0; op < 64 && r->pos < r->size; op++) {
        uint8_t code = u8(r);
        char *name = (code & 0x80) ? NULL : take(r, u8(r));
        obb_status status = OBB_OK;
        switch (code & 7) {
        case 0: {
            char *value = take(r, u8(r));
            status = obb_params_add_string(params, name, (code & 0x40) ? NULL : value);
            free(value);
            break;
        }
        case 1: status = obb_params_add_int(params, name, (int64_t)u64(r, 8)); break;
        case 2: status = obb_params_add_bool(params, name, (int)u8(r) - 1); break;
        case 3: {
            const char *values[16];
            char *owned[16];
            size_t present = u8(r) % 17;
            for (size_t i = 0; i < present; i++) {
                owned[i] = take(r, u8(r));
                values[i] = (code & 0x40) && i == 0 ? NULL : owned[i];
            }
            /* A count above what is present only when it exceeds the library's limit
             * of 10000 (so the array is never read past). */
            size_t count = (code & 0x20) ? (size_t)u64(r, 8) : present;
            if (count <= 10000 && count > present) count = present;
            status = obb_params_add_string_list(params, name, (code & 0x10) ? NULL : values, count);
            for (size_t i = 0; i < present; i++) free(owned[i]);
            break;
        }
        case 4: {
            int64_t values[16];
            size_t present = u8(r) % 17;
            for (size_t i = 0; i < present; i++) values[i] = (int64_t)u64(r, 8);
            size_t count = (code & 0x20) ? (size_t)u64(r, 8) : present;
            if (count <= 10000 && count > present) count = present;
            status = obb_params_add_int_list(params, name, (code & 0x10) ? NULL : values, count);
            break;
        }
        default: {
            char *json = take(r, (size_t)u64(r, 2));
            status = obb_params_add_json(params, name, (code & 0x40) ? NULL : json);
            free(json);
            break;
        }
        }
        if (status != OBB_OK && status != OBB_ERR_INVALID_ARGUMENT) abort();
        if (status != OBB_OK && obb_last_error_message()[0] == 0) abort();
        free(name);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    reader r = {data, size, 0};
    uint8_t flags = u8(&r);
    char *action = take_until_nul(&r);
    const char *action_arg = (flags & 2) ? NULL : action;
    obb_response *response = NULL;
    obb_pager *pager = NULL;
    char *error = NULL;

    if (flags & 1) {
        obb_params *params = NULL;
        if (obb_params_new(&params) != OBB_OK || params == NULL) abort();
        build(&r, params);
        const obb_params *given = (flags & 4) ? NULL : params;
        check_pager(obb_pager_new_params(g_dead_client, action_arg, given, &pager, &error), pager, error);
        if (!(flags & 8)) check_response(obb_call_params(g_dead_client, action_arg, given, &response), response);
        obb_params_free(params);
    } else {
        char *json = take(&r, r.size - r.pos);
        const char *json_arg = (flags & 4) ? NULL : json;
        check_pager(obb_pager_new(g_dead_client, action_arg, json_arg, &pager, &error), pager, error);
        if (!(flags & 8)) check_response(obb_call(g_dead_client, action_arg, json_arg, &response), response);
        free(json);
    }
    free(action);
    return 0;
}
