/* bench/json/driver.c: loads one variant library (bench/json/run.sh builds them) and
 * parses one file with it.
 *
 *   driver LIBRARY FILE COUNT [answer]   parse COUNT times (callgrind counts this
 *                                        process); with "answer", read the answer's
 *                                        envelope and payload as the library does
 *   driver LIBRARY FILE dump             print the parsed value as compact JSON
 *   driver LIBRARY FILE fields           print how many fields reading the answer found
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef long (*parse_fn)(const unsigned char *, long);
typedef long (*dump_fn)(const unsigned char *, long, char *, long);

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: %s LIBRARY FILE COUNT [answer] | dump | fields\n", argv[0]);
        return 2;
    }
    void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        fprintf(stderr, "%s\n", dlerror());
        return 2;
    }
    parse_fn parse = (parse_fn)dlsym(library, "bench_parse");
    dump_fn dump = (dump_fn)dlsym(library, "bench_dump");
    parse_fn read_answer = (parse_fn)dlsym(library, "bench_read_answer");
    FILE *file = fopen(argv[2], "rb");
    if (parse == NULL || dump == NULL || file == NULL) {
        fprintf(stderr, "cannot load bench_parse/bench_dump or open %s\n", argv[2]);
        return 2;
    }
    static unsigned char body[1 << 20];
    long length = (long)fread(body, 1, sizeof body, file);
    fclose(file);

    if (strcmp(argv[3], "dump") == 0) {
        static char text[1 << 20];
        if (dump(body, length, text, sizeof text) < 0) return 1;
        puts(text);
        return 0;
    }
    if (strcmp(argv[3], "fields") == 0 || (argc == 5 && strcmp(argv[4], "answer") == 0)) {
        if (read_answer == NULL) {
            fprintf(stderr, "%s has no bench_read_answer\n", argv[1]);
            return 2;
        }
        parse = read_answer;
    }
    if (strcmp(argv[3], "fields") == 0) {
        printf("%ld\n", parse(body, length));
        return 0;
    }
    long count = atol(argv[3]);
    for (long i = 0; i < count; i++) {
        if (parse(body, length) <= 0) {
            fprintf(stderr, "call %ld of %ld failed\n", i + 1, count);
            return 1;
        }
    }
    return 0;
}
