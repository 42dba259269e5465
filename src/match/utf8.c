/*
 * utf8.c - the public UTF-8 helpers of match.h: character counts and offsets, case conversion
 * (never longer than the input, see unicode.c) and validation. An invalid byte is one character.
 */
#include "match.h"
#include "match_internal.h"

size_t kq_utf8_length(const char *s, size_t n)
{
    size_t count = 0, i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) i++;
        else {
            size_t len;
            kq_cp_decode(s, n, i, &len);
            i += len;
        }
        count++;
    }
    return count;
}

size_t kq_utf8_offset(const char *s, size_t n, size_t ci)
{
    size_t i = 0;
    for (; ci > 0 && i < n; ci--) {
        if ((unsigned char)s[i] < 0x80) i++;
        else {
            size_t len;
            kq_cp_decode(s, n, i, &len);
            i += len;
        }
    }
    return i;
}

static size_t map_case(const char *s, size_t n, char *out, uint32_t (*map)(uint32_t))
{
    size_t i = 0, o = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        size_t len = 1;
        uint32_t cp = b < 0x80 ? b : kq_cp_decode(s, n, i, &len);
        if (cp >= KQ_CP_INVALID) out[o++] = (char)b;
        else o += kq_cp_encode(map(cp), out + o);
        i += len;
    }
    return o;
}

size_t kq_utf8_tolower(const char *s, size_t n, char *out)
{
    return map_case(s, n, out, kq_cp_lower);
}

size_t kq_utf8_toupper(const char *s, size_t n, char *out)
{
    return map_case(s, n, out, kq_cp_upper);
}

bool kq_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t len;
        if (kq_cp_decode(s, n, i, &len) >= KQ_CP_INVALID) return false;
        i += len;
    }
    return true;
}
