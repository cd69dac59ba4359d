"""The distributable tree (make dist): what the .so exports, links and carries, and that
hosts load it with no Swift toolchain in reach; pkg-config; make install."""

import os
import re
import shutil
import subprocess
import sys
import uuid

import pytest

from conftest import DIST_DIR, REPO
from consumers import (HEADER, PYTHON_EXAMPLE, client_env, describe, dist_library, ensure_built,
                       header_exports, header_version, parse_result, run)

SWIFT_LIBS = re.compile(r"libswift|libFoundation|libdispatch|libBlocksRuntime|/opt/swift|"
                        r"lib_FoundationICU|libicu")


@pytest.fixture(scope="module")
def so():
    ensure_built()
    path = dist_library()
    assert path.is_file(), "%s is missing: run `make dist`" % path
    return path


def tool(*argv):
    res = subprocess.run([str(a) for a in argv], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, describe(res)
    return res.stdout


def test_exports_are_exactly_the_headers_functions(so):
    declared = header_exports()
    assert "obb_create_instance" in declared and "obb_version" in declared
    exported = set()
    for line in tool("nm", "-D", "--defined-only", so).splitlines():
        parts = line.split()
        exported.add(parts[-1])
    assert exported - declared == set(), "exported but not in the header"
    assert declared - exported == set(), "declared in the header but not exported"
    # and each one is a global function symbol
    dynsym = tool("readelf", "--dyn-syms", "-W", so)
    for name in declared:
        row = next(l for l in dynsym.splitlines() if l.split()[-1:] == [name])
        assert " FUNC " in row and " GLOBAL " in row, row


def test_soname_and_file_layout(so):
    version = header_version()
    major = version.split(".")[0]
    assert so.name == "liboutboundbot.so.%s" % version
    dynamic = tool("readelf", "-d", so)
    assert re.search(r"\(SONAME\)\s+Library soname: \[liboutboundbot\.so\.%s\]" % major, dynamic)
    lib = DIST_DIR / "lib"
    assert os.readlink(lib / ("liboutboundbot.so.%s" % major)) == so.name
    assert os.readlink(lib / "liboutboundbot.so") == "liboutboundbot.so.%s" % major
    assert (DIST_DIR / "include" / "outboundbot.h").read_bytes() == HEADER.read_bytes()
    assert (lib / "pkgconfig" / "outboundbot.pc").is_file()


def test_nodelete_flag(so):
    dynamic = tool("readelf", "-d", so)
    assert re.search(r"\(FLAGS_1\)\s+Flags:.*\bNODELETE\b", dynamic), dynamic


def test_stripped(so):
    assert ", stripped" in tool("file", "-L", so)
    sections = tool("readelf", "-S", "-W", so)
    assert ".symtab" not in sections and ".debug_" not in sections


def test_no_swift_runtime_dependency(so):
    out = tool("ldd", so)
    assert "not found" not in out, out
    assert not SWIFT_LIBS.search(out), out
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", tool("readelf", "-d", so))
    assert not [n for n in needed if SWIFT_LIBS.search(n)], needed
    assert "RPATH" not in tool("readelf", "-d", so) and "RUNPATH" not in tool("readelf", "-d", so)


def test_header_compiles_alone_in_c99_and_cpp11(tmp_path):
    src = tmp_path / "h.c"
    src.write_text('#include <outboundbot.h>\nint main(void) { return obb_version() == 0; }\n')
    cpp = tmp_path / "h.cpp"
    cpp.write_text(src.read_text())
    inc = DIST_DIR / "include"
    flags = ["-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-I%s" % inc]
    tool("cc", "-std=c99", *flags, src)
    tool("c++", "-std=c++11", *flags, cpp)


# ---- hosts with the Swift toolchain out of reach ---------------------------------------

def minimal_env(libdir, emu):
    """env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH=<the copy>, plus what the call needs."""
    base = {"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": str(libdir)}
    return client_env(emu, base=base)


@pytest.fixture
def so_copy(so, tmp_path):
    """The .so alone, copied under its soname into an empty directory."""
    libdir = tmp_path / "lib"
    libdir.mkdir()
    shutil.copy2(so, libdir / "liboutboundbot.so.0")
    return libdir


def test_c_host_loads_a_copy_in_a_minimal_environment(so_copy, tmp_path, emulator):
    # Link against the copy, with no rpath: only LD_LIBRARY_PATH finds it.
    os.symlink("liboutboundbot.so.0", so_copy / "liboutboundbot.so")
    host = tmp_path / "host"
    tool("cc", "-std=c99", "-I%s" % (DIST_DIR / "include"), "-o", host,
         REPO / "examples" / "c" / "create_instance.c", "-L%s" % so_copy, "-loutboundbot")
    env = minimal_env(so_copy, emulator)

    ldd = run(["ldd", host], env)
    assert ldd.returncode == 0, describe(ldd)
    assert "%s/liboutboundbot.so.0" % so_copy in ldd.stdout, ldd.stdout
    assert "not found" not in ldd.stdout and not SWIFT_LIBS.search(ldd.stdout), ldd.stdout

    name = "minimal-c-%s" % uuid.uuid4().hex[:8]
    res = run([host, name], env)
    assert res.returncode == 0, describe(res)
    f = parse_result(res.stdout)
    assert f["status"] == "OBB_OK" and f["instance.instance_name"] == name, f


def test_python_ctypes_loads_a_copy_in_a_minimal_environment(so_copy, emulator):
    env = minimal_env(so_copy, emulator)
    name = "minimal-py-%s" % uuid.uuid4().hex[:8]
    # The example loads "liboutboundbot.so.0" through the loader's search path.
    res = run([sys.executable, "-I", PYTHON_EXAMPLE, name], env)
    assert res.returncode == 0, describe(res)
    f = parse_result(res.stdout)
    assert f["status"] == "OBB_OK" and f["instance.instance_name"] == name, f
    # the process really mapped the copy
    probe = run([sys.executable, "-I", "-c",
                 "import ctypes; ctypes.CDLL('liboutboundbot.so.0'); "
                 "print(open('/proc/self/maps').read())"], env)
    assert probe.returncode == 0, describe(probe)
    assert str(so_copy / "liboutboundbot.so.0") in probe.stdout
    assert not SWIFT_LIBS.search(probe.stdout), "a Swift library was mapped"


# ---- pkg-config and make install ---------------------------------------------------------

def test_pkg_config_with_the_dist_pc(so, tmp_path):
    env = dict(os.environ, PKG_CONFIG_PATH=str(DIST_DIR / "lib" / "pkgconfig"))
    out = run(["pkg-config", "--cflags", "--libs", "outboundbot"], env)
    assert out.returncode == 0, describe(out)
    flags = out.stdout.split()
    includes = [f[2:] for f in flags if f.startswith("-I")]
    libdirs = [f[2:] for f in flags if f.startswith("-L")]
    assert "-loutboundbot" in flags, flags
    assert [os.path.realpath(p) for p in includes] == [os.path.realpath(DIST_DIR / "include")]
    assert [os.path.realpath(p) for p in libdirs] == [os.path.realpath(DIST_DIR / "lib")]
    version = run(["pkg-config", "--modversion", "outboundbot"], env)
    assert version.stdout.strip() == header_version()
    # and the flags build a program
    src = tmp_path / "v.c"
    src.write_text('#include <outboundbot.h>\n#include <stdio.h>\n'
                   'int main(void) { puts(obb_version()); return 0; }\n')
    tool("cc", "-std=c99", "-o", tmp_path / "v", src, *flags, "-Wl,-rpath,%s" % libdirs[0])
    assert tool(tmp_path / "v").strip() == header_version()


def test_make_install_and_uninstall_with_destdir(so, tmp_path):
    dest = tmp_path / "stage"
    version = header_version()
    res = subprocess.run(["make", "--no-print-directory", "install", "DESTDIR=%s" % dest,
                          "PREFIX=/opt/obb"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, describe(res)
    root = dest / "opt" / "obb"
    lib = root / "lib"
    assert (lib / ("liboutboundbot.so.%s" % version)).is_file()
    assert os.readlink(lib / "liboutboundbot.so.0") == "liboutboundbot.so.%s" % version
    assert os.readlink(lib / "liboutboundbot.so") == "liboutboundbot.so.0"
    assert (root / "include" / "outboundbot.h").read_bytes() == HEADER.read_bytes()
    pc = (lib / "pkgconfig" / "outboundbot.pc").read_text()
    assert "prefix=/opt/obb\n" in pc, pc
    pc_env = dict(os.environ, PKG_CONFIG_PATH=str(lib / "pkgconfig"))
    pc_env.pop("PKG_CONFIG_SYSROOT_DIR", None)
    for variable, expected in (("libdir", "/opt/obb/lib"), ("includedir", "/opt/obb/include")):
        got = run(["pkg-config", "--variable=%s" % variable, "outboundbot"], pc_env).stdout.strip()
        assert got == expected, (variable, got)
    assert "Version: %s\n" % version in pc
    if (DIST_DIR / "bin" / "outboundbot").exists():
        assert os.access(root / "bin" / "outboundbot", os.X_OK)
    assert str(dest) not in pc  # DESTDIR is a staging area, never written into files

    # pkg-config on the staged tree, with the stage as sysroot, builds a host
    env = dict(os.environ, PKG_CONFIG_PATH=str(lib / "pkgconfig"), PKG_CONFIG_SYSROOT_DIR=str(dest))
    flags = run(["pkg-config", "--cflags", "--libs", "outboundbot"], env).stdout.split()
    src = tmp_path / "v.c"
    src.write_text('#include <outboundbot.h>\nint main(void) { return obb_version()[0] == 0; }\n')
    tool("cc", "-std=c99", "-o", tmp_path / "v", src, *flags)

    res = subprocess.run(["make", "--no-print-directory", "uninstall", "DESTDIR=%s" % dest,
                          "PREFIX=/opt/obb"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, describe(res)
    left = [p for p in dest.rglob("*") if not p.is_dir()]
    assert left == [], left


def test_dist_cli_runs_without_the_toolchain(so, emulator):
    cli = DIST_DIR / "bin" / "outboundbot"
    if not cli.exists():
        pytest.skip("build/dist/bin/outboundbot not built (DIST_CLI=0)")
    ldd = tool("ldd", cli)
    assert not SWIFT_LIBS.search(ldd), ldd
    name = "cli-%s" % uuid.uuid4().hex[:8]
    res = run([cli, "CreateInstance", "--InstanceName", name, "--MaxConcurrentConversation", "4",
               "--CallingNumber.1", "95187", "--endpoint", emulator.endpoint, "--protocol", "http",
               "--access-key-id", emulator.access_key_id, "--access-key-secret",
               emulator.access_key_secret], {"PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, describe(res)
    assert name in res.stdout and emulator.access_key_secret not in res.stdout + res.stderr
