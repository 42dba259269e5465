/*
 * fn_hash.c - hash_md5, hash_sha1, hash_sha256 (KQL_SUBSET.md 6.2): the lower-case hex digest of
 * the UTF-8 bytes of tostring(x); an empty string (or a null) gives an empty string, not the
 * digest of "". The digests come from Nettle.
 */
#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <string.h>

#include "fn.h"
#include "value.h"

static kq_value hex_of(const uint8_t *digest, size_t n, kq_ctx *c)
{
    static const char digits[] = "0123456789abcdef";
    char *s = kq_arena_alloc(c->scratch, 2 * n + 1);
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = digits[digest[i] >> 4];
        s[2 * i + 1] = digits[digest[i] & 15];
    }
    s[2 * n] = 0;
    return kq_str(s, 2 * n);
}

static bool text_arg(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *text)
{
    KQ_ARG(0, a);
    *text = kq_value_tostring_value(&a, c->scratch);
    return text->len > 0;
}

static void fn_hash_md5(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_value t;
    if (!text_arg(e, row, c, &t)) {
        *out = kq_str("", 0);
        return;
    }
    struct md5_ctx h;
    uint8_t d[MD5_DIGEST_SIZE];
    md5_init(&h);
    md5_update(&h, t.len, (const uint8_t *)t.u.s);
    md5_digest(&h, sizeof d, d);
    *out = hex_of(d, sizeof d, c);
}

static void fn_hash_sha1(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_value t;
    if (!text_arg(e, row, c, &t)) {
        *out = kq_str("", 0);
        return;
    }
    struct sha1_ctx h;
    uint8_t d[SHA1_DIGEST_SIZE];
    sha1_init(&h);
    sha1_update(&h, t.len, (const uint8_t *)t.u.s);
    sha1_digest(&h, sizeof d, d);
    *out = hex_of(d, sizeof d, c);
}

static void fn_hash_sha256(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_value t;
    if (!text_arg(e, row, c, &t)) {
        *out = kq_str("", 0);
        return;
    }
    struct sha256_ctx h;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&h);
    sha256_update(&h, t.len, (const uint8_t *)t.u.s);
    sha256_digest(&h, sizeof d, d);
    *out = hex_of(d, sizeof d, c);
}

const kq_fn kq_fns_hash[] = {
    {"hash_md5", 1, 1, RT_FIXED, KQ_T_STRING, fn_hash_md5, NULL},
    {"hash_sha1", 1, 1, RT_FIXED, KQ_T_STRING, fn_hash_sha1, NULL},
    {"hash_sha256", 1, 1, RT_FIXED, KQ_T_STRING, fn_hash_sha256, NULL},
    {NULL, 0, 0, RT_FIXED, KQ_T_UNKNOWN, NULL, NULL},
};
