"""The examples (C, C++, Python ctypes, Go, dlopen plugin host) against the emulator.

Each is built by `make examples` against build/dist through pkg-config, exactly as a
user builds it, and run as a user runs it.
"""

import sys
import uuid
from pathlib import Path

import pytest

from conftest import DIST_DIR
from consumers import (OBB_ERR_CREDENTIALS, OBB_ERR_SERVICE, OBB_ERR_TLS, PYTHON_EXAMPLE, VALGRIND,
                       client_env, describe, dist_library, have, parse_result, program, run,
                       valgrind_leaks)

LANGUAGES = ("c", "cpp", "python", "go")


def example_argv(language, name):
    if language == "python":
        return [sys.executable, PYTHON_EXAMPLE, name]
    return [program(language), name]


def example_env(language, emu, **kwargs):
    env = client_env(emu, **kwargs)
    if language == "python":
        env["OBB_LIBRARY"] = str(DIST_DIR / "lib" / "liboutboundbot.so.0")
    return env


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def created_requests(emu, name):
    return [r for r in emu.requests()
            if r.get("action") == "CreateInstance" and r["params"].get("InstanceName") == name]


def assert_created(res, name):
    assert res.returncode == 0, describe(res)
    f = parse_result(res.stdout)
    assert f["status"] == "OBB_OK", f
    assert f["http_status"] == "200", f
    assert f["success"] == "1", f
    assert f["request_id"], f
    assert f["has_instance"] == "1", f
    assert f["instance.instance_id"], f
    assert f["instance.instance_name"] == name, f
    assert f["instance.max_concurrent_conversation"] == "4", f
    return f


def assert_duplicate(res):
    """InvalidInstanceName.Duplicated as a C caller sees it."""
    assert res.returncode == OBB_ERR_SERVICE, describe(res)
    f = parse_result(res.stdout)
    assert f["status"] == "OBB_ERR_SERVICE", f
    assert f["http_status"] == "400", f
    assert f["code"] == "InvalidInstanceName.Duplicated", f
    assert f["message"], f
    assert f["request_id"], f
    assert f["success"] == "0", f
    assert f["has_instance"] == "0", f
    return f


@pytest.mark.parametrize("language", LANGUAGES)
def test_example_creates_an_instance_then_sees_the_duplicate(language, emulator):
    name = unique("第一个实例-" + language)
    env = example_env(language, emulator)
    first = run(example_argv(language, name), env)
    assert_created(first, name)
    [sent] = created_requests(emulator, name)
    assert sent["params"]["MaxConcurrentConversation"] == "4", sent
    assert sent["params"]["CallingNumber.1"] == "95187", sent
    assert sent["signature_version"] == "v3", sent
    assert emulator.access_key_secret not in first.stdout + first.stderr

    again = run(example_argv(language, name), env)
    assert_duplicate(again)


def test_c_example_prints_every_result_field(emulator):
    name = unique("字段")
    res = run([program("c"), name], client_env(emulator))
    f = assert_created(res, name)
    for field in ("status", "http_status", "code", "message", "request_id", "success", "attempts",
                  "body_length", "body", "has_instance", "instance.instance_id",
                  "instance.instance_name", "instance.instance_description",
                  "instance.creation_time", "instance.creator_id", "instance.creator_name",
                  "instance.owner_name", "instance.resource_group_id",
                  "instance.max_concurrent_conversation"):
        assert field in f, (field, f)
    assert f["attempts"] == "1", f
    assert int(f["body_length"]) == len(f["body"].encode("utf-8")), f
    assert int(f["instance.creation_time"]) > 1_500_000_000_000, f  # milliseconds
    assert res.stdout.startswith("liboutboundbot "), res.stdout


def test_c_example_default_name(emulator):
    res = run([program("c")], client_env(emulator))
    assert_created(res, "第一个实例")


def test_c_example_over_https_with_the_test_ca(emulator_factory, test_ca):
    emu = emulator_factory(tls=test_ca)
    assert emu.scheme == "https"
    name = unique("tls")
    res = run([program("c"), name], client_env(emu, ca_file=test_ca.ca_cert))
    assert_created(res, name)
    assert created_requests(emu, name)


def test_c_example_https_refuses_an_unknown_ca(emulator_factory, test_ca):
    emu = emulator_factory(tls=test_ca)
    name = unique("untrusted")
    res = run([program("c"), name], client_env(emu))  # the system's CAs only
    assert res.returncode == OBB_ERR_TLS, describe(res)
    f = parse_result(res.stdout)
    assert f["status"] == "OBB_ERR_TLS" and f["http_status"] == "0", f
    assert not created_requests(emu, name)


def test_c_example_with_v1_signing(emulator):
    name = unique("v1")
    res = run([program("c"), name], client_env(emulator, signature="v1"))
    assert_created(res, name)
    [sent] = created_requests(emulator, name)
    assert sent["signature_version"] == "v1", sent


def test_c_example_options_on_the_command_line(emulator):
    name = unique("argv")
    env = client_env(emulator)
    for key in ("OBB_ENDPOINT", "OBB_PROTOCOL", "ALIBABA_CLOUD_ACCESS_KEY_ID",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET"):
        env.pop(key)
    res = run([program("c"), "--endpoint", emulator.endpoint, "--protocol", "http",
               "--signature-version", "v1", "--access-key-id", emulator.access_key_id,
               "--access-key-secret", emulator.access_key_secret, name], env)
    assert_created(res, name)


def test_c_example_wrong_secret_is_a_service_error_without_the_secret(emulator):
    wrong = "Wrong-Secret-0bb-5ee"
    res = run([program("c"), unique("wrong")],
              client_env(emulator, ALIBABA_CLOUD_ACCESS_KEY_SECRET=wrong))
    assert res.returncode == OBB_ERR_SERVICE, describe(res)
    f = parse_result(res.stdout)
    assert f["code"] == "SignatureDoesNotMatch", f
    assert wrong not in res.stdout + res.stderr


def test_c_example_without_credentials(emulator):
    env = client_env(emulator)
    env.pop("ALIBABA_CLOUD_ACCESS_KEY_ID")
    env.pop("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
    res = run([program("c"), unique("nokey")], env)
    assert res.returncode == OBB_ERR_CREDENTIALS, describe(res)
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID" in res.stderr, res.stderr
    assert not [r for r in emulator.requests() if r.get("action")]


def test_plugin_host_dlopen_dlclose_cycles_with_a_live_thread(emulator):
    prefix = unique("plugin")
    cycles = 3
    res = run([program("plugin-host"), DIST_DIR / "lib" / "liboutboundbot.so.0", cycles, prefix],
              client_env(emulator))
    assert res.returncode == 0, describe(res)
    assert res.stdout.count("still resident (-z nodelete)") == cycles, res.stdout
    assert res.stdout.count("worker exited cleanly") == cycles, res.stdout
    assert "%d of %d cycles created their instance" % (cycles, cycles) in res.stdout
    for i in range(1, cycles + 1):
        assert len(created_requests(emulator, "%s-%d" % (prefix, i))) == 1


@pytest.mark.skipif(not have("valgrind"), reason="valgrind is not installed (.ci/run installs it)")
def test_c_example_under_valgrind(emulator):
    name = unique("valgrind")
    res = run(VALGRIND + [program("c"), name], client_env(emulator), timeout=300)
    assert res.returncode == 0, describe(res)
    assert_created(res, name)
    leaks = valgrind_leaks(res.stderr)
    assert leaks["definitely"] == 0 and leaks["indirectly"] == 0, res.stderr[-6000:]
    assert "ERROR SUMMARY: 0 errors" in res.stderr, res.stderr[-6000:]


def test_examples_use_the_dist_library():
    """The examples resolve liboutboundbot from build/dist, not from anywhere else."""
    lib = dist_library().resolve()
    for language in ("c", "cpp", "go"):
        res = run(["ldd", program(language)], None)
        assert res.returncode == 0, describe(res)
        line = next(l for l in res.stdout.splitlines() if "liboutboundbot" in l)
        target = line.split("=>")[1].split("(")[0].strip()
        assert Path(target).resolve() == lib, line
