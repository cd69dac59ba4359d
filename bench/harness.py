"""Start and stop one outboundbot-emulator for bench/ and mk/quality.mk.

Standard library only. Used as a module (Emulator) and as a command:

    python3 bench/harness.py --emulator PATH [--emulator-arg ARG ...] -- COMMAND ...

runs COMMAND with OBB_ENDPOINT, OBB_PROTOCOL=http and the emulator's development
key in ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET, then stops the emulator (SIGTERM,
then SIGKILL after 10 s) and exits with COMMAND's status. COMMAND may use
{endpoint} in its arguments. The emulator listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request

DEV_KEY_ID = "LTAIEmulatorDevKey"
DEV_KEY_SECRET = "EmulatorDevSecret"
_LISTEN = re.compile(r"listening on (https?)://([^\s/]+):(\d+)")


class Emulator:
    def __init__(self, binary: str, *args: str, log_path: str | None = None, start_timeout: float = 30.0):
        argv = [binary, "--host", "127.0.0.1", "--port", "0", *args]
        self._log = open(log_path or os.devnull, "wb")
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=self._log)
        box = {}
        reader = threading.Thread(target=lambda: box.setdefault("line", self.process.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(start_timeout)
        line = (box.get("line") or b"").decode("utf-8", "replace")
        m = _LISTEN.search(line)
        if not m:
            self.stop()
            raise RuntimeError("the emulator did not announce its address within %.0f s: %r (see %s)"
                               % (start_timeout, line, log_path))
        self.endpoint = "%s:%s" % (m.group(2), m.group(3))
        # Keep reading stdout so the emulator never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in self.process.stdout], daemon=True).start()

    def admin(self, method: str, path: str, body=None, timeout: float = 30.0):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request("http://%s%s" % (self.endpoint, path), data=data, method=method,
                                         headers={"Content-Type": "application/json"} if data else {})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=timeout) as response:
            raw = response.read()
        return json.loads(raw) if raw.strip() else None

    def rss_kib(self) -> int:
        with open("/proc/%d/status" % self.process.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._log.close()
        return self.process.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def client_env(endpoint: str, base=None) -> dict:
    env = dict(os.environ if base is None else base)
    for key in [k for k in env if k.startswith(("ALIBABA_CLOUD_", "OBB_"))]:
        del env[key]
    env.update({"OBB_ENDPOINT": endpoint, "OBB_PROTOCOL": "http",
                "ALIBABA_CLOUD_ACCESS_KEY_ID": DEV_KEY_ID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": DEV_KEY_SECRET,
                "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    return env


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--emulator-arg", action="append", default=[])
    ap.add_argument("--log", default=None, help="the emulator's stderr goes here")
    ap.add_argument("--timeout", type=float, default=1800, help="COMMAND's time limit, seconds")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("no COMMAND")
    with Emulator(args.emulator, *args.emulator_arg, log_path=args.log) as emu:
        argv = [a.replace("{endpoint}", emu.endpoint) for a in command]
        try:
            return subprocess.run(argv, env=client_env(emu.endpoint), timeout=args.timeout).returncode
        except subprocess.TimeoutExpired:
            print("harness: %s did not finish within %.0f s" % (argv[0], args.timeout), file=sys.stderr)
            return 124


if __name__ == "__main__":
    sys.exit(main())
