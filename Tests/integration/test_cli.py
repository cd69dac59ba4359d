"""The `outboundbot` CLI (product outboundbot-cli) against the emulator:
output streams, JSON shapes and the exit statuses that tell who must act."""
import json
import os
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

    emulator.inject("CreateInstance", "delay", delay_ms=3000)
    result = create(emulator, "slow", "--read-timeout", "0.3")
    assert result.returncode == NETWORK_ERROR
    assert failure(result)["Code"] == "Timeout"


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
