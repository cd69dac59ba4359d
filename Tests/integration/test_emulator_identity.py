"""outboundbot-emulator's identity endpoints: STS (AssumeRole, AssumeRoleWithOIDC) on `/`,
the ECS instance metadata credentials (--ecs-metadata), GET /credentials, the credentials
they issue being accepted (and refused once expired), and the admin counters.

Standard library only; V1 requests are signed here, independently of the emulator's signer.
All traffic goes to 127.0.0.1.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import hashlib
import hmac
import json
import re
import time
import urllib.parse
import uuid

import pytest

from conftest import DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET, rpc_signed

STS_VERSION = "2015-04-01"
OBB_VERSION = "2019-12-26"
ROLE_ARN = "acs:ram::1234567890123456:role/obb-test-role"
PROVIDER_ARN = "acs:ram::1234567890123456:oidc-provider/obb-test-provider"
EXPIRATION_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


# ------------------------------------------------------------------------------ helpers

def _pct(value) -> str:
    """RFC 3986 percent-encoding, as SignatureV1.swift uses it (space is %20, ~ kept)."""
    return urllib.parse.quote(str(value), safe="-_.~")


def _v1_sign(method: str, params: dict, secret: str) -> str:
    """HMAC-SHA1 over METHOD&%2F&<encoded canonical query>, keyed with secret + "&"."""
    canonical = "&".join("%s=%s" % (_pct(k), _pct(v))
                         for k, v in sorted(params.items(), key=lambda kv: _pct(kv[0]).encode()))
    string_to_sign = "%s&%s&%s" % (method, _pct("/"), _pct(canonical))
    digest = hmac.new((secret + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _now_text() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def http(emu, method: str, path: str, *, query: dict | None = None, body: dict | None = None,
         headers: dict | None = None):
    """One raw request; returns (status, headers with lower-case names, parsed JSON or text)."""
    if query:
        path += "?" + "&".join("%s=%s" % (_pct(k), _pct(v)) for k, v in query.items())
    payload = b""
    hdrs = dict(headers or {})
    if body:
        payload = "&".join("%s=%s" % (_pct(k), _pct(v)) for k, v in body.items()).encode()
        hdrs["Content-Type"] = "application/x-www-form-urlencoded"
    if method in ("POST", "PUT"):
        hdrs["Content-Length"] = str(len(payload))
    conn = emu.connection()
    try:
        conn.request(method, path, body=payload or None, headers=hdrs)
        resp = conn.getresponse()
        raw = resp.read()
        status = resp.status
        out = {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()
    text = raw.decode("utf-8", "replace")
    try:
        return status, out, json.loads(text)
    except ValueError:
        return status, out, text


def signed_v1(emu, action: str, params: dict | None = None, *, version: str,
              key_id: str = DEV_ACCESS_KEY_ID, secret: str = DEV_ACCESS_KEY_SECRET,
              token: str | None = None):
    """A V1-signed POST with every parameter in the query."""
    q = {"Action": action, "Version": version, "Format": "JSON", "AccessKeyId": key_id,
         "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
         "SignatureNonce": uuid.uuid4().hex, "Timestamp": _now_text()}
    if token is not None:
        q["SecurityToken"] = token
    q.update({k: str(v) for k, v in (params or {}).items()})
    q["Signature"] = _v1_sign("POST", q, secret)
    return http(emu, "POST", "/", query=q)


def assume_role(emu, params: dict | None = None, **signing):
    p = {"RoleArn": ROLE_ARN, "RoleSessionName": "session-1"}
    p.update(params or {})
    p = {k: v for k, v in p.items() if v is not None}
    return signed_v1(emu, "AssumeRole", p, version=STS_VERSION, **signing)


def list_instances(emu, creds: dict, token: str | None = "same"):
    """ListInstances signed V1 with issued credentials (token "same" = the credential's own)."""
    return signed_v1(emu, "ListInstances", {"PageNumber": 1, "PageSize": 10}, version=OBB_VERSION,
                     key_id=creds["AccessKeyId"], secret=creds["AccessKeySecret"],
                     token=creds["SecurityToken"] if token == "same" else token)


def oidc(emu, *, token: str | None, query_extra: dict | None = None, **params):
    """AssumeRoleWithOIDC, anonymous: the common parameters in the query, the rest in the body."""
    query = {"Action": "AssumeRoleWithOIDC", "Version": STS_VERSION, "Format": "JSON",
             "Timestamp": _now_text()}
    query.update(query_extra or {})
    body = {"RoleArn": ROLE_ARN, "OIDCProviderArn": PROVIDER_ARN, "RoleSessionName": "oidc-1"}
    if token is not None:
        body["OIDCToken"] = token
    body.update(params)
    body = {k: v for k, v in body.items() if v is not None}
    return http(emu, "POST", "/", query=query, body=body)


def expiration_seconds(text: str) -> float:
    assert EXPIRATION_RE.fullmatch(text), text
    stamp = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return stamp.timestamp()


def check_credentials(creds: dict, lifetime: float):
    assert creds["AccessKeyId"].startswith("STS.") and len(creds["AccessKeyId"]) > 10, creds
    assert len(creds["AccessKeySecret"]) >= 20
    assert len(creds["SecurityToken"]) >= 100
    remaining = expiration_seconds(creds["Expiration"]) - time.time()
    assert lifetime - 5 <= remaining <= lifetime + 1, (creds["Expiration"], remaining)


def counters(emu) -> dict:
    status, payload = emu.admin("GET", "/_emulator/credentials")
    assert status == 200, payload
    return payload


@contextlib.contextmanager
def signing_as(emu, creds: dict):
    """Lets conftest's rpc_signed sign (V1 or V3) with issued credentials."""
    saved = emu.access_key_id, emu.access_key_secret, emu.security_token
    emu.access_key_id, emu.access_key_secret = creds["AccessKeyId"], creds["AccessKeySecret"]
    emu.security_token = creds["SecurityToken"]
    try:
        yield
    finally:
        emu.access_key_id, emu.access_key_secret, emu.security_token = saved


def metadata_token(emu, ttl="60") -> str:
    status, _, token = http(emu, "PUT", "/latest/api/token",
                            headers={"X-aliyun-ecs-metadata-token-ttl-seconds": ttl})
    assert status == 200 and isinstance(token, str) and len(token) >= 20, (status, token)
    return token


def assert_no_secrets_logged(emu, secrets):
    logged = json.dumps(emu.requests())
    for secret in secrets:
        assert secret not in logged


# ---------------------------------------------------------------------------- AssumeRole

def test_assume_role_with_the_dev_key(emulator):
    status, headers, body = assume_role(emulator)
    assert status == 200, body
    assert set(body) == {"RequestId", "AssumedRoleUser", "Credentials"}, body
    assert body["RequestId"] == headers["x-acs-request-id"]
    user = body["AssumedRoleUser"]
    assert user["Arn"] == "acs:ram::1234567890123456:role/obb-test-role/session-1", user
    assert re.fullmatch(r"\d+:session-1", user["AssumedRoleId"]), user
    check_credentials(body["Credentials"], 3600)

    status, _, body = assume_role(emulator, {"DurationSeconds": 900, "RoleSessionName": "a.b@c_d-e",
                                             "Policy": '{"Version":"1","Statement":[]}',
                                             "ExternalId": "abcd"})
    assert status == 200, body
    check_credentials(body["Credentials"], 900)
    status, _, body = assume_role(emulator, {"DurationSeconds": 43200})
    assert status == 200, body
    check_credentials(body["Credentials"], 43200)

    # V3 (ACS3-HMAC-SHA256) too, with the parameters in a form body.
    status, _, body = rpc_signed(emulator, "AssumeRole", body={"RoleArn": ROLE_ARN, "RoleSessionName": "v3-session"},
                                 signature="v3", version=STS_VERSION)
    assert status == 200, body
    assert body["AssumedRoleUser"]["Arn"].endswith(":role/obb-test-role/v3-session")


def test_assume_role_refuses_bad_signatures(emulator):
    status, _, body = assume_role(emulator, secret="not-the-secret")
    assert (status, body["Code"]) == (400, "SignatureDoesNotMatch"), body
    status, _, body = assume_role(emulator, key_id="LTAINoSuchKey")
    assert (status, body["Code"]) == (404, "InvalidAccessKeyId.NotFound"), body
    status, _, body = http(emulator, "POST", "/", query={
        "Action": "AssumeRole", "Version": STS_VERSION, "RoleArn": ROLE_ARN, "RoleSessionName": "anon"})
    assert (status, body["Code"]) == (400, "IncompleteSignature"), body
    assert counters(emulator)["issued"]["AssumeRole"] == 0


@pytest.mark.parametrize("arn", [
    "acs:ram::12345:user/obb-test-role",
    "acs:ram::notdigits:role/x",
    "acs:ram:cn-hangzhou:12345:role/x",
    "acs:ram::12345:role/",
    "acs:ram::12345:role/bad name",
    "arn:aws:iam::12345:role/x",
])
def test_assume_role_refuses_a_bad_role_arn(emulator, arn):
    status, _, body = assume_role(emulator, {"RoleArn": arn})
    assert (status, body["Code"]) == (400, "InvalidParameter.RoleArn"), body
    assert "RoleArn" in body["Message"]
    assert set(body) >= {"RequestId", "HostId", "Code", "Message", "Recommend"}, body


def test_assume_role_parameter_checks(emulator):
    status, _, body = assume_role(emulator, {"RoleArn": None})
    assert (status, body["Code"]) == (400, "MissingRoleArn"), body
    assert "RoleArn" in body["Message"]
    status, _, body = assume_role(emulator, {"RoleSessionName": None})
    assert (status, body["Code"]) == (400, "MissingRoleSessionName"), body
    for name in ("a", "x" * 65, "has space", "slash/no"):
        status, _, body = assume_role(emulator, {"RoleSessionName": name})
        assert (status, body["Code"]) == (400, "InvalidParameter.RoleSessionName"), (name, body)
    for duration in ("899", "43201", "0", "-900", "abc", "3600.5", "99999999999999999999999999"):
        status, _, body = assume_role(emulator, {"DurationSeconds": duration})
        assert (status, body["Code"]) == (400, "InvalidParameter.DurationSeconds"), (duration, body)
        assert "DurationSeconds" in body["Message"]
    for policy in ("not json", "[1,2]", '"text"'):
        status, _, body = assume_role(emulator, {"Policy": policy})
        assert (status, body["Code"]) == (400, "InvalidParameter.Policy"), (policy, body)
    status, _, body = signed_v1(emulator, "GetCallerIdentityNoSuch", {}, version=STS_VERSION)
    assert (status, body["Code"]) == (404, "InvalidAction.NotFound"), body
    assert counters(emulator)["issued"]["AssumeRole"] == 0


# ------------------------------------------------------------- issued credentials, in use

def test_issued_credentials_are_accepted_on_outboundbot_actions(emulator):
    status, _, body = assume_role(emulator)
    assert status == 200, body
    creds = body["Credentials"]

    status, _, body = list_instances(emulator, creds)
    assert status == 200 and body["TotalCount"] == 0, body
    with signing_as(emulator, creds):
        status, _, body = rpc_signed(emulator, "ListInstances", {"PageNumber": 1, "PageSize": 10}, signature="v3")
        assert status == 200, body
        status, _, body = rpc_signed(emulator, "ListInstances", {"PageNumber": 1, "PageSize": 10}, signature="v1")
        assert status == 200, body

    status, _, body = list_instances(emulator, creds, token=None)
    assert (status, body["Code"]) == (400, "InvalidSecurityToken.MismatchWithAccessKey"), body
    status, _, body = list_instances(emulator, creds, token=creds["SecurityToken"][:-2] + "xx")
    assert (status, body["Code"]) == (400, "InvalidSecurityToken.MismatchWithAccessKey"), body
    status, _, body = list_instances(emulator, dict(creds, AccessKeySecret="wrong"))
    assert (status, body["Code"]) == (400, "SignatureDoesNotMatch"), body

    # Role chaining: AssumeRole signed with the issued credentials.
    status, _, body = assume_role(emulator, {"RoleSessionName": "chained"}, key_id=creds["AccessKeyId"],
                                  secret=creds["AccessKeySecret"], token=creds["SecurityToken"])
    assert status == 200, body
    chained = body["Credentials"]
    assert chained["AccessKeyId"] != creds["AccessKeyId"]
    assert list_instances(emulator, chained)[0] == 200

    # Nothing secret reached the request log.
    entries = [e for e in emulator.requests() if e.get("version") == STS_VERSION]
    assert entries and all(e["action"] == "AssumeRole" for e in entries)
    assert all(e["params"].get("SecurityToken") in (None, "<redacted>") for e in emulator.requests())
    assert_no_secrets_logged(emulator, [creds["SecurityToken"], creds["AccessKeySecret"],
                                        chained["SecurityToken"]])


def test_expired_credentials_are_refused_and_counted(emulator_factory):
    emu = emulator_factory("--sts-lifetime-seconds", "1")
    status, _, body = assume_role(emu, {"DurationSeconds": 3600})
    assert status == 200, body
    creds = body["Credentials"]
    assert expiration_seconds(creds["Expiration"]) - time.time() <= 1.5, creds["Expiration"]
    assert list_instances(emu, creds)[0] == 200

    status, _, uri_creds = http(emu, "GET", "/credentials")
    assert status == 200, uri_creds
    time.sleep(2.2)

    status, _, body = list_instances(emu, creds)
    assert (status, body["Code"], body["Message"]) == (
        400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired."), body
    with signing_as(emu, uri_creds):
        status, _, body = rpc_signed(emu, "ListInstances", {}, signature="v3")
    assert (status, body["Code"]) == (400, "InvalidSecurityToken.Expired"), body
    status, _, body = assume_role(emu, key_id=creds["AccessKeyId"], secret=creds["AccessKeySecret"],
                                  token=creds["SecurityToken"])
    assert (status, body["Code"]) == (400, "InvalidSecurityToken.Expired"), body
    # A wrong token is still a mismatch, not an expiry.
    status, _, body = list_instances(emu, creds, token="nope")
    assert (status, body["Code"]) == (400, "InvalidSecurityToken.MismatchWithAccessKey"), body

    payload = counters(emu)
    assert payload["expiredRejections"] == 3, payload
    assert payload["issued"]["AssumeRole"] == 1 and payload["issued"]["CredentialsURI"] == 1, payload
    for event in payload["events"]:
        assert event["expiresAtMs"] - event["issuedAtMs"] == 1000, event


# ---------------------------------------------------------------------- AssumeRoleWithOIDC

def test_assume_role_with_oidc(emulator_factory, tmp_path):
    token_file = tmp_path / "oidc-token"
    token_file.write_text("eyJhbGciOiJSUzI1NiJ9.first-token.sig\n")
    emu = emulator_factory("--oidc-token-file", token_file)

    status, _, body = oidc(emu, token="eyJhbGciOiJSUzI1NiJ9.first-token.sig", DurationSeconds="1200")
    assert status == 200, body
    assert set(body) == {"RequestId", "AssumedRoleUser", "Credentials"}, body
    assert body["AssumedRoleUser"]["Arn"] == "acs:ram::1234567890123456:role/obb-test-role/oidc-1"
    check_credentials(body["Credentials"], 1200)
    creds = body["Credentials"]
    assert list_instances(emu, creds)[0] == 200

    status, _, body = oidc(emu, token="eyJhbGciOiJSUzI1NiJ9.first-token.sig", RoleSessionName=None)
    assert status == 200, body
    session = body["AssumedRoleUser"]["Arn"].rsplit("/", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9.@_-]{2,64}", session), session

    status, _, body = oidc(emu, token="wrong-token")
    assert status in (400, 401) and body["Code"] == "AuthenticationFail.OIDCToken.Invalid", body
    status, _, body = oidc(emu, token="eyJhbGciOiJSUzI1NiJ9.first-token.sig\n")
    assert body["Code"] == "AuthenticationFail.OIDCToken.Invalid", body

    # In the URL, even the right token is refused.
    status, _, body = oidc(emu, token=None,
                           query_extra={"OIDCToken": "eyJhbGciOiJSUzI1NiJ9.first-token.sig"})
    assert (status, body["Code"]) == (400, "InvalidParameter.OIDCToken"), body
    assert "URL" in body["Message"], body

    # The file is read at each request: a rotated token replaces the old one.
    token_file.write_text("second-token  \n")
    assert oidc(emu, token="eyJhbGciOiJSUzI1NiJ9.first-token.sig")[2]["Code"] == "AuthenticationFail.OIDCToken.Invalid"
    status, _, body = oidc(emu, token="second-token")
    assert status == 200, body

    status, _, body = oidc(emu, token=None)
    assert (status, body["Code"]) == (400, "MissingOIDCToken"), body
    status, _, body = oidc(emu, token="second-token", OIDCProviderArn=None)
    assert (status, body["Code"]) == (400, "MissingOIDCProviderArn"), body
    status, _, body = oidc(emu, token="second-token", OIDCProviderArn="acs:ram::123:role/not-a-provider")
    assert (status, body["Code"]) == (400, "InvalidParameter.OIDCProviderArn"), body
    status, _, body = oidc(emu, token="second-token", RoleArn="acs:ram::x:role/r")
    assert (status, body["Code"]) == (400, "InvalidParameter.RoleArn"), body
    status, _, body = oidc(emu, token="second-token", DurationSeconds="60")
    assert (status, body["Code"]) == (400, "InvalidParameter.DurationSeconds"), body

    assert counters(emu)["issued"]["AssumeRoleWithOIDC"] == 3
    logged = [e for e in emu.requests() if e.get("action") == "AssumeRoleWithOIDC"]
    assert logged and all(e["params"].get("OIDCToken") in (None, "<redacted>") for e in logged), logged
    assert all("first-token" not in e["query"] for e in logged)
    assert_no_secrets_logged(emu, ["first-token", "second-token", creds["SecurityToken"]])


def test_oidc_without_a_token_file_accepts_nothing(emulator):
    status, _, body = oidc(emulator, token="anything")
    assert status in (400, 401) and body["Code"] == "AuthenticationFail.OIDCToken.Invalid", body
    assert "--oidc-token-file" in body["Message"]


# ---------------------------------------------------------------------- instance metadata

def test_instance_metadata_credentials(emulator_factory):
    emu = emulator_factory("--ecs-metadata", "--ecs-role-name", "ObbTestRole")
    role_path = "/latest/meta-data/ram/security-credentials/"

    status, _, body = http(emu, "GET", role_path)
    assert status == 401, body  # IMDSv2: no token, no answer
    status, _, body = http(emu, "GET", role_path + "ObbTestRole",
                           headers={"X-aliyun-ecs-metadata-token": "made-up"})
    assert status == 401, body

    token = metadata_token(emu, "60")
    auth = {"X-aliyun-ecs-metadata-token": token}
    status, headers, body = http(emu, "GET", role_path, headers=auth)
    assert (status, body) == (200, "ObbTestRole"), body
    assert headers["content-type"].startswith("text/plain")

    status, _, body = http(emu, "GET", role_path + "ObbTestRole", headers=auth)
    assert status == 200, body
    assert list(body) == ["AccessKeyId", "AccessKeySecret", "Expiration", "SecurityToken", "LastUpdated", "Code"]
    assert body["Code"] == "Success"
    check_credentials(body, 3600)
    assert abs(expiration_seconds(body["LastUpdated"]) - time.time()) < 5
    creds = body
    assert list_instances(emu, creds)[0] == 200

    status, _, again = http(emu, "GET", role_path + "ObbTestRole", headers=auth)
    assert status == 200 and again["AccessKeyId"] != creds["AccessKeyId"]

    status, _, body = http(emu, "GET", role_path + "OtherRole", headers=auth)
    assert status == 404, body
    status, _, body = http(emu, "GET", role_path + "OtherRole")
    assert status == 401, body

    for ttl in (None, "0", "21601", "abc", "-5", "99999999999999999999999"):
        headers = {} if ttl is None else {"X-aliyun-ecs-metadata-token-ttl-seconds": ttl}
        status, _, body = http(emu, "PUT", "/latest/api/token", headers=headers)
        assert status == 400, (ttl, body)
    assert metadata_token(emu, "21600")
    status, _, body = http(emu, "GET", "/latest/api/token",
                           headers={"X-aliyun-ecs-metadata-token-ttl-seconds": "60"})
    assert status == 405, body

    short = metadata_token(emu, "1")
    time.sleep(1.2)
    status, _, body = http(emu, "GET", role_path, headers={"X-aliyun-ecs-metadata-token": short})
    assert status == 401, body

    assert counters(emu)["issued"]["EcsMetadata"] == 2
    logged = [e for e in emu.requests() if e.get("path", "").startswith("/latest/")]
    assert logged, emu.requests()
    assert all(e["headers"].get("x-aliyun-ecs-metadata-token") in (None, "<redacted>") for e in logged)
    assert_no_secrets_logged(emu, [token, short, creds["SecurityToken"], creds["AccessKeySecret"]])


def test_instance_metadata_is_off_without_the_flag(emulator):
    status, _, body = http(emulator, "PUT", "/latest/api/token",
                           headers={"X-aliyun-ecs-metadata-token-ttl-seconds": "60"})
    assert (status, body["Code"]) == (404, "InvalidAction.NotFound"), body
    status, _, body = http(emulator, "GET", "/latest/meta-data/ram/security-credentials/")
    assert (status, body["Code"]) == (404, "InvalidAction.NotFound"), body


# ---------------------------------------------------------------------- credentials URI

def test_credentials_uri(emulator):
    status, _, first = http(emulator, "GET", "/credentials")
    assert status == 200, first
    assert list(first) == ["Code", "AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"]
    assert first["Code"] == "Success"
    check_credentials(first, 3600)
    status, _, second = http(emulator, "GET", "/credentials")
    assert status == 200 and second["AccessKeyId"] != first["AccessKeyId"]
    assert list_instances(emulator, first)[0] == 200
    assert list_instances(emulator, second)[0] == 200
    status, _, body = http(emulator, "POST", "/credentials")
    assert status == 405, body
    assert counters(emulator)["issued"]["CredentialsURI"] == 2


# ------------------------------------------------------------------------ admin counters

def test_admin_counters_and_reset(emulator_factory, tmp_path):
    token_file = tmp_path / "oidc"
    token_file.write_text("the-token")
    emu = emulator_factory("--ecs-metadata", "--oidc-token-file", token_file)

    payload = counters(emu)
    assert payload == {"issued": {"AssumeRole": 0, "AssumeRoleWithOIDC": 0, "EcsMetadata": 0,
                                  "CredentialsURI": 0},
                       "expiredRejections": 0, "events": []}, payload

    issued = []
    for _ in range(2):
        status, _, body = assume_role(emu)
        assert status == 200, body
        issued.append(("AssumeRole", body["Credentials"]))
    status, _, body = oidc(emu, token="the-token")
    assert status == 200, body
    issued.append(("AssumeRoleWithOIDC", body["Credentials"]))
    token = metadata_token(emu)
    status, _, body = http(emu, "GET", "/latest/meta-data/ram/security-credentials/OutboundBotEmulatorRole",
                           headers={"X-aliyun-ecs-metadata-token": token})
    assert status == 200, body
    issued.append(("EcsMetadata", body))
    status, _, body = http(emu, "GET", "/credentials")
    assert status == 200, body
    issued.append(("CredentialsURI", body))
    assert assume_role(emu, secret="wrong")[0] == 400  # refused: not counted

    payload = counters(emu)
    assert payload["issued"] == {"AssumeRole": 2, "AssumeRoleWithOIDC": 1, "EcsMetadata": 1,
                                 "CredentialsURI": 1}, payload
    assert payload["expiredRejections"] == 0
    events = payload["events"]
    assert [(e["source"], e["accessKeyId"]) for e in events] == [(s, c["AccessKeyId"]) for s, c in issued]
    for event, (_, creds) in zip(events, issued):
        assert set(event) == {"source", "accessKeyId", "issuedAtMs", "expiresAtMs"}, event
        assert abs(event["issuedAtMs"] / 1000 - time.time()) < 30
        # Expiration is the expiry floored to the second.
        assert expiration_seconds(creds["Expiration"]) == event["expiresAtMs"] // 1000
    text = json.dumps(payload)
    for _, creds in issued:
        assert creds["SecurityToken"] not in text and creds["AccessKeySecret"] not in text

    status, _, _ = http(emu, "POST", "/_emulator/credentials")
    assert status == 405

    emu.reset()
    assert counters(emu) == {"issued": {"AssumeRole": 0, "AssumeRoleWithOIDC": 0, "EcsMetadata": 0,
                                        "CredentialsURI": 0},
                             "expiredRejections": 0, "events": []}
    # The issued store is cleared too: those credentials are unknown now.
    status, _, body = list_instances(emu, issued[0][1])
    assert (status, body["Code"]) == (404, "InvalidAccessKeyId.NotFound"), body


def test_admin_counters_need_the_admin_flag(emulator_factory):
    emu = emulator_factory(admin=False)
    status, _ = emu.admin("GET", "/_emulator/credentials")
    assert status == 404
    assert http(emu, "GET", "/credentials")[0] == 200
