"""Shared harness for liboutboundbot's integration tests.

Run from the repository root:  python3 -m pytest Tests/integration
Only the standard library and pytest are used in this process; the official SDKs run in
their own virtual environment (fixture ``sdk_python``) as subprocesses.

Names other test files rely on (keep them stable):
  REPO, DIST_DIR, DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET, bin_path(name), Emulator,
  fixtures emulator_factory, emulator, test_ca, sdk_python, sdk_worker, run_sdk,
  helpers rpc_v1(...) (a raw V1-signed request from the standard library),
  rpc_signed(...) (a raw V1- or V3-signed request with exact wire names, in the query
  and/or a form body), flatten_params(...).
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import fcntl
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INTEGRATION_DIR = Path(__file__).resolve().parent
SDK_SCRIPTS = INTEGRATION_DIR / "sdk_scripts"
DIST_DIR = Path(os.environ.get("OBB_DIST_DIR") or (REPO / "build" / "dist"))

# The default credentials chain reads the environment. No test may reach the ECS
# metadata address or a developer's own credentials: the metadata step stays off and the
# chain's other variables are cleared, unless a test sets them for its own loopback servers.
os.environ["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true"
for _name in ("ALIBABA_CLOUD_ECS_METADATA", "ALIBABA_CLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_CREDENTIALS_FILE",
              "ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
              "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "OBB_ECS_METADATA_ENDPOINT", "OBB_STS_ENDPOINT"):
    os.environ.pop(_name, None)

DEV_ACCESS_KEY_ID = "LTAIEmulatorDevKey"
DEV_ACCESS_KEY_SECRET = "EmulatorDevSecret"

START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0

_LISTEN_RE = re.compile(r"listening on (https?)://([^\s/:]+|\[[^\]]+\]):(\d+)")


# ------------------------------------------------------------------------------ binaries

@lru_cache(maxsize=None)
def _bin_dir() -> Path:
    env = os.environ.get("OBB_BIN_DIR")
    if env:
        return Path(env)
    try:
        out = subprocess.run(
            ["swift", "build", "--show-bin-path"],
            cwd=REPO, capture_output=True, text=True, timeout=300, check=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.fail(
            "cannot find the build directory (`swift build --show-bin-path` failed: %s); "
            "run `make build` first or set OBB_BIN_DIR" % exc, pytrace=False)
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    return Path(lines[-1].strip())


def bin_path(name: str) -> Path:
    """Path of a built executable; fails the test (never skips) when it is missing."""
    path = _bin_dir() / name
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(
            "%s is missing: run `make build` first (or `swift build --product %s`; "
            "OBB_BIN_DIR overrides the directory)" % (path, name), pytrace=False)
    return path


# ------------------------------------------------------------------------------- test CA

class TLSBundle:
    """A throwaway CA and a server certificate for 127.0.0.1 / localhost."""

    def __init__(self, directory: Path):
        self.dir = directory
        self.ca_cert = directory / "ca.pem"
        self.ca_key = directory / "ca.key"
        self.server_cert = directory / "server.pem"
        self.server_key = directory / "server.key"

    def __repr__(self):
        return "TLSBundle(%s)" % self.dir


def _openssl(*args, cwd):
    res = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        pytest.fail("openssl %s failed:\n%s" % (" ".join(args), res.stderr), pytrace=False)


def make_tls_bundle(directory: Path, cn: str = "liboutboundbot test CA") -> TLSBundle:
    directory.mkdir(parents=True, exist_ok=True)
    b = TLSBundle(directory)
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
             "-keyout", b.ca_key.name, "-out", b.ca_cert.name, "-subj", "/CN=%s" % cn,
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign",
             "-addext", "subjectKeyIdentifier=hash", cwd=directory)
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-sha256",
             "-keyout", b.server_key.name, "-out", "server.csr", "-subj", "/CN=127.0.0.1",
             cwd=directory)
    (directory / "server.ext").write_text(
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\n"
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid,issuer\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", b.ca_cert.name, "-CAkey", b.ca_key.name,
             "-CAcreateserial", "-sha256", "-days", "2", "-extfile", "server.ext",
             "-out", b.server_cert.name, cwd=directory)
    return b


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory) -> TLSBundle:
    return make_tls_bundle(tmp_path_factory.mktemp("test-ca"))


# ------------------------------------------------------------------------------ emulator

class Emulator:
    """One running outboundbot-emulator process."""

    def __init__(self, argv, log_dir: Path, tls: TLSBundle | None, admin: bool,
                 state: Path | None, env=None):
        self.argv = list(argv)
        self.tls = tls
        self.ca_cert = tls.ca_cert if tls else None
        self.admin_enabled = admin
        self.state = Path(state) if state else None
        self.access_key_id, self.access_key_secret = DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET
        self.security_token = None
        self._parse_credentials(self.argv)
        stamp = "%d-%s" % (time.monotonic_ns(), uuid.uuid4().hex[:6])
        self.log_path = log_dir / ("emulator-%s.stderr.log" % stamp)
        self.stdout_path = log_dir / ("emulator-%s.stdout.log" % stamp)
        self._stderr = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._stderr,
            env=env)
        self.first_line = self._read_first_line()
        m = _LISTEN_RE.search(self.first_line)
        if not m:
            self._abort()
            pytest.fail("emulator's first stdout line is not `outboundbot-emulator listening on "
                        "http(s)://HOST:PORT`: %r\nstderr:\n%s"
                        % (self.first_line, self.stderr_text()), pytrace=False)
        self.scheme, self.host, self.port = m.group(1), m.group(2), int(m.group(3))
        self.endpoint = "%s:%d" % (self.host, self.port)
        self.url = "%s://%s" % (self.scheme, self.endpoint)
        self._drain = threading.Thread(target=self._drain_stdout, daemon=True)
        self._drain.start()

    def _parse_credentials(self, argv):
        keys, tokens = [], []
        it = iter(argv)
        for a in it:
            for flag, out in (("--access-key", keys), ("--sts-token", tokens)):
                if a == flag:
                    out.append(next(it, ""))
                elif a.startswith(flag + "="):
                    out.append(a[len(flag) + 1:])
        if keys:
            self.access_key_id, _, self.access_key_secret = keys[0].partition(":")
        elif tokens:
            parts = tokens[0].split(":", 2)
            if len(parts) == 3:
                self.access_key_id, self.access_key_secret, self.security_token = parts

    def _read_first_line(self) -> str:
        box = {}

        def reader():
            box["line"] = self.process.stdout.readline()

        t = threading.Thread(target=reader, daemon=True)
        t.start()
        t.join(START_TIMEOUT)
        if t.is_alive() or not box.get("line"):
            rc = self.process.poll()
            self._abort()
            pytest.fail("outboundbot-emulator did not announce its address within %.0f s "
                        "(exit code %s)\ncommand: %s\nstderr:\n%s"
                        % (START_TIMEOUT, rc, " ".join(map(str, self.argv)), self.stderr_text()),
                        pytrace=False)
        return box["line"].decode("utf-8", "replace").strip()

    def _drain_stdout(self):
        with open(self.stdout_path, "ab") as out:
            out.write((self.first_line + "\n").encode())
            for line in self.process.stdout:
                out.write(line)
                out.flush()

    def _abort(self):
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(5)
        self._stderr.close()

    def stderr_text(self, limit: int = 20000) -> str:
        try:
            self._stderr.flush()
        except ValueError:
            pass
        try:
            data = self.log_path.read_bytes()
        except OSError:
            return ""
        text = data.decode("utf-8", "replace")
        return text if len(text) <= limit else "...\n" + text[-limit:]

    # -- HTTP helpers -------------------------------------------------------------------
    def ssl_context(self):
        if self.scheme != "https":
            return None
        ctx = ssl.create_default_context(cafile=str(self.ca_cert) if self.ca_cert else None)
        return ctx

    def connection(self, timeout: float = 10.0) -> http.client.HTTPConnection:
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.host, self.port, timeout=timeout,
                                               context=self.ssl_context())
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def admin(self, method: str, path: str, body=None):
        """A call on the admin API; returns (status, parsed JSON or text)."""
        data = None
        headers = {}
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        conn = self.connection()
        try:
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
            status = resp.status
        finally:
            conn.close()
        text = raw.decode("utf-8", "replace")
        try:
            return status, json.loads(text) if text.strip() else None
        except ValueError:
            return status, text

    def _admin_ok(self, method, path, body=None):
        status, payload = self.admin(method, path, body)
        assert 200 <= status < 300, "admin %s %s -> %s %r" % (method, path, status, payload)
        return payload

    def requests(self) -> list:
        payload = self._admin_ok("GET", "/_emulator/requests")
        assert isinstance(payload, dict) and isinstance(payload.get("requests"), list), payload
        return payload["requests"]

    def clear_requests(self):
        self._admin_ok("DELETE", "/_emulator/requests")

    def inject(self, action: str, kind: str, count: int = 1, **extra):
        body = {"action": action, "kind": kind, "count": count}
        body.update(extra)
        return self._admin_ok("POST", "/_emulator/faults", body)

    def clear_faults(self):
        self._admin_ok("DELETE", "/_emulator/faults")

    def instances(self):
        return self._admin_ok("GET", "/_emulator/instances")

    def reset(self):
        self._admin_ok("POST", "/_emulator/reset")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, sig=signal.SIGTERM) -> int:
        """Send `sig`, wait up to 10 s (then SIGKILL); returns the exit code."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(sig)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT)
        self._drain.join(2)
        with contextlib.suppress(Exception):
            self.process.stdout.close()
        with contextlib.suppress(Exception):
            self._stderr.close()
        return self.process.returncode

    def __repr__(self):
        return "Emulator(%s, pid=%s)" % (getattr(self, "url", "?"), self.process.pid)


@pytest.fixture
def emulator_factory(request, tmp_path):
    """start(*args, tls=None, admin=True, state=None) -> Emulator; all stopped at teardown."""
    started: list[Emulator] = []
    request.node._obb_emulators = started
    binary = bin_path("outboundbot-emulator")

    def start(*args, tls: TLSBundle | None = None, admin: bool = True, state=None, env=None):
        argv = [str(binary), "--host", "127.0.0.1", "--port", "0"]
        if admin:
            argv.append("--admin")
        if tls is not None:
            argv += ["--tls-cert", str(tls.server_cert), "--tls-key", str(tls.server_key)]
        if state is not None:
            argv += ["--state", str(state)]
        argv += [str(a) for a in args]
        emu = Emulator(argv, tmp_path, tls, admin, state, env=env)
        started.append(emu)
        return emu

    yield start
    unclean = []
    for emu in started:
        if emu.alive():
            rc = emu.stop(signal.SIGTERM)
            if rc != 0:
                unclean.append("%r exited with %s on SIGTERM\nstderr:\n%s" % (emu, rc, emu.stderr_text()))
    if unclean:
        pytest.fail("emulator did not stop cleanly (SIGTERM must exit 0):\n" + "\n".join(unclean),
                    pytrace=False)


@pytest.fixture
def emulator(emulator_factory) -> Emulator:
    return emulator_factory()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed:
        for emu in getattr(item, "_obb_emulators", []):
            rep.sections.append(("emulator %s stderr (%s)" % (getattr(emu, "url", "?"), emu.log_path),
                                 emu.stderr_text() or "(empty)"))


# ----------------------------------------------------------------- raw signed requests

def percent_encode(value: str) -> str:
    return urllib.parse.quote(str(value), safe="-_.~")


def v1_string_to_sign(method: str, params: dict) -> str:
    """The V1 string to sign of `params` (without Signature)."""
    canonical = "&".join("%s=%s" % (percent_encode(k), percent_encode(v))
                         for k, v in sorted(params.items(), key=lambda kv: kv[0].encode())
                         if k != "Signature")
    return "%s&%s&%s" % (method, percent_encode("/"), percent_encode(canonical))


def v1_signature(method: str, params: dict, secret: str) -> str:
    string_to_sign = v1_string_to_sign(method, params)
    digest = hmac.new((secret + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def rpc_v1(emu: Emulator, action: str, params: dict | None = None, *, method: str = "POST",
           access_key_id: str | None = None, secret: str | None = None,
           nonce: str | None = None, timestamp: str | None = None,
           version: str = "2019-12-26", conn: http.client.HTTPConnection | None = None,
           timeout: float = 10.0, fmt: str = "JSON"):
    """Send one V1 (HMAC-SHA1) signed RPC request with the standard library.

    Returns (status, headers dict with lower-case names, parsed JSON or text).
    fmt="XML" asks for an XML answer (returned as text).
    Lists in params flatten as Name.1, Name.2, ...
    """
    flat = {}
    for k, v in (params or {}).items():
        if isinstance(v, (list, tuple)):
            for i, item in enumerate(v, 1):
                flat["%s.%d" % (k, i)] = str(item)
        else:
            flat[k] = str(v)
    q = {
        "Action": action, "Version": version, "Format": fmt,
        "AccessKeyId": access_key_id or emu.access_key_id,
        "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
        "SignatureNonce": nonce or uuid.uuid4().hex,
        "Timestamp": timestamp or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if emu.security_token:
        q["SecurityToken"] = emu.security_token
    q.update(flat)
    q["Signature"] = v1_signature(method, q, secret if secret is not None else emu.access_key_secret)
    path = "/?" + "&".join("%s=%s" % (percent_encode(k), percent_encode(v)) for k, v in q.items())
    own = conn is None
    c = conn or emu.connection(timeout)
    try:
        c.request(method, path, headers={"Content-Length": "0"} if method == "POST" else {})
        resp = c.getresponse()
        raw = resp.read()
        headers = {k.lower(): v for k, v in resp.getheaders()}
        status = resp.status
    finally:
        if own:
            c.close()
    text = raw.decode("utf-8", "replace")
    try:
        return status, headers, json.loads(text)
    except ValueError:
        return status, headers, text


def flatten_params(params: dict | None) -> dict:
    """Lists become Name.1, Name.2, ...; dicts inside lists Name.N.Field; other values str()."""
    flat = {}
    for k, v in (params or {}).items():
        if isinstance(v, (list, tuple)):
            for i, item in enumerate(v, 1):
                if isinstance(item, dict):
                    for field, value in item.items():
                        flat["%s.%d.%s" % (k, i, field)] = str(value)
                else:
                    flat["%s.%d" % (k, i)] = str(item)
        elif isinstance(v, bool):
            flat[k] = "true" if v else "false"
        else:
            flat[k] = str(v)
    return flat


def _form_encode(params: dict) -> bytes:
    return "&".join("%s=%s" % (percent_encode(k), percent_encode(v)) for k, v in params.items()).encode()


def rpc_signed(emu: Emulator, action: str, query: dict | None = None, body: dict | None = None, *,
               signature: str = "v1", method: str = "POST", access_key_id: str | None = None,
               secret: str | None = None, version: str = "2019-12-26", timeout: float = 10.0):
    """One signed RPC request whose business parameters go where the caller says.

    query and body are flattened with flatten_params (so exact wire names such as
    "Tag.1.Key" or "CallingNumber" pass through as given); a non-empty body is sent as
    application/x-www-form-urlencoded. signature="v1": HMAC-SHA1 over the common
    parameters (in the query) and every query and body parameter; signature="v3":
    ACS3-HMAC-SHA256 with the body's SHA-256 in x-acs-content-sha256.
    Returns (status, headers dict with lower-case names, parsed JSON or text).
    """
    q = flatten_params(query)
    b = flatten_params(body)
    key_id = access_key_id or emu.access_key_id
    key_secret = secret if secret is not None else emu.access_key_secret
    payload = _form_encode(b) if b else b""
    headers = {"Host": emu.endpoint}
    if payload:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if signature == "v1":
        common = {"Action": action, "Version": version, "Format": "JSON", "AccessKeyId": key_id,
                  "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
                  "SignatureNonce": uuid.uuid4().hex, "Timestamp": now}
        if emu.security_token:
            common["SecurityToken"] = emu.security_token
        q = {**common, **q}
        q["Signature"] = v1_signature(method, {**q, **b}, key_secret)
    elif signature == "v3":
        acs = {"x-acs-action": action, "x-acs-version": version, "x-acs-date": now,
               "x-acs-signature-nonce": uuid.uuid4().hex,
               "x-acs-content-sha256": hashlib.sha256(payload).hexdigest()}
        if emu.security_token:
            acs["x-acs-security-token"] = emu.security_token
        headers.update(acs)
        signed = {k.lower(): v.strip() for k, v in headers.items()}
        names = sorted(signed)
        canonical_query = "&".join(
            "%s=%s" % (percent_encode(k), percent_encode(v))
            for k, v in sorted(q.items(), key=lambda kv: percent_encode(kv[0]).encode()))
        canonical = "\n".join([method, "/", canonical_query,
                               "".join("%s:%s\n" % (n, signed[n]) for n in names),
                               ";".join(names), acs["x-acs-content-sha256"]])
        string_to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
        sig = hmac.new(key_secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
        headers["Authorization"] = "ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=%s,Signature=%s" % (
            key_id, ";".join(names), sig)
    else:
        raise ValueError("signature must be v1 or v3")
    path = "/"
    if q:
        path += "?" + "&".join("%s=%s" % (percent_encode(k), percent_encode(v)) for k, v in q.items())
    if method == "POST":
        headers["Content-Length"] = str(len(payload))
    conn = emu.connection(timeout)
    try:
        conn.request(method, path, body=payload or None, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        out_headers = {k.lower(): v for k, v in resp.getheaders()}
        status = resp.status
    finally:
        conn.close()
    text = raw.decode("utf-8", "replace")
    try:
        return status, out_headers, json.loads(text)
    except ValueError:
        return status, out_headers, text


# --------------------------------------------------------------------------- SDK venv

SDK_VENV = REPO / "build" / "venv-sdk"
SDK_REQUIREMENTS = INTEGRATION_DIR / "requirements-sdk.txt"
SDK_MARKER = SDK_VENV / ".requirements-sha256"


def _sdk_env() -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.upper().startswith(("ALIBABA_CLOUD_", "ALICLOUD_"))
           and k.upper() not in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "REQUESTS_CA_BUNDLE",
                                 "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR", "DEBUG")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTHONPATH", None)
    return env


@pytest.fixture(scope="session")
def sdk_python() -> Path:
    """Python of build/venv-sdk with the official SDKs (installed once, then reused)."""
    wanted = hashlib.sha256(SDK_REQUIREMENTS.read_bytes()).hexdigest()
    python = SDK_VENV / "bin" / "python"
    SDK_VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(SDK_VENV.parent / ".venv-sdk.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another pytest run may be installing it right now
        try:
            if python.exists() and SDK_MARKER.exists() and SDK_MARKER.read_text().strip() == wanted:
                return python
            steps = [
                [sys.executable, "-m", "venv", "--clear", str(SDK_VENV)],
                [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                 "-r", str(SDK_REQUIREMENTS)],
                [str(python), "-c", "import alibabacloud_outboundbot20191226.client, "
                 "aliyunsdkcore.client, aliyunsdkoutboundbot"],
            ]
            for cmd in steps:
                res = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=_sdk_env())
                if res.returncode != 0:
                    pytest.fail("setting up the SDK venv failed: %s\n%s\n%s"
                                % (" ".join(cmd), res.stdout[-4000:], res.stderr[-4000:]),
                                pytrace=False)
            SDK_MARKER.write_text(wanted + "\n")
            return python
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


SDK_MODES = ("tea-v3", "tea-v1", "core-v1")


class SdkWorker:
    """A long-lived `sdk_call.py --serve` process: one JSON line in, one JSON line out."""

    def __init__(self, python: Path):
        self.python = python
        self.proc = None
        self.lock = threading.Lock()

    def _start(self):
        self.proc = subprocess.Popen(
            [str(self.python), str(SDK_SCRIPTS / "sdk_call.py"), "--serve"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_sdk_env())
        self._stderr = []
        threading.Thread(target=lambda: self._stderr.extend(self.proc.stderr), daemon=True).start()
        ready = self._readline(60)
        if ready is None or not json.loads(ready).get("ready"):
            self.close()
            pytest.fail("the SDK worker did not start:\n%s" % self.stderr_text(), pytrace=False)

    def _readline(self, timeout):
        box = {}
        t = threading.Thread(target=lambda: box.setdefault("line", self.proc.stdout.readline()),
                             daemon=True)
        t.start()
        t.join(timeout)
        line = box.get("line")
        return line.decode("utf-8") if line else None

    def stderr_text(self):
        return b"".join(getattr(self, "_stderr", [])).decode("utf-8", "replace")[-4000:]

    def call(self, cfg: dict, timeout: float) -> dict:
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self._start()
            self.proc.stdin.write((json.dumps(cfg, ensure_ascii=True) + "\n").encode())
            self.proc.stdin.flush()
            line = self._readline(timeout)
            if line is None:
                err = self.stderr_text()
                self.close()
                pytest.fail("the SDK worker gave no answer within %.0f s (%s)\n%s"
                            % (timeout, cfg.get("mode"), err), pytrace=False)
            out = json.loads(line)
            if "error" in out:
                pytest.fail("SDK script failed (%s):\n%s" % (cfg.get("mode"), out["error"]),
                            pytrace=False)
            return out

    def close(self):
        if self.proc is not None:
            with contextlib.suppress(Exception):
                self.proc.stdin.close()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
            self.proc = None


@pytest.fixture(scope="session")
def sdk_worker(sdk_python):
    worker = SdkWorker(sdk_python)
    yield worker
    worker.close()


@pytest.fixture
def run_sdk(sdk_worker):
    """run_sdk(mode, emulator, calls, concurrent=False, **overrides) -> list of results.

    mode: "tea-v3" (alibabacloud-outboundbot20191226), "tea-v1" (the same with
    signature_algorithm='v2'), "core-v1" (aliyun-python-sdk-core + -outboundbot).
    calls: [("CreateInstance", {...}), ...] or [{"action":..., "params":...}].
    overrides: access_key_id, access_key_secret, security_token, endpoint,
    ca (a path; None = no CA given to the SDK). Each result: ok, http_status, body, code,
    message, request_id, error_class (the SDK's exception), retry_after (tea).
    The calls run in one long-lived SDK process (sdk_call.py --serve), one client per run.
    """

    def run(mode, emu: Emulator, calls, concurrent=False, timeout=60, **overrides):
        cfg = {
            "mode": mode,
            "scheme": emu.scheme,
            "endpoint": emu.endpoint,
            "ca": str(emu.ca_cert) if emu.ca_cert else None,
            "access_key_id": emu.access_key_id,
            "access_key_secret": emu.access_key_secret,
            "security_token": emu.security_token,
            "concurrent": concurrent,
            "calls": [c if isinstance(c, dict) else {"action": c[0], "params": c[1]} for c in calls],
        }
        for k, v in overrides.items():
            cfg[k] = str(v) if isinstance(v, Path) else v
        return sdk_worker.call(cfg, timeout)["results"]

    return run
