"""The generic-call examples against the emulator: the C campaign (make demo's
third step), the Python ctypes script and the Go program's describe step.

Each reads the answers by path through the C ABI, as a user's program would.
"""

import sys
import uuid

from conftest import DIST_DIR, REPO
from consumers import OBB_OK, client_env, describe, program, run

GENERIC_PY = REPO / "examples" / "python" / "generic_call.py"


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def test_campaign_creates_assigns_starts_and_reads_back(emulator):
    res = run([program("campaign"), unique("campaign")], client_env(emulator))
    assert res.returncode == OBB_OK, describe(res)
    out = res.stdout
    assert "1. CreateInstance:" in out and "2. CreateJobGroup: JobGroup.JobGroupId = " in out, out
    assert "3. AssignJobs: JobsId has 3 entries" in out, out
    assert "4. SubmitBatchJobs:" in out, out
    jobs = [line for line in out.splitlines() if line.strip().startswith("job ")]
    assert sorted(line.split("reference ")[1].split()[0] for line in jobs) == \
        ["customer-1", "customer-2", "customer-3"], out
    actions = [r.get("action") for r in emulator.requests()]
    # Three jobs in pages of two: two ListJobsByGroup pages.
    assert actions.count("ListJobsByGroup") == 2, actions
    for action in ("CreateInstance", "CreateJobGroup", "AssignJobs", "SubmitBatchJobs"):
        assert actions.count(action) == 1, actions


def test_campaign_with_v1_signing(emulator):
    res = run([program("campaign"), unique("campaign-v1")], client_env(emulator, signature="v1"))
    assert res.returncode == OBB_OK, describe(res)


def test_python_generic_call_reads_fields_by_path(emulator):
    c_res = run([program("c"), unique("py-generic")], client_env(emulator))
    assert c_res.returncode == OBB_OK, describe(c_res)
    instance_id = next(line.split('"')[1] for line in c_res.stdout.splitlines()
                       if line.strip().startswith("instance.instance_id:"))
    env = client_env(emulator)
    env["OBB_LIBRARY"] = str(DIST_DIR / "lib" / "liboutboundbot.so.0")
    res = run([sys.executable, GENERIC_PY, instance_id], env)
    assert res.returncode == OBB_OK, describe(res)
    fields = {}
    for line in res.stdout.splitlines():
        parts = line.split(None, 1)
        if line.startswith("  ") and len(parts) == 2:
            fields[parts[0]] = parts[1]
    assert fields["Instance.MaxConcurrentConversation"] == "4", res.stdout
    assert fields["Instances[0].InstanceId"] not in ("", "None"), res.stdout
    assert int(fields["TotalCount"]) >= 1, res.stdout
    assert fields["JobGroup.JobGroupName"] == "python-group", res.stdout
    assert fields["JobGroups.List[0].JobGroupName"] == "python-group", res.stdout
    assert int(fields["JobGroups.TotalCount"]) == 1, res.stdout


def test_go_example_describes_through_the_generic_call(emulator):
    name = unique("go-generic")
    res = run([program("go"), name], client_env(emulator))
    assert res.returncode == OBB_OK, describe(res)
    assert "obb_call DescribeInstance returned 0 (OBB_OK)" in res.stdout, res.stdout
    assert 'Instance.InstanceName:              "%s"' % name in res.stdout, res.stdout
    assert "Instance.MaxConcurrentConversation: 4" in res.stdout, res.stdout
