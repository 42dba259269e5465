/*
 * kqltest.c - the data-driven KQL test runner.
 *
 * Runs the cases of the tests/kql/ *.test files (the format is documented at the top of
 * tests/kql/README.md) and the verified `query -> expected` facts of ../shared/kql/FACTS.tsv,
 * using nothing but the public API in include/kq.h:
 *
 *   kqltest [-v] [--root DIR] FILE.test...      cases; exit 1 when any case fails
 *   kqltest [-v] --facts FACTS.tsv              facts; exit 0 whatever the failures
 *   kqltest [-v] --facts-strict FACTS.tsv       facts; exit 1 when any fact fails
 *
 * Each mode prints exactly one summary line ("kqltest: N passed, M failed[, K skipped]",
 * "facts: N passed, M failed, K skipped"); failures are printed above it. Paths in `@table`
 * directives are relative to --root (default: the current directory, the repository root).
 */
#include "kq.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE 64
#define TICKS_PER_SECOND 10000000LL
#define SECONDS_PER_DAY 86400LL
#define DAYS_FROM_0001_TO_1970 719162LL

/* ---- growable text and string lists ------------------------------------------------ */

typedef struct text_buf {
    char *data;
    size_t len, cap;
} text_buf;

static void *checked_realloc(void *p, size_t size)
{
    void *grown = realloc(p, size ? size : 1);
    if (!grown) {
        fputs("kqltest: out of memory\n", stderr);
        exit(70);
    }
    return grown;
}

static void text_append(text_buf *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 128;
        while (cap < t->len + n + 1) cap *= 2;
        t->data = checked_realloc(t->data, cap);
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void text_puts(text_buf *t, const char *s) { text_append(t, s, strlen(s)); }
static void text_putc(text_buf *t, char c) { text_append(t, &c, 1); }

static void text_clear(text_buf *t)
{
    t->len = 0;
    if (t->data) t->data[0] = '\0';
}

/* Returns the text as a malloc'd string (never NULL) and leaves t empty. */
static char *text_take(text_buf *t)
{
    char *s = t->data ? t->data : checked_realloc(NULL, 1);
    if (!t->data) s[0] = '\0';
    t->data = NULL;
    t->len = t->cap = 0;
    return s;
}

static void text_free(text_buf *t)
{
    free(t->data);
    t->data = NULL;
    t->len = t->cap = 0;
}

static char *copy_string(const char *s, size_t n)
{
    char *copy = checked_realloc(NULL, n + 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

typedef struct string_list {
    char **items;
    size_t count, cap;
} string_list;

/* Appends a malloc'd string; the list owns it from then on. */
static void list_push(string_list *l, char *owned)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = checked_realloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->count++] = owned;
}

static void list_free(string_list *l)
{
    for (size_t i = 0; i < l->count; i++) free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = l->cap = 0;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool contains_ignoring_case(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (; *haystack; haystack++) {
        size_t i = 0;
        while (i < n && haystack[i] &&
               tolower((unsigned char)haystack[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n) return true;
    }
    return n == 0;
}

static char *read_whole_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    text_buf content = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) text_append(&content, chunk, n);
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        text_free(&content);
        return NULL;
    }
    return text_take(&content);
}

/* Cuts the next line out of *cursor (in place, without "\n" or "\r\n"); NULL at the end. */
static char *next_line(char **cursor)
{
    char *line = *cursor;
    if (!line || !*line) return NULL;
    char *newline = strchr(line, '\n');
    if (newline) {
        *newline = '\0';
        *cursor = newline + 1;
    } else {
        *cursor = line + strlen(line);
    }
    size_t len = strlen(line);
    if (len > 0 && line[len - 1] == '\r') line[len - 1] = '\0';
    return line;
}

/* ---- result blocks: one per result table, or one for the error that ended the query ---- */

typedef struct result_block {
    bool is_error;
    kq_error error;     /* the actual error, when is_error */
    string_list lines;  /* header and rows, or the single `error ...` line */
} result_block;

typedef struct block_list {
    result_block *items;
    size_t count, cap;
} block_list;

static result_block *blocks_add(block_list *b)
{
    if (b->count == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 4;
        b->items = checked_realloc(b->items, b->cap * sizeof *b->items);
    }
    result_block *block = &b->items[b->count++];
    memset(block, 0, sizeof *block);
    return block;
}

static void blocks_free(block_list *b)
{
    for (size_t i = 0; i < b->count; i++) list_free(&b->items[i].lines);
    free(b->items);
    b->items = NULL;
    b->count = b->cap = 0;
}

/* Turns block into the error block "error CODE LINE:COL message" (position "-" if none). */
static void set_error_block(result_block *block, const kq_error *err, int status)
{
    list_free(&block->lines);
    block->is_error = true;
    block->error = *err;
    if (block->error.code == 0) block->error.code = status;
    char line[sizeof err->message + 64];
    if (err->line > 0)
        snprintf(line, sizeof line, "error %d %d:%d %s", block->error.code, err->line, err->col,
                 err->message);
    else
        snprintf(line, sizeof line, "error %d - %s", block->error.code, err->message);
    list_push(&block->lines, copy_string(line, strlen(line)));
}

/* ---- running a query ----------------------------------------------------------------- */

typedef enum render_style {
    RENDER_TEST_TABLE, /* header line, cells joined by '|' and escaped */
    RENDER_FACT_ROWS   /* no header, raw cells joined by ',' */
} render_style;

static void append_escaped_cell(text_buf *line, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '\\': text_puts(line, "\\\\"); break;
        case '|': text_puts(line, "\\|"); break;
        case '\n': text_puts(line, "\\n"); break;
        case '\r': text_puts(line, "\\r"); break;
        case '\t': text_puts(line, "\\t"); break;
        default: text_putc(line, s[i]); break;
        }
    }
}

/* Formats v as kq prints it into scratch (grown as needed); null is "". */
static void format_value(const kq_value *v, text_buf *scratch)
{
    text_clear(scratch);
    if (!v || v->null) return;
    char small[128];
    size_t wanted = kq_value_format(v, small, sizeof small);
    if (wanted < sizeof small) {
        text_append(scratch, small, wanted);
        return;
    }
    char *large = checked_realloc(NULL, wanted + 1);
    kq_value_format(v, large, wanted + 1);
    text_append(scratch, large, wanted);
    free(large);
}

static void render_row(const kq_query *q, render_style style, text_buf *line, text_buf *cell)
{
    int columns = kq_query_column_count(q);
    for (int c = 0; c < columns; c++) {
        if (c > 0) text_putc(line, style == RENDER_TEST_TABLE ? '|' : ',');
        format_value(kq_query_value(q, c), cell);
        if (style == RENDER_TEST_TABLE)
            append_escaped_cell(line, cell->data ? cell->data : "", cell->len);
        else
            text_append(line, cell->data ? cell->data : "", cell->len);
    }
}

/* Compiles and runs text on engine, appending one block per result table to out; a failure
 * appends (or turns the table being read into) an error block and ends the run. */
static void run_query(kq_engine *engine, const char *text, size_t len, render_style style,
                      block_list *out)
{
    kq_error err;
    memset(&err, 0, sizeof err);
    kq_query *query = NULL;
    int status = kq_prepare(engine, text, len, &query, &err);
    if (status != KQ_OK) {
        set_error_block(blocks_add(out), &err, status);
        kq_query_free(query);
        return;
    }
    text_buf line = {0}, cell = {0};
    while ((status = kq_query_next_result(query, &err)) == KQ_OK) {
        result_block *block = blocks_add(out);
        if (style == RENDER_TEST_TABLE) {
            int columns = kq_query_column_count(query);
            for (int c = 0; c < columns; c++) {
                if (c > 0) text_putc(&line, '|');
                const char *name = kq_query_column_name(query, c);
                append_escaped_cell(&line, name ? name : "", name ? strlen(name) : 0);
            }
            list_push(&block->lines, text_take(&line));
        }
        while ((status = kq_query_step(query, &err)) == KQ_ROW) {
            render_row(query, style, &line, &cell);
            list_push(&block->lines, text_take(&line));
        }
        if (status != KQ_DONE) {
            set_error_block(block, &err, status);
            break;
        }
    }
    if (status != KQ_DONE && (out->count == 0 || !out->items[out->count - 1].is_error))
        set_error_block(blocks_add(out), &err, status);
    text_free(&line);
    text_free(&cell);
    kq_query_free(query);
}

/* ---- comparing expected and actual blocks -------------------------------------------- */

static bool is_error_expectation(const result_block *expected)
{
    if (expected->lines.count != 1) return false;
    const char *line = expected->lines.items[0];
    return strncmp(line, "error ", 6) == 0 || strcmp(line, "error") == 0;
}

/* Checks an `error CODE LINE:COL substring` line (LINE:COL may be "-") against err. */
static bool error_matches(const char *expectation, const kq_error *err, text_buf *why)
{
    const char *p = expectation + 5;
    while (*p == ' ') p++;
    char *end;
    long code = strtol(p, &end, 10);
    if (end == p) {
        text_puts(why, "malformed error expectation (want: error CODE LINE:COL text)");
        return false;
    }
    p = end;
    while (*p == ' ') p++;
    bool check_position = true;
    long line = 0, col = 0;
    if (*p == '-') {
        check_position = false;
        p++;
    } else {
        line = strtol(p, &end, 10);
        if (end == p || *end != ':') {
            text_puts(why, "malformed error position (want LINE:COL or -)");
            return false;
        }
        p = end + 1;
        col = strtol(p, &end, 10);
        if (end == p) {
            text_puts(why, "malformed error position (want LINE:COL or -)");
            return false;
        }
        p = end;
    }
    if (*p == ' ') p++;
    const char *substring = p;

    if (code != err->code) {
        text_puts(why, "error code differs");
        return false;
    }
    if (check_position && (line != err->line || col != err->col)) {
        text_puts(why, "error position differs");
        return false;
    }
    if (!strstr(err->message, substring)) {
        text_puts(why, "error message does not contain the expected text");
        return false;
    }
    return true;
}

static bool table_matches(const string_list *expected, const string_list *actual, bool unordered,
                          text_buf *why)
{
    if (expected->count == 0 || actual->count == 0 || strcmp(expected->items[0], actual->items[0])) {
        text_puts(why, "header differs");
        return false;
    }
    if (expected->count != actual->count) {
        char text[96];
        snprintf(text, sizeof text, "expected %zu rows, got %zu", expected->count - 1,
                 actual->count - 1);
        text_puts(why, text);
        return false;
    }
    size_t rows = expected->count - 1;
    if (!unordered) {
        for (size_t i = 1; i <= rows; i++) {
            if (strcmp(expected->items[i], actual->items[i]) != 0) {
                char text[64];
                snprintf(text, sizeof text, "row %zu differs", i);
                text_puts(why, text);
                return false;
            }
        }
        return true;
    }
    char **expected_rows = checked_realloc(NULL, (rows + 1) * sizeof *expected_rows);
    char **actual_rows = checked_realloc(NULL, (rows + 1) * sizeof *actual_rows);
    memcpy(expected_rows, expected->items + 1, rows * sizeof *expected_rows);
    memcpy(actual_rows, actual->items + 1, rows * sizeof *actual_rows);
    qsort(expected_rows, rows, sizeof *expected_rows, compare_strings);
    qsort(actual_rows, rows, sizeof *actual_rows, compare_strings);
    bool same = true;
    for (size_t i = 0; i < rows && same; i++) same = strcmp(expected_rows[i], actual_rows[i]) == 0;
    free(expected_rows);
    free(actual_rows);
    if (!same) text_puts(why, "rows differ (compared as a multiset)");
    return same;
}

static bool blocks_match(const block_list *expected, const block_list *actual, bool unordered,
                         text_buf *why)
{
    if (expected->count != actual->count) {
        char text[96];
        snprintf(text, sizeof text, "expected %zu result blocks, got %zu", expected->count,
                 actual->count);
        text_puts(why, text);
        return false;
    }
    for (size_t i = 0; i < expected->count; i++) {
        const result_block *want = &expected->items[i], *got = &actual->items[i];
        bool ok;
        if (is_error_expectation(want))
            ok = got->is_error ? error_matches(want->lines.items[0], &got->error, why)
                               : (text_puts(why, "expected an error, got a table"), false);
        else if (got->is_error)
            ok = (text_puts(why, "unexpected error"), false);
        else
            ok = table_matches(&want->lines, &got->lines, unordered, why);
        if (!ok) {
            if (expected->count > 1) {
                char text[64];
                snprintf(text, sizeof text, " (result %zu)", i + 1);
                text_puts(why, text);
            }
            return false;
        }
    }
    return true;
}

/* ---- datetimes: @now and the facts' trailing-zero rule -------------------------------- */

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant). */
static long long days_from_civil(long long y, unsigned month, unsigned day)
{
    y -= month <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned year_of_era = (unsigned)(y - era * 400);
    unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + (long long)day_of_era - 719468;
}

/* Reads exactly `digits` decimal digits at *p. */
static bool read_digits(const char **p, int digits, int *value)
{
    *value = 0;
    for (int i = 0; i < digits; i++) {
        if (!isdigit((unsigned char)(*p)[i])) return false;
        *value = *value * 10 + ((*p)[i] - '0');
    }
    *p += digits;
    return true;
}

/* Parses YYYY-MM-DD[(T| )HH:MM[:SS[.fffffff]]][Z] (UTC) into ticks since 0001-01-01. */
static bool parse_iso_datetime(const char *s, int64_t *ticks)
{
    int year, month, day, hour = 0, minute = 0, second = 0;
    long long fraction_ticks = 0;
    const char *p = s;
    if (!read_digits(&p, 4, &year) || *p++ != '-' || !read_digits(&p, 2, &month) ||
        *p++ != '-' || !read_digits(&p, 2, &day))
        return false;
    if (*p == 'T' || *p == ' ') {
        p++;
        if (!read_digits(&p, 2, &hour) || *p++ != ':' || !read_digits(&p, 2, &minute)) return false;
        if (*p == ':') {
            p++;
            if (!read_digits(&p, 2, &second)) return false;
            if (*p == '.') {
                p++;
                long long scale = TICKS_PER_SECOND / 10;
                if (!isdigit((unsigned char)*p)) return false;
                for (; isdigit((unsigned char)*p); p++, scale /= 10) fraction_ticks += (*p - '0') * scale;
            }
        }
    }
    if (*p == 'Z') p++;
    if (*p || year < 1 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
        minute > 59 || second > 59)
        return false;
    long long days = days_from_civil(year, (unsigned)month, (unsigned)day) + DAYS_FROM_0001_TO_1970;
    long long seconds = days * SECONDS_PER_DAY + hour * 3600LL + minute * 60LL + second;
    *ticks = seconds * TICKS_PER_SECOND + fraction_ticks;
    return true;
}

/* Copies s, writing every ISO datetime "…:SS.fffffffZ" with its trailing fraction zeros
 * (and a then-empty '.') removed, so 2017-01-01T00:00:00.0000000Z equals 2017-01-01T00:00:00Z. */
static char *normalise_datetimes(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    text_buf out = {0};
    size_t n = strlen(s);
    size_t i = 0;
    while (i < n) {
        size_t k = 0;
        while (shape[k] && i + k < n &&
               (shape[k] == 'd' ? isdigit((unsigned char)s[i + k]) != 0 : s[i + k] == shape[k]))
            k++;
        if (shape[k] || i + k >= n || s[i + k] != '.') {
            text_putc(&out, s[i++]);
            continue;
        }
        size_t fraction_start = i + k + 1, fraction_end = fraction_start;
        while (fraction_end < n && isdigit((unsigned char)s[fraction_end])) fraction_end++;
        if (fraction_end == fraction_start || fraction_end >= n || s[fraction_end] != 'Z') {
            text_putc(&out, s[i++]);
            continue;
        }
        size_t significant_end = fraction_end;
        while (significant_end > fraction_start && s[significant_end - 1] == '0') significant_end--;
        text_append(&out, s + i, k);
        if (significant_end > fraction_start) {
            text_putc(&out, '.');
            text_append(&out, s + fraction_start, significant_end - fraction_start);
        }
        text_putc(&out, 'Z');
        i = fraction_end + 1;
    }
    return text_take(&out);
}

/* ---- .test files ------------------------------------------------------------------- */

typedef struct tally {
    int passed, failed, skipped;
} tally;

typedef struct test_case {
    char *name;              /* NULL while no case is open */
    const char *file;
    int line;                /* line of the `===` header */
    char *format_error;      /* the case itself is malformed: why */
    bool has_now;
    int64_t now_ticks;
    bool unordered, strict;
    char *skip_reason;       /* @skip */
    long long expect_skipped; /* @skipped N; -1 when not checked */
    string_list table_names; /* "" binds with an automatic table name */
    string_list table_paths;
    text_buf query;
    bool seen_separator;     /* the first `---` was read */
    block_list expected;
} test_case;

static void case_open(test_case *c, const char *file, int line, const char *name)
{
    memset(c, 0, sizeof *c);
    while (*name == ' ') name++;
    c->name = copy_string(name, strlen(name));
    c->file = file;
    c->line = line;
    c->expect_skipped = -1;
}

static void case_free(test_case *c)
{
    free(c->name);
    free(c->format_error);
    free(c->skip_reason);
    list_free(&c->table_names);
    list_free(&c->table_paths);
    text_free(&c->query);
    blocks_free(&c->expected);
    memset(c, 0, sizeof *c);
}

static void case_fail_format(test_case *c, int line, const char *message)
{
    if (c->format_error) return;
    char text[600];
    snprintf(text, sizeof text, "%s:%d: %s", c->file, line, message);
    c->format_error = copy_string(text, strlen(text));
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

static void parse_directive(test_case *c, int line_number, const char *line)
{
    const char *word = line + 1;
    size_t word_len = strcspn(word, " \t");
    const char *arg = skip_spaces(word + word_len);
    if (word_len == 3 && !strncmp(word, "now", 3)) {
        c->has_now = parse_iso_datetime(arg, &c->now_ticks);
        if (!c->has_now) case_fail_format(c, line_number, "@now wants YYYY-MM-DDTHH:MM:SS[.f]Z");
    } else if (word_len == 5 && !strncmp(word, "table", 5)) {
        const char *equals = strchr(arg, '=');
        if (!*arg || equals == arg) {
            case_fail_format(c, line_number, "@table wants NAME=PATH or PATH");
            return;
        }
        size_t name_len = equals ? (size_t)(equals - arg) : 0;
        const char *path = equals ? equals + 1 : arg;
        list_push(&c->table_names, copy_string(arg, name_len));
        list_push(&c->table_paths, copy_string(path, strlen(path)));
    } else if (word_len == 9 && !strncmp(word, "unordered", 9)) {
        c->unordered = true;
    } else if (word_len == 6 && !strncmp(word, "strict", 6)) {
        c->strict = true;
    } else if (word_len == 4 && !strncmp(word, "skip", 4)) {
        free(c->skip_reason);
        c->skip_reason = copy_string(arg, strlen(arg));
    } else if (word_len == 7 && !strncmp(word, "skipped", 7)) {
        char *end;
        c->expect_skipped = strtoll(arg, &end, 10);
        if (end == arg || *skip_spaces(end) || c->expect_skipped < 0)
            case_fail_format(c, line_number, "@skipped wants a record count");
    } else {
        case_fail_format(c, line_number, "unknown directive");
    }
}

static char *resolve_path(const char *root, const char *path)
{
    if (path[0] == '/' || strcmp(root, ".") == 0) return copy_string(path, strlen(path));
    text_buf joined = {0};
    text_puts(&joined, root);
    text_putc(&joined, '/');
    text_puts(&joined, path);
    return text_take(&joined);
}

static void print_blocks(const block_list *blocks)
{
    for (size_t b = 0; b < blocks->count; b++) {
        if (b > 0) puts("    ---");
        for (size_t i = 0; i < blocks->items[b].lines.count; i++)
            printf("    %s\n", blocks->items[b].lines.items[i]);
    }
    if (blocks->count == 0) puts("    (no result)");
}

static void print_case_failure(const test_case *c, const block_list *actual, const char *why)
{
    printf("FAIL %s:%d: %s\n  %s\n  query:\n", c->file, c->line, c->name, why);
    const char *query = c->query.data ? c->query.data : "";
    while (*query) {
        size_t n = strcspn(query, "\n");
        printf("    %.*s\n", (int)n, query);
        query += n + (query[n] == '\n');
    }
    puts("  expected:");
    print_blocks(&c->expected);
    puts("  actual:");
    print_blocks(actual);
}

static void run_case(const test_case *c, const char *root, tally *t)
{
    block_list actual = {0};
    text_buf why = {0};
    kq_engine *engine = kq_engine_new();
    if (!engine) {
        printf("FAIL %s:%d: %s\n  kq_engine_new failed\n", c->file, c->line, c->name);
        t->failed++;
        return;
    }
    if (c->has_now) kq_engine_set_now(engine, c->now_ticks);
    kq_engine_set_strict(engine, c->strict);
    bool bound = true;
    for (size_t i = 0; i < c->table_paths.count && bound; i++) {
        kq_error err;
        memset(&err, 0, sizeof err);
        char *path = resolve_path(root, c->table_paths.items[i]);
        const char *table = c->table_names.items[i][0] ? c->table_names.items[i] : NULL;
        int status = kq_engine_add_path(engine, table, path, &err);
        if (status != KQ_OK) {
            set_error_block(blocks_add(&actual), &err, status);
            bound = false;
        }
        free(path);
    }
    if (bound) run_query(engine, c->query.data, c->query.len, RENDER_TEST_TABLE, &actual);

    bool ok = blocks_match(&c->expected, &actual, c->unordered, &why);
    if (ok && c->expect_skipped >= 0 && kq_engine_skipped(engine) != c->expect_skipped) {
        char text[128];
        snprintf(text, sizeof text, "expected %lld skipped records, got %lld", c->expect_skipped,
                 (long long)kq_engine_skipped(engine));
        text_puts(&why, text);
        ok = false;
    }
    if (ok) {
        t->passed++;
    } else {
        t->failed++;
        print_case_failure(c, &actual, why.data);
    }
    text_free(&why);
    blocks_free(&actual);
    kq_engine_free(engine);
}

/* Runs (or skips, or reports as malformed) the open case, then closes it. */
static void case_finish(test_case *c, const char *root, bool verbose, tally *t)
{
    if (!c->name) return;
    if (!c->format_error && c->query.len == 0) case_fail_format(c, c->line, "case has no query");
    if (!c->format_error && !c->seen_separator)
        case_fail_format(c, c->line, "case has no expected output (no --- line)");
    for (size_t b = 0; b < c->expected.count; b++) {
        string_list *lines = &c->expected.items[b].lines;
        while (lines->count > 0 && lines->items[lines->count - 1][0] == '\0')
            free(lines->items[--lines->count]);
    }
    /* an expected section with nothing in it means: no result table at all */
    if (c->expected.count == 1 && c->expected.items[0].lines.count == 0) blocks_free(&c->expected);

    if (c->format_error) {
        printf("FAIL %s: %s\n  %s\n", c->name, c->format_error, "malformed test case");
        t->failed++;
    } else if (c->skip_reason) {
        if (verbose) printf("SKIP %s:%d: %s (%s)\n", c->file, c->line, c->name, c->skip_reason);
        t->skipped++;
    } else {
        run_case(c, root, t);
    }
    case_free(c);
}

enum parse_state { BEFORE_CASE, IN_DIRECTIVES, IN_QUERY, IN_EXPECTED };

static void run_test_file(const char *path, const char *root, bool verbose, tally *t)
{
    char *content = read_whole_file(path);
    if (!content) {
        printf("FAIL %s: cannot read: %s\n", path, strerror(errno));
        t->failed++;
        return;
    }
    test_case current;
    memset(&current, 0, sizeof current);
    enum parse_state state = BEFORE_CASE;
    char *cursor = content;
    char *line;
    for (int line_number = 1; (line = next_line(&cursor)) != NULL; line_number++) {
        if (strncmp(line, "===", 3) == 0) {
            case_finish(&current, root, verbose, t);
            case_open(&current, path, line_number, line + 3);
            state = IN_DIRECTIVES;
            continue;
        }
        bool comment_or_blank = line[0] == '#' || *skip_spaces(line) == '\0';
        switch (state) {
        case BEFORE_CASE:
            if (!comment_or_blank) {
                printf("FAIL %s:%d: text outside a case (cases start with ===)\n", path, line_number);
                t->failed++;
            }
            break;
        case IN_DIRECTIVES:
            if (line[0] == '@') {
                parse_directive(&current, line_number, line);
                break;
            }
            if (comment_or_blank) break;
            state = IN_QUERY;
            /* fall through - this is the first query line */
        case IN_QUERY:
            if (strcmp(line, "---") == 0) {
                current.seen_separator = true;
                blocks_add(&current.expected);
                state = IN_EXPECTED;
            } else if (line[0] != '#') {
                if (current.query.len > 0) text_putc(&current.query, '\n');
                text_puts(&current.query, line);
            }
            break;
        case IN_EXPECTED:
            if (strcmp(line, "---") == 0) {
                blocks_add(&current.expected);
            } else {
                result_block *block = &current.expected.items[current.expected.count - 1];
                list_push(&block->lines, copy_string(line, strlen(line)));
            }
            break;
        }
    }
    case_finish(&current, root, verbose, t);
    free(content);
}

/* ---- FACTS.tsv --------------------------------------------------------------------- */

static bool is_unsupported_error(const block_list *blocks)
{
    for (size_t i = 0; i < blocks->count; i++) {
        const char *message = blocks->items[i].error.message;
        if (blocks->items[i].is_error &&
            (contains_ignoring_case(message, "not supported") ||
             contains_ignoring_case(message, "unsupported")))
            return true;
    }
    return false;
}

/* Joins the rows of every result table with " | "; an error yields its `error ...` line. */
static char *join_fact_rows(const block_list *blocks)
{
    text_buf joined = {0};
    for (size_t b = 0; b < blocks->count; b++) {
        const result_block *block = &blocks->items[b];
        if (block->is_error) {
            text_clear(&joined);
            text_puts(&joined, block->lines.items[0]);
            break;
        }
        for (size_t i = 0; i < block->lines.count; i++) {
            if (joined.len > 0) text_puts(&joined, " | ");
            text_puts(&joined, block->lines.items[i]);
        }
    }
    return text_take(&joined);
}

/* Runs one fact; returns 1 passed, 0 failed, -1 skipped (unsupported). */
static int run_fact(const char *query, const char *expected, char **actual_out)
{
    block_list blocks = {0};
    kq_engine *engine = kq_engine_new();
    if (!engine) {
        *actual_out = copy_string("kq_engine_new failed", 20);
        return 0;
    }
    run_query(engine, query, strlen(query), RENDER_FACT_ROWS, &blocks);
    kq_engine_free(engine);
    bool unsupported = is_unsupported_error(&blocks);
    char *actual = join_fact_rows(&blocks);
    blocks_free(&blocks);
    char *normal_actual = normalise_datetimes(actual);
    char *normal_expected = normalise_datetimes(expected);
    int verdict = unsupported ? -1 : strcmp(normal_actual, normal_expected) == 0;
    free(normal_actual);
    free(normal_expected);
    *actual_out = actual;
    return verdict;
}

static void run_facts_file(const char *path, bool verbose, tally *t)
{
    char *content = read_whole_file(path);
    if (!content) {
        printf("facts: cannot read %s: %s\n", path, strerror(errno));
        t->failed++;
        return;
    }
    char *cursor = content;
    char *line;
    for (int line_number = 1; (line = next_line(&cursor)) != NULL; line_number++) {
        if (line_number == 1 || *skip_spaces(line) == '\0') continue; /* header, blank */
        char *tab = strchr(line, '\t');
        if (!tab) {
            printf("FAIL %s:%d: not query<TAB>expected<TAB>source\n", path, line_number);
            t->failed++;
            continue;
        }
        *tab = '\0';
        char *expected = tab + 1;
        char *source_tab = strchr(expected, '\t');
        if (source_tab) *source_tab = '\0';

        char *actual = NULL;
        int verdict = run_fact(line, expected, &actual);
        if (verdict > 0) {
            t->passed++;
        } else if (verdict < 0) {
            t->skipped++;
            if (verbose) printf("SKIP %s:%d: %s\n  %s\n", path, line_number, line, actual);
        } else {
            t->failed++;
            if (verbose)
                printf("FAIL %s:%d: %s\n  expected: %s\n  actual:   %s\n", path, line_number, line,
                       expected, actual);
        }
        free(actual);
    }
    free(content);
}

/* ---- main ------------------------------------------------------------------------------ */

static int usage(void)
{
    fputs("usage: kqltest [-v] [--root DIR] FILE.test...\n"
          "       kqltest [-v] --facts FACTS.tsv | --facts-strict FACTS.tsv\n",
          stderr);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    bool verbose = false, facts_strict = false;
    const char *root = ".", *facts_path = NULL;
    int first_file = argc;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
            verbose = true;
        } else if (!strcmp(arg, "--root") && i + 1 < argc) {
            root = argv[++i];
        } else if ((!strcmp(arg, "--facts") || !strcmp(arg, "--facts-strict")) && i + 1 < argc) {
            facts_strict = !strcmp(arg, "--facts-strict");
            facts_path = argv[++i];
        } else if (!strcmp(arg, "--")) {
            first_file = i + 1;
            break;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage();
        } else {
            first_file = i;
            break;
        }
    }
    bool have_test_files = first_file < argc;
    if (!have_test_files && !facts_path) return usage();

    int exit_status = 0;
    if (have_test_files) {
        tally cases = {0, 0, 0};
        for (int i = first_file; i < argc; i++) run_test_file(argv[i], root, verbose, &cases);
        if (cases.skipped > 0)
            printf("kqltest: %d passed, %d failed, %d skipped\n", cases.passed, cases.failed,
                   cases.skipped);
        else
            printf("kqltest: %d passed, %d failed\n", cases.passed, cases.failed);
        if (cases.failed > 0) exit_status = 1;
    }
    if (facts_path) {
        tally facts = {0, 0, 0};
        run_facts_file(facts_path, verbose, &facts);
        printf("facts: %d passed, %d failed, %d skipped\n", facts.passed, facts.failed,
               facts.skipped);
        if (facts_strict && facts.failed > 0) exit_status = 1;
    }
    return exit_status;
}
