"""Call the OutboundBot service through an official Alibaba Cloud Python SDK.

Runs inside the SDK virtual environment (build/venv-sdk), never in the pytest process.
Reads one JSON object on stdin and prints one JSON object on stdout; with --serve, reads
one JSON object per line and answers each with one line, until EOF (the test harness keeps
one such process for a whole session, so the SDKs are imported once).

Input:
  {
    "mode": "tea-v3" | "tea-v1" | "core-v1",
        tea-v3:  alibabacloud-outboundbot20191226, default signature (ACS3-HMAC-SHA256)
        tea-v1:  the same with Config(signature_algorithm='v2') (HMAC-SHA1 RPC signature)
        core-v1: aliyun-python-sdk-core + aliyun-python-sdk-outboundbot (HMAC-SHA1)
    "scheme": "http" | "https",
    "endpoint": "127.0.0.1:PORT",
    "ca": "/path/ca.pem" or null     (HTTPS: the CA bundle handed to the SDK's own option)
    "access_key_id": "...", "access_key_secret": "...", "security_token": null or "...",
    "calls": [{"action": "CreateInstance", "params": {"InstanceName": "...", ...}}, ...],
        (any action the SDK has: CreateJobGroup, AssignJobs, QueryJobs, ListScripts, ...)
    "concurrent": false    (true: all calls at once, one client and thread per call,
                            released together by a barrier)
  }
Params use the API's names (InstanceName, CallingNumber as a list, JobsJson as a list of
JSON strings, All as a boolean, ...): tea takes them through Request.from_map, core
through the request's setters (set_CallingNumbers for a list, as that SDK names them).

Output:
  {"results": [{"ok": bool, "http_status": int|null, "body": {...}|null,
                "code": str|null, "message": str|null, "request_id": str|null,
                "error_class": str|null, "elapsed_ms": float}, ...],
   "sdk": {"name": ..., "version": ...}}
A result whose call raised carries the SDK's own view of the failure: its exception class,
the code and HTTP status it reports. Nothing here retries: each call is one attempt.
"""

import gc
import json
import re
import sys
import threading
import time
import traceback

# An action name as the API spells them; the SDKs map it to a request class and method.
ACTION_NAME = re.compile(r"^[A-Z][A-Za-z0-9]{1,80}$")


def _snake(name):
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i > 0:
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


# ---------------------------------------------------------------- alibabacloud (tea) SDK

def tea_client(cfg):
    from alibabacloud_outboundbot20191226.client import Client
    from alibabacloud_tea_openapi import utils_models as open_api_models

    kwargs = dict(
        access_key_id=cfg["access_key_id"],
        access_key_secret=cfg["access_key_secret"],
        endpoint=cfg["endpoint"],
        protocol=cfg.get("scheme", "http"),
        region_id="cn-shanghai",
        connect_timeout=5000,
        read_timeout=10000,
    )
    if cfg.get("security_token"):
        kwargs["security_token"] = cfg["security_token"]
    if cfg["mode"] == "tea-v1":
        kwargs["signature_algorithm"] = "v2"
    if cfg.get("ca"):
        kwargs["ca"] = cfg["ca"]
    return Client(open_api_models.Config(**kwargs))


def tea_call(client, action, params):
    from alibabacloud_outboundbot20191226 import models
    from darabonba.runtime import RuntimeOptions

    request = getattr(models, action + "Request")().from_map(params)
    method = getattr(client, _snake(action) + "_with_options")
    # autoretry off: one call, one attempt (the SDK's default is also no retry).
    response = method(request, RuntimeOptions(autoretry=False))
    body = response.body.to_map() if response.body is not None else None
    return {
        "ok": True,
        "http_status": response.status_code,
        "body": body,
        "code": body.get("Code") if body else None,
        "message": body.get("Message") if body else None,
        "request_id": body.get("RequestId") if body else None,
        "error_class": None,
    }


def tea_error(exc):
    return {
        "ok": False,
        "http_status": getattr(exc, "status_code", None),
        "body": getattr(exc, "data", None),
        "code": getattr(exc, "code", None),
        "message": getattr(exc, "message", None) or str(exc),
        "request_id": getattr(exc, "request_id", None),
        "error_class": type(exc).__name__,
        "retry_after": getattr(exc, "retry_after", None),
    }


# ------------------------------------------------------------------- aliyun-python-sdk-core

def core_client(cfg):
    from aliyunsdkcore.client import AcsClient

    kwargs = dict(region_id="cn-shanghai", auto_retry=False, timeout=10, connect_timeout=5)
    if cfg.get("ca"):
        kwargs["verify"] = cfg["ca"]
    if cfg.get("security_token"):
        from aliyunsdkcore.auth.credentials import StsTokenCredential

        kwargs["credential"] = StsTokenCredential(
            cfg["access_key_id"], cfg["access_key_secret"], cfg["security_token"])
        return AcsClient(**kwargs)
    return AcsClient(cfg["access_key_id"], cfg["access_key_secret"], **kwargs)


def core_call(client, cfg, action, params):
    import importlib

    module = importlib.import_module("aliyunsdkoutboundbot.request.v20191226.%sRequest" % action)
    request = getattr(module, action + "Request")()
    request.set_endpoint(cfg["endpoint"])
    from aliyunsdkcore.http import protocol_type

    # The SDK compares with `protocol is PT.HTTPS`: pass its own constant, not an equal string.
    request.set_protocol_type(protocol_type.HTTPS if cfg.get("scheme") == "https" else protocol_type.HTTP)
    for key, value in params.items():
        setter = getattr(request, "set_" + key, None)
        if isinstance(value, list):  # RepeatList setters are plural: set_CallingNumbers
            setter = getattr(request, "set_" + key + "s", None) or setter
        if setter is None:
            raise ValueError("%sRequest has no setter for %s" % (action, key))
        setter(value)
    raw = client.do_action_with_exception(request)
    body = json.loads(raw.decode("utf-8"))
    return {
        "ok": True,
        "http_status": 200,
        "body": body,
        "code": body.get("Code"),
        "message": body.get("Message"),
        "request_id": body.get("RequestId"),
        "error_class": None,
    }


def core_error(exc):
    from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException

    if isinstance(exc, ServerException):
        return {
            "ok": False,
            "http_status": exc.get_http_status(),
            "body": None,
            "code": exc.get_error_code(),
            "message": exc.get_error_msg(),
            "request_id": exc.get_request_id(),
            "error_class": "ServerException",
        }
    if isinstance(exc, ClientException):
        return {
            "ok": False,
            "http_status": None,
            "body": None,
            "code": exc.get_error_code(),
            "message": exc.get_error_msg(),
            "request_id": None,
            "error_class": "ClientException",
        }
    return None


# ---------------------------------------------------------------------------------- driver

def make_client(cfg):
    return core_client(cfg) if cfg["mode"] == "core-v1" else tea_client(cfg)


def one_call(client, cfg, call):
    action, params = call["action"], call.get("params", {})
    if not ACTION_NAME.match(action):
        raise ValueError("not an action name: %r" % action)
    started = time.monotonic()
    try:
        if cfg["mode"] == "core-v1":
            result = core_call(client, cfg, action, params)
        else:
            result = tea_call(client, action, params)
    except Exception as exc:  # the SDK's own exception is the result under test
        result = core_error(exc) if cfg["mode"] == "core-v1" else None
        if result is None:
            result = tea_error(exc)
        result["traceback"] = traceback.format_exc(limit=3)
    result["elapsed_ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def close_connections(clients):
    """Drop pooled keep-alive connections, as a process that exits would."""
    for client in clients:
        session = getattr(client, "session", None)  # AcsClient
        if session is not None:
            session.close()
    try:
        from darabonba.core import DaraCore
    except ImportError:
        return
    for session in list(DaraCore._sessions.values()):
        session.close()
    DaraCore._sessions.clear()
    # A connection whose answer ended in an SDK exception is not back in its pool: it lives
    # as long as the exception's traceback cycle. Collect it, which closes the socket.
    gc.collect()


def sdk_version(mode):
    from importlib.metadata import version

    name = "aliyun-python-sdk-outboundbot" if mode == "core-v1" else "alibabacloud-outboundbot20191226"
    return {"name": name, "version": version(name)}


def handle(cfg):
    if cfg["mode"] not in ("tea-v3", "tea-v1", "core-v1"):
        raise ValueError("unknown mode %r" % cfg["mode"])
    calls = cfg["calls"]
    results = [None] * len(calls)
    if cfg.get("concurrent"):
        clients = [make_client(cfg) for _ in calls]
        barrier = threading.Barrier(len(calls))

        def run(i):
            barrier.wait(timeout=30)
            results[i] = one_call(clients[i], cfg, calls[i])

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    else:
        clients = [make_client(cfg)]
        for i, call in enumerate(calls):
            results[i] = one_call(clients[0], cfg, call)
    close_connections(clients)
    return {"results": results, "sdk": sdk_version(cfg["mode"])}


def main():
    if "--serve" in sys.argv[1:]:
        # One request per line on stdin, one answer per line on stdout, until EOF:
        # the SDKs are imported once for a whole test session.
        import alibabacloud_outboundbot20191226.client  # noqa: F401  (warm the imports)
        import aliyunsdkcore.client  # noqa: F401
        sys.stdout.write(json.dumps({"ready": True}) + "\n")
        sys.stdout.flush()
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                out = handle(json.loads(line))
            except Exception:
                out = {"error": traceback.format_exc()}
            sys.stdout.write(json.dumps(out, ensure_ascii=True) + "\n")
            sys.stdout.flush()
        return
    out = handle(json.load(sys.stdin))
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
