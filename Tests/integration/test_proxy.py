"""The client through a real HTTP proxy on loopback: Debian's tinyproxy, started and
stopped here. The proxy is chosen by the configuration (--proxy) or by the standard
environment variables, and NO_PROXY sends a host past it, as curl does.

tinyproxy adds `Via: 1.1 tinyproxy` to what it forwards, so the emulator's request log
tells proxied requests from direct ones.
"""

import shutil
import socket
import subprocess
import time

import pytest

from test_cli import run_cli

TINYPROXY = shutil.which("tinyproxy") or "/usr/bin/tinyproxy"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def proxy(tmp_path):
    """A tinyproxy on 127.0.0.1 that lets only loopback clients in; yields its URL."""
    if not shutil.which("tinyproxy") and not shutil.which(TINYPROXY):
        pytest.fail("tinyproxy is missing: run scripts/install-deps.sh", pytrace=False)
    port = free_port()
    log = tmp_path / "tinyproxy.log"
    conf = tmp_path / "tinyproxy.conf"
    conf.write_text("Port %d\nListen 127.0.0.1\nAllow 127.0.0.1\nTimeout 30\nMaxClients 20\n"
                    "LogFile \"%s\"\nLogLevel Info\n" % (port, log))
    process = subprocess.Popen([TINYPROXY, "-d", "-c", str(conf)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert process.poll() is None, "tinyproxy exited: %s" % (log.read_text() if log.exists() else "")
                assert time.monotonic() < deadline, "tinyproxy did not start"
                time.sleep(0.05)
        yield "http://127.0.0.1:%d" % port
    finally:
        process.terminate()
        process.wait(timeout=10)


def proxied(emulator):
    """Whether each logged request came through the proxy, in order."""
    return ["tinyproxy" in str(entry.get("headers", {}).get("via", "")) for entry in emulator.requests()]


def list_instances(emulator, *options, env=None):
    return run_cli("--endpoint", emulator.endpoint, "--protocol", "http", *options, "ListInstances",
                   env_extra=env or {})


def test_proxy_from_the_configuration(emulator, proxy):
    emulator.clear_requests()
    result = list_instances(emulator, "--proxy", proxy, env={"NO_PROXY": "", "no_proxy": ""})
    assert result.returncode == 0, result.stderr
    assert proxied(emulator) == [True]
    # The User-Agent is one of the request's header lines, so the proxy forwards it.
    agent = emulator.requests()[0]["headers"].get("user-agent", "")
    assert agent.startswith("liboutboundbot/") and ", " not in agent, agent


def test_proxy_from_the_environment(emulator, proxy):
    emulator.clear_requests()
    result = list_instances(emulator, env={"http_proxy": proxy, "NO_PROXY": "", "no_proxy": ""})
    assert result.returncode == 0, result.stderr
    assert proxied(emulator) == [True]


def test_no_proxy_goes_direct(emulator, proxy):
    emulator.clear_requests()
    result = list_instances(emulator, env={"http_proxy": proxy, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"})
    assert result.returncode == 0, result.stderr
    assert proxied(emulator) == [False]


def test_empty_proxy_ignores_the_environment(emulator, proxy):
    emulator.clear_requests()
    result = list_instances(emulator, "--proxy", "", env={"http_proxy": proxy, "NO_PROXY": "", "no_proxy": ""})
    assert result.returncode == 0, result.stderr
    assert proxied(emulator) == [False]


def test_a_proxy_that_refuses_is_retried_then_reported(emulator):
    """Nothing listens at the proxy's address: the request never left, so even a write is
    retried, and the error names the network."""
    dead = "http://127.0.0.1:%d" % free_port()
    emulator.clear_requests()
    result = run_cli("--endpoint", emulator.endpoint, "--protocol", "http", "--proxy", dead, "--trace",
                     "DeleteInstance", "--InstanceId", "i-none")
    assert result.returncode != 0
    assert result.stderr.count("attempt ") >= 3 and "attempt 3/3 DeleteInstance" in result.stderr, result.stderr
    assert emulator.requests() == []
