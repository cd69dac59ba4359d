"""Interoperability of outboundbot-emulator with the official Python SDKs (issue 3).

Three SDK modes, each over HTTP and over HTTPS with a CA made in this test run (peer
verification on, the CA handed to the SDK through its own option):
  tea-v3   alibabacloud-outboundbot20191226, default signature ACS3-HMAC-SHA256
  tea-v1   the same with Config(signature_algorithm='v2'): HMAC-SHA1 RPC signature
  core-v1  aliyun-python-sdk-core + aliyun-python-sdk-outboundbot (HMAC-SHA1)
The SDKs run in build/venv-sdk (see conftest.sdk_python) as subprocesses.
"""

import json
import time

import pytest

from conftest import SDK_MODES, v1_string_to_sign

pytestmark = pytest.mark.sdk

SIGNATURE_VERSION = {"tea-v3": "v3", "tea-v1": "v1", "core-v1": "v1"}
# The SDK's exception class for a 4xx / 5xx answer.
CLIENT_ERROR = {"tea-v3": "ClientException", "tea-v1": "ClientException", "core-v1": "ServerException"}
SERVER_ERROR = {"tea-v3": "ServerException", "tea-v1": "ServerException", "core-v1": "ServerException"}

DUPLICATED_MESSAGE = "The specified InstanceName already exists."
QUOTA_MESSAGE = "The maximum number of concurrent conversations is exceeded."
INTERNAL_MESSAGE = ("An error occurred while processing your request. Please try again later. "
                    "Submit a ticket if the error still exists.")


@pytest.fixture(params=["http", "https"])
def scheme(request):
    return request.param


@pytest.fixture(params=SDK_MODES)
def mode(request):
    return request.param


@pytest.fixture
def emu(emulator_factory, scheme, request, test_ca):
    """An emulator over `scheme` with --admin; extra flags from @pytest.mark.emulator_args."""
    marker = request.node.get_closest_marker("emulator_args")
    args = marker.args if marker else ()
    return emulator_factory(*args, tls=test_ca if scheme == "https" else None)


def create(name, max_cc=4, numbers=("95187", "95188"), **extra):
    params = {"InstanceName": name, "MaxConcurrentConversation": max_cc}
    if numbers is not None:
        params["CallingNumber"] = list(numbers)
    params.update(extra)
    return ("CreateInstance", params)


def lower_keys(d):
    return {str(k).lower(): v for k, v in (d or {}).items()}


def error_body(mode, result):
    """The service's error JSON as the SDK exposes it (tea keeps it in .data)."""
    return result["body"] if mode != "core-v1" else None


def assert_error(mode, result, http_status, code, message=None, server=False):
    assert result["ok"] is False, result
    assert result["http_status"] == http_status, result
    assert result["code"] == code, result
    assert result["error_class"] == (SERVER_ERROR if server else CLIENT_ERROR)[mode], result
    assert result["request_id"] and result["request_id"] != "None", result
    body = error_body(mode, result)
    if body is not None:  # tea SDKs: the parsed error body
        assert body["Code"] == code, body
        assert body["RequestId"] == result["request_id"], body
        if message is not None:
            assert body["Message"] == message, body
    elif message is not None:  # core SDK: the message is the body's Message
        assert result["message"] == message, result


def rpc_entries(emu, action=None):
    entries = [r for r in emu.requests() if r.get("action")]
    if action:
        entries = [r for r in entries if r["action"] == action]
    return entries


# ------------------------------------------------------------------------------ accepted

def test_create_instance_accepted(run_sdk, emu, mode):
    name = "第一个实例-" + mode
    description = "这个是第一的实例"
    before = int(time.time() * 1000)
    [res] = run_sdk(mode, emu, [create(name, 4, InstanceDescription=description)])
    after = int(time.time() * 1000)

    assert res["ok"] is True, res
    assert res["http_status"] == 200
    body = res["body"]
    assert body["Code"] == "OK", body
    assert body["Success"] is True, body
    assert body["HttpStatusCode"] == 200, body
    assert isinstance(body["Message"], str), body
    assert isinstance(body["RequestId"], str) and body["RequestId"], body
    inst = body["Instance"]
    assert isinstance(inst["InstanceId"], str) and inst["InstanceId"], inst
    assert inst["InstanceName"] == name
    assert inst["InstanceDescription"] == description
    assert inst["MaxConcurrentConversation"] == 4
    assert isinstance(inst["CreationTime"], int), inst
    assert before - 2000 <= inst["CreationTime"] <= after + 2000, (before, inst, after)
    assert isinstance(inst["CreatorId"], int), inst
    for field in ("CreatorName", "OwnerName", "ResourceGroupId"):
        assert isinstance(inst[field], str) and inst[field], (field, inst)


def test_request_log_shows_what_the_sdk_sent(run_sdk, emu, mode):
    name = "日志实例-" + mode
    [res] = run_sdk(mode, emu, [create(name, 3)])
    assert res["ok"] is True, res

    [entry] = rpc_entries(emu, "CreateInstance")
    assert entry["method"] == "POST"
    assert entry["version"] == "2019-12-26"
    assert entry["signature_version"] == SIGNATURE_VERSION[mode]
    assert entry["code"] == "OK"
    assert entry["http_status"] == 200
    params = entry["params"]
    assert params["InstanceName"] == name
    assert params["MaxConcurrentConversation"] == "3"
    assert params["CallingNumber.1"] == "95187"
    assert params["CallingNumber.2"] == "95188"
    assert "CallingNumber.3" not in params
    headers = lower_keys(entry["headers"])
    if mode == "tea-v3":
        assert headers["x-acs-action"] == "CreateInstance"
        assert headers["authorization"].startswith("ACS3-HMAC-SHA256 Credential=%s," % emu.access_key_id) \
            or headers["authorization"] == "<redacted>", headers
        assert len(headers["x-acs-content-sha256"]) == 64
        assert "Signature" not in params
    else:
        assert params["SignatureMethod"] == "HMAC-SHA1"
        assert params["SignatureVersion"] == "1.0"
        assert params["AccessKeyId"] == emu.access_key_id
        assert params["Action"] == "CreateInstance"
    dump = json.dumps(emu.requests(), ensure_ascii=False)
    assert emu.access_key_secret not in dump


def test_special_characters_round_trip(run_sdk, emu, mode):
    """Spaces travel as '+' (tea) or %20 (core); '+', '*', '~', '&', '=', '%' must survive."""
    name = "名 称+*~&=%/-" + mode
    description = "a b+c*d~e&f=g%h/i 你好"
    res = run_sdk(mode, emu, [create(name, 1, numbers=["+86 95187"], InstanceDescription=description)])
    assert res[0]["ok"] is True, res
    instance_id = res[0]["body"]["Instance"]["InstanceId"]
    assert res[0]["body"]["Instance"]["InstanceName"] == name
    assert res[0]["body"]["Instance"]["InstanceDescription"] == description
    [described] = run_sdk(mode, emu, [("DescribeInstance", {"InstanceId": instance_id})])
    assert described["ok"] is True, described
    assert described["body"]["Instance"]["InstanceName"] == name
    assert described["body"]["Instance"]["InstanceDescription"] == description
    [entry] = rpc_entries(emu, "CreateInstance")
    assert entry["params"]["CallingNumber.1"] == "+86 95187"


# -------------------------------------------------------------------------------- errors

def test_duplicate_name_rejected(run_sdk, emu, mode):
    name = "重复的实例-" + mode
    first, second = run_sdk(mode, emu, [create(name, 2), create(name, 2)])
    assert first["ok"] is True, first
    assert_error(mode, second, 400, "InvalidInstanceName.Duplicated", DUPLICATED_MESSAGE)
    [listed] = run_sdk(mode, emu, [("ListInstances", {"Name": name, "PageNumber": 1, "PageSize": 10})])
    assert listed["ok"] is True, listed
    assert listed["body"]["TotalCount"] == 1, listed
    entries = rpc_entries(emu, "CreateInstance")
    assert [(e["code"], e["http_status"]) for e in entries] == [
        ("OK", 200), ("InvalidInstanceName.Duplicated", 400)]


@pytest.mark.emulator_args("--concurrency-quota", "10")
def test_concurrency_quota_exceeded(run_sdk, emu, mode):
    results = run_sdk(mode, emu, [
        create("配额-a", 6),
        create("配额-b", 5),   # 6 + 5 > 10
        create("配额-c", 4),   # 6 + 4 == 10: exactly at the quota
        create("配额-d", 1),   # 11 > 10
    ])
    assert results[0]["ok"] is True, results[0]
    assert_error(mode, results[1], 400, "LimitExceeded.ConcurrentConversation", QUOTA_MESSAGE)
    assert results[2]["ok"] is True, results[2]
    assert_error(mode, results[3], 400, "LimitExceeded.ConcurrentConversation", QUOTA_MESSAGE)
    [listed] = run_sdk(mode, emu, [("ListInstances", {"PageNumber": 1, "PageSize": 10})])
    names = sorted(i["InstanceName"] for i in listed["body"]["Instances"])
    assert names == ["配额-a", "配额-c"], listed


def test_wrong_secret_rejected(run_sdk, emu, mode):
    [res] = run_sdk(mode, emu, [create("错误的密钥", 1)], access_key_secret="not-the-secret")
    entries = rpc_entries(emu)
    assert [(e["code"], e["http_status"]) for e in entries] == [("SignatureDoesNotMatch", 400)]
    if mode == "core-v1":
        # The core SDK compares the server's string to sign (in the message, after the
        # colon) with its own; equal strings turn the code into InvalidAccessKeySecret.
        # So this proves the emulator's message carries the exact V1 string to sign.
        assert res["ok"] is False and res["http_status"] == 400, res
        assert res["code"] == "InvalidAccessKeySecret", res
    else:
        assert_error(mode, res, 400, "SignatureDoesNotMatch")
        if mode == "tea-v1":
            # The message carries the server's V1 string to sign: the one the SDK signed.
            expected = v1_string_to_sign("POST", entries[0]["params"])
            assert res["body"]["Message"].split(":", 1)[1] == expected, (res, expected)
    assert "not-the-secret" not in json.dumps(emu.requests())
    [listed] = run_sdk(mode, emu, [("ListInstances", {"PageNumber": 1, "PageSize": 10})])
    assert listed["ok"] is True and listed["body"]["TotalCount"] == 0, listed


def test_unknown_access_key_rejected(run_sdk, emu, mode):
    [res] = run_sdk(mode, emu, [create("未知的密钥", 1)], access_key_id="LTAINoSuchKey")
    assert_error(mode, res, 404, "InvalidAccessKeyId.NotFound")


def test_injected_internal_error(run_sdk, emu, mode):
    emu.inject("CreateInstance", "internal_error", count=1)
    failed, retried = run_sdk(mode, emu, [create("故障实例", 2), create("故障实例", 2)])
    assert_error(mode, failed, 500, "InternalError", INTERNAL_MESSAGE, server=True)
    # The fault was used up, and the failed call created nothing.
    assert retried["ok"] is True, retried
    entries = rpc_entries(emu, "CreateInstance")
    assert [(e["code"], e["http_status"]) for e in entries] == [("InternalError", 500), ("OK", 200)]


def test_injected_fault_on_one_action_only(run_sdk, emu, mode):
    emu.inject("ListInstances", "internal_error", count=1)
    created, listed = run_sdk(mode, emu, [create("只有列表失败", 1),
                                          ("ListInstances", {"PageNumber": 1, "PageSize": 10})])
    assert created["ok"] is True, created
    assert_error(mode, listed, 500, "InternalError", server=True)


def test_injected_throttling(run_sdk, emu, mode):
    emu.inject("*", "throttling", count=1, retry_after_ms=3000)
    throttled, after = run_sdk(mode, emu, [create("限流实例", 1), create("限流实例", 1)])
    assert throttled["ok"] is False, throttled
    assert throttled["code"] == "Throttling.User", throttled
    assert 400 <= throttled["http_status"] < 600, throttled
    if mode != "core-v1":
        # tea raises ThrottlingException only when it finds x-acs-retry-after, and
        # keeps its value as is: milliseconds.
        assert throttled["error_class"] == "ThrottlingException", throttled
        assert throttled["retry_after"] == 3000, throttled
    assert after["ok"] is True, after


def test_injected_bad_gateway_and_closed_connection(run_sdk, emu, mode):
    emu.inject("CreateInstance", "bad_gateway", count=1)
    [bad] = run_sdk(mode, emu, [create("网关", 1)])
    assert bad["ok"] is False, bad
    if mode == "core-v1":
        # An HTML body: the core SDK keeps the HTTP status, with its own code.
        assert (bad["http_status"], bad["code"]) == (502, "SDK.UnknownServerError"), bad
    else:
        # The tea SDKs parse every 4xx/5xx body as JSON; HTML ends in a decode error.
        assert bad["error_class"] == "UnretryableException", bad
    emu.inject("CreateInstance", "close", count=1)
    [closed] = run_sdk(mode, emu, [create("断开", 1)])
    # A new client: the core SDK's old urllib3 may hand the dead TLS connection out again.
    again, other = run_sdk(mode, emu, [create("断开", 1), create("其他", 1)])
    # The connection closes mid-answer *after* the create ran: the caller saw no answer,
    # and a blind retry of the same name meets its own instance.
    assert closed["ok"] is False and closed["http_status"] in (None, 200), closed
    assert_error(mode, again, 400, "InvalidInstanceName.Duplicated", DUPLICATED_MESSAGE)
    assert other["ok"] is True, other
    statuses = [e["http_status"] for e in rpc_entries(emu, "CreateInstance")]
    assert statuses[0] == 502 and statuses[-2:] == [400, 200], statuses


def test_injected_delay(run_sdk, emu, mode):
    emu.inject("CreateInstance", "delay", count=1, delay_ms=400)
    slow, quick = run_sdk(mode, emu, [create("慢", 1), create("快", 1)])
    assert slow["ok"] is True and quick["ok"] is True, (slow, quick)
    assert slow["elapsed_ms"] >= 400, slow


# ------------------------------------------------------------------------ instance actions

def test_describe_modify_delete(run_sdk, emu, mode):
    [created] = run_sdk(mode, emu, [create("生命周期-" + mode, 2, InstanceDescription="旧")])
    assert created["ok"] is True, created
    iid = created["body"]["Instance"]["InstanceId"]
    described, modified, described2, deleted, gone = run_sdk(mode, emu, [
        ("DescribeInstance", {"InstanceId": iid}),
        ("ModifyInstance", {"InstanceId": iid, "InstanceName": "改名-" + mode,
                            "MaxConcurrentConversation": 3, "InstanceDescription": "新"}),
        ("DescribeInstance", {"InstanceId": iid}),
        ("DeleteInstance", {"InstanceId": iid}),
        ("DescribeInstance", {"InstanceId": iid}),
    ])
    for r in (described, modified, described2, deleted):
        assert r["ok"] is True and r["body"]["Code"] == "OK" and r["body"]["Success"] is True, r
    assert described["body"]["Instance"] == {
        **described["body"]["Instance"], "InstanceId": iid, "InstanceName": "生命周期-" + mode,
        "MaxConcurrentConversation": 2, "InstanceDescription": "旧",
        "CreationTime": created["body"]["Instance"]["CreationTime"]}
    inst = described2["body"]["Instance"]
    assert (inst["InstanceName"], inst["MaxConcurrentConversation"], inst["InstanceDescription"]) \
        == ("改名-" + mode, 3, "新"), inst
    assert gone["ok"] is False and 400 <= gone["http_status"] < 500, gone


def test_list_instances_pages_and_filter(run_sdk, emu, mode):
    names = ["列表-%02d" % i for i in range(5)] + ["别的"]
    created = run_sdk(mode, emu, [create(n, 1, numbers=None) for n in names])
    assert all(r["ok"] for r in created), created
    page1, page2, page3, filtered = run_sdk(mode, emu, [
        ("ListInstances", {"PageNumber": 1, "PageSize": 4}),
        ("ListInstances", {"PageNumber": 2, "PageSize": 4}),
        ("ListInstances", {"PageNumber": 3, "PageSize": 4}),
        ("ListInstances", {"Name": "别的", "PageNumber": 1, "PageSize": 4}),
    ])
    for p in (page1, page2, page3, filtered):
        assert p["ok"] is True, p
    assert page1["body"]["TotalCount"] == 6 and page2["body"]["TotalCount"] == 6
    assert page1["body"]["PageNumber"] == 1 and page1["body"]["PageSize"] == 4
    assert len(page1["body"]["Instances"]) == 4 and len(page2["body"]["Instances"]) == 2
    assert page3["body"].get("Instances") in ([], None), page3
    seen = [i["InstanceName"] for i in page1["body"]["Instances"] + page2["body"]["Instances"]]
    assert sorted(seen) == sorted(names)
    assert filtered["body"]["TotalCount"] == 1
    assert [i["InstanceName"] for i in filtered["body"]["Instances"]] == ["别的"]


# ---------------------------------------------------------------------------------- STS

STS = ("STS.EmulatorTestKey", "EmulatorStsSecret", "CAIS-emulator-security-token-0123456789")


@pytest.mark.emulator_args("--sts-token", ":".join(STS))
def test_sts_token_accepted_and_redacted(run_sdk, emu, mode):
    assert emu.security_token == STS[2]
    [res] = run_sdk(mode, emu, [create("临时凭证-" + mode, 1)])
    assert res["ok"] is True, res
    [entry] = rpc_entries(emu, "CreateInstance")
    if mode == "tea-v3":
        assert lower_keys(entry["headers"])["x-acs-security-token"] == "<redacted>", entry
    else:
        assert entry["params"]["SecurityToken"] == "<redacted>", entry
    dump = json.dumps(emu.requests(), ensure_ascii=False)
    assert STS[2] not in dump and STS[1] not in dump
    # Without the token the same key pair is not enough.
    [denied] = run_sdk(mode, emu, [create("临时凭证2-" + mode, 1)], security_token=None)
    assert denied["ok"] is False and 400 <= denied["http_status"] < 500, denied


# -------------------------------------------------------------------------------- HTTPS

def test_https_verification_is_on(run_sdk, emulator_factory, test_ca, mode):
    """Without the test CA the SDK must refuse the emulator's certificate."""
    emu = emulator_factory(tls=test_ca)
    assert emu.scheme == "https" and emu.url.startswith("https://127.0.0.1:")
    [res] = run_sdk(mode, emu, [create("不信任", 1)], ca=None)
    assert res["ok"] is False, res
    assert "CERTIFICATE_VERIFY_FAILED" in (res["message"] or "") + (res.get("traceback") or ""), res
    assert rpc_entries(emu) == []


def test_https_by_host_name(run_sdk, emulator_factory, test_ca, mode):
    """The certificate's DNS:localhost SAN: the SDK reaches the emulator as localhost:PORT."""
    emu = emulator_factory(tls=test_ca)
    [res] = run_sdk(mode, emu, [create("主机名", 1)], endpoint="localhost:%d" % emu.port)
    assert res["ok"] is True, res


# ------------------------------------------------------------- the catalogue's actions (issue 7)

NOT_IMPLEMENTED = "Emulator.ActionNotImplemented"


def jobs_json(*entries):
    return [json.dumps(e, ensure_ascii=False) for e in entries]


def test_instance_actions_accepted_with_official_shapes(run_sdk, emu, mode):
    """ListInstances, DescribeInstance, ModifyInstance, DeleteInstance: tea reads each answer
    into its model and back (to_map keeps only the model's fields), core hands over the JSON."""
    [created] = run_sdk(mode, emu, [create("目录-" + mode, 2, InstanceDescription="旧")])
    assert created["ok"] is True, created
    iid = created["body"]["Instance"]["InstanceId"]
    listed, described, modified, deleted, gone = run_sdk(mode, emu, [
        ("ListInstances", {"PageNumber": 1, "PageSize": 5}),
        ("DescribeInstance", {"InstanceId": iid}),
        ("ModifyInstance", {"InstanceId": iid, "MaxConcurrentConversation": 3, "InstanceDescription": "新",
                            "CallingNumber": ["95188"]}),
        ("DeleteInstance", {"InstanceId": iid}),
        ("DescribeInstance", {"InstanceId": iid}),
    ])
    for r in (listed, described, modified, deleted):
        assert r["ok"] is True and r["body"]["Code"] == "OK" and r["body"]["Success"] is True, r
        assert r["body"]["HttpStatusCode"] == 200 and r["body"]["RequestId"], r
    body = listed["body"]
    assert (body["PageNumber"], body["PageSize"], body["TotalCount"]) == (1, 5, 1), body
    [item] = body["Instances"]
    assert {"InstanceId", "InstanceName", "InstanceDescription", "CreationTime", "CreatorId", "CreatorName",
            "OwnerName", "ResourceGroupId", "MaxConcurrentConversation", "IsPreset"} <= set(item), item
    assert item["InstanceId"] == iid and item["MaxConcurrentConversation"] == 2
    assert described["body"]["Instance"]["InstanceDescription"] == "旧", described
    inst = modified["body"]["Instance"]
    assert (inst["InstanceId"], inst["MaxConcurrentConversation"], inst["InstanceDescription"]) == (iid, 3, "新")
    assert_error(mode, gone, 404, "InvalidInstanceId.NotFound")


def test_job_workflow_accepted_with_official_shapes(run_sdk, emu, mode):
    """CreateJobGroup, AssignJobs (JobsJson entries with phoneNumber and referenceId), then
    the job queries and state changes, through each official SDK."""
    [created] = run_sdk(mode, emu, [create("外呼-" + mode, 4)])
    iid = created["body"]["Instance"]["InstanceId"]
    [group] = run_sdk(mode, emu, [("CreateJobGroup", {
        "InstanceId": iid, "JobGroupName": "回访-" + mode, "JobGroupDescription": "三个号码",
        "CallingNumber": ["95187"], "Priority": "Daily", "RingingDuration": 30,
        "StrategyJson": json.dumps({"repeatBy": "Once", "workingTime": [{"beginTime": "09:00", "endTime": "18:00"}]}),
    })])
    assert group["ok"] is True, group
    jg = group["body"]["JobGroup"]
    gid = jg["JobGroupId"]
    assert (jg["JobGroupName"], jg["Status"], jg["RingingDuration"], jg["CallingNumbers"]) == (
        "回访-" + mode, "Draft", 30, ["95187"]), jg
    assert jg["Strategy"]["WorkingTime"] == [{"BeginTime": "09:00", "EndTime": "18:00"}], jg
    assert isinstance(jg["CreationTime"], int) and jg["RecallStrategy"]["EmptyNumberIgnore"] is False, jg

    [assigned] = run_sdk(mode, emu, [("AssignJobs", {
        "InstanceId": iid, "JobGroupId": gid,
        "JobsJson": jobs_json(
            {"phoneNumber": "13800000001", "referenceId": "ref-1"},
            {"phoneNumber": "13800000002", "referenceId": "ref-2"},
            {"contacts": [{"phoneNumber": "13800000003", "referenceId": "ref-3", "name": "王五"}],
             "extras": [{"key": "orderId", "value": "7"}]}),
    })])
    assert assigned["ok"] is True, assigned
    assert assigned["body"]["JobGroupId"] == gid and len(assigned["body"]["JobsId"]) == 3, assigned
    ids = assigned["body"]["JobsId"]

    queried, by_group, listed, described, groups, described_group = run_sdk(mode, emu, [
        ("QueryJobs", {"InstanceId": iid, "JobGroupId": gid, "PageNumber": 1, "PageSize": 2}),
        ("ListJobsByGroup", {"InstanceId": iid, "JobGroupId": gid, "PageNumber": 1, "PageSize": 10}),
        ("ListJobs", {"InstanceId": iid, "JobId": ids}),
        ("DescribeJob", {"InstanceId": iid, "JobId": ids[2]}),
        ("ListJobGroups", {"InstanceId": iid, "PageNumber": 1, "PageSize": 10}),
        ("DescribeJobGroup", {"InstanceId": iid, "JobGroupId": gid}),
    ])
    for r in (queried, by_group, listed, described, groups, described_group):
        assert r["ok"] is True and r["body"]["Code"] == "OK", r
    page = queried["body"]["Jobs"]
    assert (page["TotalCount"], page["PageNumber"], page["PageSize"], len(page["List"])) == (3, 1, 2, 2), page
    first = page["List"][0]
    assert (first["JobId"], first["JobGroupId"], first["ReferenceId"], first["Status"]) == (
        ids[0], gid, "ref-1", "Scheduling"), first
    assert first["Contacts"][0]["PhoneNumber"] == "13800000001" and first["CallingNumbers"] == ["95187"], first
    assert by_group["body"]["Jobs"]["TotalCount"] == 3, by_group
    assert [j["JobId"] for j in listed["body"]["Jobs"]] == ids, listed
    job = described["body"]["Job"]
    assert (job["JobId"], job["ReferenceId"], job["Contacts"][0]["ContactName"]) == (ids[2], "ref-3", "王五"), job
    assert job["Extras"] == [{"Key": "orderId", "Value": "7"}], job
    lg = groups["body"]["JobGroups"]
    assert lg["TotalCount"] == 1 and lg["List"][0]["JobGroupId"] == gid, lg
    assert lg["List"][0]["Progress"]["TotalJobs"] == 3, lg
    progress = described_group["body"]["JobGroup"]["Progress"]
    assert (progress["TotalJobs"], progress["Scheduling"]) == (3, 3), progress

    # Start, then change state by JobReferenceId and by JobId (All travels as a boolean:
    # "true"/"false" from tea, "True"/"False" from core).
    submitted, suspended, resumed, cancelled, after = run_sdk(mode, emu, [
        ("SubmitBatchJobs", {"InstanceId": iid, "JobGroupId": gid}),
        ("SuspendJobs", {"InstanceId": iid, "All": False, "JobReferenceId": ["ref-1", "ref-2"]}),
        ("ResumeJobs", {"InstanceId": iid, "All": False, "JobId": [ids[0]]}),
        ("CancelJobs", {"InstanceId": iid, "All": False, "JobReferenceId": ["ref-2"], "JobGroupId": gid}),
        ("ListJobs", {"InstanceId": iid, "JobId": ids}),
    ])
    for r in (submitted, suspended, resumed, cancelled, after):
        assert r["ok"] is True and r["body"]["Success"] is True, r
    assert [j["Status"] for j in after["body"]["Jobs"]] == ["Scheduling", "Cancelled", "Executing"], after
    entries = {e["action"]: e for e in rpc_entries(emu)}
    assert entries["AssignJobs"]["params"]["JobsJson.1"] == json.dumps(
        {"phoneNumber": "13800000001", "referenceId": "ref-1"}), entries["AssignJobs"]
    assert entries["SuspendJobs"]["params"]["All"].lower() == "false", entries["SuspendJobs"]
    assert entries["SuspendJobs"]["params"]["JobReferenceId.2"] == "ref-2", entries["SuspendJobs"]


def test_job_action_wrong_secret_rejected(run_sdk, emu, mode):
    [res] = run_sdk(mode, emu, [("CreateJobGroup", {"InstanceId": "i", "JobGroupName": "g"})],
                    access_key_secret="not-the-secret")
    if mode == "core-v1":
        assert (res["ok"], res["http_status"], res["code"]) == (False, 400, "InvalidAccessKeySecret"), res
    else:
        assert_error(mode, res, 400, "SignatureDoesNotMatch")
    assert [(e["code"], e["http_status"]) for e in rpc_entries(emu)] == [("SignatureDoesNotMatch", 400)]


def test_parameter_errors_through_the_sdks(run_sdk, emu, mode):
    [created] = run_sdk(mode, emu, [create("参数-" + mode, 1)])
    iid = created["body"]["Instance"]["InstanceId"]
    missing, bad_json, bad_int = run_sdk(mode, emu, [
        ("DescribeJobGroup", {"InstanceId": iid}),
        ("AssignJobs", {"InstanceId": iid, "JobGroupId": "g", "JobsJson": ["{not json"]}),
        ("ListJobGroups", {"InstanceId": iid, "PageNumber": 1, "PageSize": 99999999999}),
    ])
    assert_error(mode, missing, 400, "MissingJobGroupId", "JobGroupId is mandatory for this action.")
    assert_error(mode, bad_json, 400, "InvalidParameter",
                 "The specified parameter JobsJson.1 is not valid: it is not valid JSON.")
    assert_error(mode, bad_int, 400, "InvalidParameter")


def test_not_implemented_through_the_sdks(run_sdk, emu, mode):
    [res] = run_sdk(mode, emu, [("ListScripts", {"InstanceId": "i", "PageNumber": 1, "PageSize": 10})])
    assert_error(mode, res, 501, NOT_IMPLEMENTED, server=True)
    assert "ListScripts" in (res["message"] or ""), res


def test_form_body_parameters_through_the_sdks(run_sdk, emu, mode):
    """AssignJobsAsync's parameters travel in a form body (tea V3 hashes it in
    x-acs-content-sha256, V1 signs its pairs): accepted and checked, then 501."""
    [res] = run_sdk(mode, emu, [("AssignJobsAsync", {
        "InstanceId": "i", "JobGroupId": "g", "CallingNumber": ["95187"],
        "JobsJson": jobs_json({"phoneNumber": "13800000001", "referenceId": "ref-1"})})])
    assert_error(mode, res, 501, NOT_IMPLEMENTED, server=True)
    [entry] = rpc_entries(emu, "AssignJobsAsync")
    assert entry["code"] == NOT_IMPLEMENTED and entry["params"]["JobGroupId"] == "g", entry
    assert json.loads(entry["params"]["CallingNumber"]) == ["95187"], entry
    assert "JobGroupId=" not in entry["query"], entry  # it came in the body
    [missing] = run_sdk(mode, emu, [("AssignJobsAsync", {"InstanceId": "i"})])
    assert_error(mode, missing, 400, "MissingJobGroupId")
