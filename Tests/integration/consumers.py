"""Helpers for the tests of the library's C consumers: examples, the bad-input program, dist.

The programs are built by `make examples c-tests` (against build/dist, through
pkg-config); `ensure_built()` runs that once per session when something is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET, DIST_DIR, REPO

HEADER = REPO / "include" / "outboundbot.h"
EXAMPLES_OUT = REPO / "build" / "examples"
TESTS_OUT = REPO / "build" / "tests"

PROGRAMS = {
    "c": EXAMPLES_OUT / "c" / "create_instance",
    "campaign": EXAMPLES_OUT / "c" / "campaign",
    "cpp": EXAMPLES_OUT / "cpp" / "create_instance",
    "go": EXAMPLES_OUT / "go" / "create_instance",
    "plugin-host": EXAMPLES_OUT / "plugin-host" / "plugin_host",
    "test_bad_input": TESTS_OUT / "test_bad_input",
}
PYTHON_EXAMPLE = REPO / "examples" / "python" / "create_instance.py"

# obb_status values (include/outboundbot.h), also the examples' exit codes.
OBB_OK, OBB_ERR_INVALID_ARGUMENT, OBB_ERR_CREDENTIALS = 0, 1, 2
OBB_ERR_TLS, OBB_ERR_SERVICE = 5, 6

_build_lock = threading.Lock()
_built = False


def header_version() -> str:
    m = re.search(r'^#define OBB_VERSION_STRING "([^"]+)"', HEADER.read_text(), re.M)
    assert m, "no OBB_VERSION_STRING in the header"
    return m.group(1)


def header_exports() -> set[str]:
    """The functions the header declares with OBB_EXTERN."""
    text = HEADER.read_text()
    names = set(re.findall(r"^OBB_EXTERN\b[^;(]*?\b(obb_\w+)\s*\(", text, re.M))
    assert names, "no OBB_EXTERN declarations found in the header"
    return names


def dist_library() -> Path:
    return DIST_DIR / "lib" / ("liboutboundbot.so.%s" % header_version())


def ensure_built() -> None:
    """`make examples c-tests` once, when any program or the dist library is missing."""
    global _built
    with _build_lock:
        if _built:
            return
        wanted = list(PROGRAMS.values()) + [dist_library()]
        if not all(p.exists() for p in wanted):
            res = subprocess.run(["make", "--no-print-directory", "examples", "c-tests"], cwd=REPO,
                                 capture_output=True, text=True, timeout=1800)
            if res.returncode != 0:
                pytest.fail("`make examples c-tests` failed:\n%s\n%s"
                            % (res.stdout[-4000:], res.stderr[-4000:]), pytrace=False)
        _built = True


def program(name: str) -> Path:
    ensure_built()
    return PROGRAMS[name]


def compile_against_dist(source: Path, out: Path) -> Path:
    """Tests/c/<source> compiled, pedantic C99 with -pthread, and linked with the dist library."""
    lib = DIST_DIR / "lib"
    if not (lib / "liboutboundbot.so").exists():
        pytest.fail("%s is missing: run `make dist`" % (lib / "liboutboundbot.so"), pytrace=False)
    res = subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g",
                          "-I%s" % (DIST_DIR / "include"), "-o", str(out), str(source),
                          "-L%s" % lib, "-loutboundbot", "-Wl,-rpath,%s" % lib, "-pthread"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, "%s\n(is %s older than include/outboundbot.h? `make dist`)" % (describe(res), lib)
    return out


def client_env(emu, *, signature: str | None = None, ca_file=None, base=None, **extra) -> dict:
    """Environment for an example: endpoint, protocol and credentials of `emu`."""
    env = dict(os.environ if base is None else base)
    for key in [k for k in env if k.startswith(("ALIBABA_CLOUD_", "OBB_"))]:
        del env[key]
    env.update({
        # The chain's metadata step stays off: nothing may reach the ECS metadata address.
        "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true",
        "OBB_ENDPOINT": emu.endpoint,
        "OBB_PROTOCOL": emu.scheme,
        "ALIBABA_CLOUD_ACCESS_KEY_ID": emu.access_key_id or DEV_ACCESS_KEY_ID,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": emu.access_key_secret or DEV_ACCESS_KEY_SECRET,
    })
    if emu.security_token:
        env["ALIBABA_CLOUD_SECURITY_TOKEN"] = emu.security_token
    if signature:
        env["OBB_SIGNATURE_VERSION"] = signature
    if ca_file is not None:
        env["OBB_CA_FILE"] = str(ca_file)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run(argv, env, timeout=120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], env=env, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout, **kwargs)


def parse_result(stdout: str) -> dict:
    """The `  field: value` lines the examples print after `obb_create_instance returned`."""
    fields = {}
    seen = False
    for line in stdout.splitlines():
        if line.startswith("obb_create_instance returned"):
            seen = True
            continue
        m = re.match(r"^  ([a-z_.]+):\s*(.*)$", line) if seen else None
        if m:
            value = m.group(2)
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            fields[m.group(1)] = value
    return fields


def describe(res: subprocess.CompletedProcess) -> str:
    return "exit %s\n--- stdout\n%s\n--- stderr\n%s" % (res.returncode, res.stdout[-6000:],
                                                         res.stderr[-6000:])


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


_VG_LOST = re.compile(r"(definitely|indirectly|possibly) lost: ([\d,]+) bytes")


def valgrind_leaks(stderr: str) -> dict:
    """{'definitely': bytes, 'indirectly': ..., 'possibly': ...} from valgrind's LEAK SUMMARY."""
    found = {kind: int(n.replace(",", "")) for kind, n in _VG_LOST.findall(stderr)}
    for kind in ("definitely", "indirectly", "possibly"):
        found.setdefault(kind, 0)
    return found


VALGRIND = ["valgrind", "--leak-check=full", "--errors-for-leak-kinds=definite,indirect",
            "--error-exitcode=99", "--track-fds=no"]
