"""Tests/c/test_bad_input.c: every entry point given bad input, from C, against the dist .so.

The program's bad requests go to an emulator started with --admin; its request log
proves that none of them was sent (only the program's one valid control request is
there). Under valgrind it must leak nothing that grows with the number of calls.
"""

import re
import uuid

import pytest

from consumers import VALGRIND, client_env, describe, have, program, run, valgrind_leaks

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
    assert passed >= 80, res.stdout  # every check ran

    for secret in SECRETS:
        assert secret not in res.stdout and secret not in res.stderr

    # Nothing but the control request reached the endpoint.
    received = emulator.requests()
    assert len(received) == 1, [(r.get("action"), r.get("params")) for r in received]
    assert received[0]["action"] == "CreateInstance"
    assert received[0]["params"]["InstanceName"] == control
    assert received[0]["code"] == "OK", received[0]


@pytest.mark.skipif(not have("valgrind"), reason="valgrind is not installed (.ci/run installs it)")
def test_bad_input_under_valgrind_leaks_nothing(emulator):
    """No invalid read or write; no leak. The Swift runtime's metadata caches hold a few
    one-time blocks by interior pointers ("possibly lost"); they must not grow when every
    check runs three times as often, and nothing may be definitely or indirectly lost."""
    possibly = []
    for repeat in (1, 3):
        res = run(VALGRIND + [program("test_bad_input"), "--endpoint", emulator.endpoint,
                              "--repeat", repeat], client_env(emulator), timeout=600)
        passed, failed = summary(res.stdout)
        assert failed == 0, failures(res.stdout)
        assert res.returncode == 0, describe(res)
        assert "ERROR SUMMARY: 0 errors" in res.stderr, res.stderr[-6000:]
        leaks = valgrind_leaks(res.stderr)
        assert leaks["definitely"] == 0 and leaks["indirectly"] == 0, res.stderr[-6000:]
        possibly.append(leaks["possibly"])
        for secret in SECRETS:
            assert secret not in res.stdout and secret not in res.stderr
    assert possibly[1] == possibly[0], "possibly-lost bytes grow with the calls: %s" % possibly
    assert not emulator.requests()
