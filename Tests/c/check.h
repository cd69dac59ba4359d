/*
 * check.h: the pass/fail bookkeeping of the C test programs that share it
 * (test_generic_call.c, test_struct_growth.c). problem() notes what is wrong
 * with the check under way; finish() prints it as "ok NAME" or "FAIL NAME:
 * problems" and counts it; a program ends by printing "N passed, M failed".
 */
#ifndef OBB_TEST_CHECK_H
#define OBB_TEST_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int g_passed, g_failed;
static char g_problems[2048];

static void problem(const char *format, ...) {
    char line[512];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    if (g_problems[0] != '\0') strncat(g_problems, "; ", sizeof g_problems - strlen(g_problems) - 1);
    strncat(g_problems, line, sizeof g_problems - strlen(g_problems) - 1);
}

static void finish(const char *name, const char *detail) {
    if (g_problems[0] == '\0') {
        g_passed++;
        printf("ok   %s%s%s\n", name, detail ? ": " : "", detail ? detail : "");
    } else {
        g_failed++;
        printf("FAIL %s: %s%s%s\n", name, g_problems, detail ? " | " : "", detail ? detail : "");
    }
    g_problems[0] = '\0';
    fflush(stdout);
}

#endif
