/*
 * feed.c - kq_feed_load: reads a feed file (plain or gzip-compressed), refuses binary content,
 * recognises the feed format from the content and hands the text to its importer. A directory
 * holding manifest.json is a MISP feed.
 *
 * Sniffing, in order: JSON (first byte '{' or '[') is told apart by the keys it uses (rows of
 * ThreatIntelligenceIndicator by the marks of their first row, kq_feed_tii_sniff), and JSON
 * that none of the known shapes matches is read as records when its first record's keys name an
 * indicator column (kq_json_records_sniff); XML is refused (STIX 1.x is named as such); text with
 * a ThreatFox or Feodo Tracker header is that CSV; text whose first data line has a comma, is a
 * lone column name or is a header of known column names split by ';' or tabs goes to the CSV
 * importer (which reads it as a list when it finds no header it knows); everything else is a
 * plain list.
 */
#include "feed.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

#include "../base/buf.h"
#include "../base/error.h"
#include "../base/json.h"
#include "feed_columns.h"
#include "normalize.h"

static const char *const format_names[KQ_FEED__COUNT] = {
    "auto", "threatfox-json", "threatfox-csv", "feodo-csv", "feodo-json",
    "urlhaus-json", "misp", "stix", "csv", "json-records", "list", "tii",
};

const char *kq_feed_format_name(kq_feed_format f)
{
    return (f >= KQ_FEED_AUTO && f < KQ_FEED__COUNT) ? format_names[f] : "unknown";
}

kq_feed_format kq_feed_format_parse(const char *name)
{
    for (int f = 0; name && f < KQ_FEED__COUNT; f++)
        if (strcasecmp(name, format_names[f]) == 0) return (kq_feed_format)f;
    return KQ_FEED__COUNT;
}

/* ---- reading ---- */

/* Reads the whole file into out; gzread passes plain files through unchanged. */
static int read_feed_file(const char *path, kq_buf *out, kq_error *err)
{
    errno = 0;
    gzFile gz = gzopen(path, "rb");
    if (!gz) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot open: %s",
                       errno ? strerror(errno) : "out of memory");
        return KQ_ERR_INPUT;
    }
    for (;;) {
        kq_buf_reserve(out, 1 << 16);
        int got = gzread(gz, out->p + out->len, 1 << 16);
        if (got < 0) {
            int code;
            const char *why = gzerror(gz, &code);
            kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot read: %s",
                           code == Z_ERRNO ? strerror(errno) : why);
            gzclose(gz);
            return KQ_ERR_INPUT;
        }
        if (got == 0) break;
        /* a NUL byte in the first block: binary, whatever its length (even /dev/zero) */
        if (out->len < (1 << 16) && memchr(out->p + out->len, 0, (size_t)got)) {
            out->len += (size_t)got;
            break;
        }
        out->len += (size_t)got;
    }
    gzclose(gz);
    kq_buf_cstr(out);
    return 0;
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

/* A NUL byte, or a UTF-16 byte-order mark, means the file is not UTF-8 text. */
static int refuse_binary(const char *path, const char *text, size_t n, kq_error *err)
{
    if (starts_with(text, n, "\xFF\xFE") || starts_with(text, n, "\xFE\xFF")) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0,
                       "UTF-16 text; feeds are read as UTF-8 (convert the file first)");
        return KQ_ERR_INPUT;
    }
    const char *nul = memchr(text, 0, n);
    if (nul) {
        int64_t line = 1;
        for (const char *p = text; p < nul; p++) line += *p == '\n';
        kq_error_input(err, KQ_ERR_INPUT, path, line,
                       "binary file (NUL byte at offset %zu), not a text feed",
                       (size_t)(nul - text));
        return KQ_ERR_INPUT;
    }
    return 0;
}

/* ---- sniffing JSON ---- */

enum { SNIFF_WINDOW = 1 << 16 }; /* bytes of a JSON file searched for telltale keys */

static const char *skip_json_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    return p;
}

/* Whether "key" occurs as an object key (followed by ':') in the first SNIFF_WINDOW bytes. */
static bool json_has_key(const char *text, size_t n, const char *key)
{
    size_t window = n < SNIFF_WINDOW ? n : SNIFF_WINDOW;
    const char *end = text + window;
    char quoted[64];
    size_t k = (size_t)snprintf(quoted, sizeof quoted, "\"%s\"", key);
    for (const char *p = text; p < end;) {
        const char *hit = memmem(p, (size_t)(end - p), quoted, k);
        if (!hit) return false;
        const char *after = skip_json_space(hit + k, end);
        if (after < end && *after == ':') return true;
        p = hit + 1;
    }
    return false;
}

/* Whether the key is followed by the string value ("type": "bundle"). */
static bool json_has_member(const char *text, size_t n, const char *key, const char *value)
{
    size_t window = n < SNIFF_WINDOW ? n : SNIFF_WINDOW;
    const char *end = text + window;
    char quoted_key[64], quoted_value[64];
    size_t k = (size_t)snprintf(quoted_key, sizeof quoted_key, "\"%s\"", key);
    size_t v = (size_t)snprintf(quoted_value, sizeof quoted_value, "\"%s\"", value);
    for (const char *p = text; p < end;) {
        const char *hit = memmem(p, (size_t)(end - p), quoted_key, k);
        if (!hit) return false;
        const char *after = skip_json_space(hit + k, end);
        if (after < end && *after == ':') {
            after = skip_json_space(after + 1, end);
            if ((size_t)(end - after) >= v && memcmp(after, quoted_value, v) == 0) return true;
        }
        p = hit + 1;
    }
    return false;
}

static bool is_manifest_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return strcmp(slash ? slash + 1 : path, "manifest.json") == 0;
}

/* Describes the first keys of a JSON text for an error message (" with keys Metadata, Covid19Indicators"). */
static void describe_json_keys(const char *text, size_t n, char *out, size_t cap)
{
    const char *end = text + n;
    const char *p = skip_json_space(text, end);
    if (p < end && *p == '[') p = skip_json_space(p + 1, end); /* the first element of an array */
    const char *object_end = p < end && *p == '{' ? kq_json_skip_value(p, end) : NULL;
    kq_json_cursor c;
    size_t used = 0;
    out[0] = 0;
    if (!object_end || !kq_json_obj_begin(&c, p, (size_t)(object_end - p))) return;
    const char *key, *val;
    size_t key_len, val_len;
    bool escaped;
    for (int shown = 0; shown < 5 && kq_json_obj_next(&c, &key, &key_len, &escaped, &val, &val_len) == 1; shown++) {
        int w = snprintf(out + used, cap - used, "%s%.*s", shown ? ", " : " with keys ",
                         (int)(key_len > 40 ? 40 : key_len), key);
        if (w < 0 || (size_t)w >= cap - used) break;
        used += (size_t)w;
    }
}

static int sniff_json(const char *path, const char *text, size_t n, kq_feed_format *fmt, kq_error *err)
{
    if (json_has_member(text, n, "type", "bundle") ||
        (json_has_key(text, n, "objects") && json_has_key(text, n, "spec_version")))
        *fmt = KQ_FEED_STIX;
    else if (json_has_key(text, n, "Event"))
        *fmt = KQ_FEED_MISP;
    else if ((json_has_key(text, n, "ioc_value") && json_has_key(text, n, "ioc_type")) ||
             (json_has_key(text, n, "iocs") && json_has_key(text, n, "ioc")))
        *fmt = KQ_FEED_THREATFOX_JSON;
    else if (json_has_key(text, n, "ip_address") && json_has_key(text, n, "malware"))
        *fmt = KQ_FEED_FEODO_JSON;
    else if (json_has_key(text, n, "urls") && json_has_key(text, n, "urlhaus_link"))
        *fmt = KQ_FEED_URLHAUS_JSON;
    else if (is_manifest_name(path) && json_has_key(text, n, "Orgc"))
        *fmt = KQ_FEED_MISP;
    else if (kq_feed_tii_sniff(text, n))
        *fmt = KQ_FEED_TII;
    else if (kq_json_records_sniff(text, n))
        *fmt = KQ_FEED_JSON_RECORDS;
    else {
        char keys[256];
        describe_json_keys(text, n, keys, sizeof keys);
        kq_error_input(err, KQ_ERR_INPUT, path, 0,
                       "JSON%s is not a known feed format (ThreatFox, Feodo Tracker, URLhaus, "
                       "MISP event or feed, STIX 2.1 bundle, ThreatIntelligenceIndicator rows, records with an "
                       "indicator column)", keys);
        return KQ_ERR_INPUT;
    }
    return 0;
}

/* ---- sniffing text ---- */

typedef struct text_line {
    const char *p;
    size_t n;
} text_line;

/* The next line from *pos (without its line break); false at the end. */
static bool next_line(const char **pos, const char *end, text_line *line)
{
    if (*pos >= end) return false;
    const char *p = *pos;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;
    *pos = nl ? nl + 1 : end;
    line->p = p;
    line->n = (size_t)(stop - p);
    while (line->n && (line->p[line->n - 1] == '\r' || line->p[line->n - 1] == ' ' || line->p[line->n - 1] == '\t'))
        line->n--;
    return true;
}

static bool is_comment_or_blank(text_line l)
{
    return l.n == 0 || l.p[0] == '#' || l.p[0] == '!' || l.p[0] == ';' || starts_with(l.p, l.n, "//");
}

/* A one-column header: a word of letters, digits and '_' that is not an indicator
 * ("IPAddress", "Domain"). */
static bool is_lone_column_name(text_line l)
{
    for (size_t i = 0; i < l.n; i++) {
        char c = l.p[i];
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!letter && c != '_' && (i == 0 || !(c >= '0' && c <= '9'))) return false;
    }
    return l.n && kq_ioc_detect(l.p, l.n) == KQ_IOC_NONE;
}

static kq_feed_format sniff_text(const char *text, size_t n)
{
    const char *pos = text, *end = text + n;
    text_line l;
    bool threatfox_banner = false;
    while (next_line(&pos, end, &l)) {
        if (starts_with(l.p, l.n, "# \"first_seen_utc\",\"ioc_id\"")) return KQ_FEED_THREATFOX_CSV;
        if (is_comment_or_blank(l)) {
            threatfox_banner |= l.n && l.p[0] == '#' && memmem(l.p, l.n, "ThreatFox", 9) != NULL;
            continue;
        }
        if (starts_with(l.p, l.n, "\"first_seen_utc\",\"dst_ip\"")) return KQ_FEED_FEODO_CSV;
        if (threatfox_banner && l.p[0] == '"') return KQ_FEED_THREATFOX_CSV;
        /* kq_feed_csv reads a file without a header it knows as a list */
        return memchr(l.p, ',', l.n) || is_lone_column_name(l) || kq_csv_header_delimiter(l.p, l.n)
                   ? KQ_FEED_CSV
                   : KQ_FEED_LIST;
    }
    return KQ_FEED_LIST; /* empty, or comments only */
}

static int sniff(const char *path, const char *text, size_t n, kq_feed_format *fmt, kq_error *err)
{
    const char *p = text, *end = text + n;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    if (p < end && (*p == '{' || *p == '[')) return sniff_json(path, p, (size_t)(end - p), fmt, err);
    if (p < end && *p == '<') {
        size_t window = (size_t)(end - p) < 4096 ? (size_t)(end - p) : 4096;
        bool stix1 = memmem(p, window, "stix", 4) || memmem(p, window, "STIX", 4);
        kq_error_input(err, KQ_ERR_INPUT, path, 1,
                       stix1 ? "STIX 1.x XML is not supported; convert to STIX 2.1"
                             : "XML is not a supported feed format");
        return KQ_ERR_INPUT;
    }
    *fmt = sniff_text(text, n);
    return 0;
}

/* ---- dispatch ---- */

static int load_directory(kq_ioc_set *s, const char *dir, kq_feed_format fmt, kq_feed_stats *st,
                          kq_error *err)
{
    kq_buf manifest;
    kq_buf_init(&manifest);
    kq_buf_printf(&manifest, "%s/manifest.json", dir);
    struct stat sb;
    bool is_misp_feed = stat(kq_buf_cstr(&manifest), &sb) == 0 && S_ISREG(sb.st_mode);
    kq_buf_free(&manifest);
    if (!is_misp_feed || (fmt != KQ_FEED_AUTO && fmt != KQ_FEED_MISP)) {
        kq_error_input(err, KQ_ERR_INPUT, dir, 0,
                       is_misp_feed ? "a MISP feed directory; only the misp format reads it"
                                    : "a directory without manifest.json (not a MISP feed)");
        return KQ_ERR_INPUT;
    }
    st->format = KQ_FEED_MISP;
    return kq_feed_misp_dir(s, dir, st, err);
}

/* forced: the user named the format, so a CSV without a header is refused rather than read as a
 * list. */
static int import_text(kq_ioc_set *s, const char *path, kq_feed_format fmt, bool forced, const char *text,
                       size_t n, kq_feed_stats *st, kq_error *err)
{
    switch (fmt) {
    case KQ_FEED_THREATFOX_JSON: return kq_feed_threatfox_json(s, path, text, n, st, err);
    case KQ_FEED_THREATFOX_CSV: return kq_feed_threatfox_csv(s, path, text, n, st, err);
    case KQ_FEED_FEODO_CSV: return kq_feed_feodo_csv(s, path, text, n, st, err);
    case KQ_FEED_FEODO_JSON: return kq_feed_feodo_json(s, path, text, n, st, err);
    case KQ_FEED_URLHAUS_JSON: return kq_feed_urlhaus_json(s, path, text, n, st, err);
    case KQ_FEED_STIX: return kq_feed_stix(s, path, text, n, st, err);
    case KQ_FEED_CSV: return kq_csv_read_feed(s, path, text, n, KQ_FEED_CSV, forced, st, err);
    case KQ_FEED_JSON_RECORDS: return kq_feed_json_records(s, path, text, n, st, err);
    case KQ_FEED_TII: return kq_feed_tii(s, path, text, n, st, err);
    case KQ_FEED_LIST:
        return forced ? kq_feed_list(s, path, text, n, st, err) : kq_feed_list_sniffed(s, path, text, n, st, err);
    case KQ_FEED_MISP:
        if (is_manifest_name(path) && !json_has_key(text, n, "Event")) {
            /* a MISP feed's manifest given as a file: read the whole feed beside it */
            const char *slash = strrchr(path, '/');
            kq_buf dir;
            kq_buf_init(&dir);
            if (slash) kq_buf_put(&dir, path, (size_t)(slash - path));
            else kq_buf_putc(&dir, '.');
            int rc = kq_feed_misp_dir(s, kq_buf_cstr(&dir), st, err);
            kq_buf_free(&dir);
            return rc;
        }
        return kq_feed_misp_event(s, path, text, n, st, err);
    default:
        kq_error_input(err, KQ_ERR_USAGE, path, 0, "unknown feed format %d", (int)fmt);
        return KQ_ERR_USAGE;
    }
}

int kq_feed_load(kq_ioc_set *s, const char *path, kq_feed_format fmt, kq_feed_stats *stats, kq_error *err)
{
    kq_feed_stats local;
    kq_feed_stats *st = stats ? stats : &local;
    memset(st, 0, sizeof *st);
    st->format = fmt;
    if (fmt < KQ_FEED_AUTO || fmt >= KQ_FEED__COUNT) {
        kq_error_input(err, KQ_ERR_USAGE, path, 0, "unknown feed format %d", (int)fmt);
        return KQ_ERR_USAGE;
    }
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) return load_directory(s, path, fmt, st, err);

    kq_buf file;
    kq_buf_init(&file);
    int rc = read_feed_file(path, &file, err);
    if (rc == 0) rc = refuse_binary(path, file.p, file.len, err);
    if (rc == 0) {
        const char *text = file.p;
        size_t n = file.len;
        if (starts_with(text, n, "\xEF\xBB\xBF")) text += 3, n -= 3; /* UTF-8 byte-order mark */
        bool forced = fmt != KQ_FEED_AUTO;
        if (!forced) rc = sniff(path, text, n, &fmt, err);
        if (rc == 0) {
            st->format = fmt;
            rc = import_text(s, path, fmt, forced, text, n, st, err);
        }
    }
    kq_buf_free(&file);
    return rc;
}
