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
 *   test_bad_input [--endpoint HOST:PORT] [--dead-endpoint HOST:PORT] [--control NAME]
 *                  [--repeat N]
 *
 *   --endpoint       where the clients with bad requests point; give an emulator
 *                    started with --admin and check its request log stays empty
 *                    (default 127.0.0.1:1, where nothing listens)
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

/* ---- obb_client_new ------------------------------------------------------------ */

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
    size_t sizes[] = {0, 1, sizeof(uint32_t), sizeof(obb_client_config) - 1};
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
    if (got.struct_size != expected.struct_size || got.region != NULL || got.endpoint != NULL ||
        got.protocol != 0 || got.signature_version != 0 || got.access_key_id != NULL ||
        got.access_key_secret != NULL || got.security_token != NULL ||
        got.connect_timeout_ms != 0 || got.read_timeout_ms != 0 || got.ca_file != NULL ||
        got.user_agent_suffix != NULL)
        problem("the defaults differ from OBB_CLIENT_CONFIG_INIT");
    finish("obb_client_config_init(valid) == OBB_CLIENT_CONFIG_INIT", NULL);
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
    size_t sizes[] = {0, sizeof(uint32_t), sizeof(obb_client_config) - 1};
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

/* ---- the rest ---------------------------------------------------------------------- */

static void test_status_name(void) {
    static const char *const names[] = {
        "OBB_OK", "OBB_ERR_INVALID_ARGUMENT", "OBB_ERR_CREDENTIALS", "OBB_ERR_NETWORK",
        "OBB_ERR_TIMEOUT", "OBB_ERR_TLS", "OBB_ERR_SERVICE", "OBB_ERR_RESPONSE",
        "OBB_ERR_NO_MEMORY", "OBB_ERR_INTERNAL"};
    for (int i = 0; i < 10; i++) {
        const char *got = obb_status_name((obb_status)i);
        if (got == NULL || strcmp(got, names[i]) != 0) problem("got \"%s\"", got ? got : "(null)");
        char name[64];
        snprintf(name, sizeof name, "obb_status_name(%d) == %s", i, names[i]);
        finish(name, NULL);
    }
    int unknown[] = {-1, 10, 1000, INT_MAX, INT_MIN};
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
        }
        obb_client_free(client);
        obb_client_free(dead_client);
    }

    if (control != NULL) test_control(control);

    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed > 0 ? 1 : 0;
}
