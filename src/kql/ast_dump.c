/*
 * ast_dump.c - renders a syntax tree as an S-expression (see ast_dump.h). Names print bare
 * (quoted ones as ['x']), literals as 1, 1.5, "s", true, (datetime TICKS), (timespan TICKS),
 * (int 5), (long null), (dynamic JSON); operators as (op operands...).
 */
#include "ast_dump.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lex.h"

static void dump(const kq_ast *n, kq_buf *out);

static void dump_string(kq_buf *out, const char *s, size_t n)
{
    kq_buf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            kq_buf_putc(out, '\\');
            kq_buf_putc(out, (char)c);
        } else if (c == '\n') {
            kq_buf_puts(out, "\\n");
        } else if (c < 0x20 || c == 0x7F) {
            kq_buf_printf(out, "\\x%02x", c);
        } else {
            kq_buf_putc(out, (char)c);
        }
    }
    kq_buf_putc(out, '"');
}

static void dump_real(kq_buf *out, double r)
{
    if (isnan(r)) kq_buf_puts(out, "nan");
    else if (isinf(r)) kq_buf_puts(out, r > 0 ? "inf" : "-inf");
    else kq_buf_printf(out, "%.17g", r);
}

static void dump_dyn(kq_buf *out, const kq_dyn *d)
{
    switch ((kq_dyn_kind)d->kind) {
    case KQ_D_NULL: kq_buf_puts(out, "null"); break;
    case KQ_D_BOOL: kq_buf_puts(out, d->u.b ? "true" : "false"); break;
    case KQ_D_LONG: kq_buf_printf(out, "%lld", (long long)d->u.i); break;
    case KQ_D_REAL: dump_real(out, d->u.r); break;
    case KQ_D_STRING: dump_string(out, d->u.s, d->n); break;
    case KQ_D_DATETIME: kq_buf_printf(out, "(datetime %lld)", (long long)d->u.i); break;
    case KQ_D_TIMESPAN: kq_buf_printf(out, "(timespan %lld)", (long long)d->u.i); break;
    case KQ_D_ARRAY:
        kq_buf_putc(out, '[');
        for (uint32_t i = 0; i < d->n; i++) {
            if (i) kq_buf_putc(out, ',');
            dump_dyn(out, &d->u.items[i]);
        }
        kq_buf_putc(out, ']');
        break;
    case KQ_D_OBJECT:
        kq_buf_putc(out, '{');
        for (uint32_t i = 0; i < d->n; i++) {
            if (i) kq_buf_putc(out, ',');
            dump_string(out, d->u.members[i].key, d->u.members[i].key_len);
            kq_buf_putc(out, ':');
            dump_dyn(out, &d->u.members[i].value);
        }
        kq_buf_putc(out, '}');
        break;
    }
}

static void dump_literal(const kq_value *v, kq_buf *out)
{
    const char *type = kq_type_name((kq_type)v->type);
    if (v->null) {
        kq_buf_printf(out, "(%s null)", type);
        return;
    }
    switch ((kq_type)v->type) {
    case KQ_T_BOOL: kq_buf_puts(out, v->u.b ? "true" : "false"); break;
    case KQ_T_LONG: kq_buf_printf(out, "%lld", (long long)v->u.i); break;
    case KQ_T_REAL: dump_real(out, v->u.r); break;
    case KQ_T_STRING: dump_string(out, v->u.s, v->len); break;
    case KQ_T_DYNAMIC:
        kq_buf_puts(out, "(dynamic ");
        dump_dyn(out, v->u.d);
        kq_buf_putc(out, ')');
        break;
    default:
        kq_buf_printf(out, "(%s %lld)", type, (long long)v->u.i);
        break;
    }
}

static void dump_name(const char *name, int flags, kq_buf *out)
{
    if (!name) {
        kq_buf_puts(out, "?");
        return;
    }
    if (flags & F_QUOTED) {
        kq_buf_puts(out, "['");
        kq_buf_puts(out, name);
        kq_buf_puts(out, "']");
    } else {
        kq_buf_puts(out, name);
    }
}

static void dump_kids(kq_ast *const *kids, int n, kq_buf *out)
{
    for (int i = 0; i < n; i++) {
        kq_buf_putc(out, ' ');
        dump(kids[i], out);
    }
}

static void dump_params(const kq_ast *n, kq_buf *out)
{
    for (int i = 0; i < n->nparams; i++) {
        kq_buf_printf(out, " %s=", n->params[i].name);
        dump(n->params[i].value, out);
    }
}

static void dump_child(const kq_ast *n, kq_buf *out)
{
    if (!n) return;
    kq_buf_putc(out, ' ');
    dump(n, out);
}

static void dump_order_flags(int flags, kq_buf *out)
{
    if (flags & F_GRANNY) kq_buf_puts(out, flags & F_ASC ? " granny-asc" : " granny-desc");
    else if (flags & F_ASC) kq_buf_puts(out, " asc");
    else if (flags & F_DESC) kq_buf_puts(out, " desc");
    if (flags & F_NULLS_FIRST) kq_buf_puts(out, " nulls-first");
    if (flags & F_NULLS_LAST) kq_buf_puts(out, " nulls-last");
}

/* Head words of the kinds whose dump is (head params kids...) with the a slot first. */
static const char *head_of(kq_ast_kind k)
{
    switch (k) {
    case A_QUERY: return "query";
    case A_PIPE: return "pipe";
    case A_PRINT: return "print";
    case A_UNION: return "union";
    case A_SUBQUERY: return "subquery";
    case A_OP_WHERE: return "where";
    case A_OP_PROJECT: return "project";
    case A_OP_PROJECT_AWAY: return "project-away";
    case A_OP_PROJECT_KEEP: return "project-keep";
    case A_OP_PROJECT_RENAME: return "project-rename";
    case A_OP_PROJECT_REORDER: return "project-reorder";
    case A_OP_EXTEND: return "extend";
    case A_OP_SORT: return "sort";
    case A_OP_TAKE: return "take";
    case A_OP_TOP: return "top";
    case A_OP_COUNT: return "count";
    case A_OP_DISTINCT: return "distinct";
    case A_OP_UNION: return "union";
    case A_OP_INVOKE: return "invoke";
    case A_OP_GETSCHEMA: return "getschema";
    case A_OP_SERIALIZE: return "serialize";
    case A_OP_SAMPLE: return "sample";
    case A_CALL: return "call";
    case A_PAREN: return "paren";
    default: return NULL;
    }
}

static void dump(const kq_ast *n, kq_buf *out)
{
    if (!n) {
        kq_buf_puts(out, "nil");
        return;
    }
    switch (n->kind) {
    case A_LITERAL: dump_literal(&n->lit, out); return;
    case A_NAME: dump_name(n->name, n->flags, out); dump_order_flags(n->flags, out); return;
    case A_STAR: kq_buf_putc(out, '*'); return;
    case A_COLDECL: kq_buf_printf(out, "%s:%s", n->name, kq_type_name(n->type)); return;
    case A_TYPEOF: kq_buf_printf(out, "(typeof %s)", kq_type_name(n->type)); return;
    default: break;
    }
    kq_buf_putc(out, '(');
    const char *head = head_of(n->kind);
    if (head) {
        kq_buf_puts(out, head);
        if (n->kind == A_CALL) {
            kq_buf_putc(out, ' ');
            dump_name(n->name, n->flags, out);
        }
        if (n->kind == A_OP_DISTINCT && (n->flags & F_STAR)) kq_buf_puts(out, " *");
        dump_params(n, out);
        dump_child(n->a, out);
        dump_kids(n->kids, n->nkids, out);
        kq_buf_putc(out, ')');
        return;
    }
    switch (n->kind) {
    case A_LET:
    case A_SET:
        kq_buf_printf(out, "%s %s", n->kind == A_LET ? "let" : "set", n->name);
        dump_child(n->a, out);
        break;
    case A_FUNCDEF:
        kq_buf_puts(out, n->flags & F_VIEW ? "view" : "func");
        dump_kids(n->kids, n->nkids, out);
        dump_child(n->a, out);
        break;
    case A_PARAM:
        kq_buf_printf(out, "param %s:", n->name);
        if (n->flags & F_TABULAR) {
            kq_buf_putc(out, '(');
            if (n->flags & F_STAR) kq_buf_putc(out, '*');
            for (int i = 0; i < n->nkids; i++) {
                if (i) kq_buf_putc(out, ' ');
                dump(n->kids[i], out);
            }
            kq_buf_putc(out, ')');
        } else {
            kq_buf_puts(out, kq_type_name(n->type));
        }
        dump_child(n->a, out);
        break;
    case A_TABLE:
        kq_buf_puts(out, "table ");
        dump_name(n->name, n->flags, out);
        break;
    case A_DATATABLE:
        kq_buf_puts(out, "datatable (");
        for (int i = 0; i < n->nkids; i++) {
            if (i) kq_buf_putc(out, ' ');
            dump(n->kids[i], out);
        }
        kq_buf_putc(out, ')');
        dump_kids(n->kids2, n->nkids2, out);
        break;
    case A_RANGE:
        kq_buf_printf(out, "range %s", n->name);
        dump_child(n->a, out);
        dump_child(n->b, out);
        dump_child(n->c, out);
        break;
    case A_OP_SUMMARIZE:
        kq_buf_puts(out, "summarize");
        dump_params(n, out);
        dump_kids(n->kids, n->nkids, out);
        if (n->nkids2) {
            kq_buf_puts(out, " (by");
            dump_kids(n->kids2, n->nkids2, out);
            kq_buf_putc(out, ')');
        }
        break;
    case A_OP_JOIN:
    case A_OP_LOOKUP:
        kq_buf_puts(out, n->kind == A_OP_JOIN ? "join" : "lookup");
        dump_params(n, out);
        dump_child(n->a, out);
        kq_buf_puts(out, " (on");
        dump_kids(n->kids, n->nkids, out);
        kq_buf_putc(out, ')');
        break;
    case A_OP_MV_EXPAND:
        kq_buf_puts(out, "mv-expand");
        dump_params(n, out);
        dump_kids(n->kids, n->nkids, out);
        if (n->a) {
            kq_buf_puts(out, " (limit");
            dump_child(n->a, out);
            kq_buf_putc(out, ')');
        }
        break;
    case A_MVITEM:
        if (n->type != KQ_T_UNKNOWN) kq_buf_printf(out, "to %s ", kq_type_name(n->type));
        else kq_buf_puts(out, "item ");
        dump(n->a, out);
        break;
    case A_OP_PARSE:
        kq_buf_puts(out, n->flags & F_PARSE_WHERE ? "parse-where" : "parse");
        dump_params(n, out);
        dump_child(n->a, out);
        kq_buf_puts(out, " (with");
        dump_kids(n->kids, n->nkids, out);
        kq_buf_putc(out, ')');
        break;
    case A_OP_AS:
    case A_OP_RENDER:
        kq_buf_printf(out, "%s", n->kind == A_OP_AS ? "as" : "render");
        dump_params(n, out);
        kq_buf_printf(out, " %s", n->name ? n->name : "?");
        break;
    case A_SORTKEY:
        kq_buf_puts(out, "key ");
        dump(n->a, out);
        dump_order_flags(n->flags, out);
        break;
    case A_WILDCARD:
        kq_buf_printf(out, "wildcard %s", n->name);
        dump_order_flags(n->flags, out);
        break;
    case A_ASSIGN:
        kq_buf_puts(out, "= ");
        if (n->nkids) {
            kq_buf_putc(out, '(');
            for (int i = 0; i < n->nkids; i++) {
                if (i) kq_buf_putc(out, ' ');
                dump(n->kids[i], out);
            }
            kq_buf_putc(out, ')');
        } else {
            dump_name(n->name, n->flags, out);
        }
        dump_child(n->a, out);
        break;
    case A_NAMEDARG:
        kq_buf_printf(out, "arg %s", n->name);
        dump_child(n->a, out);
        break;
    case A_UNARY:
        kq_buf_puts(out, n->op == T_MINUS ? "neg" : "pos");
        dump_child(n->a, out);
        break;
    case A_BINARY:
    case A_IN:
    case A_BETWEEN:
        kq_buf_puts(out, kq_tok_text((kq_tok)n->op));
        dump_child(n->a, out);
        dump_child(n->b, out);
        dump_child(n->c, out);
        dump_kids(n->kids, n->nkids, out);
        break;
    case A_MEMBER:
        kq_buf_puts(out, ". ");
        dump(n->a, out);
        kq_buf_printf(out, " %s", n->name);
        break;
    case A_INDEX:
        kq_buf_puts(out, "[]");
        dump_child(n->a, out);
        dump_child(n->b, out);
        break;
    default:
        /* operators kept only by name (make-series, evaluate, unknown words ...) */
        kq_buf_printf(out, "other %s", n->name ? n->name : "?");
        break;
    }
    kq_buf_putc(out, ')');
}

void kq_ast_dump(const kq_ast *n, kq_buf *out) { dump(n, out); }
