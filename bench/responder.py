"""The benchmark's responder: Debian's nginx serving fixed OutboundBot answers.

Standard library only. Used as a module by bench/run_bench.py:

    with Nginx(out_dir / "nginx") as responder:
        responder.endpoint          # "127.0.0.1:PORT"
        responder.cpu_seconds()     # user+sys of the master and its workers so far

and as a command, to look at it by hand:

    python3 bench/responder.py [--nginx /usr/sbin/nginx] [--dir build/bench/nginx] [--check]

Writes DIR/nginx.conf from bench/nginx/nginx.conf.in (pid, logs and temp paths all
under DIR; listens on 127.0.0.1 and a free port, nothing else), starts nginx in the
foreground as a child of this process and stops it on exit (SIGTERM, then SIGKILL of
its process group after 10 s), also on an exception, SIGINT or SIGTERM. Every request
gets HTTP 200, Content-Type application/json and, on keep-alive, the body of
bench/nginx/describe-instance.json when the action (V3: header x-acs-action; V1:
query parameter Action) is DescribeInstance, else bench/nginx/create-instance.json.
"""

from __future__ import annotations

import argparse
import ctypes
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "nginx" / "nginx.conf.in"
BODIES = {"CreateInstance": HERE / "nginx" / "create-instance.json",
          "DescribeInstance": HERE / "nginx" / "describe-instance.json"}
LOOPBACK = "127.0.0.1"


def find_nginx(requested: str | None = None) -> str:
    for candidate in ([requested] if requested else []) + [shutil.which("nginx"), "/usr/sbin/nginx"]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("no nginx: run `bash scripts/install-deps.sh` (Debian package nginx)")


def body(action: str) -> bytes:
    """The fixed answer nginx sends for this action: the file's bytes, without the final newline."""
    return BODIES[action].read_bytes().rstrip(b"\n")


def nginx_string(data: bytes) -> str:
    """data as one single-quoted nginx string. Map values may hold variables, so no '$'."""
    text = data.decode("utf-8")
    for bad in ("$", "'", "\\", "\n", "\r"):
        if bad in text:
            raise ValueError("an answer body for nginx may not contain %r" % bad)
    return "'%s'" % text


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def _die_with_parent():
    """In the child, before exec: SIGTERM when the bench dies, however it dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Nginx:
    def __init__(self, directory, nginx: str | None = None, workers: int = 1, start_timeout: float = 20.0):
        self.binary = find_nginx(nginx)
        self.dir = Path(directory).resolve()
        self.workers = workers
        self.process = None
        self.endpoint = None
        self.version = subprocess.run([self.binary, "-v"], capture_output=True, text=True).stderr.strip()
        for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        self.conf = self.dir / "nginx.conf"
        self.log = self.dir / "error.log"
        self._previous_sigterm = None
        try:
            self._start(start_timeout)
        except BaseException:
            self.stop()
            raise

    def _config(self, port: int) -> str:
        fields = {
            "PREFIX": str(self.dir),
            "LISTEN": "%s:%d" % (LOOPBACK, port),
            "WORKERS": str(self.workers),
            "CREATE_BODY": nginx_string(body("CreateInstance")),
            "DESCRIBE_BODY": nginx_string(body("DescribeInstance")),
            "CREATE_ID": nginx_string(json.loads(body("CreateInstance"))["RequestId"].encode()),
            "DESCRIBE_ID": nginx_string(json.loads(body("DescribeInstance"))["RequestId"].encode()),
        }
        text = TEMPLATE.read_text()
        for key, value in fields.items():
            text = text.replace("@%s@" % key, value)
        left = re.search(r"@[A-Z_]+@", text)
        if left:
            raise RuntimeError("%s: no value for %s" % (TEMPLATE, left.group(0)))
        return text

    def _start(self, timeout: float) -> None:
        # SIGTERM to the bench becomes an exception, so that `with` stops nginx.
        if hasattr(signal, "SIGTERM"):
            try:
                self._previous_sigterm = signal.signal(signal.SIGTERM, _raise_on_sigterm)
            except ValueError:  # not the main thread
                self._previous_sigterm = None
        for attempt in range(5):  # the free port may be taken between the probe and nginx's bind
            port = free_port()
            self.conf.write_text(self._config(port))
            self.log.write_bytes(b"")
            # -p: relative paths and the prefix under DIR; -e: start-up errors to DIR/error.log.
            self.process = subprocess.Popen(
                [self.binary, "-p", str(self.dir) + "/", "-c", str(self.conf), "-e", str(self.log)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(self.log, "ab"),
                start_new_session=True, preexec_fn=_die_with_parent)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    with socket.create_connection((LOOPBACK, port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.05)
            if self.process.poll() is None:
                self.endpoint = "%s:%d" % (LOOPBACK, port)
                self.check()
                return
            log = self.log.read_text(errors="replace")
            self.process = None
            if "Address already in use" not in log:
                break
        raise RuntimeError("nginx did not start (%s):\n%s" % (self.conf, self.log.read_text(errors="replace")[-3000:]))

    def _pids(self) -> list:
        """The master and its workers."""
        if self.process is None:
            return []
        pids = [self.process.pid]
        try:
            children = Path("/proc/%d/task/%d/children" % (pids[0], pids[0])).read_text().split()
            pids += [int(p) for p in children]
        except OSError:
            pass
        return pids

    def cpu_seconds(self) -> float:
        """CPU time of nginx (master and workers) since it started: /proc/PID/schedstat's
        nanoseconds, or /proc/PID/stat's user+system clock ticks where there is no schedstat."""
        total = 0.0
        for pid in self._pids():
            try:
                with open("/proc/%d/schedstat" % pid) as f:
                    total += int(f.read().split()[0]) / 1e9
                continue
            except (OSError, IndexError, ValueError):
                pass
            try:
                with open("/proc/%d/stat" % pid) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, IndexError, ValueError):
                pass
        return total

    def post(self, path: str, headers: dict) -> tuple:
        host, port = self.endpoint.rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            conn.request("POST", path, body=b"", headers=headers)
            response = conn.getresponse()
            return response.status, response.getheader("Content-Type"), response.getheader("Connection"), \
                response.read()
        finally:
            conn.close()

    def check(self) -> None:
        """Each action's answer, routed by the V3 header and by the V1 query parameter."""
        for action in BODIES:
            for path, headers in (("/?Foo=1", {"x-acs-action": action}),
                                  ("/?AccessKeyId=k&Action=%s&Format=JSON" % action, {})):
                status, ctype, _, data = self.post(path, headers)
                if status != 200 or ctype != "application/json" or data != body(action):
                    raise RuntimeError("nginx answered %s %s (%s) with HTTP %d, %s, %d bytes: not %s"
                                       % (path, headers, action, status, ctype, len(data), BODIES[action]))

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)  # fast shutdown: master and workers
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(10)
        if self._previous_sigterm is not None:
            signal.signal(signal.SIGTERM, self._previous_sigterm)
            self._previous_sigterm = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _raise_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nginx", help="the nginx binary (default: nginx on PATH, /usr/sbin/nginx)")
    ap.add_argument("--dir", default=str(HERE.parent / "build" / "bench" / "nginx"))
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--check", action="store_true", help="start, check the answers, stop")
    args = ap.parse_args()
    with Nginx(args.dir, args.nginx, args.workers) as responder:
        print("%s on http://%s (config %s); answers checked" % (responder.version, responder.endpoint,
                                                              responder.conf), flush=True)
        if args.check:
            return 0
        print("Ctrl-C stops it", flush=True)
        try:
            while responder.process.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
