/*
 * fuzz_reader.h: the input of a C fuzz target read as a stream of bytes, past
 * whose end every read gives 0, so a target never reads outside its input.
 * Shared by c_entry_points.c and params_json.c.
 */
#ifndef OBB_FUZZ_READER_H
#define OBB_FUZZ_READER_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *data;
    size_t size, pos;
} reader;

static uint8_t u8(reader *r) { return r->pos < r->size ? r->data[r->pos++] : 0; }

/* The next `bytes` bytes, big-endian. */
static uint64_t u64(reader *r, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v = (v << 8) | u8(r);
    return v;
}

#endif
