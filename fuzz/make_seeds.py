"""Writes the seed corpora in fuzz/corpus/ (committed; rerun to regenerate).

    python3 fuzz/make_seeds.py

decode_response inputs: 2 bytes of HTTP status, header lines, a NUL, the body.
The bodies are the shapes the service, the emulator and gateways send (see
Tests/OutboundBotTests/ResponseDecoderTests.swift for the same shapes as tests).
c_entry_points inputs: the field stream fuzz/c_entry_points.c reads.
"""

import hashlib
import json
import struct
from pathlib import Path

HERE = Path(__file__).resolve().parent
INSTANCE = {"InstanceId": "c27884e0-ed2d-4fcb-861f-c25b3f7d412c", "InstanceName": "第一个实例",
            "InstanceDescription": "", "CreationTime": 1795561091320, "CreatorId": 1234567890123456,
            "CreatorName": "emulator-user", "OwnerName": "emulator-account",
            "ResourceGroupId": "rg-emulator-default", "MaxConcurrentConversation": 4,
            "NluServiceType": "Managed", "CallingNumbers": ["95187"], "IsPreset": False}


def response(status, body, content_type="application/json;charset=utf-8", extra=()):
    lines = ["HTTP/1.1 %d X\r\n" % status, "content-type: %s\r\n" % content_type,
             "x-acs-request-id: 5E4F-HEADER-ID\r\n", *extra, "\r\n"]
    if isinstance(body, (dict, list)):
        body = json.dumps(body, ensure_ascii=False)
    return struct.pack(">H", status) + "".join(lines).encode() + b"\0" + body.encode()


DECODE = {
    "ok": response(200, {"RequestId": "R1", "Code": "OK", "Message": "Success", "HttpStatusCode": 200,
                         "Success": True, "Instance": INSTANCE}),
    "ok-lowercase-seed": response(200, {"requestId": "r2", "success": True, "code": "OK",
                                        "instance": {"instanceId": "i-1", "creationTime": "1795561091320",
                                                     "maxConcurrentConversation": "4"}}),
    "duplicated": response(400, {"RequestId": "R3", "Code": "InvalidInstanceName.Duplicated",
                                 "Message": "The instance name already exists.", "HttpStatusCode": 400,
                                 "Success": False}),
    "http200-success-false": response(200, {"RequestId": "R4", "Code": "Forbidden", "Success": False,
                                            "Message": "no"}),
    "internal-error": response(500, {"RequestId": "R5", "Code": "InternalError", "Message": "x"}),
    "throttling": response(400, {"RequestId": "R6", "Code": "Throttling.User", "Message": "slow down"},
                           extra=("x-acs-retry-after: 3\r\n",)),
    "xml-error": response(403, "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>R7</RequestId>"
                               "<Code>SignatureDoesNotMatch</Code><Message>bad</Message></Error>",
                          "text/xml"),
    "bad-gateway-html": response(502, "<html><head><title>502 Bad Gateway</title></head><body>"
                                      "<center><h1>502 Bad Gateway</h1></center></body></html>", "text/html"),
    "empty-204": response(204, "", "text/plain"),
    "not-json-200": response(200, "OK", "text/plain"),
    "numbers-and-nesting": response(200, {"RequestId": 12345, "Code": 200, "Success": "true",
                                          "Instance": {"CreationTime": 1.7955e12, "CreatorId": -1,
                                                       "MaxConcurrentConversation": 2147483648,
                                                       "X": [[[{"a": None}]]]}}),
    "100-continue": struct.pack(">H", 200) + b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
                    b"Content-Type: application/json\r\n\r\n\0" + json.dumps({"RequestId": "R8"}).encode(),
}


def c_string(value):
    if value is None:
        return b"\0"
    data = value.encode() if isinstance(value, str) else value
    assert len(data) < 254
    return bytes([len(data) + 1]) + data


def entry_input(flags=0, config_size=80, region=None, endpoint="127.0.0.1:8080", protocol=1, signature=0,
                key_id="LTAIFuzz", secret="secret", token=None, connect=0, read=0, ca=None, ua=None,
                request_size=64, name="fuzz-instance", description=None, mcc=4, nlu=None, rg=None,
                numbers=("95187",), count_mode=0, count=None):
    out = bytes([flags, 80])
    out += struct.pack(">I", config_size)
    out += c_string(region) + c_string(endpoint) + struct.pack(">ii", protocol, signature)
    out += c_string(key_id) + c_string(secret) + c_string(token) + struct.pack(">II", connect, read)
    out += c_string(ca) + c_string(ua)
    out += struct.pack(">I", request_size) + c_string(name) + c_string(description)
    out += struct.pack(">q", mcc) + c_string(nlu) + c_string(rg)
    out += bytes([len(numbers)]) + b"".join(c_string(n) for n in numbers) + bytes([count_mode])
    if count_mode & 2:
        out += struct.pack(">Q", count)
    return out + struct.pack(">I", 6)


ENTRY = {
    "valid": entry_input(),
    "valid-v1-sts": entry_input(signature=1, token="sts-token", region="cn-hangzhou", endpoint=None,
                               ua="host/1.0", ca="/nonexistent/ca.pem", description="desc",
                               nlu="Provided", rg="rg-1", numbers=("95187", "0571", "+8613800000000")),
    "invalid-utf8": entry_input(name=b"\xff\xfe bad", endpoint=b"\xc3\x28", numbers=(b"\xed\xa0\x80",)),
    "crlf": entry_input(name="a\r\nX-Injected: 1", ua="x\ny", rg="rg\r"),
    "small-struct-sizes": entry_input(config_size=4, request_size=8),
    "huge-count": entry_input(count_mode=2, count=2 ** 64 - 1),
    "null-numbers": entry_input(count_mode=3, count=5),
    "out-of-range": entry_input(mcc=2 ** 31, protocol=7, signature=-1, name=""),
    "null-everything": bytes([0x7e]) + b"\0" * 64,
    "ipv6-endpoint": entry_input(endpoint="[::1]:1", connect=1, read=1),
}


def write(target, seeds):
    directory = HERE / "corpus" / target
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (directory / name).write_bytes(data)
    print("%s: %d seeds in %s" % (target, len(seeds), directory.relative_to(HERE.parent)))


if __name__ == "__main__":
    write("decode_response", DECODE)
    write("c_entry_points", ENTRY)
