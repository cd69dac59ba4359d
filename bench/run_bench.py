"""`make bench`: liboutboundbot against raw libcurl and the official Python SDK.

    python3 bench/run_bench.py --emulator PATH --obb-bench PATH --curl-floor PATH
        [--runs 5] [--threads 1,2,4] [--generic-threads 1] [--calls 20000] [--sdk-calls 3000] [--seconds 10]
        [--sdk-python PATH] [--update-doc BENCHMARKS.md]

One emulator (started here with --skip-signature-check, --admin and a huge
--concurrency-quota; stopped at the end) serves every row:

  liboutboundbot  bench/obb_bench.c through the C API of build/dist's .so:
                  CreateInstance on one keep-alive client shared by N threads
  liboutboundbot obb_call DescribeInstance
                  the same program with --action describe: the generic call
                  (action name + JSON parameters) every catalogued action takes
  raw libcurl     bench/curl_floor.c: libcurl alone replaying the request
                  liboutboundbot really sent (captured here once), one
                  keep-alive connection per thread; only InstanceName changes
  python SDK      bench/sdk_bench.py: alibabacloud-outboundbot20191226 (V3)

Each run is bounded by a call count and by --seconds; the emulator's instances
are reset before each run. Rows are measured round-robin, --runs rounds, and
each figure is the median over the rounds. Client CPU is getrusage of the client
process (user+sys) over the measured calls; the emulator's own CPU per call is
read from /proc and shown apart. Nothing here asserts a timing.
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
from harness import Emulator  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SDK_REQUIREMENTS = REPO / "Tests" / "integration" / "requirements-sdk.txt"
CANNED = json.dumps({"RequestId": "CAPTURE", "Code": "OK", "Message": "Success", "Success": True,
                     "Instance": {"InstanceId": "i-capture", "InstanceName": "capture"}}).encode()


# ------------------------------------------------------------------ request capture

# The generic-call row: obb_call with DescribeInstance, the path every catalogued action takes.
GENERIC = "liboutboundbot obb_call DescribeInstance"

def capture_one(argv_for_endpoint) -> bytes:
    """Runs a client once against a one-shot listener; returns the raw request it sent."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(30)
    endpoint = "127.0.0.1:%d" % listener.getsockname()[1]
    box = {}

    def serve():
        try:
            conn, _ = listener.accept()
            conn.settimeout(30)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            while m and len(body) < int(m.group(1)):
                body += conn.recv(65536)
            box["request"] = head + b"\r\n\r\n" + body
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                         b"Connection: close\r\n\r\n%s" % (len(CANNED), CANNED))
            conn.close()
        except OSError as exc:
            box["error"] = exc

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    res = subprocess.run(argv_for_endpoint(endpoint), capture_output=True, text=True, timeout=60)
    t.join(30)
    listener.close()
    if "request" not in box:
        raise RuntimeError("capture failed: %r\n%s%s" % (box.get("error"), res.stdout, res.stderr))
    return box["request"]


def make_template(raw: bytes, name: str, endpoint: str, path: Path) -> None:
    """URL (with @NAME@) and the header lines of a captured request, for curl_floor."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("utf-8")
    lines = head.split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    if method != "POST" or ("InstanceName=%s&" % name) not in target + "&":
        raise RuntimeError("unexpected captured request line: %s" % lines[0])
    target = target.replace("InstanceName=%s" % name, "InstanceName=@NAME@", 1)
    skip = {"host", "content-length", "expect", "content-type"}
    headers = [l for l in lines[1:] if l.split(":", 1)[0].strip().lower() not in skip]
    path.write_text("http://%s%s\n%s\n" % (endpoint, target, "\n".join(headers)))


def request_shape(raw: bytes):
    head = raw.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace").split("\r\n")
    names = sorted(l.split(":", 1)[0].lower() for l in head[1:])
    return len(raw), names


# ------------------------------------------------------------------ runs

def proc_cpu_seconds(pid: int) -> float:
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_client(argv, emu: Emulator, timeout: float) -> dict:
    emu.admin("POST", "/_emulator/reset")
    before = proc_cpu_seconds(emu.process.pid)
    res = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    server = proc_cpu_seconds(emu.process.pid) - before
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
    info = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": sh(["nproc"]),
        "cpu": cpu,
        "memory": mem,
        "kernel": platform.release(),
        "os": sh(". /etc/os-release && echo \"$PRETTY_NAME\""),
        "swift": sh(["swift", "--version"]).splitlines()[0] if sh(["swift", "--version"]) else "?",
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

def fmt_ratio(x):
    return "%.2f" % x if x else "-"


def render(rows: dict, order: list, threads: list, sdk_threads: list, info: dict, command: str,
           shapes: dict, args) -> str:
    out = []
    out.append("Machine: %s, %s cores (nproc), %s; %s, kernel %s." % (info["cpu"], info["nproc"], info["memory"],
                                                                      info["os"], info["kernel"]))
    out.append("Versions: %s; libcurl %s; %s; %s; liboutboundbot %s (%s)." % (
        info["swift"], info["libcurl"], info["openssl"], info["cc"], info["liboutboundbot"], info["git"]))
    if info.get("sdk"):
        out.append("SDK: %s." % info["sdk"])
    out.append("Date: %s. Command: `%s`." % (info["date"], command))
    out.append("")
    out.append("Median of %d runs per row; each run up to %d calls (SDK: %d) or %g s, after %d warm-up calls per "
               "thread. Request on the wire: liboutboundbot %d bytes, raw libcurl %d bytes, same header names: %s."
               % (args.runs, args.calls, args.sdk_calls, args.seconds, args.warmup,
                  shapes["lib"][0], shapes["floor"][0], "yes" if shapes["lib"][1] == shapes["floor"][1] else "NO"))
    out.append("")
    out.append("| client | threads | calls/s | client CPU/call (µs) | user / sys (µs) | peak RSS (MiB) "
               "| emulator CPU/call (µs) | round trip p50 / p99 (µs) |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for key in order:
        r = rows[key]
        impl, t = key
        trip = "%.0f / %.0f" % (r["p50_us"], r["p99_us"]) if r["p50_us"] is not None else "–"
        out.append("| %s | %d | %.0f | %.1f | %.1f / %.1f | %.1f | %.1f | %s |" % (
            impl, t, r["rate"], r["cpu_us"], r["user_us"], r["sys_us"], r["rss_mib"], r["server_cpu_us"], trip))
    out.append("")
    out.append("| ratio | threads | throughput | client CPU per call |")
    out.append("|---|---:|---:|---:|")
    for t in threads:
        lib, raw = rows.get(("liboutboundbot", t)), rows.get(("raw libcurl", t))
        if lib and raw:
            out.append("| liboutboundbot / raw libcurl | %d | %s | %s |" % (
                t, fmt_ratio(lib["rate"] / raw["rate"]), fmt_ratio(lib["cpu_us"] / raw["cpu_us"])))
    for t in threads:
        gen, raw = rows.get((GENERIC, t)), rows.get(("raw libcurl", t))
        if gen and raw:
            out.append("| obb_call DescribeInstance / raw libcurl CreateInstance | %d | %s | %s |" % (
                t, fmt_ratio(gen["rate"] / raw["rate"]), fmt_ratio(gen["cpu_us"] / raw["cpu_us"])))
    for t in sdk_threads:
        lib, sdk = rows.get(("liboutboundbot", t)), rows.get(("python SDK", t))
        if lib and sdk:
            out.append("| liboutboundbot / python SDK | %d | %s | %s |" % (
                t, fmt_ratio(lib["rate"] / sdk["rate"]), fmt_ratio(lib["cpu_us"] / sdk["cpu_us"])))
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

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--obb-bench", required=True)
    ap.add_argument("--curl-floor", required=True)
    ap.add_argument("--sdk-python", help="python of a venv with alibabacloud-outboundbot20191226 "
                                         "(default: build/venv-sdk, created when missing)")
    ap.add_argument("--no-sdk", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", default="1,2,4")
    ap.add_argument("--sdk-threads", default="1")
    ap.add_argument("--generic-threads", default="1",
                    help="thread counts for the generic-call row (obb_call DescribeInstance)")
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--sdk-calls", type=int, default=3000)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--out", default=str(REPO / "build" / "bench"))
    ap.add_argument("--update-doc", help="replace the generated part of this Markdown file")
    ap.add_argument("--command", default=None, help="the command to quote in the report")
    args = ap.parse_args()
    threads = [int(t) for t in args.threads.split(",") if t]
    sdk_threads = [] if args.no_sdk else [int(t) for t in args.sdk_threads.split(",") if t]
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    sdk_python = ensure_sdk_venv(args.sdk_python) if sdk_threads else None
    info = machine_info(sdk_python)
    command = args.command or " ".join(shlex.quote(a) for a in sys.argv)
    limit = args.seconds + 120

    # The request liboutboundbot sends, and the floor's replay of it: same size, same headers.
    name = "capture-t0-00000000"
    lib_raw = capture_one(lambda ep: [args.obb_bench, "--endpoint", ep, "--calls", "1", "--warmup", "0",
                                      "--prefix", "capture"])
    template = out_dir / "request.template"

    rows_runs: dict = {}
    generic_threads = [int(t) for t in args.generic_threads.split(",") if t]
    order = ([("liboutboundbot", t) for t in threads] + [(GENERIC, t) for t in generic_threads]
             + [("raw libcurl", t) for t in threads] + [("python SDK", t) for t in sdk_threads])
    log = open(out_dir / "runs.jsonl", "w")
    with Emulator(args.emulator, "--skip-signature-check", "--admin", "--concurrency-quota", str(1 << 50),
                  log_path=str(out_dir / "emulator.log")) as emu:
        make_template(lib_raw, name, emu.endpoint, template)
        # The floor's request, captured the same way, for the size comparison.
        floor_template = out_dir / "request.capture-template"
        make_template(lib_raw, name, "{endpoint}", floor_template)
        floor_raw = capture_one(lambda ep: [args.curl_floor, "--template", str(_with_endpoint(floor_template, ep)),
                                            "--calls", "1", "--warmup", "0", "--prefix", "capture"])
        shapes = {"lib": request_shape(lib_raw), "floor": request_shape(floor_raw)}

        for rnd in range(1, args.runs + 1):
            for impl, t in order:
                prefix = "r%02d%s%d" % (rnd, {"liboutboundbot": "L", GENERIC: "G", "raw libcurl": "C",
                                              "python SDK": "P"}[impl], t)
                if impl in ("liboutboundbot", GENERIC):
                    argv = [args.obb_bench, "--endpoint", emu.endpoint, "--threads", str(t), "--calls",
                            str(args.calls), "--seconds", str(args.seconds), "--warmup", str(args.warmup),
                            "--prefix", prefix, "--action", "describe" if impl == GENERIC else "create"]
                elif impl == "raw libcurl":
                    argv = [args.curl_floor, "--template", str(template), "--threads", str(t), "--calls",
                            str(args.calls), "--seconds", str(args.seconds), "--warmup", str(args.warmup),
                            "--prefix", prefix]
                else:
                    argv = [sdk_python, str(REPO / "bench" / "sdk_bench.py"), "--endpoint", emu.endpoint,
                            "--threads", str(t), "--calls", str(args.sdk_calls), "--seconds", str(args.seconds),
                            "--warmup", str(min(args.warmup, 20)), "--prefix", prefix]
                run = run_client(argv, emu, limit)
                run["round"] = rnd
                log.write(json.dumps(run) + "\n")
                log.flush()
                rows_runs.setdefault((impl, t), []).append(run)
                m = metrics(run)
                print("round %d/%d  %-15s %d thread(s): %8.0f calls/s  %7.1f µs CPU/call  %6.1f MiB"
                      % (rnd, args.runs, impl, t, m["rate"], m["cpu_us"], m["rss_mib"]), file=sys.stderr)
    log.close()

    rows = {k: median_row(v) for k, v in rows_runs.items()}
    text = render(rows, order, threads, sdk_threads, info, command, shapes, args)
    (out_dir / "results.md").write_text(text)
    (out_dir / "results.json").write_text(json.dumps(
        {"machine": info, "rows": {"%s/%d" % k: v for k, v in rows.items()}}, indent=2) + "\n")
    print(text)
    if args.update_doc:
        update_doc(Path(args.update_doc), text)
        print("bench: results written to %s" % args.update_doc, file=sys.stderr)
    return 0


def _with_endpoint(template: Path, endpoint: str) -> Path:
    path = template.with_suffix(".%s" % endpoint.replace(":", "_"))
    path.write_text(template.read_text().replace("{endpoint}", endpoint))
    return path


if __name__ == "__main__":
    sys.exit(main())
