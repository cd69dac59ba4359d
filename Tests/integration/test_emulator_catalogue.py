"""outboundbot-emulator answers from the catalogue (issue 7, item 5).

Raw signed requests (conftest.rpc_signed: V1 and V3, parameters in the query or a form
body under their exact wire names), no SDK:
  - every catalogued action is checked as the gateway checks it: the signature first,
    then the parameters (Missing<Name> / InvalidParameter, HTTP 400, naming the
    parameter), in the query or the form body as the catalogue says;
  - the job workflow, end to end, with its state in the --state file;
  - every catalogued action the emulator does not carry out answers HTTP 501
    Emulator.ActionNotImplemented, never a made-up success.
"""

import json
import re

import pytest

from conftest import REPO, rpc_signed

CATALOGUE = REPO / "Sources" / "OutboundBotCatalogue" / "Catalogue+Generated.swift"

IMPLEMENTED = {
    "CreateInstance", "DescribeInstance", "ListInstances", "ModifyInstance", "DeleteInstance",
    "CreateJobGroup", "DescribeJobGroup", "ListJobGroups", "DeleteJobGroup",
    "AssignJobs", "StartJob", "SubmitBatchJobs", "ListJobs", "QueryJobs", "ListJobsByGroup",
    "DescribeJob", "CancelJobs", "SuspendJobs", "ResumeJobs",
}

SIGNATURES = ("v1", "v3")


@pytest.fixture(params=SIGNATURES)
def signature(request):
    return request.param


def call(emu, action, query=None, body=None, signature="v1", **kw):
    status, _headers, payload = rpc_signed(emu, action, query, body, signature=signature, **kw)
    return status, payload


def ok(emu, action, query=None, body=None, signature="v1"):
    status, payload = call(emu, action, query, body, signature)
    assert status == 200 and payload["Code"] == "OK" and payload["Success"] is True, (action, status, payload)
    return payload


def assert_error(result, status, code, mentions=None):
    got_status, payload = result
    assert (got_status, payload.get("Code")) == (status, code), result
    assert payload["Success"] is False and payload["HttpStatusCode"] == status, payload
    assert payload["RequestId"], payload
    if mentions is not None:
        assert mentions in payload["Message"], payload


def new_instance(emu, name="实例", signature="v1"):
    body = ok(emu, "CreateInstance", {"InstanceName": name, "MaxConcurrentConversation": 4,
                                      "CallingNumber": ["95187"]}, signature=signature)
    return body["Instance"]["InstanceId"]


def new_group(emu, instance_id, name="任务组", **extra):
    body = ok(emu, "CreateJobGroup", {"InstanceId": instance_id, "JobGroupName": name, **extra})
    return body["JobGroup"]


def job_entry(phone, ref, **extra):
    return json.dumps({"phoneNumber": phone, "referenceId": ref, **extra}, ensure_ascii=False)


def catalogue_actions():
    """{action: [(name, type text, location, style), ...required parameters]} from the
    committed generated catalogue (the emulator's own source of truth)."""
    text = CATALOGUE.read_text(encoding="utf-8")
    actions = {}
    for m in re.finditer(r'ActionSpec\("(\w+)", \.(get|post)', text):
        actions[m.group(1)] = m.group(2)
    return actions


# ------------------------------------------------------------------------ parameter checks

def test_missing_required_parameter(emulator, signature):
    iid = new_instance(emulator, signature=signature)
    assert_error(call(emulator, "DescribeJobGroup", {"InstanceId": iid}, signature=signature),
                 400, "MissingJobGroupId", "JobGroupId is mandatory for this action.")
    # Empty counts as missing, as the gateway has it.
    assert_error(call(emulator, "CreateJobGroup", {"InstanceId": iid, "JobGroupName": ""}, signature=signature),
                 400, "MissingJobGroupName", "JobGroupName")
    # A required repeat-list.
    assert_error(call(emulator, "AssignJobs", {"InstanceId": iid, "JobGroupId": "g"}, signature=signature),
                 400, "MissingJobsJson", "JobsJson")


def test_wrong_types_are_invalid_parameter(emulator, signature):
    iid = new_instance(emulator, signature=signature)
    cases = [
        ("ListJobGroups", {"InstanceId": iid, "PageNumber": 1, "PageSize": "ten"}, "PageSize"),
        ("ListJobGroups", {"InstanceId": iid, "PageNumber": "99999999999", "PageSize": 10}, "PageNumber"),
        ("CancelJobs", {"InstanceId": iid, "All": "maybe"}, "All"),
        ("CreateJobGroup", {"InstanceId": iid, "JobGroupName": "g", "RingingDuration": "1.5"}, "RingingDuration"),
        ("ListJobGroups", {"InstanceId": iid, "PageNumber": 1, "PageSize": 10, "StartTime": "yesterday"},
         "StartTime"),
    ]
    for action, params, name in cases:
        status, payload = call(emulator, action, params, signature=signature)
        assert (status, payload["Code"]) == (400, "InvalidParameter"), (action, params, payload)
        assert "parameter %s is not valid" % name in payload["Message"], payload


def test_boolean_spellings(emulator):
    """true/false in any case: the old Python SDK sends Python's True."""
    iid = new_instance(emulator)
    for value in ("true", "True", "FALSE"):
        status, payload = call(emulator, "CancelJobs", {"InstanceId": iid, "All": value, "JobId": ["none"]})
        assert status == 200, (value, payload)


def test_repeat_list_forms(emulator, signature):
    # A list sent without its index, or with an index that is not a positive integer.
    for key in ("CallingNumber", "CallingNumber.0", "CallingNumber.x", "CallingNumber.01"):
        status, payload = call(emulator, "CreateInstance",
                               {"InstanceName": "列表", "MaxConcurrentConversation": 1, key: "95187"},
                               signature=signature)
        assert (status, payload["Code"]) == (400, "InvalidParameter"), (key, payload)
        assert "CallingNumber" in payload["Message"], payload
    # A list of objects: Name.N.Field, each field checked against its type.
    iid = new_instance(emulator, "对象列表", signature=signature)
    listed = ok(emulator, "ListInstances", {"Tag.1.Key": "env", "Tag.1.Value": "test", "Tag.2.Key": "x"},
                signature=signature)
    assert listed["TotalCount"] == 1 and listed["Instances"][0]["InstanceId"] == iid, listed
    assert_error(call(emulator, "CreateNumber", {"TrunkId": "t", "Numbers.1.Number": "95187",
                                                 "Numbers.1.RateLimitCount": "many"}, signature=signature),
                 400, "InvalidParameter", "Numbers.1.RateLimitCount")
    assert_error(call(emulator, "CreateNumber", {"TrunkId": "t", "Numbers.first.Number": "95187"},
                      signature=signature),
                 400, "InvalidParameter", "Numbers.first")
    assert_error(call(emulator, "TagResources", {"RegionId": "cn-shanghai", "ResourceType": "instance",
                                                 "ResourceId.1": iid}, signature=signature),
                 400, "MissingTag", "Tag is mandatory")


def test_json_style_parameters(emulator, signature):
    base = {"InstanceId": "i", "ScriptId": "s"}
    assert_error(call(emulator, "CreateBeebotIntent", {**base, "IntentDefinition": "{not json"},
                      signature=signature),
                 400, "InvalidParameter", "IntentDefinition is not valid: it is not valid JSON.")
    assert_error(call(emulator, "CreateBeebotIntent", {**base, "IntentDefinition": "[1, 2]"}, signature=signature),
                 400, "InvalidParameter", "it must be an object, got an array")
    assert_error(call(emulator, "CreateBeebotIntent",
                      {**base, "IntentDefinition": json.dumps({"IntentName": {"nested": 1}})}, signature=signature),
                 400, "InvalidParameter", "IntentDefinition.IntentName")
    assert_error(call(emulator, "CreateBeebotIntent",
                      {**base, "IntentDefinition": json.dumps({"AliasName": "a"})}, signature=signature),
                 400, "MissingIntentDefinition.IntentName")
    assert_error(call(emulator, "CreateBeebotIntent",
                      {**base, "IntentDefinition": json.dumps({"IntentName": "n", "Extra": [1]})},
                      signature=signature),
                 501, "Emulator.ActionNotImplemented", "CreateBeebotIntent")
    # Hostile nesting is an error, not a crash.
    deep = "[" * 5000 + "]" * 5000
    assert_error(call(emulator, "CreateBeebotIntent", {**base, "IntentDefinition": deep}, signature=signature),
                 400, "InvalidParameter", "IntentDefinition")
    assert emulator.alive()


def test_body_located_parameters(emulator, signature):
    """AssignJobsAsync takes its parameters in the form body (V3 hashes it, V1 signs it)."""
    body = {"InstanceId": "i", "JobGroupId": "g", "JobsJson": json.dumps([job_entry("1380000", "r1")]),
            "CallingNumber": json.dumps(["95187"])}
    assert_error(call(emulator, "AssignJobsAsync", None, body, signature=signature),
                 501, "Emulator.ActionNotImplemented", "AssignJobsAsync")
    missing = dict(body)
    del missing["JobGroupId"]
    assert_error(call(emulator, "AssignJobsAsync", None, missing, signature=signature),
                 400, "MissingJobGroupId")
    # In the query instead of the body: named, with where it belongs.
    assert_error(call(emulator, "AssignJobsAsync", {"JobGroupId": "g"}, missing, signature=signature),
                 400, "InvalidParameter", "JobGroupId is not valid: it must be sent in the form body")
    assert_error(call(emulator, "AssignJobsAsync", None, {**body, "JobsJson": "[oops"}, signature=signature),
                 400, "InvalidParameter", "JobsJson")
    assert_error(call(emulator, "AssignJobsAsync", None, {**body, "CallingNumber": '{"a": 1}'},
                      signature=signature),
                 400, "InvalidParameter", "CallingNumber")
    # A query parameter sent in the body is as wrong.
    iid = new_instance(emulator, signature=signature)
    assert_error(call(emulator, "DescribeInstance", None, {"InstanceId": iid}, signature=signature),
                 400, "InvalidParameter", "InstanceId is not valid: it must be sent in the query string")
    logged = [r for r in emulator.requests() if r.get("action") == "AssignJobsAsync"]
    assert logged and logged[0]["params"]["InstanceId"] == "i", logged


def test_unknown_parameters_are_ignored(emulator, signature):
    iid = new_instance(emulator, signature=signature)
    described = ok(emulator, "DescribeInstance", {"InstanceId": iid, "NoSuchParameter": "x", "Instanceid": "y"},
                   signature=signature)
    assert described["Instance"]["InstanceId"] == iid


def test_signature_is_checked_before_parameters(emulator, signature):
    result = call(emulator, "DescribeJobGroup", {"InstanceId": "i"}, signature=signature, secret="wrong")
    assert_error(result, 400, "SignatureDoesNotMatch")
    result = call(emulator, "ListScripts", {}, signature=signature, access_key_id="LTAINoSuchKey")
    assert_error(result, 404, "InvalidAccessKeyId.NotFound")


def test_unknown_action_not_found(emulator, signature):
    assert_error(call(emulator, "DescribeJobGroups", {"InstanceId": "i"}, signature=signature),
                 404, "InvalidAction.NotFound")


def test_get_action_checked_then_not_implemented(emulator, signature):
    assert_error(call(emulator, "SearchTask", {}, method="GET", signature=signature), 400, "MissingInstanceId")
    assert_error(call(emulator, "SearchTask", {"InstanceId": "i", "PageSize": "x"}, method="GET",
                      signature=signature),
                 400, "InvalidParameter", "PageSize")
    assert_error(call(emulator, "SearchTask", {"InstanceId": "i", "PageIndex": 1}, method="GET",
                      signature=signature),
                 501, "Emulator.ActionNotImplemented", "SearchTask")


# --------------------------------------------------------------------------- not implemented

def test_every_other_catalogued_action_is_not_implemented(emulator):
    """Never a made-up success: each catalogued action the emulator does not carry out,
    sent with nothing but its signature, is 400 Missing<Name> (a required parameter)
    or 501 Emulator.ActionNotImplemented; never 2xx."""
    actions = catalogue_actions()
    assert len(actions) == 175, len(actions)
    assert IMPLEMENTED <= set(actions), IMPLEMENTED - set(actions)
    seen = {}
    for action, method in sorted(actions.items()):
        if action in IMPLEMENTED:
            continue
        status, payload = call(emulator, action, {}, method=method.upper())
        assert status in (400, 501), (action, status, payload)
        if status == 400:
            assert payload["Code"].startswith("Missing"), (action, payload)
        else:
            assert payload["Code"] == "Emulator.ActionNotImplemented", (action, payload)
            assert action in payload["Message"], payload
        seen[status] = seen.get(status, 0) + 1
    assert seen.get(501, 0) > 10 and seen.get(400, 0) > 10, seen


def test_not_implemented_answer(emulator, signature):
    status, payload = call(emulator, "ListScripts", {"InstanceId": "i", "PageNumber": 1, "PageSize": 10},
                           signature=signature)
    assert status == 501, payload
    assert payload["Code"] == "Emulator.ActionNotImplemented"
    assert payload["Message"].startswith("outboundbot-emulator does not implement ListScripts."), payload
    assert payload["HttpStatusCode"] == 501 and payload["Success"] is False
    [entry] = [r for r in emulator.requests() if r.get("action") == "ListScripts"]
    assert (entry["code"], entry["http_status"]) == ("Emulator.ActionNotImplemented", 501)


# ------------------------------------------------------------------------------ job workflow

def test_job_workflow_end_to_end(emulator, signature):
    iid = new_instance(emulator, "外呼活动", signature=signature)
    group = new_group(emulator, iid, "春季回访", JobGroupDescription="三个号码", ScriptId="script-1",
                      CallingNumber=["95187", "95188"], Priority="Urgent", MinConcurrency=2,
                      StrategyJson=json.dumps({"repeatBy": "Once", "maxAttemptsPerDay": 3,
                                               "workingTime": [{"beginTime": "09:00", "endTime": "18:00"}]}),
                      RecallStrategyJson=json.dumps({"emptyNumberIgnore": True}))
    gid = group["JobGroupId"]
    assert group["Status"] == "Draft" and group["JobGroupName"] == "春季回访", group
    assert group["CallingNumbers"] == ["95187", "95188"] and group["Priority"] == "Urgent"
    assert group["MinConcurrency"] == 2 and group["RingingDuration"] == 25
    assert group["Strategy"]["MaxAttemptsPerDay"] == 3, group
    assert group["Strategy"]["WorkingTime"] == [{"BeginTime": "09:00", "EndTime": "18:00"}], group
    assert group["RecallStrategy"] == {"EmptyNumberIgnore": True, "InArrearsIgnore": False,
                                       "OutOfServiceIgnore": False}, group

    # Three jobs: the short form, and the documented one with contacts and extras.
    assigned = ok(emulator, "AssignJobs", {
        "InstanceId": iid, "JobGroupId": gid,
        "JobsJson": [
            job_entry("13800000001", "ref-1", name="张三"),
            job_entry("13800000002", "ref-2"),
            json.dumps({"contacts": [{"phoneNumber": "13800000003", "referenceId": "ref-3", "name": "李四",
                                      "honorific": "李先生", "role": "owner"}],
                        "extras": [{"key": "orderId", "value": 42}]}),
        ]}, signature=signature)
    assert assigned["JobGroupId"] == gid and len(assigned["JobsId"]) == 3, assigned
    ids = assigned["JobsId"]

    described = ok(emulator, "DescribeJobGroup", {"InstanceId": iid, "JobGroupId": gid})["JobGroup"]
    assert described["Status"] == "Scheduling" and described["ScriptId"] == "script-1", described
    progress = described["Progress"]
    assert (progress["TotalJobs"], progress["Scheduling"], progress["Executing"]) == (3, 3, 0), progress

    job = ok(emulator, "DescribeJob", {"InstanceId": iid, "JobId": ids[2]}, signature=signature)["Job"]
    assert (job["JobId"], job["JobGroupId"], job["ReferenceId"], job["Status"]) == (ids[2], gid, "ref-3", "Scheduling")
    assert job["InstanceId"] == iid and job["CalledNumber"] == "13800000003"
    [contact] = job["Contacts"]
    assert (contact["PhoneNumber"], contact["ReferenceId"], contact["ContactName"], contact["Honorific"],
            contact["Role"], contact["JobId"]) == ("13800000003", "ref-3", "李四", "李先生", "owner", ids[2])
    assert job["Extras"] == [{"Key": "orderId", "Value": "42"}], job
    assert job["CallingNumbers"] == ["95187", "95188"] and job["Tasks"] == [], job

    # Start them: the group's waiting jobs are dialled.
    ok(emulator, "SubmitBatchJobs", {"InstanceId": iid, "JobGroupId": gid}, signature=signature)
    listed = ok(emulator, "ListJobs", {"InstanceId": iid, "JobId": ids + ["no-such-job"]})["Jobs"]
    assert [j["JobId"] for j in listed] == ids
    assert all(j["Status"] == "Executing" and len(j["Tasks"]) == 1 for j in listed), listed
    task = listed[0]["Tasks"][0]
    assert task["CalledNumber"] == "13800000001" and task["CallingNumber"] == "95187", task
    assert ok(emulator, "DescribeJobGroup", {"InstanceId": iid, "JobGroupId": gid})["JobGroup"]["Status"] == "Executing"

    # Suspend by reference, resume by id, cancel by reference.
    ok(emulator, "SuspendJobs", {"InstanceId": iid, "All": False, "JobReferenceId": ["ref-1", "ref-2"]},
       signature=signature)
    by_group = ok(emulator, "ListJobsByGroup", {"InstanceId": iid, "JobGroupId": gid, "PageNumber": 1,
                                                "PageSize": 10, "JobStatus": "Paused"})["Jobs"]
    assert by_group["TotalCount"] == 2 and {j["ReferenceId"] for j in by_group["List"]} == {"ref-1", "ref-2"}
    assert "Tasks" not in by_group["List"][0], by_group  # ListJobsByGroup's model has no Tasks
    ok(emulator, "ResumeJobs", {"InstanceId": iid, "All": False, "JobId": [ids[0]]}, signature=signature)
    ok(emulator, "CancelJobs", {"InstanceId": iid, "All": False, "JobReferenceId": ["ref-2"]}, signature=signature)
    statuses = {j["ReferenceId"]: j["Status"]
                for j in ok(emulator, "ListJobs", {"InstanceId": iid, "JobId": ids})["Jobs"]}
    assert statuses == {"ref-1": "Scheduling", "ref-2": "Cancelled", "ref-3": "Executing"}, statuses
    # A cancelled job stays cancelled.
    ok(emulator, "ResumeJobs", {"InstanceId": iid, "All": True, "JobGroupId": gid})
    assert ok(emulator, "DescribeJob", {"InstanceId": iid, "JobId": ids[1]})["Job"]["Status"] == "Cancelled"

    # StartJob: a waiting job with the same referenceId in the group is the one dialled...
    started = ok(emulator, "StartJob", {"InstanceId": iid, "JobGroupId": gid, "ScriptId": "script-1",
                                        "JobJson": json.dumps({"contacts": [{"phoneNumber": "13800000001",
                                                                             "referenceId": "ref-1"}]})},
                 signature=signature)
    assert started["TaskIds"][0]["Key"] == ids[0] and started["TaskIds"][0]["Value"], started
    assert started["CallIds"][0]["Key"] == ids[0] and started["CallIds"][0]["Value"], started
    again = ok(emulator, "DescribeJob", {"InstanceId": iid, "JobId": ids[0]})["Job"]
    assert again["Status"] == "Executing" and len(again["Tasks"]) == 2, again
    # ... otherwise a new job is made and dialled.
    fresh = ok(emulator, "StartJob", {"InstanceId": iid, "JobJson": job_entry("13900000000", "walk-in")})
    fresh_id = fresh["TaskIds"][0]["Key"]
    assert fresh_id not in ids
    fresh_job = ok(emulator, "DescribeJob", {"InstanceId": iid, "JobId": fresh_id})["Job"]
    assert (fresh_job["Status"], fresh_job["JobGroupId"], fresh_job["CallingNumbers"]) == ("Executing", "", [])

    # QueryJobs: paged, filtered by phone number.
    page = ok(emulator, "QueryJobs", {"InstanceId": iid, "JobGroupId": gid, "PageNumber": 2, "PageSize": 2})["Jobs"]
    assert (page["TotalCount"], page["PageNumber"], page["PageSize"]) == (3, 2, 2), page
    assert [j["JobId"] for j in page["List"]] == [ids[2]] and page["List"][0]["TagHits"] == [], page
    by_phone = ok(emulator, "QueryJobs", {"InstanceId": iid, "PageNumber": 1, "PageSize": 10,
                                          "PhoneNumber": "13900000000"})["Jobs"]
    assert [j["JobId"] for j in by_phone["List"]] == [fresh_id], by_phone

    # Cancel everything in the group.
    ok(emulator, "CancelJobs", {"InstanceId": iid, "All": True, "JobGroupId": gid})
    progress = ok(emulator, "DescribeJobGroup", {"InstanceId": iid, "JobGroupId": gid})["JobGroup"]["Progress"]
    assert (progress["TotalJobs"], progress["Cancelled"]) == (3, 3), progress
    assert ok(emulator, "DescribeJob", {"InstanceId": iid, "JobId": fresh_id})["Job"]["Status"] == "Executing"


def test_list_job_groups_pages_and_filters(emulator):
    iid = new_instance(emulator)
    other = new_instance(emulator, "另一个")
    names = ["组-%d" % i for i in range(5)]
    for name in names:
        new_group(emulator, iid, name)
    new_group(emulator, other, "别人的组")
    first = ok(emulator, "ListJobGroups", {"InstanceId": iid, "PageNumber": 1, "PageSize": 2})["JobGroups"]
    third = ok(emulator, "ListJobGroups", {"InstanceId": iid, "PageNumber": 3, "PageSize": 2})["JobGroups"]
    beyond = ok(emulator, "ListJobGroups", {"InstanceId": iid, "PageNumber": 4, "PageSize": 2})["JobGroups"]
    assert (first["TotalCount"], first["PageNumber"], first["PageSize"]) == (5, 1, 2), first
    assert [g["JobGroupName"] for g in first["List"]] == names[:2]
    assert [g["JobGroupName"] for g in third["List"]] == names[4:]
    assert beyond["List"] == [] and beyond["TotalCount"] == 5
    item = first["List"][0]
    assert item["Progress"]["TotalJobs"] == 0 and "CancelledNum" in item["Progress"], item
    assert set(item["Strategy"]) == {"StartTime", "EndTime"} and item["TotalCallNum"] == 0, item
    searched = ok(emulator, "ListJobGroups", {"InstanceId": iid, "PageNumber": 1, "PageSize": 10,
                                              "SearchText": "组-3"})["JobGroups"]
    assert [g["JobGroupName"] for g in searched["List"]] == ["组-3"]
    drafts = ok(emulator, "ListJobGroups", {"InstanceId": iid, "PageNumber": 1, "PageSize": 10,
                                            "JobGroupStatusFilter": "Executing"})["JobGroups"]
    assert drafts["TotalCount"] == 0


def test_job_errors(emulator, signature):
    iid = new_instance(emulator, signature=signature)
    gid = new_group(emulator, iid)["JobGroupId"]
    assert_error(call(emulator, "CreateJobGroup", {"InstanceId": "no-such-instance", "JobGroupName": "g"},
                      signature=signature), 404, "NotExist.Instance")
    assert_error(call(emulator, "DescribeJobGroup", {"InstanceId": iid, "JobGroupId": "no-such-group"},
                      signature=signature), 404, "NotExist.JobGroup")
    assert_error(call(emulator, "DescribeJob", {"InstanceId": iid, "JobId": "no-such-job"}, signature=signature),
                 404, "NotExist.Job")
    assert_error(call(emulator, "AssignJobs", {"InstanceId": iid, "JobGroupId": "no-such-group",
                                               "JobsJson": [job_entry("1", "r")]}, signature=signature),
                 404, "NotExist.JobGroup")
    # Another instance's group is not found through this one.
    other = new_instance(emulator, "另一个", signature=signature)
    assert_error(call(emulator, "DescribeJobGroup", {"InstanceId": other, "JobGroupId": gid}, signature=signature),
                 404, "NotExist.JobGroup")
    bad_entries = [
        ("{not json", "JobsJson.2 is not valid: it is not valid JSON."),
        ("[]", "JobsJson.2 is not valid: it must be a JSON object"),
        (json.dumps({"referenceId": "r"}), "JobsJson.2 is not valid: phoneNumber is required."),
        (json.dumps({"phoneNumber": "1"}), "JobsJson.2 is not valid: referenceId is required."),
        (json.dumps({"contacts": [{"phoneNumber": "1", "referenceId": "r"}, {"phoneNumber": "2"}]}),
         "contacts[1].referenceId is required."),
        (json.dumps({"contacts": "1"}), "contacts must be an array"),
        (json.dumps({"phoneNumber": {"n": 1}, "referenceId": "r"}), "phoneNumber must be a string"),
        (json.dumps({"phoneNumber": "1", "referenceId": "r", "extras": [{"value": "v"}]}),
         "extras[0].key is required."),
    ]
    for entry, message in bad_entries:
        assert_error(call(emulator, "AssignJobs", {"InstanceId": iid, "JobGroupId": gid,
                                                   "JobsJson": [job_entry("1", "ok"), entry]}, signature=signature),
                     400, "InvalidParameter", message)
    too_many = [job_entry("1%04d" % i, "r%d" % i) for i in range(100)]
    assert_error(call(emulator, "AssignJobs", {"InstanceId": iid, "JobGroupId": gid, "JobsJson": too_many},
                      signature=signature),
                 400, "InvalidParameter", "at most 99 jobs")
    assert_error(call(emulator, "CreateJobGroup", {"InstanceId": iid, "JobGroupName": "g", "StrategyJson": "{x"},
                      signature=signature), 400, "InvalidParameter", "StrategyJson")
    assert_error(call(emulator, "CreateJobGroup", {"InstanceId": iid, "JobGroupName": "g", "Priority": "Now"},
                      signature=signature), 400, "InvalidParameter", "Priority")
    assert_error(call(emulator, "CancelJobs", {"InstanceId": iid, "All": False}, signature=signature),
                 400, "InvalidParameter", "JobId or JobReferenceId is required when All is false.")
    # Nothing was assigned by the failed calls.
    progress = ok(emulator, "DescribeJobGroup", {"InstanceId": iid, "JobGroupId": gid})["JobGroup"]["Progress"]
    assert progress["TotalJobs"] == 0, progress


def test_delete_job_group_and_instance_cascade(emulator):
    iid = new_instance(emulator)
    gid = new_group(emulator, iid)["JobGroupId"]
    [jid] = ok(emulator, "AssignJobs", {"InstanceId": iid, "JobGroupId": gid,
                                        "JobsJson": [job_entry("1", "r")]})["JobsId"]
    ok(emulator, "DeleteJobGroup", {"InstanceId": iid, "JobGroupId": gid})
    assert_error(call(emulator, "DescribeJob", {"InstanceId": iid, "JobId": jid}), 404, "NotExist.Job")
    gid = new_group(emulator, iid)["JobGroupId"]
    ok(emulator, "DeleteInstance", {"InstanceId": iid})
    assert_error(call(emulator, "DescribeJobGroup", {"InstanceId": iid, "JobGroupId": gid}), 404, "NotExist.Instance")


def test_job_workflow_survives_restart(emulator_factory, tmp_path):
    state = tmp_path / "state.json"
    first = emulator_factory(state=state)
    iid = new_instance(first)
    gid = new_group(first, iid, "持久")["JobGroupId"]
    ids = ok(first, "AssignJobs", {"InstanceId": iid, "JobGroupId": gid,
                                   "JobsJson": [job_entry("1", "r1"), job_entry("2", "r2")]})["JobsId"]
    ok(first, "SubmitBatchJobs", {"InstanceId": iid, "JobGroupId": gid})
    ok(first, "SuspendJobs", {"InstanceId": iid, "All": False, "JobId": [ids[1]]})
    assert first.stop() == 0
    doc = json.loads(state.read_text(encoding="utf-8"))
    assert doc["formatVersion"] == 2 and len(doc["jobGroups"]) == 1 and len(doc["jobs"]) == 2, doc

    second = emulator_factory(state=state)
    jobs = ok(second, "ListJobs", {"InstanceId": iid, "JobId": ids})["Jobs"]
    assert [(j["ReferenceId"], j["Status"], len(j["Tasks"])) for j in jobs] == [
        ("r1", "Executing", 1), ("r2", "Paused", 1)], jobs
    group = ok(second, "DescribeJobGroup", {"InstanceId": iid, "JobGroupId": gid})["JobGroup"]
    assert (group["JobGroupName"], group["Status"]) == ("持久", "Executing"), group
    # New ids keep their order after the old ones.
    new_gid = new_group(second, iid, "之后")["JobGroupId"]
    listed = ok(second, "ListJobGroups", {"InstanceId": iid, "PageNumber": 1, "PageSize": 10})["JobGroups"]["List"]
    assert [g["JobGroupId"] for g in listed] == [gid, new_gid]


def test_state_file_of_format_1_still_loads(emulator_factory, tmp_path):
    """A state file written before the job workflow (instances only) loads as it was."""
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"formatVersion": 1, "creationCounter": 1, "instances": [{
        "InstanceId": "old-instance", "InstanceName": "旧的", "InstanceDescription": "",
        "CreationTime": 1, "CreatorId": 1, "CreatorName": "u", "OwnerName": "o",
        "ResourceGroupId": "rg", "MaxConcurrentConversation": 1, "NluServiceType": "Managed",
        "CallingNumbers": [], "Sequence": 1}]}), encoding="utf-8")
    emu = emulator_factory(state=state)
    assert ok(emu, "DescribeInstance", {"InstanceId": "old-instance"})["Instance"]["InstanceName"] == "旧的"
    gid = new_group(emu, "old-instance")["JobGroupId"]
    assert ok(emu, "DescribeJobGroup", {"InstanceId": "old-instance", "JobGroupId": gid})
