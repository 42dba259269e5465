/*
 * warninglist.c - MISP warninglists (kq_warninglists_*): list.json files loaded into an index
 * that answers "does this list name the indicator?" in about constant time per list.
 *
 *   string, hostname: an open-addressing hash set of the entries (lower case, no trailing dot);
 *                     a hostname probe tries the value and each parent domain of it. An entry
 *                     with a leading dot (".google.ad") names the sub-domains of that domain.
 *   substring:        the entries as needles of one multi-needle scanner (match.h).
 *   cidr:             IPv4 and IPv6 ranges (128-bit), sorted and merged, searched by bisection; an
 *                     IPv4-mapped IPv6 entry (::ffff:a.b.c.d) also covers the IPv4 address.
 *   regex:            PCRE2, from the PHP-style "/pattern/flags" entries, with match limits.
 */
#include "exclude.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <arpa/inet.h>
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../base/error.h"
#include "../base/json.h"
#include "../io/reader.h"
#include "../match/match.h"
#include "feed_text.h"

enum {
    REGEX_MATCH_LIMIT = 1000000,
    REGEX_DEPTH_LIMIT = 10000,
};

#define TYPE_BIT(t) (1u << (t))
#define IP_TYPES (TYPE_BIT(KQ_IOC_IPV4) | TYPE_BIT(KQ_IOC_IPV6) | TYPE_BIT(KQ_IOC_CIDR))
#define ALL_TYPES ((1u << KQ_IOC__COUNT) - 1)

/* How a name in a string/hostname list matches. */
enum { MATCH_SELF = 1, MATCH_SUBDOMAINS = 2 };

typedef struct name_slot {
    const char *text; /* lower case; NULL: free slot */
    uint32_t len;
    uint8_t scope;    /* MATCH_SELF | MATCH_SUBDOMAINS */
} name_slot;

typedef struct name_set {
    name_slot *slots;
    size_t mask;    /* slot count - 1 (a power of two minus one) */
    uint8_t scopes; /* the union of the entries' scopes */
} name_set;

/* A 128-bit address (IPv4 in the low 32 bits) and a range of them, both ends inclusive. */
typedef struct ip_addr {
    uint64_t high, low;
} ip_addr;

typedef struct ip_range {
    ip_addr lo, hi;
} ip_range;

typedef struct range_table {
    ip_range *items;
    size_t n, cap;
} range_table;

struct kq_warninglist {
    kq_arena arena; /* texts, the name set */
    const char *name, *id, *description;
    kq_warninglist_kind kind;
    unsigned types; /* TYPE_BIT of each kq_ioc_type the list applies to */
    size_t size;    /* entries in the file */
    name_set names;
    kq_scanner *substrings;
    range_table v4, v6;
    pcre2_code **patterns;
    size_t npatterns;
};

/* ---- the set of names ---- */

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* FNV-1a over the lower-cased bytes, last byte first: scanning a name from its end passes
 * through the hash of each of its parent domains ("b.c" on the way to "a.b.c"). */
#define FNV_BASIS 14695981039346656037ull
#define FNV_PRIME 1099511628211ull

static uint64_t hash_name(const char *s, size_t n)
{
    uint64_t h = FNV_BASIS;
    for (size_t i = n; i > 0; i--) h = (h ^ (unsigned char)lower(s[i - 1])) * FNV_PRIME;
    return h;
}

static bool equal_lower(const char *entry, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (entry[i] != lower(s[i])) return false;
    return true;
}

static void name_set_init(name_set *set, kq_arena *a, size_t entries)
{
    size_t slots = 16;
    while (slots < entries + entries / 2) slots *= 2;
    set->slots = kq_arena_zalloc(a, slots * sizeof *set->slots);
    set->mask = slots - 1;
    set->scopes = 0;
}

static name_slot *name_set_slot(const name_set *set, uint64_t hash, const char *s, size_t n)
{
    for (size_t i = (size_t)hash & set->mask;; i = (i + 1) & set->mask) {
        name_slot *slot = &set->slots[i];
        if (!slot->text || (slot->len == n && equal_lower(slot->text, s, n))) return slot;
    }
}

/* The entry is already lower case. */
static void name_set_add(name_set *set, const char *entry, size_t n, uint8_t scope)
{
    name_slot *slot = name_set_slot(set, hash_name(entry, n), entry, n);
    slot->text = entry;
    slot->len = (uint32_t)n;
    slot->scope |= scope;
    set->scopes |= scope;
}

/* A name prepared for probing many sets: its hash and those of its parent domains (the nearest
 * MAX_PARENTS of them, more than a DNS name can have). */
enum { MAX_PARENTS = 128 };
typedef struct name_probe {
    const char *text;
    size_t len;
    uint64_t hash;
    size_t nparents;
    uint32_t parent_at[MAX_PARENTS]; /* offset of each parent domain in text */
    uint64_t parent_hash[MAX_PARENTS];
} name_probe;

static void name_probe_init(name_probe *p, const char *s, size_t n)
{
    p->text = s;
    p->len = n;
    p->nparents = 0;
    uint64_t h = FNV_BASIS;
    for (size_t i = n; i > 0; i--) {
        if (s[i - 1] == '.' && i < n && p->nparents < MAX_PARENTS) {
            p->parent_at[p->nparents] = (uint32_t)i;
            p->parent_hash[p->nparents++] = h;
        }
        h = (h ^ (unsigned char)lower(s[i - 1])) * FNV_PRIME;
    }
    p->hash = h;
}

/* The name or (walk_parents) one of its parent domains is listed. */
static bool names_match(const name_set *set, const name_probe *p, bool walk_parents)
{
    if (name_set_slot(set, p->hash, p->text, p->len)->scope & MATCH_SELF) return true;
    if (!walk_parents || !(set->scopes & MATCH_SUBDOMAINS)) return false;
    for (size_t i = 0; i < p->nparents; i++) {
        size_t at = p->parent_at[i];
        if (name_set_slot(set, p->parent_hash[i], p->text + at, p->len - at)->scope & MATCH_SUBDOMAINS)
            return true;
    }
    return false;
}

/* ---- address ranges ---- */

static int ip_compare(ip_addr a, ip_addr b)
{
    if (a.high != b.high) return a.high < b.high ? -1 : 1;
    if (a.low != b.low) return a.low < b.low ? -1 : 1;
    return 0;
}

static uint64_t big_endian_64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | p[i];
    return v;
}

/* The host part of an address with host_bits (0..128) bits of host. */
static ip_addr host_mask(int host_bits)
{
    ip_addr m = {0, 0};
    if (host_bits >= 64) {
        m.low = ~0ull;
        m.high = host_bits == 128 ? ~0ull : (1ull << (host_bits - 64)) - 1;
    } else if (host_bits > 0) {
        m.low = (1ull << host_bits) - 1;
    }
    return m;
}

/* "1.2.3.4", "10.0.0.0/8", "2001:db8::/32" (surrounding space allowed) -> range; false if none. */
static bool parse_range(const char *s, size_t n, ip_range *r, bool *v6)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    char text[64];
    if (n == 0 || n >= sizeof text) return false;
    memcpy(text, s, n);
    text[n] = 0;
    char *slash = strchr(text, '/');
    if (slash) *slash = 0;
    *v6 = strchr(text, ':') != NULL;
    int bits = *v6 ? 128 : 32;
    uint8_t bytes[16] = {0};
    if (inet_pton(*v6 ? AF_INET6 : AF_INET, text, *v6 ? bytes : bytes + 12) != 1) return false;
    int prefix = bits;
    if (slash) {
        const char *p = slash + 1;
        if (!*p || strlen(p) > 3) return false;
        prefix = 0;
        for (; *p; p++) {
            if (*p < '0' || *p > '9') return false;
            prefix = prefix * 10 + (*p - '0');
        }
        if (prefix > bits) return false;
    }
    ip_addr addr = {big_endian_64(bytes), big_endian_64(bytes + 8)};
    ip_addr m = host_mask(bits - prefix);
    r->lo = (ip_addr){addr.high & ~m.high, addr.low & ~m.low};
    r->hi = (ip_addr){addr.high | m.high, addr.low | m.low};
    return true;
}

/* ::ffff:0:0/96 and narrower: the IPv4 addresses it maps. */
static bool ipv4_mapped(const ip_range *r, ip_range *v4)
{
    const uint64_t mapped = 0xffffull << 32, top = ~0ull << 32;
    if (r->lo.high || r->hi.high || (r->lo.low & top) != mapped || (r->hi.low & top) != mapped) return false;
    v4->lo = (ip_addr){0, r->lo.low & 0xffffffffull};
    v4->hi = (ip_addr){0, r->hi.low & 0xffffffffull};
    return true;
}

static void range_add(range_table *t, const ip_range *r)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->items = kq_xrealloc(t->items, t->cap * sizeof *t->items);
    }
    t->items[t->n++] = *r;
}

static int compare_ranges(const void *a, const void *b)
{
    return ip_compare(((const ip_range *)a)->lo, ((const ip_range *)b)->lo);
}

/* x + 1 == y */
static bool is_successor(ip_addr x, ip_addr y)
{
    if (x.high == ~0ull && x.low == ~0ull) return false;
    ip_addr next = {x.high + (x.low == ~0ull), x.low + 1};
    return ip_compare(next, y) == 0;
}

/* Sorts, then merges overlapping and adjacent ranges, so that a range inside their union lies
 * inside one of them. */
static void range_table_finish(range_table *t)
{
    if (t->n == 0) return;
    qsort(t->items, t->n, sizeof *t->items, compare_ranges);
    size_t out = 0;
    for (size_t i = 1; i < t->n; i++) {
        ip_range *last = &t->items[out];
        const ip_range *r = &t->items[i];
        if (ip_compare(r->lo, last->hi) <= 0 || is_successor(last->hi, r->lo)) {
            if (ip_compare(r->hi, last->hi) > 0) last->hi = r->hi;
        } else {
            t->items[++out] = *r;
        }
    }
    t->n = out + 1;
}

static bool range_table_covers(const range_table *t, const ip_range *q)
{
    size_t lo = 0, hi = t->n; /* find the last range starting at or before q->lo */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ip_compare(t->items[mid].lo, q->lo) <= 0) lo = mid + 1;
        else hi = mid;
    }
    return lo > 0 && ip_compare(q->hi, t->items[lo - 1].hi) <= 0;
}

/* ---- regular expressions ---- */

/* A regex entry's pattern and options: "/pattern/flags" (PHP preg syntax, as MISP writes them,
 * any non-alphanumeric delimiter; 'g' is ignored) or a bare pattern. False with why filled when
 * the delimiters or flags are wrong. */
static bool regex_entry(const char *s, size_t n, const char **pattern, size_t *len, uint32_t *options,
                        char *why, size_t cap)
{
    *pattern = s;
    *len = n;
    *options = 0;
    char open = n ? s[0] : 0;
    bool alphanumeric = (open >= 'a' && open <= 'z') || (open >= 'A' && open <= 'Z') || (open >= '0' && open <= '9');
    if (!open || open == '\\' || open == ' ' || alphanumeric) return true;
    static const char *const pairs = "()[]{}<>";
    const char *pair = strchr(pairs, open);
    char close = pair && (pair - pairs) % 2 == 0 ? pair[1] : open;
    size_t end = n;
    while (end > 1 && s[end - 1] != close) end--;
    if (end <= 1) {
        snprintf(why, cap, "no closing '%c' delimiter", close);
        return false;
    }
    *pattern = s + 1;
    *len = end - 2;
    for (size_t i = end; i < n; i++) {
        switch (s[i]) {
        case 'i': *options |= PCRE2_CASELESS; break;
        case 'm': *options |= PCRE2_MULTILINE; break;
        case 's': *options |= PCRE2_DOTALL; break;
        case 'x': *options |= PCRE2_EXTENDED; break;
        case 'u': *options |= PCRE2_UTF; break;
        case 'U': *options |= PCRE2_UNGREEDY; break;
        case 'D': *options |= PCRE2_DOLLAR_ENDONLY; break;
        case 'A': *options |= PCRE2_ANCHORED; break;
        case 'g': break;
        default: snprintf(why, cap, "unknown modifier '%c'", s[i]); return false;
        }
    }
    return true;
}

static pcre2_code *compile_regex(const char *pattern, size_t len, uint32_t options, char *why, size_t cap)
{
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, len, options, &code, &offset, NULL);
    if (!re) {
        PCRE2_UCHAR message[160];
        pcre2_get_error_message(code, message, sizeof message);
        snprintf(why, cap, "%s at offset %zu", (const char *)message, (size_t)offset);
    }
    return re;
}

static bool regex_matches(pcre2_code *const *patterns, size_t n, const char *s, size_t len)
{
    pcre2_match_context *context = pcre2_match_context_create(NULL);
    pcre2_match_data *match = pcre2_match_data_create(1, NULL);
    if (!context || !match) {
        pcre2_match_context_free(context);
        pcre2_match_data_free(match);
        return false;
    }
    pcre2_set_match_limit(context, REGEX_MATCH_LIMIT);
    pcre2_set_depth_limit(context, REGEX_DEPTH_LIMIT);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
        found = pcre2_match(patterns[i], (PCRE2_SPTR)s, len, 0, 0, match, context) >= 0;
    pcre2_match_data_free(match);
    pcre2_match_context_free(context);
    return found;
}

/* ---- matching_attributes ---- */

static unsigned attribute_types(const char *a, size_t n)
{
    static const struct {
        const char *attribute;
        unsigned types;
    } known[] = {
        {"hostname", TYPE_BIT(KQ_IOC_DOMAIN)},
        {"domain", TYPE_BIT(KQ_IOC_DOMAIN)},
        {"hostname|port", TYPE_BIT(KQ_IOC_DOMAIN)},
        {"domain|ip", TYPE_BIT(KQ_IOC_DOMAIN) | IP_TYPES},
        {"ip-src", IP_TYPES},
        {"ip-dst", IP_TYPES},
        {"ip-src|port", IP_TYPES},
        {"ip-dst|port", IP_TYPES},
        {"url", TYPE_BIT(KQ_IOC_URL)},
        {"uri", TYPE_BIT(KQ_IOC_URL)},
        {"link", TYPE_BIT(KQ_IOC_URL)},
        {"md5", TYPE_BIT(KQ_IOC_MD5)},
        {"sha1", TYPE_BIT(KQ_IOC_SHA1)},
        {"sha256", TYPE_BIT(KQ_IOC_SHA256)},
        {"filename|md5", TYPE_BIT(KQ_IOC_MD5) | TYPE_BIT(KQ_IOC_FILENAME)},
        {"filename|sha1", TYPE_BIT(KQ_IOC_SHA1) | TYPE_BIT(KQ_IOC_FILENAME)},
        {"filename|sha256", TYPE_BIT(KQ_IOC_SHA256) | TYPE_BIT(KQ_IOC_FILENAME)},
        {"filename", TYPE_BIT(KQ_IOC_FILENAME)},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strlen(known[i].attribute) == n && strncasecmp(known[i].attribute, a, n) == 0)
            return known[i].types;
    if (n > 9 && strncasecmp(a, "filename|", 9) == 0) return TYPE_BIT(KQ_IOC_FILENAME);
    /* email, email-src, email-dst, target-email, whois-registrant-email, dns-soa-email, ... */
    if ((n >= 5 && strncasecmp(a, "email", 5) == 0) || (n >= 6 && strncasecmp(a + n - 6, "-email", 6) == 0))
        return TYPE_BIT(KQ_IOC_EMAIL);
    return 0;
}

/* ---- loading ---- */

/* An optional string member, copied; "" when absent. */
static bool string_member(kq_warninglist *l, const kq_dyn *object, const char *key, const char **out)
{
    const kq_dyn *v = kq_dyn_field(object, key);
    *out = "";
    if (!v || v->kind == KQ_D_NULL) return true;
    if (v->kind != KQ_D_STRING) return false;
    *out = kq_arena_strdup(&l->arena, v->u.s, v->n);
    return true;
}

static bool parse_kind(const kq_dyn *v, kq_warninglist_kind *kind)
{
    static const char *const names[] = {"string", "hostname", "substring", "cidr", "regex"};
    static const kq_warninglist_kind kinds[] = {KQ_WL_STRING, KQ_WL_HOSTNAME, KQ_WL_SUBSTRING,
                                                KQ_WL_CIDR, KQ_WL_REGEX};
    if (!v || v->kind != KQ_D_STRING) return false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == v->n && memcmp(names[i], v->u.s, v->n) == 0) {
            *kind = kinds[i];
            return true;
        }
    return false;
}

/* An entry of a string/hostname/substring list: trimmed and lower case. A name (not a
 * substring) also loses its trailing dots and its leading dots, *leading_dot telling whether it
 * had one. */
static const char *normalize_entry(kq_arena *a, const char *s, size_t n, bool is_name, size_t *len,
                                   bool *leading_dot)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || (is_name && s[n - 1] == '.'))) n--;
    *leading_dot = is_name && n && *s == '.';
    while (*leading_dot && n && *s == '.') s++, n--;
    char *out = kq_arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++) out[i] = lower(s[i]);
    out[n] = 0;
    *len = n;
    return out;
}

static int build_index(kq_warninglist *l, const kq_dyn *entries, const char *path, kq_error *err)
{
    size_t n = entries->n;
    if (l->kind == KQ_WL_STRING || l->kind == KQ_WL_HOSTNAME) name_set_init(&l->names, &l->arena, n);
    const char **needles = l->kind == KQ_WL_SUBSTRING ? kq_xmalloc((n ? n : 1) * sizeof *needles) : NULL;
    size_t *lens = needles ? kq_xmalloc((n ? n : 1) * sizeof *lens) : NULL;
    if (l->kind == KQ_WL_REGEX) l->patterns = kq_xcalloc(n ? n : 1, sizeof *l->patterns);
    size_t nneedles = 0;
    for (size_t i = 0; i < n; i++) {
        const kq_dyn *e = &entries->u.items[i];
        if (e->kind != KQ_D_STRING) {
            kq_error_input(err, KQ_ERR_INPUT, path, 0, "entry %zu of \"list\" is not a string", i + 1);
            free(needles);
            free(lens);
            return KQ_ERR_INPUT;
        }
        size_t len;
        bool leading_dot;
        switch (l->kind) {
        case KQ_WL_STRING:
        case KQ_WL_HOSTNAME: {
            const char *name = normalize_entry(&l->arena, e->u.s, e->n, true, &len, &leading_dot);
            uint8_t scope = l->kind == KQ_WL_HOSTNAME ? MATCH_SELF | MATCH_SUBDOMAINS
                            : leading_dot             ? MATCH_SUBDOMAINS
                                                      : MATCH_SELF;
            if (len) name_set_add(&l->names, name, len, scope);
            break;
        }
        case KQ_WL_SUBSTRING:
            needles[nneedles] = normalize_entry(&l->arena, e->u.s, e->n, false, &len, &leading_dot);
            lens[nneedles] = len;
            if (len) nneedles++;
            break;
        case KQ_WL_CIDR: {
            ip_range r, v4;
            bool v6;
            if (!parse_range(e->u.s, e->n, &r, &v6)) break; /* not an address: never matches */
            range_add(v6 ? &l->v6 : &l->v4, &r);
            if (v6 && ipv4_mapped(&r, &v4)) range_add(&l->v4, &v4);
            break;
        }
        case KQ_WL_REGEX: {
            char why[200];
            const char *pattern;
            size_t pattern_len;
            uint32_t options;
            pcre2_code *re = NULL;
            bool valid = regex_entry(e->u.s, e->n, &pattern, &pattern_len, &options, why, sizeof why);
            if (valid && pattern_len == 0) break; /* an empty pattern would match everything */
            if (valid) re = compile_regex(pattern, pattern_len, options, why, sizeof why);
            if (!re) {
                kq_error_input(err, KQ_ERR_INPUT, path, 0, "entry %zu of \"list\" is not a valid regex: %s",
                               i + 1, why);
                return KQ_ERR_INPUT;
            }
            l->patterns[l->npatterns++] = re;
            break;
        }
        }
    }
    if (needles) {
        l->substrings = kq_scanner_new((int)nneedles, needles, lens, false);
        free(needles);
        free(lens);
    }
    range_table_finish(&l->v4);
    range_table_finish(&l->v6);
    return 0;
}

static void warninglist_free(kq_warninglist *l)
{
    if (!l) return;
    kq_scanner_free(l->substrings);
    for (size_t i = 0; i < l->npatterns; i++) pcre2_code_free(l->patterns[i]);
    free(l->patterns);
    free(l->v4.items);
    free(l->v6.items);
    kq_arena_free(&l->arena);
    free(l);
}

/* The name of the directory holding the file: "lists/alexa/list.json" -> "alexa". */
static const char *directory_name(kq_arena *a, const char *path)
{
    size_t end = strlen(path);
    while (end && path[end - 1] != '/') end--; /* drop the file name */
    while (end > 1 && path[end - 1] == '/') end--;
    size_t start = end;
    while (start && path[start - 1] != '/') start--;
    size_t n = end - start;
    bool dots = (n == 1 && path[start] == '.') || (n == 2 && path[start] == '.' && path[start + 1] == '.');
    bool lexical = n && !dots;
    if (lexical) return kq_arena_strdup(a, path + start, n);
    char *full = realpath(path, NULL);
    const char *id = "";
    if (full) {
        char *slash = strrchr(full, '/');
        if (slash) *slash = 0;
        slash = strrchr(full, '/');
        id = kq_arena_strdup(a, slash ? slash + 1 : full, strlen(slash ? slash + 1 : full));
        free(full);
    }
    return id;
}

static char *read_whole_file(const char *path, size_t *len, kq_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *text = kq_xmalloc(cap);
    size_t got;
    while ((got = fread(text + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) text = kq_xrealloc(text, cap *= 2);
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot read: %s", strerror(errno));
        free(text);
        return NULL;
    }
    *len = n;
    return text;
}

static int64_t line_of_offset(const char *text, size_t offset)
{
    int64_t line = 1;
    for (size_t i = 0; i < offset; i++) line += text[i] == '\n';
    return line;
}

static int parse_list(kq_warninglist *l, const char *path, const char *text, size_t n, kq_arena *scratch,
                      kq_error *err)
{
    kq_dyn root;
    size_t err_off = 0, bom = n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (!kq_json_parse(text + bom, n - bom, scratch, &root, &err_off)) {
        err_off += bom;
        kq_error_input(err, KQ_ERR_INPUT, path, line_of_offset(text, err_off < n ? err_off : n),
                       "invalid JSON at byte %zu", err_off);
        return KQ_ERR_INPUT;
    }
    if (root.kind != KQ_D_OBJECT) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "not a MISP warninglist: the file is not a JSON object");
        return KQ_ERR_INPUT;
    }
    if (!string_member(l, &root, "name", &l->name) ||
        !string_member(l, &root, "description", &l->description)) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "\"name\" and \"description\" must be strings");
        return KQ_ERR_INPUT;
    }
    if (!parse_kind(kq_dyn_field(&root, "type"), &l->kind)) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0,
                       "\"type\" must be one of string, hostname, substring, cidr, regex");
        return KQ_ERR_INPUT;
    }
    const kq_dyn *attributes = kq_dyn_field(&root, "matching_attributes");
    if (attributes && attributes->kind != KQ_D_NULL && attributes->kind != KQ_D_ARRAY) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "\"matching_attributes\" must be an array of strings");
        return KQ_ERR_INPUT;
    }
    l->types = attributes && attributes->kind == KQ_D_ARRAY && attributes->n ? 0 : ALL_TYPES;
    for (uint32_t i = 0; attributes && attributes->kind == KQ_D_ARRAY && i < attributes->n; i++) {
        const kq_dyn *a = &attributes->u.items[i];
        if (a->kind == KQ_D_STRING) l->types |= attribute_types(a->u.s, a->n);
    }
    const kq_dyn *entries = kq_dyn_field(&root, "list");
    if (!entries || entries->kind != KQ_D_ARRAY) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "not a MISP warninglist: no \"list\" array");
        return KQ_ERR_INPUT;
    }
    l->size = entries->n;
    return build_index(l, entries, path, err);
}

typedef struct load_state {
    kq_warninglists *w;
    kq_arena scratch; /* the JSON tree of the file being loaded */
    kq_error *err;
    size_t files;
} load_state;

static int load_file(load_state *st, const char *path)
{
    size_t n;
    char *text = read_whole_file(path, &n, st->err);
    if (!text) return KQ_ERR_INPUT;
    kq_warninglist *l = kq_xcalloc(1, sizeof *l);
    kq_arena_init(&l->arena, 0);
    l->id = directory_name(&l->arena, path);
    int rc = parse_list(l, path, text, n, &st->scratch, st->err);
    free(text);
    kq_arena_reset(&st->scratch);
    if (rc) {
        warninglist_free(l);
        return rc;
    }
    kq_warninglists *w = st->w;
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 16;
        w->lists = kq_xrealloc(w->lists, w->cap * sizeof *w->lists);
    }
    w->lists[w->n++] = l;
    st->files++;
    return 0;
}

/* kq_walk callback: every list.json below the directory. */
static int load_walked_file(void *user, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return strcmp(base, "list.json") == 0 ? load_file(user, path) : 0;
}

void kq_warninglists_init(kq_warninglists *w)
{
    w->lists = NULL;
    w->n = w->cap = 0;
}

void kq_warninglists_free(kq_warninglists *w)
{
    for (size_t i = 0; i < w->n; i++) warninglist_free(w->lists[i]);
    free(w->lists);
    w->lists = NULL;
    w->n = w->cap = 0;
}

int kq_warninglists_load(kq_warninglists *w, const char *path, kq_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot open: %s", strerror(errno));
        return KQ_ERR_INPUT;
    }
    load_state state = {.w = w, .err = err};
    kq_arena_init(&state.scratch, 1 << 20);
    size_t before = w->n;
    int rc;
    if (S_ISDIR(st.st_mode)) {
        rc = kq_walk(path, load_walked_file, &state, err) ? KQ_ERR_INPUT : 0;
        if (!rc && state.files == 0) {
            kq_error_input(err, KQ_ERR_INPUT, path, 0, "no MISP warninglist (list.json) in this directory");
            rc = KQ_ERR_INPUT;
        }
    } else {
        rc = load_file(&state, path);
    }
    kq_arena_free(&state.scratch);
    if (rc) {
        while (w->n > before) warninglist_free(w->lists[--w->n]);
    }
    return rc;
}

/* ---- matching ---- */

/* The host of a canonical URL ("http://user@Host:8080/p" -> "Host"). */
static void url_host(const char *url, const char **host, size_t *n)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t authority = strcspn(p, "/?#");
    const char *at = memchr(p, '@', authority);
    if (at) {
        authority -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    size_t len = 0;
    if (authority && *p == '[') {
        const char *close = memchr(p, ']', authority);
        len = close ? (size_t)(close - p) + 1 : authority;
    } else {
        while (len < authority && p[len] != ':') len++;
    }
    *host = p;
    *n = len;
}

/* An indicator prepared once for every list. */
typedef struct ioc_probe {
    const kq_indicator *ioc;
    size_t len;       /* of the value */
    name_probe value;       /* the value, for string lists */
    const name_probe *host; /* for hostname lists: the host of a URL, the domain of an e-mail
                               address (in own_host), else the value */
    name_probe own_host;
    bool is_address;  /* an IP address or a CIDR, parsed into range */
    bool v6;
    ip_range range;
} ioc_probe;

static void probe_init(ioc_probe *p, const kq_indicator *ioc)
{
    p->ioc = ioc;
    p->len = strlen(ioc->value);
    name_probe_init(&p->value, ioc->value, p->len);
    const char *host = ioc->value;
    size_t host_len = p->len;
    if (ioc->type == KQ_IOC_URL) url_host(ioc->value, &host, &host_len);
    if (ioc->type == KQ_IOC_EMAIL) {
        const char *at = strrchr(ioc->value, '@');
        if (at) host = at + 1, host_len = p->len - (size_t)(host - ioc->value);
    }
    p->host = &p->value;
    if (host != ioc->value || host_len != p->len) {
        name_probe_init(&p->own_host, host, host_len);
        p->host = &p->own_host;
    }
    bool ip_type = ioc->type == KQ_IOC_IPV4 || ioc->type == KQ_IOC_IPV6 || ioc->type == KQ_IOC_CIDR;
    p->is_address = ip_type && parse_range(ioc->value, p->len, &p->range, &p->v6);
}

static bool list_names(const kq_warninglist *l, const ioc_probe *p)
{
    const char *value = p->ioc->value;
    kq_ioc_type type = p->ioc->type;
    switch (l->kind) {
    case KQ_WL_STRING: return names_match(&l->names, &p->value, type == KQ_IOC_DOMAIN);
    case KQ_WL_HOSTNAME:
        return names_match(&l->names, p->host, type == KQ_IOC_DOMAIN || type == KQ_IOC_URL || type == KQ_IOC_EMAIL);
    case KQ_WL_SUBSTRING: return p->len && kq_scanner_find(l->substrings, value, value + p->len) != NULL;
    case KQ_WL_CIDR: return p->is_address && range_table_covers(p->v6 ? &l->v6 : &l->v4, &p->range);
    case KQ_WL_REGEX: return regex_matches(l->patterns, l->npatterns, value, p->len);
    }
    return false;
}

const kq_warninglist *kq_warninglists_match(const kq_warninglists *w, const kq_indicator *ioc)
{
    if (!ioc->value || ioc->type == KQ_IOC_NONE || (unsigned)ioc->type >= KQ_IOC__COUNT) return NULL;
    ioc_probe probe;
    probe_init(&probe, ioc);
    for (size_t i = 0; i < w->n; i++) {
        const kq_warninglist *l = w->lists[i];
        if ((l->types & TYPE_BIT(ioc->type)) && list_names(l, &probe)) return l;
    }
    return NULL;
}

const char *kq_warninglist_name(const kq_warninglist *l)
{
    return l->name;
}

const char *kq_warninglist_id(const kq_warninglist *l)
{
    return l->id;
}

const char *kq_warninglist_description(const kq_warninglist *l)
{
    return l->description;
}

kq_warninglist_kind kq_warninglist_kind_of(const kq_warninglist *l)
{
    return l->kind;
}

size_t kq_warninglist_size(const kq_warninglist *l)
{
    return l->size;
}
