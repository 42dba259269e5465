/*
 * fuzz_feed.c - libFuzzer harness: the input is a threat-intelligence feed file.
 *
 * The first byte picks a kq_feed_format (modulo KQ_FEED__COUNT); the rest is the file's content.
 * KQ_FEED_AUTO writes the content to a temporary file (mkstemp in /tmp, unlinked afterwards) and
 * reads it with kq_feed_load, so reading, the binary check and format sniffing run too. Any
 * other format hands the content to its in-memory importer as an exact-size heap copy, so a read
 * past the end is caught. The set is then de-duplicated and its documented invariants are checked
 * (every text non-NULL, a known type, at least one source, confidence -1..100).
 *
 * Each line of the content (up to NORMALIZE_MAX_LINE bytes: longer values still reach the
 * normaliser through the list importer) is also parsed with kq_ioc_type_parse and normalised with
 * kq_ioc_normalize under every hint, checking its documented success and failure results.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hunt/feed.h"
#include "hunt/normalize.h"

#define NORMALIZE_MAX_LINE 2048

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*importer)(kq_ioc_set *s, const char *path, const char *text, size_t n,
                        kq_feed_stats *st, kq_error *err);

_Static_assert(KQ_FEED__COUNT == 12, "every kq_feed_format needs its importer in importers[]");

static const importer importers[KQ_FEED__COUNT] = {
    [KQ_FEED_THREATFOX_JSON] = kq_feed_threatfox_json,
    [KQ_FEED_THREATFOX_CSV] = kq_feed_threatfox_csv,
    [KQ_FEED_FEODO_CSV] = kq_feed_feodo_csv,
    [KQ_FEED_FEODO_JSON] = kq_feed_feodo_json,
    [KQ_FEED_URLHAUS_JSON] = kq_feed_urlhaus_json,
    [KQ_FEED_MISP] = kq_feed_misp_event,
    [KQ_FEED_STIX] = kq_feed_stix,
    [KQ_FEED_CSV] = kq_feed_csv,
    [KQ_FEED_JSON_RECORDS] = kq_feed_json_records,
    [KQ_FEED_TII] = kq_feed_tii,
    [KQ_FEED_LIST] = kq_feed_list,
};

/* Reports a broken invariant and aborts, so libFuzzer saves the input. */
static void broken(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_feed: %s: %s\n", what, detail ? detail : "");
    abort();
}

static void check_text(const char *s, const char *field)
{
    if (!s)
        broken("NULL text in indicator field", field);
    (void)strlen(s);
}

static void check_set(const kq_ioc_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const kq_indicator *ioc = &s->items[i];
        if (ioc->type <= KQ_IOC_NONE || ioc->type >= KQ_IOC__COUNT)
            broken("indicator of no known type", ioc->value);
        check_text(ioc->value, "value");
        check_text(ioc->raw, "raw");
        check_text(ioc->threat_type, "threat_type");
        check_text(ioc->malware, "malware");
        check_text(ioc->tags, "tags");
        check_text(ioc->description, "description");
        check_text(ioc->tlp, "tlp");
        if (ioc->confidence < -1 || ioc->confidence > 100)
            broken("confidence out of -1..100", ioc->value);
        if (ioc->nsources < 1 || !ioc->sources)
            broken("indicator without a source", ioc->value);
        for (int k = 0; k < ioc->nsources; k++) {
            const kq_ioc_source *src = &ioc->sources[k];
            check_text(src->feed_file, "source feed_file");
            check_text(src->provider, "source provider");
            check_text(src->reference, "source reference");
            check_text(src->external_id, "source external_id");
        }
    }
    for (size_t i = 0; i < s->nrejects; i++) {
        check_text(s->rejects[i].value, "reject value");
        check_text(s->rejects[i].reason, "reject reason");
    }
}

static void normalize_line(const char *line, size_t n, kq_buf *out)
{
    (void)kq_ioc_type_parse(line, n);
    for (int hint = KQ_IOC_NONE; hint < KQ_IOC__COUNT; hint++) {
        int port = -1;
        const char *reason = "unset";
        kq_ioc_type t = kq_ioc_normalize((kq_ioc_type)hint, line, n, out, &port, &reason);
        if (t == KQ_IOC_NONE) {
            if (out->len != 0 || port != 0 || !reason)
                broken("kq_ioc_normalize failed without an empty result, port 0 and a reason",
                       reason);
        } else {
            if (t >= KQ_IOC__COUNT || reason || out->len == 0 || !out->p || out->p[out->len] != 0)
                broken("kq_ioc_normalize succeeded without a type, an empty reason and a value",
                       reason);
        }
    }
}

static void normalize_lines(const char *text, size_t n)
{
    kq_buf out;
    kq_buf_init(&out);
    const char *p = text, *end = text + n;
    while (p < end) {
        const char *start = p;
        const char *nl = memchr(start, '\n', (size_t)(end - start));
        size_t len = (size_t)((nl ? nl : end) - start);
        p = nl ? nl + 1 : end;
        if (len > NORMALIZE_MAX_LINE)
            continue;
        char *line = malloc(len ? len : 1); /* exact size: an over-read is caught */
        if (!line)
            break;
        memcpy(line, start, len);
        normalize_line(line, len, &out);
        free(line);
    }
    kq_buf_free(&out);
}

/* Writes data to a fresh temporary file (path is a mkstemp template); 0 on success. */
static int write_temp(const uint8_t *data, size_t size, char *path)
{
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    size_t off = 0;
    while (off < size) {
        ssize_t n = write(fd, data + off, size - off);
        if (n <= 0) {
            close(fd);
            unlink(path);
            return -1;
        }
        off += (size_t)n;
    }
    close(fd);
    return 0;
}

static void import(kq_ioc_set *s, kq_feed_format fmt, const uint8_t *content, size_t n)
{
    kq_feed_stats st = {0};
    kq_error err = {0};
    if (fmt == KQ_FEED_AUTO) {
        char path[] = "/tmp/kq-fuzz-feed-XXXXXX";
        if (write_temp(content, n, path) != 0)
            return;
        (void)kq_feed_load(s, path, KQ_FEED_AUTO, &st, &err);
        unlink(path);
        return;
    }
    char *text = malloc(n ? n : 1);
    if (!text)
        return;
    memcpy(text, content, n);
    (void)importers[fmt](s, "fuzz-feed", text, n, &st, &err);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 20))
        return 0;
    kq_feed_format fmt = (kq_feed_format)(data[0] % KQ_FEED__COUNT);
    const uint8_t *content = data + 1;
    size_t n = size - 1;

    kq_ioc_set s;
    kq_ioc_set_init(&s);
    import(&s, fmt, content, n);
    check_set(&s);
    kq_ioc_set_dedupe(&s);
    check_set(&s);
    kq_ioc_set_free(&s);

    normalize_lines((const char *)content, n);
    return 0;
}
