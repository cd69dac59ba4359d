/*
 * lock_probe.c: a lock profile of any program, loaded with LD_PRELOAD.
 *
 *   LD_PRELOAD=build/bench/lock_probe.so obb_bench --threads 8 ...
 *
 * It stands between the program and pthread_mutex_lock, _trylock, _unlock
 * and curl_easy_perform, and at exit prints to stderr:
 *   - how many mutexes were taken, and how many of those had to wait
 *     (a trylock first failed);
 *   - the longest time one was held, and the total time all were held;
 *   - how many times curl_easy_perform was entered while the calling thread
 *     held a mutex: a lock held across a request. The design says 0.
 *
 * Every mutex of the process counts: the library's, and those of the Swift
 * runtime inside it, of libcurl and of the bench. OpenSSL's rwlocks and
 * glibc's internal malloc locks are not pthread mutexes and are not seen.
 * The probe adds two clock reads per lock, so its times are upper bounds.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef int (*mutex_fn)(pthread_mutex_t *);
typedef int (*perform_fn)(void *);

static mutex_fn real_lock, real_trylock, real_unlock;
static perform_fn real_perform;

static atomic_ullong taken, waited, performs, performs_holding, held_ns_total, held_ns_max;

/* Per thread: how many mutexes it holds, and since when it holds the first. */
static __thread int held;
static __thread unsigned long long held_since;

static unsigned long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

/* The next definition of `name`: ISO C has no cast from dlsym's object
 * pointer to a function pointer, so the bits are copied. */
#define NEXT(function, name) do { void *found = dlsym(RTLD_NEXT, name); memcpy(&(function), &found, sizeof found); } while (0)

static void resolve(void) {
    if (!real_lock) {
        NEXT(real_trylock, "pthread_mutex_trylock");
        NEXT(real_unlock, "pthread_mutex_unlock");
        NEXT(real_lock, "pthread_mutex_lock");
    }
}

static void acquired(void) {
    atomic_fetch_add_explicit(&taken, 1, memory_order_relaxed);
    if (held++ == 0) held_since = now_ns();
}

int pthread_mutex_lock(pthread_mutex_t *mutex) {
    resolve();
    if (real_trylock(mutex) != 0) {
        atomic_fetch_add_explicit(&waited, 1, memory_order_relaxed);
        int rc = real_lock(mutex);
        if (rc != 0) return rc;
    }
    acquired();
    return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *mutex) {
    resolve();
    int rc = real_trylock(mutex);
    if (rc == 0) acquired();
    return rc;
}

int pthread_mutex_unlock(pthread_mutex_t *mutex) {
    resolve();
    if (held > 0 && --held == 0) {
        unsigned long long span = now_ns() - held_since;
        atomic_fetch_add_explicit(&held_ns_total, span, memory_order_relaxed);
        unsigned long long max = atomic_load_explicit(&held_ns_max, memory_order_relaxed);
        while (span > max && !atomic_compare_exchange_weak(&held_ns_max, &max, span)) {}
    }
    return real_unlock(mutex);
}

int curl_easy_perform(void *easy) {
    if (!real_perform) NEXT(real_perform, "curl_easy_perform");
    atomic_fetch_add_explicit(&performs, 1, memory_order_relaxed);
    if (held > 0) atomic_fetch_add_explicit(&performs_holding, 1, memory_order_relaxed);
    return real_perform(easy);
}

__attribute__((destructor)) static void report(void) {
    unsigned long long n = atomic_load(&performs);
    fprintf(stderr,
            "lock_probe: %llu curl_easy_perform calls, %llu of them with a mutex held\n"
            "lock_probe: %llu mutexes taken (%.1f per request), %llu waited (%.2f%%)\n"
            "lock_probe: held %.1f us at most, %.3f us per request in all\n",
            n, atomic_load(&performs_holding), atomic_load(&taken), n ? (double)atomic_load(&taken) / (double)n : 0.0,
            atomic_load(&waited), atomic_load(&taken) ? 100.0 * (double)atomic_load(&waited) / (double)atomic_load(&taken) : 0.0,
            (double)atomic_load(&held_ns_max) / 1000.0, n ? (double)atomic_load(&held_ns_total) / 1000.0 / (double)n : 0.0);
}
