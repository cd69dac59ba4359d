/*
 * test_bad_input.c: every C entry point of liboutboundbot, given bad input.
 *
 * Proves the "Bad input" contract of include/outboundbot.h: NULL pointers, a
 * struct_size of 0 or too small, invalid UTF-8 in every string field, an empty or
 * over-long instance_name, max_concurrent_conversation out of 1..2147483647, a
 * calling number count with a NULL array or a NULL entry, CR/LF in values that
 * go into headers: each gives OBB_ERR_INVALID_ARGUMENT, a message that names the
 * field, the same status in the result as the return value, zero attempts (nothing
 * sent), and no secret in any message. Every result and message is freed (run
 * it under valgrind to see that nothing leaks).
 *
 * The same for the 0.2.0 entry points: the generic call (unknown action or
 * parameter with the suggested name, missing required parameter, malformed JSON,
 * JSON of the wrong type, out-of-range integers, CR/LF/NUL in ids), the
 * parameter builder (every failure also kept for the call), the pager, the
 * typed instance lifecycle functions, and path lookups (missing fields, values
 * of another type, malformed paths, huge indexes) on a real answer: the one
 * valid DescribeInstance of a fixture instance this program creates first.
 *
 *   test_bad_input [--endpoint HOST:PORT] [--dead-endpoint HOST:PORT] [--control NAME]
 *                  [--repeat N]
 *
 *   --endpoint       where the clients with bad requests point; give an emulator
 *                    started with --admin and check its request log holds only
 *                    the two fixture requests (CreateInstance of an instance named
 *                    bad-input-fixture-*, DescribeInstance of it) and the control
 *                    (default 127.0.0.1:1, where nothing listens: then the
 *                    fixture, and the lookups on it, fail)
 *   --dead-endpoint  where nothing listens (default 127.0.0.1:1): the boundary
 *                    values that are valid go there and must be attempted
 *   --control NAME   finally create instance NAME at --endpoint with the
 *                    credentials of the environment (ALIBABA_CLOUD_ACCESS_KEY_ID/
 *                    _SECRET), expecting OBB_OK: proof the endpoint was live
 *   --repeat N       run every check N times (default 1): under valgrind, memory
 *                    the library leaks per call grows with N, one-time runtime
 *                    caches do not
 *
 * Prints one line per check and ends with "N passed, M failed"; exits 1 if M > 0.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <outboundbot.h>

/* Recognisable secrets: neither may appear in any message or output. */
#define SECRET "SeCrEt-0bb-never-print-me"
#define TOKEN "ToKeN-0bb-never-print-me"
#define KEY_ID "LTAIBadInputTestKey"

static const char *g_endpoint = "127.0.0.1:1";
static const char *g_dead_endpoint = "127.0.0.1:1";
static int g_passed, g_failed;

/* ---- reporting ----------------------------------------------------------------- */

/* Problems found in the current check, joined with "; ". */
static char g_problems[2048];

static void problem(const char *format, ...) {
    char line[512];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    size_t used = strlen(g_problems);
    if (used > 0 && used + 2 < sizeof g_problems) strcat(g_problems, "; ");
    strncat(g_problems, line, sizeof g_problems - strlen(g_problems) - 1);
}

/* Ends a check: one line, "ok" or "FAIL", the check's name and what was seen. */
static void finish(const char *name, const char *message) {
    char shown[160] = "";
    if (message != NULL) {
        snprintf(shown, sizeof shown, "%s", message);
        for (char *p = shown; *p; p++)
            if (*p == '\n' || *p == '\r') *p = ' ';
    }
    if (g_problems[0] == '\0') {
        g_passed++;
        printf("ok   %s%s%s%s\n", name, message ? "  [message: " : "", shown, message ? "]" : "");
    } else {
        g_failed++;
        printf("FAIL %s: %s%s%s%s\n", name, g_problems, message ? "  [message: " : "", shown,
               message ? "]" : "");
    }
    g_problems[0] = '\0';
    fflush(stdout);
}

/* `names` is a NULL-terminated list of acceptable spellings of the field's name
 * (the C field and the API parameter); the message must contain one. */
static void expect_names_field(const char *message, const char *const *names) {
    if (message == NULL) {
        problem("no message");
        return;
    }
    for (const char *const *n = names; *n != NULL; n++)
        if (strstr(message, *n) != NULL) return;
    problem("message does not name the field (%s)", names[0]);
}

static void expect_no_secret(const char *text, const char *what) {
    if (text == NULL) return;
    if (strstr(text, SECRET) != NULL) problem("%s contains the access key secret", what);
    if (strstr(text, TOKEN) != NULL) problem("%s contains the security token", what);
}

/* ---- fixtures ------------------------------------------------------------------ */

static obb_client_config base_config(const char *endpoint) {
    obb_client_config config = OBB_CLIENT_CONFIG_INIT;
    config.endpoint = endpoint;
    config.protocol = OBB_PROTOCOL_HTTP;
    config.access_key_id = KEY_ID;
    config.access_key_secret = SECRET;
    config.security_token = TOKEN;
    config.connect_timeout_ms = 2000;
    config.read_timeout_ms = 2000;
    return config;
}

static const char *const k_one_number[] = {"95187"};

static obb_create_instance_request base_request(void) {
    obb_create_instance_request request = OBB_CREATE_INSTANCE_REQUEST_INIT;
    request.instance_name = "bad-input-test";
    request.max_concurrent_conversation = 4;
    request.calling_numbers = k_one_number;
    request.calling_number_count = 1;
    return request;
}

/* Field-name spellings. */
#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The first released (0.1.0) size of obb_client_config: up to user_agent_suffix.
 * The library must accept it and never read past it. */
#define CONFIG_FIRST_SIZE \
    (offsetof(obb_client_config, user_agent_suffix) + sizeof(const char *))

/* ---- obb_client_new ------------------------------------------------------------ */

static void ignore_log(void *user_data, int32_t level, const char *message) {
    (void)user_data;
    (void)level;
    (void)message;
}

static void expect_client_invalid(const char *name, const obb_client_config *config,
                                  const char *const *names) {
    static int sentinel;
    obb_client *client = (obb_client *)(void *)&sentinel; /* must be overwritten with NULL */
    char *error = NULL;
    obb_status status = obb_client_new(&client, config, &error);
    if (status != OBB_ERR_INVALID_ARGUMENT)
        problem("returned %s, not OBB_ERR_INVALID_ARGUMENT", obb_status_name(status));
    if (client == (obb_client *)(void *)&sentinel) problem("out_client not set to NULL");
    else if (client != NULL) {
        problem("a client was created");
        obb_client_free(client);
    }
    expect_names_field(error, names);
    expect_no_secret(error, "out_error");
    finish(name, error);
    obb_string_free(error);
}

static void test_client_config_init(void) {
    obb_status status = obb_client_config_init(NULL, sizeof(obb_client_config));
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    finish("obb_client_config_init(NULL)", NULL);

    /* Too small: rejected, and not one byte written past what the caller said. */
    size_t sizes[] = {0, 1, sizeof(uint32_t), CONFIG_FIRST_SIZE - 1};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        unsigned char buffer[sizeof(obb_client_config) + 16];
        memset(buffer, 0xAB, sizeof buffer);
        status = obb_client_config_init((obb_client_config *)(void *)buffer, sizes[i]);
        if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
        for (size_t b = sizes[i]; b < sizeof buffer; b++)
            if (buffer[b] != 0xAB) {
                problem("wrote byte %zu, past struct_size %zu", b, sizes[i]);
                break;
            }
        char name[96];
        snprintf(name, sizeof name, "obb_client_config_init(struct_size %zu)", sizes[i]);
        finish(name, NULL);
    }

    /* The valid call gives what OBB_CLIENT_CONFIG_INIT gives. */
    obb_client_config expected = OBB_CLIENT_CONFIG_INIT, got;
    memset(&got, 0xAB, sizeof got);
    status = obb_client_config_init(&got, sizeof got);
    if (status != OBB_OK) problem("returned %s", obb_status_name(status));
    /* struct_size is sizeof here and the end of the last field in the macro:
     * they differ by the struct's tail padding, and the library takes both. */
    if (got.struct_size < expected.struct_size || got.region != NULL || got.endpoint != NULL ||
        got.protocol != 0 || got.signature_version != 0 || got.access_key_id != NULL ||
        got.access_key_secret != NULL || got.security_token != NULL ||
        got.connect_timeout_ms != 0 || got.read_timeout_ms != 0 || got.ca_file != NULL ||
        got.user_agent_suffix != NULL || got.max_idle_connections != 0 || got.max_response_bytes != 0 ||
        got.credentials_source != 0 || got.ecs_metadata_timeout_ms != 0 || got.profile != NULL ||
        got.sts_endpoint != NULL || got.ecs_metadata_endpoint != NULL || got.ecs_role_name != NULL ||
        got.log_callback != NULL || got.log_user_data != NULL || got.log_level != 0 ||
        got.max_attempts != expected.max_attempts || got.retry_base_delay_ms != expected.retry_base_delay_ms ||
        got.retry_max_delay_ms != expected.retry_max_delay_ms || got.deadline_ms != 0 || got.proxy != NULL ||
        got.no_proxy != NULL || got.tls_min_version != 0)
        problem("the defaults differ from OBB_CLIENT_CONFIG_INIT");
    if (got.struct_size != sizeof got) problem("struct_size %u, not sizeof", (unsigned)got.struct_size);
    finish("obb_client_config_init(valid) == OBB_CLIENT_CONFIG_INIT", NULL);

    /* A 0.1.0 host's size: accepted, exactly that many bytes written. */
    {
        unsigned char buffer[sizeof(obb_client_config) + 16];
        memset(buffer, 0xAB, sizeof buffer);
        status = obb_client_config_init((obb_client_config *)(void *)buffer, CONFIG_FIRST_SIZE);
        if (status != OBB_OK) problem("returned %s", obb_status_name(status));
        for (size_t b = CONFIG_FIRST_SIZE; b < sizeof buffer; b++)
            if (buffer[b] != 0xAB) {
                problem("wrote byte %zu, past struct_size %zu", b, (size_t)CONFIG_FIRST_SIZE);
                break;
            }
        finish("obb_client_config_init(the 0.1.0 size) writes only that", NULL);
    }
}

static void test_client_new(void) {
    obb_client_config config = base_config(g_endpoint);
    char *error = NULL;

    /* out_client NULL: rejected, with a message. */
    obb_status status = obb_client_new(NULL, &config, &error);
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    expect_names_field(error, NAMES("out_client"));
    expect_no_secret(error, "out_error");
    finish("obb_client_new(out_client NULL)", error);
    obb_string_free(error);
    error = NULL;

    /* out_error NULL is allowed, on failure too. */
    obb_client *client = NULL;
    config.struct_size = 0;
    status = obb_client_new(&client, &config, NULL);
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    if (client != NULL) problem("a client was created");
    finish("obb_client_new(bad config, out_error NULL)", NULL);

    /* struct_size 0 and too small. */
    size_t sizes[] = {0, sizeof(uint32_t), CONFIG_FIRST_SIZE - 1};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        config = base_config(g_endpoint);
        config.struct_size = (uint32_t)sizes[i];
        char name[96];
        snprintf(name, sizeof name, "obb_client_new(struct_size %zu)", sizes[i]);
        expect_client_invalid(name, &config, NAMES("struct_size"));
    }

    /* Invalid UTF-8 in every string field. */
    static const char bad_utf8[] = "ok\xc3\x28ok";
    struct {
        const char *field;
        size_t offset;
        const char *api_name;
    } strings[] = {
        {"region", offsetof(obb_client_config, region), "RegionId"},
        {"endpoint", offsetof(obb_client_config, endpoint), "Endpoint"},
        {"access_key_id", offsetof(obb_client_config, access_key_id), "AccessKeyId"},
        {"access_key_secret", offsetof(obb_client_config, access_key_secret), "AccessKeySecret"},
        {"security_token", offsetof(obb_client_config, security_token), "SecurityToken"},
        {"ca_file", offsetof(obb_client_config, ca_file), "ca_file"},
        {"user_agent_suffix", offsetof(obb_client_config, user_agent_suffix), "user_agent_suffix"},
    };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        config = base_config(g_endpoint);
        const char **field = (const char **)(void *)((char *)&config + strings[i].offset);
        /* the secret fields carry the secret before the bad bytes: it must not leak */
        if (strcmp(strings[i].field, "access_key_secret") == 0) *field = SECRET "\xff";
        else if (strcmp(strings[i].field, "security_token") == 0) *field = TOKEN "\xc0\xaf";
        else *field = bad_utf8;
        char name[96];
        snprintf(name, sizeof name, "obb_client_new(invalid UTF-8 in %s)", strings[i].field);
        expect_client_invalid(name, &config, NAMES(strings[i].field, strings[i].api_name));
    }

    /* CR/LF in the values that become header lines (or the Host header). */
    struct {
        const char *field;
        size_t offset;
        const char *value;
    } crlf[] = {
        {"security_token", offsetof(obb_client_config, security_token), TOKEN "\r\nX-Evil: 1"},
        {"security_token", offsetof(obb_client_config, security_token), TOKEN "\nX-Evil: 1"},
        {"access_key_id", offsetof(obb_client_config, access_key_id), KEY_ID "\r\nX-Evil: 1"},
        {"access_key_id", offsetof(obb_client_config, access_key_id), KEY_ID "\rX"},
        {"user_agent_suffix", offsetof(obb_client_config, user_agent_suffix), "ua\r\nX-Evil: 1"},
        {"user_agent_suffix", offsetof(obb_client_config, user_agent_suffix), "ua\nX-Evil: 1"},
        {"endpoint", offsetof(obb_client_config, endpoint), "127.0.0.1:1\r\nX-Evil: 1"},
        {"endpoint", offsetof(obb_client_config, endpoint), "127.0.0.1\n"},
    };
    for (size_t i = 0; i < sizeof crlf / sizeof crlf[0]; i++) {
        config = base_config(g_endpoint);
        *(const char **)(void *)((char *)&config + crlf[i].offset) = crlf[i].value;
        char name[96];
        snprintf(name, sizeof name, "obb_client_new(%s in %s)",
                 strchr(crlf[i].value, '\r') ? (strchr(crlf[i].value, '\n') ? "CRLF" : "CR") : "LF",
                 crlf[i].field);
        expect_client_invalid(name, &config, NAMES(crlf[i].field));
    }

    /* Malformed endpoints, unknown enums. */
    const char *endpoints[] = {"127.0.0.1:99999", "127.0.0.1:abc", "exa mple.com"};
    for (size_t i = 0; i < sizeof endpoints / sizeof endpoints[0]; i++) {
        config = base_config(endpoints[i]);
        char name[96];
        snprintf(name, sizeof name, "obb_client_new(endpoint \"%s\")", endpoints[i]);
        expect_client_invalid(name, &config, NAMES("endpoint"));
    }
    int32_t protocols[] = {2, -1, INT32_MAX};
    for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++) {
        config = base_config(g_endpoint);
        config.protocol = protocols[i];
        char name[96];
        snprintf(name, sizeof name, "obb_client_new(protocol %d)", (int)protocols[i]);
        expect_client_invalid(name, &config, NAMES("protocol"));
    }
    int32_t signatures[] = {2, -1};
    for (size_t i = 0; i < sizeof signatures / sizeof signatures[0]; i++) {
        config = base_config(g_endpoint);
        config.signature_version = signatures[i];
        char name[96];
        snprintf(name, sizeof name, "obb_client_new(signature_version %d)", (int)signatures[i]);
        expect_client_invalid(name, &config, NAMES("signature_version"));
    }

    /* The 0.3.0 credential fields: unknown enums, ranges, bad strings. */
    int32_t sources[] = {9, -1, INT32_MIN};
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        config = base_config(g_endpoint);
        config.credentials_source = sources[i];
        char name[96];
        snprintf(name, sizeof name, "obb_client_new(credentials_source %d)", (int)sources[i]);
        expect_client_invalid(name, &config, NAMES("credentials_source"));
    }
    int32_t levels[] = {5, -1};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        config = base_config(g_endpoint);
        config.log_callback = ignore_log;
        config.log_level = levels[i];
        char name[96];
        snprintf(name, sizeof name, "obb_client_new(log_level %d)", (int)levels[i]);
        expect_client_invalid(name, &config, NAMES("log_level"));
    }
    /* The retry policy and network fields (0.4.0): each out-of-range value is named. */
    struct { const char *field; int32_t attempts; int64_t base, max, deadline; int32_t tls; } policies[] = {
        {"max_attempts", 0, 200, 5000, 0, 0},
        {"max_attempts", 101, 200, 5000, 0, 0},
        {"max_attempts", -1, 200, 5000, 0, 0},
        {"retry_base_delay_ms", 3, -1, 5000, 0, 0},
        {"retry_base_delay_ms", 3, INT64_MAX, 5000, 0, 0},
        {"retry_max_delay_ms", 3, 200, 100, 0, 0},
        {"retry_max_delay_ms", 3, 200, (int64_t)1 << 40, 0, 0},
        {"deadline_ms", 3, 200, 5000, -5, 0},
        {"deadline_ms", 3, 200, 5000, (int64_t)1000000000000, 0},
        {"tls_min_version", 3, 200, 5000, 0, 7},
    };
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++) {
        config = base_config(g_endpoint);
        config.max_attempts = policies[i].attempts;
        config.retry_base_delay_ms = policies[i].base;
        config.retry_max_delay_ms = policies[i].max;
        config.deadline_ms = policies[i].deadline;
        config.tls_min_version = policies[i].tls;
        char name[128];
        snprintf(name, sizeof name, "obb_client_new(%s out of range #%zu)", policies[i].field, i);
        expect_client_invalid(name, &config, NAMES(policies[i].field));
    }
    config = base_config(g_endpoint);
    config.proxy = "http://127.0.0.1:1\r\nX-Injected: 1";
    expect_client_invalid("obb_client_new(proxy with CR/LF)", &config, NAMES("proxy"));
    uint32_t budgets[] = {60001, UINT32_MAX};
    for (size_t i = 0; i < sizeof budgets / sizeof budgets[0]; i++) {
        config = base_config(g_endpoint);
        config.ecs_metadata_timeout_ms = budgets[i];
        char name[96];
        snprintf(name, sizeof name, "obb_client_new(ecs_metadata_timeout_ms %u)", (unsigned)budgets[i]);
        expect_client_invalid(name, &config, NAMES("ecs_metadata_timeout_ms"));
    }
    struct {
        const char *field;
        size_t offset;
        const char *value;
    } credential_strings[] = {
        {"profile", offsetof(obb_client_config, profile), "ok\xc3\x28ok"},
        {"profile", offsetof(obb_client_config, profile), ""},
        {"profile", offsetof(obb_client_config, profile), "a\nb"},
        {"sts_endpoint", offsetof(obb_client_config, sts_endpoint), "127.0.0.1:99999"},
        {"ecs_metadata_endpoint", offsetof(obb_client_config, ecs_metadata_endpoint), "exa mple"},
        {"ecs_role_name", offsetof(obb_client_config, ecs_role_name), "a/b"},
        {"ecs_role_name", offsetof(obb_client_config, ecs_role_name), ""},
    };
    for (size_t i = 0; i < sizeof credential_strings / sizeof credential_strings[0]; i++) {
        config = base_config(g_endpoint);
        *(const char **)(void *)((char *)&config + credential_strings[i].offset) = credential_strings[i].value;
        char name[128];
        snprintf(name, sizeof name, "obb_client_new(bad %s #%zu)", credential_strings[i].field, i);
        expect_client_invalid(name, &config, NAMES(credential_strings[i].field));
    }
    /* The static source without a key is a credentials error that says so. */
    {
        config = base_config(g_endpoint);
        config.access_key_id = NULL;
        config.access_key_secret = NULL;
        config.security_token = NULL;
        config.credentials_source = OBB_CREDENTIALS_STATIC;
        obb_client *none = NULL;
        status = obb_client_new(&none, &config, &error);
        if (status != OBB_ERR_CREDENTIALS) problem("returned %s, not OBB_ERR_CREDENTIALS", obb_status_name(status));
        if (none != NULL) { problem("a client was created"); obb_client_free(none); }
        if (error == NULL || strstr(error, "access_key_id") == NULL) problem("message does not name access_key_id");
        finish("obb_client_new(OBB_CREDENTIALS_STATIC without a key)", error);
        obb_string_free(error);
        error = NULL;
    }

    /* A 0.1.0 host's config, in an allocation of exactly its size: accepted, and
     * (under AddressSanitizer or valgrind) not one byte read past it. */
    {
        obb_client_config full = base_config(g_endpoint);
        obb_client_config *old = malloc(CONFIG_FIRST_SIZE);
        if (old == NULL) abort();
        memcpy(old, &full, CONFIG_FIRST_SIZE);
        old->struct_size = (uint32_t)CONFIG_FIRST_SIZE;
        obb_client *client_old = NULL;
        status = obb_client_new(&client_old, old, &error);
        if (status != OBB_OK) problem("returned %s: %s", obb_status_name(status), error ? error : "");
        finish("obb_client_new(a 0.1.0-sized config, nothing past it)", error);
        obb_string_free(error);
        error = NULL;
        obb_client_free(client_old);
        free(old);
    }
}

/* ---- obb_create_instance ------------------------------------------------------- */

static void expect_create_invalid(const char *name, obb_client *client,
                                  const obb_create_instance_request *request,
                                  const char *const *names) {
    obb_create_instance_result *result = NULL;
    obb_status status = obb_create_instance(client, request, &result);
    if (status != OBB_ERR_INVALID_ARGUMENT)
        problem("returned %s, not OBB_ERR_INVALID_ARGUMENT", obb_status_name(status));
    const char *message = NULL;
    if (result == NULL) {
        problem("no result");
    } else {
        if (result->status != status)
            problem("result->status %s differs from the return value",
                    obb_status_name(result->status));
        if (result->attempts != 0) problem("%u attempts: something was sent", result->attempts);
        if (result->http_status != 0) problem("http_status %d", (int)result->http_status);
        if (result->code == NULL || result->message == NULL || result->request_id == NULL ||
            result->body == NULL)
            problem("a NULL string in the result");
        if (result->success != 0) problem("success is %d", (int)result->success);
        if (result->has_instance != 0) problem("has_instance is %d", (int)result->has_instance);
        message = result->message;
        expect_names_field(message, names);
        expect_no_secret(result->message, "message");
        expect_no_secret(result->code, "code");
        expect_no_secret(result->body, "body");
    }
    finish(name, message);
    obb_create_instance_result_free(result);
}

/* A valid boundary value sent where nothing listens: validation must let it
 * through (a network failure, one attempt), not reject it. */
static void expect_create_attempted(const char *name, obb_client *dead_client,
                                    const obb_create_instance_request *request) {
    obb_create_instance_result *result = NULL;
    obb_status status = obb_create_instance(dead_client, request, &result);
    if (status == OBB_ERR_INVALID_ARGUMENT || status == OBB_OK)
        problem("returned %s, expected a network failure", obb_status_name(status));
    if (result == NULL) problem("no result");
    else {
        if (result->status != status) problem("result->status differs from the return value");
        if (result->attempts < 1) problem("no attempt was made");
        expect_no_secret(result->message, "message");
    }
    finish(name, result ? result->message : NULL);
    obb_create_instance_result_free(result);
}

static char *repeat(const char *unit, size_t count) {
    size_t length = strlen(unit);
    char *text = malloc(length * count + 1);
    if (text == NULL) abort();
    for (size_t i = 0; i < count; i++) memcpy(text + i * length, unit, length);
    text[length * count] = '\0';
    return text;
}

static void test_create_instance(obb_client *client, obb_client *dead_client) {
    obb_create_instance_request request = base_request();
    char name[128];

    /* NULL pointers. */
    obb_status status = obb_create_instance(client, &request, NULL);
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    finish("obb_create_instance(out_result NULL)", NULL);
    expect_create_invalid("obb_create_instance(client NULL)", NULL, &request, NAMES("client"));
    expect_create_invalid("obb_create_instance(request NULL)", client, NULL, NAMES("request"));

    /* struct_size 0 and too small. */
    size_t sizes[] = {0, sizeof(uint32_t), sizeof(obb_create_instance_request) - 1};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        request = base_request();
        request.struct_size = (uint32_t)sizes[i];
        snprintf(name, sizeof name, "obb_create_instance(struct_size %zu)", sizes[i]);
        expect_create_invalid(name, client, &request, NAMES("struct_size"));
    }

    /* Invalid UTF-8: several malformations in instance_name, one in every other field. */
    struct {
        const char *label;
        const char *bytes;
    } malformed[] = {
        {"a lone 0xFF", "x\xffy"},
        {"an unexpected continuation byte", "x\x80y"},
        {"a truncated sequence", "\xe5\xae"},
        {"an overlong '/'", "\xc0\xaf"},
        {"a UTF-16 surrogate", "\xed\xa0\x80"},
        {"a code point past U+10FFFF", "\xf4\x90\x80\x80"},
    };
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
        request = base_request();
        request.instance_name = malformed[i].bytes;
        snprintf(name, sizeof name, "obb_create_instance(instance_name with %s)", malformed[i].label);
        expect_create_invalid(name, client, &request, NAMES("instance_name", "InstanceName"));
    }
    static const char bad_utf8[] = "ok\xc3\x28ok";
    request = base_request();
    request.instance_description = bad_utf8;
    expect_create_invalid("obb_create_instance(invalid UTF-8 in instance_description)", client,
                          &request, NAMES("instance_description", "InstanceDescription"));
    request = base_request();
    request.nlu_service_type = bad_utf8;
    expect_create_invalid("obb_create_instance(invalid UTF-8 in nlu_service_type)", client,
                          &request, NAMES("nlu_service_type", "NluServiceType"));
    request = base_request();
    request.resource_group_id = bad_utf8;
    expect_create_invalid("obb_create_instance(invalid UTF-8 in resource_group_id)", client,
                          &request, NAMES("resource_group_id", "ResourceGroupId"));
    for (size_t bad = 0; bad < 3; bad++) {
        const char *numbers[3] = {"95187", "95188", "95189"};
        numbers[bad] = bad_utf8;
        request = base_request();
        request.calling_numbers = numbers;
        request.calling_number_count = 3;
        snprintf(name, sizeof name, "obb_create_instance(invalid UTF-8 in calling_numbers[%zu])", bad);
        expect_create_invalid(name, client, &request, NAMES("calling_number", "CallingNumber"));
    }

    /* instance_name: empty, over-long (in characters), NULL. */
    request = base_request();
    request.instance_name = "";
    expect_create_invalid("obb_create_instance(instance_name \"\")", client, &request,
                          NAMES("instance_name", "InstanceName"));
    request = base_request();
    request.instance_name = NULL;
    expect_create_invalid("obb_create_instance(instance_name NULL)", client, &request,
                          NAMES("instance_name", "InstanceName"));
    char *long_ascii = repeat("a", 257), *long_chinese = repeat("实", 257);
    request = base_request();
    request.instance_name = long_ascii;
    expect_create_invalid("obb_create_instance(instance_name of 257 ASCII characters)", client,
                          &request, NAMES("instance_name", "InstanceName"));
    request.instance_name = long_chinese;
    expect_create_invalid("obb_create_instance(instance_name of 257 Chinese characters)", client,
                          &request, NAMES("instance_name", "InstanceName"));
    /* 256 characters is allowed, however many bytes they take. */
    long_ascii[256] = '\0';
    request.instance_name = long_ascii;
    expect_create_attempted("obb_create_instance(instance_name of 256 ASCII characters) is sent",
                            dead_client, &request);
    long_chinese[256 * strlen("实")] = '\0';
    request.instance_name = long_chinese;
    expect_create_attempted("obb_create_instance(instance_name of 256 Chinese characters) is sent",
                            dead_client, &request);
    free(long_ascii);
    free(long_chinese);

    /* max_concurrent_conversation outside 1..2147483647. */
    int64_t out_of_range[] = {0, -1, 2147483648LL, INT64_MIN, INT64_MAX};
    for (size_t i = 0; i < sizeof out_of_range / sizeof out_of_range[0]; i++) {
        request = base_request();
        request.max_concurrent_conversation = out_of_range[i];
        snprintf(name, sizeof name, "obb_create_instance(max_concurrent_conversation %lld)",
                 (long long)out_of_range[i]);
        expect_create_invalid(name, client, &request,
                              NAMES("max_concurrent_conversation", "MaxConcurrentConversation"));
    }
    int64_t in_range[] = {1, 2147483647LL};
    for (size_t i = 0; i < sizeof in_range / sizeof in_range[0]; i++) {
        request = base_request();
        request.max_concurrent_conversation = in_range[i];
        snprintf(name, sizeof name, "obb_create_instance(max_concurrent_conversation %lld) is sent",
                 (long long)in_range[i]);
        expect_create_attempted(name, dead_client, &request);
    }

    /* calling numbers: NULL array with a count, NULL entry, too many. */
    request = base_request();
    request.calling_numbers = NULL;
    request.calling_number_count = 2;
    expect_create_invalid("obb_create_instance(calling_number_count 2, calling_numbers NULL)",
                          client, &request, NAMES("calling_number", "CallingNumber"));
    const char *with_null[] = {"95187", NULL, "95189"};
    request = base_request();
    request.calling_numbers = with_null;
    request.calling_number_count = 3;
    expect_create_invalid("obb_create_instance(calling_numbers[1] NULL)", client, &request,
                          NAMES("calling_number", "CallingNumber"));
    const char **many = malloc(1001 * sizeof *many);
    if (many == NULL) abort();
    for (size_t i = 0; i < 1001; i++) many[i] = "95187";
    request = base_request();
    request.calling_numbers = many;
    request.calling_number_count = 1001;
    expect_create_invalid("obb_create_instance(calling_number_count 1001)", client, &request,
                          NAMES("calling_number", "CallingNumber"));
    request.calling_number_count = 1000;
    expect_create_attempted("obb_create_instance(calling_number_count 1000) is sent", dead_client,
                            &request);
    request.calling_number_count = SIZE_MAX;
    expect_create_invalid("obb_create_instance(calling_number_count SIZE_MAX)", client, &request,
                          NAMES("calling_number", "CallingNumber"));
    free(many);

    /* CR/LF in request values (the header rejects them in any value). */
    request = base_request();
    request.instance_name = "name\r\nX-Evil: 1";
    expect_create_invalid("obb_create_instance(CRLF in instance_name)", client, &request,
                          NAMES("instance_name", "InstanceName"));
    request = base_request();
    request.resource_group_id = "rg\nX";
    expect_create_invalid("obb_create_instance(LF in resource_group_id)", client, &request,
                          NAMES("resource_group_id", "ResourceGroupId"));
}

/* ---- responses: the checks every failed call's response must pass ------------------ */

/* A call refused at the boundary: OBB_ERR_INVALID_ARGUMENT, a response with the
 * same status, nothing sent (no attempt, no HTTP status, no body, no code), a
 * message naming the field, no secret. The response is freed. */
static void expect_response_invalid(const char *name, obb_status status, obb_response *response,
                                    const char *const *names) {
    if (status != OBB_ERR_INVALID_ARGUMENT)
        problem("returned %s, not OBB_ERR_INVALID_ARGUMENT", obb_status_name(status));
    const char *message = NULL;
    if (response == NULL) {
        problem("no response");
    } else {
        if (obb_response_status(response) != status)
            problem("response status %s differs from the return value",
                    obb_status_name(obb_response_status(response)));
        if (obb_response_attempts(response) != 0)
            problem("%u attempts: something was sent", obb_response_attempts(response));
        if (obb_response_http_status(response) != 0)
            problem("http_status %d", (int)obb_response_http_status(response));
        if (obb_response_success(response) != 0) problem("success is set");
        size_t length = 99;
        const char *body = obb_response_body(response, &length);
        if (body == NULL || length != 0 || body[0] != '\0') problem("a body");
        if (obb_response_code(response) == NULL || obb_response_code(response)[0] != '\0')
            problem("a code");
        if (obb_response_request_id(response) == NULL || obb_response_request_id(response)[0] != '\0')
            problem("a request id");
        message = obb_response_message(response);
        expect_names_field(message, names);
        expect_no_secret(message, "message");
    }
    finish(name, message);
    obb_response_free(response);
}

static void expect_call_invalid(const char *name, obb_client *client, const char *action,
                                const char *json, const char *const *names) {
    obb_response *response = NULL;
    obb_status status = obb_call(client, action, json, &response);
    expect_response_invalid(name, status, response, names);
}

/* A function that returns only a status: OBB_ERR_INVALID_ARGUMENT, and the
 * thread's last error message names the field. */
static void expect_status_invalid(const char *name, obb_status status, const char *const *names) {
    if (status != OBB_ERR_INVALID_ARGUMENT)
        problem("returned %s, not OBB_ERR_INVALID_ARGUMENT", obb_status_name(status));
    const char *message = obb_last_error_message();
    expect_names_field(message, names);
    expect_no_secret(message, "obb_last_error_message");
    finish(name, message);
}

/* ---- obb_call -------------------------------------------------------------------------- */

static void test_call(obb_client *client) {
    char name[160];

    obb_status status = obb_call(client, "ListInstances", NULL, NULL);
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    finish("obb_call(out_response NULL)", NULL);
    expect_call_invalid("obb_call(client NULL)", NULL, "ListInstances", NULL, NAMES("client"));

    /* The action. */
    expect_call_invalid("obb_call(action NULL)", client, NULL, NULL, NAMES("action"));
    expect_call_invalid("obb_call(action \"\")", client, "", NULL, NAMES("action"));
    expect_call_invalid("obb_call(action with invalid UTF-8)", client, "List\xffInstances", NULL,
                        NAMES("action"));
    expect_call_invalid("obb_call(action with CRLF)", client, "ListInstances\r\nX: 1", NULL,
                        NAMES("action"));
    expect_call_invalid("obb_call(unknown action ListInstance): suggests ListInstances", client,
                        "ListInstance", NULL, NAMES("ListInstances"));
    expect_call_invalid("obb_call(unknown action listinstances): suggests ListInstances", client,
                        "listinstances", NULL, NAMES("ListInstances"));
    expect_call_invalid("obb_call(unknown action Frobnicate)", client, "Frobnicate", NULL,
                        NAMES("Frobnicate"));
    char *long_action = repeat("A", 100000);
    expect_call_invalid("obb_call(action of 100000 bytes)", client, long_action, NULL, NAMES("action"));
    free(long_action);

    /* Malformed JSON and JSON that is not an object. */
    const char *malformed[] = {"{", "{\"PageSize\":}", "{\"PageSize\" 1}", "{'PageSize':1}",
                               "{} trailing", "nul", "{\"a\":\"\xff\"}",
                               "{\"a\":\"x\x01y\"}", " "};
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
        snprintf(name, sizeof name, "obb_call(malformed params_json #%zu)", i);
        expect_call_invalid(name, client, "ListInstances", malformed[i], NAMES("params_json"));
    }
    const char *not_object[] = {"[1,2]", "\"x\"", "42", "true", "null"};
    for (size_t i = 0; i < sizeof not_object / sizeof not_object[0]; i++) {
        snprintf(name, sizeof name, "obb_call(params_json %s: not an object)", not_object[i]);
        expect_call_invalid(name, client, "ListInstances", not_object[i], NAMES("params_json"));
    }
    char *deep = malloc(200002);
    if (deep == NULL) abort();
    memset(deep, '[', 100000);
    memset(deep + 100000, ']', 100000);
    deep[200000] = '\0';
    expect_call_invalid("obb_call(params_json nested 100000 deep)", client, "ListInstances", deep,
                        NAMES("params_json"));
    free(deep);

    /* Unknown parameters: the nearest known name is suggested. */
    expect_call_invalid("obb_call(DescribeInstance InstanceID): suggests InstanceId", client,
                        "DescribeInstance", "{\"InstanceID\":\"i-1\"}", NAMES("InstanceId"));
    expect_call_invalid("obb_call(ListInstances PageSzie): suggests PageSize", client,
                        "ListInstances", "{\"PageSzie\":10}", NAMES("PageSize"));
    expect_call_invalid("obb_call(ListInstances Tag[0].Kex): suggests Key", client, "ListInstances",
                        "{\"Tag\":[{\"Kex\":\"k\"}]}", NAMES("Key"));
    expect_call_invalid("obb_call(CreateBeebotIntent IntentDefinition.IntentNmae)", client,
                        "CreateBeebotIntent",
                        "{\"InstanceId\":\"i\",\"ScriptId\":\"s\",\"IntentDefinition\":{\"IntentNmae\":\"x\"}}",
                        NAMES("IntentName"));

    /* Missing required parameters, and null counted as missing. */
    expect_call_invalid("obb_call(DescribeInstance without InstanceId)", client, "DescribeInstance",
                        NULL, NAMES("InstanceId"));
    expect_call_invalid("obb_call(DescribeInstance, InstanceId null)", client, "DescribeInstance",
                        "{\"InstanceId\":null}", NAMES("InstanceId"));
    expect_call_invalid("obb_call(CreateJobGroup without JobGroupName)", client, "CreateJobGroup",
                        "{\"InstanceId\":\"i-1\"}", NAMES("JobGroupName"));
    expect_call_invalid("obb_call(CreateBeebotIntent, IntentDefinition without IntentName)", client,
                        "CreateBeebotIntent",
                        "{\"InstanceId\":\"i\",\"ScriptId\":\"s\",\"IntentDefinition\":{\"AliasName\":\"a\"}}",
                        NAMES("IntentName"));

    /* Wrong types. */
    struct {
        const char *action, *json, *field;
    } wrong[] = {
        {"DescribeInstance", "{\"InstanceId\":5}", "InstanceId"},
        {"DescribeInstance", "{\"InstanceId\":[\"i-1\"]}", "InstanceId"},
        {"DescribeInstance", "{\"InstanceId\":{\"a\":1}}", "InstanceId"},
        {"ListInstances", "{\"PageSize\":\"10\"}", "PageSize"},
        {"ListInstances", "{\"PageSize\":1.5}", "PageSize"},
        {"ListInstances", "{\"PageSize\":true}", "PageSize"},
        {"ListInstances", "{\"Tag\":{\"Key\":\"k\"}}", "Tag"},
        {"ListInstances", "{\"Tag\":[\"k\"]}", "Tag"},
        {"ModifyInstance", "{\"InstanceId\":\"i\",\"MaxConcurrentConversation\":1,\"CallingNumber\":\"95187\"}",
         "CallingNumber"},
        {"ModifyInstance", "{\"InstanceId\":\"i\",\"MaxConcurrentConversation\":1,\"CallingNumber\":[1]}",
         "CallingNumber"},
        {"ModifyInstance", "{\"InstanceId\":\"i\",\"MaxConcurrentConversation\":1,\"CallingNumber\":[null]}",
         "CallingNumber"},
        {"CreateJobGroup", "{\"InstanceId\":\"i\",\"JobGroupName\":\"g\",\"MinConcurrency\":\"1\"}",
         "MinConcurrency"},
        {"CreateBeebotIntent", "{\"InstanceId\":\"i\",\"ScriptId\":\"s\",\"IntentDefinition\":\"x\"}",
         "IntentDefinition"},
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        snprintf(name, sizeof name, "obb_call(%s %s: wrong type)", wrong[i].action, wrong[i].json);
        expect_call_invalid(name, client, wrong[i].action, wrong[i].json, NAMES(wrong[i].field));
    }

    /* Integers out of range. */
    const char *range[] = {"{\"PageSize\":2147483648}", "{\"PageSize\":-2147483649}",
                           "{\"PageSize\":9223372036854775807}", "{\"PageSize\":9223372036854775808}",
                           "{\"PageSize\":1e300}", "{\"PageNumber\":-99999999999999999999}"};
    for (size_t i = 0; i < sizeof range / sizeof range[0]; i++) {
        snprintf(name, sizeof name, "obb_call(ListInstances %s: out of range)", range[i]);
        expect_call_invalid(name, client, "ListInstances", range[i], NAMES("PageSize", "PageNumber"));
    }

    /* CR, LF and NUL in ids and names; invalid UTF-8 escaped in JSON. */
    const char *lines[] = {"{\"InstanceId\":\"i-1\\r\\nX-Evil: 1\"}", "{\"InstanceId\":\"i-1\\n\"}",
                           "{\"InstanceId\":\"i\\u0000d\"}", "{\"InstanceId\":\"\\ud800\"}"};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        snprintf(name, sizeof name, "obb_call(DescribeInstance %s)", lines[i]);
        expect_call_invalid(name, client, "DescribeInstance", lines[i], NAMES("InstanceId", "params_json"));
    }
}

/* ---- obb_params --------------------------------------------------------------------------- */

static void expect_call_params_invalid(const char *name, obb_client *client, const char *action,
                                       const obb_params *params, const char *const *names) {
    obb_response *response = NULL;
    obb_status status = obb_call_params(client, action, params, &response);
    expect_response_invalid(name, status, response, names);
}

static void test_params(obb_client *client) {
    static const char bad_utf8[] = "ok\xc3\x28ok";
    obb_status status = obb_params_new(NULL);
    expect_status_invalid("obb_params_new(NULL)", status, NAMES("out_params"));

    /* NULL builder. */
    expect_status_invalid("obb_params_add_string(params NULL)",
                          obb_params_add_string(NULL, "InstanceId", "i"), NAMES("params"));
    expect_status_invalid("obb_params_add_int(params NULL)", obb_params_add_int(NULL, "PageSize", 1),
                          NAMES("params"));
    expect_status_invalid("obb_params_add_bool(params NULL)", obb_params_add_bool(NULL, "X", 1),
                          NAMES("params"));
    expect_status_invalid("obb_params_add_string_list(params NULL)",
                          obb_params_add_string_list(NULL, "CallingNumber", k_one_number, 1), NAMES("params"));
    int64_t ints[] = {1, 2};
    expect_status_invalid("obb_params_add_int_list(params NULL)",
                          obb_params_add_int_list(NULL, "X", ints, 2), NAMES("params"));
    expect_status_invalid("obb_params_add_json(params NULL)", obb_params_add_json(NULL, "X", "{}"),
                          NAMES("params"));

    /* Each failure on a fresh builder: the add's status and message, and then the
     * call with that builder fails with it too, sending nothing. */
    struct {
        const char *label;
        const char *field;
        int kind;
    } cases[] = {
        {"add_string(name NULL)", "name", 0},
        {"add_string(name \"\")", "name", 1},
        {"add_string(name with invalid UTF-8)", "name", 2},
        {"add_string(value NULL)", "InstanceId", 3},
        {"add_string(value with invalid UTF-8)", "InstanceId", 4},
        {"add_string(the secret, then invalid UTF-8)", "InstanceId", 5},
        {"add_string_list(values NULL, count 2)", "CallingNumber", 6},
        {"add_string_list(a NULL entry)", "CallingNumber", 7},
        {"add_string_list(an entry with invalid UTF-8)", "CallingNumber", 8},
        {"add_string_list(count SIZE_MAX)", "CallingNumber", 9},
        {"add_string_list(count 10001)", "CallingNumber", 10},
        {"add_int_list(values NULL, count 3)", "JobId", 11},
        {"add_int_list(count SIZE_MAX)", "JobId", 12},
        {"add_json(malformed)", "IntentDefinition", 13},
        {"add_json(invalid UTF-8)", "IntentDefinition", 14},
        {"add_json(NULL)", "IntentDefinition", 15},
        {"add_json(\"\")", "IntentDefinition", 16},
        {"add_int(name NULL)", "name", 17},
        {"add_bool(name with invalid UTF-8)", "name", 18},
    };
    const char *with_null[] = {"95187", NULL};
    const char *with_bad[] = {"95187", bad_utf8};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        obb_params *params = NULL;
        if (obb_params_new(&params) != OBB_OK || params == NULL) abort();
        /* a valid parameter first: the failure must not be lost behind it */
        if (obb_params_add_string(params, "InstanceId", "i-1") != OBB_OK) problem("a valid add failed");
        switch (cases[i].kind) {
        case 0: status = obb_params_add_string(params, NULL, "x"); break;
        case 1: status = obb_params_add_string(params, "", "x"); break;
        case 2: status = obb_params_add_string(params, bad_utf8, "x"); break;
        case 3: status = obb_params_add_string(params, "InstanceId", NULL); break;
        case 4: status = obb_params_add_string(params, "InstanceId", bad_utf8); break;
        case 5: status = obb_params_add_string(params, "InstanceId", SECRET "\xff"); break;
        case 6: status = obb_params_add_string_list(params, "CallingNumber", NULL, 2); break;
        case 7: status = obb_params_add_string_list(params, "CallingNumber", with_null, 2); break;
        case 8: status = obb_params_add_string_list(params, "CallingNumber", with_bad, 2); break;
        case 9: status = obb_params_add_string_list(params, "CallingNumber", k_one_number, SIZE_MAX); break;
        case 10: status = obb_params_add_string_list(params, "CallingNumber", k_one_number, 10001); break;
        case 11: status = obb_params_add_int_list(params, "JobId", NULL, 3); break;
        case 12: status = obb_params_add_int_list(params, "JobId", ints, SIZE_MAX); break;
        case 13: status = obb_params_add_json(params, "IntentDefinition", "{\"IntentName\":"); break;
        case 14: status = obb_params_add_json(params, "IntentDefinition", "{\"IntentName\":\"\xff\"}"); break;
        case 15: status = obb_params_add_json(params, "IntentDefinition", NULL); break;
        case 16: status = obb_params_add_json(params, "IntentDefinition", ""); break;
        case 17: status = obb_params_add_int(params, NULL, 1); break;
        default: status = obb_params_add_bool(params, bad_utf8, 1); break;
        }
        char name[160];
        snprintf(name, sizeof name, "obb_params_%s", cases[i].label);
        expect_status_invalid(name, status, NAMES(cases[i].field));
        snprintf(name, sizeof name, "obb_call_params after a failed obb_params_%s", cases[i].label);
        expect_call_params_invalid(name, client, "DescribeInstance", params, NAMES(cases[i].field));
        obb_params_free(params);
    }

    /* Valid builders whose parameters the call refuses (against the action). */
    obb_params *params = NULL;
    if (obb_params_new(&params) != OBB_OK) abort();
    expect_call_params_invalid("obb_call_params(DescribeInstance, params NULL)", client,
                               "DescribeInstance", NULL, NAMES("InstanceId"));
    expect_call_params_invalid("obb_call_params(DescribeInstance, empty params)", client,
                               "DescribeInstance", params, NAMES("InstanceId"));
    obb_params_add_string(params, "InstanceID", "i-1");
    expect_call_params_invalid("obb_call_params(InstanceID): suggests InstanceId", client,
                               "DescribeInstance", params, NAMES("InstanceId"));
    obb_params_free(params);

    struct {
        const char *label, *field;
        int kind;
    } refused[] = {
        {"ListInstances PageSize as a string", "PageSize", 0},
        {"ListInstances PageSize 2^40", "PageSize", 1},
        {"ListInstances PageSize INT64_MIN", "PageSize", 2},
        {"ListInstances PageSize as a bool", "PageSize", 3},
        {"ListInstances Name as an int", "Name", 4},
        {"ListInstances Tag as a string list", "Tag", 5},
        {"ListInstances Tag with an unknown field", "Kye", 6},
        {"DescribeInstance InstanceId with CRLF", "InstanceId", 7},
        {"ModifyInstance CallingNumber as an int list", "CallingNumber", 8},
        {"ModifyInstance without MaxConcurrentConversation", "MaxConcurrentConversation", 9},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        const char *action = "ListInstances";
        if (obb_params_new(&params) != OBB_OK) abort();
        switch (refused[i].kind) {
        case 0: status = obb_params_add_string(params, "PageSize", "10"); break;
        case 1: status = obb_params_add_int(params, "PageSize", (int64_t)1 << 40); break;
        case 2: status = obb_params_add_int(params, "PageSize", INT64_MIN); break;
        case 3: status = obb_params_add_bool(params, "PageSize", 1); break;
        case 4: status = obb_params_add_int(params, "Name", 7); break;
        case 5: status = obb_params_add_string_list(params, "Tag", k_one_number, 1); break;
        case 6: status = obb_params_add_json(params, "Tag", "[{\"Kye\":\"k\",\"Value\":\"v\"}]"); break;
        case 7:
            action = "DescribeInstance";
            status = obb_params_add_string(params, "InstanceId", "i-1\r\nX-Evil: 1");
            break;
        case 8:
            action = "ModifyInstance";
            obb_params_add_string(params, "InstanceId", "i-1");
            obb_params_add_int(params, "MaxConcurrentConversation", 2);
            status = obb_params_add_int_list(params, "CallingNumber", ints, 2);
            break;
        default:
            action = "ModifyInstance";
            status = obb_params_add_string(params, "InstanceId", "i-1");
            break;
        }
        if (status != OBB_OK) problem("the add itself failed: %s", obb_status_name(status));
        char name[160];
        snprintf(name, sizeof name, "obb_call_params(%s)", refused[i].label);
        expect_call_params_invalid(name, client, action, params, NAMES(refused[i].field));
        obb_params_free(params);
    }

    /* A name added again replaces its value: the second, valid value is the one checked. */
    if (obb_params_new(&params) != OBB_OK) abort();
    obb_params_add_string(params, "PageSize", "ten");
    obb_params_add_int(params, "PageSize", 10);
    obb_params_add_string(params, "InstanceId", "not a ListInstances parameter");
    expect_call_params_invalid("obb_call_params(a replaced value; then an unknown parameter)", client,
                               "ListInstances", params, NAMES("InstanceId"));
    obb_params_free(params);

    status = obb_call_params(client, "ListInstances", NULL, NULL);
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    finish("obb_call_params(out_response NULL)", NULL);
    expect_call_params_invalid("obb_call_params(client NULL)", NULL, "ListInstances", NULL, NAMES("client"));
    expect_call_params_invalid("obb_call_params(action NULL)", client, NULL, NULL, NAMES("action"));
}

/* ---- obb_pager ------------------------------------------------------------------------------ */

static void expect_pager_invalid(const char *name, obb_status status, obb_pager *pager, char *error,
                                 const char *const *names) {
    if (status != OBB_ERR_INVALID_ARGUMENT)
        problem("returned %s, not OBB_ERR_INVALID_ARGUMENT", obb_status_name(status));
    if (pager != NULL) {
        problem("a pager was made");
        obb_pager_free(pager);
    }
    expect_names_field(error, names);
    expect_no_secret(error, "out_error");
    finish(name, error);
    obb_string_free(error);
}

static void test_pager(obb_client *client, obb_client *dead_client) {
    static int sentinel;
    obb_pager *pager = NULL;
    char *error = NULL;

    obb_status status = obb_pager_new(client, "ListInstances", NULL, NULL, &error);
    expect_pager_invalid("obb_pager_new(out_pager NULL)", status, NULL, error, NAMES("out_pager"));

    struct {
        const char *label;
        obb_client *client;
        const char *action, *json, *field;
    } cases[] = {
        {"client NULL", NULL, "ListInstances", NULL, "client"},
        {"action NULL", client, NULL, NULL, "action"},
        {"unknown action ListInstance", client, "ListInstance", NULL, "ListInstances"},
        {"CreateInstance, which does not page", client, "CreateInstance", NULL, "CreateInstance"},
        {"DescribeInstance, which does not page", client, "DescribeInstance", "{\"InstanceId\":\"i\"}",
         "DescribeInstance"},
        {"malformed params_json", client, "ListInstances", "{\"PageSize\":", "params_json"},
        {"params_json not an object", client, "ListInstances", "[]", "params_json"},
        {"an unknown parameter", client, "ListInstances", "{\"PageSzie\":5}", "PageSize"},
        {"PageSize out of range", client, "ListInstances", "{\"PageSize\":4294967296}", "PageSize"},
        {"a missing required parameter", client, "ListJobGroups", "{\"PageSize\":5}", "InstanceId"},
        {"invalid UTF-8 in params_json", client, "ListInstances", "{\"Name\":\"\xc0\xaf\"}", "params_json"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pager = (obb_pager *)(void *)&sentinel;
        error = NULL;
        status = obb_pager_new(cases[i].client, cases[i].action, cases[i].json, &pager, &error);
        if (pager == (obb_pager *)(void *)&sentinel) {
            problem("out_pager not set to NULL");
            pager = NULL;
        }
        char name[160];
        snprintf(name, sizeof name, "obb_pager_new(%s)", cases[i].label);
        expect_pager_invalid(name, status, pager, error, NAMES(cases[i].field));
    }
    /* out_error NULL is allowed. */
    pager = NULL;
    status = obb_pager_new(client, "CreateInstance", NULL, &pager, NULL);
    if (status != OBB_ERR_INVALID_ARGUMENT || pager != NULL) problem("returned %s", obb_status_name(status));
    finish("obb_pager_new(bad action, out_error NULL)", NULL);

    /* A builder with a failed add. */
    obb_params *params = NULL;
    if (obb_params_new(&params) != OBB_OK) abort();
    obb_params_add_string(params, "Name", "x\xff");
    error = NULL;
    pager = NULL;
    status = obb_pager_new_params(client, "ListInstances", params, &pager, &error);
    expect_pager_invalid("obb_pager_new_params(after a failed add)", status, pager, error, NAMES("Name"));
    obb_params_free(params);

    /* obb_pager_next with NULLs. */
    obb_response *item = (obb_response *)(void *)&sentinel;
    status = obb_pager_next(NULL, &item);
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    if (item != NULL) problem("*out_item not set to NULL");
    finish("obb_pager_next(pager NULL)", NULL);

    /* A valid pager on the dead end: nothing is sent until next; next fails with a
     * network error and keeps failing; out_item NULL is refused. */
    pager = NULL;
    error = NULL;
    status = obb_pager_new(dead_client, "ListInstances", "{\"PageSize\":2}", &pager, &error);
    if (status != OBB_OK || pager == NULL || error != NULL)
        problem("obb_pager_new returned %s: %s", obb_status_name(status), error ? error : "");
    obb_string_free(error);
    finish("obb_pager_new(valid, on the dead end)", NULL);
    if (pager != NULL) {
        status = obb_pager_next(pager, NULL);
        if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
        finish("obb_pager_next(out_item NULL)", NULL);
        for (int round = 0; round < 2; round++) {
            item = NULL;
            status = obb_pager_next(pager, &item);
            if (status == OBB_OK || status == OBB_ERR_INVALID_ARGUMENT)
                problem("returned %s, expected a network failure", obb_status_name(status));
            if (item == NULL) problem("no response for the failure");
            else if (obb_response_status(item) != status) problem("the response's status differs");
            if (round == 0 && item != NULL && obb_response_attempts(item) < 1) problem("nothing was attempted");
            finish(round == 0 ? "obb_pager_next(dead end): the failing page's response"
                              : "obb_pager_next(dead end) again: the same failure",
                   item ? obb_response_message(item) : NULL);
            obb_response_free(item);
        }
        obb_pager_free(pager);
    }
}

/* ---- the instance lifecycle --------------------------------------------------------------- */

static void expect_instance_result_invalid(const char *name, obb_status status,
                                           obb_instance_result *result, const char *const *names) {
    if (result == NULL) {
        problem("no result");
        finish(name, NULL);
        return;
    }
    if (result->struct_size < OBB_STRUCT_SIZE(obb_instance_result, instance))
        problem("struct_size %u", (unsigned)result->struct_size);
    if (result->instance != NULL) problem("an instance");
    if (result->response == NULL) {
        problem("no response");
        finish(name, NULL);
    } else {
        /* the response belongs to the result: judge it without freeing it */
        const char *message = obb_response_message(result->response);
        if (status != OBB_ERR_INVALID_ARGUMENT)
            problem("returned %s, not OBB_ERR_INVALID_ARGUMENT", obb_status_name(status));
        if (obb_response_status(result->response) != status) problem("response status differs");
        if (obb_response_attempts(result->response) != 0) problem("something was sent");
        expect_names_field(message, names);
        expect_no_secret(message, "message");
        finish(name, message);
    }
    obb_instance_result_free(result);
}

static void expect_describe_invalid(const char *name, obb_client *client,
                                    const obb_describe_instance_request *request, const char *const *names) {
    obb_instance_result *result = NULL;
    obb_status status = obb_describe_instance(client, request, &result);
    expect_instance_result_invalid(name, status, result, names);
}

static void expect_modify_invalid(const char *name, obb_client *client,
                                  const obb_modify_instance_request *request, const char *const *names) {
    obb_instance_result *result = NULL;
    obb_status status = obb_modify_instance(client, request, &result);
    expect_instance_result_invalid(name, status, result, names);
}

static void expect_delete_invalid(const char *name, obb_client *client,
                                  const obb_delete_instance_request *request, const char *const *names) {
    obb_response *response = NULL;
    obb_status status = obb_delete_instance(client, request, &response);
    expect_response_invalid(name, status, response, names);
}

static void expect_list_invalid(const char *name, obb_client *client,
                                const obb_list_instances_request *request, const char *const *names) {
    obb_instance_page *page = NULL;
    obb_status status = obb_list_instances(client, request, &page);
    if (page == NULL) {
        problem("no page");
        finish(name, NULL);
        return;
    }
    if (page->struct_size < OBB_STRUCT_SIZE(obb_instance_page, page_size)) problem("struct_size");
    if (page->instance_count != 0 || page->instances == NULL) problem("instances on a failure");
    const char *message = page->response ? obb_response_message(page->response) : NULL;
    if (status != OBB_ERR_INVALID_ARGUMENT)
        problem("returned %s, not OBB_ERR_INVALID_ARGUMENT", obb_status_name(status));
    if (page->response == NULL) problem("no response");
    else {
        if (obb_response_status(page->response) != status) problem("response status differs");
        if (obb_response_attempts(page->response) != 0) problem("something was sent");
    }
    expect_names_field(message, names);
    expect_no_secret(message, "message");
    finish(name, message);
    obb_instance_page_free(page);
}

static obb_modify_instance_request base_modify(void) {
    obb_modify_instance_request request = OBB_MODIFY_INSTANCE_REQUEST_INIT;
    request.instance_id = "i-bad-input";
    request.max_concurrent_conversation = 3;
    return request;
}

static void test_instance_lifecycle(obb_client *client) {
    static const char bad_utf8[] = "ok\xc3\x28ok";
    char name[160];
    obb_status status;

    /* out pointers NULL. */
    obb_describe_instance_request describe = OBB_DESCRIBE_INSTANCE_REQUEST_INIT;
    describe.instance_id = "i-1";
    status = obb_describe_instance(client, &describe, NULL);
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    finish("obb_describe_instance(out_result NULL)", NULL);
    obb_modify_instance_request modify = base_modify();
    status = obb_modify_instance(client, &modify, NULL);
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    finish("obb_modify_instance(out_result NULL)", NULL);
    obb_delete_instance_request del = OBB_DELETE_INSTANCE_REQUEST_INIT;
    del.instance_id = "i-1";
    status = obb_delete_instance(client, &del, NULL);
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    finish("obb_delete_instance(out_response NULL)", NULL);
    obb_list_instances_request list = OBB_LIST_INSTANCES_REQUEST_INIT;
    status = obb_list_instances(client, &list, NULL);
    if (status != OBB_ERR_INVALID_ARGUMENT) problem("returned %s", obb_status_name(status));
    finish("obb_list_instances(out_page NULL)", NULL);

    /* client NULL, request NULL. */
    expect_describe_invalid("obb_describe_instance(client NULL)", NULL, &describe, NAMES("client"));
    expect_describe_invalid("obb_describe_instance(request NULL)", client, NULL, NAMES("request"));
    expect_modify_invalid("obb_modify_instance(client NULL)", NULL, &modify, NAMES("client"));
    expect_modify_invalid("obb_modify_instance(request NULL)", client, NULL, NAMES("request"));
    expect_delete_invalid("obb_delete_instance(client NULL)", NULL, &del, NAMES("client"));
    expect_delete_invalid("obb_delete_instance(request NULL)", client, NULL, NAMES("request"));
    expect_list_invalid("obb_list_instances(client NULL)", NULL, &list, NAMES("client"));
    expect_list_invalid("obb_list_instances(request NULL)", client, NULL, NAMES("request"));

    /* struct_size 0 and too small (each struct's first size is its size today). */
    uint32_t shrink[] = {0, 4, 1};
    for (size_t i = 0; i < 3; i++) {
        obb_describe_instance_request d = describe;
        d.struct_size = i == 2 ? d.struct_size - 1 : shrink[i];
        snprintf(name, sizeof name, "obb_describe_instance(struct_size %u)", (unsigned)d.struct_size);
        expect_describe_invalid(name, client, &d, NAMES("struct_size"));
        obb_modify_instance_request m = modify;
        m.struct_size = i == 2 ? m.struct_size - 1 : shrink[i];
        snprintf(name, sizeof name, "obb_modify_instance(struct_size %u)", (unsigned)m.struct_size);
        expect_modify_invalid(name, client, &m, NAMES("struct_size"));
        obb_delete_instance_request e = del;
        e.struct_size = i == 2 ? e.struct_size - 1 : shrink[i];
        snprintf(name, sizeof name, "obb_delete_instance(struct_size %u)", (unsigned)e.struct_size);
        expect_delete_invalid(name, client, &e, NAMES("struct_size"));
        obb_list_instances_request l = list;
        l.struct_size = i == 2 ? l.struct_size - 1 : shrink[i];
        snprintf(name, sizeof name, "obb_list_instances(struct_size %u)", (unsigned)l.struct_size);
        expect_list_invalid(name, client, &l, NAMES("struct_size"));
    }

    /* instance_id: NULL, empty, invalid UTF-8, CR/LF. */
    const char *ids[] = {NULL, "", bad_utf8, "i-1\r\nX-Evil: 1", "i-1\n"};
    const char *id_labels[] = {"NULL", "\"\"", "invalid UTF-8", "CRLF", "LF"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        obb_describe_instance_request d = describe;
        d.instance_id = ids[i];
        snprintf(name, sizeof name, "obb_describe_instance(instance_id %s)", id_labels[i]);
        expect_describe_invalid(name, client, &d, NAMES("instance_id", "InstanceId"));
        obb_modify_instance_request m = modify;
        m.instance_id = ids[i];
        snprintf(name, sizeof name, "obb_modify_instance(instance_id %s)", id_labels[i]);
        expect_modify_invalid(name, client, &m, NAMES("instance_id", "InstanceId"));
        obb_delete_instance_request e = del;
        e.instance_id = ids[i];
        snprintf(name, sizeof name, "obb_delete_instance(instance_id %s)", id_labels[i]);
        expect_delete_invalid(name, client, &e, NAMES("instance_id", "InstanceId"));
    }

    /* ModifyInstance: the numbers and names. */
    int64_t out_of_range[] = {0, -1, 2147483648LL, INT64_MIN, INT64_MAX};
    for (size_t i = 0; i < sizeof out_of_range / sizeof out_of_range[0]; i++) {
        obb_modify_instance_request m = base_modify();
        m.max_concurrent_conversation = out_of_range[i];
        snprintf(name, sizeof name, "obb_modify_instance(max_concurrent_conversation %lld)",
                 (long long)out_of_range[i]);
        expect_modify_invalid(name, client, &m,
                              NAMES("max_concurrent_conversation", "MaxConcurrentConversation"));
    }
    char *long_name = repeat("名", 257);
    const char *names_bad[] = {"", bad_utf8, "a\r\nb", long_name};
    const char *names_labels[] = {"\"\"", "invalid UTF-8", "CRLF", "257 characters"};
    for (size_t i = 0; i < sizeof names_bad / sizeof names_bad[0]; i++) {
        obb_modify_instance_request m = base_modify();
        m.instance_name = names_bad[i];
        snprintf(name, sizeof name, "obb_modify_instance(instance_name %s)", names_labels[i]);
        expect_modify_invalid(name, client, &m, NAMES("instance_name", "InstanceName"));
    }
    free(long_name);
    {
        obb_modify_instance_request m = base_modify();
        m.instance_description = bad_utf8;
        expect_modify_invalid("obb_modify_instance(invalid UTF-8 in instance_description)", client, &m,
                              NAMES("instance_description", "InstanceDescription"));
        m = base_modify();
        m.calling_number_count = 2;
        expect_modify_invalid("obb_modify_instance(calling_number_count 2, calling_numbers NULL)", client,
                              &m, NAMES("calling_number", "CallingNumber"));
        const char *with_null[] = {"95187", NULL};
        m.calling_numbers = with_null;
        expect_modify_invalid("obb_modify_instance(calling_numbers[1] NULL)", client, &m,
                              NAMES("calling_number", "CallingNumber"));
        const char *with_crlf[] = {"95187", "9\r\n5"};
        m.calling_numbers = with_crlf;
        expect_modify_invalid("obb_modify_instance(CRLF in calling_numbers[1])", client, &m,
                              NAMES("calling_number", "CallingNumber"));
        const char *with_empty[] = {"95187", ""};
        m.calling_numbers = with_empty;
        expect_modify_invalid("obb_modify_instance(calling_numbers[1] \"\")", client, &m,
                              NAMES("calling_number", "CallingNumber"));
        m.calling_numbers = k_one_number;
        m.calling_number_count = SIZE_MAX;
        expect_modify_invalid("obb_modify_instance(calling_number_count SIZE_MAX)", client, &m,
                              NAMES("calling_number", "CallingNumber"));
        m.calling_number_count = 1001;
        expect_modify_invalid("obb_modify_instance(calling_number_count 1001)", client, &m,
                              NAMES("calling_number", "CallingNumber"));
    }

    /* ListInstances: negative pages, bad strings. */
    {
        obb_list_instances_request l = list;
        l.page_number = -1;
        expect_list_invalid("obb_list_instances(page_number -1)", client, &l, NAMES("page_number", "PageNumber"));
        l = list;
        l.page_size = INT32_MIN;
        expect_list_invalid("obb_list_instances(page_size INT32_MIN)", client, &l, NAMES("page_size", "PageSize"));
        l = list;
        l.name = bad_utf8;
        expect_list_invalid("obb_list_instances(invalid UTF-8 in name)", client, &l, NAMES("name", "Name"));
        l = list;
        l.resource_group_id = "rg\r\nX";
        expect_list_invalid("obb_list_instances(CRLF in resource_group_id)", client, &l,
                            NAMES("resource_group_id", "ResourceGroupId"));
    }
}

/* ---- path lookups, on a real answer ----------------------------------------------------------- */

/* The fixture: one instance this run creates, and the answer of one valid
 * DescribeInstance of it (the only two requests the checks make). */
static obb_response *g_fixture;

static void make_fixture(void) {
    obb_client_config config = OBB_CLIENT_CONFIG_INIT; /* credentials from the environment */
    config.endpoint = g_endpoint;
    config.protocol = OBB_PROTOCOL_HTTP;
    obb_client *client = NULL;
    char *error = NULL;
    obb_status status = obb_client_new(&client, &config, &error);
    if (status != OBB_OK) {
        problem("obb_client_new: %s: %s", obb_status_name(status), error ? error : "");
        obb_string_free(error);
        finish("fixture: an instance to look into (needs a live --endpoint)", NULL);
        return;
    }
    char instance_name[64];
    snprintf(instance_name, sizeof instance_name, "bad-input-fixture-%ld", (long)getpid());
    obb_create_instance_request request = base_request();
    request.instance_name = instance_name;
    obb_create_instance_result *result = NULL;
    status = obb_create_instance(client, &request, &result);
    if (status != OBB_OK || result == NULL) {
        problem("obb_create_instance: %s: %s", obb_status_name(status), result ? result->message : "");
    } else {
        char params[256];
        snprintf(params, sizeof params, "{\"InstanceId\":\"%s\"}", result->instance.instance_id);
        status = obb_call(client, "DescribeInstance", params, &g_fixture);
        if (status != OBB_OK) problem("DescribeInstance: %s: %s", obb_status_name(status),
                                      obb_response_message(g_fixture));
    }
    finish("fixture: an instance to look into (needs a live --endpoint)", NULL);
    obb_create_instance_result_free(result);
    obb_client_free(client);
}

static void expect_lookup(const char *name, obb_status expected, obb_status status,
                          const char *const *names) {
    if (status != expected)
        problem("returned %s, not %s", obb_status_name(status), obb_status_name(expected));
    const char *message = NULL;
    if (expected != OBB_OK) {
        message = obb_last_error_message();
        if (names != NULL) expect_names_field(message, names);
        expect_no_secret(message, "obb_last_error_message");
    }
    finish(name, message);
}

static void test_lookups(obb_client *dead_client) {
    char name[200];
    obb_response *r = g_fixture;
    char *text = NULL;
    int64_t number = 0;
    int32_t flag = 0;
    size_t length = 0;
    obb_status status;

    /* NULL arguments, on any response. */
    expect_lookup("obb_response_get_string(response NULL)", OBB_ERR_INVALID_ARGUMENT,
                  obb_response_get_string(NULL, "RequestId", &text), NAMES("response"));
    expect_lookup("obb_response_get_int64(response NULL)", OBB_ERR_INVALID_ARGUMENT,
                  obb_response_get_int64(NULL, "X", &number), NAMES("response"));
    expect_lookup("obb_response_get_bool(response NULL)", OBB_ERR_INVALID_ARGUMENT,
                  obb_response_get_bool(NULL, "X", &flag), NAMES("response"));
    expect_lookup("obb_response_get_array_length(response NULL)", OBB_ERR_INVALID_ARGUMENT,
                  obb_response_get_array_length(NULL, "X", &length), NAMES("response"));
    if (obb_response_status(NULL) != OBB_ERR_INVALID_ARGUMENT || obb_response_http_status(NULL) != 0 ||
        obb_response_success(NULL) != 0 || obb_response_attempts(NULL) != 0 ||
        strcmp(obb_response_code(NULL), "") != 0 || strcmp(obb_response_message(NULL), "") != 0 ||
        strcmp(obb_response_request_id(NULL), "") != 0 || strcmp(obb_response_body(NULL, &length), "") != 0 ||
        length != 0)
        problem("an accessor of a NULL response gave something");
    if (strcmp(obb_response_body(NULL, NULL), "") != 0) problem("body with out_length NULL");
    finish("obb_response_*(NULL): the values of nothing", NULL);

    /* A response with no body (a call refused before sending): not JSON. */
    obb_response *empty = NULL;
    obb_call(dead_client, "Frobnicate", NULL, &empty);
    expect_lookup("obb_response_get_string(no body)", OBB_ERR_RESPONSE,
                  obb_response_get_string(empty, "RequestId", &text), NAMES("RequestId"));
    expect_lookup("obb_response_get_array_length(no body)", OBB_ERR_RESPONSE,
                  obb_response_get_array_length(empty, "Instances", &length), NAMES("Instances"));
    obb_response_free(empty);

    if (r == NULL) {
        problem("no fixture answer (see the fixture check)");
        finish("path lookups on an answer", NULL);
        return;
    }

    /* What is there. */
    status = obb_response_get_string(r, "Instance.InstanceName", &text);
    if (status != OBB_OK || text == NULL || strncmp(text, "bad-input-fixture-", 18) != 0)
        problem("returned %s, \"%s\"", obb_status_name(status), text ? text : "(null)");
    finish("obb_response_get_string(Instance.InstanceName)", text);
    obb_string_free(text);
    text = NULL;
    status = obb_response_get_string(r, "instance.instancename", &text);
    if (status != OBB_OK) problem("returned %s", obb_status_name(status));
    finish("obb_response_get_string(instance.instancename): names match ignoring case", text);
    obb_string_free(text);
    text = NULL;
    status = obb_response_get_int64(r, "Instance.MaxConcurrentConversation", &number);
    if (status != OBB_OK || number != 4) problem("returned %s, %lld", obb_status_name(status), (long long)number);
    finish("obb_response_get_int64(Instance.MaxConcurrentConversation) == 4", NULL);
    status = obb_response_get_bool(r, "Success", &flag);
    if (status != OBB_OK || flag != 1) problem("returned %s, %d", obb_status_name(status), (int)flag);
    finish("obb_response_get_bool(Success) == 1", NULL);
    status = obb_response_get_array_length(r, "Instance.CallingNumbers", &length);
    if (status != OBB_OK || length != 1) problem("returned %s, %zu", obb_status_name(status), length);
    finish("obb_response_get_array_length(Instance.CallingNumbers) == 1", NULL);
    status = obb_response_get_string(r, "Instance.CallingNumbers[0]", &text);
    if (status != OBB_OK || text == NULL || strcmp(text, "95187") != 0) problem("returned %s", obb_status_name(status));
    finish("obb_response_get_string(Instance.CallingNumbers[0]) == 95187", text);
    obb_string_free(text);
    text = NULL;

    /* Missing fields: NOT_FOUND, naming the path; the out value untouched. */
    const char *missing[] = {"Nope", "Instance.Nope", "Instance.Nope.Deeper", "Instance.CallingNumbers[1]",
                             "Instance.CallingNumbers[9223372036854775807]", "Instance.CallingNumbers[4294967296]"};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        text = (char *)(void *)&number;
        number = 77;
        snprintf(name, sizeof name, "obb_response_get_string(%s): not found", missing[i]);
        expect_lookup(name, OBB_ERR_NOT_FOUND, obb_response_get_string(r, missing[i], &text), NAMES(missing[i]));
        if (text != (char *)(void *)&number) {
            problem("out_value written");
            finish(name, NULL);
        }
        snprintf(name, sizeof name, "obb_response_get_int64(%s): not found", missing[i]);
        expect_lookup(name, OBB_ERR_NOT_FOUND, obb_response_get_int64(r, missing[i], &number), NAMES(missing[i]));
        if (number != 77) {
            problem("out_value written");
            finish(name, NULL);
        }
    }
    text = NULL;

    /* Values of another type: WRONG_TYPE. */
    struct {
        int kind;
        const char *path;
    } wrong[] = {
        {0, "Instance"},                   /* object as string */
        {0, "Instance.CallingNumbers"},    /* array as string */
        {0, "Success"},                    /* bool as string */
        {1, "Instance.InstanceName"},      /* text as int64 */
        {1, "Instance"},                   /* object as int64 */
        {1, "Success"},                    /* bool as int64 */
        {2, "Instance.MaxConcurrentConversation"}, /* number as bool */
        {2, "Instance.InstanceName"},      /* text as bool */
        {3, "Instance"},                   /* object as array */
        {3, "Instance.InstanceName"},      /* string as array */
        {0, "Instance.InstanceName[0]"},   /* an index into a string */
        {0, "Instance[0]"},                /* an index into an object */
        {0, "Instance.InstanceName.Deeper"} /* a member of a string: nothing there */
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        const char *fn = wrong[i].kind == 0 ? "get_string" : wrong[i].kind == 1 ? "get_int64"
                       : wrong[i].kind == 2 ? "get_bool" : "get_array_length";
        switch (wrong[i].kind) {
        case 0: status = obb_response_get_string(r, wrong[i].path, &text); break;
        case 1: status = obb_response_get_int64(r, wrong[i].path, &number); break;
        case 2: status = obb_response_get_bool(r, wrong[i].path, &flag); break;
        default: status = obb_response_get_array_length(r, wrong[i].path, &length); break;
        }
        obb_status expected = i == sizeof wrong / sizeof wrong[0] - 1 ? OBB_ERR_NOT_FOUND : OBB_ERR_WRONG_TYPE;
        snprintf(name, sizeof name, "obb_response_%s(%s): %s", fn, wrong[i].path, obb_status_name(expected));
        expect_lookup(name, expected, status, NAMES(wrong[i].path));
        if (status == OBB_OK && wrong[i].kind == 0) obb_string_free(text);
        text = NULL;
    }

    /* Malformed paths: INVALID_ARGUMENT naming the path. */
    char *long_path = repeat("a.", 2100);
    long_path[strlen(long_path) - 1] = '\0';
    const char *bad_paths[] = {"", ".", "Instance.", ".Instance", "Instance..InstanceId", "Instance[",
                               "Instance[x]", "Instance[-1]", "Instance[ 0]", "Instance[]", "[0]",
                               "Instance[0]x", "Instance[99999999999999999999999]",
                               "Inst\xffnce", long_path};
    for (size_t i = 0; i < sizeof bad_paths / sizeof bad_paths[0]; i++) {
        int printable = 1;
        for (const char *c = bad_paths[i]; *c; c++)
            if ((unsigned char)*c >= 0x80) printable = 0;
        snprintf(name, sizeof name, "obb_response_get_string(malformed path #%zu \"%.40s\")", i,
                 printable ? bad_paths[i] : "(invalid UTF-8)");
        expect_lookup(name, OBB_ERR_INVALID_ARGUMENT, obb_response_get_string(r, bad_paths[i], &text),
                      NAMES("path"));
        text = NULL;
    }
    free(long_path);
    expect_lookup("obb_response_get_string(path NULL)", OBB_ERR_INVALID_ARGUMENT,
                  obb_response_get_string(r, NULL, &text), NAMES("path"));
    expect_lookup("obb_response_get_string(out_value NULL)", OBB_ERR_INVALID_ARGUMENT,
                  obb_response_get_string(r, "RequestId", NULL), NAMES("out_value"));
    expect_lookup("obb_response_get_int64(out_value NULL)", OBB_ERR_INVALID_ARGUMENT,
                  obb_response_get_int64(r, "Instance.MaxConcurrentConversation", NULL), NAMES("out_value"));
    expect_lookup("obb_response_get_bool(out_value NULL)", OBB_ERR_INVALID_ARGUMENT,
                  obb_response_get_bool(r, "Success", NULL), NAMES("out_value"));
    expect_lookup("obb_response_get_array_length(out_length NULL)", OBB_ERR_INVALID_ARGUMENT,
                  obb_response_get_array_length(r, "Instance.CallingNumbers", NULL), NAMES("out_length"));
}

/* ---- the rest ---------------------------------------------------------------------- */

static void test_status_name(void) {
    static const char *const names[] = {
        "OBB_OK", "OBB_ERR_INVALID_ARGUMENT", "OBB_ERR_CREDENTIALS", "OBB_ERR_NETWORK",
        "OBB_ERR_TIMEOUT", "OBB_ERR_TLS", "OBB_ERR_SERVICE", "OBB_ERR_RESPONSE",
        "OBB_ERR_NO_MEMORY", "OBB_ERR_INTERNAL", "OBB_ERR_NOT_FOUND", "OBB_ERR_WRONG_TYPE",
        "OBB_ERR_CANCELLED"};
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++) {
        const char *got = obb_status_name((obb_status)i);
        if (got == NULL || strcmp(got, names[i]) != 0) problem("got \"%s\"", got ? got : "(null)");
        char name[64];
        snprintf(name, sizeof name, "obb_status_name(%d) == %s", i, names[i]);
        finish(name, NULL);
    }
    int unknown[] = {-1, 13, 1000, INT_MAX, INT_MIN};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *got = obb_status_name((obb_status)unknown[i]);
        if (got == NULL || strcmp(got, "OBB_UNKNOWN_STATUS") != 0)
            problem("got \"%s\"", got ? got : "(null)");
        char name[64];
        snprintf(name, sizeof name, "obb_status_name(%d) == OBB_UNKNOWN_STATUS", unknown[i]);
        finish(name, NULL);
    }
}

static void test_free_null(void) {
    obb_client_free(NULL);
    finish("obb_client_free(NULL)", NULL);
    obb_string_free(NULL);
    finish("obb_string_free(NULL)", NULL);
    obb_create_instance_result_free(NULL);
    finish("obb_create_instance_result_free(NULL)", NULL);
    obb_response_free(NULL);
    finish("obb_response_free(NULL)", NULL);
    obb_params_free(NULL);
    finish("obb_params_free(NULL)", NULL);
    obb_pager_free(NULL);
    finish("obb_pager_free(NULL)", NULL);
    obb_instance_result_free(NULL);
    finish("obb_instance_result_free(NULL)", NULL);
    obb_instance_page_free(NULL);
    finish("obb_instance_page_free(NULL)", NULL);
    if (obb_last_error_message() == NULL) problem("NULL");
    finish("obb_last_error_message() is never NULL", NULL);
}

static void test_control(const char *instance_name) {
    obb_client_config config = OBB_CLIENT_CONFIG_INIT; /* credentials from the environment */
    config.endpoint = g_endpoint;
    config.protocol = OBB_PROTOCOL_HTTP;
    obb_client *client = NULL;
    char *error = NULL;
    obb_status status = obb_client_new(&client, &config, &error);
    if (status != OBB_OK) {
        problem("obb_client_new: %s: %s", obb_status_name(status), error ? error : "");
        obb_string_free(error);
        finish("control: a valid request reaches the endpoint", NULL);
        return;
    }
    if (error != NULL) problem("out_error not NULL on success");
    obb_create_instance_request request = base_request();
    request.instance_name = instance_name;
    obb_create_instance_result *result = NULL;
    status = obb_create_instance(client, &request, &result);
    if (status != OBB_OK) problem("returned %s", obb_status_name(status));
    if (result == NULL) problem("no result");
    else {
        if (result->attempts != 1) problem("%u attempts", result->attempts);
        if (!result->has_instance || strcmp(result->instance.instance_name, instance_name) != 0)
            problem("the instance is not the one asked for");
    }
    finish("control: a valid request reaches the endpoint", result ? result->message : NULL);
    obb_create_instance_result_free(result);
    obb_client_free(client);
}

int main(int argc, char **argv) {
    const char *control = NULL;
    long repeat = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--endpoint") == 0) g_endpoint = argv[i + 1];
        else if (strcmp(argv[i], "--dead-endpoint") == 0) g_dead_endpoint = argv[i + 1];
        else if (strcmp(argv[i], "--control") == 0) control = argv[i + 1];
        else if (strcmp(argv[i], "--repeat") == 0) repeat = strtol(argv[i + 1], NULL, 10);
        else {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    printf("liboutboundbot %s; bad requests to %s, valid boundary values to %s\n", obb_version(),
           g_endpoint, g_dead_endpoint);

    make_fixture();
    for (long round = 0; round < repeat; round++) {
        test_status_name();
        test_free_null();
        test_client_config_init();
        test_client_new();

        obb_client_config config = base_config(g_endpoint);
        obb_client *client = NULL;
        obb_status status = obb_client_new(&client, &config, NULL);
        config = base_config(g_dead_endpoint);
        config.connect_timeout_ms = 1000;
        obb_client *dead_client = NULL;
        obb_status dead_status = obb_client_new(&dead_client, &config, NULL);
        if (status != OBB_OK || dead_status != OBB_OK) {
            problem("cannot create the test clients: %s, %s", obb_status_name(status),
                    obb_status_name(dead_status));
            finish("obb_client_new(valid config)", NULL);
        } else {
            test_create_instance(client, dead_client);
            test_call(client);
            test_params(client);
            test_pager(client, dead_client);
            test_instance_lifecycle(client);
            test_lookups(dead_client);
        }
        obb_client_free(client);
        obb_client_free(dead_client);
    }

    if (control != NULL) test_control(control);
    obb_response_free(g_fixture);

    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed > 0 ? 1 : 0;
}
