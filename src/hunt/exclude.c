/*
 * exclude.c - exclusion rules read from YAML (kq_exclusions_*). The file is loaded as a libyaml
 * document, so that every complaint names the line of the node it is about; the rules of a file
 * are added all or nothing.
 */
#include "exclude.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "../base/datetime.h"
#include "../base/error.h"
#include "../kql/parse.h"

typedef enum rule_key {
    KEY_NAME,
    KEY_SCENARIO,
    KEY_REASON,
    KEY_TABLES,
    KEY_WHERE,
    KEY_EXPIRES,
    KEY__COUNT
} rule_key;

static const char *const rule_key_names[KEY__COUNT] = {"name", "scenario", "reason",
                                                       "tables", "where", "expires"};

typedef struct rule_loader {
    kq_exclusions *x;
    const char *file; /* in x->arena */
    yaml_document_t *doc;
    kq_error *err;
} rule_loader;

void kq_exclusions_init(kq_exclusions *x)
{
    kq_arena_init(&x->arena, 0);
    x->rules = NULL;
    x->n = x->cap = 0;
}

void kq_exclusions_free(kq_exclusions *x)
{
    free(x->rules);
    kq_arena_free(&x->arena);
    x->rules = NULL;
    x->n = x->cap = 0;
}

bool kq_exclusion_applies(const kq_exclusion_rule *r, const char *table)
{
    if (!r->tables || !r->tables[0]) return true;
    for (const char **t = r->tables; *t; t++)
        if (strcmp(*t, table) == 0) return true;
    return false;
}

static int node_line(const yaml_node_t *node)
{
    return (int)node->start_mark.line + 1;
}

static const char *node_kind(const yaml_node_t *node)
{
    switch (node->type) {
    case YAML_MAPPING_NODE: return "a mapping";
    case YAML_SEQUENCE_NODE: return "a list";
    default: return "text";
    }
}

/* An empty plain scalar, "~" or "null": YAML's null. */
static bool is_null(const yaml_node_t *node)
{
    if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = (const char *)node->data.scalar.value;
    return !s[0] || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
           strcmp(s, "NULL") == 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The scalar's text without surrounding white space, copied into the arena. */
static const char *scalar_text(rule_loader *l, const yaml_node_t *node)
{
    const char *s = (const char *)node->data.scalar.value;
    size_t n = node->data.scalar.length;
    while (n && is_space(*s)) s++, n--;
    while (n && is_space(s[n - 1])) n--;
    return kq_arena_strdup(&l->x->arena, s, n);
}

/* Fills the error with the file and the line of node (NULL: no line); returns KQ_ERR_INPUT. */
static int fail(rule_loader *l, const yaml_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(rule_loader *l, const yaml_node_t *node, const char *fmt, ...)
{
    char message[sizeof l->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    kq_error_input(l->err, KQ_ERR_INPUT, l->file, node ? node_line(node) : 0, "%s", message);
    return KQ_ERR_INPUT;
}

/* A required or optional text value: must be a scalar, and (when required) not empty. */
static int text_value(rule_loader *l, rule_key key, const yaml_node_t *node, bool required,
                      const char **out)
{
    if (node->type != YAML_SCALAR_NODE)
        return fail(l, node, "'%s:' must be text, not %s", rule_key_names[key], node_kind(node));
    *out = is_null(node) ? "" : scalar_text(l, node);
    if (required && !(*out)[0]) return fail(l, node, "'%s:' is empty", rule_key_names[key]);
    return 0;
}

static bool is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* YYYY-MM-DD (the whole day: expiry at its last tick) or an ISO 8601 date and time. */
static bool parse_expiry(const char *s, int64_t *ticks)
{
    size_t n = strlen(s);
    bool iso_date = n >= 10 && is_digits(s, 4) && s[4] == '-' && is_digits(s + 5, 2) &&
                    s[7] == '-' && is_digits(s + 8, 2);
    if (!iso_date || (n > 10 && s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return false;
    if (!kq_parse_datetime(s, n, ticks)) return false;
    if (n == 10) *ticks += KQ_TICKS_PER_DAY - 1;
    return true;
}

/* A table name is one word: no white space and no commas (a list is written [A, B]). */
static bool valid_table_name(const char *s)
{
    if (!s[0]) return false;
    for (; *s; s++)
        if (is_space(*s) || *s == ',') return false;
    return true;
}

static int table_name(rule_loader *l, const yaml_node_t *node, const char **out)
{
    if (node->type != YAML_SCALAR_NODE)
        return fail(l, node, "'tables:' holds table names, not %s", node_kind(node));
    *out = scalar_text(l, node);
    if (!valid_table_name(*out))
        return fail(l, node, "'%s' is not a table name (write several tables as a list: [A, B])",
                    *out);
    return 0;
}

/* tables: one name or a list of names; NULL-terminated array, NULL when not given. */
static int tables_value(rule_loader *l, const yaml_node_t *node, const char ***out)
{
    *out = NULL;
    if (is_null(node)) return 0;
    if (node->type == YAML_MAPPING_NODE)
        return fail(l, node, "'tables:' must be a table name or a list of them, not %s",
                    node_kind(node));
    size_t count = node->type == YAML_SCALAR_NODE
                       ? 1
                       : (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    const char **tables = kq_arena_alloc(&l->x->arena, (count + 1) * sizeof *tables);
    if (node->type == YAML_SCALAR_NODE) {
        int rc = table_name(l, node, &tables[0]);
        if (rc) return rc;
    } else {
        for (size_t i = 0; i < count; i++) {
            const yaml_node_t *item =
                yaml_document_get_node(l->doc, node->data.sequence.items.start[i]);
            int rc = table_name(l, item, &tables[i]);
            if (rc) return rc;
        }
    }
    tables[count] = NULL;
    *out = tables;
    return 0;
}

static const kq_exclusion_rule *find_rule(const kq_exclusions *x, const char *name)
{
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(x->rules[i].name, name) == 0) return &x->rules[i];
    return NULL;
}

static void append_rule(kq_exclusions *x, const kq_exclusion_rule *r)
{
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 16;
        x->rules = kq_xrealloc(x->rules, x->cap * sizeof *x->rules);
    }
    x->rules[x->n++] = *r;
}

static int load_rule(rule_loader *l, const yaml_node_t *node)
{
    if (node->type != YAML_MAPPING_NODE)
        return fail(l, node, "an exclusion rule must be a mapping (name:, reason:, where: ...), not %s",
                    node_kind(node));
    const yaml_node_t *values[KEY__COUNT] = {0};
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
        const yaml_node_t *key = yaml_document_get_node(l->doc, p->key);
        if (key->type != YAML_SCALAR_NODE)
            return fail(l, key, "a rule key must be text, not %s", node_kind(key));
        const char *k = (const char *)key->data.scalar.value;
        int found = -1;
        for (int i = 0; i < KEY__COUNT; i++)
            if (strcmp(k, rule_key_names[i]) == 0) found = i;
        if (found < 0)
            return fail(l, key, "unknown key '%s' in an exclusion rule (known: name, scenario, reason, "
                                "tables, where, expires)", k);
        if (values[found]) return fail(l, key, "key '%s' appears twice in one rule", k);
        values[found] = yaml_document_get_node(l->doc, p->value);
    }
    static const rule_key required[] = {KEY_NAME, KEY_REASON, KEY_WHERE};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (values[required[i]]) continue;
        const yaml_node_t *name = values[KEY_NAME];
        if (name && name->type == YAML_SCALAR_NODE && !is_null(name))
            return fail(l, node, "exclusion rule '%s' has no '%s:'", (const char *)name->data.scalar.value,
                        rule_key_names[required[i]]);
        return fail(l, node, "exclusion rule has no '%s:'", rule_key_names[required[i]]);
    }

    kq_exclusion_rule r = {.file = l->file, .line = node_line(node), .scenario = ""};
    int rc = text_value(l, KEY_NAME, values[KEY_NAME], true, &r.name);
    if (rc) return rc;
    const kq_exclusion_rule *first = find_rule(l->x, r.name);
    if (first)
        return fail(l, values[KEY_NAME], "duplicate exclusion rule name '%s' (first defined at %s:%d)",
                    r.name, first->file, first->line);
    if ((rc = text_value(l, KEY_REASON, values[KEY_REASON], true, &r.reason)) ||
        (rc = text_value(l, KEY_WHERE, values[KEY_WHERE], true, &r.where)))
        return rc;
    r.where_line = node_line(values[KEY_WHERE]);
    kq_error shape;
    if (!kq_parse_predicate(r.where, strlen(r.where), &shape)) {
        kq_error_input(l->err, KQ_ERR_QUERY, l->file, r.where_line,
                       "exclusion '%s': its where: is not one KQL predicate: %s (at %d:%d of the predicate)", r.name,
                       shape.message, shape.line, shape.col);
        return KQ_ERR_QUERY;
    }
    if (values[KEY_SCENARIO] && (rc = text_value(l, KEY_SCENARIO, values[KEY_SCENARIO], false, &r.scenario)))
        return rc;
    if (values[KEY_TABLES] && (rc = tables_value(l, values[KEY_TABLES], &r.tables))) return rc;
    const yaml_node_t *expires = values[KEY_EXPIRES];
    if (expires && !is_null(expires)) {
        const char *text;
        if ((rc = text_value(l, KEY_EXPIRES, expires, true, &text))) return rc;
        if (!parse_expiry(text, &r.expires))
            return fail(l, expires, "'expires: %s' is not a date (YYYY-MM-DD or an ISO 8601 date and time)",
                        text);
    }
    append_rule(l->x, &r);
    return 0;
}

static int load_document(rule_loader *l)
{
    const yaml_node_t *root = yaml_document_get_root_node(l->doc);
    if (!root || is_null(root)) return fail(l, NULL, "no 'exclusions:' list in this file");
    if (root->type != YAML_MAPPING_NODE)
        return fail(l, root, "the file must be a mapping with the key 'exclusions:', not %s",
                    node_kind(root));
    const yaml_node_t *list = NULL;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        const yaml_node_t *key = yaml_document_get_node(l->doc, p->key);
        if (key->type != YAML_SCALAR_NODE)
            return fail(l, key, "a top-level key must be text, not %s", node_kind(key));
        if (strcmp((const char *)key->data.scalar.value, "exclusions") != 0)
            return fail(l, key, "unknown top-level key '%s' (the file holds one key: 'exclusions:')",
                        (const char *)key->data.scalar.value);
        if (list) return fail(l, key, "key 'exclusions' appears twice");
        list = yaml_document_get_node(l->doc, p->value);
    }
    if (!list) return fail(l, root, "no 'exclusions:' list in this file");
    if (is_null(list)) return 0;
    if (list->type != YAML_SEQUENCE_NODE)
        return fail(l, list, "'exclusions:' must be a list of rules, not %s", node_kind(list));
    for (yaml_node_item_t *i = list->data.sequence.items.start; i < list->data.sequence.items.top; i++) {
        int rc = load_rule(l, yaml_document_get_node(l->doc, *i));
        if (rc) return rc;
    }
    return 0;
}

static int syntax_error(rule_loader *l, const yaml_parser_t *parser)
{
    const char *problem = parser->problem ? parser->problem : "cannot parse";
    if (parser->error == YAML_MEMORY_ERROR) problem = "out of memory";
    if (parser->error == YAML_READER_ERROR) {
        kq_error_input(l->err, KQ_ERR_INPUT, l->file, 0, "invalid YAML: %s at byte %zu", problem,
                       parser->problem_offset);
        return KQ_ERR_INPUT;
    }
    if (parser->context)
        kq_error_input(l->err, KQ_ERR_INPUT, l->file, (int64_t)parser->problem_mark.line + 1,
                       "invalid YAML: %s (%s)", problem, parser->context);
    else
        kq_error_input(l->err, KQ_ERR_INPUT, l->file, (int64_t)parser->problem_mark.line + 1,
                       "invalid YAML: %s", problem);
    return KQ_ERR_INPUT;
}

/* Loads the first document, then makes sure no second one follows. */
static int load_stream(rule_loader *l, yaml_parser_t *parser)
{
    yaml_document_t doc;
    if (!yaml_parser_load(parser, &doc)) return syntax_error(l, parser);
    l->doc = &doc;
    int rc = load_document(l);
    yaml_document_delete(&doc);
    if (rc) return rc;
    yaml_document_t next;
    if (!yaml_parser_load(parser, &next)) return syntax_error(l, parser);
    const yaml_node_t *extra = yaml_document_get_root_node(&next);
    if (extra) {
        kq_error_input(l->err, KQ_ERR_INPUT, l->file, node_line(extra),
                       "a second YAML document ('---'): put every rule under the one 'exclusions:'");
        rc = KQ_ERR_INPUT;
    }
    yaml_document_delete(&next);
    return rc;
}

int kq_exclusions_load(kq_exclusions *x, const char *path, kq_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot open: %s", strerror(errno));
        return KQ_ERR_INPUT;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot open: %s", strerror(EISDIR));
        return KQ_ERR_INPUT;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot start the YAML parser");
        return KQ_ERR_INPUT;
    }
    yaml_parser_set_input_file(&parser, f);
    kq_arena_mark mark = kq_arena_save(&x->arena);
    size_t rules_before = x->n;
    rule_loader l = {x, kq_arena_strdup(&x->arena, path, strlen(path)), NULL, err};
    int rc = load_stream(&l, &parser);
    yaml_parser_delete(&parser);
    fclose(f);
    if (rc) {
        x->n = rules_before;
        kq_arena_rewind(&x->arena, mark);
    }
    return rc;
}
