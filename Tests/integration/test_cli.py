"""The `outboundbot` CLI (product outboundbot-cli) against the emulator:
output streams, JSON shapes and the exit statuses that tell who must act."""
import json
import os
import re
import subprocess

from conftest import DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET, bin_path

SERVICE_ERROR, CALLER_ERROR, NETWORK_ERROR = 1, 2, 3


def run_cli(*args, env_extra=None, credentials=True, timeout=30):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    if credentials:
        env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = DEV_ACCESS_KEY_ID
        env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = DEV_ACCESS_KEY_SECRET
    env.update(env_extra or {})
    return subprocess.run([str(bin_path("outboundbot-cli")), *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=timeout)


def create(emu, name, *extra, **kwargs):
    return run_cli("--endpoint", emu.endpoint, "--protocol", "http", *extra,
                   "CreateInstance", "--InstanceName", name, "--MaxConcurrentConversation", "4",
                   "--CallingNumber.1", "95187", **kwargs)


def failure(result):
    body = json.loads(result.stderr)
    assert set(body) == {"Code", "Message", "RequestId", "HttpStatus"}
    assert result.stdout == ""
    return body


def test_creates_an_instance_v3_and_v1(emulator):
    for version in ("v3", "v1"):
        result = create(emulator, f"第一个实例-{version}", "--signature-version", version)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        answer = json.loads(result.stdout)
        assert answer["Instance"]["InstanceName"] == f"第一个实例-{version}"
        assert answer["Instance"]["MaxConcurrentConversation"] == 4
        assert answer["Success"] is True and answer["RequestId"]
    sent = [r for r in emulator.requests() if r["action"] == "CreateInstance"]
    assert [r["signature_version"] for r in sent] == ["v3", "v1"]


def test_the_aliyun_form_from_the_issue_with_many_numbers(emulator):
    numbers = [f"--CallingNumber.{i}={9518000 + i}" for i in range(1, 13)]
    result = run_cli("CreateInstance", "--InstanceName", "第一个实例", "--MaxConcurrentConversation", "4",
                     *numbers, "--endpoint", emulator.endpoint, "--protocol", "http")
    assert result.returncode == 0, result.stderr
    params = emulator.requests()[-1]["params"]
    assert [params[f"CallingNumber.{i}"] for i in range(1, 13)] == [str(9518000 + i) for i in range(1, 13)]


def test_service_error_exits_1_with_the_services_verdict(emulator):
    assert create(emulator, "dup").returncode == 0
    result = create(emulator, "dup")
    assert result.returncode == SERVICE_ERROR
    body = failure(result)
    assert body["Code"] == "InvalidInstanceName.Duplicated"
    assert body["HttpStatus"] == 400
    assert body["RequestId"]


def test_caller_errors_exit_2_and_send_nothing(emulator):
    cases = [
        ("CreateInstance", "--MaxConcurrentConversation", "4"),                       # no InstanceName
        ("CreateInstance", "--InstanceName", "x", "--MaxConcurrentConversation", "0"),
        ("CreateInstance", "--InstanceName", "x", "--MaxConcurrentConversation", "four"),
        ("CreateInstance", "--InstanceName", "x", "--MaxConcurrentConversation", "1", "--Bogus", "1"),
        ("CreateInstance", "--InstanceName", "x", "--MaxConcurrentConversation", "1", "--CallingNumber.2", "1"),
        ("DeleteEverything",),
    ]
    emulator.clear_requests()
    for args in cases:
        result = run_cli("--endpoint", emulator.endpoint, "--protocol", "http", *args)
        assert result.returncode == CALLER_ERROR, (args, result.stderr)
        assert failure(result)["Code"] == "InvalidArgument"
    assert emulator.requests() == []


def test_missing_credentials_say_what_to_set(emulator):
    result = create(emulator, "x", credentials=False)
    assert result.returncode == CALLER_ERROR
    body = failure(result)
    assert body["Code"] == "MissingCredentials"
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID" in body["Message"]


def test_credentials_from_options_and_no_secret_in_output(emulator):
    secret = "Wrong-Secret-Value-123"
    result = create(emulator, "x", "--access-key-id", DEV_ACCESS_KEY_ID, "--access-key-secret", secret,
                    credentials=False)
    assert result.returncode == SERVICE_ERROR
    assert failure(result)["Code"] == "SignatureDoesNotMatch"
    assert secret not in result.stderr + result.stdout
    ok = create(emulator, "y", "--access-key-id", DEV_ACCESS_KEY_ID, "--access-key-secret", DEV_ACCESS_KEY_SECRET,
                credentials=False)
    assert ok.returncode == 0, ok.stderr
    assert DEV_ACCESS_KEY_SECRET not in ok.stdout + ok.stderr


def test_network_and_timeout_errors_exit_3(emulator):
    result = run_cli("--endpoint", "127.0.0.1:1", "--protocol", "http", "CreateInstance",
                     "--InstanceName", "x", "--MaxConcurrentConversation", "1")
    assert result.returncode == NETWORK_ERROR
    assert failure(result)["Code"] == "NetworkError"

    emulator.inject("ListInstances", "delay", delay_ms=3000)
    result = call(emulator, "--retries", "0", "--read-timeout", "0.3", "ListInstances")
    assert result.returncode == NETWORK_ERROR
    assert failure(result)["Code"] == "Timeout"


def test_defaults_retry_and_reconcile(emulator):
    """The CLI's defaults are the library's: a created instance whose answer was lost is
    found, not created again; a read that fails twice still succeeds on its third attempt."""
    emulator.inject("CreateInstance", "delay", delay_ms=3000)
    result = create(emulator, "slow", "--read-timeout", "0.3", "--trace")
    assert result.returncode == 0, result.stderr
    assert "reconciled: found instance" in result.stderr
    assert [i["InstanceName"] for i in emulator.instances()["instances"]].count("slow") == 1
    emulator.inject("ListInstances", "internal_error", count=2)
    result = call(emulator, "--trace", "ListInstances")
    assert result.returncode == 0, result.stderr
    assert "attempt 3/3 ListInstances: HTTP 200" in result.stderr
    result = call(emulator, "--retries", "100", "ListInstances")
    assert result.returncode == 2 and "--retries" in result.stderr


def test_https_verifies_the_peer(emulator_factory, test_ca):
    emu = emulator_factory(tls=test_ca)
    ok = run_cli("--endpoint", emu.endpoint, "--ca-file", test_ca.ca_cert, "CreateInstance",
                 "--InstanceName", "tls", "--MaxConcurrentConversation", "1")
    assert ok.returncode == 0, ok.stderr
    # Without the test CA the system store cannot verify the emulator: no silent downgrade.
    refused = run_cli("--endpoint", emu.endpoint, "CreateInstance", "--InstanceName", "tls2",
                      "--MaxConcurrentConversation", "1")
    assert refused.returncode == NETWORK_ERROR
    assert failure(refused)["Code"] == "TLSError"
    assert [r["params"]["InstanceName"] for r in emu.requests() if r["action"] == "CreateInstance"] == ["tls"]


# ----------------------------------------------------------------- any catalogued action

def call(emu, *args, **kwargs):
    """`outboundbot --endpoint EMU --protocol http ARGS...`"""
    return run_cli("--endpoint", emu.endpoint, "--protocol", "http", *args, **kwargs)


def answer(result):
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def sent(emu, action):
    return [r["params"] for r in emu.requests() if r["action"] == action]


def test_user_agent_names_the_library_and_libcurl_once(emulator):
    """The User-Agent travels in the request's own header list (not CURLOPT_USERAGENT):
    one line, the library's version and libcurl's."""
    emulator.clear_requests()
    answer(call(emulator, "ListInstances"))
    answer(call(emulator, "--signature-version", "v1", "ListInstances"))
    agents = [r["headers"].get("user-agent") for r in emulator.requests()]
    assert len(agents) == 2
    for agent in agents:
        assert re.fullmatch(r"liboutboundbot/\d+\.\d+\.\d+ libcurl/[\w.\-]+", agent or ""), agent


def test_list_describe_and_create_a_job_group(emulator):
    created = answer(create(emulator, "生命周期"))["Instance"]
    listed = answer(call(emulator, "ListInstances", "--PageSize", "10", "--PageNumber", "1"))
    assert [i["InstanceId"] for i in listed["Instances"]] == [created["InstanceId"]]
    assert listed["TotalCount"] == 1
    assert sent(emulator, "ListInstances") == [{"PageSize": "10", "PageNumber": "1"}]

    described = answer(call(emulator, "DescribeInstance", "--InstanceId", created["InstanceId"]))
    assert described["Instance"]["InstanceName"] == "生命周期"

    group = answer(call(emulator, "CreateJobGroup", "--InstanceId", created["InstanceId"],
                        "--JobGroupName", "第一批", "--CallingNumber.1", "95187", "--CallingNumber.2=95188"))
    assert group["JobGroup"]["JobGroupName"] == "第一批" and group["JobGroup"]["JobGroupId"]
    assert sent(emulator, "CreateJobGroup") == [{
        "InstanceId": created["InstanceId"], "JobGroupName": "第一批",
        "CallingNumber.1": "95187", "CallingNumber.2": "95188"}]


def test_a_list_given_as_json_goes_out_as_a_repeat_list(emulator):
    for form in (("--CallingNumber", '["95187", 95188]'),            # a JSON number for a string: its text
                 ("--CallingNumber.1", "95187", "--CallingNumber.2", "95188")):
        result = call(emulator, "CreateJobGroup", "--InstanceId", "i-1", "--JobGroupName", "g", *form)
        assert result.returncode in (0, SERVICE_ERROR), result.stderr  # no such instance: the service's verdict
    params = sent(emulator, "CreateJobGroup")
    assert len(params) == 2 and params[0] == params[1]
    assert (params[0]["CallingNumber.1"], params[0]["CallingNumber.2"]) == ("95187", "95188")


def test_objects_as_json_or_in_parts_the_core_picks_the_wire_form(emulator):
    # IntentDefinition is a JSON-style object: one parameter holding JSON text, whichever way it is written.
    for form in (("--IntentDefinition", '{"IntentName":"问候","AliasName":"hello"}'),
                 ("--IntentDefinition.IntentName", "问候", "--IntentDefinition.AliasName", "hello")):
        result = call(emulator, "CreateBeebotIntent", "--InstanceId", "i-1", "--ScriptId", "s-1", *form)
        if result.returncode != 0:  # the emulator checks and logs it, but need not implement it
            assert result.returncode == SERVICE_ERROR, result.stderr
            assert failure(result)["Code"] == "Emulator.ActionNotImplemented"
    for params in sent(emulator, "CreateBeebotIntent"):
        assert json.loads(params["IntentDefinition"]) == {"IntentName": "问候", "AliasName": "hello"}
        assert not any(name.startswith("IntentDefinition.") for name in params)
    assert len(sent(emulator, "CreateBeebotIntent")) == 2

    # Tag is a repeat-list of objects: JSON on the command line becomes Tag.N.Field on the wire.
    answer(call(emulator, "ListInstances", "--Tag", '[{"Key":"team","Value":"a"},{"Key":"env","Value":"b"}]'))
    answer(call(emulator, "ListInstances", "--Tag.1.Key", "team", "--Tag.1.Value", "a",
                "--Tag.2.Key", "env", "--Tag.2.Value", "b"))
    tagged = sent(emulator, "ListInstances")
    assert tagged[0] == tagged[1] == {"Tag.1.Key": "team", "Tag.1.Value": "a", "Tag.2.Key": "env", "Tag.2.Value": "b"}


def test_help_lists_the_actions():
    for args in (("help",), ("--help",)):
        result = run_cli(*args, credentials=False)
        assert result.returncode == 0, result.stderr
        rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()
                if line.startswith("  ") and len(line.split()) >= 2 and line.split()[1] in ("GET", "POST")}
        assert len(rows) == 175
        assert rows["CreateInstance"] == ["POST"]
        assert rows["ListInstances"] == ["POST", "read-only", "--pager"]
        assert rows["CreateDownloadUrl"] == ["GET"]
        assert "--endpoint" in result.stdout and "--signature-version" in result.stdout  # global options


def test_action_help_lists_parameters_types_and_required():
    for args in (("CreateJobGroup", "--help"), ("help", "CreateJobGroup"), ("CreateJobGroup", "--Bogus", "1", "-h")):
        result = run_cli(*args, credentials=False)
        assert result.returncode == 0, result.stderr
        rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()
                if line.startswith("  --")}
        assert rows["--InstanceId"] == ["string", "required"]
        assert rows["--JobGroupName"] == ["string", "required"]
        assert rows["--CallingNumber"] == ["list<string>", "optional"]
        assert rows["--RingingDuration"] == ["int64", "optional"]
        assert len(rows) == 13

    objects = run_cli("CreateNumber", "--help", credentials=False)
    rows = {line.split()[0]: line.split()[1:] for line in objects.stdout.splitlines() if line.startswith("  --")}
    assert rows["--Numbers"] == ["list<object>", "required"]
    assert rows["--Numbers.N.RateLimitCount"] == ["int64", "optional"]
    beebot = run_cli("CreateBeebotIntent", "--help", credentials=False).stdout
    assert "--IntentDefinition.IntentName" in beebot and "object" in beebot
    paged = run_cli("ListInstances", "--help", credentials=False).stdout
    assert "--pager" in paged and '{"Instances":[...]}' in paged


def test_typos_get_the_nearest_name_exit_2_and_send_nothing(emulator):
    emulator.clear_requests()
    cases = [
        (("ListInstance", "--PageSize", "2"), "did you mean ListInstances?"),
        (("describeinstance", "--InstanceId", "i-1"), "did you mean DescribeInstance?"),
        (("CreateJobGroup", "--InstanceId", "i-1", "--JobGroupNmae", "g"), "did you mean --JobGroupName?"),
        (("ListInstances", "--PageSzie", "2"), "did you mean --PageSize?"),
        (("CreateBeebotIntent", "--InstanceId", "i", "--ScriptId", "s", "--IntentDefinition.IntentNmae", "x"),
         "did you mean IntentName?"),
    ]
    for args, hint in cases:
        result = call(emulator, *args)
        assert result.returncode == CALLER_ERROR, (args, result.stderr)
        body = failure(result)
        assert body["Code"] == "InvalidArgument" and hint in body["Message"], body
    # Checked before credentials are looked for.
    result = call(emulator, "ListInstance", credentials=False)
    assert result.returncode == CALLER_ERROR and "did you mean ListInstances?" in failure(result)["Message"]
    assert emulator.requests() == []


def test_wrong_types_ranges_and_gaps_exit_2_and_send_nothing(emulator):
    emulator.clear_requests()
    cases = [
        (("ListInstances", "--PageSize", "two"), "--PageSize"),
        (("ListInstances", "--PageSize", "2147483648"), "out of range for int32"),
        (("CreateJobGroup", "--InstanceId", "i", "--JobGroupName", "g", "--RingingDuration", "99999999999999999999"),
         "out of range for int64"),
        (("CancelJobs", "--InstanceId", "i", "--All", "yes"), "true or false"),
        (("CreateJobGroup", "--InstanceId", "i", "--JobGroupName", "g", "--CallingNumber", "95187"), "--CallingNumber.1"),
        (("CreateJobGroup", "--InstanceId", "i", "--JobGroupName", "g", "--CallingNumber.1", "1",
          "--CallingNumber.3", "3"), "--CallingNumber.2"),
        (("CreateJobGroup", "--InstanceId", "i", "--JobGroupName", "g", "--CallingNumber", '["1"'), "JSON"),
        (("CreateJobGroup", "--InstanceId", "i", "--JobGroupName", "g", "--CallingNumber", '[{"a":1}]'),
         "CallingNumber"),
        (("CreateBeebotIntent", "--InstanceId", "i", "--ScriptId", "s", "--IntentDefinition", '{"AliasName":"x"}'),
         "IntentName"),                                                     # a required field missing
        (("CreateJobGroup", "--InstanceId", "i"), "JobGroupName"),          # a required parameter missing
        (("DescribeInstance", "--InstanceId", "i", "--InstanceId", "j"), "more than once"),
        (("DescribeInstance", "--InstanceId", "i", "--pager"), "does not return pages"),
    ]
    for args, fragment in cases:
        result = call(emulator, *args)
        assert result.returncode == CALLER_ERROR, (args, result.stderr)
        body = failure(result)
        assert body["Code"] == "InvalidArgument" and fragment in body["Message"], (args, body)
    assert emulator.requests() == []


def test_pager_merges_every_page(emulator):
    names = [f"分页-{i}" for i in range(1, 6)]
    for name in names:
        assert create(emulator, name).returncode == 0
    emulator.clear_requests()
    merged = answer(call(emulator, "ListInstances", "--PageSize", "2", "--pager"))
    # The aliyun CLI's shape: only the items, at the catalogue's items path.
    assert list(merged) == ["Instances"]
    assert [i["InstanceName"] for i in merged["Instances"]] == names
    pages = sent(emulator, "ListInstances")
    assert [p.get("PageNumber", "1") for p in pages] == ["1", "2", "3"]
    assert all(p["PageSize"] == "2" for p in pages)

    # From a given page on.
    later = answer(call(emulator, "ListInstances", "--PageSize", "2", "--PageNumber", "2", "--pager"))
    assert [i["InstanceName"] for i in later["Instances"]] == names[2:]


def test_pager_failure_prints_nothing_on_stdout(emulator):
    assert create(emulator, "p1").returncode == 0
    emulator.inject("ListInstances", "internal_error", count=3)  # every attempt of the first page
    result = call(emulator, "ListInstances", "--PageSize", "1", "--pager")
    assert result.returncode == SERVICE_ERROR, result.stderr
    body = failure(result)
    assert (body["Code"], body["HttpStatus"]) == ("InternalError", 500)
