/*
 * test_generic_call.c: the 0.2.0 C API against the emulator, as a host uses it.
 *
 * Creates three instances (obb_create_instance), then reads them back every way
 * the header offers: ListInstances and DescribeInstance through obb_call (JSON
 * parameters) and obb_call_params (the builder), the typed obb_list_instances and
 * obb_describe_instance, a pager over ListInstances one item per page; then
 * CreateJobGroup (InstanceId + JobGroupName) through obb_call and obb_call_params,
 * ModifyInstance and DeleteInstance through the typed functions. Fields are read
 * by path ("Instance.InstanceId", "Instances[1].InstanceName",
 * "JobGroup.JobGroupId"). Finally eight threads look into one response at once.
 *
 *   test_generic_call PREFIX [ROUNDS]   (OBB_ENDPOINT and the credentials from the environment)
 *
 * ROUNDS (default 1) runs everything that many times, with PREFIX-r2, -r3, ... as
 * the prefix of later rounds: under valgrind, memory leaked per call grows with
 * it, one-time runtime and catalogue blocks do not.
 *
 * Prints one line per check and ends with "N passed, M failed"; exits 1 if M > 0.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <outboundbot.h>

#include "check.h"

/* The string at `path`, or "" (with a problem noted); the caller frees it. */
static char *get_string(const obb_response *response, const char *path) {
    char *value = NULL;
    obb_status status = obb_response_get_string(response, path, &value);
    if (status != OBB_OK) {
        problem("%s: %s (%s)", path, obb_status_name(status), obb_last_error_message());
        return NULL;
    }
    return value;
}

static int64_t get_int64(const obb_response *response, const char *path) {
    int64_t value = -1;
    obb_status status = obb_response_get_int64(response, path, &value);
    if (status != OBB_OK) problem("%s: %s (%s)", path, obb_status_name(status), obb_last_error_message());
    return value;
}

static void expect_ok(const char *what, obb_status status, const obb_response *response) {
    if (status != OBB_OK)
        problem("%s returned %s: %s [%s]", what, obb_status_name(status), obb_response_message(response),
                obb_response_code(response));
    else {
        if (obb_response_status(response) != OBB_OK) problem("response status differs");
        if (obb_response_http_status(response) != 200) problem("HTTP %d", (int)obb_response_http_status(response));
        if (obb_response_success(response) != 1) problem("success is 0");
        if (obb_response_attempts(response) != 1) problem("%u attempts", obb_response_attempts(response));
        if (obb_response_request_id(response)[0] == '\0') problem("no request id");
        size_t length = 0;
        const char *body = obb_response_body(response, &length);
        if (length == 0 || strlen(body) != length) problem("body length %zu", length);
    }
}

/* ---- the threads ------------------------------------------------------------------ */

struct lookup_job {
    const obb_response *response;
    const char *expected_name;
    int failures;
};

static void *lookup_worker(void *argument) {
    struct lookup_job *job = argument;
    for (int i = 0; i < 200; i++) {
        char *name = NULL;
        size_t count = 0;
        int64_t total = 0;
        if (obb_response_get_string(job->response, "Instances[0].InstanceName", &name) != OBB_OK ||
            strcmp(name, job->expected_name) != 0)
            job->failures++;
        obb_string_free(name);
        if (obb_response_get_array_length(job->response, "Instances", &count) != OBB_OK || count != 3)
            job->failures++;
        if (obb_response_get_int64(job->response, "TotalCount", &total) != OBB_OK || total != 3) job->failures++;
        if (obb_response_get_string(job->response, "Instances[7].InstanceName", &name) != OBB_ERR_NOT_FOUND)
            job->failures++;
    }
    return NULL;
}

static void run_round(obb_client *client, const char *prefix) {
    char text[512];
    char *error = NULL;

    /* Three instances, named PREFIX-0..2. */
    char names[3][128], ids[3][128];
    for (int i = 0; i < 3; i++) {
        snprintf(names[i], sizeof names[i], "%s-%d", prefix, i);
        obb_create_instance_request request = OBB_CREATE_INSTANCE_REQUEST_INIT;
        request.instance_name = names[i];
        request.max_concurrent_conversation = i + 1;
        obb_create_instance_result *result = NULL;
        obb_status status = obb_create_instance(client, &request, &result);
        if (status != OBB_OK) problem("returned %s: %s", obb_status_name(status), result ? result->message : "");
        snprintf(ids[i], sizeof ids[i], "%s", result && result->has_instance ? result->instance.instance_id : "");
        finish("obb_create_instance", ids[i]);
        obb_create_instance_result_free(result);
    }

    /* ListInstances through obb_call: read by path. */
    obb_response *list = NULL;
    snprintf(text, sizeof text, "{\"Name\":\"%s\",\"PageNumber\":1,\"PageSize\":10}", prefix);
    obb_status status = obb_call(client, "ListInstances", text, &list);
    expect_ok("obb_call(ListInstances)", status, list);
    size_t count = 0;
    if (obb_response_get_array_length(list, "Instances", &count) != OBB_OK || count != 3)
        problem("Instances has %zu elements: %s", count, obb_last_error_message());
    if (get_int64(list, "TotalCount") != 3) problem("TotalCount is not 3");
    if (get_int64(list, "PageSize") != 10) problem("PageSize is not 10");
    for (size_t i = 0; i < count && i < 3; i++) {
        char path[64];
        snprintf(path, sizeof path, "Instances[%zu].InstanceName", i);
        char *name = get_string(list, path);
        int found = 0;
        for (int k = 0; k < 3; k++) found |= name != NULL && strcmp(name, names[k]) == 0;
        if (!found) problem("%s is %s", path, name ? name : "(none)");
        obb_string_free(name);
    }
    finish("obb_call(ListInstances) and lookups by path", NULL);

    /* The same response from eight threads at once. */
    {
        char *first = get_string(list, "Instances[0].InstanceName");
        struct lookup_job jobs[8];
        pthread_t threads[8];
        for (int t = 0; t < 8; t++) {
            jobs[t].response = list;
            jobs[t].expected_name = first ? first : "";
            jobs[t].failures = 0;
            if (pthread_create(&threads[t], NULL, lookup_worker, &jobs[t]) != 0) problem("pthread_create");
        }
        int failures = 0;
        for (int t = 0; t < 8; t++) {
            pthread_join(threads[t], NULL);
            failures += jobs[t].failures;
        }
        if (failures) problem("%d lookups failed", failures);
        obb_string_free(first);
        finish("8 threads x 800 lookups on one response", NULL);
    }
    obb_response_free(list);

    /* DescribeInstance through obb_call_params. */
    obb_params *params = NULL;
    if (obb_params_new(&params) != OBB_OK) problem("obb_params_new");
    if (obb_params_add_string(params, "InstanceId", ids[1]) != OBB_OK) problem("add InstanceId");
    obb_response *described = NULL;
    status = obb_call_params(client, "DescribeInstance", params, &described);
    expect_ok("obb_call_params(DescribeInstance)", status, described);
    char *value = get_string(described, "Instance.InstanceId");
    if (value && strcmp(value, ids[1]) != 0) problem("Instance.InstanceId %s", value);
    obb_string_free(value);
    value = get_string(described, "Instance.InstanceName");
    if (value && strcmp(value, names[1]) != 0) problem("Instance.InstanceName %s", value);
    if (get_int64(described, "Instance.MaxConcurrentConversation") != 2) problem("MaxConcurrentConversation");
    finish("obb_call_params(DescribeInstance) and lookups", value);
    obb_string_free(value);
    obb_response_free(described);
    obb_params_free(params);

    /* The typed functions. */
    {
        obb_list_instances_request request = OBB_LIST_INSTANCES_REQUEST_INIT;
        request.name = prefix;
        request.page_size = 2;
        obb_instance_page *page = NULL;
        status = obb_list_instances(client, &request, &page);
        if (status != OBB_OK || page == NULL) problem("returned %s", obb_status_name(status));
        else {
            expect_ok("obb_list_instances", status, page->response);
            if (page->instance_count != 2 || page->total_count != 3 || page->page_size != 2 || page->page_number != 1)
                problem("count %zu, total %lld, size %lld, number %lld", page->instance_count,
                        (long long)page->total_count, (long long)page->page_size, (long long)page->page_number);
            for (size_t i = 0; i < page->instance_count; i++) {
                const obb_instance_info *info = page->instances[i];
                if (info->struct_size < OBB_STRUCT_SIZE(obb_instance_info, max_concurrent_conversation) ||
                    strncmp(info->instance_name, prefix, strlen(prefix)) != 0 || info->instance_id[0] == '\0' ||
                    info->creation_time <= 0)
                    problem("instance %zu: %s", i, info->instance_name);
            }
            /* the page's response answers lookups too */
            if (get_int64(page->response, "TotalCount") != 3) problem("TotalCount by path");
        }
        finish("obb_list_instances (one page of 2)", NULL);
        obb_instance_page_free(page);

        obb_describe_instance_request describe = OBB_DESCRIBE_INSTANCE_REQUEST_INIT;
        describe.instance_id = ids[2];
        obb_instance_result *result = NULL;
        status = obb_describe_instance(client, &describe, &result);
        if (status != OBB_OK || result == NULL || result->instance == NULL)
            problem("returned %s", obb_status_name(status));
        else {
            expect_ok("obb_describe_instance", status, result->response);
            if (strcmp(result->instance->instance_name, names[2]) != 0 ||
                result->instance->max_concurrent_conversation != 3)
                problem("instance %s", result->instance->instance_name);
        }
        finish("obb_describe_instance", result && result->instance ? result->instance->instance_name : NULL);
        obb_instance_result_free(result);

        describe.instance_id = "no-such-instance";
        result = NULL;
        status = obb_describe_instance(client, &describe, &result);
        if (status != OBB_ERR_SERVICE || result == NULL || result->instance != NULL)
            problem("returned %s", obb_status_name(status));
        else if (obb_response_code(result->response)[0] == '\0' || obb_response_http_status(result->response) < 400)
            problem("no service code: %s", obb_response_message(result->response));
        finish("obb_describe_instance(an unknown id): OBB_ERR_SERVICE with the service's code",
               result ? obb_response_code(result->response) : NULL);
        obb_instance_result_free(result);
    }

    /* A pager, one instance per page. */
    {
        obb_pager *pager = NULL;
        snprintf(text, sizeof text, "{\"Name\":\"%s\",\"PageSize\":1}", prefix);
        status = obb_pager_new(client, "ListInstances", text, &pager, &error);
        if (status != OBB_OK) problem("obb_pager_new: %s", error ? error : "");
        obb_string_free(error);
        error = NULL;
        int seen[3] = {0, 0, 0}, items = 0;
        obb_response *item = NULL;
        while (pager != NULL && (status = obb_pager_next(pager, &item)) == OBB_OK && item != NULL) {
            char *name = get_string(item, "InstanceName");
            char *id = get_string(item, "InstanceId");
            for (int k = 0; k < 3; k++)
                if (name && id && strcmp(name, names[k]) == 0 && strcmp(id, ids[k]) == 0) seen[k]++;
            if (obb_response_status(item) != OBB_OK || obb_response_http_status(item) != 200) problem("item envelope");
            items++;
            obb_string_free(name);
            obb_string_free(id);
            obb_response_free(item);
            if (items > 10) break;
        }
        if (status != OBB_OK) problem("obb_pager_next returned %s", obb_status_name(status));
        if (items != 3 || seen[0] != 1 || seen[1] != 1 || seen[2] != 1) problem("%d items", items);
        /* at the end it stays at the end */
        if (pager != NULL && (obb_pager_next(pager, &item) != OBB_OK || item != NULL)) problem("past the end");
        snprintf(text, sizeof text, "%d items over 3 pages", items);
        finish("obb_pager over ListInstances", text);
        obb_pager_free(pager);
    }

    /* A job group, through obb_call and obb_call_params. */
    {
        obb_response *group = NULL;
        snprintf(text, sizeof text, "{\"InstanceId\":\"%s\",\"JobGroupName\":\"%s-group\",\"JobGroupDescription\":\"spring\"}",
                 ids[0], prefix);
        status = obb_call(client, "CreateJobGroup", text, &group);
        expect_ok("obb_call(CreateJobGroup)", status, group);
        char *group_id = get_string(group, "JobGroup.JobGroupId");
        char *group_name = get_string(group, "JobGroup.JobGroupName");
        char expected[160];
        snprintf(expected, sizeof expected, "%s-group", prefix);
        if (group_id && group_id[0] == '\0') problem("empty JobGroupId");
        if (group_name && strcmp(group_name, expected) != 0) problem("JobGroupName %s", group_name);
        finish("obb_call(CreateJobGroup) and JobGroup.JobGroupId", group_id);
        obb_string_free(group_id);
        obb_string_free(group_name);
        obb_response_free(group);

        if (obb_params_new(&params) != OBB_OK) problem("obb_params_new");
        obb_params_add_string(params, "InstanceId", ids[0]);
        obb_params_add_string(params, "JobGroupName", "second group");
        const char *numbers[] = {"95187", "95188"};
        obb_params_add_string_list(params, "CallingNumber", numbers, 2);
        status = obb_call_params(client, "CreateJobGroup", params, &group);
        expect_ok("obb_call_params(CreateJobGroup)", status, group);
        group_name = get_string(group, "JobGroup.JobGroupName");
        if (group_name && strcmp(group_name, "second group") != 0) problem("JobGroupName %s", group_name);
        finish("obb_call_params(CreateJobGroup)", group_name);
        obb_string_free(group_name);
        obb_response_free(group);
        obb_params_free(params);
    }

    /* ModifyInstance and DeleteInstance, typed. */
    {
        obb_modify_instance_request modify = OBB_MODIFY_INSTANCE_REQUEST_INIT;
        modify.instance_id = ids[2];
        modify.max_concurrent_conversation = 9;
        modify.instance_description = "modified";
        obb_instance_result *result = NULL;
        status = obb_modify_instance(client, &modify, &result);
        if (status != OBB_OK || result == NULL) problem("returned %s", obb_status_name(status));
        else expect_ok("obb_modify_instance", status, result->response);
        obb_instance_result_free(result);
        obb_response *described = NULL;
        snprintf(text, sizeof text, "{\"InstanceId\":\"%s\"}", ids[2]);
        status = obb_call(client, "DescribeInstance", text, &described);
        if (status != OBB_OK || get_int64(described, "Instance.MaxConcurrentConversation") != 9)
            problem("not modified");
        value = get_string(described, "Instance.InstanceDescription");
        if (value && strcmp(value, "modified") != 0) problem("description %s", value);
        obb_string_free(value);
        obb_response_free(described);
        finish("obb_modify_instance, read back by path", NULL);

        obb_delete_instance_request del = OBB_DELETE_INSTANCE_REQUEST_INIT;
        del.instance_id = ids[2];
        obb_response *deleted = NULL;
        status = obb_delete_instance(client, &del, &deleted);
        expect_ok("obb_delete_instance", status, deleted);
        obb_response_free(deleted);
        status = obb_call(client, "DescribeInstance", text, &described);
        if (status != OBB_ERR_SERVICE) problem("described after delete: %s", obb_status_name(status));
        obb_response_free(described);
        finish("obb_delete_instance, then DescribeInstance fails", NULL);
    }
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3 || getenv("OBB_ENDPOINT") == NULL) {
        fprintf(stderr, "usage: OBB_ENDPOINT=HOST:PORT test_generic_call PREFIX [ROUNDS]\n");
        return 2;
    }
    long rounds = argc == 3 ? strtol(argv[2], NULL, 10) : 1;
    obb_client_config config = OBB_CLIENT_CONFIG_INIT;
    config.endpoint = getenv("OBB_ENDPOINT");
    config.protocol = OBB_PROTOCOL_HTTP;
    if (getenv("OBB_SIGNATURE_VERSION") && strcmp(getenv("OBB_SIGNATURE_VERSION"), "v1") == 0)
        config.signature_version = OBB_SIGNATURE_V1;
    obb_client *client = NULL;
    char *error = NULL;
    if (obb_client_new(&client, &config, &error) != OBB_OK) {
        printf("FAIL obb_client_new: %s\n0 passed, 1 failed\n", error ? error : "");
        obb_string_free(error);
        return 1;
    }
    for (long round = 1; round <= rounds; round++) {
        char prefix[200];
        if (round == 1) snprintf(prefix, sizeof prefix, "%s", argv[1]);
        else snprintf(prefix, sizeof prefix, "%s-r%ld", argv[1], round);
        run_round(client, prefix);
    }
    obb_client_free(client);
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed > 0 ? 1 : 0;
}
