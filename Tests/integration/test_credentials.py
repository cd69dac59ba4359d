"""The default credentials chain end to end, through the CLI and a C host, against the
emulator's STS, ECS metadata and credentials-URI endpoints, with files in a temporary HOME.

Every process here gets a clean environment: no credentials but the ones a test writes,
and the metadata step off unless a test points it at its own emulator. Nothing leaves
loopback.
"""

import http.server
import json
import os
import re
import socket
import threading
import time

import pytest

from conftest import DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET, REPO, bin_path
from consumers import compile_against_dist, describe, run

ROLE_ARN = "acs:ram::1234567890123456:role/outboundbot-operator"
OIDC_PROVIDER_ARN = "acs:ram::1234567890123456:oidc-provider/ack-rrsa"


def clean_env(home, **extra):
    """The process environment minus every credential source, HOME set to `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALIBABA_CLOUD_", "OBB_"))}
    env["HOME"] = str(home)
    env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true"
    env.update({k: str(v) for k, v in extra.items()})
    return {k: v for k, v in env.items() if v != ""}


def cli(emu, env, *args, timeout=60):
    argv = [bin_path("outboundbot-cli"), "--endpoint", emu.endpoint, "--protocol", "http", "--trace", *args]
    if not args:
        argv += ["ListInstances", "--PageSize", "1"]
    return run(argv, env, timeout=timeout)


def used_source(res):
    """The source the library's info line names."""
    m = re.search(r"\[outboundbot info\] credentials: using (.*)", res.stderr)
    return m.group(1) if m else None


def issued(emu):
    return emu._admin_ok("GET", "/_emulator/credentials")


def write_cli_config(home, profiles, current=None):
    path = home / ".aliyun" / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"current": current or profiles[0]["name"], "profiles": profiles}))
    return path


def write_ini(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


AK_PROFILE = {"name": "ak", "mode": "AK", "access_key_id": DEV_ACCESS_KEY_ID,
              "access_key_secret": DEV_ACCESS_KEY_SECRET}
ROLE_PROFILE = {"name": "role", "mode": "RamRoleArn", "access_key_id": DEV_ACCESS_KEY_ID,
                "access_key_secret": DEV_ACCESS_KEY_SECRET, "ram_role_arn": ROLE_ARN,
                "ram_session_name": "shift-1", "expired_seconds": 900}


def assert_ok(res):
    assert res.returncode == 0, describe(res)
    assert DEV_ACCESS_KEY_SECRET not in res.stdout + res.stderr


# ----------------------------------------------------------------------------- order

def test_chain_order_environment_then_cli_profile_then_credentials_file(emulator, tmp_path):
    write_cli_config(tmp_path, [AK_PROFILE])
    write_ini(tmp_path / ".alibabacloud" / "credentials.ini",
              "[default]\ntype = access_key\naccess_key_id = %s\naccess_key_secret = %s\n"
              % (DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET))
    keys = {"ALIBABA_CLOUD_ACCESS_KEY_ID": DEV_ACCESS_KEY_ID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": DEV_ACCESS_KEY_SECRET}

    res = cli(emulator, clean_env(tmp_path, **keys))
    assert_ok(res)
    assert used_source(res) == "environment (AccessKey)", res.stderr

    res = cli(emulator, clean_env(tmp_path))
    assert_ok(res)
    assert used_source(res) == 'profile "ak" in %s/.aliyun/config.json' % tmp_path, res.stderr

    (tmp_path / ".aliyun" / "config.json").unlink()
    res = cli(emulator, clean_env(tmp_path))
    assert_ok(res)
    assert used_source(res) == 'profile "default" in %s/.alibabacloud/credentials.ini' % tmp_path, res.stderr
    # The chain stopped at the file that answered: the later steps were never tried.
    assert "skipped ECS metadata" not in res.stderr


# ------------------------------------------------------------------------ each source

def test_ram_role_arn_profile_assumes_the_role_through_sts(emulator, tmp_path):
    write_cli_config(tmp_path, [AK_PROFILE, ROLE_PROFILE])
    res = cli(emulator, clean_env(tmp_path, OBB_STS_ENDPOINT=emulator.endpoint), "--profile", "role",
              "ListInstances", "--PageSize", "1")
    assert_ok(res)
    assert used_source(res).startswith("role %s via profile \"role\"" % ROLE_ARN), res.stderr
    counts = issued(emulator)
    assert counts["issued"]["AssumeRole"] == 1, counts
    # The call itself was signed with the STS key the emulator issued.
    calls = [r for r in emulator.requests() if r.get("action") == "ListInstances"]
    assert len(calls) == 1 and calls[0]["code"] == "OK", calls
    authorization = {k.lower(): v for k, v in calls[0]["headers"].items()}.get("authorization", "")
    assert "Credential=STS." in authorization, authorization
    assert "x-acs-security-token" in {k.lower() for k in calls[0]["headers"]}


def test_chainable_role_and_profile_from_the_environment(emulator, tmp_path):
    chained = {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "role",
               "ram_role_arn": ROLE_ARN.replace("operator", "auditor"), "ram_session_name": "chain"}
    write_cli_config(tmp_path, [AK_PROFILE, ROLE_PROFILE, chained])
    res = cli(emulator, clean_env(tmp_path, ALIBABA_CLOUD_PROFILE="chained"), "--sts-endpoint", emulator.endpoint,
              "ListInstances")
    assert_ok(res)
    assert issued(emulator)["issued"]["AssumeRole"] == 2  # the source role, then the chained one


def test_credentials_file_ram_role_arn(emulator, tmp_path):
    path = write_ini(tmp_path / "elsewhere" / "creds.ini",
                     "[ops]\ntype = ram_role_arn\naccess_key_id = %s\naccess_key_secret = %s\n"
                     "role_arn = %s\nrole_session_name = ini\n" % (DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET, ROLE_ARN))
    res = cli(emulator, clean_env(tmp_path, ALIBABA_CLOUD_CREDENTIALS_FILE=path, ALIBABA_CLOUD_PROFILE="ops",
                                  OBB_STS_ENDPOINT=emulator.endpoint))
    assert_ok(res)
    assert "profile \"ops\" in %s" % path in used_source(res)
    assert issued(emulator)["issued"]["AssumeRole"] == 1


def test_oidc_from_the_environment(emulator_factory, tmp_path):
    token_file = tmp_path / "oidc-token"
    token_file.write_text("eyJhbGciOiJSUzI1NiJ9.rrsa-token.sig\n")
    emu = emulator_factory("--oidc-token-file", token_file)
    env = clean_env(tmp_path, ALIBABA_CLOUD_ROLE_ARN=ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN=OIDC_PROVIDER_ARN,
                    ALIBABA_CLOUD_OIDC_TOKEN_FILE=token_file, OBB_STS_ENDPOINT=emu.endpoint)
    res = cli(emu, env)
    assert_ok(res)
    assert used_source(res).startswith("OIDC role %s (environment)" % ROLE_ARN), res.stderr
    assert issued(emu)["issued"]["AssumeRoleWithOIDC"] == 1
    assert "rrsa-token" not in res.stdout + res.stderr

    # A token file that disappears: a clear error naming the file, nothing sent.
    token_file.unlink()
    res = cli(emu, env)
    assert res.returncode != 0
    assert "OIDC token file %s: does not exist" % token_file in res.stderr, res.stderr


def test_ecs_ram_role_from_the_metadata_service(emulator_factory, tmp_path):
    emu = emulator_factory("--ecs-metadata", "--ecs-role-name", "CallCenterRole")
    env = clean_env(tmp_path, OBB_ECS_METADATA_ENDPOINT=emu.endpoint, ALIBABA_CLOUD_ECS_METADATA="CallCenterRole")
    del env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"]
    res = cli(emu, env)
    assert_ok(res)
    assert used_source(res).startswith("ECS RAM role CallCenterRole from the metadata service at %s" % emu.endpoint)
    assert issued(emu)["issued"]["EcsMetadata"] == 1
    paths = [r.get("path") for r in emu.requests()]
    assert "/latest/api/token" in paths, paths

    # ALIBABA_CLOUD_ECS_METADATA_DISABLED=true wins: nothing reaches the metadata service.
    emu.clear_requests()
    res = cli(emu, dict(env, ALIBABA_CLOUD_ECS_METADATA_DISABLED="true"))
    assert res.returncode != 0
    assert not [p for p in (r.get("path") for r in emu.requests()) if p and p.startswith("/latest/")]


def test_credentials_uri(emulator, tmp_path):
    res = cli(emulator, clean_env(tmp_path, ALIBABA_CLOUD_CREDENTIALS_URI="http://%s/credentials" % emulator.endpoint))
    assert_ok(res)
    assert used_source(res).startswith("credentials URI http://%s/credentials" % emulator.endpoint)
    assert issued(emulator)["issued"]["CredentialsURI"] == 1


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("contents, expected", [
    ("{not json", "config.json: not valid JSON"),
    (json.dumps({"current": "x", "profiles": [{"name": "x", "mode": "Magic"}]}), "mode: \"Magic\""),
    (json.dumps({"current": "x", "profiles": [{"name": "x", "mode": "AK", "access_key_id": "id"}]}),
     "access_key_secret: missing"),
])
def test_broken_cli_config_is_a_clear_error(emulator, tmp_path, contents, expected):
    (tmp_path / ".aliyun").mkdir()
    (tmp_path / ".aliyun" / "config.json").write_text(contents)
    res = cli(emulator, clean_env(tmp_path))
    assert res.returncode != 0
    failure = json.loads(res.stderr[res.stderr.index("{"):])
    assert expected in failure["Message"], failure
    assert "no credentials found" in failure["Message"]


def test_unknown_ini_type_and_unreadable_file(emulator, tmp_path):
    write_ini(tmp_path / ".alibabacloud" / "credentials.ini", "[default]\ntype = magic\n")
    res = cli(emulator, clean_env(tmp_path))
    assert res.returncode != 0 and "type" in res.stderr and "magic" in res.stderr, res.stderr
    # A directory where the file should be cannot be read (as root, chmod 000 would be).
    (tmp_path / ".aliyun" / "config.json").mkdir(parents=True)
    res = cli(emulator, clean_env(tmp_path))
    assert res.returncode != 0 and "config.json: cannot be read" in res.stderr, res.stderr


class _Silent(threading.Thread):
    """Accepts connections and never answers: a metadata service that hangs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held = []

    def run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)


def test_a_hanging_metadata_service_costs_its_timeout_once(tmp_path):
    silent = _Silent()
    silent.start()
    env = clean_env(tmp_path, OBB_ECS_METADATA_ENDPOINT="127.0.0.1:%d" % silent.port,
                    ALIBABA_CLOUD_ECS_METADATA="AnyRole")
    del env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"]
    started = time.monotonic()
    res = run([bin_path("outboundbot-cli"), "--endpoint", "127.0.0.1:9", "--protocol", "http", "ListInstances"], env)
    elapsed = time.monotonic() - started
    silent.sock.close()
    assert res.returncode != 0
    assert "no answer within 1000 ms" in res.stderr, res.stderr
    assert len(silent.held) == 1, "one connection, not one per metadata request"
    assert elapsed < 5, elapsed  # the 1 s budget plus process start; generous for a shared machine


def test_a_metadata_service_answering_html(tmp_path):
    class HTML(http.server.BaseHTTPRequestHandler):
        def do_PUT(self):
            body = b"<html><body>Welcome to the hotel Wi-Fi</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HTML)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = clean_env(tmp_path, OBB_ECS_METADATA_ENDPOINT="127.0.0.1:%d" % server.server_port,
                        ALIBABA_CLOUD_ECS_METADATA="AnyRole")
        del env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"]
        res = run([bin_path("outboundbot-cli"), "--endpoint", "127.0.0.1:9", "--protocol", "http", "ListInstances"], env)
    finally:
        server.shutdown()
    assert res.returncode != 0
    assert "the session token is not plain text" in res.stderr, res.stderr


# ------------------------------------------------------------------------------ refresh

@pytest.fixture(scope="module")
def refresh_program(tmp_path_factory):
    return compile_against_dist(REPO / "Tests" / "c" / "test_refresh_threads.c",
                                tmp_path_factory.mktemp("refresh") / "test_refresh_threads")


def test_eight_threads_one_refresh_per_expiry(emulator_factory, refresh_program, tmp_path):
    lifetime, seconds = 4, 14
    emu = emulator_factory("--sts-lifetime-seconds", lifetime)
    write_cli_config(tmp_path, [ROLE_PROFILE])
    res = run([refresh_program, emu.endpoint, seconds, 8], clean_env(tmp_path), timeout=seconds + 60)
    assert res.returncode == 0, describe(res)
    m = re.search(r"calls=(\d+) failures=(\d+) refreshes=(\d+)", res.stdout)
    assert m, describe(res)
    calls, failures, refreshes = (int(g) for g in m.groups())
    counts = issued(emu)
    events = [e for e in counts["events"] if e["source"] == "AssumeRole"]
    assert failures == 0 and calls > 100, describe(res)
    assert counts["expiredRejections"] == 0, counts
    # Every STS credential after the first came from one refresh the client logged...
    assert len(events) == refreshes + 1, (len(events), refreshes)
    # ...and there was one per expiry: each refresh came inside the last quarter of its
    # predecessor's life, never two for the same credentials.
    for before, after in zip(events, events[1:]):
        life = before["expiresAtMs"] - before["issuedAtMs"]
        assert after["issuedAtMs"] >= before["issuedAtMs"] + life // 2, (before, after)
        assert after["issuedAtMs"] < before["expiresAtMs"], (before, after)
    assert len(events) >= seconds // lifetime, events
