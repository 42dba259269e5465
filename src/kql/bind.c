/*
 * bind.c - the binder: turns the syntax tree into operator trees with typed expressions.
 * It resolves names (columns, let statements, function parameters, tables and views), checks
 * types, names output columns as Kusto does (KQL_SUBSET.md 8.2), folds constants, marks the
 * columns each scan must read and pushes literal prefilters of where-clauses down to scans.
 * Anything that parses but is not implemented is rejected here by name, with its position.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../api/catalog.h"
#include "../api/engine.h"
#include "../base/error.h"
#include "../exec/agg.h"
#include "../exec/expr.h"
#include "../exec/fn.h"
#include "../exec/kv.h"
#include "../exec/ops.h"
#include "../exec/value.h"
#include "../match/match.h"
#include "../match/regex.h"
#include "ast.h"
#include "kusto_names.h"
#include "lex.h"
#include "parse.h"

/* ---- scopes ---- */

typedef enum { SYM_SCALAR, SYM_TABULAR, SYM_FUNC, SYM_TABLE_ARG, SYM_TABLE_OP } sym_kind;

typedef struct scope scope;
typedef struct sym {
    const char *name;
    sym_kind kind;
    kq_ast *ast;       /* tabular expression or function definition */
    scope *def;        /* scope to bind ast in */
    kq_expr *expr;     /* scalar value */
    kq_op *op;         /* SYM_TABLE_OP: an input already bound (invoke), usable once */
    struct sym *next;
} sym;

struct scope {
    sym *syms;
    scope *parent;
};

typedef struct agg_ctx agg_ctx;

typedef struct binder {
    kq_query *q;
    kq_engine *eng;
    const char *text;
    size_t len;
    kq_arena *a;
    kq_error *err;
    scope *sc;
    int depth;
    agg_ctx *aggs; /* non-NULL while binding summarize aggregates */
    kq_arena fold_scratch;
    kq_ctx fold;
    struct materialized *materialized; /* materialize() calls bound so far, shared by reference */
} binder;

/* a materialize(T) of the query's top level: its cache and schema, for every later reference */
typedef struct materialized {
    const kq_ast *call;
    kq_mat_cache *cache;
    kq_schema schema;
    struct materialized *next;
} materialized;

#define MAX_DEPTH 64

static void fail(binder *b, const kq_ast *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(binder *b, const kq_ast *n, const char *fmt, ...)
{
    if (b->err->code) return; /* keep the first error */
    char msg[480];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kq_error_at(b->err, KQ_ERR_QUERY, b->text, b->len, n ? n->start : 0, n ? n->end : 0, "%s", msg);
}

static sym *lookup(binder *b, const char *name)
{
    for (scope *s = b->sc; s; s = s->parent)
        for (sym *y = s->syms; y; y = y->next)
            if (strcmp(y->name, name) == 0) return y;
    return NULL;
}

static sym *define(binder *b, const char *name, sym_kind kind)
{
    sym *y = kq_arena_zalloc(b->a, sizeof *y);
    y->name = name;
    y->kind = kind;
    y->def = b->sc;
    y->next = b->sc->syms;
    b->sc->syms = y;
    return y;
}

static void op_free(void *op)
{
    kq_op_free(op);
}

static void regex_free(void *re)
{
    kq_regex_free(re);
}

static void needle_set_free(void *p)
{
    kq_needle_set_free(p);
}

static void value_set_free(void *p)
{
    kq_value_set_free(p);
}

static void own_aux(binder *b, kq_expr *e)
{
    if (e->aux && e->aux_free) {
        kq_query_own(b->q, e->aux, e->aux_free);
        e->aux_free = NULL;
    }
}

static const char *param_word(const kq_ast *n, const char *name)
{
    for (int i = 0; i < n->nparams; i++)
        if (strcmp(n->params[i].name, name) == 0 && n->params[i].value) {
            kq_ast *v = n->params[i].value;
            if (v->kind == A_NAME || v->kind == A_TABLE) return v->name;
            if (v->kind == A_LITERAL && v->lit.type == KQ_T_STRING) return v->lit.u.s;
            return "";
        }
    return NULL;
}

static bool view_has_input(kq_engine *e, const char *name);

/* ---- schemas ---- */

static kq_col new_col(binder *b, const char *name, kq_type t)
{
    kq_col c = {name, t, kq_arena_zalloc(b->a, sizeof(bool)), NULL};
    return c;
}

static kq_schema new_schema(binder *b, int n)
{
    kq_schema s = {n, kq_arena_zalloc(b->a, sizeof(kq_col) * (size_t)(n ? n : 1))};
    return s;
}

static int find_col(const kq_schema *s, const char *name)
{
    if (!s) return -1; /* no input row (print, let values) */
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->cols[i].name, name) == 0) return i;
    return -1;
}

static void mark_all_used(const kq_schema *s)
{
    for (int i = 0; i < s->n; i++)
        if (s->cols[i].used) *s->cols[i].used = true;
}

/* name made unique within the first n columns: x, x1, x2 ... */
static const char *unique_name(binder *b, const kq_schema *s, int n, const char *name)
{
    bool clash = false;
    for (int i = 0; i < n; i++)
        if (strcmp(s->cols[i].name, name) == 0) clash = true;
    if (!clash) return name;
    for (int k = 1;; k++) {
        char buf[300];
        snprintf(buf, sizeof buf, "%s%d", name, k);
        bool taken = false;
        for (int i = 0; i < n; i++)
            if (strcmp(s->cols[i].name, buf) == 0) taken = true;
        if (!taken) return kq_arena_strdup(b->a, buf, strlen(buf));
    }
}

/* ---- expressions ---- */

static kq_expr *new_expr(binder *b, const kq_ast *n, kq_eval_fn fn, kq_type t, int nargs)
{
    kq_expr *e = kq_arena_zalloc(b->a, sizeof *e);
    e->eval = fn;
    e->type = t;
    e->nargs = nargs;
    e->args = kq_arena_zalloc(b->a, sizeof(kq_expr *) * (size_t)(nargs ? nargs : 1));
    if (n) {
        e->start = n->start;
        e->end = n->end;
    }
    return e;
}

static kq_expr *const_expr(binder *b, const kq_ast *n, kq_value v)
{
    kq_expr *e = new_expr(b, n, NULL, (kq_type)v.type, 0);
    e->is_const = true;
    e->k = kq_value_copy(&v, b->a);
    return e;
}

static kq_expr *col_expr(binder *b, const kq_ast *n, const kq_schema *s, int i)
{
    kq_expr *e = new_expr(b, n, kq_eval_column, s->cols[i].type, 0);
    e->col = i;
    if (s->cols[i].used) *s->cols[i].used = true;
    return e;
}

static bool all_const(const kq_expr *e)
{
    for (int i = 0; i < e->nargs; i++)
        if (!e->args[i]->is_const) return false;
    return true;
}

/* evaluates a constant expression at bind time */
static void fold(binder *b, kq_expr *e)
{
    if (e->is_const || !all_const(e) || !e->eval) return;
    kq_value v;
    kq_arena_reset(&b->fold_scratch);
    e->eval(e, NULL, &b->fold, &v);
    e->k = kq_value_copy(&v, b->a);
    e->is_const = true;
}

static kq_expr *bind_expr(binder *b, kq_ast *n, const kq_schema *s);
static kq_op *bind_tabular(binder *b, kq_ast *n);

/* runs a tabular expression at bind time and returns its first column's values */
static int materialize_column(binder *b, kq_ast *n, kq_value **out)
{
    kq_op *op = bind_tabular(b, n);
    if (!op) return -1;
    if (op->schema.n < 1) {
        fail(b, n, "the tabular expression has no columns");
        return -1;
    }
    mark_all_used(&op->schema);
    int cap = 16, cnt = 0;
    kq_value *vals = kq_xmalloc(sizeof(kq_value) * (size_t)cap);
    kq_value *row;
    int r;
    while ((r = kq_op_next(op, &b->fold, &row)) == 1) {
        if (cnt == cap) {
            cap *= 2;
            vals = kq_xrealloc(vals, sizeof(kq_value) * (size_t)cap);
        }
        vals[cnt++] = kq_value_copy(&row[0], b->a);
    }
    if (r < 0) {
        free(vals);
        if (!b->err->code) *b->err = *b->fold.err;
        return -1;
    }
    *out = kq_arena_alloc(b->a, sizeof(kq_value) * (size_t)(cnt ? cnt : 1));
    if (cnt) memcpy(*out, vals, sizeof(kq_value) * (size_t)cnt);
    free(vals);
    return cnt;
}

static bool is_string_op(int op)
{
    return (op >= T_HAS && op <= T_NOT_ENDSWITH_CS) || op == T_EQ_CI || op == T_NE_CI;
}

/* converts a string constant to the type of the other operand of a comparison */
static void coerce_literal(binder *b, kq_expr *lit, kq_type want)
{
    if (!lit->is_const || lit->k.type != KQ_T_STRING) return;
    if (want == KQ_T_DATETIME || want == KQ_T_TIMESPAN || want == KQ_T_LONG || want == KQ_T_INT ||
        want == KQ_T_REAL || want == KQ_T_BOOL) {
        kq_value v = kq_convert(&lit->k, want, &b->fold);
        lit->k = kq_value_copy(&v, b->a);
        lit->type = want;
    }
}

static bool comparable(kq_type a, kq_type b)
{
    if (a == b || a == KQ_T_DYNAMIC || b == KQ_T_DYNAMIC || a == KQ_T_UNKNOWN || b == KQ_T_UNKNOWN) return true;
    return kq_is_numeric(a) && kq_is_numeric(b);
}

/* the span of a binary operator's token: the first non-blank text after the left operand */
static kq_ast operator_span(binder *b, const kq_ast *n, const kq_ast *left)
{
    kq_ast at = *n;
    int p = left->end;
    while (p < (int)b->len && (b->text[p] == ' ' || b->text[p] == '\t' || b->text[p] == '\n' || b->text[p] == '\r')) p++;
    int q = p;
    while (q < (int)b->len && b->text[q] != ' ' && b->text[q] != '\t' && b->text[q] != '\n' && b->text[q] != '(' && b->text[q] != '\r') q++;
    at.start = p;
    at.end = q > p ? q : p + 1;
    return at;
}

/* x has "a" or x has "b" or ... (an IOC list written out) tests one column against many
 * constants: it becomes has_any over a needle set (and x == "a" or x == "b" ... becomes in), so
 * that its cost does not grow with the number of indicators. Kept as is when operands differ. */
static kq_expr *or_chain_as_set(binder *b, kq_ast *n, kq_expr *chain)
{
    if (chain->nargs < 8) return chain;
    int op = -1, col = -1;
    for (int i = 0; i < chain->nargs; i++) {
        kq_expr *t = chain->args[i];
        bool has = t->eval == kq_eval_string_op && t->op == T_HAS;
        bool eq = t->eval == kq_eval_binary && t->op == T_EQ;
        if ((!has && !eq) || t->nargs != 2 || t->args[0]->eval != kq_eval_column || t->args[0]->is_const ||
            t->args[0]->type != KQ_T_STRING || !t->args[1]->is_const || t->args[1]->k.type != KQ_T_STRING)
            return chain;
        int this_op = has ? T_HAS : T_EQ;
        if ((op >= 0 && op != this_op) || (col >= 0 && col != t->args[0]->col)) return chain;
        op = this_op;
        col = t->args[0]->col;
    }
    int cnt = chain->nargs;
    kq_value *vals = kq_arena_alloc(b->a, sizeof(kq_value) * (size_t)cnt);
    for (int i = 0; i < cnt; i++) vals[i] = chain->args[i]->args[1]->k;
    kq_expr *e;
    if (op == T_HAS) {
        e = new_expr(b, n, kq_eval_has_any, KQ_T_BOOL, 1);
        const char **needles = kq_arena_alloc(b->a, sizeof(char *) * (size_t)cnt);
        size_t *lens = kq_arena_alloc(b->a, sizeof(size_t) * (size_t)cnt);
        e->op = 0;
        for (int i = 0; i < cnt; i++) {
            needles[i] = vals[i].u.s;
            lens[i] = vals[i].len;
            if (vals[i].len == 0) e->op = 1; /* has "" matches everything */
        }
        e->aux = kq_needle_set_new(cnt, needles, lens);
        kq_query_own(b->q, e->aux, needle_set_free);
    } else {
        e = new_expr(b, n, kq_eval_in, KQ_T_BOOL, 1);
        e->op = T_IN;
        e->aux = kq_value_set_new(vals, cnt, false);
        kq_query_own(b->q, e->aux, value_set_free);
    }
    e->args[0] = chain->args[0]->args[0];
    e->consts = vals;
    e->nconsts = cnt;
    return e;
}

/* a chain of and (or of or) binds to one n-ary node, so that long IOC conditions
 * (a == "x" or a == "y" or ...) do not nest deeply */
static kq_expr *bind_logic_chain(binder *b, kq_ast *n, const kq_schema *s)
{
    int op = n->op, count = 1;
    for (kq_ast *x = n; x->kind == A_BINARY && x->op == op; x = x->a) count++;
    kq_expr *e = new_expr(b, n, op == T_AND ? kq_eval_and : kq_eval_or, KQ_T_BOOL, count);
    /* operands in source order: the leftmost operand is at the bottom of the left spine */
    int i = count - 1;
    kq_ast *x = n;
    for (; x->kind == A_BINARY && x->op == op; x = x->a) {
        e->args[i] = bind_expr(b, x->b, s);
        if (!e->args[i]) return NULL;
        i--;
    }
    e->args[0] = bind_expr(b, x, s);
    if (!e->args[0]) return NULL;
    for (int k = 0; k < count; k++) {
        kq_type t = e->args[k]->type;
        if (t != KQ_T_BOOL && t != KQ_T_DYNAMIC && t != KQ_T_UNKNOWN) {
            fail(b, n, "'%s' needs bool operands, got %s", kq_tok_text(op), kq_type_name(t));
            return NULL;
        }
    }
    fold(b, e);
    if (!e->is_const && op == T_OR) return or_chain_as_set(b, n, e);
    return e;
}

/* * has "x" (and the other positive string operators): true when any column's text matches */
static kq_expr *bind_any_column(binder *b, kq_ast *n, const kq_schema *s)
{
    int op = n->op;
    bool positive = op == T_HAS || op == T_HAS_CS || op == T_CONTAINS || op == T_CONTAINS_CS || op == T_HASPREFIX ||
                    op == T_HASPREFIX_CS || op == T_HASSUFFIX || op == T_HASSUFFIX_CS || op == T_STARTSWITH ||
                    op == T_STARTSWITH_CS || op == T_ENDSWITH || op == T_ENDSWITH_CS || op == T_EQ_CI;
    if (!positive) {
        fail(b, n, "'* %s' is not supported yet (only positive string operators over all columns)", kq_tok_text(op));
        return NULL;
    }
    if (!s || s->n == 0) {
        fail(b, n, "'*' needs input columns");
        return NULL;
    }
    kq_expr *needle = bind_expr(b, n->b, s);
    if (!needle) return NULL;
    kq_expr *e = new_expr(b, n, kq_eval_or, KQ_T_BOOL, s->n);
    for (int i = 0; i < s->n; i++) {
        kq_expr *t = new_expr(b, n, kq_eval_string_op, KQ_T_BOOL, 2);
        t->op = op;
        t->args[0] = col_expr(b, n, s, i);
        t->args[1] = needle;
        e->args[i] = t;
    }
    return e;
}

static kq_expr *bind_binary(binder *b, kq_ast *n, const kq_schema *s)
{
    if (n->op == T_AND || n->op == T_OR) return bind_logic_chain(b, n, s);
    if (n->a && n->a->kind == A_STAR) return bind_any_column(b, n, s);
    kq_expr *l = bind_expr(b, n->a, s);
    kq_expr *r = l ? bind_expr(b, n->b, s) : NULL;
    if (!r) return NULL;
    int op = n->op;
    kq_expr *e;
    if (op == T_MATCHES_REGEX) {
        const kq_fn *fn = kq_fn_lookup("__matches_regex");
        e = new_expr(b, n, fn->eval, KQ_T_BOOL, 2);
        e->args[0] = l;
        e->args[1] = r;
        char msg[300];
        bool ok = fn->prepare(e, msg, sizeof msg);
        own_aux(b, e);
        if (!ok) {
            fail(b, n->b, "%s", msg);
            return NULL;
        }
        return e;
    } else if (is_string_op(op)) {
        e = new_expr(b, n, kq_eval_string_op, KQ_T_BOOL, 2);
    } else if (op == T_ASSIGN) {
        kq_ast at = operator_span(b, n, n->a);
        fail(b, &at, "'=' assigns; use '==' to compare");
        return NULL;
    } else if (op == T_LIKE || op == T_NOT_LIKE || op == T_LIKE_CS || op == T_NOT_LIKE_CS) {
        fail(b, n, "the operator '%s' is not supported", kq_tok_text(op));
        return NULL;
    } else if (op == T_PLUS || op == T_MINUS || op == T_STAR || op == T_SLASH || op == T_PERCENT) {
        kq_type t = kq_arith_type(op, l->type, r->type);
        if (t == KQ_T_UNKNOWN) {
            kq_ast at = operator_span(b, n, n->a);
            fail(b, &at, "cannot apply '%s' to %s and %s", kq_tok_text(op), kq_type_name(l->type), kq_type_name(r->type));
            return NULL;
        }
        e = new_expr(b, n, kq_eval_binary, t, 2);
    } else {
        /* comparison */
        if (r->is_const && r->k.type == KQ_T_STRING) coerce_literal(b, r, l->type);
        else if (l->is_const && l->k.type == KQ_T_STRING) coerce_literal(b, l, r->type);
        /* == and != between a string and a number compare the number's text, as Sentinel's own
         * detections rely on (SigninLogs' string ResultType == 50126) */
        if ((op == T_EQ || op == T_NE) && (l->type == KQ_T_STRING) != (r->type == KQ_T_STRING)) {
            kq_expr **num = l->type == KQ_T_STRING ? &r : &l;
            if (kq_is_numeric((*num)->type)) {
                const kq_fn *ts = kq_fn_lookup("tostring");
                kq_expr *conv = new_expr(b, n, ts->eval, KQ_T_STRING, 1);
                conv->args[0] = *num;
                fold(b, conv);
                *num = conv;
            }
        }
        if (!comparable(l->type, r->type) && !((l->type == KQ_T_STRING) && (r->type == KQ_T_STRING))) {
            fail(b, n, "cannot compare %s with %s using '%s'", kq_type_name(l->type), kq_type_name(r->type), kq_tok_text(op));
            return NULL;
        }
        e = new_expr(b, n, kq_eval_binary, KQ_T_BOOL, 2);
    }
    e->op = op;
    e->args[0] = l;
    e->args[1] = r;
    fold(b, e);
    return e;
}


/* adds v to the constant list, flattening dynamic arrays (nested ones too, as Kusto does:
 * x in (dynamic([1,[2,3]])) is x in (1, 2, 3)) */
static void append_flattened(kq_value **vals, int *n, int *cap, const kq_value *v, int depth)
{
    if (v->type == KQ_T_DYNAMIC && !v->null && v->u.d->kind == KQ_D_ARRAY && depth < 64) {
        for (uint32_t i = 0; i < v->u.d->n; i++) {
            kq_value item = kq_dyn_to_scalar(&v->u.d->u.items[i]);
            if (v->u.d->u.items[i].kind == KQ_D_NULL) item = kq_null(KQ_T_DYNAMIC);
            append_flattened(vals, n, cap, &item, depth + 1);
        }
        return;
    }
    if (*n == *cap) {
        *cap *= 2;
        *vals = kq_xrealloc(*vals, sizeof(kq_value) * (size_t)*cap);
    }
    (*vals)[(*n)++] = *v;
}

/* flattens the items of an in / has_any list: scalars, dynamic arrays, tabular expressions */
static kq_expr *bind_in(binder *b, kq_ast *n, const kq_schema *s)
{
    kq_expr *lhs = bind_expr(b, n->a, s);
    if (!lhs) return NULL;
    int cap = 16, ncv = 0, ndyn = 0;
    kq_value *cvals = kq_xmalloc(sizeof(kq_value) * (size_t)cap);
    kq_expr **dyn = kq_arena_zalloc(b->a, sizeof(kq_expr *) * (size_t)(n->nkids + 1));
    bool ok = true;
    for (int i = 0; ok && i < n->nkids; i++) {
        kq_ast *k = n->kids[i];
        kq_value *vals = NULL;
        int cnt = 0;
        if (k->kind == A_SUBQUERY || k->kind == A_PIPE || k->kind == A_DATATABLE) {
            cnt = materialize_column(b, k->kind == A_SUBQUERY ? k->a : k, &vals);
            if (cnt < 0) {
                ok = false;
                break;
            }
        } else {
            sym *y = (k->kind == A_NAME && find_col(s, k->name) < 0) ? lookup(b, k->name) : NULL;
            if (y && y->kind == SYM_TABULAR) {
                kq_ast tmp = *k;
                tmp.kind = A_TABLE;
                cnt = materialize_column(b, &tmp, &vals);
                if (cnt < 0) {
                    ok = false;
                    break;
                }
            } else {
                kq_expr *x = bind_expr(b, k, s);
                if (!x) {
                    ok = false;
                    break;
                }
                if (!x->is_const) {
                    dyn[ndyn++] = x;
                    continue;
                }
                vals = &x->k; /* arrays are flattened below */
                cnt = 1;
            }
        }
        for (int j = 0; j < cnt; j++) append_flattened(&cvals, &ncv, &cap, &vals[j], 0);
    }
    if (!ok) {
        free(cvals);
        return NULL;
    }
    int op = n->op;
    kq_expr *e;
    if (op == T_HAS_ANY || op == T_HAS_ALL) {
        e = new_expr(b, n, op == T_HAS_ANY ? kq_eval_has_any : kq_eval_has_all, KQ_T_BOOL,
                     1 + ndyn + (op == T_HAS_ALL ? ncv : 0));
        e->args[0] = lhs;
        int k = 1;
        for (int i = 0; i < ndyn; i++) e->args[k++] = dyn[i];
        if (op == T_HAS_ALL) {
            for (int i = 0; i < ncv; i++) {
                kq_value t = kq_value_tostring_value(&cvals[i], b->a);
                e->args[k++] = const_expr(b, n, t);
            }
        } else {
            /* has_any: a needle set over the constant items; an empty item matches all */
            const char **needles = kq_xmalloc(sizeof(char *) * (size_t)(ncv ? ncv : 1));
            size_t *lens = kq_xmalloc(sizeof(size_t) * (size_t)(ncv ? ncv : 1));
            int nn = 0;
            e->op = 0;
            for (int i = 0; i < ncv; i++) {
                kq_value t = kq_value_tostring_value(&cvals[i], b->a);
                if (t.len == 0) e->op = 1;
                needles[nn] = t.u.s;
                lens[nn] = t.len;
                nn++;
            }
            if (nn) {
                e->aux = kq_needle_set_new(nn, needles, lens);
                kq_query_own(b->q, e->aux, needle_set_free);
            }
            /* keep the constant needles for the prefilter */
            kq_value *keep = kq_arena_alloc(b->a, sizeof(kq_value) * (size_t)(ncv ? ncv : 1));
            for (int i = 0; i < ncv; i++) keep[i] = kq_value_tostring_value(&cvals[i], b->a);
            e->consts = keep;
            e->nconsts = ncv;
            free(needles);
            free(lens);
        }
    } else {
        e = new_expr(b, n, kq_eval_in, KQ_T_BOOL, 1 + ndyn);
        e->op = op;
        e->args[0] = lhs;
        for (int i = 0; i < ndyn; i++) e->args[1 + i] = dyn[i];
        bool ci = op == T_IN_CI || op == T_NOT_IN_CI;
        /* string constants compared with a typed column are converted to its type */
        for (int i = 0; i < ncv; i++)
            if (cvals[i].type == KQ_T_STRING && lhs->type != KQ_T_STRING && lhs->type != KQ_T_DYNAMIC) {
                kq_value v = kq_convert(&cvals[i], lhs->type, &b->fold);
                cvals[i] = kq_value_copy(&v, b->a);
            }
        e->aux = kq_value_set_new(cvals, ncv, ci);
        kq_query_own(b->q, e->aux, value_set_free);
        e->consts = kq_arena_alloc(b->a, sizeof(kq_value) * (size_t)(ncv ? ncv : 1));
        memcpy(e->consts, cvals, sizeof(kq_value) * (size_t)ncv);
        e->nconsts = ncv;
    }
    free(cvals);
    if (lhs->is_const && ndyn == 0) fold(b, e);
    return e;
}

/* ---- auto names (KQL_SUBSET.md 8.2) ---- */

static const char *const name_passing_fns[] = {
    "tostring", "toint", "tolong", "todouble", "toreal", "tobool", "todatetime", "totimespan",
    "todecimal", "toguid", "todynamic", "parse_json", "parse_xml", "parse_csv", "bin", "bin_at",
    "floor", "startofday", "round", "abs", "ceiling", "sqrt", "exp", "exp2", "log", "log2", "log10",
    "pow", "rand", "format_datetime", "format_timespan", "split", NULL};

static const char *auto_name(binder *b, const kq_ast *n)
{
    if (!n) return NULL;
    switch (n->kind) {
    case A_NAME: return n->name;
    case A_PAREN: return auto_name(b, n->a);
    case A_MEMBER: {
        const char *base = auto_name(b, n->a);
        if (!base) return NULL;
        size_t l = strlen(base) + strlen(n->name) + 2;
        char *s = kq_arena_alloc(b->a, l);
        snprintf(s, l, "%s_%s", base, n->name);
        return s;
    }
    case A_INDEX: {
        const char *base = auto_name(b, n->a);
        if (!base || !n->b || n->b->kind != A_LITERAL || n->b->lit.type != KQ_T_STRING) return NULL;
        size_t l = strlen(base) + n->b->lit.len + 2;
        char *s = kq_arena_alloc(b->a, l);
        snprintf(s, l, "%s_%.*s", base, (int)n->b->lit.len, n->b->lit.u.s);
        return s;
    }
    case A_CALL: {
        for (int i = 0; name_passing_fns[i]; i++)
            if (strcmp(name_passing_fns[i], n->name) == 0) return n->nkids ? auto_name(b, n->kids[0]) : NULL;
        const char *prefix = NULL;
        if (strcmp(n->name, "strlen") == 0) prefix = "strlen_";
        else if (strcmp(n->name, "gettype") == 0) prefix = "type_";
        if (prefix && n->nkids) {
            const char *inner = auto_name(b, n->kids[0]);
            if (!inner) return NULL;
            size_t l = strlen(prefix) + strlen(inner) + 1;
            char *s = kq_arena_alloc(b->a, l);
            snprintf(s, l, "%s%s", prefix, inner);
            return s;
        }
        return NULL;
    }
    default: return NULL;
    }
}

/* ---- function calls ---- */

static kq_type common_type(kq_expr **args, int from, int step, int n, bool *ok)
{
    kq_type t = KQ_T_UNKNOWN;
    *ok = true;
    for (int i = from; i < n; i += step) {
        kq_type u = args[i]->type;
        if (args[i]->is_const && args[i]->k.null && u != KQ_T_STRING) {
            if (t == KQ_T_UNKNOWN) t = u;
            continue;
        }
        if (t == KQ_T_UNKNOWN || t == u) t = u;
        else if ((t == KQ_T_INT && u == KQ_T_LONG) || (t == KQ_T_LONG && u == KQ_T_INT)) t = KQ_T_LONG;
        else if (t == KQ_T_DYNAMIC || u == KQ_T_DYNAMIC) t = KQ_T_DYNAMIC;
        else *ok = false;
    }
    return t;
}

static kq_type typeof_arg(const kq_ast *n)
{
    return n && n->kind == A_TYPEOF ? n->type : KQ_T_UNKNOWN;
}

struct agg_ctx {
    kq_schema *post;   /* keys then aggregate outputs: column refs point here */
    int nkeys;
    const char **key_names;
    int naggs, cap;
    kq_agg **list;
    const kq_schema *input;
};

static kq_expr *bind_aggregate(binder *b, kq_ast *n, kq_agg_kind kind);


static kq_expr *bind_call(binder *b, kq_ast *n, const kq_schema *s)
{
    const char *name = n->name;
    kq_agg_kind akind;
    if (kq_agg_lookup(name, &akind)) {
        if (!b->aggs) {
            fail(b, n, "the aggregate function '%s' can only be used in summarize", name);
            return NULL;
        }
        return bind_aggregate(b, n, akind);
    }
    if (strcmp(name, "toscalar") == 0) {
        if (n->nkids != 1) {
            fail(b, n, "toscalar takes one tabular argument");
            return NULL;
        }
        kq_ast *arg = n->kids[0];
        kq_ast tmp;
        if (arg->kind == A_NAME) {
            tmp = *arg;
            tmp.kind = A_TABLE;
            arg = &tmp;
        }
        kq_value *vals;
        int cnt = materialize_column(b, arg->kind == A_SUBQUERY ? arg->a : arg, &vals);
        if (cnt < 0) return NULL;
        return const_expr(b, n, cnt ? vals[0] : kq_null(KQ_T_DYNAMIC));
    }
    if (strcmp(name, "column_ifexists") == 0) {
        if (n->nkids != 2 || n->kids[0]->kind != A_LITERAL || n->kids[0]->lit.type != KQ_T_STRING) {
            fail(b, n, "column_ifexists takes a column name (a string literal) and a default");
            return NULL;
        }
        int i = s ? find_col(s, n->kids[0]->lit.u.s) : -1;
        if (i >= 0) return col_expr(b, n, s, i);
        return bind_expr(b, n->kids[1], s);
    }
    /* user-defined scalar function */
    sym *y = lookup(b, name);
    if (y && y->kind == SYM_FUNC) {
        kq_ast *def = y->ast;
        if (def->a && def->a->nkids && (def->a->kids[def->a->nkids - 1]->kind == A_PIPE ||
                                        def->a->kids[def->a->nkids - 1]->kind == A_TABLE)) {
            fail(b, n, "'%s' is a tabular function and cannot be used as a value", name);
            return NULL;
        }
        /* bind the arguments here, then the body in the definition's scope with the params */
        scope *fs = kq_arena_zalloc(b->a, sizeof *fs);
        fs->parent = y->def;
        int np = def->nkids;
        if (n->nkids > np) {
            fail(b, n, "'%s' takes at most %d arguments", name, np);
            return NULL;
        }
        kq_expr **vals = kq_arena_zalloc(b->a, sizeof(kq_expr *) * (size_t)(np ? np : 1));
        for (int i = 0; i < n->nkids; i++) {
            kq_ast *arg = n->kids[i];
            int slot = i;
            if (arg->kind == A_NAMEDARG) {
                slot = -1;
                for (int j = 0; j < np; j++)
                    if (strcmp(def->kids[j]->name, arg->name) == 0) slot = j;
                if (slot < 0) {
                    fail(b, arg, "'%s' has no parameter named '%s'", name, arg->name);
                    return NULL;
                }
                arg = arg->a;
            }
            vals[slot] = bind_expr(b, arg, s);
            if (!vals[slot]) return NULL;
        }
        scope *saved = b->sc;
        b->sc = fs;
        for (int j = 0; j < np; j++) {
            kq_ast *p = def->kids[j];
            if (!vals[j]) {
                if (!p->a) {
                    b->sc = saved;
                    fail(b, n, "missing argument '%s' of '%s'", p->name, name);
                    return NULL;
                }
                vals[j] = bind_expr(b, p->a, NULL);
                if (!vals[j]) {
                    b->sc = saved;
                    return NULL;
                }
            }
            sym *ps = define(b, p->name, SYM_SCALAR);
            ps->expr = vals[j];
        }
        kq_expr *body = NULL;
        kq_ast *blk = def->a;
        bool ok = true;
        for (int i = 0; ok && blk && i < blk->nkids; i++) {
            kq_ast *st = blk->kids[i];
            if (st->kind == A_LET) {
                sym *ls = define(b, st->name, SYM_SCALAR);
                ls->expr = bind_expr(b, st->a, s);
                ok = ls->expr != NULL;
            } else body = bind_expr(b, st, s);
        }
        b->sc = saved;
        if (!ok || !body) {
            if (!b->err->code) fail(b, n, "the function '%s' has no body", name);
            return NULL;
        }
        return body;
    }
    const kq_fn *fn = kq_fn_lookup(name);
    if (!fn) {
        if (kq_kusto_has_function(name)) fail(b, n, "the function '%s' is not supported yet", name);
        else fail(b, n, "unknown function '%s'", name);
        return NULL;
    }
    if (n->nkids < fn->min_args || n->nkids > fn->max_args) {
        if (fn->min_args == fn->max_args) fail(b, n, "'%s' takes %d argument%s, got %d", name, fn->min_args, fn->min_args == 1 ? "" : "s", n->nkids);
        else fail(b, n, "'%s' takes %d to %d arguments, got %d", name, fn->min_args, fn->max_args, n->nkids);
        return NULL;
    }
    kq_expr *e = new_expr(b, n, fn->eval, fn->type, n->nkids);
    kq_type want = KQ_T_UNKNOWN;
    for (int i = 0; i < n->nkids; i++) {
        if (n->kids[i]->kind == A_TYPEOF) {
            want = typeof_arg(n->kids[i]);
            e->args[i] = const_expr(b, n->kids[i], kq_null(want));
            continue;
        }
        if (n->kids[i]->kind == A_NAMEDARG) {
            fail(b, n->kids[i], "'%s' does not take named arguments", name);
            return NULL;
        }
        e->args[i] = bind_expr(b, n->kids[i], s);
        if (!e->args[i]) return NULL;
    }
    e->nargs = n->nkids;
    switch (fn->rule) {
    case RT_ARG0: e->type = e->args[0]->type; break;
    case RT_ARG1: e->type = e->args[1]->type; break;
    case RT_COMMON: {
        bool ok;
        if (fn->eval == kq_fn_lookup("iff")->eval) e->type = common_type(e->args, 1, 1, 3, &ok);
        else if (strcmp(name, "case") == 0) {
            if (e->nargs % 2 == 0) {
                fail(b, n, "case needs pairs of (predicate, value) and a final else value");
                return NULL;
            }
            kq_type t1 = common_type(e->args, 1, 2, e->nargs, &ok);
            (void)t1;
            kq_expr *tmp[256];
            int k = 0;
            for (int i = 1; i < e->nargs; i += 2) tmp[k++] = e->args[i];
            tmp[k++] = e->args[e->nargs - 1];
            e->type = common_type(tmp, 0, 1, k, &ok);
        } else e->type = common_type(e->args, 0, 1, e->nargs, &ok);
        if (!ok) {
            fail(b, n, "the arguments of '%s' must have the same type", name);
            return NULL;
        }
        if (e->type == KQ_T_UNKNOWN) e->type = KQ_T_STRING;
        break;
    }
    default: break;
    }
    if (strcmp(name, "extract") == 0 && e->nargs == 4) e->type = want;
    if (fn->prepare) {
        char msg[300];
        bool ok = fn->prepare(e, msg, sizeof msg);
        own_aux(b, e);
        if (!ok) {
            fail(b, n, "%s", msg);
            return NULL;
        }
    }
    fold(b, e);
    return e;
}

/* ---- expressions ---- */

static kq_expr *bind_name(binder *b, kq_ast *n, const kq_schema *s)
{
    int i = s ? find_col(s, n->name) : -1;
    if (i >= 0) return col_expr(b, n, s, i);
    sym *y = lookup(b, n->name);
    if (y && y->kind == SYM_SCALAR) return y->expr;
    if (y && y->kind == SYM_FUNC) {
        kq_ast call = *n;
        call.kind = A_CALL;
        call.nkids = 0;
        return bind_call(b, &call, s);
    }
    if (y && y->kind == SYM_TABULAR) {
        fail(b, n, "'%s' is a table, not a value", n->name);
        return NULL;
    }
    if (strcmp(n->name, "now") == 0 || strcmp(n->name, "pi") == 0) {
        kq_ast call = *n;
        call.kind = A_CALL;
        call.nkids = 0;
        return bind_call(b, &call, s);
    }
    if (b->aggs && b->aggs->input && find_col(b->aggs->input, n->name) >= 0)
        fail(b, n, "the column '%s' must be used inside an aggregate or be a 'by' key", n->name);
    else fail(b, n, "unknown column or name '%s'", n->name);
    return NULL;
}

static kq_expr *bind_expr(binder *b, kq_ast *n, const kq_schema *s)
{
    if (b->err->code) return NULL;
    if (++b->depth > 400) {
        fail(b, n, "expression nested too deeply");
        b->depth--;
        return NULL;
    }
    kq_expr *e = NULL;
    switch (n->kind) {
    case A_LITERAL: e = const_expr(b, n, n->lit); break;
    case A_NAME: e = bind_name(b, n, s); break;
    case A_TABLE: e = bind_name(b, n, s); break;
    case A_PAREN: e = bind_expr(b, n->a, s); break;
    case A_UNARY: {
        kq_expr *x = bind_expr(b, n->a, s);
        if (!x) break;
        if (n->op == T_PLUS) {
            e = x;
            break;
        }
        if (!kq_is_numeric(x->type) && x->type != KQ_T_TIMESPAN && x->type != KQ_T_DYNAMIC) {
            fail(b, n, "cannot negate a %s", kq_type_name(x->type));
            break;
        }
        e = new_expr(b, n, kq_eval_negate, x->type == KQ_T_INT ? KQ_T_LONG : x->type, 1);
        e->args[0] = x;
        fold(b, e);
        break;
    }
    case A_BINARY: e = bind_binary(b, n, s); break;
    case A_IN: e = bind_in(b, n, s); break;
    case A_BETWEEN: {
        kq_expr *x = bind_expr(b, n->a, s), *lo = x ? bind_expr(b, n->b, s) : NULL, *hi = lo ? bind_expr(b, n->c, s) : NULL;
        if (!hi) break;
        if (x->type == KQ_T_STRING || lo->type == KQ_T_STRING || hi->type == KQ_T_STRING) {
            kq_ast at = operator_span(b, n, n->a);
            fail(b, &at, "between does not accept strings");
            break;
        }
        e = new_expr(b, n, kq_eval_between, KQ_T_BOOL, 3);
        e->op = n->op;
        e->args[0] = x;
        e->args[1] = lo;
        e->args[2] = hi;
        fold(b, e);
        break;
    }
    case A_CALL: e = bind_call(b, n, s); break;
    case A_MEMBER: {
        kq_expr *o = bind_expr(b, n->a, s);
        if (!o) break;
        if (o->type != KQ_T_DYNAMIC) {
            fail(b, n, "'.%s' needs a dynamic value, got %s", n->name, kq_type_name(o->type));
            break;
        }
        e = new_expr(b, n, kq_eval_member, KQ_T_DYNAMIC, 1);
        e->args[0] = o;
        e->k = kq_str(n->name, strlen(n->name));
        if (o->is_const) fold(b, e);
        break;
    }
    case A_INDEX: {
        kq_expr *o = bind_expr(b, n->a, s), *k = o ? bind_expr(b, n->b, s) : NULL;
        if (!k) break;
        if (o->type != KQ_T_DYNAMIC) {
            fail(b, n, "indexing needs a dynamic value, got %s", kq_type_name(o->type));
            break;
        }
        e = new_expr(b, n, kq_eval_index, KQ_T_DYNAMIC, 2);
        e->args[0] = o;
        e->args[1] = k;
        fold(b, e);
        break;
    }
    case A_STAR: fail(b, n, "'*' is not allowed here"); break;
    case A_TYPEOF: fail(b, n, "a type is not allowed here"); break;
    case A_SUBQUERY:
    case A_PIPE: fail(b, n, "a tabular expression is not allowed here (use toscalar())"); break;
    default: fail(b, n, "unexpected expression"); break;
    }
    b->depth--;
    return e;
}

/* ---- aggregates ---- */

static const char *agg_prefix(kq_agg_kind k)
{
    switch (k) {
    case AGG_COUNT: return "count";
    case AGG_COUNTIF: return "countif";
    case AGG_DCOUNT: return "dcount";
    case AGG_DCOUNTIF: return "dcountif";
    case AGG_COUNT_DISTINCT: return "count_distinct";
    case AGG_SUM: return "sum";
    case AGG_SUMIF: return "sumif";
    case AGG_AVG: return "avg";
    case AGG_AVGIF: return "avgif";
    case AGG_MIN: return "min";
    case AGG_MAX: return "max";
    case AGG_MINIF: return "minif";
    case AGG_MAXIF: return "maxif";
    case AGG_MAKE_LIST:
    case AGG_MAKE_LIST_IF:
    case AGG_MAKE_LIST_WITH_NULLS: return "list";
    case AGG_MAKE_SET:
    case AGG_MAKE_SET_IF: return "set";
    case AGG_ANY: return "any";
    case AGG_STDEV: return "stdev";
    case AGG_STDEVP: return "stdevp";
    case AGG_VARIANCE: return "variance";
    case AGG_VARIANCEP: return "variancep";
    case AGG_MAKE_BAG:
    case AGG_MAKE_BAG_IF: return "bag";
    case AGG_PERCENTILES: return "percentile";
    default: return "";
    }
}

static const char *concat_name(binder *b, const char *a, const char *c)
{
    size_t l = strlen(a) + strlen(c) + 2;
    char *s = kq_arena_alloc(b->a, l);
    snprintf(s, l, "%s_%s", a, c);
    return s;
}

/* the names an aggregate's outputs get when it stands alone as a summarize item */
static const char *agg_default_name(binder *b, kq_ast *n, kq_agg_kind k)
{
    const char *arg = n->nkids ? auto_name(b, n->kids[0]) : NULL;
    if (k == AGG_TAKE_ANY) return arg;
    if (k == AGG_ARG_MAX || k == AGG_ARG_MIN) return arg ? arg : (k == AGG_ARG_MAX ? "max_" : "min_");
    return concat_name(b, agg_prefix(k), arg ? arg : "");
}

static kq_expr *bind_aggregate(binder *b, kq_ast *n, kq_agg_kind kind)
{
    agg_ctx *ac = b->aggs;
    const kq_schema *in = ac->input;
    b->aggs = NULL; /* no nested aggregates */
    kq_agg *g = kq_arena_zalloc(b->a, sizeof *g);
    g->kind = kind;
    g->noutputs = 1;
    int na = n->nkids;
    bool ok = true;
    switch (kind) {
    case AGG_COUNT:
        if (na > 1) ok = false;
        break;
    case AGG_COUNTIF:
        if (na != 1) ok = false;
        else g->pred = bind_expr(b, n->kids[0], in);
        break;
    case AGG_PERCENTILES: {
        bool single = strcmp(n->name, "percentile") == 0;
        if (na < 2 || (single && na != 2)) {
            ok = false;
            break;
        }
        g->arg = bind_expr(b, n->kids[0], in);
        if (g->arg && !kq_is_numeric(g->arg->type) && g->arg->type != KQ_T_DATETIME &&
            g->arg->type != KQ_T_TIMESPAN && g->arg->type != KQ_T_DYNAMIC) {
            fail(b, n->kids[0], "%s needs a number, datetime or timespan, got %s", n->name, kq_type_name(g->arg->type));
            break;
        }
        g->noutputs = na - 1;
        g->percents = kq_arena_alloc(b->a, sizeof(double) * (size_t)(na - 1));
        for (int i = 1; i < na && g->arg; i++) {
            kq_expr *p = bind_expr(b, n->kids[i], in);
            if (!p) break;
            if (!p->is_const || p->k.null || !kq_is_numeric((kq_type)p->k.type)) {
                fail(b, n->kids[i], "a percentile must be a constant number");
                break;
            }
            double v = p->k.type == KQ_T_REAL ? p->k.u.r : (double)p->k.u.i;
            if (!(v >= 0 && v <= 100)) {
                fail(b, n->kids[i], "a percentile must be between 0 and 100");
                break;
            }
            g->percents[i - 1] = v;
        }
        break;
    }
    case AGG_MAKE_BAG_IF:
    case AGG_DCOUNTIF:
    case AGG_SUMIF:
    case AGG_AVGIF:
    case AGG_MINIF:
    case AGG_MAXIF:
    case AGG_MAKE_LIST_IF:
    case AGG_MAKE_SET_IF:
        if (na < 2 || na > 3) ok = false;
        else {
            g->arg = bind_expr(b, n->kids[0], in);
            g->pred = g->arg ? bind_expr(b, n->kids[1], in) : NULL;
            if (na == 3 && (kind == AGG_MAKE_LIST_IF || kind == AGG_MAKE_SET_IF)) {
                kq_expr *m = bind_expr(b, n->kids[2], in);
                if (m && m->is_const && !m->k.null) g->max_size = m->k.u.i;
            }
        }
        break;
    case AGG_ARG_MAX:
    case AGG_ARG_MIN:
    case AGG_TAKE_ANY:
    case AGG_ANY: {
        if (na < 1) {
            ok = false;
            break;
        }
        bool star = false;
        int first = 0;
        if (kind == AGG_ARG_MAX || kind == AGG_ARG_MIN) {
            g->arg = bind_expr(b, n->kids[0], in);
            first = 1;
        } else if (n->kids[0]->kind == A_STAR) {
            star = true;
        } else {
            g->arg = bind_expr(b, n->kids[0], in);
            first = 1;
        }
        int cap = in->n + na, k = 0;
        g->extra = kq_arena_zalloc(b->a, sizeof(kq_expr *) * (size_t)(cap ? cap : 1));
        for (int i = first; i < na; i++) {
            if (n->kids[i]->kind == A_STAR) star = true;
            else g->extra[k++] = bind_expr(b, n->kids[i], in);
        }
        if (star) {
            const char *argname = (g->arg && n->kids[0]->kind == A_NAME) ? n->kids[0]->name : NULL;
            for (int i = 0; i < in->n; i++) {
                if (argname && strcmp(in->cols[i].name, argname) == 0) continue;
                bool key = false;
                for (int j = 0; j < ac->nkeys; j++)
                    if (strcmp(ac->key_names[j], in->cols[i].name) == 0) key = true;
                if (key) continue;
                g->extra[k++] = col_expr(b, n, in, i);
            }
        }
        if (!g->arg && star) {
            /* take_any(*): the first column is the value, the rest extras */
            if (k == 0) {
                ok = false;
                break;
            }
            g->arg = g->extra[0];
            memmove(g->extra, g->extra + 1, sizeof(kq_expr *) * (size_t)(k - 1));
            k--;
        }
        g->nextra = k;
        g->noutputs = 1 + k;
        break;
    }
    default:
        if (na < 1 || na > 2) ok = false;
        else {
            g->arg = bind_expr(b, n->kids[0], in);
            if (na == 2 && (kind == AGG_MAKE_LIST || kind == AGG_MAKE_SET || kind == AGG_MAKE_LIST_WITH_NULLS)) {
                kq_expr *m = bind_expr(b, n->kids[1], in);
                if (m && m->is_const && !m->k.null) g->max_size = m->k.u.i;
            }
        }
        break;
    }
    b->aggs = ac;
    if (!ok) {
        fail(b, n, "wrong number of arguments for '%s'", n->name);
        return NULL;
    }
    if (b->err->code) return NULL;
    kq_type at = g->arg ? g->arg->type : KQ_T_LONG;
    switch (kind) {
    case AGG_COUNT: case AGG_COUNTIF: case AGG_DCOUNT: case AGG_DCOUNTIF: case AGG_COUNT_DISTINCT: g->type = KQ_T_LONG; break;
    case AGG_SUM: case AGG_SUMIF:
        g->type = at == KQ_T_REAL ? KQ_T_REAL : at == KQ_T_TIMESPAN ? KQ_T_TIMESPAN : at == KQ_T_DYNAMIC ? KQ_T_DYNAMIC : KQ_T_LONG;
        break;
    case AGG_AVG: case AGG_AVGIF: case AGG_STDEV: case AGG_STDEVP: case AGG_VARIANCE: case AGG_VARIANCEP: g->type = KQ_T_REAL; break;
    case AGG_MAKE_LIST: case AGG_MAKE_LIST_IF: case AGG_MAKE_LIST_WITH_NULLS: case AGG_MAKE_SET: case AGG_MAKE_SET_IF:
    case AGG_MAKE_BAG: case AGG_MAKE_BAG_IF: g->type = KQ_T_DYNAMIC; break;
    default: g->type = at; break;
    }
    /* register; outputs are columns of the post schema */
    if (ac->naggs == ac->cap) {
        ac->cap = ac->cap ? ac->cap * 2 : 8;
        kq_agg **nl = kq_arena_alloc(b->a, sizeof(kq_agg *) * (size_t)ac->cap);
        if (ac->naggs) memcpy(nl, ac->list, sizeof(kq_agg *) * (size_t)ac->naggs);
        ac->list = nl;
    }
    ac->list[ac->naggs++] = g;
    int first_col = ac->post->n;
    int total = first_col + g->noutputs;
    kq_col *cols = kq_arena_zalloc(b->a, sizeof(kq_col) * (size_t)total);
    if (first_col) memcpy(cols, ac->post->cols, sizeof(kq_col) * (size_t)first_col);
    const char *base = agg_default_name(b, n, kind);
    if (kind == AGG_PERCENTILES) {
        /* percentile_x_50, percentile_x_99_9 ... one column per percentage */
        for (int i = 0; i < g->noutputs; i++) {
            char pct[64];
            snprintf(pct, sizeof pct, "%g", g->percents[i]);
            for (char *q = pct; *q; q++)
                if (*q == '.') *q = '_';
            cols[first_col + i] = new_col(b, concat_name(b, base, kq_arena_strdup(b->a, pct, strlen(pct))), g->type);
        }
    } else cols[first_col] = new_col(b, base ? base : "", g->type);
    for (int i = 0; i < g->nextra; i++) {
        const char *xn = NULL;
        kq_expr *x = g->extra[i];
        if (x->eval == kq_eval_column) xn = in->cols[x->col].name;
        cols[first_col + 1 + i] = new_col(b, xn ? xn : "", x->type);
    }
    ac->post->cols = cols;
    ac->post->n = total;
    kq_expr *ref = new_expr(b, n, kq_eval_column, g->type, 0);
    ref->col = first_col;
    return ref;
}

/* ---- tabular operators ---- */

static void own_op(binder *b, kq_op *op)
{
    kq_query_own(b->q, op, op_free);
}

/* sets the schema of a new operator and hands it to the query, which frees every operator */
static kq_op *finish_owned(binder *b, kq_op *op, kq_schema s)
{
    op->schema = s;
    own_op(b, op);
    return op;
}

/* copies a column description for a pass-through column of a row-preserving operator */
static kq_col pass_col(const kq_col *c, bool keep_origin)
{
    kq_col x = *c;
    if (!keep_origin) x.origin = NULL;
    return x;
}

static kq_op *bind_where(binder *b, kq_op *in, kq_ast *n);

typedef struct item {
    const char *name; /* explicit or auto name, NULL for positional */
    kq_expr *expr;
    kq_ast *ast;
} item;

/* binds "Name = expr" or "expr" list items */
static item *bind_items(binder *b, kq_ast **kids, int nkids, const kq_schema *s, int *count)
{
    item *items = kq_arena_zalloc(b->a, sizeof(item) * (size_t)(nkids ? nkids : 1));
    for (int i = 0; i < nkids; i++) {
        kq_ast *k = kids[i];
        if (k->kind == A_ASSIGN) {
            if (k->nkids) {
                fail(b, k, "assigning several columns at once ((a, b) = ...) is not supported yet");
                return NULL;
            }
            items[i].name = k->name;
            items[i].ast = k->a;
        } else {
            items[i].ast = k;
            items[i].name = auto_name(b, k);
        }
        items[i].expr = bind_expr(b, items[i].ast, s);
        if (!items[i].expr) return NULL;
    }
    *count = nkids;
    return items;
}

/* Column1, Column2 ... for unnamed items, skipping names already taken */
static const char *positional_name(binder *b, const kq_schema *out, int n, int *counter, const char *prefix)
{
    for (;;) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s%d", prefix, ++*counter);
        bool taken = false;
        for (int i = 0; i < n; i++)
            if (strcmp(out->cols[i].name, buf) == 0) taken = true;
        if (!taken) return kq_arena_strdup(b->a, buf, strlen(buf));
    }
}

static kq_op *bind_project(binder *b, kq_op *in, kq_ast *n)
{
    int cnt;
    item *items = bind_items(b, n->kids, n->nkids, &in->schema, &cnt);
    if (!items) return NULL;
    kq_schema out = new_schema(b, cnt);
    kq_expr **exprs = kq_arena_alloc(b->a, sizeof(kq_expr *) * (size_t)(cnt ? cnt : 1));
    int counter = 0;
    for (int i = 0; i < cnt; i++) {
        exprs[i] = items[i].expr;
        const char *name = items[i].name;
        if (!name) name = positional_name(b, &out, i, &counter, "Column");
        name = unique_name(b, &out, i, name);
        if (exprs[i]->eval == kq_eval_column && !exprs[i]->is_const) {
            out.cols[i] = pass_col(&in->schema.cols[exprs[i]->col], true);
            out.cols[i].name = name;
        } else out.cols[i] = new_col(b, name, exprs[i]->type);
    }
    if (b->eng->source_columns) {
        /* the source columns ride along (see kq_engine_set_source_columns) */
        static const char *const source_names[] = {KQ_SOURCE_FILE_COLUMN, KQ_SOURCE_LINE_COLUMN};
        int extra = 0;
        for (int k = 0; k < 2; k++)
            if (find_col(&in->schema, source_names[k]) >= 0 && find_col(&out, source_names[k]) < 0) extra++;
        if (extra) {
            kq_schema wide = new_schema(b, cnt + extra);
            kq_expr **wide_exprs = kq_arena_alloc(b->a, sizeof(kq_expr *) * (size_t)(cnt + extra));
            memcpy(wide.cols, out.cols, sizeof(kq_col) * (size_t)cnt);
            memcpy(wide_exprs, exprs, sizeof(kq_expr *) * (size_t)cnt);
            int at = cnt;
            for (int k = 0; k < 2; k++) {
                int from = find_col(&in->schema, source_names[k]);
                if (from < 0 || find_col(&out, source_names[k]) >= 0) continue;
                wide.cols[at] = pass_col(&in->schema.cols[from], true);
                wide_exprs[at] = new_expr(b, NULL, kq_eval_column, in->schema.cols[from].type, 0);
                wide_exprs[at]->col = from;
                at++;
            }
            out = wide;
            exprs = wide_exprs;
            cnt = at;
        }
    }
    return finish_owned(b, kq_op_compute_new(in, cnt, exprs), out);
}

static kq_op *bind_extend(binder *b, kq_op *in, kq_ast *n)
{
    int cnt;
    item *items = bind_items(b, n->kids, n->nkids, &in->schema, &cnt);
    if (!items) return NULL;
    int nin = in->schema.n;
    kq_schema out = new_schema(b, nin + cnt);
    kq_expr **exprs = kq_arena_alloc(b->a, sizeof(kq_expr *) * (size_t)(nin + cnt + 1));
    for (int i = 0; i < nin; i++) {
        /* pass-through does not count as a use by itself: the flag is shared with the output */
        out.cols[i] = pass_col(&in->schema.cols[i], true);
        exprs[i] = new_expr(b, NULL, kq_eval_column, in->schema.cols[i].type, 0);
        exprs[i]->col = i;
    }
    out.n = nin;
    int total = nin, counter = 0;
    for (int i = 0; i < cnt; i++) {
        const char *name = items[i].name;
        if (!name) name = positional_name(b, &out, total, &counter, "Column");
        int at = find_col(&out, name);
        if (at < 0) {
            at = total++;
            out.n = total;
        }
        out.cols[at] = new_col(b, name, items[i].expr->type);
        exprs[at] = items[i].expr;
    }
    out.n = total;
    /* the pass-through columns share their 'used' flag with the input, so a later use marks the scan */
    return finish_owned(b, kq_op_compute_new(in, total, exprs), out);
}

static bool wildcard_match(const char *pat, const char *s)
{
    if (!*pat) return !*s;
    if (*pat == '*') {
        for (;; s++) {
            if (wildcard_match(pat + 1, s)) return true;
            if (!*s) return false;
        }
    }
    return *pat == *s && wildcard_match(pat + 1, s + 1);
}

static bool name_listed(kq_ast **kids, int n, const char *name)
{
    for (int i = 0; i < n; i++) {
        kq_ast *k = kids[i];
        if (k->kind == A_WILDCARD ? wildcard_match(k->name, name) : strcmp(k->name, name) == 0) return true;
    }
    return false;
}

static bool check_names_exist(binder *b, kq_ast **kids, int n, const kq_schema *s)
{
    for (int i = 0; i < n; i++)
        if (kids[i]->kind == A_NAME && find_col(s, kids[i]->name) < 0) {
            fail(b, kids[i], "unknown column '%s'", kids[i]->name);
            return false;
        }
    return true;
}

static kq_op *select_columns(binder *b, kq_op *in, const int *pick, int cnt)
{
    kq_schema out = new_schema(b, cnt);
    kq_expr **exprs = kq_arena_alloc(b->a, sizeof(kq_expr *) * (size_t)(cnt ? cnt : 1));
    for (int i = 0; i < cnt; i++) {
        out.cols[i] = pass_col(&in->schema.cols[pick[i]], true);
        exprs[i] = new_expr(b, NULL, kq_eval_column, in->schema.cols[pick[i]].type, 0);
        exprs[i]->col = pick[i];
    }
    return finish_owned(b, kq_op_compute_new(in, cnt, exprs), out);
}

static kq_op *bind_project_away_keep(binder *b, kq_op *in, kq_ast *n, bool keep)
{
    if (!check_names_exist(b, n->kids, n->nkids, &in->schema)) return NULL;
    int *pick = kq_arena_alloc(b->a, sizeof(int) * (size_t)(in->schema.n + 1));
    int cnt = 0;
    for (int i = 0; i < in->schema.n; i++)
        if (name_listed(n->kids, n->nkids, in->schema.cols[i].name) == keep) pick[cnt++] = i;
    return select_columns(b, in, pick, cnt);
}

static kq_op *bind_project_reorder(binder *b, kq_op *in, kq_ast *n)
{
    if (!check_names_exist(b, n->kids, n->nkids, &in->schema)) return NULL;
    int nin = in->schema.n;
    int *pick = kq_arena_alloc(b->a, sizeof(int) * (size_t)(nin + 1));
    bool *taken = kq_arena_zalloc(b->a, (size_t)(nin + 1));
    int cnt = 0;
    for (int k = 0; k < n->nkids; k++) {
        int from = cnt;
        for (int i = 0; i < nin; i++)
            if (!taken[i] && name_listed(&n->kids[k], 1, in->schema.cols[i].name)) {
                taken[i] = true;
                pick[cnt++] = i;
            }
        /* the columns a pattern matched, sorted by name with asc/desc */
        int dir = n->kids[k]->flags;
        if (dir & (F_ASC | F_DESC))
            for (int x = from; x < cnt; x++)
                for (int y = x + 1; y < cnt; y++) {
                    int c = strcmp(in->schema.cols[pick[x]].name, in->schema.cols[pick[y]].name);
                    if ((dir & F_DESC) ? c < 0 : c > 0) {
                        int t = pick[x];
                        pick[x] = pick[y];
                        pick[y] = t;
                    }
                }
    }
    for (int i = 0; i < nin; i++)
        if (!taken[i]) pick[cnt++] = i;
    return select_columns(b, in, pick, cnt);
}

static kq_op *bind_project_rename(binder *b, kq_op *in, kq_ast *n)
{
    int nin = in->schema.n;
    int *pick = kq_arena_alloc(b->a, sizeof(int) * (size_t)(nin + 1));
    for (int i = 0; i < nin; i++) pick[i] = i;
    kq_op *op = select_columns(b, in, pick, nin);
    for (int k = 0; k < n->nkids; k++) {
        kq_ast *as = n->kids[k];
        const char *old = as->a ? as->a->name : NULL;
        int i = old ? find_col(&in->schema, old) : -1;
        if (i < 0) {
            fail(b, as->a ? as->a : as, "unknown column '%s'", old ? old : "?");
            return NULL;
        }
        op->schema.cols[i].name = as->name;
    }
    return op;
}

static kq_op *bind_sort(binder *b, kq_op *in, kq_ast **keys, int nkeys, int64_t limit)
{
    kq_sort_key *sk = kq_arena_zalloc(b->a, sizeof(kq_sort_key) * (size_t)(nkeys ? nkeys : 1));
    for (int i = 0; i < nkeys; i++) {
        kq_ast *k = keys[i];
        kq_ast *ex = k->kind == A_SORTKEY ? k->a : k;
        int fl = k->kind == A_SORTKEY ? k->flags : 0;
        sk[i].expr = bind_expr(b, ex, &in->schema);
        if (!sk[i].expr) return NULL;
        sk[i].desc = !(fl & F_ASC);
        if (fl & F_NULLS_FIRST) sk[i].nulls_first = true;
        else if (fl & F_NULLS_LAST) sk[i].nulls_first = false;
        else sk[i].nulls_first = !sk[i].desc;
    }
    kq_schema out = new_schema(b, in->schema.n);
    for (int i = 0; i < in->schema.n; i++) out.cols[i] = pass_col(&in->schema.cols[i], false);
    return finish_owned(b, kq_op_sort_new(in, nkeys, sk, limit), out);
}

static bool const_count(binder *b, kq_ast *n, const kq_schema *s, int64_t *out)
{
    kq_expr *e = bind_expr(b, n, NULL);
    if (!e) return false;
    if (!e->is_const || e->k.null || (e->k.type != KQ_T_LONG && e->k.type != KQ_T_INT)) {
        fail(b, n, "the row count must be a constant integer");
        return false;
    }
    *out = e->k.u.i;
    return true;
}

static kq_op *bind_summarize(binder *b, kq_op *in, kq_ast **aggs, int naggs, kq_ast **by, int nby, bool count_op)
{
    /* keys first */
    int nk;
    item *keys = bind_items(b, by, nby, &in->schema, &nk);
    if (!keys) return NULL;
    kq_schema *post = kq_arena_zalloc(b->a, sizeof *post);
    *post = new_schema(b, nk);
    kq_expr **kexprs = kq_arena_alloc(b->a, sizeof(kq_expr *) * (size_t)(nk ? nk : 1));
    int counter = 0;
    for (int i = 0; i < nk; i++) {
        kexprs[i] = keys[i].expr;
        const char *name = keys[i].name;
        if (!name) name = positional_name(b, post, i, &counter, "Column");
        name = unique_name(b, post, i, name);
        post->cols[i] = new_col(b, name, keys[i].expr->type);
    }
    agg_ctx ac = {post, nk, NULL, 0, 0, NULL, &in->schema};
    b->aggs = &ac;
    /* outside aggregates, not even the 'by' keys may be referenced: hide their names */
    const char **key_names = kq_arena_alloc(b->a, sizeof(char *) * (size_t)(nk ? nk : 1));
    for (int i = 0; i < nk; i++) {
        key_names[i] = post->cols[i].name;
        post->cols[i].name = "\x01";
    }
    ac.key_names = key_names;
    /* then the aggregate items, bound against the keys + aggregates schema */
    kq_expr **iexprs = kq_arena_zalloc(b->a, sizeof(kq_expr *) * (size_t)(naggs ? naggs : 1));
    const char **inames = kq_arena_zalloc(b->a, sizeof(char *) * (size_t)(naggs ? naggs : 1));
    int *direct = kq_arena_zalloc(b->a, sizeof(int) * (size_t)(naggs ? naggs : 1)); /* agg index + 1 */
    for (int i = 0; i < naggs; i++) {
        kq_ast *k = aggs[i];
        kq_ast *ex = k->kind == A_ASSIGN ? k->a : k;
        int before = ac.naggs;
        iexprs[i] = bind_expr(b, ex, post);
        if (!iexprs[i]) {
            b->aggs = NULL;
            for (int j = 0; j < nk; j++) post->cols[j].name = key_names[j];
            return NULL;
        }
        if (k->kind == A_ASSIGN) inames[i] = k->name;
        if (ex->kind == A_CALL && ac.naggs == before + 1 && iexprs[i]->eval == kq_eval_column) direct[i] = ac.naggs;
        else if (!inames[i]) {
            /* aggregates wrapped in name-preserving functions keep the aggregate's name */
            const char *an = NULL;
            kq_ast *x = ex;
            while (x && x->kind == A_CALL) {
                kq_agg_kind kk;
                if (kq_agg_lookup(x->name, &kk)) {
                    an = agg_default_name(b, x, kk);
                    break;
                }
                if (!x->nkids) break;
                bool passes = false;
                for (int j = 0; name_passing_fns[j]; j++)
                    if (strcmp(name_passing_fns[j], x->name) == 0) passes = true;
                if (!passes) break;
                x = x->kids[0];
            }
            inames[i] = an;
        }
    }
    b->aggs = NULL;
    for (int i = 0; i < nk; i++) post->cols[i].name = key_names[i];
    if (count_op) inames[0] = "Count";
    kq_op *sum = kq_op_summarize_new(in, nk, kexprs, ac.naggs, ac.list);
    own_op(b, sum);
    sum->schema = *post;
    /* final projection: keys, then each item (all outputs of a direct multi-output aggregate) */
    int width = nk;
    for (int i = 0; i < naggs; i++) width += direct[i] ? ac.list[direct[i] - 1]->noutputs : 1;
    kq_schema out = new_schema(b, width);
    kq_expr **exprs = kq_arena_alloc(b->a, sizeof(kq_expr *) * (size_t)(width ? width : 1));
    int w = 0;
    for (int i = 0; i < nk; i++) {
        out.cols[w] = post->cols[i];
        exprs[w] = col_expr(b, NULL, post, i);
        w++;
    }
    counter = 0;
    for (int i = 0; i < naggs; i++) {
        if (direct[i]) {
            kq_agg *g = ac.list[direct[i] - 1];
            int c0 = iexprs[i]->col;
            for (int j = 0; j < g->noutputs; j++) {
                const char *name = (j == 0 && inames[i]) ? inames[i] : post->cols[c0 + j].name;
                if (!name || !*name) name = positional_name(b, &out, w, &counter, "Column");
                name = unique_name(b, &out, w, name);
                out.cols[w] = new_col(b, name, post->cols[c0 + j].type);
                exprs[w] = col_expr(b, NULL, post, c0 + j);
                w++;
            }
        } else {
            const char *name = inames[i];
            if (!name) name = positional_name(b, &out, w, &counter, "Column");
            name = unique_name(b, &out, w, name);
            out.cols[w] = new_col(b, name, iexprs[i]->type);
            exprs[w] = iexprs[i];
            w++;
        }
    }
    return finish_owned(b, kq_op_compute_new(sum, w, exprs), out);
}

static kq_op *bind_distinct(binder *b, kq_op *in, kq_ast *n)
{
    if (n->flags & F_STAR || (n->nkids == 1 && n->kids[0]->kind == A_STAR)) {
        kq_ast **keys = kq_arena_alloc(b->a, sizeof(kq_ast *) * (size_t)(in->schema.n + 1));
        for (int i = 0; i < in->schema.n; i++) {
            kq_ast *k = kq_arena_zalloc(b->a, sizeof *k);
            k->kind = A_NAME;
            k->name = in->schema.cols[i].name;
            k->start = n->start;
            k->end = n->end;
            keys[i] = k;
        }
        return bind_summarize(b, in, NULL, 0, keys, in->schema.n, false);
    }
    return bind_summarize(b, in, NULL, 0, n->kids, n->nkids, false);
}

static kq_op *bind_count(binder *b, kq_op *in, kq_ast *n)
{
    kq_ast *call = kq_arena_zalloc(b->a, sizeof *call);
    call->kind = A_CALL;
    call->name = "count";
    call->start = n->start;
    call->end = n->end;
    return bind_summarize(b, in, &call, 1, NULL, 0, true);
}

/* union of several inputs, columns matched by name (KQL_SUBSET.md 4.8, kind=outer) */
/* union of several inputs, columns matched by name (KQL_SUBSET.md 4.8): kind=outer keeps every
 * column in first-appearance order, kind=inner only those all legs have; a name with several
 * types becomes one column per type (x_long, x_int); withsource adds a first column naming each
 * row's leg (the table name, or union_argN) */
static kq_op *make_union_full(binder *b, kq_op **legs, int n, kq_ast *at, bool inner, const char *withsource,
                              const char *const *leg_names)
{
    int cap = 1;
    for (int i = 0; i < n; i++) cap += legs[i]->schema.n;
    /* names whose type differs between legs */
    kq_schema seen = new_schema(b, cap);
    seen.n = 0;
    bool *conflict = kq_arena_zalloc(b->a, (size_t)cap);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < legs[i]->schema.n; j++) {
            kq_col *c = &legs[i]->schema.cols[j];
            int k = find_col(&seen, c->name);
            if (k < 0) seen.cols[seen.n++] = *c;
            else if (seen.cols[k].type != c->type) conflict[k] = true;
        }
    kq_schema out = new_schema(b, cap);
    out.n = 0;
    if (withsource) out.cols[out.n++] = new_col(b, withsource, KQ_T_STRING);
    int **maps = kq_arena_alloc(b->a, sizeof(int *) * (size_t)n);
    for (int i = 0; i < n; i++) {
        maps[i] = kq_arena_alloc(b->a, sizeof(int) * (size_t)(legs[i]->schema.n + 2));
        for (int j = 0; j < legs[i]->schema.n; j++) {
            kq_col *c = &legs[i]->schema.cols[j];
            const char *name = c->name;
            if (conflict[find_col(&seen, c->name)]) name = concat_name(b, c->name, kq_type_name(c->type));
            if (inner) {
                bool everywhere = true;
                for (int l = 0; l < n; l++)
                    if (find_col(&legs[l]->schema, c->name) < 0) everywhere = false;
                if (!everywhere) {
                    maps[i][j] = -1;
                    continue;
                }
            }
            int k = find_col(&out, name);
            if (k < 0 || out.cols[k].type != c->type) {
                if (k >= 0) name = unique_name(b, &out, out.n, name);
                k = out.n++;
                out.cols[k] = new_col(b, name, c->type);
            }
            maps[i][j] = k;
        }
    }
    kq_op **children = kq_xmalloc(sizeof(kq_op *) * (size_t)n);
    memcpy(children, legs, sizeof(kq_op *) * (size_t)n);
    const char **names = NULL;
    if (withsource) {
        names = kq_arena_alloc(b->a, sizeof(char *) * (size_t)n);
        for (int i = 0; i < n; i++) {
            char buf[32];
            snprintf(buf, sizeof buf, "union_arg%d", i);
            names[i] = leg_names && leg_names[i] ? leg_names[i] : kq_arena_strdup(b->a, buf, strlen(buf));
        }
    }
    kq_op *u = kq_op_union_new(n, children, maps);
    own_op(b, u);
    /* a union's column is used when its output is used: mark the legs' columns from the output */
    for (int i = 0; i < n; i++) mark_all_used(&legs[i]->schema);
    u->schema = out;
    kq_op_union_ready(u, withsource ? 0 : -1, names);
    (void)at;
    return u;
}

static kq_op *make_union(binder *b, kq_op **legs, int n, kq_ast *at)
{
    return make_union_full(b, legs, n, at, false, NULL, NULL);
}

/* Whether a binding error is a table that does not resolve (unknown, or without input). */
static bool unresolved_table(const kq_error *e)
{
    return strncmp(e->message, "no input for the table '", 24) == 0 || strncmp(e->message, "unknown table '", 15) == 0;
}

static kq_op *bind_union(binder *b, kq_op *first, kq_ast *n)
{
    bool inner = false, fuzzy = false;
    const char *withsource = NULL;
    for (int i = 0; i < n->nparams; i++) {
        const char *p = n->params[i].name;
        const char *v = param_word(n, p);
        if (strcmp(p, "isfuzzy") == 0) {
            kq_ast *pv = n->params[i].value;
            fuzzy = pv && ((pv->kind == A_LITERAL && pv->lit.type == KQ_T_BOOL && pv->lit.u.b) ||
                           (v && strcmp(v, "true") == 0));
            continue;
        }
        if (strcmp(p, "kind") == 0 && v && (strcmp(v, "outer") == 0 || strcmp(v, "inner") == 0)) {
            inner = strcmp(v, "inner") == 0;
            continue;
        }
        if ((strcmp(p, "withsource") == 0 || strcmp(p, "with_source") == 0) && v && *v) {
            withsource = v;
            continue;
        }
        fail(b, n, "union %s= is not supported yet", p);
        return NULL;
    }
    /* legs: expressions, table names, and wildcards over the tables the engine has */
    int cap = n->nkids + 1 + b->eng->ntables + b->eng->nviews + kq_builtin_view_count();
    kq_op **legs = kq_arena_zalloc(b->a, sizeof(kq_op *) * (size_t)cap);
    const char **names = kq_arena_zalloc(b->a, sizeof(char *) * (size_t)cap);
    int k = 0;
    if (first) legs[k++] = first;
    for (int i = 0; i < n->nkids; i++) {
        kq_ast *leg = n->kids[i];
        if (leg->kind == A_WILDCARD) {
            int matched = 0;
            for (int t = 0; t < b->eng->ntables && k < cap; t++)
                if (wildcard_match(leg->name, b->eng->tables[t].name)) {
                    kq_ast *ref = kq_arena_zalloc(b->a, sizeof *ref);
                    *ref = *leg;
                    ref->kind = A_TABLE;
                    ref->name = b->eng->tables[t].name;
                    names[k] = ref->name;
                    legs[k] = bind_tabular(b, ref);
                    if (!legs[k]) return NULL;
                    k++;
                    matched++;
                }
            if (!matched && !fuzzy) {
                fail(b, leg, "no table matches '%s'", leg->name);
                return NULL;
            }
            continue;
        }
        bool bare = leg->kind == A_TABLE || leg->kind == A_NAME;
        /* withsource names a leg by its table or view; a let-bound table is a computed leg (union_argN) */
        sym *ly = bare ? lookup(b, leg->name) : NULL;
        if (bare && (!ly || (ly->kind == SYM_FUNC && (ly->ast->flags & F_VIEW)))) names[k] = leg->name;
        if (fuzzy && bare && !lookup(b, leg->name) && !kq_engine_find_table(b->eng, leg->name) &&
            !view_has_input(b->eng, leg->name))
            continue; /* isfuzzy: a leg that does not resolve is left out */
        legs[k] = bind_tabular(b, leg);
        if (!legs[k] && fuzzy && unresolved_table(b->err)) {
            /* isfuzzy: a leg whose table does not resolve (a subquery over a table with no
             * input) is left out too, as Kusto leaves out what it cannot resolve */
            memset(b->err, 0, sizeof *b->err);
            continue;
        }
        if (!legs[k]) return NULL;
        k++;
    }
    if (k == 0) {
        fail(b, n, "no leg of the union resolves to a table");
        return NULL;
    }
    return make_union_full(b, legs, k, n, inner, withsource, names);
}

static const char *op_display_name(kq_ast_kind k)
{
    switch (k) {
    case A_OP_JOIN: return "join";
    case A_OP_LOOKUP: return "lookup";
    case A_OP_MV_EXPAND: return "mv-expand";
    case A_OP_PARSE: return "parse";
    case A_OP_INVOKE: return "invoke";
    case A_OP_SAMPLE: return "sample";
    case A_OP_MAKE_SERIES: return "make-series";
    case A_OP_MV_APPLY: return "mv-apply";
    case A_OP_EVALUATE: return "evaluate";
    case A_OP_TOP_NESTED: return "top-nested";
    case A_OP_PARSE_KV: return "parse-kv";
    case A_OP_SCAN: return "scan";
    case A_OP_FORK: return "fork";
    case A_OP_FACET: return "facet";
    case A_OP_PARTITION: return "partition";
    case A_OP_REDUCE: return "reduce";
    case A_OP_SAMPLE_DISTINCT: return "sample-distinct";
    case A_OP_SEARCH: return "search";
    case A_OP_FIND: return "find";
    default: return NULL;
    }
}

static kq_op *bind_getschema(binder *b, kq_op *in)
{
    int n = in->schema.n;
    kq_value *vals = kq_arena_alloc(b->a, sizeof(kq_value) * (size_t)(4 * n + 1));
    static const char *const dotnet[] = {"", "System.Boolean", "System.Int32", "System.Int64", "System.Double",
                                         "System.String", "System.DateTime", "System.TimeSpan", "System.Object", ""};
    for (int i = 0; i < n; i++) {
        const char *nm = in->schema.cols[i].name;
        kq_type t = in->schema.cols[i].type;
        vals[4 * i] = kq_str(nm, strlen(nm));
        vals[4 * i + 1] = kq_int(i);
        vals[4 * i + 2] = kq_str(dotnet[t], strlen(dotnet[t]));
        const char *tn = kq_type_name(t);
        vals[4 * i + 3] = kq_str(tn, strlen(tn));
    }
    kq_schema out = new_schema(b, 4);
    out.cols[0] = new_col(b, "ColumnName", KQ_T_STRING);
    out.cols[1] = new_col(b, "ColumnOrdinal", KQ_T_INT);
    out.cols[2] = new_col(b, "DataType", KQ_T_STRING);
    out.cols[3] = new_col(b, "ColumnType", KQ_T_STRING);
    return finish_owned(b, kq_op_rows_new(4, n, vals), out);
}

static kq_op *bind_tabular_call_with(binder *b, kq_ast *n, kq_op *first);
static bool is_tabular_ast(binder *b, kq_ast *n);


static const kq_ast *side_member(const kq_ast *n, const char *side)
{
    if (n && n->kind == A_MEMBER && n->a && (n->a->kind == A_NAME || n->a->kind == A_TABLE) &&
        strcmp(n->a->name, side) == 0)
        return n;
    return NULL;
}

/* smallest integer suffix that makes name unique among the first n output columns */
static const char *suffixed_name(binder *b, const kq_schema *out, int n, const char *name)
{
    return unique_name(b, out, n, name);
}

/* join and lookup: keys, kind, and the output columns */
static kq_op *bind_join(binder *b, kq_op *left, kq_ast *n, bool lookup)
{
    const char *kind_word = param_word(n, "kind");
    kq_join_kind kind = lookup ? KQ_JOIN_LEFTOUTER : KQ_JOIN_INNERUNIQUE;
    if (kind_word) {
        static const struct { const char *w; kq_join_kind k; } kinds[] = {
            {"innerunique", KQ_JOIN_INNERUNIQUE}, {"inner", KQ_JOIN_INNER}, {"leftouter", KQ_JOIN_LEFTOUTER},
            {"rightouter", KQ_JOIN_RIGHTOUTER}, {"fullouter", KQ_JOIN_FULLOUTER}, {"leftsemi", KQ_JOIN_LEFTSEMI},
            {"rightsemi", KQ_JOIN_RIGHTSEMI}, {"leftanti", KQ_JOIN_LEFTANTI}, {"anti", KQ_JOIN_LEFTANTI},
            {"leftantisemi", KQ_JOIN_LEFTANTI}, {"rightanti", KQ_JOIN_RIGHTANTI}, {"rightantisemi", KQ_JOIN_RIGHTANTI}};
        bool found = false;
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (strcmp(kinds[i].w, kind_word) == 0) {
                kind = kinds[i].k;
                found = true;
            }
        if (!found || (lookup && kind != KQ_JOIN_LEFTOUTER && kind != KQ_JOIN_INNER)) {
            fail(b, n, "%s kind=%s is not a valid kind", lookup ? "lookup" : "join", kind_word);
            return NULL;
        }
    }
    for (int i = 0; i < n->nparams; i++)
        if (strcmp(n->params[i].name, "kind") != 0 && strncmp(n->params[i].name, "hint.", 5) != 0) {
            fail(b, n, "%s %s= is not supported", lookup ? "lookup" : "join", n->params[i].name);
            return NULL;
        }
    kq_op *right = bind_tabular(b, n->a);
    if (!right) return NULL;
    const kq_schema *ls = &left->schema, *rs = &right->schema;
    int nk = n->nkids;
    if (nk == 0) {
        fail(b, n, "%s needs 'on' conditions", lookup ? "lookup" : "join");
        return NULL;
    }
    kq_expr **lk = kq_arena_alloc(b->a, sizeof(kq_expr *) * (size_t)nk);
    kq_expr **rk = kq_arena_alloc(b->a, sizeof(kq_expr *) * (size_t)nk);
    bool *right_key = kq_arena_zalloc(b->a, (size_t)(rs->n + 1));
    for (int i = 0; i < nk; i++) {
        kq_ast *c = n->kids[i];
        if (c->kind == A_NAME || c->kind == A_TABLE) {
            int li = find_col(ls, c->name), ri = find_col(rs, c->name);
            if (li < 0 || ri < 0) {
                fail(b, c, "the join key '%s' is not a column of the %s side", c->name, li < 0 ? "left" : "right");
                return NULL;
            }
            lk[i] = col_expr(b, c, ls, li);
            rk[i] = col_expr(b, c, rs, ri);
            right_key[ri] = true;
            continue;
        }
        const kq_ast *l = NULL, *r = NULL;
        if (c->kind == A_BINARY && c->op == T_EQ) {
            l = side_member(c->a, "$left");
            r = side_member(c->b, "$right");
            if (!l && !r) {
                l = side_member(c->b, "$left");
                r = side_member(c->a, "$right");
            }
        }
        if (!l || !r) {
            fail(b, c, "a join condition is a column name or $left.column == $right.column");
            return NULL;
        }
        int li = find_col(ls, l->name), ri = find_col(rs, r->name);
        if (li < 0) {
            fail(b, l, "unknown column '%s' on the left side", l->name);
            return NULL;
        }
        if (ri < 0) {
            fail(b, r, "unknown column '%s' on the right side", r->name);
            return NULL;
        }
        lk[i] = col_expr(b, l, ls, li);
        rk[i] = col_expr(b, r, rs, ri);
        right_key[ri] = true;
    }
    for (int i = 0; i < nk; i++) {
        kq_type lt = lk[i]->type, rt = rk[i]->type;
        bool ok = lt == rt || lt == KQ_T_DYNAMIC || rt == KQ_T_DYNAMIC ||
                  ((lt == KQ_T_INT || lt == KQ_T_LONG) && (rt == KQ_T_INT || rt == KQ_T_LONG));
        if (!ok) {
            fail(b, n->kids[i], "the join keys have different types (%s and %s): convert one of them",
                 kq_type_name(lt), kq_type_name(rt));
            return NULL;
        }
    }
    bool left_cols = kind != KQ_JOIN_RIGHTSEMI && kind != KQ_JOIN_RIGHTANTI;
    bool right_cols = kind != KQ_JOIN_LEFTSEMI && kind != KQ_JOIN_LEFTANTI;
    int width = (left_cols ? ls->n : 0) + (right_cols ? rs->n : 0);
    kq_schema out = new_schema(b, width);
    out.n = 0;
    int *right_out = kq_arena_alloc(b->a, sizeof(int) * (size_t)(rs->n + 1));
    if (left_cols)
        for (int i = 0; i < ls->n; i++) out.cols[out.n++] = pass_col(&ls->cols[i], false);
    for (int i = 0; i < rs->n; i++) {
        right_out[i] = -1;
        if (!right_cols || (lookup && right_key[i])) continue;
        kq_col c = pass_col(&rs->cols[i], false);
        c.name = suffixed_name(b, &out, out.n, c.name);
        right_out[i] = out.n;
        out.cols[out.n++] = c;
    }
    /* outer sides can produce nulls in every column: their values must be read */
    mark_all_used(ls);
    mark_all_used(rs);
    return finish_owned(b, kq_op_join_new(left, right, kind, nk, lk, rk, left_cols ? ls->n : 0, right_out, out.n), out);
}

/* the regular-expression text of a parse capture of type t; in kind=relaxed a typed capture
 * falls back to any text (which then converts to null) */
static void capture_pattern(kq_buf *re, kq_type t, bool relaxed)
{
    const char *typed = NULL;
    if (t == KQ_T_INT || t == KQ_T_LONG) typed = "-?\\d+";
    else if (t == KQ_T_REAL) typed = "-?\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?|-?\\.\\d+(?:[eE][-+]?\\d+)?";
    if (!typed) kq_buf_puts(re, "(.*?)");
    else kq_buf_printf(re, "(%s%s)", typed, relaxed ? "|.*?" : "");
}

/* parse [kind=simple|relaxed|regex [flags=...]] Expr with pattern (KQL_SUBSET.md 4.11) */
static kq_op *bind_parse(binder *b, kq_op *in, kq_ast *n)
{
    const char *kind = param_word(n, "kind");
    bool relaxed = kind && strcmp(kind, "relaxed") == 0;
    bool regex = kind && strcmp(kind, "regex") == 0;
    if (kind && !relaxed && !regex && strcmp(kind, "simple") != 0) {
        fail(b, n, "parse kind=%s is not a parse kind (simple, relaxed, regex)", kind);
        return NULL;
    }
    const char *flags = param_word(n, "flags");
    if (flags && !regex) {
        fail(b, n, "parse flags= goes with kind=regex");
        return NULL;
    }
    for (const char *f = flags; f && *f; f++)
        if (!strchr("imsU", *f)) {
            fail(b, n, "parse flags= takes the regex flags i, m, s and U, not '%c'", *f);
            return NULL;
        }
    kq_expr *src = bind_expr(b, n->a, &in->schema);
    if (!src) return NULL;
    const kq_schema *is = &in->schema;
    kq_schema out = new_schema(b, is->n + n->nkids);
    for (int i = 0; i < is->n; i++) out.cols[i] = pass_col(&is->cols[i], false);
    out.n = is->n;
    kq_buf re;
    kq_buf_init(&re);
    if (flags && *flags) kq_buf_printf(&re, "(?%s)", flags);
    kq_buf_puts(&re, "^");
    int ncaps = 0;
    int *target = kq_arena_alloc(b->a, sizeof(int) * (size_t)(n->nkids + 1));
    kq_type *types = kq_arena_alloc(b->a, sizeof(kq_type) * (size_t)(n->nkids + 1));
    kq_ast *prev = NULL;
    for (int i = 0; i < n->nkids; i++) {
        kq_ast *el = n->kids[i];
        if (el->kind == A_LITERAL && el->lit.type == KQ_T_STRING && regex) {
            /* kind=regex: literals are regular-expression fragments */
            kq_buf_put(&re, el->lit.u.s, el->lit.len);
        } else if (el->kind == A_LITERAL && el->lit.type == KQ_T_STRING) {
            for (uint32_t k = 0; k < el->lit.len; k++) {
                unsigned char ch = (unsigned char)el->lit.u.s[k];
                if (ch < 0x80 && !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == ' '))
                    kq_buf_putc(&re, '\\');
                kq_buf_putc(&re, (char)ch);
            }
        } else if (el->kind == A_STAR) {
            if (!regex && prev && prev->kind == A_COLDECL && prev->type == KQ_T_STRING) {
                kq_buf_free(&re);
                fail(b, el, "'*' right after a string column is ambiguous in a parse pattern");
                return NULL;
            }
            kq_buf_puts(&re, regex ? "(?:.*)" : "(?:.*?)"); /* kind=regex: greedy unless flags=U */
        } else if (el->kind == A_COLDECL) {
            kq_type t = el->type == KQ_T_UNKNOWN ? KQ_T_STRING : el->type;
            if (regex && t == KQ_T_STRING) kq_buf_puts(&re, "(.*)");
            else capture_pattern(&re, t, relaxed);
            int at = find_col(&out, el->name);
            if (at < 0) at = out.n++;
            out.cols[at] = new_col(b, el->name, t);
            target[ncaps] = at;
            types[ncaps] = t;
            ncaps++;
        } else {
            kq_buf_free(&re);
            fail(b, el, "unexpected element in a parse pattern");
            return NULL;
        }
        prev = el;
    }
    kq_buf_puts(&re, "$");
    char msg[256];
    size_t off;
    kq_regex *rx = kq_regex_compile(re.p, re.len, msg, sizeof msg, &off);
    kq_buf_free(&re);
    if (!rx) {
        fail(b, n, "the parse pattern does not compile: %s", msg);
        return NULL;
    }
    kq_query_own(b->q, rx, regex_free);
    mark_all_used(is);
    return finish_owned(b, kq_op_parse_new(in, src, rx, ncaps, target, types, relaxed, (n->flags & F_PARSE_WHERE) != 0, out.n),
                        out);
}

/* mv-expand [kind=bag|array] [with_itemindex=I] items [limit N] */
static kq_op *bind_mvexpand(binder *b, kq_op *in, kq_ast *n)
{
    const char *kind = param_word(n, "kind");
    bool bag_as_array = kind && strcmp(kind, "array") == 0;
    if (kind && !bag_as_array && strcmp(kind, "bag") != 0) {
        fail(b, n, "mv-expand kind=%s is not valid (bag or array)", kind);
        return NULL;
    }
    const char *index_name = param_word(n, "with_itemindex");
    int64_t limit = 2147483647;
    if (n->a) {
        kq_ast *lim = n->a->kind == A_OP_OTHER || n->a->kind == A_OP_TAKE ? n->a->a : n->a;
        if (!const_count(b, lim, &in->schema, &limit)) return NULL;
    }
    const kq_schema *is = &in->schema;
    int nexp = n->nkids;
    int width = is->n + nexp + 1;
    kq_schema out = new_schema(b, width);
    for (int i = 0; i < is->n; i++) out.cols[i] = pass_col(&is->cols[i], false);
    out.n = is->n;
    kq_expr **exprs = kq_arena_alloc(b->a, sizeof(kq_expr *) * (size_t)(nexp ? nexp : 1));
    int *target = kq_arena_alloc(b->a, sizeof(int) * (size_t)(nexp ? nexp : 1));
    kq_type *to = kq_arena_alloc(b->a, sizeof(kq_type) * (size_t)(nexp ? nexp : 1));
    for (int i = 0; i < nexp; i++) {
        kq_ast *it = n->kids[i];
        kq_type t = KQ_T_UNKNOWN;
        if (it->kind == A_MVITEM) {
            t = it->type;
            it = it->a;
        }
        const char *name = NULL;
        kq_ast *ex = it;
        if (it->kind == A_ASSIGN) {
            name = it->name;
            ex = it->a;
        } else name = auto_name(b, it);
        exprs[i] = bind_expr(b, ex, is);
        if (!exprs[i]) return NULL;
        if (exprs[i]->type != KQ_T_DYNAMIC) {
            fail(b, ex, "mv-expand needs a dynamic value, got %s", kq_type_name(exprs[i]->type));
            return NULL;
        }
        to[i] = t;
        kq_type ct = t == KQ_T_UNKNOWN ? KQ_T_DYNAMIC : t;
        int at = name ? find_col(&out, name) : -1;
        if (at < 0) {
            at = out.n++;
            out.cols[at] = new_col(b, name ? name : positional_name(b, &out, at, &(int){0}, "Column"), ct);
        } else out.cols[at] = new_col(b, name, ct);
        target[i] = at;
    }
    int index_col = -1;
    if (index_name) {
        index_col = out.n;
        out.cols[out.n] = new_col(b, suffixed_name(b, &out, out.n, index_name), KQ_T_LONG);
        out.n++;
    }
    mark_all_used(is); /* the input columns are copied into every output row */
    return finish_owned(b, kq_op_mvexpand_new(in, nexp, exprs, target, to, bag_as_array, index_col, limit, out.n), out);
}

/* T | invoke f(args): f(T, args) */
static kq_op *bind_invoke(binder *b, kq_op *in, kq_ast *n)
{
    if (!n->a || n->a->kind != A_CALL) {
        fail(b, n, "invoke needs a function call");
        return NULL;
    }
    return bind_tabular_call_with(b, n->a, in);
}

/* evaluate bag_unpack(Col [, Prefix]): Col's property-bag keys become columns, sorted by name,
 * after the other columns. The output columns depend on the data, so the input is read when the
 * query is prepared (bag_unpack is a blocking operator anyway). */
static kq_op *bind_bag_unpack(binder *b, kq_op *in, kq_ast *n)
{
    const char *txt = b->text + n->start;
    size_t len = (size_t)(n->end - n->start);
    const char *p = memmem(txt, len, "bag_unpack", 10);
    if (!p) {
        const char *name = txt + 8;
        while (name < txt + len && (*name == ' ' || *name == '\t' || *name == '\n')) name++;
        int w = 0;
        while (name + w < txt + len && (isalnum((unsigned char)name[w]) || name[w] == '_')) w++;
        fail(b, n, "the evaluate plugin '%.*s' is not supported yet", w, name);
        return NULL;
    }
    size_t rest = len - (size_t)(p - txt);
    for (size_t i = 0, depth = 0; i < rest; i++) {
        if (p[i] == '(') depth++;
        else if (p[i] == ')' && depth && --depth == 0) {
            for (size_t k = i + 1; k < rest; k++)
                if (p[k] == ':') {
                    fail(b, n, "evaluate bag_unpack with an output schema is not supported yet");
                    return NULL;
                }
            rest = i + 1;
            break;
        }
    }
    char *src = kq_arena_alloc(b->a, rest + 8);
    memcpy(src, "print ", 6);
    memcpy(src + 6, p, rest);
    src[rest + 6] = 0;
    kq_error perr;
    kq_error_clear(&perr);
    kq_ast *root = kq_parse(src, rest + 6, b->a, &perr);
    kq_ast *call = root && root->nkids == 1 && root->kids[0]->kind == A_PRINT && root->kids[0]->nkids == 1
                       ? root->kids[0]->kids[0] : NULL;
    if (!call || call->kind != A_CALL || call->nkids < 1 || call->nkids > 2 ||
        (call->kids[0]->kind != A_NAME && call->kids[0]->kind != A_TABLE)) {
        fail(b, n, "evaluate bag_unpack takes a column and an optional prefix (other arguments are not supported yet)");
        return NULL;
    }
    const char *prefix = "";
    if (call->nkids == 2) {
        if (call->kids[1]->kind != A_LITERAL || call->kids[1]->lit.type != KQ_T_STRING) {
            fail(b, n, "the bag_unpack prefix must be a string literal");
            return NULL;
        }
        prefix = call->kids[1]->lit.u.s;
    }
    const kq_schema *is = &in->schema;
    int bag = find_col(is, call->kids[0]->name);
    if (bag < 0) {
        fail(b, n, "unknown column '%s'", call->kids[0]->name);
        return NULL;
    }
    mark_all_used(is);
    /* read the input */
    int w = is->n, cap = 256, nrows = 0;
    kq_value **rows = kq_xmalloc(sizeof(kq_value *) * (size_t)cap);
    kq_value *row;
    int r;
    while ((r = kq_op_next(in, &b->fold, &row)) == 1) {
        if (nrows == cap) {
            cap *= 2;
            rows = kq_xrealloc(rows, sizeof(kq_value *) * (size_t)cap);
        }
        rows[nrows] = kq_arena_alloc(b->a, sizeof(kq_value) * (size_t)(w ? w : 1));
        for (int i = 0; i < w; i++) rows[nrows][i] = kq_value_copy(&row[i], b->a);
        nrows++;
    }
    if (r < 0) {
        free(rows);
        if (!b->err->code) *b->err = *b->fold.err;
        return NULL;
    }
    /* the keys, sorted, with the kind of their values */
    int nkeys = 0, kcap = 16;
    const char **keys = kq_xmalloc(sizeof(char *) * (size_t)kcap);
    kq_type *ktypes = kq_xmalloc(sizeof(kq_type) * (size_t)kcap);
    for (int i = 0; i < nrows; i++) {
        const kq_value *v = &rows[i][bag];
        if (v->type != KQ_T_DYNAMIC || v->null || v->u.d->kind != KQ_D_OBJECT) continue;
        for (uint32_t m = 0; m < v->u.d->n; m++) {
            const kq_dyn_member *mem = &v->u.d->u.members[m];
            kq_value sv = kq_dyn_to_scalar(&mem->value);
            kq_type t = mem->value.kind == KQ_D_NULL ? KQ_T_UNKNOWN : (kq_type)sv.type;
            int at = -1;
            for (int k = 0; k < nkeys; k++)
                if (strlen(keys[k]) == mem->key_len && memcmp(keys[k], mem->key, mem->key_len) == 0) at = k;
            if (at < 0) {
                if (nkeys == kcap) {
                    kcap *= 2;
                    keys = kq_xrealloc(keys, sizeof(char *) * (size_t)kcap);
                    ktypes = kq_xrealloc(ktypes, sizeof(kq_type) * (size_t)kcap);
                }
                keys[nkeys] = kq_arena_strdup(b->a, mem->key, mem->key_len);
                ktypes[nkeys++] = t;
            } else if (t != KQ_T_UNKNOWN && ktypes[at] != t)
                ktypes[at] = ktypes[at] == KQ_T_UNKNOWN ? t : KQ_T_DYNAMIC;
        }
    }
    for (int x = 0; x < nkeys; x++)
        for (int y = x + 1; y < nkeys; y++)
            if (strcmp(keys[x], keys[y]) > 0) {
                const char *tk = keys[x];
                keys[x] = keys[y];
                keys[y] = tk;
                kq_type tt = ktypes[x];
                ktypes[x] = ktypes[y];
                ktypes[y] = tt;
            }
    int width = w - 1 + nkeys;
    kq_schema out = new_schema(b, width);
    out.n = 0;
    for (int i = 0; i < w; i++)
        if (i != bag) out.cols[out.n++] = new_col(b, is->cols[i].name, is->cols[i].type);
    int first_key = out.n;
    for (int k = 0; k < nkeys; k++) {
        size_t l = strlen(prefix) + strlen(keys[k]) + 1;
        char *name = kq_arena_alloc(b->a, l);
        snprintf(name, l, "%s%s", prefix, keys[k]);
        if (find_col(&out, name) >= 0) {
            fail(b, n, "bag_unpack: the key '%s' would replace the column '%s' (give a prefix)", keys[k], name);
            free(rows);
            free(keys);
            free(ktypes);
            return NULL;
        }
        kq_type t = ktypes[k] == KQ_T_UNKNOWN ? KQ_T_DYNAMIC : ktypes[k];
        if (t == KQ_T_INT || t == KQ_T_DATETIME || t == KQ_T_TIMESPAN) t = KQ_T_DYNAMIC;
        out.cols[out.n++] = new_col(b, name, t);
    }
    kq_value *vals = kq_arena_alloc(b->a, sizeof(kq_value) * (size_t)(nrows * width + 1));
    for (int i = 0; i < nrows; i++) {
        kq_value *o = vals + (size_t)i * (size_t)width;
        int c = 0;
        for (int j = 0; j < w; j++)
            if (j != bag) o[c++] = rows[i][j];
        for (int k = 0; k < nkeys; k++) {
            kq_type t = out.cols[first_key + k].type;
            o[first_key + k] = kq_null(t);
            const kq_value *v = &rows[i][bag];
            if (v->type != KQ_T_DYNAMIC || v->null || v->u.d->kind != KQ_D_OBJECT) continue;
            for (uint32_t m = 0; m < v->u.d->n; m++) {
                const kq_dyn_member *mem = &v->u.d->u.members[m];
                if (strlen(keys[k]) != mem->key_len || memcmp(keys[k], mem->key, mem->key_len) != 0) continue;
                o[first_key + k] = t == KQ_T_DYNAMIC ? kq_dynv(&mem->value) : kq_dyn_to_scalar(&mem->value);
            }
        }
    }
    free(rows);
    free(keys);
    free(ktypes);
    return finish_owned(b, kq_op_rows_new(width, nrows, vals), out);
}

/* parses a piece of the query text again, as kq_parse does; errors are reported at 'at' */
static kq_ast *reparse(binder *b, kq_ast *at, const char *prefix, const char *text, size_t len, const char *what)
{
    size_t pl = strlen(prefix);
    char *src = kq_arena_alloc(b->a, pl + len + 1);
    memcpy(src, prefix, pl);
    memcpy(src + pl, text, len);
    src[pl + len] = 0;
    kq_error perr;
    kq_error_clear(&perr);
    kq_ast *root = kq_parse(src, pl + len, b->a, &perr);
    if (!root || root->nkids != 1) {
        fail(b, at, "cannot read the %s: %s", what, perr.code ? perr.message : "one expression expected");
        return NULL;
    }
    return root->kids[0];
}

/* the position of a word (as, with, on) followed by '(' at nesting depth 0 in [p, end) */
static const char *find_word_paren(const char *p, const char *end, const char *word)
{
    size_t wl = strlen(word);
    int depth = 0;
    for (const char *q = p; q < end; q++) {
        char ch = *q;
        if (ch == '"' || ch == '\'') {
            for (q++; q < end && *q != ch; q++)
                if (*q == '\\') q++;
            continue;
        }
        if (ch == '(' || ch == '[' || ch == '{') depth++;
        else if (ch == ')' || ch == ']' || ch == '}') depth--;
        else if (depth == 0 && (size_t)(end - q) > wl && memcmp(q, word, wl) == 0 && q > p &&
                 (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\n' || q[-1] == ')')) {
            const char *r = q + wl;
            while (r < end && (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')) r++;
            if (r < end && *r == '(') return q;
        }
    }
    return NULL;
}

/* the text inside the parentheses that start at or after p */
static bool paren_body(const char *p, const char *end, const char **body, size_t *len)
{
    while (p < end && *p != '(') p++;
    if (p >= end) return false;
    int depth = 0;
    for (const char *q = p; q < end; q++) {
        if (*q == '(') depth++;
        else if (*q == ')' && --depth == 0) {
            *body = p + 1;
            *len = (size_t)(q - p - 1);
            return true;
        }
    }
    return false;
}

/* parse-kv Expr as (Col:type, ...) [with (pair_delimiter=..., kv_delimiter=..., greedy=...)] */
static kq_op *bind_parse_kv(binder *b, kq_op *in, kq_ast *n)
{
    const char *txt = b->text + n->start, *end = b->text + n->end;
    const char *expr = txt + 8; /* parse-kv */
    const char *as = find_word_paren(expr, end, "as");
    const char *cols;
    size_t cols_len;
    if (!as || !paren_body(as, end, &cols, &cols_len)) {
        fail(b, n, "parse-kv needs 'as (Column:type, ...)'");
        return NULL;
    }
    kq_ast *pr = reparse(b, n, "print ", expr, (size_t)(as - expr), "parse-kv expression");
    if (!pr) return NULL;
    if (pr->kind != A_PRINT || pr->nkids != 1) {
        fail(b, n, "parse-kv takes one expression");
        return NULL;
    }
    kq_ast *dt;
    char *decl = kq_arena_alloc(b->a, cols_len + 4);
    memcpy(decl, cols, cols_len);
    memcpy(decl + cols_len, ")[]", 4);
    dt = reparse(b, n, "datatable(", decl, cols_len + 3, "parse-kv columns");
    if (!dt || dt->kind != A_DATATABLE) return NULL;
    kq_kv_spec base = {NULL, 0, NULL, NULL, false};
    const char *with = find_word_paren(as, end, "with");
    if (with) {
        const char *params;
        size_t plen;
        if (!paren_body(with, end, &params, &plen)) {
            fail(b, n, "parse-kv: 'with (' is not closed");
            return NULL;
        }
        kq_ast *pp = reparse(b, n, "print ", params, plen, "parse-kv options");
        if (!pp) return NULL;
        for (int i = 0; i < pp->nkids; i++) {
            kq_ast *a = pp->kids[i];
            if (a->kind != A_ASSIGN || !a->a || a->a->kind != A_LITERAL) {
                fail(b, n, "parse-kv options are name=value");
                return NULL;
            }
            kq_value v = a->a->lit;
            if (strcmp(a->name, "pair_delimiter") == 0 && v.type == KQ_T_STRING)
                base.pair_delim = kq_arena_strdup(b->a, v.u.s, v.len);
            else if (strcmp(a->name, "kv_delimiter") == 0 && v.type == KQ_T_STRING)
                base.kv_delim = kq_arena_strdup(b->a, v.u.s, v.len);
            else if (strcmp(a->name, "greedy") == 0 && v.type == KQ_T_BOOL) base.greedy = v.u.b;
            else {
                fail(b, n, "parse-kv option '%s' is not supported yet", a->name);
                return NULL;
            }
        }
        if ((base.pair_delim == NULL) != (base.kv_delim == NULL) ||
            (base.pair_delim && (!*base.pair_delim || !*base.kv_delim))) {
            fail(b, n, "parse-kv needs both pair_delimiter and kv_delimiter (non-empty), or neither");
            return NULL;
        }
    }
    kq_expr *src = bind_expr(b, pr->kids[0], &in->schema);
    if (!src) return NULL;
    const kq_schema *is = &in->schema;
    int nin = is->n;
    kq_schema out = new_schema(b, nin + dt->nkids);
    kq_expr **exprs = kq_arena_alloc(b->a, sizeof(kq_expr *) * (size_t)(nin + dt->nkids + 1));
    for (int i = 0; i < nin; i++) {
        out.cols[i] = pass_col(&is->cols[i], true);
        exprs[i] = new_expr(b, NULL, kq_eval_column, is->cols[i].type, 0);
        exprs[i]->col = i;
    }
    out.n = nin;
    for (int k = 0; k < dt->nkids; k++) {
        kq_ast *cd = dt->kids[k];
        kq_kv_spec *spec = kq_arena_alloc(b->a, sizeof *spec);
        *spec = base;
        spec->key = cd->name;
        spec->key_len = strlen(cd->name);
        kq_expr *e = new_expr(b, n, kq_eval_kv, cd->type, 1);
        e->args[0] = src;
        e->aux = spec;
        int at = find_col(&out, cd->name);
        if (at < 0) at = out.n++;
        out.cols[at] = new_col(b, cd->name, cd->type);
        exprs[at] = e;
    }
    return finish_owned(b, kq_op_compute_new(in, out.n, exprs), out);
}

/* search's term syntax: a bare string at a boolean position means * has "x" ("x*" hasprefix,
 * "*x" hassuffix, "*x*" contains); and/or/not() are walked */
static void search_terms(binder *b, kq_ast *n, bool cs)
{
    if (!n) return;
    if (n->kind == A_BINARY && (n->op == T_AND || n->op == T_OR)) {
        for (kq_ast **side = &n->a; side <= &n->b; side++) {
            kq_ast *x = *side;
            if (x->kind == A_LITERAL && x->lit.type == KQ_T_STRING) {
                kq_ast *t = kq_arena_zalloc(b->a, sizeof *t);
                *t = *x;
                const char *v = x->lit.u.s;
                size_t len = x->lit.len;
                bool lead = len > 1 && v[0] == '*', trail = len > 1 && v[len - 1] == '*';
                t->kind = A_BINARY;
                t->op = lead && trail ? (cs ? T_CONTAINS_CS : T_CONTAINS)
                        : trail ? (cs ? T_HASPREFIX_CS : T_HASPREFIX)
                        : lead ? (cs ? T_HASSUFFIX_CS : T_HASSUFFIX)
                               : (cs ? T_HAS_CS : T_HAS);
                kq_ast *star = kq_arena_zalloc(b->a, sizeof *star);
                *star = *x;
                star->kind = A_STAR;
                kq_ast *lit = kq_arena_zalloc(b->a, sizeof *lit);
                *lit = *x;
                lit->lit = kq_str(v + (lead ? 1 : 0), len - (lead ? 1 : 0) - (trail ? 1 : 0));
                t->a = star;
                t->b = lit;
                *side = t;
            } else search_terms(b, x, cs);
        }
    } else if (n->kind == A_PAREN) search_terms(b, n->a, cs);
    else if (n->kind == A_CALL && strcmp(n->name, "not") == 0 && n->nkids == 1) {
        kq_ast wrap = {0};
        wrap.kind = A_BINARY;
        wrap.op = T_AND;
        wrap.a = n->kids[0];
        wrap.b = n->kids[0];
        search_terms(b, &wrap, cs);
        n->kids[0] = wrap.a;
    }
}

/* appends a reference to table name to the union u, placed at n */
static void add_table_ref(binder *b, kq_ast *u, const char *name, const kq_ast *n)
{
    kq_ast *t = kq_arena_zalloc(b->a, sizeof *t);
    t->kind = A_TABLE;
    t->name = name;
    t->start = n->start;
    t->end = n->end;
    u->kids[u->nkids++] = t;
}

/* the tables of a search that names none: every bound table and the views that have input (kq
 * check: every documented table, empty); NULL after an error when there are none */
static kq_ast *every_searched_table(binder *b, const kq_ast *n)
{
    kq_ast *tables = kq_arena_zalloc(b->a, sizeof *tables);
    tables->kind = A_UNION;
    int nlet_views = 0;
    for (scope *sc = b->sc; sc; sc = sc->parent)
        for (sym *y = sc->syms; y; y = y->next)
            if (y->kind == SYM_FUNC && (y->ast->flags & F_VIEW)) nlet_views++;
    int cap = b->eng->ntables + kq_builtin_view_count() + b->eng->nviews + nlet_views + kq_catalog_count();
    tables->kids = kq_arena_zalloc(b->a, sizeof(kq_ast *) * (size_t)cap);
    for (int i = 0; i < b->eng->ntables; i++) {
        /* a raw table read through a view (ZeekDns through DnsEvents) is searched once, as the view */
        bool behind_view = false;
        for (int v = 0; v < kq_builtin_view_count(); v++)
            if (strcmp(kq_builtin_view_at(v)->source, b->eng->tables[i].name) == 0) behind_view = true;
        if (!behind_view) add_table_ref(b, tables, b->eng->tables[i].name, n);
    }
    for (int i = 0; i < kq_builtin_view_count(); i++) {
        const char *vn = kq_builtin_view_at(i)->name;
        if (!kq_engine_find_table(b->eng, vn) && view_has_input(b->eng, vn)) add_table_ref(b, tables, vn, n);
    }
    /* views defined by let ... = view () { ... } */
    for (scope *sc = b->sc; sc; sc = sc->parent)
        for (sym *y = sc->syms; y; y = y->next)
            if (y->kind == SYM_FUNC && (y->ast->flags & F_VIEW) && lookup(b, y->name) == y)
                add_table_ref(b, tables, y->name, n);
    if (tables->nkids == 0 && b->eng->checking)
        for (int i = 0; i < kq_catalog_count(); i++) add_table_ref(b, tables, kq_catalog_at(i)->name, n);
    if (tables->nkids == 0) {
        fail(b, n, "search has no tables: give log files or directories");
        return NULL;
    }
    return tables;
}

/* search [kind=case_sensitive] [in (T1, T2*)] predicate: the rows of the tables (all bound
 * tables when no 'in') where the predicate holds, with the table's name first in $table */
static kq_op *bind_search(binder *b, kq_op *in, kq_ast *n)
{
    const char *txt = b->text + n->start, *end = b->text + n->end;
    const char *p = txt + 6; /* search */
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    bool cs = false;
    if ((size_t)(end - p) > 5 && memcmp(p, "kind=", 5) == 0) {
        p += 5;
        if ((size_t)(end - p) >= 14 && memcmp(p, "case_sensitive", 14) == 0) {
            cs = true;
            p += 14;
        } else if ((size_t)(end - p) >= 16 && memcmp(p, "case_insensitive", 16) == 0) p += 16;
        else {
            fail(b, n, "search kind= takes case_sensitive or case_insensitive");
            return NULL;
        }
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    }
    kq_ast *tables = NULL;
    if ((size_t)(end - p) > 2 && memcmp(p, "in", 2) == 0 && (p[2] == ' ' || p[2] == '(')) {
        const char *body;
        size_t blen;
        if (in || !paren_body(p, end, &body, &blen)) {
            fail(b, n, in ? "search in (...) cannot follow a pipe" : "search in needs (tables)");
            return NULL;
        }
        tables = reparse(b, n, "union ", body, blen, "search tables");
        if (!tables) return NULL;
        p = body + blen + 1;
    }
    kq_ast *pr = reparse(b, n, "print ", p, (size_t)(end - p), "search predicate");
    if (!pr || pr->kind != A_PRINT || pr->nkids != 1) {
        if (!b->err->code) fail(b, n, "search takes one predicate");
        return NULL;
    }
    /* a bare term is a whole predicate too */
    kq_ast top = {0};
    top.kind = A_BINARY;
    top.op = T_AND;
    top.a = pr->kids[0];
    top.b = pr->kids[0];
    search_terms(b, &top, cs);
    kq_ast *pred = top.a;
    kq_op *src = in;
    if (!src) {
        if (!tables) tables = every_searched_table(b, n);
        if (!tables) return NULL;
        kq_ast_param *ws = kq_arena_zalloc(b->a, sizeof *ws);
        ws->name = "withsource";
        ws->value = kq_arena_zalloc(b->a, sizeof(kq_ast));
        ws->value->kind = A_NAME;
        ws->value->name = "$table";
        tables->params = ws;
        tables->nparams = 1;
        src = bind_union(b, NULL, tables);
        if (!src) return NULL;
    }
    kq_expr *e = bind_expr(b, pred, &src->schema);
    if (!e) {
        if (b->err->code && b->err->line) {
            char msg[512];
            snprintf(msg, sizeof msg, "in the search predicate: %.440s", b->err->message);
            kq_error_clear(b->err);
            fail(b, n, "%s", msg);
        }
        return NULL;
    }
    kq_schema out = new_schema(b, src->schema.n);
    for (int i = 0; i < src->schema.n; i++) out.cols[i] = pass_col(&src->schema.cols[i], true);
    return finish_owned(b, kq_op_filter_new(src, e), out);
}

/* mv-apply [kind=] [with_itemindex=I] items [limit N] on (subquery) */
static kq_op *bind_mvapply(binder *b, kq_op *in, kq_ast *n)
{
    const char *txt = b->text + n->start, *end = b->text + n->end;
    const char *items = txt;
    while (items < end && *items != ' ' && *items != '\t' && *items != '\n') items++; /* mv-apply */
    const char *on = find_word_paren(items, end, "on");
    if (!on) {
        fail(b, n, "mv-apply needs 'on (subquery)'");
        return NULL;
    }
    const char *open = on + 2;
    while (*open != '(') open++;
    const char *close = NULL;
    int depth = 0;
    for (const char *q = open; q < end; q++) {
        if (*q == '(') depth++;
        else if (*q == ')' && --depth == 0) {
            close = q;
            break;
        }
    }
    if (!close) close = end;
    kq_ast *pipe = reparse(b, n, "print __kq = 1 | mv-expand ", items, (size_t)(on - items), "mv-apply items");
    if (!pipe) return NULL;
    kq_ast *mv = pipe->kind == A_PIPE && pipe->nkids == 2 ? pipe->kids[1] : NULL;
    if (!mv || mv->kind != A_OP_MV_EXPAND) {
        fail(b, n, "cannot read the mv-apply items");
        return NULL;
    }
    const char *kind = param_word(mv, "kind");
    bool bag_as_array = kind && strcmp(kind, "array") == 0;
    const char *index_name = param_word(mv, "with_itemindex");
    int64_t limit = 2147483647;
    if (mv->a && !const_count(b, mv->a->kind == A_OP_OTHER || mv->a->kind == A_OP_TAKE ? mv->a->a : mv->a, &in->schema, &limit))
        return NULL;
    const kq_schema *is = &in->schema;
    int nexp = mv->nkids;
    kq_expr **exprs = kq_arena_alloc(b->a, sizeof(kq_expr *) * (size_t)(nexp ? nexp : 1));
    kq_type *to = kq_arena_alloc(b->a, sizeof(kq_type) * (size_t)(nexp ? nexp : 1));
    kq_schema feed = new_schema(b, nexp + 1);
    feed.n = 0;
    bool *expanded = kq_arena_zalloc(b->a, (size_t)(is->n + 1));
    for (int i = 0; i < nexp; i++) {
        kq_ast *it = mv->kids[i];
        kq_type t = KQ_T_UNKNOWN;
        if (it->kind == A_MVITEM) {
            t = it->type;
            it = it->a;
        }
        const char *name;
        kq_ast *ex = it;
        if (it->kind == A_ASSIGN) {
            name = it->name;
            ex = it->a;
        } else {
            name = auto_name(b, it);
            int c = name ? find_col(is, name) : -1;
            if (c >= 0 && (it->kind == A_NAME || it->kind == A_TABLE)) expanded[c] = true;
        }
        kq_ast at = *n;
        exprs[i] = bind_expr(b, ex, is);
        if (!exprs[i]) return NULL;
        if (exprs[i]->type != KQ_T_DYNAMIC) {
            fail(b, &at, "mv-apply needs dynamic values, got %s", kq_type_name(exprs[i]->type));
            return NULL;
        }
        to[i] = t;
        const char *col_name = unique_name(b, &feed, feed.n, name ? name : "Column1");
        feed.cols[feed.n] = new_col(b, col_name, t == KQ_T_UNKNOWN ? KQ_T_DYNAMIC : t);
        feed.n++;
    }
    if (index_name) {
        const char *col_name = unique_name(b, &feed, feed.n, index_name);
        feed.cols[feed.n] = new_col(b, col_name, KQ_T_LONG);
        feed.n++;
    }
    kq_op *feeder = finish_owned(b, kq_op_rows_new(feed.n, 0, NULL), feed);
    mark_all_used(&feed);
    /* the subquery reads the feeder */
    kq_ast *sub_ast = reparse(b, n, "__kq_mvapply_rows | ", open + 1, (size_t)(close - open - 1), "mv-apply subquery");
    if (!sub_ast) return NULL;
    scope *fs = kq_arena_zalloc(b->a, sizeof *fs);
    fs->parent = b->sc;
    sym *ps = kq_arena_zalloc(b->a, sizeof *ps);
    ps->name = "__kq_mvapply_rows";
    ps->kind = SYM_TABLE_OP;
    ps->op = feeder;
    fs->syms = ps;
    scope *saved = b->sc;
    const char *saved_text = b->text;
    size_t saved_len = b->len;
    b->sc = fs;
    kq_op *sub = bind_tabular(b, sub_ast);
    b->sc = saved;
    b->text = saved_text;
    b->len = saved_len;
    if (!sub) {
        if (b->err->code && b->err->line) {
            char msg[512];
            snprintf(msg, sizeof msg, "in the mv-apply subquery: %.440s", b->err->message);
            kq_error_clear(b->err);
            fail(b, n, "%s", msg);
        }
        return NULL;
    }
    mark_all_used(&sub->schema);
    mark_all_used(is);
    int *keep = kq_arena_alloc(b->a, sizeof(int) * (size_t)(is->n + 1));
    int nkeep = 0;
    kq_schema out = new_schema(b, is->n + sub->schema.n);
    out.n = 0;
    for (int i = 0; i < is->n; i++)
        if (!expanded[i]) {
            keep[nkeep++] = i;
            out.cols[out.n++] = pass_col(&is->cols[i], false);
        }
    for (int i = 0; i < sub->schema.n; i++) {
        kq_col c = pass_col(&sub->schema.cols[i], false);
        c.name = unique_name(b, &out, out.n, c.name);
        out.cols[out.n++] = c;
    }
    return finish_owned(b, kq_op_mvapply_new(in, nexp, exprs, to, bag_as_array, index_name != NULL, limit, feeder, sub, nkeep, keep),
                        out);
}

/* an operator kq does not run: named as unsupported when Kusto has it, unknown otherwise */
static kq_op *reject_operator(binder *b, kq_ast *n)
{
    const char *name = op_display_name(n->kind);
    if (!name) name = n->name ? n->name : "?";
    if (strcmp(name, "externaldata") == 0)
        fail(b, n, "externaldata is not supported: kq works offline; bind the file instead (--table NAME=PATH)");
    else if (n->kind == A_OP_OTHER && !kq_kusto_has_operator(name))
        fail(b, n, "unknown operator '%s'", name);
    else fail(b, n, "the operator '%s' is not supported yet", name);
    return NULL;
}

static kq_op *bind_operator(binder *b, kq_op *in, kq_ast *n)
{
    switch (n->kind) {
    case A_OP_WHERE: return bind_where(b, in, n);
    case A_OP_PROJECT: return bind_project(b, in, n);
    case A_OP_EXTEND: return bind_extend(b, in, n);
    case A_OP_PROJECT_AWAY: return bind_project_away_keep(b, in, n, false);
    case A_OP_PROJECT_KEEP: return bind_project_away_keep(b, in, n, true);
    case A_OP_PROJECT_RENAME: return bind_project_rename(b, in, n);
    case A_OP_PROJECT_REORDER:
        for (int i = 0; i < n->nkids; i++)
            if (n->kids[i]->flags & F_GRANNY) {
                fail(b, n->kids[i], "project-reorder granny-asc/granny-desc is not supported yet");
                return NULL;
            }
        return bind_project_reorder(b, in, n);
    case A_OP_SORT: return bind_sort(b, in, n->kids, n->nkids, -1);
    case A_OP_TOP: {
        int64_t cnt;
        if (!const_count(b, n->a, &in->schema, &cnt)) return NULL;
        return bind_sort(b, in, n->kids, n->nkids, cnt < 0 ? 0 : cnt);
    }
    case A_OP_TAKE: {
        int64_t cnt;
        if (!const_count(b, n->a, &in->schema, &cnt)) return NULL;
        kq_schema out = new_schema(b, in->schema.n);
        for (int i = 0; i < in->schema.n; i++) out.cols[i] = pass_col(&in->schema.cols[i], false);
        return finish_owned(b, kq_op_take_new(in, cnt < 0 ? 0 : cnt), out);
    }
    case A_OP_SAMPLE: {
        int64_t cnt;
        if (!const_count(b, n->a, &in->schema, &cnt)) return NULL;
        if (cnt > 10000000) {
            fail(b, n->a, "sample keeps its rows in memory: at most 10,000,000");
            return NULL;
        }
        kq_schema out = new_schema(b, in->schema.n);
        for (int i = 0; i < in->schema.n; i++) out.cols[i] = pass_col(&in->schema.cols[i], false);
        return finish_owned(b, kq_op_sample_new(in, cnt), out);
    }
    case A_OP_COUNT: return bind_count(b, in, n);
    case A_OP_DISTINCT: return bind_distinct(b, in, n);
    case A_OP_SUMMARIZE: return bind_summarize(b, in, n->kids, n->nkids, n->kids2, n->nkids2, false);
    case A_OP_UNION: return bind_union(b, in, n);
    case A_OP_AS:
    case A_OP_SERIALIZE:
        if (n->kind == A_OP_SERIALIZE && n->nkids) {
            fail(b, n, "serialize with columns is not supported yet");
            return NULL;
        }
        return in;
    case A_OP_RENDER: return in; /* a visualization hint: the data is unchanged */
    case A_OP_INVOKE: return bind_invoke(b, in, n);
    case A_OP_JOIN: return bind_join(b, in, n, false);
    case A_OP_LOOKUP: return bind_join(b, in, n, true);
    case A_OP_MV_EXPAND: return bind_mvexpand(b, in, n);
    case A_OP_PARSE: return bind_parse(b, in, n);
    case A_OP_EVALUATE: return bind_bag_unpack(b, in, n);
    case A_OP_MV_APPLY: return bind_mvapply(b, in, n);
    case A_OP_PARSE_KV: return bind_parse_kv(b, in, n);
    case A_OP_SEARCH: return bind_search(b, in, n);
    case A_OP_GETSCHEMA: return bind_getschema(b, in);
    default: return reject_operator(b, n);
    }
}

/* ---- where and the prefilter pushdown ---- */

static bool ascii_clean(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || c == '"' || c == '\\' || c < 0x20) return false;
    }
    return true;
}

/* finds, in a conjunction, a predicate that every matching record's raw bytes must satisfy:
 * a column straight from a scan tested with has/has_any/contains/==/in against constants.
 * Start-bounded operators match only where a term of the value starts, and a value starts after a
 * separator in the raw bytes (quote, delimiter, line start), so their needles only count at term
 * starts; contains, endswith and hassuffix can match inside a term. */
static void push_prefilter(binder *b, const kq_expr *e, const kq_schema *s)
{
    if (e->eval == kq_eval_and) {
        for (int i = 0; i < e->nargs; i++) push_prefilter(b, e->args[i], s);
        return;
    }
    const kq_expr *col = e->nargs ? e->args[0] : NULL;
    if (!col || col->eval != kq_eval_column || col->is_const || col->type != KQ_T_STRING) return;
    const kq_col *c = &s->cols[col->col];
    if (!c->origin) return;
    const kq_value *vals = NULL;
    int nv = 0;
    bool start_bounded = true;
    if (e->eval == kq_eval_has_any && e->op == 0 && e->nargs == 1) {
        vals = e->consts;
        nv = e->nconsts;
    } else if (e->eval == kq_eval_in && (e->op == T_IN || e->op == T_IN_CI) && e->nargs == 1) {
        vals = e->consts;
        nv = e->nconsts;
    } else if ((e->eval == kq_eval_string_op || e->eval == kq_eval_binary) && e->nargs == 2 && e->args[1]->is_const &&
               e->args[1]->k.type == KQ_T_STRING) {
        switch (e->op) {
        case T_HAS: case T_HAS_CS: case T_HASPREFIX: case T_HASPREFIX_CS: case T_STARTSWITH: case T_STARTSWITH_CS:
        case T_EQ: case T_EQ_CI:
            break;
        case T_CONTAINS: case T_CONTAINS_CS: case T_HASSUFFIX: case T_HASSUFFIX_CS: case T_ENDSWITH:
        case T_ENDSWITH_CS:
            start_bounded = false;
            break;
        default: return;
        }
        vals = &e->args[1]->k;
        nv = 1;
    } else return;
    if (nv <= 0) return;
    size_t total = 0;
    for (int i = 0; i < nv; i++) {
        if (vals[i].type != KQ_T_STRING || vals[i].len == 0 || !ascii_clean(vals[i].u.s, vals[i].len)) return;
        total += vals[i].len;
    }
    const char **needles = kq_xmalloc(sizeof(char *) * (size_t)nv);
    size_t *lens = kq_xmalloc(sizeof(size_t) * (size_t)nv);
    char *text = kq_xmalloc(total), *low = text;
    for (int i = 0; i < nv; i++) {
        needles[i] = low;
        lens[i] = vals[i].len;
        for (uint32_t j = 0; j < vals[i].len; j++) {
            char ch = vals[i].u.s[j];
            *low++ = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
        }
    }
    kq_op_scan_add_prefilter(c->origin->scan, c->origin->field, nv, needles, lens, start_bounded);
    free(text);
    free(needles);
    free(lens);
}

static kq_op *bind_where(binder *b, kq_op *in, kq_ast *n)
{
    kq_expr *p = bind_expr(b, n->a, &in->schema);
    if (!p) return NULL;
    if (p->type != KQ_T_BOOL && p->type != KQ_T_DYNAMIC && p->type != KQ_T_UNKNOWN) {
        fail(b, n->a, "the where predicate must be bool, but it is %s", kq_type_name(p->type));
        return NULL;
    }
    push_prefilter(b, p, &in->schema);
    kq_schema out = new_schema(b, in->schema.n);
    for (int i = 0; i < in->schema.n; i++) out.cols[i] = pass_col(&in->schema.cols[i], true);
    return finish_owned(b, kq_op_filter_new(in, p), out);
}

/* ---- sources ---- */

static kq_op *bind_datatable(binder *b, kq_ast *n)
{
    int nc = n->nkids;
    if (nc == 0 || n->nkids2 % nc) {
        fail(b, n, "datatable has %d values, which is not a multiple of its %d columns", n->nkids2, nc);
        return NULL;
    }
    int nr = n->nkids2 / nc;
    kq_schema out = new_schema(b, nc);
    for (int i = 0; i < nc; i++) out.cols[i] = new_col(b, n->kids[i]->name, n->kids[i]->type);
    kq_value *vals = kq_arena_alloc(b->a, sizeof(kq_value) * (size_t)(n->nkids2 ? n->nkids2 : 1));
    for (int r = 0; r < nr; r++)
        for (int c = 0; c < nc; c++) {
            kq_ast *vn = n->kids2[r * nc + c];
            kq_expr *e = bind_expr(b, vn, NULL);
            if (!e) return NULL;
            if (!e->is_const) {
                fail(b, vn, "datatable values must be constants");
                return NULL;
            }
            kq_type t = out.cols[c].type;
            kq_value v = e->k;
            if (v.type != t) {
                if (v.null && v.type != KQ_T_STRING) v = kq_null(t);
                else if (kq_is_numeric((kq_type)v.type) && kq_is_numeric(t)) v = kq_convert(&v, t, &b->fold);
                else if (t == KQ_T_DYNAMIC) v = kq_convert(&v, t, &b->fold);
                else {
                    fail(b, vn, "a %s value in the %s column '%s'", kq_type_name((kq_type)v.type), kq_type_name(t), out.cols[c].name);
                    return NULL;
                }
            }
            vals[r * nc + c] = kq_value_copy(&v, b->a);
        }
    return finish_owned(b, kq_op_rows_new(nc, nr, vals), out);
}

static kq_op *bind_print(binder *b, kq_ast *n)
{
    int cnt;
    item *items = bind_items(b, n->kids, n->nkids, NULL, &cnt);
    if (!items) return NULL;
    kq_schema out = new_schema(b, cnt);
    kq_value *vals = kq_arena_alloc(b->a, sizeof(kq_value) * (size_t)(cnt ? cnt : 1));
    for (int i = 0; i < cnt; i++) {
        const char *name = items[i].name;
        if (!name || (n->kids[i]->kind != A_ASSIGN && n->kids[i]->kind != A_NAME)) {
            if (n->kids[i]->kind != A_ASSIGN) {
                char buf[32];
                snprintf(buf, sizeof buf, "print_%d", i);
                name = kq_arena_strdup(b->a, buf, strlen(buf));
            }
        }
        out.cols[i] = new_col(b, unique_name(b, &out, i, name), items[i].expr->type);
        kq_value v;
        kq_arena_reset(&b->fold_scratch);
        kq_eval(items[i].expr, NULL, &b->fold, &v);
        vals[i] = kq_value_copy(&v, b->a);
    }
    return finish_owned(b, kq_op_rows_new(cnt, 1, vals), out);
}

static kq_op *bind_range(binder *b, kq_ast *n)
{
    kq_expr *f = bind_expr(b, n->a, NULL), *t = f ? bind_expr(b, n->b, NULL) : NULL, *s = t ? bind_expr(b, n->c, NULL) : NULL;
    if (!s) return NULL;
    if (!f->is_const || !t->is_const || !s->is_const) {
        fail(b, n, "range bounds must be constants");
        return NULL;
    }
    kq_value from = f->k, to = t->k, step = s->k;
    if (from.type == KQ_T_INT) from = kq_long(from.u.i);
    if (to.type == KQ_T_INT) to = kq_long(to.u.i);
    if (step.type == KQ_T_INT) step = kq_long(step.u.i);
    kq_schema out = new_schema(b, 1);
    out.cols[0] = new_col(b, n->name, (kq_type)from.type);
    return finish_owned(b, kq_op_range_new(from, to, step), out);
}

static kq_op *bind_file_table(binder *b, kq_file_table *t)
{
    kq_read_opts opts;
    kq_engine_read_opts(b->eng, &opts);
    kq_op *scan = kq_op_scan_new(&t->files, &opts);
    own_op(b, scan);
    bool sources = b->eng->source_columns;
    kq_schema s = new_schema(b, t->ncols + (sources ? 2 : 0));
    kq_scan_origin *origins = kq_arena_zalloc(b->a, sizeof(kq_scan_origin) * (size_t)(t->ncols ? t->ncols : 1));
    for (int i = 0; i < t->ncols; i++) {
        s.cols[i] = new_col(b, t->col_names[i], t->col_types[i]);
        origins[i].scan = scan;
        origins[i].field = i;
        s.cols[i].origin = &origins[i];
    }
    if (sources) {
        s.cols[t->ncols] = new_col(b, KQ_SOURCE_FILE_COLUMN, KQ_T_STRING);
        s.cols[t->ncols + 1] = new_col(b, KQ_SOURCE_LINE_COLUMN, KQ_T_LONG);
        kq_op_scan_set_source_columns(scan, t->ncols, t->ncols + 1);
    }
    kq_op_scan_set_schema(scan, s);
    return scan;
}

static bool view_has_input(kq_engine *e, const char *name)
{
    const kq_builtin_view *bv = kq_builtin_view_find(name);
    if (bv && !kq_engine_find_table(e, bv->source)) {
        for (int i = 0; i < e->nviews; i++)
            if (strcmp(e->views[i].name, name) == 0) return true;
        return false;
    }
    return kq_engine_view_text(e, name) != NULL;
}

static const char *converter_for(kq_type t)
{
    switch (t) {
    case KQ_T_BOOL: return "tobool";
    case KQ_T_INT: return "toint";
    case KQ_T_LONG: return "tolong";
    case KQ_T_REAL: return "toreal";
    case KQ_T_STRING: return "tostring";
    case KQ_T_DATETIME: return "todatetime";
    case KQ_T_TIMESPAN: return "totimespan";
    default: return "todynamic";
    }
}

/* a view that provides a Sentinel table gives exactly that table's columns and types (in the
 * catalog's order; columns the view does not fill are null or ""), then its own extra columns */
static kq_op *conform_to_catalog(binder *b, kq_op *in, const kq_catalog_table *ct)
{
    int extra = 0;
    for (int i = 0; i < in->schema.n; i++) {
        bool known = false;
        for (int j = 0; j < ct->ncols; j++)
            if (strcmp(ct->cols[j].name, in->schema.cols[i].name) == 0) known = true;
        if (!known) extra++;
    }
    int width = ct->ncols + extra;
    kq_schema out = new_schema(b, width);
    kq_expr **exprs = kq_arena_alloc(b->a, sizeof(kq_expr *) * (size_t)width);
    for (int j = 0; j < ct->ncols; j++) {
        int i = find_col(&in->schema, ct->cols[j].name);
        kq_type t = ct->cols[j].type;
        if (i < 0) {
            exprs[j] = const_expr(b, NULL, kq_null(t));
            out.cols[j] = new_col(b, ct->cols[j].name, t);
            continue;
        }
        if (in->schema.cols[i].type == t) {
            exprs[j] = new_expr(b, NULL, kq_eval_column, t, 0);
            exprs[j]->col = i;
            out.cols[j] = pass_col(&in->schema.cols[i], true);
            continue;
        }
        const kq_fn *fn = kq_fn_lookup(converter_for(t));
        kq_expr *e = new_expr(b, NULL, fn->eval, t, 1);
        e->args[0] = col_expr(b, NULL, &in->schema, i);
        exprs[j] = e;
        out.cols[j] = new_col(b, ct->cols[j].name, t);
    }
    int k = ct->ncols;
    out.n = ct->ncols;
    for (int i = 0; i < in->schema.n; i++) {
        if (find_col(&out, in->schema.cols[i].name) >= 0) continue;
        exprs[k] = new_expr(b, NULL, kq_eval_column, in->schema.cols[i].type, 0);
        exprs[k]->col = i;
        out.cols[k] = pass_col(&in->schema.cols[i], true);
        k++;
        out.n = k;
    }
    return finish_owned(b, kq_op_compute_new(in, k, exprs), out);
}

static kq_op *bind_view(binder *b, const char *name, kq_ast *at)
{
    const char *text = kq_engine_view_text(b->eng, name);
    kq_error perr;
    kq_error_clear(&perr);
    kq_ast *root = kq_parse(text, strlen(text), b->a, &perr);
    if (!root || root->nkids < 1) {
        fail(b, at, "the view '%s' does not compile: %s", name, perr.message);
        return NULL;
    }
    /* bind the view in a fresh top-level scope, reporting errors at the reference */
    const char *saved_text = b->text;
    size_t saved_len = b->len;
    scope *saved_sc = b->sc;
    scope top = {NULL, NULL};
    b->sc = &top;
    b->text = text;
    b->len = strlen(text);
    kq_op *op = bind_tabular(b, root->kids[root->nkids - 1]);
    b->text = saved_text;
    b->len = saved_len;
    b->sc = saved_sc;
    const kq_catalog_table *ct = kq_catalog_find(name);
    if (op && ct) op = conform_to_catalog(b, op, ct);
    if (!op && b->err->code && b->err->line) {
        char msg[512];
        snprintf(msg, sizeof msg, "in the view '%.64s' (line %d:%d): %.400s", name, b->err->line, b->err->col, b->err->message);
        kq_error_clear(b->err);
        fail(b, at, "%s", msg);
    }
    return op;
}

static kq_op *bind_table_name(binder *b, kq_ast *n)
{
    const char *name = n->name;
    sym *y = lookup(b, name);
    if (y && (y->kind == SYM_TABULAR || y->kind == SYM_TABLE_ARG)) {
        scope *saved = b->sc;
        b->sc = y->def;
        kq_op *op = bind_tabular(b, y->ast);
        b->sc = saved;
        return op;
    }
    if (y && y->kind == SYM_TABLE_OP) {
        if (!y->op) {
            fail(b, n, "the tabular parameter '%s' can be used only once here", name);
            return NULL;
        }
        kq_op *op = y->op;
        y->op = NULL;
        return op;
    }
    if (y && y->kind == SYM_FUNC) {
        kq_ast call = *n;
        call.kind = A_CALL;
        call.nkids = 0;
        return bind_tabular(b, &call);
    }
    if (y && y->kind == SYM_SCALAR) {
        fail(b, n, "'%s' is a value, not a table", name);
        return NULL;
    }
    kq_file_table *t = kq_engine_find_table(b->eng, name);
    bool has_view = view_has_input(b->eng, name);
    if (!t && !has_view && b->eng->input_provider) {
        /* a deferred input (standard input) is bound the first time a query needs one */
        kq_input_fn provide = b->eng->input_provider;
        b->eng->input_provider = NULL;
        kq_error perr;
        kq_error_clear(&perr);
        if (provide(b->eng->input_user, b->eng, name, &perr) != 0) {
            *b->err = perr;
            return NULL;
        }
        t = kq_engine_find_table(b->eng, name);
        has_view = view_has_input(b->eng, name);
    }
    if (t && has_view) {
        kq_op *legs[2];
        legs[0] = bind_file_table(b, t);
        legs[1] = bind_view(b, name, n);
        if (!legs[1]) {
            return NULL;
        }
        kq_op *u = make_union(b, legs, 2, n);
        return u;
    }
    if (t) return bind_file_table(b, t);
    if (has_view) return bind_view(b, name, n);
    const kq_builtin_view *bv = kq_builtin_view_find(name);
    const kq_catalog_table *ct = kq_catalog_find(name);
    if (ct && b->eng->checking) {
        /* kq check: an empty table with the documented schema */
        kq_schema s = new_schema(b, ct->ncols);
        for (int i = 0; i < ct->ncols; i++) s.cols[i] = new_col(b, ct->cols[i].name, ct->cols[i].type);
        return finish_owned(b, kq_op_rows_new(ct->ncols, 0, NULL), s);
    }
    if (ct || bv)
        fail(b, n, "no input for the table '%s': bind files with --table %s=PATH%s%s%s", name, name,
             bv ? " or give logs of " : "", bv ? bv->source : "", bv ? " (see kq tables)" : "");
    else fail(b, n, "unknown table '%s'", name);
    return NULL;
}

/* a call to a user-defined tabular function */
static kq_op *bind_tabular_call(binder *b, kq_ast *n)
{
    return bind_tabular_call_with(b, n, NULL);
}

/* with first != NULL (invoke), the function's first parameter is that input */
static kq_op *bind_tabular_call_with(binder *b, kq_ast *n, kq_op *first)
{
    sym *y = lookup(b, n->name);
    if (!y || y->kind != SYM_FUNC) {
        fail(b, n, "unknown tabular function '%s'", n->name);
        return NULL;
    }
    kq_ast *def = y->ast;
    int np = def->nkids;
    int shift = first ? 1 : 0;
    if (n->nkids + shift > np) {
        fail(b, n, "'%s' takes at most %d arguments", n->name, np);
        return NULL;
    }
    scope *fs = kq_arena_zalloc(b->a, sizeof *fs);
    fs->parent = y->def;
    kq_ast **args = kq_arena_zalloc(b->a, sizeof(kq_ast *) * (size_t)(np ? np : 1));
    for (int i = 0; i < n->nkids; i++) {
        kq_ast *arg = n->kids[i];
        int slot = i + shift;
        if (arg->kind == A_NAMEDARG) {
            slot = -1;
            for (int j = 0; j < np; j++)
                if (strcmp(def->kids[j]->name, arg->name) == 0) slot = j;
            if (slot < 0) {
                fail(b, arg, "'%s' has no parameter named '%s'", n->name, arg->name);
                return NULL;
            }
            arg = arg->a;
        }
        args[slot] = arg;
    }
    for (int j = 0; j < np; j++) {
        kq_ast *p = def->kids[j];
        if (j == 0 && first) {
            sym *ps = kq_arena_zalloc(b->a, sizeof *ps);
            ps->name = p->name;
            ps->kind = SYM_TABLE_OP;
            ps->op = first;
            ps->next = fs->syms;
            fs->syms = ps;
            continue;
        }
        kq_ast *arg = args[j] ? args[j] : p->a;
        if (!arg) {
            fail(b, n, "missing argument '%s' of '%s'", p->name, n->name);
            return NULL;
        }
        sym *ps = kq_arena_zalloc(b->a, sizeof *ps);
        ps->name = p->name;
        if (p->flags & F_TABULAR) {
            ps->kind = SYM_TABLE_ARG;
            ps->ast = arg->kind == A_NAME ? arg : arg;
            if (arg->kind == A_NAME) arg->kind = A_TABLE;
            ps->def = b->sc;
        } else {
            ps->kind = SYM_SCALAR;
            ps->expr = bind_expr(b, arg, NULL);
            if (!ps->expr) return NULL;
        }
        ps->next = fs->syms;
        fs->syms = ps;
    }
    scope *saved = b->sc;
    b->sc = fs;
    kq_op *op = NULL;
    kq_ast *blk = def->a;
    for (int i = 0; blk && i < blk->nkids && !b->err->code; i++) {
        kq_ast *st = blk->kids[i];
        if (st->kind == A_LET) {
            sym *ls = define(b, st->name, SYM_TABULAR);
            ls->ast = st->a;
            if (st->a->kind == A_FUNCDEF) ls->kind = SYM_FUNC;
            else if (!is_tabular_ast(b, st->a)) {
                ls->kind = SYM_SCALAR;
                ls->expr = bind_expr(b, st->a, NULL);
            } else if (st->a->kind == A_NAME) st->a->kind = A_TABLE;
        } else op = bind_tabular(b, st);
    }
    b->sc = saved;
    if (!op && !b->err->code) fail(b, n, "the function '%s' has no tabular body", n->name);
    return op;
}

/* materialize(T): computed once and replayed to every reference when it belongs to the query's
 * top level (a let of the query: the same rows whoever reads them). Inside a function body the
 * rows may depend on the call's arguments, so there it is the plain T. */
/* True when no name in the tree is one the query defines (a let, a parameter): then the tree
 * means the same in any query of the engine. */
static bool reads_only_engine_names(binder *b, const kq_ast *n)
{
    if (!n) return true;
    if ((n->kind == A_TABLE || n->kind == A_NAME || n->kind == A_CALL) && n->name && lookup(b, n->name)) return false;
    if (!reads_only_engine_names(b, n->a) || !reads_only_engine_names(b, n->b) || !reads_only_engine_names(b, n->c))
        return false;
    for (int i = 0; i < n->nkids; i++)
        if (!reads_only_engine_names(b, n->kids[i])) return false;
    for (int i = 0; i < n->nkids2; i++)
        if (!reads_only_engine_names(b, n->kids2[i])) return false;
    for (int i = 0; i < n->nparams; i++)
        if (!reads_only_engine_names(b, n->params[i].value)) return false;
    return true;
}

static kq_op *replay_schema(binder *b, kq_mat_cache *cache, int n, const char *const *names, const kq_type *types)
{
    kq_schema s = new_schema(b, n);
    for (int i = 0; i < n; i++) s.cols[i] = new_col(b, names[i], types[i]);
    return finish_owned(b, kq_op_materialized_new(cache), s);
}

/* materialize(T) kept by the engine across queries (kq_engine_set_shared_materialize): filled
 * here, at bind time, so that it never depends on this query's ops. NULL with no error when T
 * cannot be shared (then the query keeps its own). */
static kq_op *bind_shared_materialize(binder *b, kq_ast *n, kq_ast *body)
{
    kq_engine *e = b->eng;
    if (!e || !e->share_materialize || !e->now_set || n->end <= n->start || (size_t)n->end > b->len ||
        !reads_only_engine_names(b, body))
        return NULL;
    const char *key = b->text + n->start;
    size_t len = (size_t)(n->end - n->start);
    const kq_shared_mat *kept = kq_engine_find_materialized(e, key, len);
    if (kept) return replay_schema(b, kept->cache, kept->ncols, (const char *const *)kept->names, kept->types);
    kq_op *source = bind_tabular(b, body);
    if (!source) return NULL;
    mark_all_used(&source->schema);
    kq_mat_cache *cache = kq_mat_cache_new(source);
    if (kq_mat_cache_fill(cache, &b->fold) != 0) {
        kq_mat_cache_free(cache);
        if (!b->err->code) *b->err = *b->fold.err;
        return NULL;
    }
    kq_engine_keep_materialized(e, key, len, cache, &source->schema);
    kept = &e->shared[e->nshared - 1];
    return replay_schema(b, kept->cache, kept->ncols, (const char *const *)kept->names, kept->types);
}

static kq_op *bind_materialize(binder *b, kq_ast *n)
{
    kq_ast *arg = n->kids[0];
    if (arg->kind == A_NAME) arg->kind = A_TABLE;
    kq_ast *body = arg->kind == A_SUBQUERY ? arg->a : arg;
    if (b->sc->parent) return bind_tabular(b, body);
    kq_op *shared = bind_shared_materialize(b, n, body);
    if (shared || b->err->code) return shared;
    materialized *m;
    for (m = b->materialized; m; m = m->next)
        if (m->call == n) break;
    if (!m) {
        kq_op *source = bind_tabular(b, body);
        if (!source) return NULL;
        mark_all_used(&source->schema); /* every reference may read any column */
        m = kq_arena_zalloc(b->a, sizeof *m);
        m->call = n;
        m->cache = kq_mat_cache_new(source);
        kq_query_own(b->q, m->cache, kq_mat_cache_free);
        m->schema = source->schema;
        m->next = b->materialized;
        b->materialized = m;
    }
    kq_schema s = new_schema(b, m->schema.n);
    for (int i = 0; i < m->schema.n; i++) s.cols[i] = new_col(b, m->schema.cols[i].name, m->schema.cols[i].type);
    return finish_owned(b, kq_op_materialized_new(m->cache), s);
}

/* `... | as T`: T names the pipeline up to the as, for the rest of the query, as `let T = ...;`
 * would (bound again where it is used). T is bound in the scope as it was before T, so the
 * pipeline may read a table of the same name. */
static void define_as(binder *b, kq_ast *pipe, int at)
{
    kq_ast *prefix = pipe->kids[0];
    if (at > 1) {
        prefix = kq_arena_zalloc(b->a, sizeof *prefix);
        *prefix = *pipe;
        prefix->nkids = at;
        prefix->end = pipe->kids[at - 1]->end;
    }
    scope *before = kq_arena_zalloc(b->a, sizeof *before);
    *before = *b->sc;
    sym *y = define(b, pipe->kids[at]->name, SYM_TABULAR);
    y->ast = prefix;
    y->def = before;
}

static kq_op *bind_tabular(binder *b, kq_ast *n)
{
    if (b->err->code) return NULL;
    if (++b->depth > MAX_DEPTH) {
        fail(b, n, "the query is nested too deeply");
        b->depth--;
        return NULL;
    }
    kq_op *op = NULL;
    switch (n->kind) {
    case A_PIPE:
        op = bind_tabular(b, n->kids[0]);
        for (int i = 1; op && i < n->nkids; i++) {
            if (n->kids[i]->kind == A_OP_AS) define_as(b, n, i);
            op = bind_operator(b, op, n->kids[i]);
        }
        break;
    case A_TABLE:
    case A_NAME: op = bind_table_name(b, n); break;
    case A_CALL:
        /* materialize(T) caches T: the same rows */
        if (strcmp(n->name, "_GetWatchlist") == 0 && n->nkids == 1 && !lookup(b, n->name)) {
            /* a Sentinel watchlist: the table of that name (bind its CSV with -t NAME=FILE) */
            kq_ast *arg = n->kids[0];
            if (arg->kind != A_LITERAL || arg->lit.type != KQ_T_STRING) {
                fail(b, n, "_GetWatchlist takes the watchlist's name as a string");
                break;
            }
            kq_ast *ref = kq_arena_zalloc(b->a, sizeof *ref);
            *ref = *arg;
            ref->kind = A_TABLE;
            ref->name = arg->lit.u.s;
            if (!kq_engine_find_table(b->eng, ref->name) && !b->eng->input_provider) {
                fail(b, arg, "no input for the watchlist '%s': bind its CSV export with -t %s=FILE", ref->name, ref->name);
                break;
            }
            op = bind_table_name(b, ref);
        } else if (strcmp(n->name, "materialize") == 0 && n->nkids == 1 && !lookup(b, n->name)) {
            op = bind_materialize(b, n);
        } else op = bind_tabular_call(b, n);
        break;
    case A_DATATABLE: op = bind_datatable(b, n); break;
    case A_PRINT: op = bind_print(b, n); break;
    case A_RANGE: op = bind_range(b, n); break;
    case A_UNION: op = bind_union(b, NULL, n); break;
    case A_OP_SEARCH: op = bind_search(b, NULL, n); break;
    case A_SUBQUERY:
    case A_PAREN: op = bind_tabular(b, n->a); break;
    default:
        if (op_display_name(n->kind) || n->kind == A_OP_OTHER) reject_operator(b, n);
        else fail(b, n, "expected a tabular expression");
        break;
    }
    b->depth--;
    return op;
}

/* ---- statements ---- */

static bool is_tabular_ast(binder *b, kq_ast *n)
{
    switch (n->kind) {
    case A_PIPE: case A_TABLE: case A_DATATABLE: case A_PRINT: case A_RANGE: case A_UNION: case A_SUBQUERY:
    case A_OP_OTHER: case A_OP_SEARCH: case A_OP_FIND: case A_OP_EVALUATE: return true;
    case A_NAME: {
        sym *y = lookup(b, n->name);
        if (y) return y->kind == SYM_TABULAR || y->kind == SYM_TABLE_ARG;
        return kq_engine_find_table(b->eng, n->name) || kq_engine_view_text(b->eng, n->name) || kq_catalog_find(n->name);
    }
    case A_CALL: {
        if (strcmp(n->name, "materialize") == 0 || strcmp(n->name, "_GetWatchlist") == 0) return true;
        sym *y = lookup(b, n->name);
        if (!y || y->kind != SYM_FUNC || !y->ast->a || !y->ast->a->nkids) return false;
        kq_ast *last = y->ast->a->kids[y->ast->a->nkids - 1];
        return last->kind == A_PIPE || last->kind == A_TABLE || last->kind == A_DATATABLE || last->kind == A_UNION;
    }
    default: return false;
    }
}

int kq_bind_query(kq_query *q, kq_ast *root, kq_error *err)
{
    binder b;
    memset(&b, 0, sizeof b);
    b.q = q;
    b.eng = q->engine;
    b.text = q->text;
    b.len = q->len;
    b.a = &q->arena;
    b.err = err;
    kq_arena_init(&b.fold_scratch, 16 * 1024);
    kq_error fold_err;
    kq_error_clear(&fold_err);
    b.fold.scratch = &b.fold_scratch;
    b.fold.now = q->ctx.now;
    b.fold.err = &fold_err;
    scope top = {NULL, NULL};
    b.sc = &top;
    int cap = 4;
    q->results = kq_xcalloc((size_t)cap, sizeof(kq_result));
    for (int i = 0; i < root->nkids && !err->code; i++) {
        kq_ast *st = root->kids[i];
        if (st->kind == A_LET) {
            if (st->a->kind == A_FUNCDEF) {
                sym *y = define(&b, st->name, SYM_FUNC);
                y->ast = st->a;
            } else if (is_tabular_ast(&b, st->a)) {
                sym *y = define(&b, st->name, SYM_TABULAR);
                y->ast = st->a->kind == A_NAME ? st->a : st->a;
                if (st->a->kind == A_NAME) st->a->kind = A_TABLE;
            } else {
                kq_expr *e = bind_expr(&b, st->a, NULL);
                if (!e) break;
                if (!e->is_const) {
                    kq_value v;
                    kq_arena_reset(&b.fold_scratch);
                    kq_eval(e, NULL, &b.fold, &v);
                    e = const_expr(&b, st->a, v);
                }
                sym *y = define(&b, st->name, SYM_SCALAR);
                y->expr = e;
            }
            continue;
        }
        if (st->kind == A_SET) continue; /* request options do not change results here */
        if (st->kind != A_PIPE && st->kind != A_TABLE && st->kind != A_DATATABLE && st->kind != A_PRINT &&
            st->kind != A_RANGE && st->kind != A_UNION && st->kind != A_SUBQUERY && st->kind != A_NAME &&
            st->kind != A_CALL && st->kind != A_OP_SEARCH) {
            const char *name = op_display_name(st->kind);
            if (name) fail(&b, st, "the operator '%s' is not supported yet", name);
            else fail(&b, st, "this statement is not supported yet");
            break;
        }
        kq_op *op = bind_tabular(&b, st);
        if (!op) break;
        mark_all_used(&op->schema);
        if (q->nresults == cap) {
            cap *= 2;
            q->results = kq_xrealloc(q->results, sizeof(kq_result) * (size_t)cap);
        }
        q->results[q->nresults++].root = op;
    }
    kq_arena_free(&b.fold_scratch);
    if (!err->code && q->nresults == 0) {
        kq_error_at(err, KQ_ERR_QUERY, q->text, q->len, (int)q->len, (int)q->len,
                    "the query has no tabular expression to run");
    }
    return err->code ? -1 : 0;
}
