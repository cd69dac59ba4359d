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
 *  - Input structs start with `uint32_t struct_size`, set by the caller to
 *    sizeof the struct it was compiled with (the *_INIT macros do this). A size
 *    smaller than the library's first version of the struct is rejected with
 *    OBB_ERR_INVALID_ARGUMENT, never read past; fields added by later versions
 *    are appended, so older hosts keep working.
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
#define OBB_VERSION_MINOR 1
#define OBB_VERSION_PATCH 0
#define OBB_VERSION_STRING "0.1.0"
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
    /* 2: no AccessKeyId/AccessKeySecret in the config nor in the environment. */
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
    OBB_ERR_INTERNAL = 9
} obb_status;

/*
 * obb_status_name: the name of a status, e.g. "OBB_ERR_TIMEOUT".
 *
 * Any integer is accepted; an unknown value gives "OBB_UNKNOWN_STATUS".
 * The string is static: never free it. Thread-safe.
 */
OBB_EXTERN const char *OBB_NONNULL obb_status_name(obb_status status);

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
 * Settings of a client. Start from OBB_CLIENT_CONFIG_INIT (or
 * obb_client_config_init) so that struct_size is right and every other field
 * has its default; NULL strings and zero numbers mean "the default".
 * The library copies what it needs: the strings may be freed once
 * obb_client_new returns.
 */
typedef struct obb_client_config {
    uint32_t struct_size;          /* sizeof(obb_client_config) */
    const char *OBB_NULLABLE region;   /* default "cn-shanghai" */
    /* host or host:port; default "outboundbot.<region>.aliyuncs.com" */
    const char *OBB_NULLABLE endpoint;
    int32_t protocol;              /* an obb_protocol; default HTTPS */
    int32_t signature_version;     /* an obb_signature_version; default V3 */
    /* Credentials. When access_key_id is NULL, all three are read from the
     * environment: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET
     * and (optional) ALIBABA_CLOUD_SECURITY_TOKEN. */
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
} obb_client_config;

#define OBB_CLIENT_CONFIG_INIT \
    { (uint32_t)sizeof(obb_client_config), NULL, NULL, 0, 0, NULL, NULL, NULL, 0, 0, NULL, NULL }

/*
 * obb_client_config_init: set *config to the defaults, as OBB_CLIENT_CONFIG_INIT
 * does, for hosts (FFI) that cannot use the macro.
 *
 * struct_size: sizeof(*config) as the caller knows it; only that many bytes
 * are written.
 * Returns OBB_OK, or OBB_ERR_INVALID_ARGUMENT when config is NULL or
 * struct_size is smaller than the first version of the struct. Thread-safe.
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
 * small, invalid UTF-8, unknown protocol or signature version, a malformed
 * endpoint, CR/LF in a value sent as a header); OBB_ERR_CREDENTIALS (no key in
 * the config nor in the environment: the message says what to set);
 * OBB_ERR_NO_MEMORY; OBB_ERR_INTERNAL (libcurl could not be initialised).
 *
 * Nothing is sent. The first call in the process initialises libcurl
 * (curl_global_init, exactly once for the process). Thread-safe.
 */
OBB_EXTERN obb_status obb_client_new(obb_client *OBB_NULLABLE *OBB_NULLABLE out_client,
                                     const obb_client_config *OBB_NULLABLE config,
                                     char *OBB_NULLABLE *OBB_NULLABLE out_error);

/*
 * obb_client_free: release a client, its connections and its copy of the
 * credentials.
 *
 * NULL is a harmless no-op. The caller must make sure no other thread is using
 * the client, and must not use it afterwards.
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
    uint32_t struct_size;                    /* sizeof(obb_create_instance_request) */
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
    { (uint32_t)sizeof(obb_create_instance_request), NULL, NULL, 0, NULL, NULL, NULL, 0 }

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
 * The call blocks until the answer or a timeout. It is not retried: a create
 * that timed out may have happened, so the caller decides.
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

#if defined(__clang__)
#pragma clang diagnostic pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* OUTBOUNDBOT_H */
