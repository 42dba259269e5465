/*
 * fn.c - looks built-in scalar functions up across the function families.
 */
#include "fn.h"

#include <string.h>

const kq_fn *kq_fn_lookup(const char *name)
{
    const kq_fn *tables[] = {kq_fns_array, kq_fns_ip, kq_fns_url, kq_fns_text, kq_fns_string, kq_fns_datetime, kq_fns_convert, kq_fns_dynamic, kq_fns_math, kq_fns_hash};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const kq_fn *f = tables[t]; f->name; f++)
            if (strcmp(f->name, name) == 0) return f;
    return NULL;
}
