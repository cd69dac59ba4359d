#!/usr/bin/env python3
"""Any OutboundBot action from Python through liboutboundbot's generic call (ctypes).

    python3 generic_call.py INSTANCE_ID

For an existing instance it calls, through obb_call with JSON parameters:
  DescribeInstance   and reads Instance.InstanceName, Instance.MaxConcurrentConversation;
  ListInstances      and reads TotalCount and Instances[0].InstanceId;
  CreateJobGroup     and reads JobGroup.JobGroupId;
  ListJobGroups      and reads JobGroups.TotalCount and JobGroups.List[0].JobGroupName.
Every field is read by path (obb_response_get_string / _int64 / _array_length): no
JSON parsing in Python, no struct definitions beyond the client config.

The library is loaded as OBB_LIBRARY (a path) or as liboutboundbot.so.0. Settings
from the environment as in create_instance.py: OBB_ENDPOINT, OBB_PROTOCOL,
OBB_SIGNATURE_VERSION, OBB_CA_FILE and ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET.
Exit status: 0 when every call succeeded, else the first failing obb_status.
"""
import ctypes
import json
import os
import sys
from ctypes import POINTER, byref, c_char_p, c_int, c_int64, c_size_t, c_uint32, c_void_p

# The loader and the client config come from the CreateInstance example beside this file.
from create_instance import (OBB_OK, OBB_PROTOCOL_HTTP, OBB_PROTOCOL_HTTPS, OBB_SIGNATURE_V1, OBB_SIGNATURE_V3,
                             env, load, obb_client_config)

OBB_ERR_NOT_FOUND = 10
OBB_ERR_WRONG_TYPE = 11


def declare(lib):
    """The generic-call part of include/outboundbot.h, in ctypes."""
    lib.obb_call.argtypes = [c_void_p, c_char_p, c_char_p, POINTER(c_void_p)]
    lib.obb_call.restype = c_int
    for name in ("obb_response_code", "obb_response_message", "obb_response_request_id"):
        getattr(lib, name).argtypes = [c_void_p]
        getattr(lib, name).restype = c_char_p
    lib.obb_response_http_status.argtypes = [c_void_p]
    lib.obb_response_http_status.restype = ctypes.c_int32
    lib.obb_response_attempts.argtypes = [c_void_p]
    lib.obb_response_attempts.restype = c_uint32
    lib.obb_response_get_string.argtypes = [c_void_p, c_char_p, POINTER(c_void_p)]
    lib.obb_response_get_string.restype = c_int
    lib.obb_response_get_int64.argtypes = [c_void_p, c_char_p, POINTER(c_int64)]
    lib.obb_response_get_int64.restype = c_int
    lib.obb_response_get_array_length.argtypes = [c_void_p, c_char_p, POINTER(c_size_t)]
    lib.obb_response_get_array_length.restype = c_int
    lib.obb_response_free.argtypes = [c_void_p]
    lib.obb_response_free.restype = None


class Response:
    """An obb_response handle with typed path lookups; freed on close."""

    def __init__(self, lib, handle):
        self.lib, self.handle = lib, handle

    def string(self, path):
        value = c_void_p()
        status = self.lib.obb_response_get_string(self.handle, path.encode(), byref(value))
        if status != OBB_OK:
            return None
        try:
            return ctypes.string_at(value).decode()
        finally:
            self.lib.obb_string_free(value)

    def int64(self, path):
        value = c_int64()
        return value.value if self.lib.obb_response_get_int64(self.handle, path.encode(), byref(value)) == OBB_OK else None

    def length(self, path):
        value = c_size_t()
        status = self.lib.obb_response_get_array_length(self.handle, path.encode(), byref(value))
        return value.value if status == OBB_OK else None

    def describe_failure(self, status):
        lib = self.lib
        return "%s http %d code %r request id %r: %s" % (
            lib.obb_status_name(status).decode(), lib.obb_response_http_status(self.handle),
            lib.obb_response_code(self.handle).decode(), lib.obb_response_request_id(self.handle).decode(),
            lib.obb_response_message(self.handle).decode())

    def close(self):
        self.lib.obb_response_free(self.handle)
        self.handle = None


def call(lib, client, action, parameters):
    """obb_call with `parameters` as JSON; returns (status, Response)."""
    handle = c_void_p()
    status = lib.obb_call(client, action.encode(), json.dumps(parameters, ensure_ascii=False).encode(),
                          byref(handle))
    return status, Response(lib, handle)


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 64
    instance_id = argv[1]
    lib = load()
    declare(lib)
    config = obb_client_config()
    lib.obb_client_config_init(byref(config), ctypes.sizeof(config))
    endpoint, ca_file = env("OBB_ENDPOINT"), env("OBB_CA_FILE")  # kept alive while the config is read
    config.endpoint, config.ca_file = endpoint, ca_file
    config.protocol = OBB_PROTOCOL_HTTP if os.environ.get("OBB_PROTOCOL") == "http" else OBB_PROTOCOL_HTTPS
    config.signature_version = (OBB_SIGNATURE_V1 if os.environ.get("OBB_SIGNATURE_VERSION") == "v1"
                                else OBB_SIGNATURE_V3)
    client = c_void_p()
    error = c_void_p()
    status = lib.obb_client_new(byref(client), byref(config), byref(error))
    if status != OBB_OK:
        print("obb_client_new: %s" % (ctypes.string_at(error).decode() if error.value else ""), file=sys.stderr)
        lib.obb_string_free(error)
        return status

    steps = [
        ("DescribeInstance", {"InstanceId": instance_id},
         [("Instance.InstanceName", "string"), ("Instance.MaxConcurrentConversation", "int64")]),
        ("ListInstances", {"PageNumber": 1, "PageSize": 10},
         [("TotalCount", "int64"), ("Instances[0].InstanceId", "string"), ("Instances", "length")]),
        ("CreateJobGroup", {"InstanceId": instance_id, "JobGroupName": "python-group"},
         [("JobGroup.JobGroupId", "string"), ("JobGroup.JobGroupName", "string")]),
        ("ListJobGroups", {"InstanceId": instance_id, "PageNumber": 1, "PageSize": 10},
         [("JobGroups.TotalCount", "int64"), ("JobGroups.List[0].JobGroupName", "string")]),
    ]
    result = OBB_OK
    for action, parameters, paths in steps:
        status, response = call(lib, client, action, parameters)
        try:
            if status != OBB_OK:
                print("%s: %s" % (action, response.describe_failure(status)), file=sys.stderr)
                result = status
                break
            print("%s (%d attempt): RequestId %s" % (action, lib.obb_response_attempts(response.handle),
                                                      response.string("RequestId")))
            for path, kind in paths:
                value = {"string": response.string, "int64": response.int64, "length": response.length}[kind](path)
                print("  %-36s %s" % (path, value))
        finally:
            response.close()
    lib.obb_client_free(client)
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv))
