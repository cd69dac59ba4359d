#!/usr/bin/env python3
"""Exactly-once CreateInstance under injected faults, through liboutboundbot's C ABI.

    python3 scripts/exactly_once.py [--calls 1000] [--threads 4] [--seed N]
                                    [--library PATH] [--emulator PATH] [--arming planned|racy]

Starts its own outboundbot-emulator on 127.0.0.1 (a free port, --admin), creates one
client (obb_client_config_init's defaults: 3 attempts; read_timeout_ms 300), and makes
--calls CreateInstance calls through obb_call from --threads threads sharing that
client. Each call has its own InstanceName, MaxConcurrentConversation and
InstanceDescription. Before each call, faults are armed on the emulator's admin API:

  planned (the default): with probability 0.3 the call gets a fault, and then with
      probability 0.3 a second one, each drawn from close, delay (past the read
      timeout), error_after_performing, internal_error, throttling (retry_after_ms 50)
      and bad_gateway. They are armed with `match: {"InstanceName": <the call's name>}`,
      so they hit that call's first attempts and no other call's, however the threads
      interleave. No call sees more than 2 faults, so with 3 attempts every call must
      succeed, and its attempts and reconciliation are predictable.
  racy: with probability 0.3, one random fault for "the next CreateInstance", whichever
      call that turns out to be. A call may then meet 3 faults and fail; it must fail
      definitely (no instance created).

Then it compares what the calls returned with the emulator's instances and prints:
calls, OK, definite errors, failures that created an instance anyway, instances,
duplicates, lost (OK but no instance, or not the one asked for), reconciled,
retried, elapsed. Exit status 1 on any duplicate, loss, wrong answer, or failure that
created an instance, and in planned mode on any failed call; 0 otherwise; 2 on a
set-up problem.

The library is --library, else $OBB_LIBRARY, else liboutboundbot.so in $OBB_BIN_DIR
(or `swift build --show-bin-path`), else build/dist/lib/liboutboundbot.so.0. The
emulator is --emulator, else outboundbot-emulator in that same build directory.

Tests/integration/test_exactly_once.py and test_fault_matrix.py import this file:
the ctypes declarations (Library, Client, CallResult), the emulator process
(EmulatorProcess) and the campaign (run_campaign, Figures) live here once.
Only the standard library is used. All traffic is on the loopback interface.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid
from ctypes import (CFUNCTYPE, POINTER, Structure, byref, c_char_p, c_int, c_int32, c_int64,
                    c_size_t, c_uint32, c_void_p)
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from harness import Emulator  # noqa: E402  (one emulator launcher: bench/harness.py)

REPO = Path(__file__).resolve().parents[1]

DEV_ACCESS_KEY_ID = "LTAIEmulatorDevKey"
DEV_ACCESS_KEY_SECRET = "EmulatorDevSecret"

# ---- include/outboundbot.h, in ctypes -------------------------------------------------

OBB_OK = 0
OBB_ERR_INVALID_ARGUMENT = 1
OBB_ERR_NETWORK = 3
OBB_ERR_TIMEOUT = 4
OBB_ERR_SERVICE = 6
OBB_ERR_RESPONSE = 7

OBB_PROTOCOL_HTTP = 1
OBB_SIGNATURE_V3 = 0
OBB_CREDENTIALS_STATIC = 2
OBB_LOG_INFO = 3

log_callback_type = CFUNCTYPE(None, c_void_p, c_int32, c_char_p)


class ClientConfig(Structure):
    """obb_client_config as of 0.4.0, field for field (it ends in tls_min_version)."""
    _fields_ = [
        ("struct_size", c_uint32),
        ("region", c_char_p),
        ("endpoint", c_char_p),
        ("protocol", c_int32),
        ("signature_version", c_int32),
        ("access_key_id", c_char_p),
        ("access_key_secret", c_char_p),
        ("security_token", c_char_p),
        ("connect_timeout_ms", c_uint32),
        ("read_timeout_ms", c_uint32),
        ("ca_file", c_char_p),
        ("user_agent_suffix", c_char_p),
        # 0.2.0
        ("max_idle_connections", c_uint32),
        ("max_response_bytes", c_uint32),
        # 0.3.0
        ("credentials_source", c_int32),
        ("ecs_metadata_timeout_ms", c_uint32),
        ("profile", c_char_p),
        ("sts_endpoint", c_char_p),
        ("ecs_metadata_endpoint", c_char_p),
        ("ecs_role_name", c_char_p),
        ("log_callback", log_callback_type),
        ("log_user_data", c_void_p),
        ("log_level", c_int32),
        # 0.4.0 (the padding after log_level stays unused)
        ("retry_base_delay_ms", c_int64),
        ("retry_max_delay_ms", c_int64),
        ("deadline_ms", c_int64),
        ("proxy", c_char_p),
        ("no_proxy", c_char_p),
        ("max_attempts", c_int32),
        ("tls_min_version", c_int32),
    ]


def _bin_dir() -> Path | None:
    env = os.environ.get("OBB_BIN_DIR")
    if env:
        return Path(env)
    try:
        out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPO, capture_output=True,
                             text=True, timeout=300, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = [line.strip() for line in out.stdout.splitlines() if line.strip()]
    return Path(lines[-1]) if lines else None


def find_library() -> Path:
    """$OBB_LIBRARY, else liboutboundbot.so of the build directory, else build/dist's."""
    if os.environ.get("OBB_LIBRARY"):
        return Path(os.environ["OBB_LIBRARY"])
    directory = _bin_dir()
    if directory and (directory / "liboutboundbot.so").is_file():
        return directory / "liboutboundbot.so"
    dist = Path(os.environ.get("OBB_DIST_DIR") or REPO / "build" / "dist")
    return dist / "lib" / "liboutboundbot.so.0"


def find_emulator() -> Path:
    directory = _bin_dir()
    return (directory or REPO / ".build" / "debug") / "outboundbot-emulator"


@dataclass
class CallResult:
    """What one call returned, copied out of its obb_response."""
    status: int
    status_name: str
    http_status: int
    code: str
    message: str
    request_id: str
    attempts: int
    reconciled: int | None  # None: the library predates obb_response_reconciled (0.4.0)
    body: str
    values: dict
    elapsed: float

    def describe(self) -> str:
        return ("%s attempts=%s reconciled=%s http=%d code=%r message=%r request_id=%r elapsed=%.3fs"
                % (self.status_name, self.attempts, self.reconciled, self.http_status, self.code,
                   self.message, self.request_id, self.elapsed))


class Library:
    """liboutboundbot loaded with ctypes, its functions declared as the header has them."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else find_library()
        lib = self.lib = ctypes.CDLL(str(self.path))
        lib.obb_version.restype = c_char_p
        lib.obb_version_number.restype = c_uint32
        lib.obb_status_name.argtypes = [c_int]
        lib.obb_status_name.restype = c_char_p
        lib.obb_client_config_init.argtypes = [POINTER(ClientConfig), c_size_t]
        lib.obb_client_config_init.restype = c_int
        lib.obb_client_new.argtypes = [POINTER(c_void_p), POINTER(ClientConfig), POINTER(c_void_p)]
        lib.obb_client_new.restype = c_int
        lib.obb_client_free.argtypes = [c_void_p]
        lib.obb_client_free.restype = None
        lib.obb_string_free.argtypes = [c_void_p]
        lib.obb_string_free.restype = None
        lib.obb_call.argtypes = [c_void_p, c_char_p, c_char_p, POINTER(c_void_p)]
        lib.obb_call.restype = c_int
        for name in ("obb_response_code", "obb_response_message", "obb_response_request_id"):
            getattr(lib, name).argtypes = [c_void_p]
            getattr(lib, name).restype = c_char_p
        lib.obb_response_body.argtypes = [c_void_p, POINTER(c_size_t)]
        lib.obb_response_body.restype = c_void_p
        lib.obb_response_http_status.argtypes = [c_void_p]
        lib.obb_response_http_status.restype = c_int32
        lib.obb_response_attempts.argtypes = [c_void_p]
        lib.obb_response_attempts.restype = c_uint32
        lib.obb_response_get_string.argtypes = [c_void_p, c_char_p, POINTER(c_void_p)]
        lib.obb_response_get_string.restype = c_int
        lib.obb_response_get_int64.argtypes = [c_void_p, c_char_p, POINTER(c_int64)]
        lib.obb_response_get_int64.restype = c_int
        lib.obb_response_free.argtypes = [c_void_p]
        lib.obb_response_free.restype = None
        self.reconciled_fn = getattr(lib, "obb_response_reconciled", None)
        if self.reconciled_fn is not None:
            self.reconciled_fn.argtypes = [c_void_p]
            self.reconciled_fn.restype = c_int32

    @property
    def version(self) -> str:
        return self.lib.obb_version().decode()

    @property
    def version_number(self) -> int:
        return self.lib.obb_version_number()

    def status_name(self, status: int) -> str:
        return self.lib.obb_status_name(status).decode()

    def default_config(self) -> ClientConfig:
        """A config as obb_client_config_init writes it (sizeof as ctypes has it)."""
        config = ClientConfig()
        status = self.lib.obb_client_config_init(byref(config), ctypes.sizeof(config))
        if status != OBB_OK:
            raise RuntimeError("obb_client_config_init: %s" % self.status_name(status))
        return config

    def client(self, endpoint: str, *, access_key_id: str = DEV_ACCESS_KEY_ID,
               access_key_secret: str = DEV_ACCESS_KEY_SECRET, read_timeout_ms: int = 300,
               connect_timeout_ms: int | None = None, max_attempts: int | None = None,
               capture_log: bool = True) -> "Client":
        return Client(self, endpoint, access_key_id=access_key_id, access_key_secret=access_key_secret,
                      read_timeout_ms=read_timeout_ms, connect_timeout_ms=connect_timeout_ms,
                      max_attempts=max_attempts, capture_log=capture_log)


class Client:
    """One obb_client over plain HTTP with a static key; safe to share between threads."""

    def __init__(self, library: Library, endpoint: str, *, access_key_id: str, access_key_secret: str,
                 read_timeout_ms: int, connect_timeout_ms: int | None, max_attempts: int | None,
                 capture_log: bool):
        self.library = library
        lib = library.lib
        self.log_lines: list[str] = []
        self._log_lock = threading.Lock()
        config = library.default_config()
        # What obb_client_config_init wrote, before anything is changed.
        self.defaults = {name: getattr(config, name) for name in
                         ("max_attempts", "retry_base_delay_ms", "retry_max_delay_ms", "deadline_ms")}
        config.region = b"cn-shanghai"
        config.endpoint = endpoint.encode()
        config.protocol = OBB_PROTOCOL_HTTP
        config.signature_version = OBB_SIGNATURE_V3
        config.credentials_source = OBB_CREDENTIALS_STATIC
        config.access_key_id = access_key_id.encode()
        config.access_key_secret = access_key_secret.encode()
        config.read_timeout_ms = read_timeout_ms
        if connect_timeout_ms is not None:
            config.connect_timeout_ms = connect_timeout_ms
        if max_attempts is not None:
            config.max_attempts = max_attempts
        config.proxy = b""  # never a proxy: the emulator is on loopback
        if capture_log:
            # Kept referenced for as long as the client lives.
            self._callback = log_callback_type(self._on_log)
            config.log_callback = self._callback
            config.log_level = OBB_LOG_INFO
        handle, error = c_void_p(), c_void_p()
        status = lib.obb_client_new(byref(handle), byref(config), byref(error))
        if status != OBB_OK:
            message = ctypes.string_at(error).decode() if error.value else ""
            lib.obb_string_free(error)
            raise RuntimeError("obb_client_new: %s: %s" % (library.status_name(status), message))
        self.handle = handle

    def _on_log(self, _user_data, level, message):
        with self._log_lock:
            self.log_lines.append("[%d] %s" % (level, message.decode("utf-8", "replace")))

    def log_tail(self, lines: int = 40) -> str:
        with self._log_lock:
            return "\n".join(self.log_lines[-lines:])

    def call(self, action: str, params: dict | None = None, paths: tuple = ()) -> CallResult:
        """obb_call; `paths` are read from the answer with obb_response_get_string."""
        lib = self.library.lib
        response = c_void_p()
        started = time.monotonic()
        status = lib.obb_call(self.handle, action.encode(),
                              json.dumps(params or {}, ensure_ascii=False).encode(), byref(response))
        elapsed = time.monotonic() - started
        try:
            length = c_size_t()
            body_ptr = lib.obb_response_body(response, byref(length))
            values = {}
            for path in paths:
                value = c_void_p()
                if lib.obb_response_get_string(response, path.encode(), byref(value)) == OBB_OK:
                    values[path] = ctypes.string_at(value).decode("utf-8", "replace")
                    lib.obb_string_free(value)
            reconciled_fn = self.library.reconciled_fn
            return CallResult(
                status=status, status_name=self.library.status_name(status),
                http_status=lib.obb_response_http_status(response),
                code=lib.obb_response_code(response).decode("utf-8", "replace"),
                message=lib.obb_response_message(response).decode("utf-8", "replace"),
                request_id=lib.obb_response_request_id(response).decode("utf-8", "replace"),
                attempts=lib.obb_response_attempts(response),
                reconciled=reconciled_fn(response) if reconciled_fn is not None else None,
                body=ctypes.string_at(body_ptr, length.value).decode("utf-8", "replace") if body_ptr else "",
                values=values, elapsed=elapsed)
        finally:
            lib.obb_response_free(response)

    def close(self):
        if self.handle:
            self.library.lib.obb_client_free(self.handle)
            self.handle = None


# ---- the emulator -----------------------------------------------------------------------

class EmulatorProcess(Emulator):
    """bench/harness.py's emulator process with --admin, and the admin calls the tests use."""

    def __init__(self, binary: Path | str | None = None, *args: str, log_path: Path | str | None = None,
                 start_timeout: float = 30.0):
        self.binary = Path(binary) if binary else find_emulator()
        super().__init__(str(self.binary), "--admin", *args,
                         log_path=str(log_path) if log_path else None, start_timeout=start_timeout)
        self.access_key_id, self.access_key_secret = DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET

    # The names and signatures of Tests/integration/conftest.py's Emulator.
    def inject(self, action: str, kind: str, count: int = 1, **extra):
        return self.admin("POST", "/_emulator/faults", {"action": action, "kind": kind, "count": count, **extra})

    def clear_faults(self):
        self.admin("DELETE", "/_emulator/faults")

    def instances(self):
        return self.admin("GET", "/_emulator/instances")

    def requests(self):
        return self.admin("GET", "/_emulator/requests")["requests"]


# ---- faults and what the documented policy makes of them ---------------------------------

FAULT_KINDS = ("close", "delay", "error_after_performing", "internal_error", "throttling", "bad_gateway")
# Faults after which the instance exists although the answer was not a success.
PERFORMING = {"close", "delay", "error_after_performing"}


def fault_arguments(kind: str, delay_ms: int, retry_after_ms: int) -> dict:
    if kind == "delay":
        return {"delay_ms": delay_ms}
    if kind == "throttling":
        return {"retry_after_ms": retry_after_ms}
    return {}


def expected_outcome(faults: list[str], max_attempts: int = 3) -> tuple[bool, int, int]:
    """(ok, attempts, reconciled) for a CreateInstance whose first attempts meet `faults`.

    From include/outboundbot.h's "Retries": throttling is retried; a 5xx, a reset or a
    read timeout is ambiguous, so the instance is looked up first: found (the fault
    performed the create) ends the call as reconciled, not found means retry.
    """
    for attempt in range(1, max_attempts + 1):
        fault = faults[attempt - 1] if attempt - 1 < len(faults) else None
        if fault is None:
            return True, attempt, 0
        if fault in PERFORMING:
            return True, attempt, 1
    return False, max_attempts, 0


def plan_faults(rng: random.Random, probability: float = 0.3, max_per_call: int = 2) -> list[str]:
    """0 to max_per_call faults for one call: each further one with `probability`."""
    plan = []
    while len(plan) < max_per_call and rng.random() < probability:
        plan.append(rng.choice(FAULT_KINDS))
    return plan


# ---- the campaign -------------------------------------------------------------------------

@dataclass
class CallRecord:
    index: int
    name: str
    description: str
    max_cc: int
    planned: list
    result: CallResult | None = None
    error: str | None = None


@dataclass
class Figures:
    calls: int = 0
    ok: int = 0
    definite_errors: int = 0
    failed_but_created: int = 0
    instances: int = 0
    duplicates: int = 0
    lost: int = 0
    wrong_answers: int = 0
    reconciled: int = 0
    retried: int = 0
    reconciled_after_retry: int = 0
    as_planned: int = 0
    planned_calls: int = 0
    faults_armed: int = 0
    elapsed: float = 0.0
    arming: str = "planned"
    statuses: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    unexpected: list = field(default_factory=list)
    records: list = field(default_factory=list)

    def failed(self) -> bool:
        """Duplicates, losses, wrong answers, failures that created; planned: any failure."""
        return bool(self.duplicates or self.lost or self.wrong_answers or self.failed_but_created
                    or (self.arming == "planned" and self.ok != self.calls))

    def table(self) -> str:
        rows = [
            ("calls", self.calls),
            ("OK", self.ok),
            ("definite errors", self.definite_errors),
            ("failed but created", self.failed_but_created),
            ("instances", self.instances),
            ("duplicates", self.duplicates),
            ("lost", self.lost),
            ("wrong answers", self.wrong_answers),
            ("reconciled", self.reconciled),
            ("retried (attempts > 1)", self.retried),
            ("reconciled after a retry", self.reconciled_after_retry),
            ("faults armed (%s)" % self.arming, self.faults_armed),
        ]
        if self.arming == "planned":
            rows.append(("attempts/reconciled as planned", "%d of %d" % (self.as_planned, self.planned_calls)))
        rows.append(("statuses", ", ".join("%s %d" % kv for kv in sorted(self.statuses.items()))))
        rows.append(("elapsed", "%.1f s" % self.elapsed))
        width = max(len(r[0]) for r in rows)
        return "\n".join("%-*s  %s" % (width, name, value) for name, value in rows)


def run_campaign(library: Library, emulator, *, calls: int = 200, threads: int = 4, seed: int | None = None,
                 arming: str = "planned", probability: float = 0.3, read_timeout_ms: int = 300,
                 delay_ms: int = 600, retry_after_ms: int = 50, prefix: str | None = None,
                 progress=None) -> Figures:
    """`calls` CreateInstance calls from `threads` threads on one client; see the module's doc.

    `emulator` is anything with endpoint, access_key_id, access_key_secret, inject(...),
    clear_faults(), instances() and requests(): EmulatorProcess or the tests' Emulator.
    """
    if arming not in ("planned", "racy"):
        raise ValueError("arming must be planned or racy")
    rng = random.Random(seed)
    prefix = prefix or "eo-%s-" % uuid.uuid4().hex[:8]
    records = []
    for i in range(calls):
        records.append(CallRecord(
            index=i, name="%s%05d" % (prefix, i),
            description="exactly-once call %d of %d (%s)" % (i, calls, uuid.UUID(int=rng.getrandbits(128)).hex[:12]),
            max_cc=rng.randint(1, 8),
            planned=plan_faults(rng, probability) if arming == "planned"
            else ([rng.choice(FAULT_KINDS)] if rng.random() < probability else [])))
    client = library.client(emulator.endpoint, access_key_id=emulator.access_key_id,
                            access_key_secret=emulator.access_key_secret, read_timeout_ms=read_timeout_ms)
    queue = list(reversed(records))
    lock = threading.Lock()
    done = [0]

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                record = queue.pop()
            try:
                for kind in record.planned:
                    extra = fault_arguments(kind, delay_ms, retry_after_ms)
                    if arming == "planned":
                        extra["match"] = {"InstanceName": record.name}
                    emulator.inject("CreateInstance", kind, 1, **extra)
                record.result = client.call("CreateInstance", {
                    "InstanceName": record.name, "MaxConcurrentConversation": record.max_cc,
                    "InstanceDescription": record.description,
                }, paths=("Instance.InstanceId", "Instance.InstanceName"))
            except Exception as exc:  # an admin call failed: the record says so
                record.error = "%s: %s" % (type(exc).__name__, exc)
            with lock:
                done[0] += 1
                if progress and done[0] % 100 == 0:
                    progress("%d/%d calls" % (done[0], calls))

    started = time.monotonic()
    pool = [threading.Thread(target=worker, name="exactly-once-%d" % n) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.monotonic() - started
    log_tail = client.log_tail(60)
    client.close()
    emulator.clear_faults()  # planned faults a reconciled call never used, racy leftovers
    figures = evaluate(records, emulator.instances()["instances"], prefix, arming)
    figures.elapsed = elapsed
    if figures.problems:
        figures.problems.append("the library's last log lines:\n" + log_tail)
    return figures


def evaluate(records: list[CallRecord], instances: list[dict], prefix: str, arming: str) -> Figures:
    """Compare the calls' outcomes with the emulator's instances."""
    figures = Figures(calls=len(records), arming=arming, records=records)
    by_name: dict[str, list[dict]] = {}
    for instance in instances:
        if instance["InstanceName"].startswith(prefix):
            by_name.setdefault(instance["InstanceName"], []).append(instance)
    figures.instances = sum(len(v) for v in by_name.values())
    figures.duplicates = sum(1 for v in by_name.values() if len(v) > 1)
    for name, found in by_name.items():
        if len(found) > 1:
            figures.problems.append("duplicate: %s exists %d times" % (name, len(found)))
    called = {r.name for r in records}
    figures.unexpected = sorted(set(by_name) - called)
    for name in figures.unexpected:
        figures.problems.append("an instance nobody asked for: %s" % name)
    for record in records:
        figures.faults_armed += len(record.planned)
        result, found = record.result, by_name.get(record.name, [])
        if result is None:
            figures.statuses["no result"] = figures.statuses.get("no result", 0) + 1
            figures.problems.append("%s: no result (%s)" % (record.name, record.error))
            continue
        figures.statuses[result.status_name] = figures.statuses.get(result.status_name, 0) + 1
        if result.reconciled == 1:
            figures.reconciled += 1
        if result.attempts > 1:
            figures.retried += 1
            if result.reconciled == 1:
                figures.reconciled_after_retry += 1
        if result.status == OBB_OK:
            figures.ok += 1
            if not found:
                figures.lost += 1
                figures.problems.append("lost: %s answered OK but no instance exists (%s)"
                                        % (record.name, result.describe()))
            elif len(found) == 1:
                instance = found[0]
                wrong = []
                if instance.get("InstanceDescription") != record.description:
                    wrong.append("description %r" % instance.get("InstanceDescription"))
                if instance.get("MaxConcurrentConversation") != record.max_cc:
                    wrong.append("MaxConcurrentConversation %r, asked %d"
                                 % (instance.get("MaxConcurrentConversation"), record.max_cc))
                answered = result.values.get("Instance.InstanceId")
                if answered != instance.get("InstanceId"):
                    wrong.append("the answer's InstanceId %r is not the instance's %r"
                                 % (answered, instance.get("InstanceId")))
                if wrong:
                    figures.wrong_answers += 1
                    figures.problems.append("wrong: %s: %s (%s)" % (record.name, "; ".join(wrong),
                                                                     result.describe()))
        elif found:
            figures.failed_but_created += 1
            figures.problems.append("failed but created: %s: %s, faults %s"
                                    % (record.name, result.describe(), record.planned))
        else:
            figures.definite_errors += 1
            if arming == "planned":
                figures.problems.append("failed: %s: %s, faults %s"
                                        % (record.name, result.describe(), record.planned))
        if arming == "planned":
            figures.planned_calls += 1
            ok, attempts, reconciled = expected_outcome(record.planned)
            if (result.status == OBB_OK) == ok and result.attempts == attempts and result.reconciled == reconciled:
                figures.as_planned += 1
    return figures


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--seed", type=int, default=None, help="default: a random seed, printed")
    ap.add_argument("--arming", choices=("planned", "racy"), default="planned")
    ap.add_argument("--probability", type=float, default=0.3)
    ap.add_argument("--read-timeout-ms", type=int, default=300)
    ap.add_argument("--delay-ms", type=int, default=600, help="the delay fault's wait (past the read timeout)")
    ap.add_argument("--retry-after-ms", type=int, default=50)
    ap.add_argument("--library", default=None)
    ap.add_argument("--emulator", default=None)
    ap.add_argument("--emulator-log", default=None, help="the emulator's stderr goes here")
    ap.add_argument("--verbose", action="store_true", help="print every call's outcome")
    args = ap.parse_args(argv)
    if args.calls < 1 or args.threads < 1:
        ap.error("--calls and --threads must be positive")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    os.environ.setdefault("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    try:
        library = Library(args.library)
        emulator = EmulatorProcess(args.emulator, "--concurrency-quota", "100000000", log_path=args.emulator_log)
    except (OSError, RuntimeError) as exc:
        print("exactly_once: %s" % exc, file=sys.stderr)
        return 2
    print("liboutboundbot %s (%s), %s on %s; %d calls, %d threads, %s arming, seed %d"
          % (library.version, library.path, emulator.binary.name, emulator.endpoint, args.calls,
             args.threads, args.arming, seed), flush=True)
    try:
        figures = run_campaign(library, emulator, calls=args.calls, threads=args.threads, seed=seed,
                               arming=args.arming, probability=args.probability,
                               read_timeout_ms=args.read_timeout_ms, delay_ms=args.delay_ms,
                               retry_after_ms=args.retry_after_ms,
                               progress=lambda text: print("  " + text, flush=True))
    finally:
        emulator.stop()
    if args.verbose:
        for record in figures.records:
            print("%s faults=%s %s" % (record.name, record.planned,
                                       record.result.describe() if record.result else record.error))
    print(figures.table())
    for problem in figures.problems[:50]:
        print("PROBLEM " + problem, file=sys.stderr)
    if figures.failed():
        print("FAILED (seed %d)" % seed, file=sys.stderr)
        return 1
    print("exactly once: every OK call has its one instance, no duplicates, nothing lost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
