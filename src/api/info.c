/*
 * info.c - the public API's read-only views of what kq knows without data: value rendering as
 * JSON, datetime parsing, the views and the Sentinel table catalog.
 */
#include <string.h>

#include "../base/buf.h"
#include "../base/datetime.h"
#include "../base/json.h"
#include "../exec/value.h"
#include "catalog.h"
#include "engine.h"

static size_t copy_out(const kq_buf *b, char *out, size_t cap)
{
    if (cap) {
        size_t m = b->len < cap - 1 ? b->len : cap - 1;
        if (m) memcpy(out, b->p, m);
        out[m] = 0;
    }
    return b->len;
}

size_t kq_value_to_json(const kq_value *v, char *out, size_t cap)
{
    kq_buf b;
    kq_buf_init(&b);
    if (v->null) kq_buf_puts(&b, "null");
    else switch (v->type) {
        case KQ_T_BOOL: kq_buf_puts(&b, v->u.b ? "true" : "false"); break;
        case KQ_T_INT:
        case KQ_T_LONG: kq_buf_printf(&b, "%lld", (long long)v->u.i); break;
        case KQ_T_DYNAMIC: kq_json_write(&b, v->u.d); break;
        case KQ_T_REAL: {
            kq_buf t;
            kq_buf_init(&t);
            kq_value_display(&t, v);
            bool word = t.len && (t.p[0] == 'N' || t.p[0] == 'I' || (t.p[0] == '-' && t.len > 1 && t.p[1] == 'I'));
            if (word) kq_json_write_string(&b, t.p, t.len);
            else kq_buf_put(&b, t.p, t.len);
            kq_buf_free(&t);
            break;
        }
        default: {
            kq_buf t;
            kq_buf_init(&t);
            kq_value_display(&t, v);
            kq_json_write_string(&b, t.p ? t.p : "", t.len);
            kq_buf_free(&t);
            break;
        }
        }
    size_t n = copy_out(&b, out, cap);
    kq_buf_free(&b);
    return n;
}

bool kq_parse_datetime(const char *s, size_t n, int64_t *ticks)
{
    return kq_dt_parse(s, n, ticks);
}

/* user views first (they may override built-in ones), then the built-in views not overridden */
int kq_engine_view_count(const kq_engine *e)
{
    int n = e->nviews;
    for (int i = 0; i < kq_builtin_view_count(); i++) {
        bool overridden = false;
        for (int j = 0; j < e->nviews; j++)
            if (strcmp(e->views[j].name, kq_builtin_view_at(i)->name) == 0) overridden = true;
        if (!overridden) n++;
    }
    return n;
}

static bool view_at(const kq_engine *e, int i, const char **name, const char **kql)
{
    if (i < 0) return false;
    if (i < e->nviews) {
        *name = e->views[i].name;
        *kql = e->views[i].kql;
        return true;
    }
    int k = e->nviews;
    for (int b = 0; b < kq_builtin_view_count(); b++) {
        const kq_builtin_view *v = kq_builtin_view_at(b);
        bool overridden = false;
        for (int j = 0; j < e->nviews; j++)
            if (strcmp(e->views[j].name, v->name) == 0) overridden = true;
        if (overridden) continue;
        if (k == i) {
            *name = v->name;
            *kql = v->kql;
            return true;
        }
        k++;
    }
    return false;
}

const char *kq_engine_view_name(const kq_engine *e, int i)
{
    const char *n, *k;
    return view_at(e, i, &n, &k) ? n : NULL;
}

const char *kq_engine_view_kql(const kq_engine *e, int i)
{
    const char *n, *k;
    return view_at(e, i, &n, &k) ? k : NULL;
}

int kq_catalog_table_count(void)
{
    return kq_catalog_count();
}

const char *kq_catalog_table_name(int i)
{
    const kq_catalog_table *t = kq_catalog_at(i);
    return t ? t->name : NULL;
}

int kq_catalog_table_column_count(int i)
{
    const kq_catalog_table *t = kq_catalog_at(i);
    return t ? t->ncols : 0;
}

const char *kq_catalog_table_column_name(int i, int column)
{
    const kq_catalog_table *t = kq_catalog_at(i);
    return t && column >= 0 && column < t->ncols ? t->cols[column].name : NULL;
}

const char *kq_catalog_table_connector(int i)
{
    const kq_catalog_table *t = kq_catalog_at(i);
    return t ? t->connector : NULL;
}
