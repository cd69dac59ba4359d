"""Tests/c/test_bad_input.c: every entry point given bad input, from C, against the dist .so.

The program's bad requests go to an emulator started with --admin; its request log
proves that none of them was sent: only the program's valid requests are there (the
fixture it looks into: CreateInstance of bad-input-fixture-<pid> and DescribeInstance
of it; and the control request). Under valgrind it must leak nothing that grows with
the number of calls.
"""

import re
import uuid

import pytest

from consumers import client_env, describe, have, program, run, valgrind_leaks

SECRETS = ("SeCrEt-0bb-never-print-me", "ToKeN-0bb-never-print-me")
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$")


def summary(stdout):
    lines = stdout.rstrip("\n").splitlines()
    m = SUMMARY.match(lines[-1]) if lines else None
    assert m, "no `N passed, M failed` last line:\n" + stdout[-3000:]
    return int(m.group(1)), int(m.group(2))


def failures(stdout):
    return "\n".join(l for l in stdout.splitlines() if l.startswith("FAIL"))


def test_bad_input_is_rejected_and_nothing_is_sent(emulator):
    control = "control-%s" % uuid.uuid4().hex[:8]
    res = run([program("test_bad_input"), "--endpoint", emulator.endpoint, "--control", control],
              client_env(emulator))
    passed, failed = summary(res.stdout)
    assert failed == 0 and res.returncode == 0, failures(res.stdout) or describe(res)
    assert passed >= 350, res.stdout  # every check ran

    for secret in SECRETS:
        assert secret not in res.stdout and secret not in res.stderr

    # Nothing but the fixture's two requests and the control reached the endpoint.
    received = emulator.requests()
    fixture = assert_only_fixture(received[:2])
    rest = received[2:]
    assert len(rest) == 1, [(r.get("action"), r.get("params")) for r in received]
    assert rest[0]["action"] == "CreateInstance"
    assert rest[0]["params"]["InstanceName"] == control
    assert rest[0]["code"] == "OK", rest[0]
    assert fixture != control


def assert_only_fixture(received):
    """The fixture's CreateInstance and DescribeInstance of that instance, both OK;
    returns the fixture's instance name."""
    shown = [(r.get("action"), r.get("params")) for r in received]
    assert [r["action"] for r in received] == ["CreateInstance", "DescribeInstance"], shown
    create, describe = received
    assert create["params"]["InstanceName"].startswith("bad-input-fixture-"), shown
    assert sorted(describe["params"]) == ["InstanceId"], shown
    assert create["code"] == "OK" and describe["code"] == "OK", shown
    return create["params"]["InstanceName"]


# Memory errors fail the run; leaks are judged by the test. The Swift runtime's metadata
# caches hold a few one-time blocks by interior pointers ("possibly lost"); nothing may
# be definitely or indirectly lost (the catalogue, built once per process, is stored
# without tagged pointers so that memcheck can follow it).
VALGRIND_ERRORS = ["valgrind", "--leak-check=full", "--errors-for-leak-kinds=none", "--error-exitcode=99",
                   "--track-fds=no"]


@pytest.mark.skipif(not have("valgrind"), reason="valgrind is not installed (.ci/run installs it)")
def test_bad_input_under_valgrind_leaks_nothing(emulator):
    """No invalid read or write, nothing uninitialised, and nothing definitely or
    indirectly lost, whether every check runs once or three times."""
    lost = []
    for repeat in (1, 3):
        emulator.clear_requests()
        res = run(VALGRIND_ERRORS + [program("test_bad_input"), "--endpoint", emulator.endpoint,
                                     "--repeat", repeat], client_env(emulator), timeout=900)
        passed, failed = summary(res.stdout)
        assert failed == 0, failures(res.stdout)
        assert res.returncode == 0, describe(res)
        assert "ERROR SUMMARY: 0 errors" in res.stderr, res.stderr[-6000:]
        leaks = valgrind_leaks(res.stderr)
        lost.append((leaks["definitely"], leaks["indirectly"], leaks["possibly"]))
        assert leaks["definitely"] + leaks["indirectly"] == 0, res.stderr[-6000:]
        for secret in SECRETS:
            assert secret not in res.stdout and secret not in res.stderr
        assert_only_fixture(emulator.requests())  # the fixture is made once, whatever the repeat
    assert lost[1] == lost[0], "lost bytes grow with the calls: %s" % lost
