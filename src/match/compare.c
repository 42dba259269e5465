/*
 * compare.c - the non-term string operators: contains, startswith, endswith, equality (==, =~)
 * and the ordinal comparison used to sort strings.
 */
#include "match.h"
#include "match_internal.h"

#include <string.h>

bool kq_contains(const char *h, size_t hn, const char *n, size_t nn, bool cs)
{
    return nn == 0 || kq_find(h, hn, 0, n, nn, cs) != KQ_NOT_FOUND;
}

bool kq_startswith(const char *h, size_t hn, const char *n, size_t nn, bool cs)
{
    return nn <= hn && kq_same_at(h, n, nn, cs);
}

bool kq_endswith(const char *h, size_t hn, const char *n, size_t nn, bool cs)
{
    return nn <= hn && kq_same_at(h + (hn - nn), n, nn, cs);
}

bool kq_equals(const char *a, size_t an, const char *b, size_t bn, bool cs)
{
    return an == bn && kq_same_at(a, b, an, cs);
}

int kq_compare_strings(const char *a, size_t an, const char *b, size_t bn)
{
    size_t common = an < bn ? an : bn;
    int c = common ? memcmp(a, b, common) : 0;
    if (c) return c < 0 ? -1 : 1;
    return an < bn ? -1 : an > bn ? 1 : 0;
}
