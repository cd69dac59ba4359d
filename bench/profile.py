"""`make bench-profile`: where liboutboundbot's client CPU goes, in instructions per call.

    python3 bench/profile.py --emulator PATH --obb-bench PATH --curl-floor PATH \
        --library LABEL=UNSTRIPPED.so [--library LABEL=OTHER.so ...] [--calls 1000] [--signature v3]

Runs bench/obb_bench.c (one thread unless --threads, obb_create_instance) under
`valgrind --tool=callgrind` against an emulator (--skip-signature-check), once
per library given (the unstripped release library that `make dist` strips, so
that functions have names), and prints a Markdown table: the inclusive
instructions per call of each stage of a call, one column per library. Then
it counts bench/curl_floor.c replaying the same request: the whole process
of a raw libcurl client, per call.

Instruction counts, unlike seconds, repeat from run to run and do not depend
on what else the machine is doing. They overstate hashing (valgrind runs
OpenSSL's SHA-256 without the CPU's SHA extensions), so a stage that hashes
costs less in time than its share here.

Stages (a function inlined into its caller has no count of its own: "inlined"):
  validate    the C request read and checked, CreateInstance's own checks,
              the catalogue check
  encode      the parameters flattened to name/value text
  sign        one attempt's signed request: credentials, timestamp, nonce,
              canonical request, SHA-256, HMAC, URL
  curl        the exchange: the easy handle's preparation, curl_easy_perform
              and the response callbacks (of which curl_easy_perform alone)
  decode      the answer judged and parsed: envelope, instance
  C result    obb_create_instance_result filled, and freed by the host
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

# Each stage: mangled-name fragments whose inclusive counts add up to it.
STAGES = [
    ("whole call (obb_create_instance)", [r":obb_create_instance \["]),
    ("validate", [r"OutboundBotCABI21createInstanceRequest", r"CreateInstanceRequestV8validate",
                  r"RequestValidatorO8validate"]),
    ("encode", [r"ParameterFlattenerO7flatten"]),
    ("sign", [r"CallEnvironment[VC]13signedRequest"]),  # a struct (V) before df15ee1, a class (C) since
    ("curl", [r"CurlTransportC4send"]),
    ("  of which curl_easy_perform", [r"\?\?\?:curl_easy_perform \["]),
    ("decode", [r"ResponseDecoderO6decode"]),
    ("  of which JSON reading (index, parse)", [r"OutboundBotJSON10JSONParserV5index", r"OutboundBotJSON10JSONParserV5parse"]),
    ("C result", [r"ResultBuilderO4fill_4with", r"ResultBuilderO7release"]),
]
LINE = re.compile(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$")


def callgrind(argv, env=None) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        res = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, *argv],
                             env=env, capture_output=True, text=True, timeout=1800)
        if res.returncode != 0:
            raise RuntimeError("%s failed:\n%s%s" % (argv[0], res.stdout[-2000:], res.stderr[-3000:]))
        return subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                              capture_output=True, text=True, timeout=600).stdout


def stage_costs(annotated: str) -> dict:
    """The largest inclusive count per name fragment (a function may be listed under
    several file names when parts of it were inlined), summed per stage."""
    best = {}
    for line in annotated.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        value = int(m.group(1).replace(",", ""))
        for _, fragments in STAGES:
            for fragment in fragments:
                if re.search(fragment, m.group(2)):
                    best[fragment] = max(best.get(fragment, 0), value)
    costs = {}
    for label, fragments in STAGES:
        found = [best[f] for f in fragments if f in best]
        costs[label] = sum(found) if found else None
    return costs


def program_total(annotated: str):
    m = re.search(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+PROGRAM TOTALS", annotated, re.M)
    return int(m.group(1).replace(",", "")) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--obb-bench", required=True)
    ap.add_argument("--curl-floor", required=True)
    ap.add_argument("--library", action="append", required=True,
                    help="LABEL=PATH of an unstripped release liboutboundbot.so; repeat to compare")
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--signature", choices=["v3", "v1"], default="v3")
    ap.add_argument("--threads", type=int, default=1,
                    help="obb_bench threads sharing one client (the calls are split between them)")
    args = ap.parse_args()
    libraries = [spec.split("=", 1) for spec in args.library]

    columns = []
    with Emulator(args.emulator, "--skip-signature-check", "--concurrency-quota", str(1 << 50)) as emu:
        for label, path in libraries:
            with tempfile.TemporaryDirectory() as libdir:
                os.symlink(os.path.abspath(path), os.path.join(libdir, "liboutboundbot.so.0"))
                env = dict(os.environ, LD_LIBRARY_PATH=libdir)
                annotated = callgrind([args.obb_bench, "--endpoint", emu.endpoint, "--calls", str(args.calls),
                                       "--warmup", "0", "--seconds", "1200", "--signature", args.signature,
                                       "--threads", str(args.threads), "--prefix", "profile-%d" % len(columns)],
                                      env=env)
                columns.append((label, stage_costs(annotated), program_total(annotated)))
        raw = capture_one(lambda ep: [args.obb_bench, "--endpoint", ep, "--calls", "1", "--warmup", "0",
                                      "--signature", args.signature, "--prefix", "capture"])
        with tempfile.TemporaryDirectory() as tmp:
            template = Path(tmp) / "request.template"
            make_template(raw, "capture-t0-00000000", emu.endpoint, template)
            floor = program_total(callgrind([args.curl_floor, "--template", str(template), "--calls",
                                             str(args.calls), "--warmup", "0", "--seconds", "1200",
                                             "--prefix", "profil2"]))

    calls = args.calls
    print("callgrind, %d CreateInstance calls (%s) on %s, instructions per call (inclusive):\n"
          % (calls, args.signature.upper(), "one thread" if args.threads == 1 else "%d threads" % args.threads))
    print("| stage | " + " | ".join(label for label, _, _ in columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for label, _ in STAGES:
        cells = []
        for _, costs, _ in columns:
            value = costs.get(label)
            cells.append("inlined" if value is None else "{:,}".format(round(value / calls)))
        print("| %s | %s |" % (label, " | ".join(cells)))
    print("| whole process, start-up included | %s |"
          % " | ".join("{:,}".format(round(total / calls)) if total else "?" for _, _, total in columns))
    if floor:
        print("\nraw libcurl (bench/curl_floor.c replaying the same request), whole process, start-up "
              "included: {:,} per call".format(round(floor / calls)))
        for label, _, total in columns:
            if total:
                print("  %s / raw libcurl: %.2f" % (label, total / floor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
