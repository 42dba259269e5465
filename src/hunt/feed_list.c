/*
 * feed_list.c - plain indicator lists: one value a line, its type detected from the value.
 *
 * Understood line shapes:
 *   evil.com / 1.2.3.4 / 10.0.0.0/8 / hxxp://evil[.]com/x   a value (defanged values are refanged)
 *   # ..., ! ..., ; ..., // ...                             comments (also "value # comment")
 *   0.0.0.0 evil.com, 127.0.0.1 evil.com                    hosts-file lines (every name after the sink)
 *   ||evil.com^, ||evil.com/path$all                        uBlock filters: a host alone is a domain or
 *                                                           IP; a host with a path is the URL
 *                                                           "http://host/path" (a filter names no
 *                                                           scheme: http is assumed); "$options" and
 *                                                           a "|" anchor are dropped; "@@" exception
 *                                                           filters are skipped with a reason
 *   1.2.3.4<TAB>7                                           a value and a count (IPsum)
 *   evil.com, IOC FOUND / 1.2.3.4,Possible C2               a value and a note (the note becomes the
 *                                                           description; "IOC FOUND" is only a marker)
 *   a.com, b.com / a.com<TAB>b.com                          several values: each is an indicator
 * A first line made of column names ("Address,url", "Domain") is a header and is skipped.
 * The provider of each indicator is the file's base name.
 *
 * A file read as a list because nothing else matched (its format sniffed, not forced) is refused
 * when most of its lines (not counting comments, blank lines and "@@" exceptions; a header counts)
 * give no indicator: it is prose, such as a README, or data of another kind, not a feed.
 */
#include "feed.h"

#include <string.h>
#include <strings.h>

#include "../base/buf.h"
#include "../base/error.h"
#include "normalize.h"

typedef struct list_reader {
    kq_ioc_set *set;
    const char *path;
    const char *provider;
    kq_feed_stats *st;
    kq_buf url;         /* "http://" + a uBlock host/path */
    kq_buf description; /* the note after a value */
    size_t indicator_lines, other_lines; /* lines that gave an indicator, and the others */
    int64_t first_other;                 /* the first of the others (0: none) ... */
    const char *first_other_text;        /* ... as written */
    size_t first_other_len;
} list_reader;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static bool starts_with(const char *p, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(p, prefix, k) == 0;
}

static void trim(const char **p, size_t *n)
{
    while (*n && is_space(**p)) (*p)++, (*n)--;
    while (*n && is_space((*p)[*n - 1])) (*n)--;
}

static bool is_comment(const char *p, size_t n)
{
    return p[0] == '#' || p[0] == '!' || p[0] == ';' || starts_with(p, n, "//") ||
           starts_with(p, n, "[Adblock");
}

/* A row of column names: words of letters, digits, '_' and spaces, none of them an indicator. */
static bool is_header(const char *p, size_t n)
{
    for (size_t start = 0; start < n;) {
        const char *comma = memchr(p + start, ',', n - start);
        size_t stop = comma ? (size_t)(comma - p) : n;
        const char *word = p + start;
        size_t len = stop - start;
        trim(&word, &len);
        if (!len || kq_ioc_detect(word, len) != KQ_IOC_NONE) return false;
        for (size_t i = 0; i < len; i++) {
            char c = word[i];
            bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && c != '_' && (i == 0 || !((c >= '0' && c <= '9') || c == ' '))) return false;
        }
        start = stop + 1;
    }
    return n > 0;
}

/* "evil.com/gate.php", "1.2.3.4/x": a host (a domain or an IPv4 address, perhaps with a port)
 * and a path, without a scheme: the URL http://host/path, as a host list means it. The value is
 * refanged into r->url first; false when it is no such thing. */
static bool host_and_path(list_reader *r, const char *p, size_t n)
{
    kq_ioc_refang(p, n, &r->url);
    const char *v = r->url.p, *slash = memchr(v, '/', r->url.len);
    if (!slash || slash == v || memmem(v, r->url.len, "://", 3) || kq_ioc_detect(v, r->url.len) != KQ_IOC_NONE)
        return false;
    kq_ioc_type host = kq_ioc_detect(v, (size_t)(slash - v));
    return host == KQ_IOC_DOMAIN || host == KQ_IOC_IPV4;
}

static void add(list_reader *r, kq_ioc_type hint, const char *p, size_t n, const char *description, int64_t line)
{
    kq_buf with_scheme = {0};
    if (hint == KQ_IOC_NONE && host_and_path(r, p, n)) {
        kq_buf_puts(&with_scheme, "http://");
        kq_buf_put(&with_scheme, r->url.p, r->url.len);
        hint = KQ_IOC_URL;
        p = with_scheme.p;
        n = with_scheme.len;
    }
    r->st->records++;
    kq_indicator meta = {0};
    meta.threat_type = meta.malware = meta.tags = meta.tlp = "";
    meta.description = description;
    meta.confidence = -1;
    kq_ioc_source src = {.feed_file = r->path, .feed_line = line, .provider = r->provider,
                         .reference = "", .external_id = ""};
    if (kq_ioc_set_add(r->set, hint, p, n, &meta, &src)) r->st->indicators++;
    else r->st->rejected++;
    kq_buf_free(&with_scheme);
}

/* "||host^", "||host/path$options": a domain or IP, or the URL of a path on that host. */
static void read_filter(list_reader *r, const char *p, size_t n, int64_t line)
{
    p += 2, n -= 2;
    const char *options = memchr(p, '$', n);
    if (options) n = (size_t)(options - p);
    if (n && p[n - 1] == '^') n--;
    if (!memchr(p, '/', n)) {
        add(r, KQ_IOC_NONE, p, n, "", line);
        return;
    }
    kq_buf_clear(&r->url);
    kq_buf_puts(&r->url, "http://");
    kq_buf_put(&r->url, p, n);
    add(r, KQ_IOC_URL, r->url.p, r->url.len, "", line);
}

/* "0.0.0.0 a.com b.com": the sink address of a hosts file, then names. */
static bool is_hosts_line(const char *p, size_t n)
{
    static const char *const sinks[] = {"0.0.0.0", "127.0.0.1", "::1", "::", "0"};
    for (size_t i = 0; i < sizeof sinks / sizeof sinks[0]; i++) {
        size_t k = strlen(sinks[i]);
        if (n > k && memcmp(p, sinks[i], k) == 0 && is_space(p[k])) return true;
    }
    return false;
}

static void read_hosts_line(list_reader *r, const char *p, size_t n, int64_t line)
{
    const char *end = p + n;
    while (p < end && !is_space(*p)) p++; /* the sink */
    for (;;) {
        while (p < end && is_space(*p)) p++;
        if (p >= end) return;
        const char *name = p;
        while (p < end && !is_space(*p)) p++;
        add(r, KQ_IOC_NONE, name, (size_t)(p - name), "", line);
    }
}

/* Is the second cell of a line an indicator itself ("a.com, b.com")? Then it is not a note. */
static bool cell_is_indicator(list_reader *r, const char *p, size_t n)
{
    trim(&p, &n);
    if (!n || memchr(p, ' ', n)) return false;
    kq_ioc_refang(p, n, &r->url);
    return kq_ioc_detect(r->url.p, r->url.len) != KQ_IOC_NONE;
}

/* "value, note" or "value<TAB>count": the value, and the note as the description; when the
 * second cell is an indicator too ("a.com, b.com", "a.com<TAB>b.com"), both are taken. */
static void read_value_line(list_reader *r, const char *p, size_t n, int64_t line)
{
    const char *tab = memchr(p, '\t', n);
    if (tab) {
        add(r, KQ_IOC_NONE, p, (size_t)(tab - p), "", line);
        const char *rest = tab + 1;
        size_t rest_len = (size_t)(p + n - rest);
        if (cell_is_indicator(r, rest, rest_len)) read_value_line(r, rest, rest_len, line);
        return;
    }
    /* a URL may hold commas itself: after a scheme only ", " separates a note */
    bool url = memmem(p, n, "://", 3) != NULL;
    const char *comma = url ? memmem(p, n, ", ", 2) : memchr(p, ',', n);
    if (!comma) {
        add(r, KQ_IOC_NONE, p, n, "", line);
        return;
    }
    const char *note = comma + 1;
    size_t note_len = (size_t)(p + n - note);
    trim(&note, &note_len);
    if (cell_is_indicator(r, note, note_len)) {
        add(r, KQ_IOC_NONE, p, (size_t)(comma - p), "", line);
        read_value_line(r, note, note_len, line);
        return;
    }
    kq_buf_clear(&r->description);
    if (!(note_len == 9 && strncasecmp(note, "IOC FOUND", 9) == 0)) kq_buf_put(&r->description, note, note_len);
    add(r, KQ_IOC_NONE, p, (size_t)(comma - p), kq_buf_cstr(&r->description), line);
}

/* Counts a line that gave an indicator or did not. */
static void tally_line(list_reader *r, bool indicator, const char *p, size_t len, int64_t line)
{
    if (indicator) {
        r->indicator_lines++;
        return;
    }
    if (!r->other_lines++) {
        r->first_other = line;
        r->first_other_text = p;
        r->first_other_len = len;
    }
}

static int read_list(kq_ioc_set *s, const char *path, const char *text, size_t n, bool sniffed,
                     kq_feed_stats *st, kq_error *err)
{
    kq_feed_stats unused = {0};
    const char *slash = strrchr(path, '/');
    list_reader r = {.set = s, .path = path, .provider = slash ? slash + 1 : path, .st = st ? st : &unused};
    kq_buf_init(&r.url);
    kq_buf_init(&r.description);
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, n -= 3;
    const char *pos = text, *end = text + n;
    bool first_value_line = true;
    for (int64_t line = 1; pos < end; line++) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        const char *p = pos;
        size_t len = (size_t)((nl ? nl : end) - pos);
        pos = nl ? nl + 1 : end;
        trim(&p, &len);
        if (!len || is_comment(p, len)) continue;
        for (size_t i = 1; i < len; i++) /* "value # comment" */
            if (p[i] == '#' && is_space(p[i - 1])) {
                len = i;
                trim(&p, &len);
                break;
            }
        bool header = first_value_line && is_header(p, len);
        first_value_line = false;
        if (header) {
            tally_line(&r, false, p, len, line);
            continue;
        }
        size_t indicators_before = r.st->indicators;
        bool exception = starts_with(p, len, "@@");
        const char *written = p;
        size_t written_len = len;
        if (exception) {
            r.st->records++;
            r.st->skipped++;
            kq_ioc_set_reject(s, path, line, p, len, "exception filter (@@) names a host not to block");
        } else if (starts_with(p, len, "||")) {
            read_filter(&r, p, len, line);
        } else if (is_hosts_line(p, len)) {
            read_hosts_line(&r, p, len, line);
        } else {
            if (p[0] == '|') p++, len--; /* "|http://...": a filter anchored at the address start */
            read_value_line(&r, p, len, line);
        }
        if (!exception) tally_line(&r, r.st->indicators > indicators_before, written, written_len, line);
    }
    kq_buf_free(&r.url);
    kq_buf_free(&r.description);
    if (sniffed && r.other_lines > r.indicator_lines) {
        size_t lines = r.other_lines + r.indicator_lines;
        kq_error_input(err, KQ_ERR_INPUT, path, r.first_other,
                       "not a feed: %zu of its %zu lines %s no indicator, so it looks like prose (a README, "
                       "a report) or data of another kind, not a list of indicators (line %lld: '%.*s'%s); "
                       "--feed-format list reads it as a list anyway",
                       r.other_lines, lines, r.other_lines == 1 ? "gives" : "give", (long long)r.first_other,
                       (int)(r.first_other_len < 80 ? r.first_other_len : 80), r.first_other_text,
                       r.first_other_len > 80 ? "..." : "");
        return KQ_ERR_INPUT;
    }
    return 0;
}

int kq_feed_list(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err)
{
    return read_list(s, path, text, n, false, st, err);
}

int kq_feed_list_sniffed(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st,
                         kq_error *err)
{
    return read_list(s, path, text, n, true, st, err);
}
