"""outboundbot-emulator's --state file: survives a clean stop, and a SIGKILL mid-write
leaves a file that parses as JSON and loads (issue 3)."""

import http.client
import json
import signal
import threading
import time

import pytest

from conftest import rpc_v1


def sdk_create(name, max_cc, numbers=("95187", "95188"), description=None):
    params = {"InstanceName": name, "MaxConcurrentConversation": max_cc, "CallingNumber": list(numbers)}
    if description is not None:
        params["InstanceDescription"] = description
    return ("CreateInstance", params)


def instance_view(inst):
    keys = ("InstanceId", "InstanceName", "InstanceDescription", "MaxConcurrentConversation",
            "CreationTime", "CreatorId", "CreatorName", "OwnerName", "ResourceGroupId")
    return {k: inst.get(k) for k in keys}


@pytest.mark.sdk
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_instances_survive_a_restart(emulator_factory, run_sdk, tmp_path, sig):
    state = tmp_path / "state.json"
    first = emulator_factory("--concurrency-quota", "10", state=state)
    created = run_sdk("tea-v3", first, [
        sdk_create("持久实例一", 4, description="第一个"),
        sdk_create("持久实例二", 5),
    ])
    assert all(r["ok"] for r in created), created
    assert first.stop(sig) == 0, first.stderr_text()
    json.loads(state.read_text(encoding="utf-8"))  # a whole JSON document

    second = emulator_factory("--concurrency-quota", "10", state=state)
    ids = [r["body"]["Instance"]["InstanceId"] for r in created]
    # Read back through both signature schemes and both SDK families.
    for mode in ("tea-v3", "core-v1"):
        described = run_sdk(mode, second, [("DescribeInstance", {"InstanceId": i}) for i in ids])
        for before, after in zip(created, described):
            assert after["ok"] is True, after
            assert instance_view(after["body"]["Instance"]) == instance_view(before["body"]["Instance"])
        [listed] = run_sdk(mode, second, [("ListInstances", {"PageNumber": 1, "PageSize": 10})])
        assert listed["ok"] is True, listed
        assert listed["body"]["TotalCount"] == 2
        assert sorted(i["InstanceId"] for i in listed["body"]["Instances"]) == sorted(ids)

    # The name index and the quota account came back too.
    dup, over, fits = run_sdk("tea-v1", second, [
        sdk_create("持久实例一", 1),   # duplicate name
        sdk_create("新实例", 2),       # 4 + 5 + 2 > 10
        sdk_create("新实例", 1),       # 4 + 5 + 1 == 10
    ])
    assert dup["code"] == "InvalidInstanceName.Duplicated", dup
    assert over["code"] == "LimitExceeded.ConcurrentConversation", over
    assert fits["ok"] is True, fits

    # A deletion is persisted as well.
    deleted = run_sdk("tea-v3", second, [("DeleteInstance", {"InstanceId": ids[0]})])
    assert deleted[0]["ok"] is True, deleted
    assert second.stop() == 0
    third = emulator_factory(state=state)
    [listed] = run_sdk("tea-v3", third, [("ListInstances", {"PageNumber": 1, "PageSize": 10})])
    assert sorted(i["InstanceName"] for i in listed["body"]["Instances"]) == ["持久实例二", "新实例"]


def test_state_file_absent_at_start_is_created(emulator_factory, tmp_path):
    state = tmp_path / "sub" / "fresh.json"
    state.parent.mkdir()
    emu = emulator_factory(state=state)
    status, _, body = rpc_v1(emu, "CreateInstance", {"InstanceName": "新文件", "MaxConcurrentConversation": 1})
    assert status == 200, body
    # Written after every change, not only at exit.
    doc = json.loads(state.read_text(encoding="utf-8"))
    assert "新文件" in json.dumps(doc, ensure_ascii=False)
    assert emu.stop() == 0


def test_sigkill_during_a_burst_of_writes(emulator_factory, tmp_path):
    state = tmp_path / "state.json"
    emu = emulator_factory(state=state)
    status, _, body = rpc_v1(emu, "CreateInstance", {"InstanceName": "burst-first", "MaxConcurrentConversation": 1})
    assert status == 200, body  # the raw signer works before the burst starts

    acknowledged, attempted = {"burst-first"}, {"burst-first"}
    lock = threading.Lock()
    stop = threading.Event()
    deadline = time.monotonic() + 20

    def writer(n):
        conn = emu.connection(timeout=5)
        try:
            for i in range(400):  # bounded in count and in time
                if stop.is_set() or time.monotonic() > deadline:
                    return
                name = "burst-%d-%03d" % (n, i)
                with lock:
                    attempted.add(name)
                try:
                    st, _, _ = rpc_v1(emu, "CreateInstance",
                                      {"InstanceName": name, "MaxConcurrentConversation": 1,
                                       "CallingNumber": ["95187"]}, conn=conn)
                except (OSError, http.client.HTTPException):
                    return  # the emulator was killed
                if st == 200:
                    with lock:
                        acknowledged.add(name)
        finally:
            conn.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    while time.monotonic() < deadline:
        with lock:
            if len(acknowledged) >= 60:
                break
        time.sleep(0.005)
    emu.process.send_signal(signal.SIGKILL)  # mid-burst: writers are still sending
    emu.process.wait(10)
    stop.set()
    for t in threads:
        t.join(10)
    assert len(acknowledged) >= 60, "burst too slow: %d creates acknowledged" % len(acknowledged)
    assert emu.process.returncode == -signal.SIGKILL

    doc = json.loads(state.read_text(encoding="utf-8"))  # never half a file
    assert isinstance(doc, (dict, list))

    again = emulator_factory(state=state)
    restored = set()
    page = 1
    while True:
        st, _, body = rpc_v1(again, "ListInstances", {"PageNumber": page, "PageSize": 100})
        assert st == 200, body
        restored.update(i["InstanceName"] for i in body["Instances"])
        if page * 100 >= body["TotalCount"]:
            break
        page += 1
    assert len(restored) == body["TotalCount"]
    # Every create that was answered 200 was on disk; nothing that was never sent appears.
    assert acknowledged <= restored, sorted(acknowledged - restored)[:10]
    assert restored <= attempted, sorted(restored - attempted)[:10]
    st, _, body = rpc_v1(again, "CreateInstance", {"InstanceName": "after-restart", "MaxConcurrentConversation": 1})
    assert st == 200, body
