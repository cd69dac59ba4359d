/*
 * campaign.c: an outbound campaign from C with liboutboundbot's generic call.
 *
 *   campaign [INSTANCE_NAME]        (default name: 外呼活动)
 *
 * Endpoint and credentials as in create_instance.c: OBB_ENDPOINT, OBB_PROTOCOL
 * (http|https), OBB_SIGNATURE_VERSION (v3|v1), OBB_CA_FILE, and the key pair in
 * ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET.
 *
 * The steps, each one catalogued action through obb_call (JSON parameters) or
 * obb_call_params (the builder), each answer read by path:
 *   1. CreateInstance (typed: obb_create_instance);
 *   2. CreateJobGroup: a job group in that instance;
 *   3. AssignJobs: three jobs (phone numbers with a reference id each);
 *   4. SubmitBatchJobs: start the job group;
 *   5. ListJobsByGroup, walked with a pager: the jobs read back.
 *
 * Exit status: 0 when every step succeeded, otherwise the failing obb_status;
 * 70 when the loaded library's major version differs from the header's.
 *
 * Build: cc -std=c99 campaign.c $(pkg-config --cflags --libs outboundbot)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <outboundbot.h>

static const char *env_or_null(const char *name) {
    const char *value = getenv(name);
    return (value != NULL && value[0] != '\0') ? value : NULL;
}

/* Prints a failed step as a C caller sees it and returns its status. */
static obb_status report_failure(const char *step, obb_status status, const obb_response *response) {
    fprintf(stderr, "%s: %s http %d code \"%s\" request id \"%s\": %s\n", step, obb_status_name(status),
            (int)obb_response_http_status(response), obb_response_code(response),
            obb_response_request_id(response), obb_response_message(response));
    return status;
}

/* The string at `path` in `response`, copied into `out` ("" when absent). */
static void read_string(const obb_response *response, const char *path, char *out, size_t size) {
    char *value = NULL;
    out[0] = '\0';
    if (obb_response_get_string(response, path, &value) == OBB_OK) snprintf(out, size, "%s", value);
    obb_string_free(value);
}

static obb_client *new_client(void) {
    obb_client_config config = OBB_CLIENT_CONFIG_INIT;
    config.endpoint = env_or_null("OBB_ENDPOINT");
    const char *protocol = env_or_null("OBB_PROTOCOL");
    const char *signature = env_or_null("OBB_SIGNATURE_VERSION");
    if (protocol != NULL && strcmp(protocol, "http") == 0) config.protocol = OBB_PROTOCOL_HTTP;
    if (signature != NULL && strcmp(signature, "v1") == 0) config.signature_version = OBB_SIGNATURE_V1;
    config.ca_file = env_or_null("OBB_CA_FILE");
    obb_client *client = NULL;
    char *error = NULL;
    obb_status status = obb_client_new(&client, &config, &error);
    if (status != OBB_OK) {
        fprintf(stderr, "obb_client_new: %s: %s\n", obb_status_name(status), error);
        obb_string_free(error);
        return NULL;
    }
    return client;
}

/* Steps 2 to 5 for an existing instance. */
static obb_status run_campaign(obb_client *client, const char *instance_id) {
    char params[512], job_group_id[128], value[256];
    obb_response *response = NULL;
    obb_status status;

    /* 2. CreateJobGroup, parameters as JSON. */
    snprintf(params, sizeof params, "{\"InstanceId\":\"%s\",\"JobGroupName\":\"春季回访\"}", instance_id);
    status = obb_call(client, "CreateJobGroup", params, &response);
    if (status != OBB_OK) {
        status = report_failure("CreateJobGroup", status, response);
        obb_response_free(response);
        return status;
    }
    read_string(response, "JobGroup.JobGroupId", job_group_id, sizeof job_group_id);
    read_string(response, "JobGroup.JobGroupName", value, sizeof value);
    printf("2. CreateJobGroup: JobGroup.JobGroupId = %s, JobGroup.JobGroupName = %s\n", job_group_id, value);
    obb_response_free(response);

    /* 3. AssignJobs, parameters through the builder: JobsJson is a list of
     *    JSON strings, sent as JobsJson.1, JobsJson.2, ... */
    const char *jobs[] = {
        "{\"referenceId\":\"customer-1\",\"contacts\":[{\"phoneNumber\":\"13900000001\",\"name\":\"张三\"}]}",
        "{\"referenceId\":\"customer-2\",\"contacts\":[{\"phoneNumber\":\"13900000002\",\"name\":\"李四\"}]}",
        "{\"referenceId\":\"customer-3\",\"contacts\":[{\"phoneNumber\":\"13900000003\",\"name\":\"王五\"}]}",
    };
    obb_params *builder = NULL;
    status = obb_params_new(&builder);
    if (status == OBB_OK) status = obb_params_add_string(builder, "InstanceId", instance_id);
    if (status == OBB_OK) status = obb_params_add_string(builder, "JobGroupId", job_group_id);
    if (status == OBB_OK) status = obb_params_add_string_list(builder, "JobsJson", jobs, 3);
    if (status != OBB_OK) {
        fprintf(stderr, "obb_params: %s: %s\n", obb_status_name(status), obb_last_error_message());
        obb_params_free(builder);
        return status;
    }
    status = obb_call_params(client, "AssignJobs", builder, &response);
    obb_params_free(builder);
    if (status != OBB_OK) {
        status = report_failure("AssignJobs", status, response);
        obb_response_free(response);
        return status;
    }
    size_t job_count = 0;
    obb_response_get_array_length(response, "JobsId", &job_count);
    read_string(response, "JobsId[0]", value, sizeof value);
    printf("3. AssignJobs: JobsId has %zu entries, the first %s\n", job_count, value);
    obb_response_free(response);

    /* 4. SubmitBatchJobs: start the job group. */
    snprintf(params, sizeof params, "{\"InstanceId\":\"%s\",\"JobGroupId\":\"%s\"}", instance_id, job_group_id);
    status = obb_call(client, "SubmitBatchJobs", params, &response);
    if (status != OBB_OK) {
        status = report_failure("SubmitBatchJobs", status, response);
        obb_response_free(response);
        return status;
    }
    read_string(response, "RequestId", value, sizeof value);
    printf("4. SubmitBatchJobs: job group %s started (request %s)\n", job_group_id, value);
    obb_response_free(response);

    /* 5. ListJobsByGroup, every page, item by item. */
    snprintf(params, sizeof params, "{\"InstanceId\":\"%s\",\"JobGroupId\":\"%s\",\"PageSize\":2}", instance_id,
             job_group_id);
    obb_pager *pager = NULL;
    char *error = NULL;
    status = obb_pager_new(client, "ListJobsByGroup", params, &pager, &error);
    if (status != OBB_OK) {
        fprintf(stderr, "obb_pager_new: %s: %s\n", obb_status_name(status), error);
        obb_string_free(error);
        return status;
    }
    printf("5. ListJobsByGroup (pages of 2):\n");
    size_t read_back = 0;
    for (;;) {
        obb_response *item = NULL;
        status = obb_pager_next(pager, &item);
        if (status != OBB_OK) {
            report_failure("ListJobsByGroup", status, item);
            obb_response_free(item);
            break;
        }
        if (item == NULL) break; /* the last page was read */
        char job_id[128], reference_id[128], state[64];
        read_string(item, "JobId", job_id, sizeof job_id);
        read_string(item, "ReferenceId", reference_id, sizeof reference_id);
        read_string(item, "Status", state, sizeof state);
        printf("   job %s  reference %s  status %s\n", job_id, reference_id, state);
        obb_response_free(item);
        read_back++;
    }
    obb_pager_free(pager);
    if (status == OBB_OK && read_back != 3) {
        fprintf(stderr, "ListJobsByGroup: expected 3 jobs, read %zu\n", read_back);
        return OBB_ERR_RESPONSE;
    }
    return status;
}

int main(int argc, char **argv) {
    const char *instance_name = argc > 1 ? argv[1] : "外呼活动";
    if ((obb_version_number() >> 16) != OBB_VERSION_MAJOR) {
        fprintf(stderr, "error: library %s is not compatible with header %s\n", obb_version(), OBB_VERSION_STRING);
        return 70;
    }
    obb_client *client = new_client();
    if (client == NULL) return OBB_ERR_CREDENTIALS;

    /* 1. CreateInstance through its typed function. */
    const char *numbers[] = {"95187"};
    obb_create_instance_request request = OBB_CREATE_INSTANCE_REQUEST_INIT;
    request.instance_name = instance_name;
    request.max_concurrent_conversation = 2;
    request.calling_numbers = numbers;
    request.calling_number_count = 1;
    obb_create_instance_result *created = NULL;
    obb_status status = obb_create_instance(client, &request, &created);
    if (status != OBB_OK) {
        fprintf(stderr, "CreateInstance: %s http %d code \"%s\": %s\n", obb_status_name(status),
                (int)created->http_status, created->code, created->message);
        obb_create_instance_result_free(created);
        obb_client_free(client);
        return (int)status;
    }
    char instance_id[128];
    snprintf(instance_id, sizeof instance_id, "%s", created->instance.instance_id);
    printf("1. CreateInstance: %s (%s)\n", instance_id, instance_name);
    obb_create_instance_result_free(created);

    status = run_campaign(client, instance_id);
    obb_client_free(client);
    if (status == OBB_OK) printf("campaign ready: 3 jobs in one started job group\n");
    return (int)status;
}
