"""Tests/c/test_async.c: asynchronous calls, cancellation tokens and per-call options
(0.4.0) from a C host, against the emulator.

The program runs one scenario per process; each test here arms the emulator's faults
that scenario needs (over the admin API), runs it, requires every check to pass, then
reads the emulator's request log to see what was, and was not, sent. The throughput
scenario prints its figures (wall and CPU time, RSS, the process's threads); run pytest
with -s to see them.

The program is compiled here against the dist header and library (build/dist, or
OBB_DIST_DIR), as test_c_generic_call.py does. To test a debug build instead, point
OBB_DIST_DIR at a directory holding include/outboundbot.h and lib/liboutboundbot.so
(symlinks will do).
"""

import re
import uuid
from collections import Counter

import pytest

from conftest import REPO
from consumers import client_env, compile_against_dist, describe, run

SOURCE = REPO / "Tests" / "c" / "test_async.c"
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$", re.M)
FIGURES = re.compile(r"^figures: (.*)$", re.M)


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    return compile_against_dist(SOURCE, tmp_path_factory.mktemp("async") / "test_async")


def scenario(program, emu, name, prefix=None, minimum=1, timeout=300):
    """Run one scenario; every check must pass. Returns the program's stdout."""
    argv = [program, name] + ([prefix] if prefix else [])
    res = run(argv, client_env(emu), timeout=timeout)
    print("\n--- test_async %s\n%s" % (name, res.stdout.rstrip()))
    m = SUMMARY.search(res.stdout)
    assert m and int(m.group(2)) == 0 and res.returncode == 0, describe(res)
    assert int(m.group(1)) >= minimum, res.stdout  # every check ran
    return res.stdout


def rpc(emu):
    """The request log's OutboundBot calls."""
    return [r for r in emu.requests() if r.get("path", "/") == "/" and r.get("action")]


def of(received, action):
    return [r for r in received if r["action"] == action]


def test_a_thousand_async_calls_on_one_client(program, emulator):
    prefix = "async-%s" % uuid.uuid4().hex[:8]
    out = scenario(program, emulator, "throughput", prefix, minimum=2, timeout=600)
    figures = dict(item.split("=", 1) for item in FIGURES.search(out).group(1).split())
    # A thread per call would be 1,000 threads (the program fails beyond 8 more).
    assert int(figures["threads_max"]) - int(figures["threads_before"]) <= 8, figures

    received = rpc(emulator)
    assert Counter(r["action"] for r in received) == Counter({"ListInstances": 500, "CreateInstance": 500})
    assert all(r["code"] == "OK" and r.get("fault") is None for r in received), \
        [r for r in received if r["code"] != "OK"][:5]
    # The parameters went out as given, though the program reused one buffer for all.
    names = sorted(r["params"]["InstanceName"] for r in of(received, "CreateInstance"))
    assert names == sorted("%s-%d" % (prefix, i) for i in range(1, 1000, 2))
    created = [i for i in emulator.instances()["instances"] if i["InstanceName"].startswith(prefix + "-")]
    assert len(created) == 500


def test_cancellation_tokens(program, emulator):
    emulator.inject("DescribeInstance", "delay", 7, delay_ms=5000)
    scenario(program, emulator, "cancel", minimum=9)

    received = rpc(emulator)
    described = of(received, "DescribeInstance")
    # The async call, the five on one token, the blocking call: each once, none retried
    # after its cancellation, every one held by the delay.
    assert 2 <= len(described) <= 7, [r["params"] for r in described]
    assert all(r.get("fault") == "delay" for r in described), described
    ids = Counter(r["params"]["InstanceId"] for r in described)
    assert all(n == 1 for n in ids.values()), ids
    assert {"cancel-async", "cancel-blocking"} <= set(ids), ids
    # ListInstances: the warm-up (PageSize 1) and the call whose token was freed
    # (PageSize 3); the two with an already-cancelled token (PageSize 2) sent nothing.
    listed = [r["params"].get("PageSize") for r in of(received, "ListInstances")]
    assert sorted(listed) == ["1", "3"], listed


def test_client_free_with_calls_in_flight(program, emulator):
    emulator.inject("ListInstances", "delay", 1000, delay_ms=5000)
    prefix = "async-free-%s" % uuid.uuid4().hex[:8]
    scenario(program, emulator, "free", prefix, minimum=3)

    received = rpc(emulator)
    assert len(of(received, "CreateInstance")) == 1
    described = Counter(r["params"]["InstanceId"] for r in of(received, "DescribeInstance"))
    assert described["free-in-callback"] == 1 and sum(described.values()) == 11, described
    listed = of(received, "ListInstances")
    # 50 + 20 in flight; a call cancelled before it was sent never arrives.
    assert len(listed) <= 70 and all(r.get("fault") == "delay" for r in listed), len(listed)


def test_callbacks_call_the_library(program, emulator):
    emulator.inject("DescribeInstance", "delay", 1, delay_ms=5000)
    scenario(program, emulator, "chain", minimum=2)

    received = rpc(emulator)
    # Each link was started by the previous one's callback, with parameters built on
    # that callback's stack: PageSize 1..10, in order.
    assert [r["params"].get("PageSize") for r in of(received, "ListInstances")] == [str(n) for n in range(1, 11)]
    [victim] = of(received, "DescribeInstance")
    assert victim["params"]["InstanceId"] == "chain-victim" and victim.get("fault") == "delay"


def test_bad_input_is_refused_and_nothing_is_sent(program, emulator):
    scenario(program, emulator, "bad-input", minimum=44)
    received = rpc(emulator)
    # Only the control call: no refused call, unknown action or malformed JSON was sent.
    assert [(r["action"], r["params"].get("PageSize"), r["code"]) for r in received] == \
        [("ListInstances", "7", "OK")], [(r["action"], r["params"]) for r in received]


def test_per_call_options(program, emulator):
    for page_size in range(1, 6):  # one InternalError for each call, PageSize 1 to 5
        emulator.inject("ListInstances", "internal_error", 1, match={"PageSize": str(page_size)})
    emulator.inject("DescribeInstance", "delay", 5, delay_ms=2000)
    scenario(program, emulator, "options", minimum=8)

    received = rpc(emulator)
    # max_attempts 1 (blocking, async), a 1-attempt client, that client with max_attempts 3,
    # a 3-attempt client with no options: the last two retried once after an InternalError.
    assert [(r["params"]["PageSize"], r["code"]) for r in of(received, "ListInstances")] == \
        [("1", "InternalError"), ("2", "InternalError"), ("3", "InternalError"),
         ("4", "InternalError"), ("4", "OK"), ("5", "InternalError"), ("5", "OK")]
    described = of(received, "DescribeInstance")
    assert {r["params"]["InstanceId"] for r in described} == \
        {"deadline-blocking", "deadline-async", "deadline-client"}, described
    assert len(described) <= 5 and all(r.get("fault") == "delay" for r in described)


def test_ambiguous_create_is_reconciled(program, emulator):
    prefix = "async-rec-%s" % uuid.uuid4().hex[:8]
    for suffix in ("async", "blocking"):
        emulator.inject("CreateInstance", "error_after_performing", 1,
                        match={"InstanceName": "%s-%s" % (prefix, suffix)})
    scenario(program, emulator, "reconcile", prefix, minimum=2)

    received = rpc(emulator)
    creates = of(received, "CreateInstance")
    # One attempt each: performed, answered 500, then found by a lookup, never re-sent.
    assert [(r["params"]["InstanceName"], r.get("fault"), r.get("performed")) for r in creates] == \
        [("%s-async" % prefix, "error_after_performing", True),
         ("%s-blocking" % prefix, "error_after_performing", True)]
    assert len(of(received, "ListInstances")) >= 2
    names = Counter(i["InstanceName"] for i in emulator.instances()["instances"])
    assert names["%s-async" % prefix] == 1 and names["%s-blocking" % prefix] == 1, names
