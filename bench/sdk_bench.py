"""The official Python SDK (alibabacloud-outboundbot20191226, default V3 signing)
doing bench/obb_bench.c's calls: CreateInstance on one client, one keep-alive
session, N threads sharing it.

    <venv>/bin/python bench/sdk_bench.py --endpoint HOST:PORT [--threads N]
        [--calls N] [--seconds S] [--warmup N] [--prefix P]

Prints one JSON line with the same fields as obb_bench: CPU is this process's
(resource.getrusage RUSAGE_SELF, all threads), the emulator's is not in it.
"""

import argparse
import json
import resource
import sys
import threading
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--prefix", default="sdk")
    args = ap.parse_args()

    from alibabacloud_outboundbot20191226 import models
    from alibabacloud_outboundbot20191226.client import Client
    from alibabacloud_tea_openapi import utils_models as open_api_models
    from darabonba.runtime import RuntimeOptions

    client = Client(open_api_models.Config(
        access_key_id="LTAIEmulatorDevKey", access_key_secret="EmulatorDevSecret",
        endpoint=args.endpoint, protocol="http", region_id="cn-shanghai",
        connect_timeout=5000, read_timeout=10000))
    runtime = RuntimeOptions(autoretry=False)
    errors_seen = []

    def one(name):
        request = models.CreateInstanceRequest(
            instance_name=name, max_concurrent_conversation=4, calling_number=["95187"])
        try:
            response = client.create_instance_with_options(request, runtime)
            return response.status_code == 200
        except Exception as exc:  # the SDK's own error types; counted, a few printed
            if len(errors_seen) < 5:
                errors_seen.append(repr(exc)[:300])
                print("%s: %r" % (name, exc), file=sys.stderr)
            return False

    counts = [[0, 0] for _ in range(args.threads)]
    barrier = threading.Barrier(args.threads + 1)
    deadline = [float("inf")]

    def worker(index, calls):
        for i in range(args.warmup):
            one("%s-w%d-%08d" % (args.prefix, index, i))
        barrier.wait()
        barrier.wait()
        for i in range(calls):
            if time.monotonic() > deadline[0]:
                break
            if one("%s-t%d-%08d" % (args.prefix, index, i)):
                counts[index][0] += 1
            else:
                counts[index][1] += 1

    threads = []
    for t in range(args.threads):
        share = args.calls // args.threads + (1 if t < args.calls % args.threads else 0)
        threads.append(threading.Thread(target=worker, args=(t, share)))
        threads[-1].start()
    barrier.wait()
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()
    deadline[0] = started + args.seconds
    barrier.wait()
    for th in threads:
        th.join()
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    ok = sum(c[0] for c in counts)
    # Peak RSS of this process image (VmHWM): ru_maxrss would keep the parent's from before exec.
    with open("/proc/self/status") as f:
        peak = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    errors = sum(c[1] for c in counts)
    print(json.dumps({
        "impl": "python-sdk", "threads": args.threads, "calls": ok, "errors": errors,
        "wall_s": wall, "user_s": after.ru_utime - before.ru_utime,
        "sys_s": after.ru_stime - before.ru_stime, "peak_rss_kib": peak,
    }))
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
