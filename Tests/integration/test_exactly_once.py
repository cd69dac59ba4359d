"""Exactly-once CreateInstance: 200 calls from 4 threads on one client, with injected faults.

The campaign itself (faults, calls, the comparison with the emulator's instances) is
scripts/exactly_once.py's, which `make exactly-once` runs with 1000 calls.

Faults are armed per call with the emulator's `match` on InstanceName (docs/emulator.md,
"Faults"): before each call, with probability 0.3 one fault, then with 0.3 a second, each
one of close, delay (600 ms, past read_timeout_ms 300), error_after_performing,
internal_error, throttling (retry_after_ms 50) and bad_gateway. The match makes them hit
that call's own first attempts whatever the threads do, so no call meets more than two
faults and, with the default 3 attempts, every call must succeed.

OBB_EXACTLY_ONCE_SEED=N repeats a run; the seed is printed (pytest -s) and in failures.
"""

import os
import random
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from exactly_once import OBB_OK, Library, run_campaign  # noqa: E402

CALLS = 200
THREADS = 4


@pytest.fixture(scope="module")
def library():
    lib = Library()
    if lib.version_number < 0x000400:
        pytest.fail("%s is liboutboundbot %s: retries and reconciliation need 0.4.0"
                    % (lib.path, lib.version), pytrace=False)
    return lib


def test_two_hundred_creates_exactly_once(emulator, library):
    defaults = library.default_config()
    assert (defaults.max_attempts, defaults.retry_base_delay_ms, defaults.retry_max_delay_ms,
            defaults.deadline_ms) == (3, 200, 5000, 0), "obb_client_config_init's defaults"
    seed = int(os.environ.get("OBB_EXACTLY_ONCE_SEED") or random.SystemRandom().randrange(1 << 31))
    figures = run_campaign(library, emulator, calls=CALLS, threads=THREADS, seed=seed, arming="planned",
                           read_timeout_ms=300, delay_ms=600, retry_after_ms=50)
    print("\nseed %d, %s\n%s" % (seed, library.path, figures.table()))
    context = "seed %d\n%s\n%s" % (seed, figures.table(), "\n".join(figures.problems[:30]))

    # Every failure is definite: a call that failed created nothing.
    assert figures.failed_but_created == 0, context
    # Every OK call has exactly one instance with its name, with the fields it asked for,
    # and the answer names that instance.
    assert figures.lost == 0 and figures.wrong_answers == 0, context
    # No duplicate names; exactly one instance per OK call, none from nowhere.
    assert figures.duplicates == 0 and not figures.unexpected, context
    assert figures.instances == figures.ok, context
    # At most two faults per call and three attempts: every call succeeds.
    assert figures.ok == CALLS, context
    assert all(r.result.status == OBB_OK for r in figures.records), context

    # The emulator performed exactly one create per instance.
    performed = [e for e in emulator.requests()
                 if e.get("action") == "CreateInstance" and e.get("performed") is True]
    assert len(performed) == CALLS, context
    assert len({e["params"]["InstanceName"] for e in performed}) == CALLS, context
    # The faults were met: some calls were retried and some reconciled.
    assert figures.faults_armed > 0 and figures.reconciled > 0 and figures.retried > 0, context
    print("reconciled %d, retried (attempts > 1) %d, reconciled after a retry %d, "
          "attempts as planned %d of %d"
          % (figures.reconciled, figures.retried, figures.reconciled_after_retry,
             figures.as_planned, figures.planned_calls))
