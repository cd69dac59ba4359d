-- wrk script: CreateInstance calls with unique names against an emulator started
-- with --skip-signature-check (wrk cannot sign; the gateway's HMAC is skipped,
-- everything else — parsing, routing, the instance store, JSON — runs as usual).
local counter = 0
local threads = 0
local run = "0"

-- wrk ... -- RUN: a label that keeps names unique across runs on one emulator.
function init(args)
  run = args[1] or "0"
end

-- Runs in wrk's main state: number the threads so names never collide.
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function request()
  counter = counter + 1
  local path = string.format(
    "/?InstanceName=bench-%s-%d-%d&MaxConcurrentConversation=1&CallingNumber.1=95187", run, tid, counter)
  local headers = {
    ["x-acs-action"] = "CreateInstance",
    ["x-acs-version"] = "2019-12-26",
    ["x-acs-date"] = "2026-01-01T00:00:00Z",
    ["x-acs-signature-nonce"] = string.format("%s-%d-%d", run, tid, counter),
    ["x-acs-content-sha256"] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ["Authorization"] = "ACS3-HMAC-SHA256 Credential=LTAIEmulatorDevKey,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=00",
  }
  return wrk.format("POST", path, headers, "")
end

function done(summary, latency, requests)
  io.write(string.format("non-200 answers: %d\n", summary.errors.status))
end
