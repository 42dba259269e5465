/*
 * plan.c - which columns of which tables can hold each kind of indicator, and the KQL of the hunt
 * over one of them. The queries are plain KQL over ThreatIntelligenceIndicator and the log table,
 * as a Sentinel user would write them:
 *   - the indicators of the kind (latest row per IndicatorId, active, not expired, confident
 *     enough) in a let, with their values folded for comparison;
 *   - a has_any prefilter on the column (cheap, and independent of the number of indicators);
 *   - the candidate values of each event (for a domain: each run of whole labels of the name, so
 *     that a.evil.com is a hit for evil.com and notevil.com is not), joined with the indicators.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "hunt.h"

static const char *const kind_names[KQ_HUNT__COUNT] = {"domain", "url", "ip", "cidr", "hash", "email", "filename"};

const char *kq_hunt_kind_name(kq_hunt_kind k)
{
    return k < KQ_HUNT__COUNT ? kind_names[k] : "?";
}

kq_hunt_kind kq_hunt_kind_of(kq_ioc_type t)
{
    switch (t) {
    case KQ_IOC_DOMAIN: return KQ_HUNT_DOMAIN;
    case KQ_IOC_URL: return KQ_HUNT_URL;
    case KQ_IOC_IPV4:
    case KQ_IOC_IPV6: return KQ_HUNT_IP;
    case KQ_IOC_CIDR: return KQ_HUNT_CIDR;
    case KQ_IOC_MD5:
    case KQ_IOC_SHA1:
    case KQ_IOC_SHA256: return KQ_HUNT_HASH;
    case KQ_IOC_EMAIL: return KQ_HUNT_EMAIL;
    default: return KQ_HUNT_FILENAME;
    }
}

/* Column names that hold indicators, in the tables Sentinel and the log formats define.
 * table: only in that table (NULL: any table). */
typedef struct column_role {
    const char *column;
    kq_hunt_kind kind;
    char how;
    const char *table;
} column_role;

static const column_role roles[] = {
    /* DNS query names and destination host names */
    {"Name", KQ_HUNT_DOMAIN, 's', "DnsEvents"},
    {"QueryName", KQ_HUNT_DOMAIN, 's', NULL},
    {"DnsQuery", KQ_HUNT_DOMAIN, 's', NULL},
    {"query", KQ_HUNT_DOMAIN, 's', NULL},
    {"QNAME", KQ_HUNT_DOMAIN, 's', NULL},
    {"payload_queryName_s", KQ_HUNT_DOMAIN, 's', NULL},
    {"DestinationHostName", KQ_HUNT_DOMAIN, 's', NULL},
    {"DestinationHostname", KQ_HUNT_DOMAIN, 's', NULL},
    {"dns", KQ_HUNT_DOMAIN, 'r', NULL},
    {"RemoteUrl", KQ_HUNT_DOMAIN, 'h', NULL},
    {"RequestURL", KQ_HUNT_DOMAIN, 'h', NULL},
    {"Url", KQ_HUNT_DOMAIN, 'h', NULL},
    {"url", KQ_HUNT_DOMAIN, 'h', NULL},
    /* URLs */
    {"RemoteUrl", KQ_HUNT_URL, 's', NULL},
    {"RequestURL", KQ_HUNT_URL, 's', NULL},
    {"Url", KQ_HUNT_URL, 's', NULL},
    {"url", KQ_HUNT_URL, 's', NULL},
    {"FileOriginUrl", KQ_HUNT_URL, 's', NULL},
    /* IP addresses: client, remote, destination, source; DNS answers */
    {"ClientIP", KQ_HUNT_IP, 's', NULL},
    {"RemoteIP", KQ_HUNT_IP, 's', NULL},
    {"DestinationIP", KQ_HUNT_IP, 's', NULL},
    {"DestinationIp", KQ_HUNT_IP, 's', NULL},
    {"SourceIP", KQ_HUNT_IP, 's', NULL},
    {"SourceIp", KQ_HUNT_IP, 's', NULL},
    {"dest_ip", KQ_HUNT_IP, 's', NULL},
    {"src_ip", KQ_HUNT_IP, 's', NULL},
    {"IpAddress", KQ_HUNT_IP, 's', NULL},
    {"IPAddress", KQ_HUNT_IP, 's', NULL},
    {"CallerIpAddress", KQ_HUNT_IP, 's', NULL},
    {"DestAddress", KQ_HUNT_IP, 's', NULL},
    {"SourceAddress", KQ_HUNT_IP, 's', NULL},
    {"ExternalIp", KQ_HUNT_IP, 's', NULL},
    {"InternalIp", KQ_HUNT_IP, 's', NULL},
    {"MaliciousIP", KQ_HUNT_IP, 's', NULL},
    {"payload_sourceIP_s", KQ_HUNT_IP, 's', NULL},
    {"id.orig_h", KQ_HUNT_IP, 's', NULL},
    {"id.resp_h", KQ_HUNT_IP, 's', NULL},
    {"IPAddresses", KQ_HUNT_IP, 'l', NULL},
    {"QueryResults", KQ_HUNT_IP, 'l', NULL},
    {"answers", KQ_HUNT_IP, 'l', NULL},
    /* file hashes */
    {"SHA256", KQ_HUNT_HASH, 's', NULL},
    {"SHA1", KQ_HUNT_HASH, 's', NULL},
    {"MD5", KQ_HUNT_HASH, 's', NULL},
    {"FileHash", KQ_HUNT_HASH, 's', NULL},
    {"InitiatingProcessSHA256", KQ_HUNT_HASH, 's', NULL},
    {"InitiatingProcessSHA1", KQ_HUNT_HASH, 's', NULL},
    {"InitiatingProcessMD5", KQ_HUNT_HASH, 's', NULL},
    {"Hashes", KQ_HUNT_HASH, 'l', NULL},
    /* file and process names */
    {"FileName", KQ_HUNT_FILENAME, 's', NULL},
    {"InitiatingProcessFileName", KQ_HUNT_FILENAME, 's', NULL},
    {"OriginalFileName", KQ_HUNT_FILENAME, 's', NULL},
    {"Process", KQ_HUNT_FILENAME, 's', "SecurityEvent"},
    {"NewProcessName", KQ_HUNT_FILENAME, 'p', NULL},
    {"ParentProcessName", KQ_HUNT_FILENAME, 'p', NULL},
    {"ProcessName", KQ_HUNT_FILENAME, 'p', NULL},
    {"Image", KQ_HUNT_FILENAME, 'p', NULL},
    {"ParentImage", KQ_HUNT_FILENAME, 'p', NULL},
    {"ImageLoaded", KQ_HUNT_FILENAME, 'p', NULL},
    {"TargetFilename", KQ_HUNT_FILENAME, 'p', NULL},
    /* e-mail addresses */
    {"SenderFromAddress", KQ_HUNT_EMAIL, 's', NULL},
    {"SenderMailFromAddress", KQ_HUNT_EMAIL, 's', NULL},
    {"RecipientEmailAddress", KQ_HUNT_EMAIL, 's', NULL},
};

const char *const kq_hunt_added_columns[] = {
    "IndicatorValue", "IndicatorId", "IndicatorThreatType", "IndicatorConfidence", "IndicatorMalware",
    "IndicatorDescription", "IndicatorLabels", "IndicatorFrom", "IndicatorTo", "IndicatorHost",
    "IndicatorAddress", "IndicatorRanges", "IndicatorValue1", NULL};

static int column_index(int ncols, const char *const *names, const char *name)
{
    for (int i = 0; i < ncols; i++)
        if (strcmp(names[i], name) == 0) return i;
    return -1;
}

unsigned kq_hunt_renamed_columns(int ncols, const char *const *names)
{
    unsigned renamed = 0;
    for (int i = 0; kq_hunt_added_columns[i]; i++)
        if (column_index(ncols, names, kq_hunt_added_columns[i]) >= 0) renamed |= 1u << i;
    return renamed;
}

int kq_hunt_targets(const char *table, int ncols, const char *const *names, const kq_type *types,
                    kq_hunt_target *out, int cap)
{
    int n = 0;
    bool has_dns_name = false;
    unsigned renamed = kq_hunt_renamed_columns(ncols, names);
    for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++) {
        const column_role *role = &roles[r];
        if (role->table && strcmp(role->table, table) != 0) continue;
        int at = column_index(ncols, names, role->column);
        if (at < 0) continue;
        bool dynamic_ok = role->how == 'r' || role->how == 'l';
        if (types[at] != KQ_T_STRING && !(dynamic_ok && types[at] == KQ_T_DYNAMIC)) continue;
        if (role->how == 'r' && types[at] != KQ_T_DYNAMIC) continue;
        if (role->kind == KQ_HUNT_DOMAIN && role->how == 's') has_dns_name = true;
        if (n < cap) out[n++] = (kq_hunt_target){role->kind, table, names[at], role->how, renamed};
        /* every column that holds IPs (one, or a list such as DNS answers) can hold an address of
         * a CIDR block */
        if (role->kind == KQ_HUNT_IP && (role->how == 's' || role->how == 'l') && n < cap)
            out[n++] = (kq_hunt_target){KQ_HUNT_CIDR, table, names[at], role->how, renamed};
    }
    /* "Domain" is a DNS name only where nothing else is (Cisco Umbrella); in Windows DNS server
     * logs it is the account's domain */
    int domain = column_index(ncols, names, "Domain");
    if (!has_dns_name && domain >= 0 && types[domain] == KQ_T_STRING && n < cap)
        out[n++] = (kq_hunt_target){KQ_HUNT_DOMAIN, table, names[domain], 's', renamed};
    return n;
}

/* ---- the KQL text ---- */

static bool plain_identifier(const char *s)
{
    if (!isalpha((unsigned char)*s) && *s != '_') return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_') return false;
    return true;
}

/* a column reference: Name or ['id.orig_h'] */
static void put_column(kq_buf *b, const char *name)
{
    if (plain_identifier(name)) {
        kq_buf_puts(b, name);
        return;
    }
    kq_buf_puts(b, "['");
    for (const char *p = name; *p; p++) {
        if (*p == '\'' || *p == '\\') kq_buf_putc(b, '\\');
        kq_buf_putc(b, *p);
    }
    kq_buf_puts(b, "']");
}

/* a KQL string literal */
static void put_literal(kq_buf *b, const char *s)
{
    kq_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') kq_buf_putc(b, '\\');
        if (*p < 0x20) kq_buf_printf(b, "\\u%04x", *p);
        else kq_buf_putc(b, (char)*p);
    }
    kq_buf_putc(b, '"');
}

/* The URL key: what two spellings of one URL share. Lower case; http:// and https:// dropped
 * with their default ports (:80 for http, :443 for https), other schemes kept; no trailing
 * slash: HTTP://Evil.COM:80/gate.php, evil.com/gate.php and https://evil.com/gate.php/ are all
 * evil.com/gate.php, ftp://evil.com/gate.php stays itself. The hunts compute it in KQL on both
 * sides (put_url_key), and kq in C for the values it writes into a query (url_key); the two
 * must agree. */
static void put_url_key(kq_buf *b, const char *expr)
{
    kq_buf_printf(b, "trim_end(@\"/+\", replace_regex(replace_regex(replace_regex(tolower(%s), "
                     "@\"^(http://(?:\\[[^\\]/?#]*\\]|[^/?#:]*)):80([/?#]|$)\", @\"\\1\\2\"), "
                     "@\"^(https://(?:\\[[^\\]/?#]*\\]|[^/?#:]*)):443([/?#]|$)\", "
                     "@\"\\1\\2\"), @\"^https?://\", \"\"))", expr);
}

/* the host of a URL key, what the prefilter looks for */
static void put_url_key_host(kq_buf *b, const char *key_expr)
{
    kq_buf_printf(b, "extract(@\"^(?:[a-z][a-z0-9+.-]*://)?([^/?#]*)\", 1, %s)", key_expr);
}

static void url_key(const char *url, kq_buf *out)
{
    kq_buf_clear(out);
    for (const char *p = url; *p; p++) kq_buf_putc(out, (char)tolower((unsigned char)*p));
    kq_buf_cstr(out);
    const char *default_port = NULL;
    size_t scheme = 0;
    if (strncmp(out->p, "http://", 7) == 0) default_port = ":80", scheme = 7;
    else if (strncmp(out->p, "https://", 8) == 0) default_port = ":443", scheme = 8;
    if (default_port) {
        size_t host_end = scheme;
        if (out->p[scheme] == '[') { /* an IPv6 literal: up to its ']' */
            size_t close = strcspn(out->p + scheme, "]/?#");
            host_end = scheme + close + (out->p[scheme + close] == ']');
        } else host_end = scheme + strcspn(out->p + scheme, "/?#:");
        size_t plen = strlen(default_port);
        char after = out->p[host_end + plen];
        if (strncmp(out->p + host_end, default_port, plen) == 0 && (!after || strchr("/?#", after))) {
            memmove(out->p + host_end, out->p + host_end + plen, out->len - host_end - plen + 1);
            out->len -= plen;
        }
        memmove(out->p, out->p + scheme, out->len - scheme + 1);
        out->len -= scheme;
    }
    while (out->len && out->p[out->len - 1] == '/') out->len--;
    kq_buf_cstr(out);
}

typedef struct kind_text {
    const char *let_name;   /* the let of the indicators */
    const char *tii_column; /* the ThreatIntelligenceIndicator column of the value */
    const char *fold;       /* how the value is folded for comparison ("tolower" or ""); URLs
                               are compared by their key instead (put_url_key) */
} kind_text;

static const kind_text kinds[KQ_HUNT__COUNT] = {
    [KQ_HUNT_DOMAIN] = {"DomainIndicators", "DomainName", "tolower"},
    [KQ_HUNT_URL] = {"UrlIndicators", "Url", ""},
    [KQ_HUNT_IP] = {"IPIndicators", "NetworkIP", "tolower"},
    [KQ_HUNT_CIDR] = {"CidrIndicators", "NetworkCidrBlock", ""},
    [KQ_HUNT_HASH] = {"HashIndicators", "FileHashValue", "tolower"},
    [KQ_HUNT_EMAIL] = {"EmailIndicators", "EmailSenderAddress", "tolower"},
    [KQ_HUNT_FILENAME] = {"FileNameIndicators", "FileName", "tolower"},
};

static const char *values_name(kq_hunt_kind kind)
{
    switch (kind) {
    case KQ_HUNT_DOMAIN: return "DomainValues";
    case KQ_HUNT_URL: return "UrlValues";
    case KQ_HUNT_IP: return "IPValues";
    case KQ_HUNT_CIDR: return "CidrValues";
    case KQ_HUNT_HASH: return "HashValues";
    case KQ_HUNT_EMAIL: return "EmailValues";
    default: return "FileNameValues";
    }
}

static bool inline_indicator_wanted(const kq_hunt_options *o, const kq_indicator *ioc, kq_hunt_kind kind)
{
    if (kq_hunt_kind_of(ioc->type) != kind || ioc->revoked || (ioc->expires && ioc->expires <= o->now) ||
        ioc->valid_from > o->now)
        return false;
    if (kind == KQ_HUNT_CIDR && strchr(ioc->value, ':')) return false;
    if (o->min_confidence >= 0 && ioc->confidence >= 0 && ioc->confidence < o->min_confidence) return false;
    return !o->family || kq_ioc_has_family(ioc, o->family);
}

/* the indicators written into the query (hunting packs) */
static void put_inline_indicators(kq_buf *b, kq_hunt_kind kind, const kq_hunt_options *o)
{
    const kind_text *k = &kinds[kind];
    kq_buf_printf(b, "let %s = datatable(IndicatorValue:string, IndicatorId:string, IndicatorThreatType:string,\n"
                     "    IndicatorConfidence:real, IndicatorMalware:string, IndicatorDescription:string) [\n", k->let_name);
    const kq_ioc_set *s = o->inline_iocs;
    kq_buf malware; /* as ThreatIntelligenceIndicator's MalwareNames */
    kq_buf_init(&malware);
    for (size_t i = 0; i < s->n; i++) {
        const kq_indicator *ioc = &s->items[i];
        if (!inline_indicator_wanted(o, ioc, kind)) continue;
        char id[20];
        kq_tii_indicator_id(ioc, id);
        kq_buf_puts(b, "    ");
        put_literal(b, ioc->value);
        kq_buf_puts(b, ", ");
        put_literal(b, id);
        kq_buf_puts(b, ", ");
        put_literal(b, ioc->threat_type);
        if (ioc->confidence >= 0) kq_buf_printf(b, ", %d, ", ioc->confidence);
        else kq_buf_puts(b, ", real(null), ");
        kq_tii_malware_names(&malware, ioc);
        put_literal(b, kq_buf_cstr(&malware));
        kq_buf_puts(b, ", ");
        put_literal(b, ioc->description);
        kq_buf_puts(b, ",\n");
    }
    kq_buf_free(&malware);
    kq_buf_puts(b, "]");
    if (kind == KQ_HUNT_URL) {
        kq_buf_puts(b, "\n    | extend IndicatorValue = ");
        put_url_key(b, "IndicatorValue");
    }
    kq_buf_puts(b, ";\n");
}

kq_ioc_type kq_hunt_target_hash_type(const kq_hunt_target *t)
{
    if (t->kind != KQ_HUNT_HASH || t->how != 's') return KQ_IOC_NONE;
    size_t n = strlen(t->column);
    if (n >= 6 && strcmp(t->column + n - 6, "SHA256") == 0) return KQ_IOC_SHA256;
    if (n >= 4 && strcmp(t->column + n - 4, "SHA1") == 0) return KQ_IOC_SHA1;
    if (n >= 3 && strcmp(t->column + n - 3, "MD5") == 0) return KQ_IOC_MD5;
    return KQ_IOC_NONE;
}

/* the length of the hashes of a hash type */
static int hash_length(kq_ioc_type type)
{
    return type == KQ_IOC_SHA256 ? 64 : type == KQ_IOC_SHA1 ? 40 : type == KQ_IOC_MD5 ? 32 : 0;
}

static void put_indicator_lets(kq_buf *b, kq_hunt_kind kind, kq_ioc_type hash_type, const kq_hunt_options *o)
{
    const kind_text *k = &kinds[kind];
    if (o && o->inline_iocs) put_inline_indicators(b, kind, o);
    else {
        /* materialize: the indicators are read once, for the value list and for the join; arg_max
         * keeps only the columns the hunt reads, so 100,000 indicators stay small */
        kq_buf_printf(b, "let %s = materialize(ThreatIntelligenceIndicator\n", k->let_name);
        kq_buf_printf(b, "    | where isnotempty(%s)", k->tii_column);
        if (kind == KQ_HUNT_CIDR) kq_buf_printf(b, " and %s !contains \":\"", k->tii_column);
        kq_buf_printf(b, "\n    | summarize arg_max(TimeGenerated, %s, Active, ExpirationDateTime, ThreatType,\n"
                         "        ConfidenceScore, MalwareNames, Description) by IndicatorId\n", k->tii_column);
        kq_buf_puts(b, "    | where Active == true and (isnull(ExpirationDateTime) or ExpirationDateTime > now())\n");
        if (o && o->min_confidence >= 0)
            kq_buf_printf(b, "    | where isnull(ConfidenceScore) or ConfidenceScore >= %d\n", o->min_confidence);
        kq_buf_puts(b, "    | project IndicatorValue = ");
        if (kind == KQ_HUNT_URL) put_url_key(b, k->tii_column);
        else kq_buf_printf(b, "%s(%s)", k->fold[0] ? k->fold : "tostring", k->tii_column);
        kq_buf_puts(b, ", IndicatorId, IndicatorThreatType = ThreatType,\n");
        kq_buf_puts(b, "              IndicatorConfidence = ConfidenceScore, IndicatorMalware = MalwareNames,\n"
                       "              IndicatorDescription = Description);\n");
    }
    if (kind == KQ_HUNT_URL) { /* the hosts: what every spelling of the URL has */
        kq_buf_printf(b, "let %s = toscalar(%s | summarize make_set(", values_name(kind), k->let_name);
        put_url_key_host(b, "IndicatorValue");
        kq_buf_puts(b, "));\n");
    }
    else if (hash_type != KQ_IOC_NONE) /* a column of one hash type: the hashes of that length */
        kq_buf_printf(b, "let %s = toscalar(%s | where strlen(IndicatorValue) == %d | summarize make_set(IndicatorValue));\n",
                      values_name(kind), k->let_name, hash_length(hash_type));
    else kq_buf_printf(b, "let %s = toscalar(%s | summarize make_set(IndicatorValue));\n", values_name(kind), k->let_name);
}

/* the expression of the text the target is read from */
static void put_source(kq_buf *b, const kq_hunt_target *t)
{
    if (t->how == 'r') {
        kq_buf_puts(b, "tostring(");
        put_column(b, t->column);
        kq_buf_puts(b, ".rrname)");
    } else if (t->how == 'l') {
        kq_buf_puts(b, "tostring(");
        put_column(b, t->column);
        kq_buf_putc(b, ')');
    } else put_column(b, t->column);
}

/* the domain candidates of a host name: every run of two or more consecutive labels, so that a
 * name holds an indicator as has does on dotted names: evil.com is in evil.com, a.evil.com and
 * evil.com.cdn.net, not in notevil.com nor in x-evil.com (another domain) */
static void put_domain_candidates(kq_buf *b, const char *host_expr)
{
    kq_buf_printf(b, "| extend IndicatorLabels = split(trim_end(@\"\\.\", tolower(%s)), \".\")\n", host_expr);
    kq_buf_puts(b, "| mv-expand IndicatorFrom = range(0, array_length(IndicatorLabels) - 2) to typeof(long)\n");
    kq_buf_puts(b, "| mv-expand IndicatorTo = range(IndicatorFrom + 1, array_length(IndicatorLabels) - 1) to typeof(long)\n");
    kq_buf_puts(b, "| extend IndicatorValue = strcat_array(array_slice(IndicatorLabels, IndicatorFrom, IndicatorTo), \".\")\n");
}

/* text inside a // comment, kept on one line, then `end` */
static void put_comment_text(kq_buf *b, const char *s, const char *end)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) kq_buf_putc(b, *p < 0x20 ? ' ' : (char)*p);
    kq_buf_puts(b, end);
}

char *kq_hunt_kql(const kq_hunt_target *t, const kq_hunt_options *o, const kq_exclusion_rule *const *rules,
                  size_t nrules, const char *const *wl_values, size_t wl_count)
{
    kq_buf b, src;
    kq_buf_init(&b);
    kq_buf_init(&src);
    put_source(&src, t);
    const char *source = kq_buf_cstr(&src);
    /* the value compared: the column without the spaces some exporters leave around values
     * (Umbrella's CSV has ' 17.81.146.1'); has_any stays on the column itself, so that the
     * prefilter still applies */
    kq_buf trimmed;
    kq_buf_init(&trimmed);
    if (t->how == 'l' || t->how == 'r') kq_buf_puts(&trimmed, source);
    else kq_buf_printf(&trimmed, "trim(@\"\\s+\", %s)", source);
    const char *value = kq_buf_cstr(&trimmed);
    kq_buf_printf(&b, "// kq hunt: %s indicators in %s.%s\n", kq_hunt_kind_name(t->kind), t->table, t->column);
    put_indicator_lets(&b, t->kind, kq_hunt_target_hash_type(t), o);
    put_column(&b, t->table);
    kq_buf_putc(&b, '\n');
    if (t->renamed) {
        const char *sep = "| project-rename ";
        for (int i = 0; kq_hunt_added_columns[i]; i++) {
            if (!(t->renamed & (1u << i))) continue;
            kq_buf_printf(&b, "%sEvent%s = %s", sep, kq_hunt_added_columns[i], kq_hunt_added_columns[i]);
            sep = ", ";
        }
        kq_buf_putc(&b, '\n');
    }
    const char *values = values_name(t->kind);
    if (t->kind == KQ_HUNT_CIDR && t->how == 'l') {
        /* the runs of digits and dots of the list (an address is a whole run: 45.9.148.2550 is
         * none), each block once per event however many of its addresses fall in it */
        kq_buf_printf(&b, "| mv-apply IndicatorAddress = extract_all(@\"([0-9]+(?:\\.[0-9]+)*)\", %s) to typeof(string) on (\n", source);
        kq_buf_printf(&b, "    where ipv4_is_in_any_range(IndicatorAddress, %s)\n", values);
        kq_buf_printf(&b, "    | extend IndicatorRanges = %s\n", values);
        kq_buf_puts(&b, "    | mv-expand IndicatorValue = IndicatorRanges to typeof(string)\n");
        kq_buf_puts(&b, "    | where ipv4_is_in_range(IndicatorAddress, IndicatorValue)\n");
        kq_buf_puts(&b, "    | summarize IndicatorAddress = take_any(IndicatorAddress) by IndicatorValue)\n");
        kq_buf_puts(&b, "| project-away IndicatorAddress\n");
    } else if (t->kind == KQ_HUNT_CIDR) {
        kq_buf_printf(&b, "| where ipv4_is_in_any_range(%s, %s)\n", value, values);
        kq_buf_printf(&b, "| extend IndicatorRanges = %s\n", values);
        kq_buf_puts(&b, "| mv-expand IndicatorValue = IndicatorRanges to typeof(string)\n");
        kq_buf_printf(&b, "| where ipv4_is_in_range(%s, IndicatorValue)\n", value);
        kq_buf_puts(&b, "| project-away IndicatorRanges\n");
    } else {
        kq_buf_printf(&b, "| where %s has_any (%s)\n", source, values);
        switch (t->kind) {
        case KQ_HUNT_DOMAIN:
            if (t->how == 'h') {
                kq_buf_printf(&b, "| extend IndicatorHost = tostring(parse_url(iff(%s contains \"://\", %s, strcat(\"http://\", %s))).Host)\n",
                              value, value, value);
                put_domain_candidates(&b, "IndicatorHost");
            } else put_domain_candidates(&b, value);
            break;
        case KQ_HUNT_IP:
            if (t->how == 'l') /* each distinct address of the list once: the runs of digits and
                                  dots (IPv4), and the whole runs of hex digits and colons
                                  (IPv6, as written, in lower case: 2606:4700::11111 holds
                                  no 2606:4700::1111) */
                kq_buf_printf(&b, "| mv-expand IndicatorValue = set_union(coalesce(extract_all(@\"([0-9]+(?:\\.[0-9]+)*)\", %s), dynamic([])), "
                                  "coalesce(extract_all(@\"(?:^|[^0-9a-f:])([0-9a-f]*:[0-9a-f:]+)\", tolower(%s)), dynamic([]))) to typeof(string)\n",
                              source, source);
            else kq_buf_printf(&b, "| extend IndicatorValue = tolower(%s)\n", value);
            break;
        case KQ_HUNT_HASH:
            if (t->how == 'l') {
                kq_buf_printf(&b, "| mv-expand IndicatorValue = extract_all(@\"([0-9A-Fa-f]+)\", %s) to typeof(string)\n", source);
                kq_buf_puts(&b, "| extend IndicatorValue = tolower(IndicatorValue)\n");
            } else kq_buf_printf(&b, "| extend IndicatorValue = tolower(%s)\n", value);
            break;
        case KQ_HUNT_URL:
            kq_buf_puts(&b, "| extend IndicatorValue = ");
            put_url_key(&b, value);
            kq_buf_putc(&b, '\n');
            break;
        case KQ_HUNT_FILENAME:
            if (t->how == 'p') kq_buf_printf(&b, "| extend IndicatorValue = tolower(extract(@\"([^\\\\/]+)$\", 1, %s))\n", value);
            else kq_buf_printf(&b, "| extend IndicatorValue = tolower(%s)\n", value);
            break;
        default: kq_buf_printf(&b, "| extend IndicatorValue = tolower(%s)\n", value); break;
        }
    }
    kq_buf_printf(&b, "| join kind=inner (%s) on IndicatorValue\n", kinds[t->kind].let_name);
    if (t->kind == KQ_HUNT_DOMAIN)
        kq_buf_printf(&b, "| project-away %sIndicatorLabels, IndicatorFrom, IndicatorTo, IndicatorValue1\n", t->how == 'h' ? "IndicatorHost, " : "");
    else kq_buf_puts(&b, "| project-away IndicatorValue1\n");
    for (size_t i = 0; i < nrules; i++) {
        kq_buf_puts(&b, "// exclusion ");
        put_comment_text(&b, rules[i]->name, ": ");
        put_comment_text(&b, rules[i]->reason, "\n");
        /* the closing parenthesis on a line of its own: a // comment in the predicate ends there */
        kq_buf_printf(&b, "| where not(%s\n)\n", rules[i]->where);
    }
    if (wl_count) {
        kq_buf_puts(&b, "// indicators on MISP warninglists\n| where IndicatorValue !in~ (");
        kq_buf key;
        kq_buf_init(&key);
        for (size_t i = 0; i < wl_count; i++) {
            if (i) kq_buf_puts(&b, ", ");
            if (t->kind == KQ_HUNT_URL) {
                url_key(wl_values[i], &key);
                put_literal(&b, key.p);
            } else put_literal(&b, wl_values[i]);
        }
        kq_buf_free(&key);
        kq_buf_puts(&b, ")\n");
    }
    kq_buf_free(&src);
    kq_buf_free(&trimmed);
    kq_buf_cstr(&b);
    return b.p;
}
