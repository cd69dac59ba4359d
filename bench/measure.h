/*
 * measure.h: the clocks and memory readings both bench programs use, so that
 * liboutboundbot and the raw-libcurl floor are measured the same way.
 */
#ifndef OBB_BENCH_MEASURE_H
#define OBB_BENCH_MEASURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

/* Peak RSS of this process image, KiB: VmHWM from /proc/self/status. Not
 * getrusage's ru_maxrss, which on Linux keeps the high-water mark of the image
 * replaced by execve (here the Python harness that started us). */
static long peak_rss_kib(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    if (f == NULL) return -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "VmHWM:", 6) == 0) { kib = strtol(line + 6, NULL, 10); break; }
    fclose(f);
    return kib;
}

/* Monotonic wall clock, seconds. */
static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A getrusage time, seconds. */
static double cpu_seconds(const struct timeval *tv) {
    return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

#endif /* OBB_BENCH_MEASURE_H */
