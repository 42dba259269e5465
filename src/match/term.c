/*
 * term.c - has, hasprefix and hassuffix: the needle is found as a literal substring (all
 * occurrences, overlapping) and a term boundary is required only at a needle end whose
 * character is itself a term character (KQL_SUBSET.md 5.6).
 */
#include "match.h"
#include "match_internal.h"

static bool term_search(const char *h, size_t hn, const char *n, size_t nn, bool cs, bool need_left,
                        bool need_right)
{
    if (nn == 0) return true;
    if (nn > hn) return false;
    bool check_left = need_left && kq_term_at(n, nn, 0);
    bool check_right = need_right && kq_term_before(n, nn);
    size_t p = 0;
    while ((p = kq_find(h, hn, p, n, nn, cs)) != KQ_NOT_FOUND) {
        bool left_ok = !check_left || p == 0 || !kq_term_before(h, p);
        bool right_ok = !check_right || p + nn == hn || !kq_term_at(h, hn, p + nn);
        if (left_ok && right_ok) return true;
        p++;
    }
    return false;
}

bool kq_has(const char *h, size_t hn, const char *n, size_t nn, bool cs)
{
    return term_search(h, hn, n, nn, cs, true, true);
}

bool kq_hasprefix(const char *h, size_t hn, const char *n, size_t nn, bool cs)
{
    return term_search(h, hn, n, nn, cs, true, false);
}

bool kq_hassuffix(const char *h, size_t hn, const char *n, size_t nn, bool cs)
{
    return term_search(h, hn, n, nn, cs, false, true);
}
