"""Struct versioning that works: hosts built against headers whose structs are one
field longer and one field shorter than the library's (Tests/c/test_struct_growth.c).

Each variant is a copy of include/outboundbot.h with a small text edit, made here:
obb_client_config one field longer (a field the library does not know), one field
shorter (no max_response_bytes), two shorter (the 0.1.0 layout); and
obb_list_instances_request one field longer, and one shorter (smaller than its first
released size: the library must refuse it, with a message, sending nothing). The host
is compiled against the copy and linked with the dist library; it runs against the
emulator, under valgrind when it is installed (every struct it passes sits in a heap
block of exactly its own size, so a read past it is an error), and must pass every
check.
"""

import re
import shutil
import subprocess
import uuid

import pytest

from conftest import DIST_DIR, REPO
from consumers import VALGRIND, client_env, describe, have, run, valgrind_leaks

SOURCE = REPO / "Tests" / "c" / "test_struct_growth.c"
HEADER = REPO / "include" / "outboundbot.h"
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$", re.M)


def edit(text: str, old: str, new: str) -> str:
    """Replace `old` (a regular expression) exactly once."""
    result, count = re.subn(old, new, text)
    assert count == 1, "header edit %r matched %d times" % (old, count)
    return result


CONFIG_INIT_TAIL = r"0, 0, NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0 \}"
CONFIG_0_4_0_TAIL = r"NULL, 0, \\\n      200, 5000, 0, NULL, NULL, 3, 0 \}"
CONFIG_0_2_0_TAIL = r"0, 0, NULL, NULL, 0, 0 \}"


def config_longer(h):
    h = edit(h, r"(    int32_t tls_min_version;[^\n]*\n)", r"\1    uint32_t config_future;\n")
    h = edit(h, r"OBB_STRUCT_SIZE\(obb_client_config, tls_min_version\)",
             "OBB_STRUCT_SIZE(obb_client_config, config_future)")
    return edit(h, CONFIG_0_4_0_TAIL, "NULL, 0, 200, 5000, 0, NULL, NULL, 3, 0, 0 }")


def config_0_3_0(h):
    """The header as a 0.3.0 host has it: no retry, proxy or TLS fields."""
    h = edit(h, r"(?s)    /\* ---- 0\.3\.0 ends here ---- \*/\n.*?    int32_t tls_min_version;[^\n]*\n", "")
    h = edit(h, r"OBB_STRUCT_SIZE\(obb_client_config, tls_min_version\)",
             "OBB_STRUCT_SIZE(obb_client_config, log_level)")
    return edit(h, CONFIG_0_4_0_TAIL, "NULL, 0 }")


def config_0_2_0(h):
    """The header as a 0.2.0 host has it: no credential or log fields."""
    h = config_0_3_0(h)
    h = edit(h, r"(?s)    /\* ---- 0\.2\.0 ends here ---- \*/\n.*?    int32_t log_level;\n", "")
    h = edit(h, r"OBB_STRUCT_SIZE\(obb_client_config, log_level\)",
             "OBB_STRUCT_SIZE(obb_client_config, max_response_bytes)")
    return edit(h, CONFIG_INIT_TAIL, "0, 0, NULL, NULL, 0, 0 }")


def config_shorter(h):
    h = config_0_2_0(h)
    h = edit(h, r"(?s)    /\* Since 0\.2\.0: the largest answer body accepted.*?uint32_t max_response_bytes;\n", "")
    h = edit(h, r"OBB_STRUCT_SIZE\(obb_client_config, max_response_bytes\)",
             "OBB_STRUCT_SIZE(obb_client_config, max_idle_connections)")
    return edit(h, CONFIG_0_2_0_TAIL, "0, 0, NULL, NULL, 0 }")


def config_0_1_0(h):
    h = config_0_2_0(h)
    h = edit(h, r"(?s)    /\* Since 0\.2\.0: idle keep-alive.*?uint32_t max_idle_connections;\n", "")
    h = edit(h, r"(?s)    /\* Since 0\.2\.0: the largest answer body accepted.*?uint32_t max_response_bytes;\n", "")
    h = edit(h, r"OBB_STRUCT_SIZE\(obb_client_config, max_response_bytes\)",
             "OBB_STRUCT_SIZE(obb_client_config, user_agent_suffix)")
    return edit(h, CONFIG_0_2_0_TAIL, "0, 0, NULL, NULL }")


LIST_FIELD = r"(    const char \*OBB_NULLABLE resource_group_id; /\* optional \*/\n)(\} obb_list_instances_request;)"
LIST_INIT = r"\{ OBB_STRUCT_SIZE\(obb_list_instances_request, resource_group_id\), 0, 0, NULL, NULL \}"


def list_longer(h):
    h = edit(h, LIST_FIELD, r"\1    int32_t list_future;\n\2")
    return edit(h, LIST_INIT, "{ OBB_STRUCT_SIZE(obb_list_instances_request, list_future), 0, 0, NULL, NULL, 0 }")


def list_shorter(h):
    h = edit(h, LIST_FIELD, r"\2")
    return edit(h, LIST_INIT, "{ OBB_STRUCT_SIZE(obb_list_instances_request, name), 0, 0, NULL }")


# name: (header edits, -D flags, whether ListInstances is sent)
VARIANTS = {
    "as-the-library": ([], ["HAS_MAX_IDLE", "HAS_MAX_RESPONSE", "HAS_RETRY_POLICY"], True),
    "config-one-field-longer": ([config_longer], ["HAS_MAX_IDLE", "HAS_MAX_RESPONSE", "HAS_RETRY_POLICY",
                                                  "HAS_CONFIG_FUTURE"], True),
    "config-0.3.0-host": ([config_0_3_0], ["HAS_MAX_IDLE", "HAS_MAX_RESPONSE"], True),
    "config-0.2.0-host": ([config_0_2_0], ["HAS_MAX_IDLE", "HAS_MAX_RESPONSE"], True),
    "config-one-field-shorter": ([config_shorter], ["HAS_MAX_IDLE"], True),
    "config-0.1.0-two-fields-shorter": ([config_0_1_0], [], True),
    "list-request-one-field-longer": ([list_longer], ["HAS_MAX_IDLE", "HAS_MAX_RESPONSE", "HAS_RETRY_POLICY",
                                                      "LIST_LONGER"], True),
    "list-request-one-field-shorter": ([list_shorter], ["HAS_MAX_IDLE", "HAS_MAX_RESPONSE", "HAS_RETRY_POLICY",
                                                        "LIST_SHORTER"], False),
}


def build_host(tmp_path, edits, defines):
    include = tmp_path / "include"
    include.mkdir()
    text = HEADER.read_text()
    for change in edits:
        text = change(text)
    (include / "outboundbot.h").write_text(text)
    # The edited header still compiles alone, pedantic, as C99 and C++11.
    for compiler, std, suffix in (("cc", "-std=c99", "c"), ("c++", "-std=c++11", "cpp")):
        probe = tmp_path / ("alone." + suffix)
        probe.write_text("#include <outboundbot.h>\nint main(void) { return obb_version() == 0; }\n")
        res = subprocess.run([compiler, std, "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only",
                              "-I%s" % include, str(probe)], capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, describe(res)
    host = tmp_path / "test_struct_growth"
    lib = DIST_DIR / "lib"
    res = subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g",
                          "-I%s" % include, *["-D%s" % d for d in defines], "-o", str(host), str(SOURCE),
                          "-L%s" % lib, "-loutboundbot", "-Wl,-rpath,%s" % lib],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, describe(res)
    return host


@pytest.fixture(scope="module")
def dist_library():
    lib = DIST_DIR / "lib" / "liboutboundbot.so"
    if not lib.exists():
        pytest.fail("%s is missing: run `make dist`" % lib, pytrace=False)
    return lib


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_host_with_a_different_struct_works(variant, dist_library, tmp_path, emulator):
    edits, defines, lists = VARIANTS[variant]
    host = build_host(tmp_path, edits, defines)
    name = "growth-%s-%s" % (variant, uuid.uuid4().hex[:8])
    argv = [host, name]
    valgrind = have("valgrind")
    if valgrind:
        argv = VALGRIND + argv
    res = run(argv, client_env(emulator), timeout=600)
    m = SUMMARY.search(res.stdout)
    assert m and int(m.group(2)) == 0 and res.returncode == 0, describe(res)
    assert int(m.group(1)) >= 6, res.stdout
    if valgrind:
        assert "ERROR SUMMARY: 0 errors" in res.stderr, res.stderr[-6000:]
        leaks = valgrind_leaks(res.stderr)
        assert leaks["definitely"] + leaks["indirectly"] == 0, res.stderr[-6000:]

    actions = [r["action"] for r in emulator.requests()]
    expected = ["CreateInstance"] + (["ListInstances"] if lists else []) + ["DescribeInstance"]
    if "HAS_MAX_RESPONSE" in defines:
        expected.append("ListInstances")  # the 64-byte client's call, refused on arrival
    assert actions == expected, actions
