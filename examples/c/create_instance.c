/*
 * create_instance.c: create an OutboundBot instance from C with liboutboundbot.
 *
 *   create_instance [options] [INSTANCE_NAME]      (default name: 第一个实例)
 *
 *   --endpoint HOST[:PORT]      or OBB_ENDPOINT (default: the region's endpoint)
 *   --region REGION             or OBB_REGION   (default: cn-shanghai)
 *   --protocol http|https       or OBB_PROTOCOL (default: https)
 *   --signature-version v3|v1   or OBB_SIGNATURE_VERSION (default: v3)
 *   --ca-file PEM               or OBB_CA_FILE  (default: the system's CA bundle)
 *   --access-key-id ID          or ALIBABA_CLOUD_ACCESS_KEY_ID
 *   --access-key-secret SECRET  or ALIBABA_CLOUD_ACCESS_KEY_SECRET
 *                               (ALIBABA_CLOUD_SECURITY_TOKEN for STS; the library
 *                               itself reads these three when no key is given)
 *
 * It creates the instance with MaxConcurrentConversation 4 and CallingNumber 95187
 * and prints every field of the result as a C caller sees it.
 * Exit status: 0 on OBB_OK; otherwise the obb_status value (1..9); 64 for a usage
 * error; 70 when the loaded library's major version differs from the header's.
 *
 * Build: cc -std=c99 create_instance.c $(pkg-config --cflags --libs outboundbot)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <outboundbot.h>

static const char *option_or_env(const char *option, const char *env_name) {
    if (option != NULL) return option;
    const char *value = getenv(env_name);
    return (value != NULL && value[0] != '\0') ? value : NULL;
}

static int usage(const char *argv0) {
    fprintf(stderr,
            "usage: %s [--endpoint HOST[:PORT]] [--region REGION] [--protocol http|https]\n"
            "          [--signature-version v3|v1] [--ca-file PEM] [--access-key-id ID]\n"
            "          [--access-key-secret SECRET] [INSTANCE_NAME]\n",
            argv0);
    return 64;
}

int main(int argc, char **argv) {
    const char *endpoint = NULL, *region = NULL, *protocol = NULL, *signature = NULL;
    const char *ca_file = NULL, *key_id = NULL, *key_secret = NULL;
    const char *instance_name = "第一个实例";

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char **target = NULL;
        if (strcmp(arg, "--endpoint") == 0) target = &endpoint;
        else if (strcmp(arg, "--region") == 0) target = &region;
        else if (strcmp(arg, "--protocol") == 0) target = &protocol;
        else if (strcmp(arg, "--signature-version") == 0) target = &signature;
        else if (strcmp(arg, "--ca-file") == 0) target = &ca_file;
        else if (strcmp(arg, "--access-key-id") == 0) target = &key_id;
        else if (strcmp(arg, "--access-key-secret") == 0) target = &key_secret;
        else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) { usage(argv[0]); return 0; }
        else if (arg[0] == '-' && arg[1] == '-') return usage(argv[0]);
        else { instance_name = arg; continue; }
        if (i + 1 >= argc) return usage(argv[0]);
        *target = argv[++i];
    }
    endpoint = option_or_env(endpoint, "OBB_ENDPOINT");
    region = option_or_env(region, "OBB_REGION");
    protocol = option_or_env(protocol, "OBB_PROTOCOL");
    signature = option_or_env(signature, "OBB_SIGNATURE_VERSION");
    ca_file = option_or_env(ca_file, "OBB_CA_FILE");

    /* Header and library must agree on the major version; a newer minor is fine. */
    printf("liboutboundbot %s (header %s)\n", obb_version(), OBB_VERSION_STRING);
    if ((obb_version_number() >> 16) != OBB_VERSION_MAJOR) {
        fprintf(stderr, "error: library %s is not compatible with header %s\n",
                obb_version(), OBB_VERSION_STRING);
        return 70;
    }
    if (strcmp(obb_version(), OBB_VERSION_STRING) != 0)
        fprintf(stderr, "warning: library %s, header %s\n", obb_version(), OBB_VERSION_STRING);

    obb_client_config config = OBB_CLIENT_CONFIG_INIT;
    config.endpoint = endpoint;
    config.region = region;
    config.ca_file = ca_file;
    if (protocol != NULL) {
        if (strcmp(protocol, "http") == 0) config.protocol = OBB_PROTOCOL_HTTP;
        else if (strcmp(protocol, "https") == 0) config.protocol = OBB_PROTOCOL_HTTPS;
        else return usage(argv[0]);
    }
    if (signature != NULL) {
        if (strcmp(signature, "v3") == 0) config.signature_version = OBB_SIGNATURE_V3;
        else if (strcmp(signature, "v1") == 0) config.signature_version = OBB_SIGNATURE_V1;
        else return usage(argv[0]);
    }
    /* With no key on the command line, access_key_id stays NULL and the library
     * reads ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/SECURITY_TOKEN itself. */
    config.access_key_id = key_id;
    config.access_key_secret = key_secret;
    config.user_agent_suffix = "create_instance.c";

    obb_client *client = NULL;
    char *error = NULL;
    obb_status status = obb_client_new(&client, &config, &error);
    if (status != OBB_OK) {
        fprintf(stderr, "obb_client_new: %s: %s\n", obb_status_name(status),
                error != NULL ? error : "");
        obb_string_free(error);
        return (int)status;
    }

    const char *calling_numbers[] = {"95187"};
    obb_create_instance_request request = OBB_CREATE_INSTANCE_REQUEST_INIT;
    request.instance_name = instance_name;
    request.max_concurrent_conversation = 4;
    request.calling_numbers = calling_numbers;
    request.calling_number_count = 1;

    obb_create_instance_result *result = NULL;
    status = obb_create_instance(client, &request, &result);

    printf("obb_create_instance returned %d (%s)\n", (int)status, obb_status_name(status));
    if (result != NULL) {
        printf("  status:       %s\n", obb_status_name(result->status));
        printf("  http_status:  %d\n", (int)result->http_status);
        printf("  code:         \"%s\"\n", result->code);
        printf("  message:      \"%s\"\n", result->message);
        printf("  request_id:   \"%s\"\n", result->request_id);
        printf("  success:      %d\n", (int)result->success);
        printf("  attempts:     %u\n", (unsigned)result->attempts);
        printf("  body_length:  %zu\n", result->body_length);
        /* The raw answer; it may hold NULs, so write body_length bytes. */
        fputs("  body:         ", stdout);
        fwrite(result->body, 1, result->body_length, stdout);
        fputc('\n', stdout);
        printf("  has_instance: %d\n", (int)result->has_instance);
        if (result->has_instance) {
            const obb_instance *in = &result->instance;
            printf("  instance.instance_id:                 \"%s\"\n", in->instance_id);
            printf("  instance.instance_name:               \"%s\"\n", in->instance_name);
            printf("  instance.instance_description:        \"%s\"\n", in->instance_description);
            printf("  instance.creation_time:               %lld\n", (long long)in->creation_time);
            printf("  instance.creator_id:                  %lld\n", (long long)in->creator_id);
            printf("  instance.creator_name:                \"%s\"\n", in->creator_name);
            printf("  instance.owner_name:                  \"%s\"\n", in->owner_name);
            printf("  instance.resource_group_id:           \"%s\"\n", in->resource_group_id);
            printf("  instance.max_concurrent_conversation: %lld\n",
                   (long long)in->max_concurrent_conversation);
        }
    }

    obb_create_instance_result_free(result);
    obb_client_free(client);
    return status == OBB_OK ? 0 : (int)status;
}
