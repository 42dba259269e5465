/*
 * json_value.c - one raw JSON value of a record (its text span) converted to the type a query
 * wants: strings unescaped (into the arena only when they hold escapes) and repaired to valid
 * UTF-8, numbers and strings through kq_value_from_text, containers parsed into dynamic values
 * or re-serialised compactly when a string is wanted.
 */
#include <string.h>

#include "../base/arena.h"
#include "../base/json.h"
#include "reader_impl.h"

static void null_of(kq_type t, kq_value *out)
{
    memset(out, 0, sizeof *out);
    out->type = (uint8_t)t;
    if (t == KQ_T_STRING) out->u.s = "";
    else out->null = 1;
}

/* The text of a JSON string value (quotes included in v), unescaped and valid UTF-8. */
static bool string_text(const char *v, size_t n, kq_arena *a, const char **s, size_t *len)
{
    const char *body = v + 1;
    size_t body_n = n >= 2 ? n - 2 : 0;
    if (memchr(body, '\\', body_n)) {
        if (!kq_json_unescape(body, body_n, a, &body, &body_n)) return false;
    }
    *s = kq_utf8_repair(body, body_n, a, len);
    return true;
}

static void container_to_string(const char *v, size_t n, kq_arena *a, kq_buf *scratch,
                                kq_value *out)
{
    kq_dyn d;
    size_t err_off;
    if (!kq_json_parse(v, n, a, &d, &err_off)) return;
    kq_buf_clear(scratch);
    kq_json_write(scratch, &d);
    out->u.s = kq_arena_strdup(a, scratch->p, scratch->len);
    out->len = (uint32_t)scratch->len;
}

static void to_dynamic(const char *v, size_t n, kq_arena *a, kq_value *out)
{
    kq_dyn *d = kq_arena_zalloc(a, sizeof *d);
    size_t err_off;
    if (!kq_json_parse(v, n, a, d, &err_off)) return;
    if (d->kind == KQ_D_NULL) return;
    out->null = 0;
    out->u.d = d;
}

void kq_json_value_to(kq_type t, const char *v, size_t n, kq_arena *a, kq_buf *scratch,
                      kq_value *out)
{
    null_of(t, out);
    if (n == 0) return;
    char c = v[0];
    if (c == 'n') return; /* null */
    if (t == KQ_T_DYNAMIC) {
        to_dynamic(v, n, a, out);
        return;
    }
    if (c == '"') {
        const char *s;
        size_t len;
        if (!string_text(v, n, a, &s, &len)) return;
        if (t == KQ_T_STRING) {
            out->u.s = s;
            out->len = (uint32_t)len;
        } else {
            kq_value_from_text(t, s, len, a, out);
        }
        return;
    }
    if (c == '{' || c == '[') {
        if (t == KQ_T_STRING) container_to_string(v, n, a, scratch, out);
        return;
    }
    if (c == 't' || c == 'f') {
        bool b = c == 't';
        switch (t) {
        case KQ_T_BOOL: out->u.b = b; out->null = 0; break;
        case KQ_T_INT:
        case KQ_T_LONG: out->u.i = b; out->null = 0; break;
        case KQ_T_REAL: out->u.r = b; out->null = 0; break;
        case KQ_T_STRING:
            out->u.s = b ? "true" : "false";
            out->len = b ? 4 : 5;
            break;
        default: break;
        }
        return;
    }
    /* a number: its text is what the file says */
    if (t == KQ_T_STRING) {
        out->u.s = v;
        out->len = (uint32_t)n;
        return;
    }
    kq_value_from_text(t, v, n, a, out);
}
