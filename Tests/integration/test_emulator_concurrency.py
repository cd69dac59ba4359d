"""Concurrent writes to outboundbot-emulator: state stays consistent (issue 3, item 5)."""

import threading
from collections import Counter

import pytest

from conftest import rpc_v1


@pytest.mark.sdk
@pytest.mark.parametrize("mode", ["tea-v3", "core-v1"])
def test_concurrent_creates_of_one_name_exactly_one_wins(emulator, run_sdk, mode):
    name = "并发同名-" + mode
    calls = [("CreateInstance", {"InstanceName": name, "MaxConcurrentConversation": 1})] * 8
    results = run_sdk(mode, emulator, calls, concurrent=True)
    assert len(results) == 8 and all(r is not None for r in results), results
    assert sum(r["ok"] for r in results) == 1, results
    losers = [r for r in results if not r["ok"]]
    assert {(r["http_status"], r["code"]) for r in losers} == {(400, "InvalidInstanceName.Duplicated")}
    [listed] = run_sdk(mode, emulator, [("ListInstances", {"Name": name, "PageNumber": 1, "PageSize": 10})])
    assert listed["body"]["TotalCount"] == 1, listed
    codes = Counter(e["code"] for e in emulator.requests() if e.get("action") == "CreateInstance")
    assert codes == Counter({"OK": 1, "InvalidInstanceName.Duplicated": 7})


def _race(emu, n, make_params):
    """n threads, one keep-alive connection each, released together; returns (status, body) list."""
    barrier = threading.Barrier(n)
    out = [None] * n

    def run(i):
        conn = emu.connection(timeout=10)
        try:
            barrier.wait(10)
            status, _, body = rpc_v1(emu, "CreateInstance", make_params(i), conn=conn)
            out[i] = (status, body)
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert all(o is not None for o in out), out
    return out


def test_raw_races_on_one_name_over_many_rounds(emulator):
    for round_ in range(5):
        name = "race-%d" % round_
        out = _race(emulator, 16, lambda i: {"InstanceName": name, "MaxConcurrentConversation": 1})
        wins = [b for s, b in out if s == 200]
        assert len(wins) == 1, out
        assert all(s == 400 and b["Code"] == "InvalidInstanceName.Duplicated" for s, b in out if s != 200), out
    status, _, body = rpc_v1(emulator, "ListInstances", {"PageNumber": 1, "PageSize": 50})
    assert status == 200 and body["TotalCount"] == 5, body


def test_raw_races_on_the_quota(emulator_factory):
    """Quota 10, ten creates of 3 at once: exactly three fit."""
    emu = emulator_factory("--concurrency-quota", "10")
    out = _race(emu, 10, lambda i: {"InstanceName": "quota-%d" % i, "MaxConcurrentConversation": 3})
    codes = Counter((s, b["Code"]) for s, b in out)
    assert codes == Counter({(200, "OK"): 3, (400, "LimitExceeded.ConcurrentConversation"): 7}), out
    status, _, body = rpc_v1(emu, "ListInstances", {"PageNumber": 1, "PageSize": 50})
    assert body["TotalCount"] == 3
    assert sum(i["MaxConcurrentConversation"] for i in body["Instances"]) == 9
