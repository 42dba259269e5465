/*
 * feed_text.c - what the importers of JSON feeds share: the line of a position in the feed's
 * text, blanks, and a member of a parsed object (feed_text.h).
 */
#include "feed_text.h"

#include <string.h>

void kq_line_counter_init(kq_line_counter *lc, const char *text)
{
    lc->text = lc->pos = text;
    lc->line = 1;
}

int64_t kq_line_of(kq_line_counter *lc, const char *p)
{
    if (p < lc->pos) kq_line_counter_init(lc, lc->text);
    const char *nl;
    while ((nl = memchr(lc->pos, '\n', (size_t)(p - lc->pos))) != NULL) {
        lc->line++;
        lc->pos = nl + 1;
    }
    lc->pos = p;
    return lc->line;
}

const char *kq_skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    return p;
}

const kq_dyn *kq_dyn_field(const kq_dyn *obj, const char *key)
{
    if (!obj || obj->kind != KQ_D_OBJECT) return NULL;
    size_t n = strlen(key);
    for (uint32_t i = 0; i < obj->n; i++)
        if (obj->u.members[i].key_len == n && memcmp(obj->u.members[i].key, key, n) == 0)
            return &obj->u.members[i].value;
    return NULL;
}
