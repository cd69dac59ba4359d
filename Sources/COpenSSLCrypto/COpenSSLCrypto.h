/* Digests and MACs from the system's OpenSSL (libcrypto),
 * which libcurl already loads: no second TLS/crypto stack in the process. */
#include <openssl/evp.h>
