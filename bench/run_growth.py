"""The memory-growth check: does liboutboundbot's RSS stay flat?

    python3 bench/run_growth.py --emulator PATH --obb-bench PATH [--calls 100000] [--clients 10000]

Starts an emulator, runs `obb_bench --growth` (one client: RSS after 1,000 and
after --calls CreateInstance calls; then --clients clients each created, used
once and freed: RSS after the first 1,000 and after all), prints the figures and
the growth, and fails when either growth exceeds --bound-mib (default 4 MiB).

The bound is leak detection, not timing: a leak of 43 bytes per call, or of
466 bytes per client, crosses it; the figures seen on a 2-core machine grew by
a few KiB. The emulator runs in its own process; only the client's RSS counts.
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Emulator  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--obb-bench", required=True)
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=10_000)
    ap.add_argument("--bound-mib", type=float, default=4.0)
    ap.add_argument("--seconds", type=float, default=900, help="time limit of the whole run")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--command", default="make memcheck-growth", help="the command to quote in --update-doc")
    ap.add_argument("--update-doc", help="write the figures between the growth markers of this Markdown file")
    args = ap.parse_args()

    prefix = "growth-%d" % time.time_ns()
    with Emulator(args.emulator, "--concurrency-quota", str(1 << 50)) as emu:
        res = subprocess.run([args.obb_bench, "--growth", "--endpoint", emu.endpoint, "--calls", str(args.calls),
                              "--clients", str(args.clients), "--seconds", str(args.seconds), "--prefix", prefix],
                             capture_output=True, text=True, timeout=args.seconds + 60)
    if res.returncode != 0 or not res.stdout.strip():
        print("obb_bench --growth failed (exit %d):\n%s\n%s" % (res.returncode, res.stdout, res.stderr[-4000:]))
        return 1
    fig = json.loads(res.stdout.strip().splitlines()[-1])
    if args.json:
        Path(args.json).write_text(json.dumps(fig, indent=2) + "\n")
    calls_growth = fig["rss_after_calls_kib"] - fig["rss_after_1000_calls_kib"]
    clients_growth = fig["rss_after_clients_kib"] - fig["rss_after_1000_clients_kib"]
    lines = [
        "memory growth of one process using liboutboundbot (RSS from /proc/self/statm):",
        "  at start (one client, no call yet)        %8d KiB" % fig["rss_start_kib"],
        "  after 1,000 calls on one client           %8d KiB" % fig["rss_after_1000_calls_kib"],
        "  after %7s calls on one client         %8d KiB   growth %+d KiB"
        % ("{:,}".format(fig["calls"]), fig["rss_after_calls_kib"], calls_growth),
        "  after 1,000 clients created, used, freed  %8d KiB" % fig["rss_after_1000_clients_kib"],
        "  after %6s clients created, used, freed %8d KiB   growth %+d KiB"
        % ("{:,}".format(fig["clients"]), fig["rss_after_clients_kib"], clients_growth),
        "  (%d calls failed; %.0f s)" % (fig["errors"], fig["seconds"]),
    ]
    print("\n".join(lines))
    if args.update_doc:
        doc = Path(args.update_doc)
        text = doc.read_text()
        begin, end = "<!-- growth:begin -->", "<!-- growth:end -->"
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            tail = rest.split(end, 1)[1]
            stamp = time.strftime("%Y-%m-%d", time.gmtime())
            doc.write_text(head + begin + "\n```\n" + "\n".join(lines) + "\n```\n(%s, `%s`)\n" % (stamp, args.command) + end + tail)
    bound = args.bound_mib * 1024
    failed = []
    if fig["errors"]:
        failed.append("%d calls failed" % fig["errors"])
    if fig["calls"] != args.calls or fig["clients"] != args.clients:
        failed.append("the run stopped early (time limit): %d calls, %d clients" % (fig["calls"], fig["clients"]))
    if calls_growth > bound:
        failed.append("RSS grew by %d KiB over the calls (bound %d KiB): a leak per call?" % (calls_growth, bound))
    if clients_growth > bound:
        failed.append("RSS grew by %d KiB over the clients (bound %d KiB): a leak per client?"
                      % (clients_growth, bound))
    for f in failed:
        print("FAIL " + f)
    print("memcheck-growth: flat" if not failed else "memcheck-growth: NOT flat")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
