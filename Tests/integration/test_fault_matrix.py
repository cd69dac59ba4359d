"""One fault, one call: the retry policy of include/outboundbot.h ("Retries"), case by case.

Each case arms exactly one fault (count 1) on the emulator and makes one call through
obb_call on a client built from obb_client_config_init's defaults (3 attempts), then
checks the status, obb_response_attempts, obb_response_reconciled, the instances, and
what the emulator received. Faults and whether they perform the action:
docs/emulator.md, "Faults". The ctypes declarations are scripts/exactly_once.py's.
"""

import ctypes
import socket
import sys
import uuid

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from exactly_once import (OBB_ERR_NETWORK, OBB_ERR_SERVICE, OBB_OK, Library,  # noqa: E402
                          fault_arguments)

READ_TIMEOUT_MS = 1000
DELAY_MS = 2500          # well past the read timeout
RETRY_AFTER_MS = 100
REFUSED = "connection_refused"  # not an emulator fault: the endpoint is a port nothing listens on


@pytest.fixture(scope="module")
def library():
    return Library()


@pytest.fixture
def clients(library):
    made = []

    def make(endpoint, emu=None, **options):
        client = library.client(endpoint, read_timeout_ms=READ_TIMEOUT_MS,
                                access_key_id=emu.access_key_id if emu else "LTAIEmulatorDevKey",
                                access_key_secret=emu.access_key_secret if emu else "EmulatorDevSecret",
                                **options)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def unused_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def arm(emu, action, kind):
    emu.inject(action, kind, 1, **fault_arguments(kind, DELAY_MS, RETRY_AFTER_MS))


def log_summary(emu) -> list:
    return [(e.get("action"), e.get("code"), e.get("http_status"), e.get("fault"), e.get("performed"))
            for e in emu.requests() if e.get("path", "/") == "/"]


def diagnose(result, emu, client) -> str:
    return "observed: %s\nemulator log (action, code, http, fault, performed): %s\nlibrary log:\n%s" % (
        result.describe(), log_summary(emu) if emu else "-", client.log_tail())


def instances_named(emu, name) -> list:
    return [i for i in emu.instances()["instances"] if i["InstanceName"] == name]


def test_config_defaults(library):
    config = library.default_config()
    assert config.struct_size == ctypes.sizeof(config)
    assert (config.max_attempts, config.retry_base_delay_ms, config.retry_max_delay_ms, config.deadline_ms,
            config.tls_min_version) == (3, 200, 5000, 0, 0), library.version


# ---- ListInstances (read-only): every failure here is retried ------------------------------

LIST_CASES = [
    # fault, status, attempts
    ("internal_error", OBB_OK, 2),
    ("throttling", OBB_OK, 2),
    ("close", OBB_OK, 2),
    ("delay", OBB_OK, 2),
    ("bad_gateway", OBB_OK, 2),
    ("error_after_performing", OBB_OK, 2),
    (REFUSED, OBB_ERR_NETWORK, 3),
]


@pytest.mark.parametrize("fault, status, attempts", LIST_CASES, ids=[c[0] for c in LIST_CASES])
def test_list_instances(emulator, clients, library, fault, status, attempts):
    if fault == REFUSED:
        client = clients("127.0.0.1:%d" % unused_loopback_port(), emulator)
    else:
        client = clients(emulator.endpoint, emulator)
        arm(emulator, "ListInstances", fault)
    result = client.call("ListInstances", {"PageNumber": 1, "PageSize": 10})
    context = diagnose(result, emulator, client)
    assert (library.status_name(result.status), result.attempts) == (library.status_name(status), attempts), context
    sent = [e for e in log_summary(emulator) if e[0] == "ListInstances"]
    assert len(sent) == (0 if fault == REFUSED else attempts), context
    if fault == "throttling":
        assert result.elapsed >= RETRY_AFTER_MS / 1000, context


# ---- CreateInstance: retried when nothing was done, reconciled when it may have been -------

CREATE_CASES = [
    # fault, status, attempts, reconciled, instances afterwards
    ("internal_error", OBB_OK, 2, 0, 1),          # not performed: looked up, not found, retried
    ("throttling", OBB_OK, 2, 0, 1),              # not performed, not ambiguous: retried
    ("close", OBB_OK, 1, 1, 1),                   # performed: looked up and found
    ("delay", OBB_OK, 1, 1, 1),                   # performed, the read timed out: found
    ("bad_gateway", OBB_OK, 2, 0, 1),             # not performed: looked up, not found, retried
    ("error_after_performing", OBB_OK, 1, 1, 1),  # performed, 500: found
    (REFUSED, OBB_ERR_NETWORK, 3, 0, 0),          # never reached the service
]
AMBIGUOUS = {"internal_error", "close", "delay", "bad_gateway", "error_after_performing"}


@pytest.mark.parametrize("fault, status, attempts, reconciled, count", CREATE_CASES,
                         ids=[c[0] for c in CREATE_CASES])
def test_create_instance(emulator, clients, library, fault, status, attempts, reconciled, count):
    if fault == REFUSED:
        client = clients("127.0.0.1:%d" % unused_loopback_port(), emulator)
    else:
        client = clients(emulator.endpoint, emulator)
        arm(emulator, "CreateInstance", fault)
    name = "matrix-%s-%s" % (fault, uuid.uuid4().hex[:6])
    result = client.call("CreateInstance", {"InstanceName": name, "MaxConcurrentConversation": 3,
                                            "InstanceDescription": "fault matrix: " + fault},
                         paths=("Instance.InstanceId", "Instance.InstanceName"))
    context = diagnose(result, emulator, client)
    assert (library.status_name(result.status), result.attempts, result.reconciled) == (
        library.status_name(status), attempts, reconciled), context
    found = instances_named(emulator, name)
    assert len(found) == count, context
    if count:
        assert found[0]["MaxConcurrentConversation"] == 3 and found[0]["InstanceDescription"] == "fault matrix: " + fault
        # Reconciled or not, the answer names the one instance.
        assert result.values.get("Instance.InstanceId") == found[0]["InstanceId"], context
        assert result.values.get("Instance.InstanceName") == name, context
    log = log_summary(emulator)
    creates = [e for e in log if e[0] == "CreateInstance"]
    assert len(creates) == (0 if fault == REFUSED else attempts), context
    assert sum(1 for e in creates if e[4] is True) == count, context
    if fault == "throttling":
        assert result.elapsed >= RETRY_AFTER_MS / 1000, context
    # An ambiguous attempt is followed by a lookup (ListInstances) before anything else.
    lookups = [e for e in log if e[0] == "ListInstances"]
    if fault in AMBIGUOUS:
        assert lookups, "no ListInstances lookup after an ambiguous CreateInstance\n" + context
        first_create = next(i for i, e in enumerate(log) if e[0] == "CreateInstance")
        assert log[first_create + 1][0] == "ListInstances", context
    else:
        assert not lookups, context


# ---- other writes: not retried unless nothing was done --------------------------------------

def test_modify_instance_not_retried_after_a_5xx_but_after_throttling(emulator, clients, library):
    client = clients(emulator.endpoint, emulator)
    created = client.call("CreateInstance", {"InstanceName": "to-modify", "MaxConcurrentConversation": 2},
                          paths=("Instance.InstanceId",))
    assert created.status == OBB_OK, diagnose(created, emulator, client)
    instance_id = created.values["Instance.InstanceId"]

    emulator.clear_requests()
    arm(emulator, "ModifyInstance", "internal_error")
    result = client.call("ModifyInstance", {"InstanceId": instance_id, "MaxConcurrentConversation": 3})
    context = diagnose(result, emulator, client)
    assert (library.status_name(result.status), result.attempts, result.http_status, result.code) == (
        library.status_name(OBB_ERR_SERVICE), 1, 500, "InternalError"), context
    assert [e[0] for e in log_summary(emulator)] == ["ModifyInstance"], context

    emulator.clear_requests()
    arm(emulator, "ModifyInstance", "throttling")
    result = client.call("ModifyInstance", {"InstanceId": instance_id, "MaxConcurrentConversation": 4})
    context = diagnose(result, emulator, client)
    assert (library.status_name(result.status), result.attempts) == (library.status_name(OBB_OK), 2), context
    assert result.elapsed >= RETRY_AFTER_MS / 1000, context
    assert [e[0] for e in log_summary(emulator)] == ["ModifyInstance", "ModifyInstance"], context
    assert instances_named(emulator, "to-modify")[0]["MaxConcurrentConversation"] == 4


def test_max_attempts_one_turns_retries_off(emulator, clients, library):
    client = clients(emulator.endpoint, emulator, max_attempts=1)
    arm(emulator, "ListInstances", "internal_error")
    result = client.call("ListInstances", {"PageNumber": 1, "PageSize": 10})
    context = diagnose(result, emulator, client)
    assert (library.status_name(result.status), result.attempts, result.http_status) == (
        library.status_name(OBB_ERR_SERVICE), 1, 500), context
    assert [e[0] for e in log_summary(emulator)] == ["ListInstances"], context
