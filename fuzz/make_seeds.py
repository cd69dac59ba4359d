"""Writes the seed corpora in fuzz/corpus/ and the dictionary fuzz/params_json.dict
(committed; rerun to regenerate).

    python3 fuzz/make_seeds.py

decode_response inputs: 2 bytes of HTTP status, header lines, a NUL, the body.
The bodies are the shapes the service, the emulator and gateways send (see
Tests/OutboundBotTests/ResponseDecoderTests.swift for the same shapes as tests).
c_entry_points inputs: the field stream fuzz/c_entry_points.c reads.
params_json inputs: a flags byte, an action name, a NUL, then JSON (or, with flag 1,
the builder operations fuzz/params_json.c reads).
path_lookup inputs: a selector byte, a path, a NUL, the body.
"""

import hashlib
import json
import re
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


def entry_input(flags=0, config_size=88, region=None, endpoint="127.0.0.1:8080", protocol=1, signature=0,
                key_id="LTAIFuzz", secret="secret", token=None, connect=0, read=0, ca=None, ua=None,
                max_idle=0, max_response=0,
                request_size=64, name="fuzz-instance", description=None, mcc=4, nlu=None, rg=None,
                numbers=("95187",), count_mode=0, count=None, lifecycle=b""):
    out = bytes([flags, 88])
    out += struct.pack(">I", config_size)
    out += c_string(region) + c_string(endpoint) + struct.pack(">ii", protocol, signature)
    out += c_string(key_id) + c_string(secret) + c_string(token) + struct.pack(">II", connect, read)
    out += c_string(ca) + c_string(ua) + struct.pack(">II", max_idle, max_response)
    out += struct.pack(">I", request_size) + c_string(name) + c_string(description)
    out += struct.pack(">q", mcc) + c_string(nlu) + c_string(rg)
    out += bytes([len(numbers)]) + b"".join(c_string(n) for n in numbers) + bytes([count_mode])
    if count_mode & 2:
        out += struct.pack(">Q", count)
    return out + struct.pack(">I", 6) + lifecycle


def lifecycle_input(flags=0, describe_size=16, describe_id="i-1", modify_size=56, modify_id="i-1", mcc=3,
                    modify_name=None, modify_description=None, numbers=(), count_mode=0, count=None,
                    delete_size=16, delete_id="i-1", list_size=32, page_number=1, page_size=10,
                    list_name=None, list_rg=None):
    out = bytes([flags, describe_size]) + c_string(describe_id)
    out += bytes([modify_size]) + c_string(modify_id) + struct.pack(">q", mcc)
    out += c_string(modify_name) + c_string(modify_description)
    out += bytes([len(numbers)]) + b"".join(c_string(n) for n in numbers) + bytes([count_mode])
    if count_mode & 2:
        out += struct.pack(">Q", count)
    out += bytes([delete_size]) + c_string(delete_id)
    out += bytes([list_size]) + struct.pack(">ii", page_number, page_size) + c_string(list_name) + c_string(list_rg)
    return out


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
    "config-0.1.0-size": entry_input(config_size=80, max_idle=7, max_response=9),
    "config-limits": entry_input(max_idle=1, max_response=64),
    "lifecycle-valid": entry_input(lifecycle=lifecycle_input(numbers=("95187", "95188"))),
    "lifecycle-bad": entry_input(lifecycle=lifecycle_input(
        describe_size=15, describe_id=b"\xff", modify_id="", mcc=0, modify_name="x\r\ny",
        numbers=("1",), count_mode=2, count=2 ** 63, delete_size=4, list_size=31, page_number=-1,
        page_size=-5, list_name=b"\xc0\xaf")),
    "lifecycle-null-requests": entry_input(lifecycle=lifecycle_input(flags=0x0f)),
}


def params_json(action, params, flags=0):
    text = params if isinstance(params, (str, bytes)) else json.dumps(params, ensure_ascii=False)
    text = text.encode() if isinstance(text, str) else text
    action = action.encode() if isinstance(action, str) else action
    return bytes([flags]) + action + b"\0" + text


def op(code, name, value=b""):
    name = name.encode() if isinstance(name, str) else name
    return bytes([code, len(name)]) + name + value


def op_string(name, value, code=0):
    value = value.encode() if isinstance(value, str) else value
    return op(code, name, bytes([len(value)]) + value)


def builder(action, *ops, flags=1):
    return bytes([flags]) + action.encode() + b"\0" + b"".join(ops)


PARAMS = {
    "describe": params_json("DescribeInstance", {"InstanceId": "i-1"}),
    "list-pages": params_json("ListInstances", {"PageNumber": 2, "PageSize": 50, "Name": "x",
                                               "Tag": [{"Key": "k", "Value": "v"}]}),
    "create-instance": params_json("CreateInstance", {"InstanceName": "实例", "MaxConcurrentConversation": 4,
                                                      "CallingNumber": ["95187", "95188"]}),
    "json-style-object": params_json("CreateBeebotIntent", {"InstanceId": "i", "ScriptId": "s",
                                                            "IntentDefinition": {"IntentName": "x", "AliasName": "y"}}),
    "list-of-objects": params_json("CreateNumber", {"InstanceId": "i", "Numbers": [{"Number": "95187"}]}),
    "job-group": params_json("CreateJobGroup", {"InstanceId": "i", "JobGroupName": "g", "MinConcurrency": 2}),
    "assign-jobs": params_json("AssignJobs", {"InstanceId": "i", "JobGroupId": "g", "JobsJson": [
        "{\"phoneNumber\":\"1380000\",\"referenceId\":\"r1\"}"]}),
    "typo": params_json("ListInstance", {"PageSzie": 1}),
    "wrong-types": params_json("ListInstances", {"PageSize": "10", "PageNumber": 1.5, "Name": 3}),
    "out-of-range": params_json("ListInstances", {"PageSize": 2 ** 31, "PageNumber": -2 ** 63}),
    "crlf-nul": params_json("DescribeInstance", '{"InstanceId":"a\\r\\nb\\u0000"}'),
    "malformed": params_json("ListInstances", '{"PageSize":'),
    "not-object": params_json("ListInstances", "[1,2,3]"),
    "deep": params_json("ListInstances", "[" * 600 + "]" * 600),
    "invalid-utf8": params_json(b"Describe\xffInstance", b'{"InstanceId":"\xc3\x28"}'),
    "null-everything": bytes([0x0e]),
    "builder-describe": builder("DescribeInstance", op_string("InstanceId", "i-1")),
    "builder-lists": builder("ModifyInstance", op_string("InstanceId", "i"),
                             op(1, "MaxConcurrentConversation", struct.pack(">q", 3)),
                             op(3, "CallingNumber", bytes([2, 5]) + b"95187" + bytes([5]) + b"95188"),
                             op(4, "JobId", bytes([1]) + struct.pack(">q", 7))),
    "builder-json": builder("CreateBeebotIntent", op_string("InstanceId", "i"), op_string("ScriptId", "s"),
                            op(5, "IntentDefinition", struct.pack(">H", 18) + b'{"IntentName":"x"}')),
    "builder-bad": builder("ListInstances", op_string("PageSize", "10"), op(2, "Bool", bytes([0])),
                           op(0x83, "", bytes([0])), op(0x63, "CallingNumber", bytes([1, 1]) + b"x" +
                                                       struct.pack(">Q", 2 ** 64 - 1))),
}

DESCRIBE_BODY = {"RequestId": "R1", "Code": "OK", "Message": "Success", "HttpStatusCode": 200, "Success": True,
                 "Instance": INSTANCE}
LIST_BODY = {"RequestId": "R2", "Success": True, "TotalCount": 2, "PageNumber": 1, "PageSize": 10,
             "Instances": [INSTANCE, dict(INSTANCE, InstanceId="i-2", CallingNumbers=[])]}
JOBS_BODY = {"RequestId": "R3", "Success": True, "Jobs": {"TotalCount": 1, "List": [
    {"JobId": "j-1", "Status": "Scheduling", "Priority": 5, "Contacts": [{"PhoneNumber": "1380000"}],
     "Extras": [{"Key": "k", "Value": None}], "Summary": [], "Deep": [[[[1.5e300, -0, "9223372036854775808"]]]]}]}}


def lookup(path, body, selector=0x8f):
    body = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    return bytes([selector]) + path.encode() + b"\0" + body


LOOKUP = {
    "instance-id": lookup("Instance.InstanceId", DESCRIBE_BODY),
    "case-folded": lookup("instance.maxconcurrentconversation", DESCRIBE_BODY),
    "list-index": lookup("Instances[1].CallingNumbers[0]", LIST_BODY),
    "array-length": lookup("Instances", LIST_BODY, 0x08),
    "jobs": lookup("Jobs.List[0].Contacts[0].PhoneNumber", JOBS_BODY),
    "null-member": lookup("Jobs.List[0].Extras[0].Value", JOBS_BODY),
    "deep-number": lookup("Jobs.List[0].Deep[0][0][0][2]", JOBS_BODY),
    "huge-index": lookup("Instances[9223372036854775807]", LIST_BODY),
    "overflow-index": lookup("Instances[99999999999999999999999]", LIST_BODY),
    "malformed-path": lookup("Instances[0.x", LIST_BODY),
    "item": lookup("InstanceId", [INSTANCE], 0x81),
    "not-json": lookup("RequestId", b"<html>502</html>"),
    "empty": lookup("A", b""),
    "deep-body": lookup("a" + "[0]" * 40, b"[" * 600 + b"]" * 600),
}


def catalogue_names():
    """Every action and parameter name of the catalogue, for the params_json dictionary."""
    source = (HERE.parent / "Sources" / "OutboundBotCatalogue" / "Catalogue+Generated.swift").read_text()
    actions = re.findall(r'ActionSpec\("([A-Za-z0-9]+)"', source)
    parameters = re.findall(r'(?:ParameterSpec|FieldSpec)\("([A-Za-z0-9]+)"', source)
    return sorted(set(actions)), sorted(set(parameters))


def write_dictionary():
    actions, parameters = catalogue_names()
    lines = ["# Generated by fuzz/make_seeds.py from the catalogue: action and parameter names, JSON tokens."]
    tokens = ['"{"', '"}"', '"["', '"]"', '":"', '","', '"null"', '"true"', '"false"', '"2147483648"',
              '"-9223372036854775808"', '"1e999"', '"\\\\u0000"', '"\\x0d\\x0a"', '"\\\\ud800"']
    lines += ["json_%d=%s" % (i, t) for i, t in enumerate(tokens)]
    lines += ['action_%s="%s"' % (a, a) for a in actions]
    lines += ['param_%s="\\"%s\\""' % (p, p) for p in parameters]
    (HERE / "params_json.dict").write_text("\n".join(lines) + "\n")
    print("params_json.dict: %d actions, %d parameter names" % (len(actions), len(parameters)))


def write(target, seeds):
    directory = HERE / "corpus" / target
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (directory / name).write_bytes(data)
    print("%s: %d seeds in %s" % (target, len(seeds), directory.relative_to(HERE.parent)))


if __name__ == "__main__":
    write("decode_response", DECODE)
    write("c_entry_points", ENTRY)
    write("params_json", PARAMS)
    write("path_lookup", LOOKUP)
    write_dictionary()
