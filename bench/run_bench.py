"""`make bench`: liboutboundbot against raw libcurl and the official Python SDK, one table.

    python3 bench/run_bench.py --obb-bench PATH --curl-floor PATH
        [--runs 5] [--threads 1,2,4] [--v1-threads 1] [--generic-threads 1] [--sdk-threads 1]
        [--calls 20000] [--sdk-calls 3000] [--seconds 10] [--warmup 50] [--no-sdk]
        [--nginx PATH] [--nginx-workers 1] [--sdk-python PATH] [--update-doc BENCHMARKS.md]

One responder serves every row: Debian's nginx (bench/responder.py, config
bench/nginx/nginx.conf.in), started here on 127.0.0.1 and a free port and
stopped at the end, answering each request with HTTP 200 and a fixed JSON body
(bench/nginx/*.json): the DescribeInstance answer when the action is
DescribeInstance, the CreateInstance answer otherwise. It checks nothing, so
its cost per call is small and the same for every client.

Rows, by request kind:

  CreateInstance V3        liboutboundbot obb_create_instance (--threads, default 1,2,4)
                           python SDK create_instance_with_options (--sdk-threads, default 1)
  CreateInstance V1        liboutboundbot obb_create_instance (--v1-threads, default 1)
  DescribeInstance V3, V1  liboutboundbot obb_call, the generic call (--generic-threads, default 1)

and, for every kind and thread count a liboutboundbot row has, raw libcurl:
bench/curl_floor.c replaying the request liboutboundbot really sent for that
kind (captured here once per kind; only the InstanceName changes, same length),
one keep-alive connection per thread, no signing and no parsing. Each row's
ratios are to the floor of its own kind and thread count (the SDK row: to the
CreateInstance V3 floor; the SDK's own request differs a little).

Each run is bounded by a call count and by --seconds. Rows run round-robin,
--runs rounds; every figure is the median over the rounds. Client CPU is
getrusage of the client process (user+sys) over the measured calls; nginx's
own CPU per call is read from /proc and shown apart. Nothing here asserts a
timing.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from responder import Nginx, body  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SDK_REQUIREMENTS = REPO / "Tests" / "integration" / "requirements-sdk.txt"
# The capture listener answers as nginx will, so that a DescribeInstance captured after
# the CreateInstance obb_bench makes first carries the InstanceId the runs will send.
CANNED = body("CreateInstance")

# The request kinds: label, obb_bench arguments, and whether an InstanceName varies per call.
KINDS = {
    "create-v3": ("CreateInstance V3", ["--action", "create", "--signature", "v3"], True),
    "create-v1": ("CreateInstance V1", ["--action", "create", "--signature", "v1"], True),
    "describe-v3": ("DescribeInstance V3", ["--action", "describe", "--signature", "v3"], False),
    "describe-v1": ("DescribeInstance V1", ["--action", "describe", "--signature", "v1"], False),
}
FLOOR, LIB, SDK = "raw libcurl", "liboutboundbot", "python SDK"
CAPTURE_NAME = "capture-t0-00000000"  # obb_bench's and curl_floor's first name with --prefix capture


# ------------------------------------------------------------------ request capture

def capture_one(argv_for_endpoint) -> bytes:
    """Runs a client against a loopback listener that answers every request with a canned
    CreateInstance answer, on keep-alive; returns the raw bytes of the last request it
    received (with --calls 1 --warmup 0, the measured call: obb_bench --action describe
    first creates the instance it describes)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(30)
    endpoint = "127.0.0.1:%d" % listener.getsockname()[1]
    box = {"requests": []}

    def read_request(conn, pending: bytes):
        data = pending
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None, b""
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        length = int(m.group(1)) if m else 0
        while len(rest) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            rest += chunk
        return head + b"\r\n\r\n" + rest[:length], rest[length:]

    def serve():
        try:
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return  # closed: the client is done
                conn.settimeout(30)
                pending = b""
                with conn:
                    while True:
                        request, pending = read_request(conn, pending)
                        if request is None:
                            break
                        box["requests"].append(request)
                        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                                     b"\r\n%s" % (len(CANNED), CANNED))
        except OSError as exc:
            box["error"] = exc

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    res = subprocess.run(argv_for_endpoint(endpoint), capture_output=True, text=True, timeout=60)
    listener.close()
    t.join(5)
    if not box["requests"] or res.returncode != 0:
        raise RuntimeError("capture failed (exit %d, %r):\n%s%s" % (res.returncode, box.get("error"), res.stdout,
                                                                     res.stderr))
    return box["requests"][-1]


def split_request(raw: bytes):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("utf-8").split("\r\n")
    return lines[0], lines[1:], body


def make_template(raw: bytes, name: str | None, endpoint: str, path: Path) -> None:
    """A captured request as a template for curl_floor: the URL, the header lines as sent
    (not Host, Content-Length, Expect: libcurl writes those), and the body after an empty
    line when there is one. With a name, its first occurrence (query or body) becomes
    @NAME@, where curl_floor puts a new name of the same length on each call."""
    request_line, headers, body = split_request(raw)
    method, target, _ = request_line.split(" ", 2)
    if method != "POST":
        raise RuntimeError("unexpected captured request line: %s" % request_line)
    if name:
        if name in target:
            target = target.replace(name, "@NAME@", 1)
        elif name.encode() in body:
            body = body.replace(name.encode(), b"@NAME@", 1)
        else:
            raise RuntimeError("the captured request does not carry the name %s: %s" % (name, request_line))
    skip = {"host", "content-length", "expect"}
    kept = [l for l in headers if l.split(":", 1)[0].strip().lower() not in skip]
    text = ("http://%s%s\n%s\n" % (endpoint, target, "\n".join(kept))).encode("utf-8")
    path.write_bytes(text + (b"\n" + body if body else b""))


def normalized(raw: bytes) -> bytes:
    """A captured request with its Host header's port masked: what must match between the two."""
    return re.sub(rb"(?im)^(host:\s*[^:\r\n]+):\d+", rb"\1:PORT", raw)


def request_shape(raw: bytes):
    _, headers, _ = split_request(raw)
    return len(raw), sorted(l.split(":", 1)[0].lower() for l in headers)


# ------------------------------------------------------------------ runs

def run_client(argv, responder: Nginx, timeout: float) -> dict:
    before = responder.cpu_seconds()
    res = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    server = responder.cpu_seconds() - before
    lines = [l for l in res.stdout.splitlines() if l.startswith("{")]
    if res.returncode != 0 or not lines:
        raise RuntimeError("%s failed (exit %d):\n%s\n%s" % (argv[0], res.returncode, res.stdout[-2000:],
                                                              res.stderr[-4000:]))
    out = json.loads(lines[-1])
    out["server_cpu_s"] = server
    return out


def metrics(run: dict) -> dict:
    calls = max(run["calls"], 1)
    return {
        "calls": run["calls"],
        "rate": run["calls"] / run["wall_s"],
        # How long one call takes on its thread: the threads share the run's wall time.
        "wall_us": run["wall_s"] * run["threads"] / calls * 1e6,
        "cpu_us": (run["user_s"] + run["sys_s"]) / calls * 1e6,
        "user_us": run["user_s"] / calls * 1e6,
        "sys_us": run["sys_s"] / calls * 1e6,
        "server_cpu_us": run["server_cpu_s"] / calls * 1e6,
        "rss_mib": run["peak_rss_kib"] / 1024.0,
        # Per-call round trips are timed by obb_bench only.
        "p50_us": run.get("latency_p50_us"),
        "p99_us": run.get("latency_p99_us"),
    }


def median_row(runs: list) -> dict:
    ms = [metrics(r) for r in runs]
    return {k: None if ms[0][k] is None else statistics.median(m[k] for m in ms) for k in ms[0]}


# ------------------------------------------------------------------ environment

def sh(cmd, **kw) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, shell=isinstance(cmd, str),
                              **kw).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine_info(sdk_python: str | None) -> dict:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
    swift = sh(["swift", "--version"])
    info = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": sh(["nproc"]),
        "cpu": cpu,
        "memory": mem,
        "kernel": platform.release(),
        "os": sh(". /etc/os-release && echo \"$PRETTY_NAME\""),
        "swift": swift.splitlines()[0] if swift and swift != "?" else "?",
        "libcurl": sh(["pkg-config", "--modversion", "libcurl"]),
        "openssl": sh(["openssl", "version"]),
        "cc": sh("cc --version | head -1"),
        "python": platform.python_version(),
        "liboutboundbot": sh("sed -n 's/^#define OBB_VERSION_STRING \"\\(.*\\)\"/\\1/p' %s"
                             % shlex.quote(str(REPO / "include" / "outboundbot.h"))),
        "git": sh(["git", "-C", str(REPO), "describe", "--always", "--dirty"]),
    }
    if sdk_python:
        info["sdk"] = sh([sdk_python, "-c", "import importlib.metadata as m, platform; print("
                          "'alibabacloud-outboundbot20191226 %s, alibabacloud-tea-openapi %s, darabonba-core %s,"
                          " requests %s, CPython %s' % (m.version('alibabacloud-outboundbot20191226'),"
                          " m.version('alibabacloud-tea-openapi'), m.version('darabonba-core'),"
                          " m.version('requests'), platform.python_version()))"])
    return info


def ensure_sdk_venv(requested: str | None) -> str:
    """The venv the integration tests use (build/venv-sdk), created the same way when missing."""
    if requested:
        return requested
    venv = REPO / "build" / "venv-sdk"
    python = venv / "bin" / "python"
    marker = venv / ".requirements-sha256"
    wanted = hashlib.sha256(SDK_REQUIREMENTS.read_bytes()).hexdigest()
    import fcntl
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / ".venv-sdk.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (python.exists() and marker.exists() and marker.read_text().strip() == wanted):
            print("bench: creating %s from %s" % (venv, SDK_REQUIREMENTS), file=sys.stderr)
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, timeout=600)
            subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                            "-r", str(SDK_REQUIREMENTS)], check=True, timeout=900)
            marker.write_text(wanted + "\n")
    return str(python)


# ------------------------------------------------------------------ report

CLIENT_LABEL = {FLOOR: "raw libcurl (replay)", SDK: "python SDK `create_instance_with_options`"}


def client_label(client: str, kind: str) -> str:
    if client == LIB:
        return "liboutboundbot `%s`" % ("obb_create_instance" if kind.startswith("create") else "obb_call")
    return CLIENT_LABEL[client]


def fmt_ratio(x):
    return "%.2f" % x if x else "–"


def render(rows: dict, order: list, info: dict, command: str, shapes: dict, args, elapsed: float) -> str:
    out = []
    out.append("Machine: %s, %s cores (nproc), %s; %s, kernel %s; load average (1 min) %s at the start, %s at "
               "the end." % (info["cpu"], info["nproc"], info["memory"], info["os"], info["kernel"],
                             info["load_start"], info["load_end"]))
    out.append("Versions: %s; libcurl %s; %s; %s; %s; liboutboundbot %s (%s)." % (
        info["swift"], info["libcurl"], info["openssl"], info["cc"], info["nginx"], info["liboutboundbot"],
        info["git"]))
    if info.get("sdk"):
        out.append("SDK: %s." % info["sdk"])
    out.append("Date: %s. Command: `%s` (%.1f minutes)." % (info["date"], command, elapsed / 60))
    out.append("")
    out.append("Median of %d rounds; each run up to %d calls (SDK: %d) or %g s, after %d warm-up calls per thread."
               % (args.runs, args.calls, args.sdk_calls, args.seconds, args.warmup))
    sizes = []
    for kind, (label, _, _) in KINDS.items():
        if kind in shapes:
            lib_size, same = shapes[kind]
            sizes.append("%s %d bytes (%s)" % (label, lib_size, "replayed byte for byte" if same
                                               else "replay DIFFERS, see build/bench/requests/"))
    out.append("Requests liboutboundbot sent, and the floor replays: %s." % "; ".join(sizes))
    out.append("")
    out.append("| client | request | threads | calls/s | wall/call (µs) | client CPU/call (µs) "
               "| wall ÷ floor | CPU ÷ floor | peak RSS (MiB) | nginx CPU/call (µs) |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key in order:
        client, kind, t = key
        r = rows[key]
        floor = rows.get((FLOOR, "create-v3" if client == SDK else kind, t))
        out.append("| %s | %s | %d | %.0f | %.1f | %.1f | %s | %s | %.1f | %.1f |" % (
            client_label(client, kind), KINDS[kind][0], t, r["rate"], r["wall_us"], r["cpu_us"],
            fmt_ratio(r["wall_us"] / floor["wall_us"]) if floor else "–",
            fmt_ratio(r["cpu_us"] / floor["cpu_us"]) if floor else "–",
            r["rss_mib"], r["server_cpu_us"]))
    out.append("")
    out.append("wall/call: threads × elapsed ÷ calls, how long one call takes on its thread. Ratios: the row's "
               "median over the median of raw libcurl replaying the same kind of request on as many threads "
               "(the SDK: the CreateInstance V3 floor).")
    return "\n".join(out) + "\n"


def update_doc(doc: Path, text: str) -> None:
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    current = doc.read_text() if doc.exists() else "# Benchmarks\n\n%s\n%s\n" % (begin, end)
    if begin not in current or end not in current:
        current = current.rstrip("\n") + "\n\n%s\n%s\n" % (begin, end)
    head, rest = current.split(begin, 1)
    _, tail = rest.split(end, 1)
    doc.write_text(head + begin + "\n" + text + end + tail)


# ------------------------------------------------------------------ main

def threads_list(text: str) -> list:
    return [int(t) for t in text.split(",") if t.strip()]


def main() -> int:
    started = time.monotonic()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--obb-bench", required=True)
    ap.add_argument("--curl-floor", required=True)
    ap.add_argument("--nginx", help="the nginx binary (default: nginx on PATH, then /usr/sbin/nginx)")
    ap.add_argument("--nginx-workers", type=int, default=1)
    ap.add_argument("--sdk-python", help="python of a venv with alibabacloud-outboundbot20191226 "
                                         "(default: build/venv-sdk, created when missing)")
    ap.add_argument("--no-sdk", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", default="1,2,4", help="thread counts of the liboutboundbot and floor rows")
    # One thread by default keeps the table near 4.5 minutes on 2 cores; 1,2,4 for all
    # three takes about 8.
    ap.add_argument("--v1-threads", default="1", help="thread counts of the CreateInstance V1 rows")
    ap.add_argument("--generic-threads", default="1",
                    help="thread counts of the generic-call rows, obb_call DescribeInstance V3 and V1")
    ap.add_argument("--sdk-threads", default="1")
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--sdk-calls", type=int, default=3000)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--out", default=str(REPO / "build" / "bench"))
    ap.add_argument("--update-doc", help="replace the generated part of this Markdown file")
    ap.add_argument("--command", default=None, help="the command to quote in the report")
    args = ap.parse_args()
    lib_threads = {"create-v3": threads_list(args.threads), "create-v1": threads_list(args.v1_threads),
                   "describe-v3": threads_list(args.generic_threads),
                   "describe-v1": threads_list(args.generic_threads)}
    sdk_threads = [] if args.no_sdk else threads_list(args.sdk_threads)
    kinds = [k for k in KINDS if lib_threads[k] or (k == "create-v3" and sdk_threads)]
    out_dir = Path(args.out)
    (out_dir / "requests").mkdir(parents=True, exist_ok=True)
    sdk_python = ensure_sdk_venv(args.sdk_python) if sdk_threads else None
    info = machine_info(sdk_python)
    # What else the machine was doing: figures taken on a busy machine are noisier.
    info["load_start"] = "%.2f" % os.getloadavg()[0]
    command = args.command or " ".join(shlex.quote(a) for a in sys.argv)
    limit = args.seconds + 120

    # Rows, grouped by kind: the floor, liboutboundbot, the SDK; each by thread count.
    order = []
    for kind in kinds:
        floor_threads = sorted(set(lib_threads[kind]) | (set(sdk_threads) if kind == "create-v3" else set()))
        order += [(FLOOR, kind, t) for t in floor_threads]
        order += [(LIB, kind, t) for t in lib_threads[kind]]
        if kind == "create-v3":
            order += [(SDK, kind, t) for t in sdk_threads]

    rows_runs: dict = {}
    log = open(out_dir / "runs.jsonl", "w")
    with Nginx(out_dir / "nginx", args.nginx, args.nginx_workers) as responder:
        info["nginx"] = responder.version.replace("nginx version: ", "")
        print("bench: %s on http://%s (%s)" % (info["nginx"], responder.endpoint, responder.conf), file=sys.stderr)

        # One request per kind, as liboutboundbot sends it; the floor's template replays it,
        # and the floor's own request, captured the same way, must be the same bytes.
        templates, shapes = {}, {}
        for kind in kinds:
            label, kind_args, named = KINDS[kind]
            lib_raw = capture_one(lambda ep: [args.obb_bench, "--endpoint", ep, "--calls", "1", "--warmup", "0",
                                              "--prefix", "capture", *kind_args])
            (out_dir / "requests" / ("%s.liboutboundbot" % kind)).write_bytes(lib_raw)
            name = CAPTURE_NAME if named else None
            templates[kind] = out_dir / "requests" / ("%s.template" % kind)
            make_template(lib_raw, name, responder.endpoint, templates[kind])
            probe = out_dir / "requests" / ("%s.capture-template" % kind)
            floor_raw = capture_one(lambda ep: (make_template(lib_raw, name, ep, probe), [
                args.curl_floor, "--template", str(probe), "--calls", "1", "--warmup", "0",
                "--prefix", "capture"])[1])
            (out_dir / "requests" / ("%s.raw-libcurl" % kind)).write_bytes(floor_raw)
            same = normalized(lib_raw) == normalized(floor_raw)
            shapes[kind] = (len(lib_raw), same)
            if not same:
                print("bench: WARNING: the floor's %s request differs from liboutboundbot's (%d vs %d bytes, "
                      "header names %s vs %s); see %s" % (label, len(lib_raw), len(floor_raw),
                                                          request_shape(lib_raw)[1], request_shape(floor_raw)[1],
                                                          out_dir / "requests"), file=sys.stderr)

        for rnd in range(1, args.runs + 1):
            for key in order:
                client, kind, t = key
                prefix = "r%02d%s%s%d" % (rnd, {FLOOR: "C", LIB: "L", SDK: "P"}[client],
                                          "cCdD"[list(KINDS).index(kind)], t)
                common = ["--threads", str(t), "--seconds", str(args.seconds), "--prefix", prefix]
                if client == LIB:
                    argv = [args.obb_bench, "--endpoint", responder.endpoint, "--calls", str(args.calls),
                            "--warmup", str(args.warmup), *KINDS[kind][1], *common]
                elif client == FLOOR:
                    argv = [args.curl_floor, "--template", str(templates[kind]), "--calls", str(args.calls),
                            "--warmup", str(args.warmup), *common]
                else:
                    argv = [sdk_python, str(REPO / "bench" / "sdk_bench.py"), "--endpoint", responder.endpoint,
                            "--calls", str(args.sdk_calls), "--warmup", str(min(args.warmup, 20)), *common]
                run = run_client(argv, responder, limit)
                run.update({"round": rnd, "client": client, "kind": kind})
                log.write(json.dumps(run) + "\n")
                log.flush()
                rows_runs.setdefault(key, []).append(run)
                m = metrics(run)
                print("round %d/%d  %-14s %-19s %d thread(s): %8.0f calls/s  %7.1f µs CPU/call  %6.1f MiB"
                      % (rnd, args.runs, client, KINDS[kind][0], t, m["rate"], m["cpu_us"], m["rss_mib"]),
                      file=sys.stderr)
    log.close()
    info["load_end"] = "%.2f" % os.getloadavg()[0]

    rows = {k: median_row(v) for k, v in rows_runs.items()}
    text = render(rows, order, info, command, shapes, args, time.monotonic() - started)
    (out_dir / "results.md").write_text(text)
    (out_dir / "results.json").write_text(json.dumps(
        {"machine": info, "rows": {"%s/%s/%d" % k: v for k, v in rows.items()}}, indent=2) + "\n")
    print(text)
    if args.update_doc:
        update_doc(Path(args.update_doc), text)
        print("bench: results written to %s" % args.update_doc, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
