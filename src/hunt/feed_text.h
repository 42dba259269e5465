/*
 * feed_text.h - what the importers of JSON feeds share (private to src/hunt): the line of a
 * position in the feed's text, blanks, and a member of a parsed object.
 */
#ifndef KQ_HUNT_FEED_TEXT_H
#define KQ_HUNT_FEED_TEXT_H

#include <stdint.h>

#include "../base/json.h"

/* Line numbers of positions in one text, asked for mostly in increasing order. */
typedef struct kq_line_counter {
    const char *text, *pos; /* newlines are counted from text up to pos ... */
    int64_t line;           /* ... which is on this line */
} kq_line_counter;

void kq_line_counter_init(kq_line_counter *lc, const char *text);
/* The 1-based line of position p (an earlier position counts again from the start). */
int64_t kq_line_of(kq_line_counter *lc, const char *p);

/* The first byte at or after p that is not a JSON blank (space, tab, CR, LF), or end. */
const char *kq_skip_blanks(const char *p, const char *end);

/* The value of the member named key of an object, or NULL (also when obj is NULL or no object). */
const kq_dyn *kq_dyn_field(const kq_dyn *obj, const char *key);

#endif
