/*
 * outboundbot.h: the C interface of liboutboundbot, a client for the
 * Alibaba Cloud OutboundBot (智能外呼) OpenAPI, version 2019-12-26.
 *
 * This is the only public header. It compiles as C99 and as C++11 and
 * includes only standard headers.
 *
 * Conventions, true of every function below unless its comment says otherwise:
 *
 *  - Every name starts with obb_ (functions, types) or OBB_ (macros, constants).
 *  - Functions that can fail return an obb_status; OBB_OK (0) is success.
 *    Status values are append-only: a value is never renumbered or reused.
 *  - Input structs start with `uint32_t struct_size`: the size of the struct
 *    the caller was compiled with. The *_INIT macros set it to the end of the
 *    struct's last field (OBB_STRUCT_SIZE); sizeof(the struct) is as good,
 *    because no field is ever placed in the tail padding of a released
 *    version (obb_client_config 0.3.0 ends in 4 bytes of padding, which
 *    stay unused). Fields are only ever appended. The library reads
 *    min(struct_size, its own size) bytes into a zeroed struct: a field that
 *    does not lie wholly within struct_size takes its default, so a host built
 *    against an older header keeps working, and a newer host's extra fields
 *    are ignored. A struct_size smaller than the struct's first released
 *    version is rejected with OBB_ERR_INVALID_ARGUMENT, never read past.
 *  - Output structs that may grow start with `uint32_t struct_size` too, set by
 *    the library to what it filled; read a field added after a struct's first
 *    version only when OBB_HAS_FIELD says it is there. Other output (the
 *    response of any call) is read through accessors, which can grow freely.
 *  - Strings are NUL-terminated UTF-8. Invalid UTF-8 is rejected, not repaired.
 *  - Memory the library hands out is released with the matching obb_*_free
 *    function, never with free(). Every *_free accepts NULL as a no-op.
 *  - Input is validated before anything is sent. A bad argument gives
 *    OBB_ERR_INVALID_ARGUMENT and a message that names the field.
 *  - No function aborts the host process, whatever it is given (except a
 *    pointer that is neither NULL nor valid, which no library can detect).
 *  - No secret (AccessKeySecret, SecurityToken, signature key) ever appears in a
 *    message, a result or a log line.
 */
#ifndef OUTBOUNDBOT_H
#define OUTBOUNDBOT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Export and nullability macros -------------------------------------- */

#if defined(__GNUC__) || defined(__clang__)
#define OBB_EXTERN extern __attribute__((visibility("default")))
#else
#define OBB_EXTERN extern
#endif

/* Nullability qualifiers are understood by clang only; other compilers see
 * nothing. They make Swift import pointers as optional or not, as documented. */
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wnullability-extension"
#define OBB_NULLABLE _Nullable
#define OBB_NONNULL _Nonnull
#else
#define OBB_NULLABLE
#define OBB_NONNULL
#endif

/* ---- Versions ------------------------------------------------------------ */

#define OBB_VERSION_MAJOR 0
#define OBB_VERSION_MINOR 4
#define OBB_VERSION_PATCH 0
#define OBB_VERSION_STRING "0.4.0"
/* 0xMMmmpp: one byte each for major, minor and patch. */
#define OBB_VERSION_NUM \
    ((OBB_VERSION_MAJOR << 16) | (OBB_VERSION_MINOR << 8) | OBB_VERSION_PATCH)
/* True when the header is at least version x.y.z, for #if checks. */
#define OBB_VERSION_AT_LEAST(x, y, z) \
    (OBB_VERSION_NUM >= (((x) << 16) | ((y) << 8) | (z)))

/*
 * obb_version: the version of the library actually loaded, as "MAJOR.MINOR.PATCH".
 *
 * Compare with OBB_VERSION_STRING to detect a header/library mismatch.
 * The string is static: never free it. Thread-safe.
 */
OBB_EXTERN const char *OBB_NONNULL obb_version(void);

/*
 * obb_version_number: the loaded library's version as OBB_VERSION_NUM encodes it.
 *
 * A host built against this header can require
 * `obb_version_number() >> 16 == OBB_VERSION_MAJOR` at start-up. Thread-safe.
 */
OBB_EXTERN uint32_t obb_version_number(void);

/* ---- Status codes ---------------------------------------------------------- */

typedef enum obb_status {
    OBB_OK = 0,
    /* 1: a NULL pointer, a struct_size too small, invalid UTF-8, a value out of
     *    range, or a CR/LF where one line is required (header values, names,
     *    ids). The message names the field.
     *    Nothing was sent. */
    OBB_ERR_INVALID_ARGUMENT = 1,
    /* 2: no usable credentials: none configured and no source of the default
     *    chain answered, or (on a call) temporary credentials expired and
     *    could not be refreshed. The message names the source and field. */
    OBB_ERR_CREDENTIALS = 2,
    /* 3: the request did not complete: DNS, connect, connection reset, ... */
    OBB_ERR_NETWORK = 3,
    /* 4: the connect or read timeout expired. */
    OBB_ERR_TIMEOUT = 4,
    /* 5: TLS failed: handshake, peer certificate or host name not verified,
     *    CA file unreadable. Verification is never switched off silently. */
    OBB_ERR_TLS = 5,
    /* 6: the service answered with an error (see code, message, request_id,
     *    http_status in the result). */
    OBB_ERR_SERVICE = 6,
    /* 7: the service answered, but with a body this library cannot read as a
     *    result (http_status, body and any request id are kept). */
    OBB_ERR_RESPONSE = 7,
    /* 8: an allocation failed. */
    OBB_ERR_NO_MEMORY = 8,
    /* 9: a failure inside the library or libcurl that fits no other status. */
    OBB_ERR_INTERNAL = 9,
    /* 10: a path lookup found nothing at the path (a JSON null counts as
     *     nothing). Since 0.2.0. */
    OBB_ERR_NOT_FOUND = 10,
    /* 11: a path lookup found a value of another type than asked. Since 0.2.0. */
    OBB_ERR_WRONG_TYPE = 11,
    /* 12: the call was cancelled (its obb_cancel_token, or obb_client_free
     *     with the call in flight) before it could finish. A write that was
     *     cancelled after it was sent may have been performed. Since 0.4.0. */
    OBB_ERR_CANCELLED = 12
} obb_status;

/*
 * obb_status_name: the name of a status, e.g. "OBB_ERR_TIMEOUT".
 *
 * Any integer is accepted; an unknown value gives "OBB_UNKNOWN_STATUS".
 * The string is static: never free it. Thread-safe.
 */
OBB_EXTERN const char *OBB_NONNULL obb_status_name(obb_status status);

/*
 * obb_last_error_message: why the last failing call, on this thread, of a
 * function that returns nothing but a status failed: the path lookups
 * (obb_response_get_*) and the parameter builder (obb_params_*), e.g.
 * "Instance.InstanceId: not found (nothing at Instance)". Like errno, a
 * success does not clear it.
 *
 * Never NULL ("" before any failure). The string belongs to the library and
 * stays valid until the next such failure on the same thread; never free it.
 * Thread-safe: each thread has its own. (Functions with a response, a result
 * or an out_error carry their message there instead.) Since 0.2.0.
 */
OBB_EXTERN const char *OBB_NONNULL obb_last_error_message(void);

/* ---- Struct sizes --------------------------------------------------------------- */

/* The end of `field` in `type`, as a struct_size: what an *_INIT macro puts in
 * struct_size, `field` being the struct's last field. */
#define OBB_STRUCT_SIZE(type, field) \
    ((uint32_t)(offsetof(type, field) + sizeof(((type *)0)->field)))

/* True when the library-filled output struct at `ptr` (of type `type`) holds
 * `field`: fields added after a struct's first version are read only then. */
#define OBB_HAS_FIELD(ptr, type, field) ((ptr)->struct_size >= OBB_STRUCT_SIZE(type, field))

/* ---- Service error codes ----------------------------------------------------
 * The `code` of a result when status is OBB_ERR_SERVICE. The list is not
 * closed: the service may answer with codes not named here. */

/* CreateInstance's own codes. */
#define OBB_CODE_INSTANCE_NAME_DUPLICATED "InvalidInstanceName.Duplicated"        /* 400 */
#define OBB_CODE_CONCURRENT_CONVERSATION_EXCEEDED "LimitExceeded.ConcurrentConversation" /* 400 */
#define OBB_CODE_INTERNAL_ERROR "InternalError"                                   /* 500 */
/* Codes the API gateway answers for any action. */
#define OBB_CODE_INVALID_PARAMETER "InvalidParameter"
#define OBB_CODE_INCOMPLETE_SIGNATURE "IncompleteSignature"
#define OBB_CODE_SIGNATURE_DOES_NOT_MATCH "SignatureDoesNotMatch"
#define OBB_CODE_ACCESS_KEY_NOT_FOUND "InvalidAccessKeyId.NotFound"
#define OBB_CODE_TIMESTAMP_EXPIRED "InvalidTimeStamp.Expired"
#define OBB_CODE_SIGNATURE_NONCE_USED "SignatureNonceUsed"
#define OBB_CODE_THROTTLING_USER "Throttling.User"
#define OBB_CODE_ACTION_NOT_FOUND "InvalidAction.NotFound"
#define OBB_CODE_INVALID_VERSION "InvalidVersion"
#define OBB_CODE_SECURITY_TOKEN_EXPIRED "InvalidSecurityToken.Expired"

/* ---- Client configuration --------------------------------------------------- */

typedef enum obb_protocol {
    OBB_PROTOCOL_HTTPS = 0, /* the default; peer and host are verified */
    OBB_PROTOCOL_HTTP = 1   /* plain text, for a local emulator */
} obb_protocol;

typedef enum obb_signature_version {
    OBB_SIGNATURE_V3 = 0, /* ACS3-HMAC-SHA256, the default */
    OBB_SIGNATURE_V1 = 1  /* RPC signature, HMAC-SHA1 */
} obb_signature_version;

/*
 * Where a client's credentials come from (obb_client_config.credentials_source).
 *
 * The default chain, in the order of the official credentials libraries:
 *  1. the environment: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET
 *     and (optional) ALIBABA_CLOUD_SECURITY_TOKEN;
 *  2. OIDC (ACK RRSA): ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
 *     ALIBABA_CLOUD_OIDC_TOKEN_FILE (ALIBABA_CLOUD_ROLE_SESSION_NAME optional);
 *  3. the aliyun CLI's ~/.aliyun/config.json: the profile named by `profile`,
 *     else ALIBABA_CLOUD_PROFILE, else the file's "current"; modes AK,
 *     StsToken, RamRoleArn, EcsRamRole, OIDC and ChainableRamRoleArn;
 *  4. ~/.alibabacloud/credentials.ini, or the file ALIBABA_CLOUD_CREDENTIALS_FILE
 *     names: the profile named as in 3, else "default"; types access_key,
 *     sts, ram_role_arn, ecs_ram_role and oidc_role_arn;
 *  5. the ECS instance's RAM role from the metadata service (IMDSv2), asked
 *     only when DMI says this is an Alibaba Cloud ECS instance, when
 *     ALIBABA_CLOUD_ECS_METADATA names a role, or when the configuration asks
 *     (ecs_role_name, or OBB_CREDENTIALS_ECS_RAM_ROLE);
 *     ALIBABA_CLOUD_ECS_METADATA_DISABLED=true turns it off. Elsewhere this
 *     step sends nothing;
 *  6. ALIBABA_CLOUD_CREDENTIALS_URI: a GET answering
 *     {"Code":"Success","AccessKeyId",...,"Expiration"}.
 * A step whose source is absent is skipped; one that is present but fails is
 * logged (OBB_LOG_WARNING) and the chain goes on. The provider that answered
 * is logged at OBB_LOG_INFO and kept for refreshes.
 *
 * Temporary credentials are refreshed before they expire: once less than
 * 3 minutes, or a quarter of their lifetime if shorter, remain. One thread
 * refreshes; the others keep using the current credentials while they are
 * valid and wait only when none are. A failed refresh keeps the old
 * credentials while they last and is retried with backoff (1 s to 30 s).
 */
typedef enum obb_credentials_source {
    OBB_CREDENTIALS_AUTO = 0,          /* access_key_id when set, else the default chain */
    OBB_CREDENTIALS_DEFAULT_CHAIN = 1, /* the chain above, ignoring access_key_id */
    OBB_CREDENTIALS_STATIC = 2,        /* only access_key_id/secret/security_token */
    OBB_CREDENTIALS_ENVIRONMENT = 3,   /* only step 1 */
    OBB_CREDENTIALS_OIDC = 4,          /* only step 2 */
    OBB_CREDENTIALS_CLI_PROFILE = 5,   /* only step 3 */
    OBB_CREDENTIALS_FILE = 6,          /* only step 4 */
    OBB_CREDENTIALS_ECS_RAM_ROLE = 7,  /* only step 5, asked for */
    OBB_CREDENTIALS_URI = 8            /* only step 6 */
} obb_credentials_source;

/* How much the library logs (obb_client_config.log_level). */
typedef enum obb_log_level {
    OBB_LOG_ERROR = 1,
    OBB_LOG_WARNING = 2,
    OBB_LOG_INFO = 3,   /* the default: credentials, refreshes, one line per HTTP attempt */
    OBB_LOG_DEBUG = 4   /* also each request line and its headers, redacted */
} obb_log_level;

/*
 * A log line. `message` is one line of UTF-8 without a trailing newline,
 * valid only during the callback (copy it to keep it). `level` is an
 * obb_log_level.
 *
 * What is logged (since 0.4.0): at OBB_LOG_INFO one line per HTTP attempt,
 *     attempt 1/3 CreateInstance: HTTP 500 InternalError request-id 5F0C...
 *     in 12 ms: ambiguous, looking the instance up
 * with the decision last: "done", "retry in N ms", "give up: ...",
 * "reconciled: found ...". At OBB_LOG_DEBUG also each request line and its
 * headers. The Authorization header's signature, the x-acs-security-token
 * header, and the Signature and SecurityToken query parameters appear as
 * <redacted>; an AccessKeySecret or a security token never appears at all.
 *
 * It runs synchronously on the thread doing the work: obb_client_new's
 * thread while credentials are found, the calling thread of a blocking call,
 * and the client's I/O thread for asynchronous calls (obb_call_async).
 * Several threads may run it at once, so it must be thread-safe. It may call
 * the library, except obb_client_free on the client that is logging. It
 * should return quickly: the I/O thread serves every asynchronous call.
 */
typedef void (*obb_log_callback)(void *OBB_NULLABLE user_data, int32_t level, const char *OBB_NONNULL message);

/* The lowest TLS version a client accepts (obb_client_config.tls_min_version). */
typedef enum obb_tls_version {
    OBB_TLS_1_2 = 0, /* the default */
    OBB_TLS_1_3 = 1
} obb_tls_version;

/*
 * Retries (since 0.4.0). Every call follows one retry policy: the client's
 * (max_attempts, retry_base_delay_ms, retry_max_delay_ms, deadline_ms below),
 * which an obb_call_options may override per call. Retries are on by default:
 * 3 attempts.
 *
 * Retried, for every action:
 *  - failures where the request never reached the service: DNS, connection
 *    refused, a connect timeout, a failed TLS handshake;
 *  - throttling: a Throttling* code, HTTP 429, or HTTP 503 with a
 *    Retry-After.
 * Retried for read-only actions only (Describe*, List*, Get*, Query*, ...;
 * `outboundbot help ACTION` says which): HTTP 5xx, a connection reset or
 * closed mid-answer, a read timeout, an unreadable answer.
 * For CreateInstance, such an ambiguous outcome is reconciled before any
 * retry: the instance is looked up by its exact name through ListInstances
 * (every page) and compared with the request (name, description,
 * max_concurrent_conversation, created no earlier than 60 s before the first
 * attempt began, for clock skew). Found: the call succeeds, its body is a
 * CreateInstance answer carrying the instance found, and
 * obb_response_reconciled gives 1. Not found: it is retried. An
 * InvalidInstanceName.Duplicated answer to a retry that follows an ambiguous
 * attempt is reconciled the same way. AssignJobs is reconciled when every job
 * in JobsJson carries a distinct referenceId (the job's, else its first
 * contact's): ListJobsByGroup (every page) finding all of them is success
 * (the answer's JobsId lists their ids), none is a retry, some is a definite
 * error (a retry would assign those jobs twice). Other writes whose request
 * may have reached the service are never retried: the error says so.
 *
 * Timing: exponential backoff with full jitter, a random wait in
 * [0, min(retry_max_delay_ms, retry_base_delay_ms * 2^(n-1))] before retry n,
 * or longer when the service asks (x-acs-retry-after in milliseconds,
 * Retry-After in seconds or as an HTTP date). Every attempt is signed afresh:
 * new nonce, new date. The deadline bounds the whole call, attempts, waits
 * and lookups together; a wait that would pass it is not started and the
 * call gives up with the last error. Each attempt is bounded by
 * read_timeout_ms and by what is left of the deadline.
 *
 * Reporting: obb_response_attempts is the true number of HTTP attempts of the
 * action itself (lookups are not counted). The last error is the one
 * reported; each attempt's outcome and the decision taken reach the log
 * callback at OBB_LOG_INFO.
 */

/*
 * Settings of a client. Start from OBB_CLIENT_CONFIG_INIT (or
 * obb_client_config_init) so that struct_size is right and every other field
 * has its default; NULL strings and zero numbers mean "the default".
 * The library copies what it needs: the strings may be freed once
 * obb_client_new returns.
 */
typedef struct obb_client_config {
    uint32_t struct_size;          /* set by OBB_CLIENT_CONFIG_INIT; see the conventions */
    const char *OBB_NULLABLE region;   /* default "cn-shanghai" */
    /* host or host:port; default "outboundbot.<region>.aliyuncs.com" */
    const char *OBB_NULLABLE endpoint;
    int32_t protocol;              /* an obb_protocol; default HTTPS */
    int32_t signature_version;     /* an obb_signature_version; default V3 */
    /* A fixed key. When access_key_id is NULL, the default chain finds
     * credentials (see obb_credentials_source). */
    const char *OBB_NULLABLE access_key_id;
    const char *OBB_NULLABLE access_key_secret;
    const char *OBB_NULLABLE security_token;   /* STS token, optional */
    uint32_t connect_timeout_ms;   /* default 5000 */
    /* default 10000: the longest a call waits for the complete answer, counted
     * from its start (a new connection's set-up included, which
     * connect_timeout_ms bounds on its own as well). */
    uint32_t read_timeout_ms;
    const char *OBB_NULLABLE ca_file;          /* PEM CA bundle; default: the system's */
    const char *OBB_NULLABLE user_agent_suffix; /* appended to the User-Agent */
    /* ---- the first version (0.1.0) ends here; the library accepts it ---- */
    /* Since 0.2.0: idle keep-alive connections the client keeps for reuse;
     * default 64. More concurrent calls still work: their extra connections
     * are closed when the call ends. */
    uint32_t max_idle_connections;
    /* Since 0.2.0: the largest answer body accepted, in bytes; default 16 MiB
     * (16777216). A larger answer fails with OBB_ERR_RESPONSE. */
    uint32_t max_response_bytes;
    /* ---- 0.2.0 ends here ---- */
    /* Since 0.3.0: an obb_credentials_source; default OBB_CREDENTIALS_AUTO. */
    int32_t credentials_source;
    /* Since 0.3.0: the budget of the whole ECS metadata exchange, 1 to 60000 ms;
     * default 1000. A metadata service that hangs costs this, once. */
    uint32_t ecs_metadata_timeout_ms;
    /* Since 0.3.0: the profile to read in ~/.aliyun/config.json or the
     * credentials file; default ALIBABA_CLOUD_PROFILE, else the file's own. */
    const char *OBB_NULLABLE profile;
    /* Since 0.3.0: STS, host[:port], reached with `protocol`; default
     * $OBB_STS_ENDPOINT, else sts.<sts region or region>.aliyuncs.com. */
    const char *OBB_NULLABLE sts_endpoint;
    /* Since 0.3.0: the ECS metadata service, host[:port] over plain HTTP;
     * default $OBB_ECS_METADATA_ENDPOINT, else 100.100.100.200. */
    const char *OBB_NULLABLE ecs_metadata_endpoint;
    /* Since 0.3.0: the instance's RAM role name; setting it asks the chain to
     * use the metadata service. Default: ask the service. */
    const char *OBB_NULLABLE ecs_role_name;
    /* Since 0.3.0: where log lines go (NULL: nowhere), the pointer passed back
     * to it, and the most detailed obb_log_level delivered (0: INFO). */
    obb_log_callback OBB_NULLABLE log_callback;
    void *OBB_NULLABLE log_user_data;
    int32_t log_level;
    /* ---- 0.3.0 ends here ---- */
    /* (The 4 bytes of padding after log_level stay unused: a 0.3.0 host that
     * passes sizeof as struct_size covers them, so no field may live there.) */
    /* Since 0.4.0: the retry policy (see "Retries" above). Unlike the fields
     * before it, 0 is not "the default" here: OBB_CLIENT_CONFIG_INIT and
     * obb_client_config_init set the defaults. */
    int64_t retry_base_delay_ms;   /* 0 to 600000; default 200 */
    int64_t retry_max_delay_ms;    /* retry_base_delay_ms to 600000; default 5000 */
    /* The whole call, every attempt, wait and lookup included: 1 to 86400000,
     * or 0 (the default) for max_attempts * read_timeout_ms + (max_attempts - 1)
     * * retry_max_delay_ms + read_timeout_ms, room for every retry and a
     * reconciliation. */
    int64_t deadline_ms;
    /* Since 0.4.0: the proxy, "http://host:port" (or https://, socks5://),
     * user:password@ allowed. NULL: libcurl's environment variables
     * (http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY); "": no proxy at all. */
    const char *OBB_NULLABLE proxy;
    /* Since 0.4.0: hosts reached without the proxy, as NO_PROXY lists them
     * ("localhost,.internal"); NULL: $NO_PROXY. */
    const char *OBB_NULLABLE no_proxy;
    int32_t max_attempts;          /* Since 0.4.0: 1 to 100; default 3; 1 turns retries off */
    int32_t tls_min_version;       /* Since 0.4.0: an obb_tls_version; default 1.2 */
} obb_client_config;

#define OBB_CLIENT_CONFIG_INIT \
    { OBB_STRUCT_SIZE(obb_client_config, tls_min_version), NULL, NULL, 0, 0, NULL, NULL, NULL, \
      0, 0, NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, \
      200, 5000, 0, NULL, NULL, 3, 0 }

/*
 * obb_client_config_init: set *config to the defaults, as OBB_CLIENT_CONFIG_INIT
 * does, for hosts (FFI) that cannot use the macro.
 *
 * struct_size: sizeof(*config) as the caller knows it; exactly that many bytes
 * are written (the defaults of OBB_CLIENT_CONFIG_INIT, struct_size set to this
 * value), whatever version of the struct the caller has.
 * Returns OBB_OK, or OBB_ERR_INVALID_ARGUMENT when config is NULL or
 * struct_size is smaller than the first version of the struct (nothing is
 * written then). Thread-safe.
 */
OBB_EXTERN obb_status obb_client_config_init(obb_client_config *OBB_NULLABLE config,
                                             size_t struct_size);

/* ---- Client -------------------------------------------------------------------- */

/* An OutboundBot client: endpoint, credentials, signer and a pool of
 * keep-alive connections. Opaque. */
typedef struct obb_client obb_client;

/*
 * obb_client_new: create a client.
 *
 * out_client: OUT, receives the new client on OBB_OK and NULL otherwise;
 *             the caller owns it and releases it with obb_client_free.
 * config:     the settings (see obb_client_config); NULL means all defaults.
 * out_error:  OUT, optional (NULL allowed). On failure it receives a message
 *             naming what was wrong, to be released with obb_string_free; on
 *             success it receives NULL.
 *
 * Returns OBB_OK; OBB_ERR_INVALID_ARGUMENT (out_client NULL, struct_size too
 * small, invalid UTF-8, unknown protocol, signature version, credentials
 * source or log level, a malformed endpoint, CR/LF in a value sent as a
 * header, a timeout out of range); OBB_ERR_CREDENTIALS (no source of the
 * chain answered, or the chosen one failed: the message names each source
 * and field, never a secret); OBB_ERR_NO_MEMORY; OBB_ERR_INTERNAL (libcurl
 * could not be initialised).
 *
 * With a fixed key nothing is sent. Otherwise the credentials are found now:
 * files are read, and STS, the ECS metadata service or a credentials URI
 * may be asked, each bounded by its timeout. The first call in the process
 * initialises libcurl (curl_global_init, exactly once for the process).
 * Thread-safe.
 */
OBB_EXTERN obb_status obb_client_new(obb_client *OBB_NULLABLE *OBB_NULLABLE out_client,
                                     const obb_client_config *OBB_NULLABLE config,
                                     char *OBB_NULLABLE *OBB_NULLABLE out_error);

/*
 * obb_client_free: release a client, its connections and its copy of the
 * credentials.
 *
 * Asynchronous calls still in flight (obb_call_async) are completed first,
 * each exactly once, with OBB_ERR_CANCELLED; their callbacks have all
 * returned when obb_client_free returns. Called from such a callback (on the
 * client's own I/O thread), it does not wait: the remaining calls complete
 * with OBB_ERR_CANCELLED after the callback returns, and the client is
 * released then.
 *
 * NULL is a harmless no-op. The caller must make sure no other thread is using
 * the client (blocking calls, or starting asynchronous ones), and must not use
 * it afterwards.
 */
OBB_EXTERN void obb_client_free(obb_client *OBB_NULLABLE client);

/*
 * obb_string_free: release a string the library returned (e.g. out_error).
 * NULL is a harmless no-op.
 */
OBB_EXTERN void obb_string_free(char *OBB_NULLABLE string);

/* ---- CreateInstance -------------------------------------------------------------- */

/* The parameters of CreateInstance. Start from OBB_CREATE_INSTANCE_REQUEST_INIT.
 * Strings are borrowed for the duration of the call only. */
typedef struct obb_create_instance_request {
    uint32_t struct_size;                    /* set by OBB_CREATE_INSTANCE_REQUEST_INIT */
    const char *OBB_NULLABLE instance_name;  /* required; 1 to 256 characters, unique per account */
    const char *OBB_NULLABLE instance_description; /* optional */
    int64_t max_concurrent_conversation;     /* required; 1 to 2147483647 */
    /* optional: "Managed", "Authorized", "Provided" or "DialogStudio" */
    const char *OBB_NULLABLE nlu_service_type;
    const char *OBB_NULLABLE resource_group_id;    /* optional */
    /* optional: calling_number_count numbers, sent as CallingNumber.1..N;
     * may be NULL only when the count is 0. */
    const char *OBB_NULLABLE const *OBB_NULLABLE calling_numbers;
    size_t calling_number_count;             /* at most 1000 */
} obb_create_instance_request;

#define OBB_CREATE_INSTANCE_REQUEST_INIT \
    { OBB_STRUCT_SIZE(obb_create_instance_request, calling_number_count), NULL, NULL, 0, NULL, NULL, \
      NULL, 0 }

/* An instance as the service describes it. Every string is non-NULL
 * ("" when the service did not send the field); numbers are 0 when absent. */
typedef struct obb_instance {
    char *OBB_NULLABLE instance_id;
    char *OBB_NULLABLE instance_name;
    char *OBB_NULLABLE instance_description;
    int64_t creation_time;                 /* milliseconds since the Unix epoch */
    int64_t creator_id;
    char *OBB_NULLABLE creator_name;
    char *OBB_NULLABLE owner_name;
    char *OBB_NULLABLE resource_group_id;
    int64_t max_concurrent_conversation;
} obb_instance;

/* The outcome of obb_create_instance, filled on success and on failure alike.
 * Every string is non-NULL ("" when there is nothing to say). */
typedef struct obb_create_instance_result {
    obb_status status;          /* the same value the call returned */
    int32_t http_status;        /* 0 when no HTTP answer was received */
    /* The service's Code ("OK", OBB_CODE_*, ...); "" when the service did not
     * answer or sent none. */
    char *OBB_NULLABLE code;
    /* The service's Message, or the library's own explanation of a local
     * failure (which field was invalid, which network step failed). */
    char *OBB_NULLABLE message;
    char *OBB_NULLABLE request_id; /* RequestId, from the body or a header */
    int32_t success;            /* 1 when the service reported success, else 0 */
    /* The raw response body, NUL-terminated, body_length bytes before the NUL
     * (it may contain NULs). "" when there was none. */
    char *OBB_NULLABLE body;
    size_t body_length;
    int32_t has_instance;       /* 1 when `instance` was filled from the answer */
    obb_instance instance;
    uint32_t attempts;          /* HTTP attempts made: 0 when nothing was sent */
    /* Since 0.4.0 (read it only when obb_version_number() is at least
     * 0x000400): 1 when an ambiguous attempt was reconciled, the instance
     * being found by ListInstances rather than in a CreateInstance answer. */
    int32_t reconciled;
} obb_create_instance_result;

/*
 * obb_create_instance: create an OutboundBot instance (action CreateInstance).
 *
 * client:     a client from obb_client_new.
 * request:    the parameters (see obb_create_instance_request).
 * out_result: OUT, receives a result the caller owns and releases with
 *             obb_create_instance_result_free, on success and on every failure
 *             except out_result == NULL (then OBB_ERR_INVALID_ARGUMENT is
 *             returned and nothing else happens).
 *
 * Returns OBB_OK when the service created the instance;
 * OBB_ERR_INVALID_ARGUMENT (NULL client or request, struct_size too small,
 * invalid UTF-8, empty or over-long instance_name, max_concurrent_conversation
 * outside 1..2147483647, a NULL calling_numbers array or entry, CR, LF or
 * NUL in a name, id or number (instance_description may span lines);
 * nothing was sent); OBB_ERR_SERVICE; OBB_ERR_NETWORK; OBB_ERR_TIMEOUT;
 * OBB_ERR_TLS; OBB_ERR_RESPONSE; OBB_ERR_NO_MEMORY; OBB_ERR_INTERNAL.
 *
 * The call blocks until the answer, the deadline or the last attempt. It
 * follows the client's retry policy, and a create whose outcome was ambiguous
 * (a timeout, a reset, a 5xx) is reconciled before any retry, so the instance
 * is created exactly once (see "Retries"); OBB_ERR_CANCELLED is not returned.
 *
 * Thread-safe: many threads may call it on one client at once; each call uses
 * its own connection from the client's keep-alive pool.
 */
OBB_EXTERN obb_status obb_create_instance(
    obb_client *OBB_NULLABLE client,
    const obb_create_instance_request *OBB_NULLABLE request,
    obb_create_instance_result *OBB_NULLABLE *OBB_NULLABLE out_result);

/*
 * obb_create_instance_result_free: release a result and every string in it.
 * NULL is a harmless no-op. Thread-safe for distinct results.
 */
OBB_EXTERN void obb_create_instance_result_free(obb_create_instance_result *OBB_NULLABLE result);

/* ---- Responses (since 0.2.0) ------------------------------------------------------
 *
 * The outcome of any call (obb_call, obb_call_params, obb_delete_instance, the
 * response inside obb_instance_result and obb_instance_page, a pager item):
 * an opaque handle, read through accessors, released with obb_response_free.
 *
 * Accessors on one response may be called from any number of threads at once,
 * lookups included (the body is parsed once, on the first lookup, under a
 * lock). Strings they return are borrowed from the response: valid until
 * obb_response_free, never NULL, never to be freed by the caller. On a NULL
 * response they give the value of "nothing": OBB_ERR_INVALID_ARGUMENT, 0, "".
 */
typedef struct obb_response obb_response;

/* The status of the call: the value the call returned. Thread-safe (as is
 * every accessor below). */
OBB_EXTERN obb_status obb_response_status(const obb_response *OBB_NULLABLE response);

/* The HTTP status of the answer; 0 when no HTTP answer was received. */
OBB_EXTERN int32_t obb_response_http_status(const obb_response *OBB_NULLABLE response);

/* The service's Code ("OK", OBB_CODE_*, ...); "" when it sent none or did not
 * answer. */
OBB_EXTERN const char *OBB_NONNULL obb_response_code(const obb_response *OBB_NULLABLE response);

/* The service's Message, or the library's own explanation of a local failure
 * (which parameter was invalid and why, which network step failed). */
OBB_EXTERN const char *OBB_NONNULL obb_response_message(const obb_response *OBB_NULLABLE response);

/* RequestId, from the body or the x-acs-request-id header; "" when none. */
OBB_EXTERN const char *OBB_NONNULL obb_response_request_id(const obb_response *OBB_NULLABLE response);

/* 1 when the service reported success, else 0. */
OBB_EXTERN int32_t obb_response_success(const obb_response *OBB_NULLABLE response);

/* The raw body, NUL-terminated; *out_length (optional, NULL allowed) receives
 * its length in bytes before that NUL (the body may itself contain NULs).
 * "" and 0 when there was none. */
OBB_EXTERN const char *OBB_NONNULL obb_response_body(const obb_response *OBB_NULLABLE response,
                                                     size_t *OBB_NULLABLE out_length);

/* HTTP attempts the call made: 0 when nothing was sent. */
OBB_EXTERN uint32_t obb_response_attempts(const obb_response *OBB_NULLABLE response);

/* 1 when the call succeeded by reconciliation: an attempt's outcome was
 * ambiguous and the resource was then found by a lookup (see "Retries");
 * else 0. Since 0.4.0. */
OBB_EXTERN int32_t obb_response_reconciled(const obb_response *OBB_NULLABLE response);

/*
 * obb_response_get_string, _get_int64, _get_bool, _get_array_length: read one
 * value of the JSON body by path.
 *
 * path: member names separated by '.', array indexes (0-based) in brackets:
 *       "Instance.InstanceId", "Instances[0].InstanceName", "Jobs.List[2].JobId".
 *       A name matches exactly first, then ignoring case. At most 4096 bytes.
 * out_value: OUT, written only on OBB_OK.
 *   _get_string: a copy the caller releases with obb_string_free. A number is
 *       given as its decimal text. A string containing NUL ends at it.
 *   _get_int64: an integer, or a string holding a decimal integer that fits.
 *   _get_bool: 1 or 0, from true/false or the string "true"/"false" (any case).
 *   _get_array_length: the number of elements of the array at path.
 *
 * Returns OBB_OK; OBB_ERR_NOT_FOUND (nothing at path, a JSON null, an index
 * past the end); OBB_ERR_WRONG_TYPE (a value of another type: an object where
 * a string was asked, a fraction or an out-of-range number for an int64, ...);
 * OBB_ERR_INVALID_ARGUMENT (NULL response, path or out_value; a malformed path:
 * empty, an empty name, an unterminated '[', an index that is not a decimal
 * number or exceeds the platform's integers); OBB_ERR_RESPONSE (the body is
 * not JSON, e.g. no answer arrived); OBB_ERR_NO_MEMORY. Every failure sets
 * obb_last_error_message, naming the path. Nothing is sent. Thread-safe.
 */
OBB_EXTERN obb_status obb_response_get_string(const obb_response *OBB_NULLABLE response,
                                              const char *OBB_NULLABLE path,
                                              char *OBB_NULLABLE *OBB_NULLABLE out_value);
OBB_EXTERN obb_status obb_response_get_int64(const obb_response *OBB_NULLABLE response,
                                             const char *OBB_NULLABLE path,
                                             int64_t *OBB_NULLABLE out_value);
OBB_EXTERN obb_status obb_response_get_bool(const obb_response *OBB_NULLABLE response,
                                            const char *OBB_NULLABLE path,
                                            int32_t *OBB_NULLABLE out_value);
OBB_EXTERN obb_status obb_response_get_array_length(const obb_response *OBB_NULLABLE response,
                                                    const char *OBB_NULLABLE path,
                                                    size_t *OBB_NULLABLE out_length);

/*
 * obb_response_free: release a response and every string borrowed from it.
 * NULL is a harmless no-op. No other thread may be using the response; a
 * response owned by a result or page (obb_instance_result, obb_instance_page)
 * is released with it, never on its own.
 */
OBB_EXTERN void obb_response_free(obb_response *OBB_NULLABLE response);

/* ---- Any action: the generic call (since 0.2.0) ------------------------------------- */

/*
 * obb_call: call any action of OutboundBot 2019-12-26 by name.
 *
 * client:      a client from obb_client_new.
 * action:      the action's name, e.g. "ListInstances", "CreateJobGroup".
 * params_json: the parameters as one JSON object, or NULL or "" for none:
 *              {"InstanceId":"i-1","CallingNumber":["95187"],
 *               "IntentDefinition":{"IntentName":"x"}}
 *              Numbers are written without quotes, booleans as true/false; an
 *              array becomes a repeat-list (Name.1, Name.2, ...), an object a
 *              JSON-style parameter or Name.N.Field, as the action's
 *              definition says. A null member counts as absent. At most 8 MiB.
 * out_response: OUT, receives a response the caller owns and releases with
 *              obb_response_free, on success and on every failure except
 *              out_response == NULL (then OBB_ERR_INVALID_ARGUMENT is returned
 *              and nothing else happens). Its status is the return value.
 *
 * Before anything is sent, the request is checked against the library's
 * catalogue of the API: an unknown action or parameter (the message suggests
 * the nearest known name), a missing required parameter, a value of the wrong
 * type, an integer out of its range, CR, LF or NUL in an id or a name, invalid
 * UTF-8 or malformed JSON each give OBB_ERR_INVALID_ARGUMENT with a message
 * naming the action and the parameter, and nothing is sent.
 *
 * Returns OBB_OK when the service answered with success; otherwise
 * OBB_ERR_INVALID_ARGUMENT, OBB_ERR_SERVICE, OBB_ERR_NETWORK, OBB_ERR_TIMEOUT,
 * OBB_ERR_TLS, OBB_ERR_RESPONSE, OBB_ERR_NO_MEMORY, OBB_ERR_INTERNAL, or
 * OBB_ERR_CREDENTIALS (temporary credentials expired and could not be
 * refreshed), with the detail in the response. Temporary credentials are
 * refreshed on the calling thread when due (see obb_credentials_source). The
 * call blocks until the answer, the deadline or the last attempt, following
 * the client's retry policy (see "Retries"). Thread-safe, as
 * obb_create_instance is.
 */
OBB_EXTERN obb_status obb_call(obb_client *OBB_NULLABLE client, const char *OBB_NULLABLE action,
                               const char *OBB_NULLABLE params_json,
                               obb_response *OBB_NULLABLE *OBB_NULLABLE out_response);

/* ---- Per-call options, cancellation and asynchronous calls (since 0.4.0) ------------- */

/* A cancellation token: cancels every call that carries it, on any thread.
 * Opaque; created by obb_cancel_token_new, released by obb_cancel_token_free.
 * Once cancelled it stays cancelled: a call started later with it completes
 * at once with OBB_ERR_CANCELLED. */
typedef struct obb_cancel_token obb_cancel_token;

/*
 * obb_cancel_token_new: a new, uncancelled token in *out_token, released with
 * obb_cancel_token_free.
 * Returns OBB_OK, OBB_ERR_INVALID_ARGUMENT (out_token NULL), OBB_ERR_NO_MEMORY.
 * Thread-safe.
 */
OBB_EXTERN obb_status obb_cancel_token_new(obb_cancel_token *OBB_NULLABLE *OBB_NULLABLE out_token);

/*
 * obb_cancel_token_cancel: cancel every call carrying the token.
 *
 * A blocking call returns OBB_ERR_CANCELLED promptly: at once while it waits
 * between attempts, within about a second while a transfer is under way. An
 * asynchronous call's callback receives OBB_ERR_CANCELLED. The token stays
 * cancelled.
 *
 * Returns OBB_OK when at least one call was in flight with the token;
 * OBB_ERR_NOT_FOUND when none was (the calls had finished, or none started;
 * the token is cancelled all the same); OBB_ERR_INVALID_ARGUMENT for NULL or a
 * token already freed. Thread-safe: any thread, the callbacks included.
 */
OBB_EXTERN obb_status obb_cancel_token_cancel(obb_cancel_token *OBB_NULLABLE token);

/*
 * obb_cancel_token_free: release the caller's token. Calls in flight with it
 * keep their own reference, so freeing it never disturbs them (it no longer
 * lets anyone cancel them, though).
 *
 * Returns OBB_OK (NULL is a no-op that also gives OBB_OK), or
 * OBB_ERR_INVALID_ARGUMENT when the token is not a live token, for example
 * one already freed: the library checks before touching it, so a double free
 * is reported rather than corrupting memory. Thread-safe.
 */
OBB_EXTERN obb_status obb_cancel_token_free(obb_cancel_token *OBB_NULLABLE token);

/* A field of obb_call_options that takes the client's setting. */
#define OBB_FROM_CLIENT (-1)

/* Options of one call. Start from OBB_CALL_OPTIONS_INIT (or
 * obb_call_options_init): every field then takes the client's setting. */
typedef struct obb_call_options {
    uint32_t struct_size;          /* set by OBB_CALL_OPTIONS_INIT */
    int32_t max_attempts;          /* OBB_FROM_CLIENT, or 1 to 100 */
    int64_t retry_base_delay_ms;   /* OBB_FROM_CLIENT, or 0 to 600000 */
    int64_t retry_max_delay_ms;    /* OBB_FROM_CLIENT, or base to 600000 */
    int64_t deadline_ms;           /* OBB_FROM_CLIENT, 0 (derived), or 1 to 86400000 */
    /* Cancels the call when cancelled; NULL: none. Borrowed: the call keeps
     * its own reference, so the caller may free the token at any time. */
    obb_cancel_token *OBB_NULLABLE cancel_token;
} obb_call_options;

#define OBB_CALL_OPTIONS_INIT \
    { OBB_STRUCT_SIZE(obb_call_options, cancel_token), OBB_FROM_CLIENT, OBB_FROM_CLIENT, \
      OBB_FROM_CLIENT, OBB_FROM_CLIENT, NULL }

/*
 * obb_call_options_init: set *options as OBB_CALL_OPTIONS_INIT does, for FFI
 * hosts; exactly struct_size bytes are written.
 * Returns OBB_OK, or OBB_ERR_INVALID_ARGUMENT (options NULL, or struct_size
 * smaller than the first version). Thread-safe.
 */
OBB_EXTERN obb_status obb_call_options_init(obb_call_options *OBB_NULLABLE options, size_t struct_size);

/*
 * obb_call_with_options: obb_call with a per-call retry policy, deadline and
 * cancellation token.
 *
 * options: NULL means OBB_CALL_OPTIONS_INIT. Out-of-range values (an attempt
 *          count of 0 or over 100, a negative or enormous delay or deadline,
 *          a struct_size too small) give OBB_ERR_INVALID_ARGUMENT, naming the
 *          field, and nothing is sent.
 * Everything else is as obb_call: the response in *out_response on every path
 * but out_response == NULL. Also returns OBB_ERR_CANCELLED (the token was
 * cancelled) and OBB_ERR_TIMEOUT (the deadline passed; the message says so).
 * Thread-safe.
 */
OBB_EXTERN obb_status obb_call_with_options(obb_client *OBB_NULLABLE client, const char *OBB_NULLABLE action,
                                            const char *OBB_NULLABLE params_json,
                                            const obb_call_options *OBB_NULLABLE options,
                                            obb_response *OBB_NULLABLE *OBB_NULLABLE out_response);

/*
 * The completion of an asynchronous call. `response` belongs to the callback's
 * receiver, who releases it with obb_response_free, on any thread, at any
 * time; its status (obb_response_status) is the call's outcome.
 *
 * It runs on the client's I/O thread (one per client, started by the first
 * asynchronous call), never inside obb_call_async, exactly once per accepted
 * call. It may call the library: read and free the response, start more
 * asynchronous calls, cancel tokens. It should not make blocking calls
 * (obb_call, obb_create_instance, ...) on the same client, nor wait long: every
 * asynchronous call of the client waits while it runs. It must not call
 * obb_client_free on its client and then use the client again.
 */
typedef void (*obb_completion_callback)(void *OBB_NULLABLE user_data, obb_response *OBB_NONNULL response);

/*
 * obb_call_async: start a call of any action and return at once; the result
 * arrives at `callback`.
 *
 * client, action, params_json, options: as obb_call_with_options.
 * callback:  required; receives user_data and the response (see
 *            obb_completion_callback).
 *
 * Calls run on libcurl's multi interface, on the client's one I/O thread:
 * thousands may be in flight on one client without a thread each (at most
 * 256 connections are open at once; further transfers queue inside libcurl,
 * their timeouts running). They follow the same pipeline as blocking calls:
 * validation, retries, reconciliation of CreateInstance and AssignJobs,
 * deadline, logging. Temporary credentials due for refresh are refreshed on
 * the I/O thread, holding up its other calls for that one STS exchange.
 * Cancel a call with its options' cancel_token; obb_client_free cancels them
 * all.
 *
 * Returns OBB_OK when the call was accepted: the callback will run exactly
 * once, whatever happens (an unknown action or a parameter the catalogue
 * refuses is reported there, as OBB_ERR_INVALID_ARGUMENT, nothing sent).
 * Otherwise the callback never runs, the reason is in
 * obb_last_error_message, and the status is OBB_ERR_INVALID_ARGUMENT (NULL
 * client, action or callback; params_json not a JSON object or not UTF-8;
 * options out of range or a token already freed), OBB_ERR_NO_MEMORY, or
 * OBB_ERR_INTERNAL (the I/O thread could not be started). Thread-safe,
 * callbacks included.
 */
OBB_EXTERN obb_status obb_call_async(obb_client *OBB_NULLABLE client, const char *OBB_NULLABLE action,
                                     const char *OBB_NULLABLE params_json,
                                     const obb_call_options *OBB_NULLABLE options,
                                     obb_completion_callback OBB_NULLABLE callback,
                                     void *OBB_NULLABLE user_data);

/* ---- Parameters without JSON (since 0.2.0) --------------------------------------------
 *
 * A parameter builder, for C callers with no JSON at hand:
 *
 *     obb_params *params = NULL;
 *     obb_params_new(&params);
 *     obb_params_add_string(params, "InstanceId", instance_id);
 *     obb_params_add_string(params, "JobGroupName", "spring campaign");
 *     obb_call_params(client, "CreateJobGroup", params, &response);
 *     obb_params_free(params);
 *
 * The builder checks what it can alone (NULL, UTF-8, counts, JSON syntax);
 * the call checks names and types against the action, as obb_call does.
 * Adding a name again replaces its value. Strings and arrays are copied: they
 * may be freed once the add returns.
 *
 * A builder is NOT thread-safe: one thread adds at a time. Once built, it may
 * be passed to obb_call_params from any number of threads at once, as long as
 * none adds to it meanwhile.
 */
typedef struct obb_params obb_params;

/*
 * obb_params_new: a new, empty builder in *out_params, to be released with
 * obb_params_free.
 * Returns OBB_OK, or OBB_ERR_INVALID_ARGUMENT when out_params is NULL (also
 * set in obb_last_error_message). Thread-safe.
 */
OBB_EXTERN obb_status obb_params_new(obb_params *OBB_NULLABLE *OBB_NULLABLE out_params);

/*
 * obb_params_add_*: set the parameter `name` (e.g. "InstanceId").
 *
 *   _string:      a string (a JSON string).
 *   _int:         an integer; the action's definition decides its range.
 *   _bool:        0 is false, anything else true.
 *   _string_list: `count` strings, sent as Name.1 ... Name.count; `values`
 *                 may be NULL only when count is 0 (an empty list).
 *   _int_list:    `count` integers, likewise.
 *   _json:        any JSON value as text, for objects and lists of objects:
 *                 obb_params_add_json(p, "IntentDefinition", "{\"IntentName\":\"x\"}").
 *
 * Returns OBB_OK; OBB_ERR_INVALID_ARGUMENT (params, name or a value NULL, an
 * empty name, invalid UTF-8, a NULL list entry, more than 10000 elements,
 * malformed JSON); OBB_ERR_NO_MEMORY. A failure sets obb_last_error_message,
 * naming the parameter, and is kept in the builder: obb_call_params then
 * fails with it (OBB_ERR_INVALID_ARGUMENT, nothing sent), so a host may check
 * only the call. Not thread-safe (see above).
 */
OBB_EXTERN obb_status obb_params_add_string(obb_params *OBB_NULLABLE params,
                                            const char *OBB_NULLABLE name,
                                            const char *OBB_NULLABLE value);
OBB_EXTERN obb_status obb_params_add_int(obb_params *OBB_NULLABLE params,
                                         const char *OBB_NULLABLE name, int64_t value);
OBB_EXTERN obb_status obb_params_add_bool(obb_params *OBB_NULLABLE params,
                                          const char *OBB_NULLABLE name, int value);
OBB_EXTERN obb_status obb_params_add_string_list(obb_params *OBB_NULLABLE params,
                                                 const char *OBB_NULLABLE name,
                                                 const char *OBB_NULLABLE const *OBB_NULLABLE values,
                                                 size_t count);
OBB_EXTERN obb_status obb_params_add_int_list(obb_params *OBB_NULLABLE params,
                                              const char *OBB_NULLABLE name,
                                              const int64_t *OBB_NULLABLE values, size_t count);
OBB_EXTERN obb_status obb_params_add_json(obb_params *OBB_NULLABLE params,
                                          const char *OBB_NULLABLE name,
                                          const char *OBB_NULLABLE json);

/* obb_params_free: release a builder. NULL is a harmless no-op. No other
 * thread may be using the builder (a call with it included). */
OBB_EXTERN void obb_params_free(obb_params *OBB_NULLABLE params);

/*
 * obb_call_params: obb_call with the parameters of a builder (NULL: none).
 * Everything else (out_response, checks, statuses, blocking, thread safety)
 * is as for obb_call. The builder is only read: it may be reused.
 */
OBB_EXTERN obb_status obb_call_params(obb_client *OBB_NULLABLE client, const char *OBB_NULLABLE action,
                                      const obb_params *OBB_NULLABLE params,
                                      obb_response *OBB_NULLABLE *OBB_NULLABLE out_response);

/* ---- Pages (since 0.2.0) ----------------------------------------------------------------
 *
 * A pager walks every page of a list action (PageNumber/PageSize,
 * PageIndex/PageSize or NextToken: whichever the action uses) and yields its
 * items one at a time, fetching the next page when the current one is used up.
 *
 *     obb_pager *pager = NULL;
 *     if (obb_pager_new(client, "ListInstances", "{\"PageSize\":50}", &pager, NULL) == OBB_OK) {
 *         obb_response *item;
 *         while (obb_pager_next(pager, &item) == OBB_OK && item != NULL) {
 *             char *id;
 *             if (obb_response_get_string(item, "InstanceId", &id) == OBB_OK) { ...; obb_string_free(id); }
 *             obb_response_free(item);
 *         }
 *         obb_pager_free(pager);
 *     }
 */
typedef struct obb_pager obb_pager;

/*
 * obb_pager_new, obb_pager_new_params: a pager over `action` with its
 * parameters (as obb_call and obb_call_params take them). The walk starts at
 * the page (or token) the parameters give, else at the first.
 *
 * out_pager: OUT, receives the pager on OBB_OK and NULL otherwise; the caller
 *            releases it with obb_pager_free.
 * out_error: OUT, optional (NULL allowed): on failure a message, to be
 *            released with obb_string_free; NULL on success.
 *
 * Returns OBB_OK; OBB_ERR_INVALID_ARGUMENT (NULL client, action or
 * out_pager; an action that does not return pages; the parameters fail the
 * checks obb_call makes); OBB_ERR_NO_MEMORY. Nothing is sent: the first page
 * is fetched by the first obb_pager_next. The pager keeps its own reference
 * to the client (the client may be freed first; its connections then live
 * until the pager is freed). Thread-safe.
 */
OBB_EXTERN obb_status obb_pager_new(obb_client *OBB_NULLABLE client, const char *OBB_NULLABLE action,
                                    const char *OBB_NULLABLE params_json,
                                    obb_pager *OBB_NULLABLE *OBB_NULLABLE out_pager,
                                    char *OBB_NULLABLE *OBB_NULLABLE out_error);
OBB_EXTERN obb_status obb_pager_new_params(obb_client *OBB_NULLABLE client,
                                           const char *OBB_NULLABLE action,
                                           const obb_params *OBB_NULLABLE params,
                                           obb_pager *OBB_NULLABLE *OBB_NULLABLE out_pager,
                                           char *OBB_NULLABLE *OBB_NULLABLE out_error);

/*
 * obb_pager_next: the next item.
 *
 * out_item: OUT. On OBB_OK, the next item as a response the caller releases
 *   with obb_response_free: its body is the item's JSON (so path lookups read
 *   its fields: "InstanceId"), its status OBB_OK and its HTTP status, code,
 *   message, request id and attempts those of the page it came from; or NULL
 *   when the walk is over. On failure, the failing page's response (status,
 *   code, message, body), to be released likewise; the walk is then over, and
 *   every later call fails the same way.
 *
 * Returns OBB_OK (with an item, or NULL at the end); the failing page's status
 * (any a call can give); OBB_ERR_INVALID_ARGUMENT when pager or out_item is
 * NULL (then no item is made: *out_item, if there is one, is set to NULL).
 *
 * A walk fetches at most 10000 pages. Calls on one pager from several threads
 * are serialised: each item goes to exactly one caller.
 */
OBB_EXTERN obb_status obb_pager_next(obb_pager *OBB_NULLABLE pager,
                                     obb_response *OBB_NULLABLE *OBB_NULLABLE out_item);

/* obb_pager_free: release a pager (items it gave stay valid). NULL is a
 * harmless no-op. No other thread may be using the pager. */
OBB_EXTERN void obb_pager_free(obb_pager *OBB_NULLABLE pager);

/* ---- Instance lifecycle (since 0.2.0) ------------------------------------------------------
 *
 * Typed functions beside obb_create_instance, each a thin layer over obb_call:
 * the same checks, the same response. Request structs follow the struct_size
 * convention (start from their *_INIT macro); output structs carry the size
 * the library filled (OBB_HAS_FIELD). Strings in requests are borrowed for the
 * duration of the call only. Every function is thread-safe, as obb_call is.
 */

/* An instance as the service describes it. Every string is non-NULL ("" when
 * the service did not send the field); numbers are 0 when absent. Owned by the
 * result or page that holds it. */
typedef struct obb_instance_info {
    uint32_t struct_size;                  /* the size the library filled */
    const char *OBB_NULLABLE instance_id;
    const char *OBB_NULLABLE instance_name;
    const char *OBB_NULLABLE instance_description;
    int64_t creation_time;                 /* milliseconds since the Unix epoch */
    int64_t creator_id;
    const char *OBB_NULLABLE creator_name;
    const char *OBB_NULLABLE owner_name;
    const char *OBB_NULLABLE resource_group_id;
    int64_t max_concurrent_conversation;
} obb_instance_info;

/* The outcome of obb_describe_instance and obb_modify_instance, filled on
 * success and on failure alike. */
typedef struct obb_instance_result {
    uint32_t struct_size;                   /* the size the library filled */
    /* The call's response (status, code, message, body, lookups); never NULL.
     * Owned by the result: do not free it on its own. */
    const obb_response *OBB_NULLABLE response;
    /* The instance of the answer; NULL when the answer had none (always on failure). */
    const obb_instance_info *OBB_NULLABLE instance;
} obb_instance_result;

/* obb_instance_result_free: release a result, its response and its instance.
 * NULL is a harmless no-op. Thread-safe for distinct results. */
OBB_EXTERN void obb_instance_result_free(obb_instance_result *OBB_NULLABLE result);

/* The parameters of DescribeInstance. */
typedef struct obb_describe_instance_request {
    uint32_t struct_size;                   /* set by OBB_DESCRIBE_INSTANCE_REQUEST_INIT */
    const char *OBB_NULLABLE instance_id;   /* required, not empty */
} obb_describe_instance_request;

#define OBB_DESCRIBE_INSTANCE_REQUEST_INIT \
    { OBB_STRUCT_SIZE(obb_describe_instance_request, instance_id), NULL }

/*
 * obb_describe_instance: one instance by id (action DescribeInstance).
 *
 * out_result: OUT, receives a result the caller owns and releases with
 *   obb_instance_result_free, on success and on every failure except
 *   out_result == NULL (then OBB_ERR_INVALID_ARGUMENT is returned and nothing
 *   else happens).
 * Returns the status of the call, as obb_call does: OBB_OK;
 * OBB_ERR_INVALID_ARGUMENT (a NULL client or request, a struct_size too
 * small, a NULL or empty instance_id, invalid UTF-8, CR, LF or NUL in the id;
 * nothing sent); OBB_ERR_SERVICE (e.g. an unknown instance: the service's
 * code is in the response); OBB_ERR_NETWORK; OBB_ERR_TIMEOUT; OBB_ERR_TLS;
 * OBB_ERR_RESPONSE; OBB_ERR_NO_MEMORY (then *out_result may be NULL);
 * OBB_ERR_INTERNAL. Blocks until the answer or a timeout; not retried.
 * Thread-safe.
 */
OBB_EXTERN obb_status obb_describe_instance(
    obb_client *OBB_NULLABLE client, const obb_describe_instance_request *OBB_NULLABLE request,
    obb_instance_result *OBB_NULLABLE *OBB_NULLABLE out_result);

/* The parameters of ModifyInstance. */
typedef struct obb_modify_instance_request {
    uint32_t struct_size;                     /* set by OBB_MODIFY_INSTANCE_REQUEST_INIT */
    const char *OBB_NULLABLE instance_id;     /* required, not empty */
    int64_t max_concurrent_conversation;      /* required; 1 to 2147483647 */
    const char *OBB_NULLABLE instance_name;   /* NULL: unchanged; else 1 to 256 characters */
    const char *OBB_NULLABLE instance_description; /* NULL: unchanged */
    /* calling_number_count numbers replace the instance's; NULL with a count
     * of 0 leaves them unchanged. At most 1000. */
    const char *OBB_NULLABLE const *OBB_NULLABLE calling_numbers;
    size_t calling_number_count;
} obb_modify_instance_request;

#define OBB_MODIFY_INSTANCE_REQUEST_INIT \
    { OBB_STRUCT_SIZE(obb_modify_instance_request, calling_number_count), NULL, 0, NULL, NULL, NULL, 0 }

/*
 * obb_modify_instance: change an instance (action ModifyInstance); the result
 * holds the instance as the service describes it afterwards, when it does.
 * out_result and statuses as for obb_describe_instance; also
 * OBB_ERR_INVALID_ARGUMENT for max_concurrent_conversation outside
 * 1..2147483647, an empty or over-long instance_name, a NULL calling_numbers
 * array with a count, a NULL or empty entry, more than 1000 numbers, CR, LF or
 * NUL in a name or number. Not retried: a modify that timed out may have
 * happened. Thread-safe.
 */
OBB_EXTERN obb_status obb_modify_instance(
    obb_client *OBB_NULLABLE client, const obb_modify_instance_request *OBB_NULLABLE request,
    obb_instance_result *OBB_NULLABLE *OBB_NULLABLE out_result);

/* The parameters of DeleteInstance. */
typedef struct obb_delete_instance_request {
    uint32_t struct_size;                   /* set by OBB_DELETE_INSTANCE_REQUEST_INIT */
    const char *OBB_NULLABLE instance_id;   /* required, not empty */
} obb_delete_instance_request;

#define OBB_DELETE_INSTANCE_REQUEST_INIT \
    { OBB_STRUCT_SIZE(obb_delete_instance_request, instance_id), NULL }

/*
 * obb_delete_instance: delete an instance (action DeleteInstance).
 * out_response: OUT, receives the call's response (see obb_call), which the
 *   caller releases with obb_response_free, on success and on every failure
 *   except out_response == NULL (then OBB_ERR_INVALID_ARGUMENT is returned and
 *   nothing else happens).
 * Statuses as for obb_describe_instance. Not retried. Thread-safe.
 */
OBB_EXTERN obb_status obb_delete_instance(
    obb_client *OBB_NULLABLE client, const obb_delete_instance_request *OBB_NULLABLE request,
    obb_response *OBB_NULLABLE *OBB_NULLABLE out_response);

/* The parameters of ListInstances: one page. To walk every page, use a pager
 * on "ListInstances" and read each item by path. */
typedef struct obb_list_instances_request {
    uint32_t struct_size;                   /* set by OBB_LIST_INSTANCES_REQUEST_INIT */
    int32_t page_number;                    /* 1-based; 0: the first page */
    int32_t page_size;                      /* 0: the service's default */
    const char *OBB_NULLABLE name;          /* only instances whose name contains this */
    const char *OBB_NULLABLE resource_group_id; /* optional */
} obb_list_instances_request;

#define OBB_LIST_INSTANCES_REQUEST_INIT \
    { OBB_STRUCT_SIZE(obb_list_instances_request, resource_group_id), 0, 0, NULL, NULL }

/* One page of instances, filled on success and on failure alike. */
typedef struct obb_instance_page {
    uint32_t struct_size;                   /* the size the library filled */
    /* The call's response; never NULL; owned by the page. */
    const obb_response *OBB_NULLABLE response;
    /* instance_count pointers to instances (pointers, so that the instance
     * struct can grow); never NULL, even when the count is 0. */
    const obb_instance_info *OBB_NULLABLE const *OBB_NULLABLE instances;
    size_t instance_count;
    int64_t total_count;                    /* 0 when the answer did not say */
    int64_t page_number;
    int64_t page_size;
} obb_instance_page;

/*
 * obb_list_instances: one page of the account's instances (action ListInstances).
 * out_page: OUT, receives a page the caller releases with
 *   obb_instance_page_free, on success and on every failure except
 *   out_page == NULL (then OBB_ERR_INVALID_ARGUMENT is returned and nothing
 *   else happens); empty on failure.
 * Returns the status of the call, as for obb_describe_instance;
 * OBB_ERR_INVALID_ARGUMENT also for a negative page_number or page_size,
 * invalid UTF-8 in name, CR, LF or NUL in resource_group_id. Thread-safe.
 */
OBB_EXTERN obb_status obb_list_instances(
    obb_client *OBB_NULLABLE client, const obb_list_instances_request *OBB_NULLABLE request,
    obb_instance_page *OBB_NULLABLE *OBB_NULLABLE out_page);

/* obb_instance_page_free: release a page, its response and its instances.
 * NULL is a harmless no-op. Thread-safe for distinct pages. */
OBB_EXTERN void obb_instance_page_free(obb_instance_page *OBB_NULLABLE page);

#if defined(__clang__)
#pragma clang diagnostic pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* OUTBOUNDBOT_H */
