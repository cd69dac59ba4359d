"""Tests/c/test_generic_call.c: a C host calls ListInstances, DescribeInstance and
CreateJobGroup through obb_call, obb_call_params, the pager and the typed lifecycle
functions, against the emulator, and reads fields from the answers by path.

The program is compiled here against the dist header and library (build/dist, or
OBB_DIST_DIR), and runs signing with V3 and with V1; the emulator's request log shows
what it sent. Under valgrind it must make no memory error and leak nothing.
"""

import re
import uuid

import pytest

from conftest import REPO
from consumers import VALGRIND, client_env, compile_against_dist, describe, have, run, valgrind_leaks

SOURCE = REPO / "Tests" / "c" / "test_generic_call.c"
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$", re.M)



@pytest.fixture(scope="module")
def program(tmp_path_factory):
    return compile_against_dist(SOURCE, tmp_path_factory.mktemp("generic-call") / "test_generic_call")


def check(res):
    m = SUMMARY.search(res.stdout)
    assert m and int(m.group(2)) == 0 and res.returncode == 0, describe(res)
    assert int(m.group(1)) >= 14, res.stdout


@pytest.mark.parametrize("signature", ["v3", "v1"])
def test_generic_call_typed_functions_and_pager(program, emulator, signature):
    prefix = "generic-%s-%s" % (signature, uuid.uuid4().hex[:8])
    res = run([program, prefix], client_env(emulator, signature=signature))
    check(res)

    received = emulator.requests()
    actions = [r["action"] for r in received]
    assert actions.count("CreateInstance") == 3, actions
    # obb_call, the typed function, and the pager's 3 pages (it stops at TotalCount).
    assert actions.count("ListInstances") == 2 + 3, actions
    assert actions.count("CreateJobGroup") == 2, actions
    assert {"DescribeInstance", "ModifyInstance", "DeleteInstance"} <= set(actions), actions
    # The builder's list went out as a repeat-list; the pager walked PageNumber 1, 2, 3...
    group = [r for r in received if r["action"] == "CreateJobGroup"][1]
    assert group["params"].get("CallingNumber.1") == "95187", group
    assert group["params"].get("CallingNumber.2") == "95188", group
    pages = [r["params"].get("PageNumber") for r in received
             if r["action"] == "ListInstances" and r["params"].get("PageSize") == "1"]
    assert pages == ["1", "2", "3"], pages  # the pager sends page 1 explicitly


@pytest.mark.skipif(not have("valgrind"), reason="valgrind is not installed (.ci/run installs it)")
def test_generic_call_under_valgrind(program, emulator):
    """No invalid read or write, nothing uninitialised, nothing definitely or
    indirectly lost, after one round of every call and after three."""
    for rounds in (1, 3):
        res = run(VALGRIND + [program, "generic-vg%d-%s" % (rounds, uuid.uuid4().hex[:8]), rounds],
                  client_env(emulator), timeout=900)
        check(res)
        assert "ERROR SUMMARY: 0 errors" in res.stderr, res.stderr[-6000:]
        leaks = valgrind_leaks(res.stderr)
        assert leaks["definitely"] + leaks["indirectly"] == 0, res.stderr[-6000:]
