/*
 * tii.c - indicators as rows of Sentinel's ThreatIntelligenceIndicator table (JSON Lines with the
 * table's real column names and types), so that Sentinel's own TI rules and kq's hunts read the
 * feeds the way they read TI in a workspace.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/buf.h"
#include "../base/datetime.h"
#include "../base/error.h"
#include "../base/json.h"
#include "hunt.h"

void kq_tii_indicator_id(const kq_indicator *ioc, char out[20])
{
    uint64_t h = 1469598103934665603ull;
    const char *type = kq_ioc_type_name(ioc->type);
    for (const unsigned char *p = (const unsigned char *)type; *p; p++) h = (h ^ *p) * 1099511628211ull;
    h = (h ^ ':') * 1099511628211ull;
    for (const unsigned char *p = (const unsigned char *)ioc->value; *p; p++) h = (h ^ *p) * 1099511628211ull;
    static const char hex[] = "0123456789abcdef";
    memcpy(out, "kq-", 3);
    for (int i = 0; i < 16; i++) out[3 + i] = hex[(h >> (60 - 4 * i)) & 15];
    out[19] = 0;
}

static void put_string(kq_buf *b, const char *key, const char *value)
{
    if (!value || !value[0]) return;
    kq_buf_puts(b, ",\"");
    kq_buf_puts(b, key);
    kq_buf_puts(b, "\":");
    kq_json_write_string(b, value, strlen(value));
}

static void put_time(kq_buf *b, const char *key, int64_t ticks)
{
    char text[40];
    if (!ticks) return;
    size_t len = kq_dt_format(ticks, text);
    kq_buf_puts(b, ",\"");
    kq_buf_puts(b, key);
    kq_buf_puts(b, "\":\"");
    kq_buf_put(b, text, len);
    kq_buf_putc(b, '"');
}

void kq_tii_malware_names(kq_buf *out, const kq_indicator *ioc)
{
    kq_buf_clear(out);
    if (!ioc->nfamilies) return;
    kq_buf_putc(out, '[');
    for (int i = 0; i < ioc->nfamilies; i++) {
        if (i) kq_buf_putc(out, ',');
        kq_json_write_string(out, ioc->families[i], strlen(ioc->families[i]));
    }
    kq_buf_putc(out, ']');
}

static const char *hash_type_name(kq_ioc_type t)
{
    return t == KQ_IOC_MD5 ? "MD5" : t == KQ_IOC_SHA1 ? "SHA1" : "SHA256";
}

/* one row; b is cleared first */
static void tii_row(kq_buf *b, const kq_indicator *ioc, int64_t now)
{
    char id[20];
    kq_tii_indicator_id(ioc, id);
    kq_buf_clear(b);
    kq_buf_puts(b, "{\"Type\":\"ThreatIntelligenceIndicator\",\"SourceSystem\":\"kq\"");
    put_time(b, "TimeGenerated", ioc->first_seen ? ioc->first_seen : now);
    put_string(b, "IndicatorId", id);
    const kq_ioc_source *primary = ioc->nsources ? &ioc->sources[ioc->primary] : NULL;
    put_string(b, "ExternalIndicatorId", primary ? primary->external_id : "");
    /* not active when revoked, or not yet valid (a STIX valid_from after now) */
    kq_buf_printf(b, ",\"Active\":%s", ioc->revoked || ioc->valid_from > now ? "false" : "true");
    put_time(b, "ExpirationDateTime", ioc->expires);
    put_string(b, "ThreatType", ioc->threat_type);
    if (ioc->confidence >= 0) kq_buf_printf(b, ",\"ConfidenceScore\":%d", ioc->confidence);
    put_string(b, "Description", ioc->description);
    put_string(b, "Tags", ioc->tags);
    put_string(b, "TrafficLightProtocolLevel", ioc->tlp);
    kq_buf providers;
    kq_buf_init(&providers);
    kq_tii_malware_names(&providers, ioc);
    put_string(b, "MalwareNames", kq_buf_cstr(&providers));
    /* every feed that named it */
    kq_buf_clear(&providers);
    for (int i = 0; i < ioc->nsources; i++) {
        const char *p = ioc->sources[i].provider;
        if (!p[0] || (providers.len && strstr(kq_buf_cstr(&providers), p))) continue;
        if (providers.len) kq_buf_puts(&providers, ", ");
        kq_buf_puts(&providers, p);
    }
    if (providers.len) put_string(b, "IndicatorProvider", kq_buf_cstr(&providers));
    kq_buf_free(&providers);
    put_string(b, "AdditionalInformation", primary ? primary->reference : "");
    switch (ioc->type) {
    case KQ_IOC_DOMAIN: put_string(b, "DomainName", ioc->value); break;
    case KQ_IOC_URL: put_string(b, "Url", ioc->value); break;
    case KQ_IOC_IPV4:
    case KQ_IOC_IPV6:
        put_string(b, "NetworkIP", ioc->value);
        if (ioc->port) kq_buf_printf(b, ",\"NetworkPort\":%d", ioc->port);
        break;
    case KQ_IOC_CIDR: put_string(b, "NetworkCidrBlock", ioc->value); break;
    case KQ_IOC_MD5:
    case KQ_IOC_SHA1:
    case KQ_IOC_SHA256:
        put_string(b, "FileHashType", hash_type_name(ioc->type));
        put_string(b, "FileHashValue", ioc->value);
        break;
    case KQ_IOC_EMAIL: put_string(b, "EmailSenderAddress", ioc->value); break;
    case KQ_IOC_FILENAME: put_string(b, "FileName", ioc->value); break;
    default: break;
    }
    kq_buf_puts(b, "}\n");
}

int kq_tii_write(FILE *f, const kq_ioc_set *s, int64_t now)
{
    kq_buf row;
    kq_buf_init(&row);
    for (size_t i = 0; i < s->n; i++) {
        tii_row(&row, &s->items[i], now);
        fwrite(row.p, 1, row.len, f);
    }
    kq_buf_free(&row);
    return ferror(f) ? -1 : 0;
}

int kq_tii_bind(kq_engine *e, const kq_ioc_set *s, int64_t now, char *path, size_t cap, kq_error *err)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, cap, "%s/kq-tii-XXXXXX.jsonl", dir && dir[0] ? dir : "/tmp");
    int fd = mkstemps(path, 6);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot create a temporary file for the indicators");
        if (fd >= 0) close(fd);
        path[0] = 0;
        return KQ_ERR_INPUT;
    }
    int bad = kq_tii_write(f, s, now);
    if (fclose(f) != 0 || bad) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot write the indicators (disk full?)");
        return KQ_ERR_INPUT;
    }
    if (s->n == 0) return 0; /* an empty file binds nothing: the table keeps its schema, empty */
    return kq_engine_add_path(e, "ThreatIntelligenceIndicator", path, err);
}
