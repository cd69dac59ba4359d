#!/usr/bin/env python3
"""Create an OutboundBot instance from Python through liboutboundbot's C ABI (ctypes).

    python3 create_instance.py [INSTANCE_NAME]        (default: 第一个实例)

The library is loaded as OBB_LIBRARY (a path) or, by default, as liboutboundbot.so.0
from the loader's search path (LD_LIBRARY_PATH, ldconfig's cache).
Settings from the environment: OBB_ENDPOINT, OBB_REGION, OBB_PROTOCOL (http|https),
OBB_SIGNATURE_VERSION (v3|v1), OBB_CA_FILE; the library itself reads
ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET / ALIBABA_CLOUD_SECURITY_TOKEN.
Exit status: 0 on OBB_OK, else the obb_status value; 70 on a major version mismatch.

The structures below mirror include/outboundbot.h field for field; keep them in step.
"""
import ctypes
import os
import sys
from ctypes import (POINTER, Structure, byref, c_char, c_char_p, c_int, c_int32, c_int64,
                    c_size_t, c_uint32, c_void_p)

# ---- the header, in ctypes ------------------------------------------------------

OBB_VERSION_MAJOR = 0  # the header this file mirrors

OBB_OK = 0
OBB_ERR_INVALID_ARGUMENT = 1
OBB_ERR_NO_MEMORY = 8

OBB_PROTOCOL_HTTPS = 0
OBB_PROTOCOL_HTTP = 1
OBB_SIGNATURE_V3 = 0
OBB_SIGNATURE_V1 = 1

obb_status = c_int  # a C enum: int-sized


# The 0.1.0 layout, on purpose: 0.2.0 appended max_idle_connections and
# max_response_bytes, and a host that does not know them keeps working, because
# struct_size (set by obb_client_config_init from ctypes.sizeof) tells the library
# how much of the struct there is; the rest takes its defaults. This example runs
# in the tests against the current library, so it proves that.
class obb_client_config(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("region", c_char_p),
        ("endpoint", c_char_p),
        ("protocol", c_int32),
        ("signature_version", c_int32),
        ("access_key_id", c_char_p),
        ("access_key_secret", c_char_p),
        ("security_token", c_char_p),
        ("connect_timeout_ms", c_uint32),
        ("read_timeout_ms", c_uint32),
        ("ca_file", c_char_p),
        ("user_agent_suffix", c_char_p),
    ]


class obb_create_instance_request(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("instance_name", c_char_p),
        ("instance_description", c_char_p),
        ("max_concurrent_conversation", c_int64),
        ("nlu_service_type", c_char_p),
        ("resource_group_id", c_char_p),
        ("calling_numbers", POINTER(c_char_p)),
        ("calling_number_count", c_size_t),
    ]


class obb_instance(Structure):
    _fields_ = [
        ("instance_id", c_char_p),
        ("instance_name", c_char_p),
        ("instance_description", c_char_p),
        ("creation_time", c_int64),
        ("creator_id", c_int64),
        ("creator_name", c_char_p),
        ("owner_name", c_char_p),
        ("resource_group_id", c_char_p),
        ("max_concurrent_conversation", c_int64),
    ]


class obb_create_instance_result(Structure):
    _fields_ = [
        ("status", obb_status),
        ("http_status", c_int32),
        ("code", c_char_p),
        ("message", c_char_p),
        ("request_id", c_char_p),
        ("success", c_int32),
        ("body", POINTER(c_char)),  # may hold NULs: read body_length bytes
        ("body_length", c_size_t),
        ("has_instance", c_int32),
        ("instance", obb_instance),
        ("attempts", c_uint32),
    ]


def load(path=None):
    """Load the library and declare every function's signature."""
    lib = ctypes.CDLL(path or os.environ.get("OBB_LIBRARY") or "liboutboundbot.so.0")
    lib.obb_version.argtypes = []
    lib.obb_version.restype = c_char_p
    lib.obb_version_number.argtypes = []
    lib.obb_version_number.restype = c_uint32
    lib.obb_status_name.argtypes = [obb_status]
    lib.obb_status_name.restype = c_char_p
    lib.obb_client_config_init.argtypes = [POINTER(obb_client_config), c_size_t]
    lib.obb_client_config_init.restype = obb_status
    # out_error is char **: kept as a void pointer so that it can be handed back
    # to obb_string_free (a c_char_p would be turned into a Python copy).
    lib.obb_client_new.argtypes = [POINTER(c_void_p), POINTER(obb_client_config),
                                   POINTER(c_void_p)]
    lib.obb_client_new.restype = obb_status
    lib.obb_client_free.argtypes = [c_void_p]
    lib.obb_client_free.restype = None
    lib.obb_string_free.argtypes = [c_void_p]
    lib.obb_string_free.restype = None
    lib.obb_create_instance.argtypes = [c_void_p, POINTER(obb_create_instance_request),
                                        POINTER(POINTER(obb_create_instance_result))]
    lib.obb_create_instance.restype = obb_status
    lib.obb_create_instance_result_free.argtypes = [POINTER(obb_create_instance_result)]
    lib.obb_create_instance_result_free.restype = None
    return lib


def text(value):
    return value.decode("utf-8") if value is not None else ""


def env(name):
    value = os.environ.get(name)
    return value.encode("utf-8") if value else None


def main(argv):
    lib = load()
    name = argv[1] if len(argv) > 1 else "第一个实例"

    version = text(lib.obb_version())
    print(f"liboutboundbot {version} (ctypes)")
    if lib.obb_version_number() >> 16 != OBB_VERSION_MAJOR:
        print(f"error: library {version} does not match this binding", file=sys.stderr)
        return 70

    config = obb_client_config()
    status = lib.obb_client_config_init(byref(config), ctypes.sizeof(config))
    if status != OBB_OK:
        print(f"obb_client_config_init: {text(lib.obb_status_name(status))}", file=sys.stderr)
        return status
    # The bytes objects must outlive the calls that read them: keep them in locals.
    endpoint, region, ca_file = env("OBB_ENDPOINT"), env("OBB_REGION"), env("OBB_CA_FILE")
    config.endpoint, config.region, config.ca_file = endpoint, region, ca_file
    config.protocol = OBB_PROTOCOL_HTTP if os.environ.get("OBB_PROTOCOL") == "http" else OBB_PROTOCOL_HTTPS
    config.signature_version = (OBB_SIGNATURE_V1 if os.environ.get("OBB_SIGNATURE_VERSION") == "v1"
                                else OBB_SIGNATURE_V3)
    config.user_agent_suffix = b"create_instance.py"

    client = c_void_p()
    error = c_void_p()
    status = lib.obb_client_new(byref(client), byref(config), byref(error))
    if status != OBB_OK:
        message = ctypes.string_at(error.value).decode("utf-8") if error.value else ""
        lib.obb_string_free(error)
        print(f"obb_client_new: {text(lib.obb_status_name(status))}: {message}", file=sys.stderr)
        return status

    try:
        numbers = (c_char_p * 1)(b"95187")
        name_bytes = name.encode("utf-8")
        request = obb_create_instance_request()
        request.struct_size = ctypes.sizeof(request)
        request.instance_name = name_bytes
        request.max_concurrent_conversation = 4
        request.calling_numbers = numbers
        request.calling_number_count = len(numbers)

        result_ptr = POINTER(obb_create_instance_result)()
        status = lib.obb_create_instance(client, byref(request), byref(result_ptr))
        print(f"obb_create_instance returned {status} ({text(lib.obb_status_name(status))})")
        if not result_ptr:
            return status if status != OBB_OK else OBB_ERR_NO_MEMORY
        try:
            r = result_ptr.contents
            body = ctypes.string_at(r.body, r.body_length).decode("utf-8", "replace")
            print(f"  status:       {text(lib.obb_status_name(r.status))}")
            print(f"  http_status:  {r.http_status}")
            print(f'  code:         "{text(r.code)}"')
            print(f'  message:      "{text(r.message)}"')
            print(f'  request_id:   "{text(r.request_id)}"')
            print(f"  success:      {r.success}")
            print(f"  attempts:     {r.attempts}")
            print(f"  body_length:  {r.body_length}")
            print(f"  body:         {body}")
            print(f"  has_instance: {r.has_instance}")
            if r.has_instance:
                inst = r.instance
                for field, _ in obb_instance._fields_:
                    value = getattr(inst, field)
                    shown = f'"{text(value)}"' if isinstance(value, (bytes, type(None))) else value
                    print(f"  instance.{field}: {shown}")
        finally:
            lib.obb_create_instance_result_free(result_ptr)
    finally:
        lib.obb_client_free(client)
    return 0 if status == OBB_OK else status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
