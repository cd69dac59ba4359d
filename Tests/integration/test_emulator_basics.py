"""outboundbot-emulator's process contract and gateway checks, with raw signed requests."""

import datetime
import http.client
import re
import signal
import subprocess
import uuid
import xml.etree.ElementTree as ET

import pytest

from conftest import DEV_ACCESS_KEY_ID, bin_path, rpc_v1


def test_first_line_and_clean_stop(emulator_factory, test_ca):
    plain = emulator_factory()
    assert re.fullmatch(r"outboundbot-emulator listening on http://127\.0\.0\.1:\d+", plain.first_line)
    assert plain.port > 0 and plain.url == "http://127.0.0.1:%d" % plain.port
    assert plain.access_key_id == DEV_ACCESS_KEY_ID
    tls = emulator_factory(tls=test_ca)
    assert re.fullmatch(r"outboundbot-emulator listening on https://127\.0\.0\.1:\d+", tls.first_line)
    status, _, body = rpc_v1(tls, "ListInstances", {"PageNumber": 1, "PageSize": 10})
    assert status == 200 and body["TotalCount"] == 0, body
    assert plain.stop(signal.SIGTERM) == 0
    assert tls.stop(signal.SIGINT) == 0


def test_admin_api_only_with_the_flag(emulator_factory):
    closed = emulator_factory(admin=False)
    for method, path in (("GET", "/_emulator/requests"), ("POST", "/_emulator/faults"),
                         ("POST", "/_emulator/reset"), ("GET", "/_emulator/instances")):
        status, _ = closed.admin(method, path, {} if method == "POST" else None)
        assert status in (403, 404), (method, path, status)
    assert rpc_v1(closed, "ListInstances", {})[0] == 200


def test_access_key_option_replaces_the_dev_pair(emulator_factory):
    emu = emulator_factory("--access-key", "LTAIOtherKey:OtherSecret")
    assert (emu.access_key_id, emu.access_key_secret) == ("LTAIOtherKey", "OtherSecret")
    assert rpc_v1(emu, "ListInstances", {})[0] == 200
    status, _, body = rpc_v1(emu, "ListInstances", {}, access_key_id=DEV_ACCESS_KEY_ID,
                             secret="EmulatorDevSecret")
    assert (status, body["Code"]) == (404, "InvalidAccessKeyId.NotFound"), body


def test_replayed_nonce_rejected(emulator):
    nonce = uuid.uuid4().hex
    assert rpc_v1(emulator, "ListInstances", {}, nonce=nonce)[0] == 200
    status, _, body = rpc_v1(emulator, "ListInstances", {}, nonce=nonce)
    assert (status, body["Code"]) == (400, "SignatureNonceUsed"), body


def test_expired_timestamp_rejected(emulator):
    old = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=1800))
    status, _, body = rpc_v1(emulator, "ListInstances", {}, timestamp=old.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert status == 400 and body["Code"] == "InvalidTimeStamp.Expired", body


def test_gateway_codes(emulator):
    status, _, body = rpc_v1(emulator, "NoSuchAction", {})
    assert (status, body["Code"]) == (404, "InvalidAction.NotFound"), body
    status, _, body = rpc_v1(emulator, "ListInstances", {}, version="2000-01-01")
    assert status == 400 and body["Code"] == "InvalidVersion", body
    status, _, body = rpc_v1(emulator, "CreateInstance", {"MaxConcurrentConversation": 1})
    assert (status, body["Code"]) == (400, "MissingInstanceName"), body
    status, _, body = rpc_v1(emulator, "CreateInstance", {"InstanceName": "x"})
    assert (status, body["Code"]) == (400, "MissingMaxConcurrentConversation"), body
    status, _, body = rpc_v1(emulator, "CreateInstance", {"InstanceName": "x", "MaxConcurrentConversation": "four"})
    assert (status, body["Code"]) == (400, "InvalidParameter"), body
    for b in (body,):
        assert set(b) >= {"RequestId", "Code", "Message"}, b


def test_reset_and_instances(emulator):
    assert rpc_v1(emulator, "CreateInstance", {"InstanceName": "a", "MaxConcurrentConversation": 1})[0] == 200
    assert "a" in str(emulator.instances())
    emulator.reset()
    status, _, body = rpc_v1(emulator, "ListInstances", {"PageNumber": 1, "PageSize": 10})
    assert status == 200 and body["TotalCount"] == 0, body


def test_xml_answers_for_v1_format_xml(emulator):
    status, headers, text = rpc_v1(emulator, "CreateInstance", {
        "InstanceName": "第一个实例", "MaxConcurrentConversation": 4, "CallingNumber": ["95187", "95188"]},
        fmt="XML")
    assert status == 200 and "xml" in headers["content-type"], (status, headers)
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "CreateInstanceResponse"
    assert root.findtext("Code") == "OK" and root.findtext("Success") == "true"
    assert root.findtext("RequestId") == headers["x-acs-request-id"]
    assert root.findtext("Instance/InstanceName") == "第一个实例"
    assert root.findtext("Instance/MaxConcurrentConversation") == "4"
    assert int(root.findtext("Instance/CreationTime")) > 1_500_000_000_000
    status, headers, text = rpc_v1(emulator, "CreateInstance", {
        "InstanceName": "第一个实例", "MaxConcurrentConversation": 4}, fmt="XML")
    assert status == 400
    root = ET.fromstring(text.encode("utf-8"))
    assert root.findtext("Code") == "InvalidInstanceName.Duplicated"
    assert root.findtext("RequestId") == headers["x-acs-request-id"]


def test_signal_right_after_the_announce_line_stops_it(tmp_path):
    """The first stdout line says the emulator is ready; a SIGTERM/SIGINT sent at once must stop it.

    Raw Popen (not emulator_factory) so the signal follows the line as closely as a shell's
    `read line; kill` does.
    """
    binary = str(bin_path("outboundbot-emulator"))
    for i in range(60):
        sig = signal.SIGTERM if i % 2 == 0 else signal.SIGINT
        with open(tmp_path / "stderr.log", "wb") as err:
            proc = subprocess.Popen([binary, "--port", "0"], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=err)
        try:
            line = proc.stdout.readline()
            assert line.startswith(b"outboundbot-emulator listening on "), line
            proc.send_signal(sig)
            try:
                rc = proc.wait(3)
            except subprocess.TimeoutExpired:
                pytest.fail("run %d: %s sent right after the announce line was ignored (still "
                            "running after 3 s)" % (i, sig.name))
            assert rc == 0, (i, sig.name, rc, (tmp_path / "stderr.log").read_text())
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)
            proc.stdout.close()


# ------------------------------------------------------------------------------- faults

def _names(emu):
    return sorted(i["InstanceName"] for i in emu.instances()["instances"])


def _last_entry(emu, action):
    return [e for e in emu.requests() if e.get("action") == action][-1]


def test_throttling_retry_after_in_milliseconds_and_seconds(emulator):
    emulator.inject("ListInstances", "throttling", count=1, retry_after_ms=1500)
    status, headers, body = rpc_v1(emulator, "ListInstances", {})
    assert (status, body["Code"]) == (400, "Throttling.User"), body
    # The gateway's header in milliseconds; the standard one in whole seconds, rounded up.
    assert headers["x-acs-retry-after"] == "1500", headers
    assert headers["retry-after"] == "2", headers
    entry = _last_entry(emulator, "ListInstances")
    assert (entry["code"], entry["fault"], entry["performed"]) == ("Throttling.User", "throttling", False), entry
    assert rpc_v1(emulator, "ListInstances", {})[0] == 200


def test_throttling_retry_after_seconds_still_accepted(emulator):
    emulator.inject("*", "throttling", count=1, retry_after_seconds=3)
    _, headers, _ = rpc_v1(emulator, "ListInstances", {})
    assert (headers["x-acs-retry-after"], headers["retry-after"]) == ("3000", "3"), headers
    emulator.inject("*", "throttling", count=1)  # the default wait: one second
    _, headers, _ = rpc_v1(emulator, "ListInstances", {})
    assert (headers["x-acs-retry-after"], headers["retry-after"]) == ("1000", "1"), headers
    emulator.inject("*", "throttling", count=1, retry_after_ms=50)
    _, headers, _ = rpc_v1(emulator, "ListInstances", {})
    assert (headers["x-acs-retry-after"], headers["retry-after"]) == ("50", "1"), headers


def test_fault_admin_checks(emulator):
    status, payload = emulator.admin("POST", "/_emulator/faults",
                                     {"kind": "throttling", "retry_after_ms": 10, "retry_after_seconds": 1})
    assert status == 400 and "not both" in payload["error"], payload
    status, payload = emulator.admin("POST", "/_emulator/faults", {"kind": "throttling", "retry_after_ms": -1})
    assert status == 400 and "retry_after_ms" in payload["error"], payload
    status, payload = emulator.admin("POST", "/_emulator/faults", {"kind": "no_such_kind"})
    assert status == 400 and "error_after_performing" in payload["error"], payload


def test_error_after_performing_creates_then_answers_500(emulator):
    emulator.inject("CreateInstance", "error_after_performing", count=1)
    status, headers, body = rpc_v1(emulator, "CreateInstance", {"InstanceName": "performed", "MaxConcurrentConversation": 2})
    assert (status, body["Code"]) == (500, "InternalError"), body
    assert "x-acs-retry-after" not in headers
    # The instance exists all the same: a blind retry meets it.
    assert _names(emulator) == ["performed"]
    entry = _last_entry(emulator, "CreateInstance")
    assert (entry["code"], entry["http_status"]) == ("InternalError", 500), entry
    assert (entry["fault"], entry["performed"]) == ("error_after_performing", True), entry
    status, _, body = rpc_v1(emulator, "CreateInstance", {"InstanceName": "performed", "MaxConcurrentConversation": 2})
    assert (status, body["Code"]) == (400, "InvalidInstanceName.Duplicated"), body
    entry = _last_entry(emulator, "CreateInstance")
    assert (entry["fault"], entry["performed"]) == (None, False), entry


@pytest.mark.parametrize("kind, performs", [
    ("internal_error", False), ("throttling", False), ("bad_gateway", False),
    ("close", True), ("delay", True), ("error_after_performing", True),
])
def test_which_faults_perform_the_action(emulator, kind, performs):
    emulator.inject("CreateInstance", kind, count=1, delay_ms=100)
    try:
        rpc_v1(emulator, "CreateInstance", {"InstanceName": "k-" + kind, "MaxConcurrentConversation": 1})
    except (OSError, http.client.HTTPException):
        assert kind == "close"  # cut mid-answer
    assert _names(emulator) == (["k-" + kind] if performs else [])
    entry = _last_entry(emulator, "CreateInstance")
    assert (entry["fault"], entry["performed"]) == (kind, performs), entry
    # Used up: the next call is answered normally.
    status, _, body = rpc_v1(emulator, "CreateInstance", {"InstanceName": "after-" + kind, "MaxConcurrentConversation": 1})
    assert status == 200, body
    assert _last_entry(emulator, "CreateInstance")["fault"] is None


def test_fault_matching_parameters(emulator):
    emulator.inject("CreateInstance", "internal_error", count=2, match={"InstanceName": "only-me"})
    # Another name passes untouched, and leaves the rule armed.
    assert rpc_v1(emulator, "CreateInstance", {"InstanceName": "not-me", "MaxConcurrentConversation": 1})[0] == 200
    for _ in range(2):
        status, _, body = rpc_v1(emulator, "CreateInstance", {"InstanceName": "only-me", "MaxConcurrentConversation": 1})
        assert (status, body["Code"]) == (500, "InternalError"), body
    assert rpc_v1(emulator, "CreateInstance", {"InstanceName": "only-me", "MaxConcurrentConversation": 1})[0] == 200
    assert _names(emulator) == ["not-me", "only-me"]
    status, payload = emulator.admin("POST", "/_emulator/faults", {"kind": "close", "match": {"InstanceName": 3}})
    assert status == 400 and "match" in payload["error"], payload
