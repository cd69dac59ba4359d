/* The one-shot digest and MAC functions of the system's OpenSSL (libcrypto),
 * which libcurl already loads: no second TLS/crypto stack in the process. */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
