/*
 * feed_stix.c - STIX 2.1 bundles as indicators.
 *
 * Each "indicator" object with pattern_type "stix" (or none) is a record. Its pattern is hunted
 * when it is a disjunction of equality comparisons: `[path = 'v']`, `[a = 'x' OR b = 'y']`,
 * `[..] OR [..]`, with parentheses. Every other construct (AND, FOLLOWEDBY, NOT, !=, <, LIKE,
 * MATCHES, IN, EXISTS, ISSUBSET, ISSUPERSET, qualifiers) skips the record with a reason naming
 * it, and a comparison on an object path kq does not hunt is skipped with the path named.
 *
 * Paths hunted: domain-name:value, url:value, ipv4-addr:value and ipv6-addr:value (a CIDR too),
 * file:hashes.MD5 / SHA-1 / SHA-256 (quoted or not, any case), file:name and process:name (file
 * names), email-addr:value and email-message:from_ref.value.
 *
 * Context: valid_from -> first_seen and valid_from (not hunted before then), valid_until -> expires, revoked -> revoked (the indicator is
 * still added, so reports can count it), confidence, description (else name), labels -> tags,
 * TLP from object_marking_refs, created_by_ref -> provider "STIX: <identity name>" (else
 * "STIX: <file name>"), the first external reference URL -> reference, id -> external_id, and
 * the malware name from an "indicates" relationship from the indicator to a malware object.
 */
#include "feed.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/datetime.h"
#include "../base/error.h"
#include "../base/json.h"
#include "feed_text.h"

/* ---- the parsed file, with the text of each value (for line numbers) ---- */

typedef struct json_node {
    const kq_dyn *value;
    const char *begin, *end; /* the value's text */
} json_node;

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* The first member named key of an object node. The text is walked in step with the members,
 * which the parser keeps in input order. */
static bool node_member(json_node obj, const char *key, json_node *out)
{
    if (obj.value->kind != KQ_D_OBJECT) return false;
    size_t key_len = strlen(key);
    kq_json_cursor cur;
    kq_json_obj_begin(&cur, obj.begin, (size_t)(obj.end - obj.begin));
    for (uint32_t i = 0; i < obj.value->n; i++) {
        const char *k, *val;
        size_t k_len, val_len;
        bool escaped;
        if (kq_json_obj_next(&cur, &k, &k_len, &escaped, &val, &val_len) != 1) return false;
        const kq_dyn_member *m = &obj.value->u.members[i];
        if (m->key_len == key_len && memcmp(m->key, key, key_len) == 0) {
            *out = (json_node){&m->value, val, val + val_len};
            return true;
        }
    }
    return false;
}

typedef struct item_iter {
    const kq_dyn *array;
    uint32_t next;
    const char *p, *end;
} item_iter;

static bool items_begin(item_iter *it, json_node arr)
{
    if (arr.value->kind != KQ_D_ARRAY) return false;
    const char *p = kq_skip_blanks(arr.begin, arr.end);
    *it = (item_iter){arr.value, 0, p + 1, arr.end};
    return true;
}

static bool items_next(item_iter *it, json_node *out)
{
    if (it->next >= it->array->n) return false;
    const char *start = kq_skip_blanks(it->p, it->end);
    const char *stop = kq_json_skip_value(start, it->end);
    if (!stop) return false;
    *out = (json_node){&it->array->u.items[it->next++], start, stop};
    it->p = kq_skip_blanks(stop, it->end);
    if (it->p < it->end && *it->p == ',') it->p++;
    return true;
}

/* ---- kq_dyn helpers ---- */

static bool dyn_is_string(const kq_dyn *d)
{
    return d && d->kind == KQ_D_STRING;
}

static const char *dyn_cstr(kq_arena *a, const kq_dyn *d)
{
    return dyn_is_string(d) ? kq_arena_strdup(a, d->u.s, d->n) : "";
}

static bool dyn_equals(const kq_dyn *d, const char *s)
{
    return dyn_is_string(d) && d->n == strlen(s) && memcmp(d->u.s, s, d->n) == 0;
}

static int64_t dyn_date(const kq_dyn *d)
{
    int64_t ticks;
    if (dyn_is_string(d) && kq_dt_parse(d->u.s, d->n, &ticks)) return ticks;
    return 0;
}

static bool words_equal(const char *s, size_t n, const char *word)
{
    return n == strlen(word) && strncasecmp(s, word, n) == 0;
}

/* ---- objects by id: open addressing in the file's arena ---- */

typedef struct id_slot {
    const char *id;
    uint32_t len;
    const kq_dyn *value;
} id_slot;

typedef struct id_map {
    id_slot *slots;
    size_t mask;
} id_map;

static uint64_t id_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static void id_map_init(id_map *m, kq_arena *a, size_t count)
{
    size_t cap = 16;
    while (cap < count * 2) cap <<= 1;
    m->slots = kq_arena_zalloc(a, cap * sizeof *m->slots);
    m->mask = cap - 1;
}

/* The first object stored under an id wins. */
static void id_map_put(id_map *m, const kq_dyn *id, const kq_dyn *value)
{
    for (size_t h = id_hash(id->u.s, id->n) & m->mask;; h = (h + 1) & m->mask) {
        id_slot *slot = &m->slots[h];
        if (!slot->id) {
            *slot = (id_slot){id->u.s, id->n, value};
            return;
        }
        if (slot->len == id->n && memcmp(slot->id, id->u.s, id->n) == 0) return;
    }
}

static const kq_dyn *id_map_get(const id_map *m, const kq_dyn *id)
{
    if (!dyn_is_string(id)) return NULL;
    for (size_t h = id_hash(id->u.s, id->n) & m->mask;; h = (h + 1) & m->mask) {
        const id_slot *slot = &m->slots[h];
        if (!slot->id) return NULL;
        if (slot->len == id->n && memcmp(slot->id, id->u.s, id->n) == 0) return slot->value;
    }
}

/* ---- patterns ---- */

typedef enum token_kind {
    TOK_END,
    TOK_OPEN_BRACKET,
    TOK_CLOSE_BRACKET,
    TOK_OPEN_PAREN,
    TOK_CLOSE_PAREN,
    TOK_STRING,  /* 'text' (the span is the body, still escaped) */
    TOK_PATH,    /* object-type:property.path */
    TOK_WORD,    /* AND, OR, NOT, LIKE, WITHIN, ... */
    TOK_LITERAL, /* a number, true/false, t'...', h'...', b'...' */
    TOK_OPERATOR,
    TOK_BAD
} token_kind;

typedef struct token {
    token_kind kind;
    const char *s;
    size_t n;
} token;

typedef struct comparison {
    const char *path, *value; /* value: the string body, still escaped */
    size_t path_len, value_len;
} comparison;

enum { MAX_PATTERN_NESTING = 64 };

typedef enum pattern_verdict { PATTERN_OK, PATTERN_UNSUPPORTED, PATTERN_MALFORMED } pattern_verdict;

typedef struct pattern_parser {
    const char *p, *end;
    token tok;
    int depth;
    pattern_verdict verdict;
    char reason[200];
    kq_arena *arena;
    comparison *found;
    size_t nfound, capfound;
} pattern_parser;

static bool is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

/* The closing quote of a string whose body starts at p (escapes \' and \\ only), or NULL. */
static const char *string_close(const char *p, const char *end)
{
    while (p < end) {
        if (*p == '\'') return p;
        if (*p == '\\') {
            if (end - p < 2 || (p[1] != '\'' && p[1] != '\\')) return NULL;
            p += 2;
        } else {
            p++;
        }
    }
    return NULL;
}

static token lex(pattern_parser *ps)
{
    const char *p = ps->p, *end = ps->end;
    while (p < end && is_space(*p)) p++;
    token t = {TOK_END, p, 0};
    if (p == end) return t;
    char c = *p;
    const char *q = p + 1;
    if (c == '[' || c == ']' || c == '(' || c == ')') {
        t.kind = c == '[' ? TOK_OPEN_BRACKET
                 : c == ']' ? TOK_CLOSE_BRACKET
                 : c == '(' ? TOK_OPEN_PAREN
                            : TOK_CLOSE_PAREN;
    } else if (c == '\'') {
        const char *close = string_close(q, end);
        if (close) {
            t.kind = TOK_STRING;
            t.s = q;
            t.n = (size_t)(close - q);
            ps->p = close + 1;
            return t;
        }
        t.kind = TOK_BAD;
    } else if (c == '=' || c == '<' || c == '>' || (c == '!' && q < end && *q == '=')) {
        if (c != '=' && q < end && *q == '=') q++;
        t.kind = TOK_OPERATOR;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        while (q < end && (is_word_char(*q) || *q == '.' || *q == '+')) q++;
        t.kind = TOK_LITERAL;
    } else if (is_word_char(c)) {
        while (q < end && is_word_char(*q)) q++;
        if (q < end && *q == ':') {
            /* an object path: type ':' property { '.' property | '[' index ']' } */
            q++;
            for (;;) {
                if (q < end && *q == '\'') {
                    const char *close = string_close(q + 1, end);
                    if (!close) break;
                    q = close + 1;
                } else {
                    while (q < end && is_word_char(*q)) q++;
                }
                while (end - q > 2 && *q == '[') {
                    const char *r = q + 1;
                    while (r < end && (*r == '*' || (*r >= '0' && *r <= '9'))) r++;
                    if (r == q + 1 || r == end || *r != ']') break;
                    q = r + 1;
                }
                if (q < end && *q == '.') q++;
                else break;
            }
            t.kind = TOK_PATH;
        } else if (q < end && *q == '\'' && q - p == 1 && (c == 't' || c == 'h' || c == 'b')) {
            const char *close = string_close(q + 1, end);
            t.kind = close ? TOK_LITERAL : TOK_BAD;
            if (close) q = close + 1;
        } else {
            t.kind = words_equal(p, (size_t)(q - p), "true") || words_equal(p, (size_t)(q - p), "false")
                         ? TOK_LITERAL
                         : TOK_WORD;
        }
    } else {
        t.kind = TOK_BAD;
    }
    t.n = (size_t)(q - p);
    ps->p = q;
    return t;
}

static void advance(pattern_parser *ps)
{
    ps->tok = lex(ps);
}

/* Records why the pattern is not hunted (the first reason wins); fmt has one %.*s for the token. */
static bool fail(pattern_parser *ps, pattern_verdict verdict, const char *fmt, const token *t)
{
    enum { SHOWN = 40 }; /* bytes of a token quoted in a reason */
    if (ps->verdict == PATTERN_OK) {
        ps->verdict = verdict;
        snprintf(ps->reason, sizeof ps->reason, fmt, (int)(t->n > SHOWN ? SHOWN : t->n), t->s);
    }
    return false;
}

static bool unsupported(pattern_parser *ps, const token *t)
{
    return fail(ps, PATTERN_UNSUPPORTED, "STIX pattern uses %.*s: kq hunts only equality and OR", t);
}

static bool malformed(pattern_parser *ps, const char *what)
{
    token problem = {TOK_BAD, what, strlen(what)};
    return fail(ps, PATTERN_MALFORMED, "STIX pattern is malformed: %.*s", &problem);
}

static bool is_word(const token *t, const char *word)
{
    return t->kind == TOK_WORD && words_equal(t->s, t->n, word);
}

/* A word that joins or qualifies observations or comparisons, which kq does not hunt. */
static bool is_unsupported_word(const token *t)
{
    static const char *const words[] = {"AND",      "FOLLOWEDBY", "NOT",   "LIKE",    "MATCHES",
                                        "IN",       "ISSUBSET",   "ISSUPERSET", "EXISTS", "WITHIN",
                                        "START",    "STOP",       "REPEATS"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (is_word(t, words[i])) return true;
    return false;
}

/* Unexpected token: an unsupported keyword or operator is named, anything else is malformed. */
static bool unexpected(pattern_parser *ps, const char *expected)
{
    const token *t = &ps->tok;
    if (is_unsupported_word(t) || (t->kind == TOK_OPERATOR && !(t->n == 1 && t->s[0] == '=')))
        return unsupported(ps, t);
    return malformed(ps, expected);
}

static bool expect(pattern_parser *ps, token_kind kind, const char *expected)
{
    if (ps->tok.kind != kind) return unexpected(ps, expected);
    advance(ps);
    return true;
}

static bool nest(pattern_parser *ps)
{
    if (++ps->depth > MAX_PATTERN_NESTING) return malformed(ps, "nested too deeply");
    return true;
}

static bool parse_comparison_or(pattern_parser *ps);

/* comparison: path '=' 'string', or a parenthesised comparison expression */
static bool parse_comparison_term(pattern_parser *ps)
{
    if (ps->tok.kind == TOK_OPEN_PAREN) {
        if (!nest(ps)) return false;
        advance(ps);
        if (!parse_comparison_or(ps) || !expect(ps, TOK_CLOSE_PAREN, "expected ')'")) return false;
        ps->depth--;
        return true;
    }
    if (ps->tok.kind != TOK_PATH) return unexpected(ps, "expected an object path");
    token path = ps->tok;
    advance(ps);
    if (!(ps->tok.kind == TOK_OPERATOR && ps->tok.n == 1 && ps->tok.s[0] == '='))
        return unexpected(ps, "expected '=' after the object path");
    advance(ps);
    if (ps->tok.kind == TOK_LITERAL)
        return fail(ps, PATTERN_UNSUPPORTED, "STIX pattern compares with %.*s: kq hunts only text values",
                    &ps->tok);
    if (ps->tok.kind != TOK_STRING) return unexpected(ps, "expected a quoted value after '='");
    if (ps->nfound == ps->capfound) {
        size_t cap = ps->capfound ? ps->capfound * 2 : 8;
        comparison *grown = kq_arena_alloc(ps->arena, cap * sizeof *grown);
        if (ps->nfound) memcpy(grown, ps->found, ps->nfound * sizeof *grown);
        ps->found = grown;
        ps->capfound = cap;
    }
    ps->found[ps->nfound++] = (comparison){path.s, ps->tok.s, path.n, ps->tok.n};
    advance(ps);
    return true;
}

static bool parse_comparison_or(pattern_parser *ps)
{
    if (!parse_comparison_term(ps)) return false;
    while (is_word(&ps->tok, "OR")) {
        advance(ps);
        if (!parse_comparison_term(ps)) return false;
    }
    return true;
}

static bool parse_observation_or(pattern_parser *ps);

/* observation: '[' comparisons ']', or a parenthesised observation expression */
static bool parse_observation_term(pattern_parser *ps)
{
    if (!nest(ps)) return false;
    if (ps->tok.kind == TOK_OPEN_BRACKET) {
        advance(ps);
        if (!parse_comparison_or(ps) || !expect(ps, TOK_CLOSE_BRACKET, "expected ']'")) return false;
    } else if (ps->tok.kind == TOK_OPEN_PAREN) {
        advance(ps);
        if (!parse_observation_or(ps) || !expect(ps, TOK_CLOSE_PAREN, "expected ')'")) return false;
    } else {
        return unexpected(ps, "expected '['");
    }
    ps->depth--;
    return true;
}

static bool parse_observation_or(pattern_parser *ps)
{
    if (!parse_observation_term(ps)) return false;
    while (is_word(&ps->tok, "OR")) {
        advance(ps);
        if (!parse_observation_term(ps)) return false;
    }
    return true;
}

/* Parses a whole pattern into ps->found; on failure ps->verdict and ps->reason say why. */
static void parse_pattern(pattern_parser *ps, const char *s, size_t n, kq_arena *a)
{
    memset(ps, 0, sizeof *ps);
    ps->p = s;
    ps->end = s + n;
    ps->arena = a;
    advance(ps);
    if (parse_observation_or(ps) && ps->tok.kind != TOK_END)
        unexpected(ps, "unexpected text after the pattern");
}

/* The indicator type an object path gives, KQ_IOC_NONE when kq does not hunt it. IPv4/IPv6
 * paths return the address family; a CIDR value is told apart later. */
static kq_ioc_type path_type(const char *s, size_t n)
{
    static const struct {
        const char *path;
        kq_ioc_type type;
    } paths[] = {
        {"domain-name:value", KQ_IOC_DOMAIN}, {"url:value", KQ_IOC_URL},
        {"ipv4-addr:value", KQ_IOC_IPV4},     {"ipv6-addr:value", KQ_IOC_IPV6},
        {"email-addr:value", KQ_IOC_EMAIL},   {"email-message:from_ref.value", KQ_IOC_EMAIL},
        {"file:name", KQ_IOC_FILENAME},       {"process:name", KQ_IOC_FILENAME},
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if (words_equal(s, n, paths[i].path)) return paths[i].type;
    const char *prefix = "file:hashes.";
    size_t k = strlen(prefix);
    if (n <= k || strncasecmp(s, prefix, k) != 0) return KQ_IOC_NONE;
    const char *algo = s + k;
    size_t len = n - k;
    if (len >= 2 && algo[0] == '\'' && algo[len - 1] == '\'') algo++, len -= 2;
    if (words_equal(algo, len, "MD5")) return KQ_IOC_MD5;
    if (words_equal(algo, len, "SHA-1") || words_equal(algo, len, "SHA1")) return KQ_IOC_SHA1;
    if (words_equal(algo, len, "SHA-256") || words_equal(algo, len, "SHA256")) return KQ_IOC_SHA256;
    return KQ_IOC_NONE;
}

/* ---- the bundle ---- */

typedef struct stix_import {
    kq_ioc_set *set;
    kq_feed_stats *st;
    const char *path;
    const char *file_provider; /* "STIX: <file name>" */
    kq_arena *arena;
    id_map objects;    /* every object by id */
    id_map indicates;  /* indicator id -> the malware object it indicates */
    kq_line_counter lines;
    kq_buf scratch;
} stix_import;

static void skip(stix_import *imp, int64_t line, const char *value, size_t n, const char *reason)
{
    kq_ioc_set_reject(imp->set, imp->path, line, value, n, reason);
    imp->st->skipped++;
}

static void reject(stix_import *imp, int64_t line, const char *value, size_t n, const char *reason)
{
    kq_ioc_set_reject(imp->set, imp->path, line, value, n, reason);
    imp->st->rejected++;
}

static const char *tlp_level(const char *s, size_t n)
{
    static const char *const levels[] = {"white", "green", "amber", "red"};
    if (words_equal(s, n, "clear")) return "white";
    if (words_equal(s, n, "amber+strict")) return "amber";
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (words_equal(s, n, levels[i])) return levels[i];
    return "";
}

/* The TLP level of a marking definition: its TLP 2.0 extension, a TLP 1.0 definition, its
 * "TLP:X" name, or one of the TLP 1.0 definitions the STIX specification fixes by id. */
static const char *marking_tlp(const stix_import *imp, const kq_dyn *ref)
{
    static const struct {
        const char *id;
        const char *level;
    } standard[] = {
        {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "white"},
        {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "green"},
        {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "amber"},
        {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red"},
    };
    for (size_t i = 0; i < sizeof standard / sizeof standard[0]; i++)
        if (dyn_equals(ref, standard[i].id)) return standard[i].level;
    const kq_dyn *marking = id_map_get(&imp->objects, ref);
    if (!marking) return "";
    const kq_dyn *ext = kq_dyn_field(marking, "extensions");
    for (uint32_t i = 0; ext && ext->kind == KQ_D_OBJECT && i < ext->n; i++) {
        const kq_dyn *level = kq_dyn_field(&ext->u.members[i].value, "tlp_2_0");
        if (dyn_is_string(level)) return tlp_level(level->u.s, level->n);
    }
    const kq_dyn *level = kq_dyn_field(kq_dyn_field(marking, "definition"), "tlp");
    if (dyn_is_string(level)) return tlp_level(level->u.s, level->n);
    const kq_dyn *name = kq_dyn_field(marking, "name");
    if (dyn_is_string(name) && name->n > 4 && strncasecmp(name->u.s, "TLP:", 4) == 0)
        return tlp_level(name->u.s + 4, name->n - 4);
    return "";
}

/* Copies a pattern string body into the arena, undoing \' and \\. */
static const char *unescape_value(kq_arena *a, const char *s, size_t n, size_t *out_len)
{
    char *out = kq_arena_alloc(a, n + 1), *w = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) i++;
        *w++ = s[i];
    }
    *w = 0;
    *out_len = (size_t)(w - out);
    return out;
}

/* A property kq cannot read (a date that is no date, a confidence that is no number from 0 to
 * 100): the indicator is kept without it, and the report says so. */
static void warn_property(stix_import *imp, int64_t line, const char *property, const kq_dyn *value,
                          const char *consequence)
{
    char shown[64] = "";
    if (dyn_is_string(value)) snprintf(shown, sizeof shown, "%.*s", (int)(value->n > 60 ? 60 : value->n), value->u.s);
    else if (value->kind == KQ_D_LONG) snprintf(shown, sizeof shown, "%lld", (long long)value->u.i);
    else if (value->kind == KQ_D_REAL) snprintf(shown, sizeof shown, "%g", value->u.r);
    else if (value->kind == KQ_D_BOOL) snprintf(shown, sizeof shown, "%s", value->u.b ? "true" : "false");
    char reason[160];
    snprintf(reason, sizeof reason, "unreadable %s%s%s%s: %s", property, shown[0] ? " '" : "", shown,
             shown[0] ? "'" : "", consequence);
    kq_ioc_set_warn(imp->set, imp->path, line, shown, strlen(shown), reason);
    imp->st->warnings++;
}

/* A date property: 0 when absent, and when unreadable (with a warning). */
static int64_t property_date(stix_import *imp, int64_t line, const kq_dyn *ind, const char *property)
{
    const kq_dyn *d = kq_dyn_field(ind, property);
    if (!d || d->kind == KQ_D_NULL) return 0;
    int64_t ticks = dyn_date(d);
    if (!ticks) warn_property(imp, line, property, d, "left out");
    return ticks;
}

static void read_context(stix_import *imp, const kq_dyn *ind, kq_indicator *meta, kq_ioc_source *src,
                         int64_t line)
{
    kq_arena *a = imp->arena;
    memset(meta, 0, sizeof *meta);
    meta->confidence = -1;
    const kq_dyn *conf = kq_dyn_field(ind, "confidence");
    if (conf && conf->kind == KQ_D_LONG && conf->u.i >= 0 && conf->u.i <= 100)
        meta->confidence = (int)conf->u.i;
    else if (conf && conf->kind != KQ_D_NULL) warn_property(imp, line, "confidence", conf, "left out");
    meta->first_seen = meta->valid_from = property_date(imp, line, ind, "valid_from");
    meta->expires = property_date(imp, line, ind, "valid_until");
    const kq_dyn *revoked = kq_dyn_field(ind, "revoked");
    meta->revoked = revoked && revoked->kind == KQ_D_BOOL && revoked->u.b;
    if (revoked && revoked->kind != KQ_D_BOOL && revoked->kind != KQ_D_NULL)
        warn_property(imp, line, "revoked", revoked, "not true or false, taken as false");
    const kq_dyn *description = kq_dyn_field(ind, "description");
    meta->description = dyn_cstr(a, dyn_is_string(description) ? description : kq_dyn_field(ind, "name"));

    kq_buf *b = &imp->scratch;
    kq_buf_clear(b);
    const kq_dyn *labels = kq_dyn_field(ind, "labels");
    for (uint32_t i = 0; labels && labels->kind == KQ_D_ARRAY && i < labels->n; i++) {
        const kq_dyn *label = &labels->u.items[i];
        if (!dyn_is_string(label) || label->n == 0) continue;
        if (b->len) kq_buf_putc(b, ',');
        kq_buf_put(b, label->u.s, label->n);
    }
    meta->tags = kq_arena_strdup(a, b->p ? b->p : "", b->len);

    meta->tlp = "";
    const kq_dyn *markings = kq_dyn_field(ind, "object_marking_refs");
    for (uint32_t i = 0; markings && markings->kind == KQ_D_ARRAY && i < markings->n && !meta->tlp[0]; i++)
        meta->tlp = marking_tlp(imp, &markings->u.items[i]);

    const kq_dyn *id = kq_dyn_field(ind, "id");
    const kq_dyn *malware = kq_dyn_field(id_map_get(&imp->indicates, id), "name");
    meta->malware = dyn_cstr(a, malware);

    src->feed_file = imp->path;
    src->feed_line = line;
    src->provider = imp->file_provider;
    const kq_dyn *identity = id_map_get(&imp->objects, kq_dyn_field(ind, "created_by_ref"));
    const kq_dyn *identity_name = kq_dyn_field(identity, "name");
    if (dyn_equals(kq_dyn_field(identity, "type"), "identity") && dyn_is_string(identity_name)) {
        kq_buf_clear(b);
        kq_buf_puts(b, "STIX: ");
        kq_buf_put(b, identity_name->u.s, identity_name->n);
        src->provider = kq_arena_strdup(a, b->p, b->len);
    }
    src->reference = "";
    const kq_dyn *refs = kq_dyn_field(ind, "external_references");
    for (uint32_t i = 0; refs && refs->kind == KQ_D_ARRAY && i < refs->n; i++) {
        const kq_dyn *url = kq_dyn_field(&refs->u.items[i], "url");
        if (dyn_is_string(url)) {
            src->reference = dyn_cstr(a, url);
            break;
        }
    }
    src->external_id = dyn_cstr(a, id);
}

static void import_indicator(stix_import *imp, const kq_dyn *ind, int64_t line)
{
    imp->st->records++;
    const kq_dyn *pattern = kq_dyn_field(ind, "pattern");
    const kq_dyn *pattern_type = kq_dyn_field(ind, "pattern_type");
    if (!dyn_is_string(pattern)) {
        reject(imp, line, "", 0, "STIX indicator has no pattern");
        return;
    }
    bool stix_pattern = !pattern_type || (dyn_is_string(pattern_type) &&
                                          words_equal(pattern_type->u.s, pattern_type->n, "stix"));
    if (!stix_pattern) {
        char reason[160];
        if (dyn_is_string(pattern_type))
            snprintf(reason, sizeof reason, "STIX pattern_type '%.*s' is not hunted",
                     (int)(pattern_type->n > 40 ? 40 : pattern_type->n), pattern_type->u.s);
        else
            snprintf(reason, sizeof reason, "STIX pattern_type is not a string");
        skip(imp, line, pattern->u.s, pattern->n, reason);
        return;
    }
    pattern_parser ps;
    parse_pattern(&ps, pattern->u.s, pattern->n, imp->arena);
    if (ps.verdict == PATTERN_UNSUPPORTED) {
        skip(imp, line, pattern->u.s, pattern->n, ps.reason);
        return;
    }
    if (ps.verdict == PATTERN_MALFORMED) {
        reject(imp, line, pattern->u.s, pattern->n, ps.reason);
        return;
    }

    kq_indicator meta;
    kq_ioc_source src;
    read_context(imp, ind, &meta, &src, line);
    for (size_t i = 0; i < ps.nfound; i++) {
        const comparison *c = &ps.found[i];
        size_t value_len;
        const char *value = unescape_value(imp->arena, c->value, c->value_len, &value_len);
        kq_ioc_type type = path_type(c->path, c->path_len);
        if (type == KQ_IOC_NONE) {
            char reason[160];
            snprintf(reason, sizeof reason, "object path '%.*s' is not hunted",
                     (int)(c->path_len > 80 ? 80 : c->path_len), c->path);
            skip(imp, line, value, value_len, reason);
            continue;
        }
        if ((type == KQ_IOC_IPV4 || type == KQ_IOC_IPV6) && memchr(value, '/', value_len)) type = KQ_IOC_CIDR;
        if (kq_ioc_set_add(imp->set, type, value, value_len, &meta, &src)) imp->st->indicators++;
        else imp->st->rejected++;
    }
}

static int64_t line_at_offset(const char *text, size_t off)
{
    int64_t line = 1;
    for (size_t i = 0; i < off; i++) line += text[i] == '\n';
    return line;
}

/* "STIX: " + the last component of the path. */
static const char *file_provider(kq_arena *a, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    char *s = kq_arena_alloc(a, n + 7);
    memcpy(s, "STIX: ", 6);
    memcpy(s + 6, base, n + 1);
    return s;
}

int kq_feed_stix(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st,
                 kq_error *err)
{
    kq_feed_stats discarded = {0};
    if (!st) st = &discarded;
    st->format = KQ_FEED_STIX;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, n -= 3; /* a UTF-8 byte order mark */
    kq_arena arena;
    kq_arena_init(&arena, 0);
    kq_dyn root;
    size_t err_off = 0;
    json_node objects, object;
    item_iter it;
    if (!kq_json_parse(text, n, &arena, &root, &err_off)) {
        kq_error_input(err, KQ_ERR_INPUT, path, line_at_offset(text, err_off),
                       "not valid JSON (byte %zu): a STIX bundle must be a JSON document", err_off);
        kq_arena_free(&arena);
        return KQ_ERR_INPUT;
    }
    if (!node_member((json_node){&root, text, text + n}, "objects", &objects) || !items_begin(&it, objects)) {
        kq_error_input(err, KQ_ERR_INPUT, path, 1, "not a STIX 2.1 bundle: no \"objects\" array");
        kq_arena_free(&arena);
        return KQ_ERR_INPUT;
    }

    stix_import imp = {s, st, path ? path : "", NULL, &arena, {NULL, 0}, {NULL, 0}, {text, text, 1}, {0}};
    kq_buf_init(&imp.scratch);
    imp.file_provider = file_provider(&arena, imp.path);
    const kq_dyn *all = objects.value;
    id_map_init(&imp.objects, &arena, all->n);
    id_map_init(&imp.indicates, &arena, all->n);
    for (uint32_t i = 0; i < all->n; i++) {
        const kq_dyn *id = kq_dyn_field(&all->u.items[i], "id");
        if (dyn_is_string(id)) id_map_put(&imp.objects, id, &all->u.items[i]);
    }
    for (uint32_t i = 0; i < all->n; i++) {
        const kq_dyn *rel = &all->u.items[i];
        if (!dyn_equals(kq_dyn_field(rel, "type"), "relationship") ||
            !dyn_equals(kq_dyn_field(rel, "relationship_type"), "indicates"))
            continue;
        const kq_dyn *source = kq_dyn_field(rel, "source_ref");
        const kq_dyn *target = id_map_get(&imp.objects, kq_dyn_field(rel, "target_ref"));
        if (dyn_is_string(source) && dyn_equals(kq_dyn_field(target, "type"), "malware") &&
            dyn_is_string(kq_dyn_field(target, "name")))
            id_map_put(&imp.indicates, source, target);
    }

    while (items_next(&it, &object)) {
        int64_t line = kq_line_of(&imp.lines, object.begin);
        if (object.value->kind != KQ_D_OBJECT)
            reject(&imp, line, "", 0, "STIX object is not a JSON object");
        else if (dyn_equals(kq_dyn_field(object.value, "type"), "indicator"))
            import_indicator(&imp, object.value, line);
    }
    kq_buf_free(&imp.scratch);
    kq_arena_free(&arena);
    return 0;
}
