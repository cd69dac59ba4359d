"""`make bench-profile`: where liboutboundbot's client CPU goes, in instructions per call.

    python3 bench/profile.py --emulator PATH --obb-bench PATH --library UNSTRIPPED.so [--calls 2000]

Runs bench/obb_bench.c (one thread) under `valgrind --tool=callgrind` against an
emulator (--skip-signature-check), with the unstripped release library (the one
`make dist` strips) put first on LD_LIBRARY_PATH so that functions have names.
Instruction counts, unlike seconds, repeat from run to run and do not depend on
what else the machine is doing. Prints the inclusive cost per call of the stages
of one obb_create_instance and, with --curl-floor, the floor's whole cost per call.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Emulator  # noqa: E402
from run_bench import capture_one, make_template  # noqa: E402

STAGES = [
    ("obb_create_instance (everything)", r"CreateInstanceExports\.swift:obb_create_instance \["),
    ("  OutboundBotClient.call", r"OutboundBotClient\.swift:\$s11OutboundBot0aB6ClientC4callys6Result"),
    ("    V3 signing (SignatureV3.sign)", r"SignatureV3\.swift:\$s17OutboundBotSigner11SignatureV3O4sign_"),
    ("    transport (CurlTransport.send)", r"CurlTransport\.swift:\$s11OutboundBot13CurlTransportC4send"),
    ("      of which curl_easy_perform", r"\?\?\?:curl_easy_perform \["),
    ("    response decoding (ResponseDecoder.decode)", r"ServiceAnswer\.swift:\$s11OutboundBot15ResponseDecoderO6decode"),
    ("      of which JSON parsing (JSONParser.parse)", r":\$s15OutboundBotJSON10JSONParserV5parse"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--obb-bench", required=True)
    ap.add_argument("--library", required=True, help="the unstripped release liboutboundbot.so")
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--curl-floor", help="also count bench/curl_floor.c's instructions per call")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        os.symlink(os.path.abspath(args.library), os.path.join(tmp, "liboutboundbot.so.0"))
        out = os.path.join(tmp, "callgrind.out")
        env = dict(os.environ, LD_LIBRARY_PATH=tmp)
        floor_total = None
        with Emulator(args.emulator, "--skip-signature-check", "--concurrency-quota", str(1 << 50)) as emu:
            res = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, args.obb_bench,
                                  "--endpoint", emu.endpoint, "--calls", str(args.calls), "--warmup", "0",
                                  "--seconds", "600", "--prefix", "profile"],
                                 env=env, capture_output=True, text=True, timeout=900)
            if res.returncode != 0:
                print(res.stdout, res.stderr[-3000:])
                return 1
            if args.curl_floor:
                raw = capture_one(lambda ep: [args.obb_bench, "--endpoint", ep, "--calls", "1", "--warmup", "0",
                                              "--prefix", "capture"])
                template = Path(tmp) / "request.template"
                make_template(raw, "capture-t0-00000000", emu.endpoint, template)
                floor_out = os.path.join(tmp, "callgrind.floor.out")
                res = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + floor_out,
                                      args.curl_floor, "--template", str(template), "--calls", str(args.calls),
                                      "--warmup", "0", "--seconds", "600", "--prefix", "profil2"],
                                     capture_output=True, text=True, timeout=900)
                if res.returncode != 0:
                    print(res.stdout, res.stderr[-3000:])
                    return 1
                floor_annotated = subprocess.run(["callgrind_annotate", "--threshold=100", floor_out],
                                                 capture_output=True, text=True, timeout=300).stdout
                m = re.search(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+PROGRAM TOTALS", floor_annotated, re.M)
                floor_total = int(m.group(1).replace(",", "")) if m else None
        annotated = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                                   capture_output=True, text=True, timeout=300).stdout
    total = None
    costs = {}
    for line in annotated.splitlines():
        m = re.match(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$", line)
        if not m:
            continue
        value = int(m.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in m.group(2):
            total = value
        for label, pattern in STAGES:
            if label not in costs and re.search(pattern, m.group(2)):
                costs[label] = value
    calls = args.calls
    print("callgrind, %d calls on one thread, instructions per call (inclusive):" % calls)
    whole = costs.get(STAGES[0][0])
    for label, _ in STAGES:
        if label in costs:
            share = " (%4.1f%%)" % (100.0 * costs[label] / whole) if whole else ""
            print("  %-48s %10.0f%s" % (label, costs[label] / calls, share))
        else:
            print("  %-48s %10s" % (label, "?"))
    if total:
        print("  %-48s %10.0f" % ("whole process, start-up included", total / calls))
    if floor_total:
        print("raw libcurl (bench/curl_floor.c), same calls:")
        print("  %-48s %10.0f" % ("whole process, start-up included", floor_total / calls))
    return 0


if __name__ == "__main__":
    sys.exit(main())
