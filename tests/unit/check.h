/*
 * check.h - the tiny assertion kit of the unit tests. Each test program includes it, calls
 * CHECK / CHECK_EQ_* as often as it likes and returns check_report("name") from main, which
 * prints "name: N passed, M failed" and exits non-zero when anything failed.
 */
#ifndef KQ_TEST_CHECK_H
#define KQ_TEST_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) check_passed++;                                                    \
        else {                                                                       \
            check_failed++;                                                          \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

#define CHECK_EQ_INT(got, want)                                                              \
    do {                                                                                     \
        long long g_ = (long long)(got), w_ = (long long)(want);                             \
        if (g_ == w_) check_passed++;                                                        \
        else {                                                                               \
            check_failed++;                                                                  \
            fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); \
        }                                                                                    \
    } while (0)

#define CHECK_EQ_STR(got, want)                                                                \
    do {                                                                                       \
        const char *g_ = (got), *w_ = (want);                                                  \
        if (g_ && w_ && strcmp(g_, w_) == 0) check_passed++;                                   \
        else {                                                                                 \
            check_failed++;                                                                    \
            fprintf(stderr, "%s:%d: %s = \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got,      \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                   \
        }                                                                                      \
    } while (0)

static inline int check_report(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
