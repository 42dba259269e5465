/*
 * test_parse.c - unit tests of the KQL lexer and parser: S-expression dumps of the tree for
 * precedence and every construct, error messages with line:col, and every query of
 * /work/shared/kql/FACTS.tsv (when present) must parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/kql/ast_dump.h"
#include "../../src/kql/parse.h"
#include "check.h"

#define FACTS_PATH "/work/shared/kql/FACTS.tsv"

/* Parses q and returns its dump (static buffer) or "ERROR line:col message". */
static const char *dump_of(const char *q)
{
    static char out[8192];
    kq_arena arena;
    kq_arena_init(&arena, 4096);
    kq_error err;
    kq_ast *root = kq_parse(q, strlen(q), &arena, &err);
    if (!root) {
        snprintf(out, sizeof out, "ERROR %d:%d %s", err.line, err.col, err.message);
    } else {
        kq_buf b;
        kq_buf_init(&b);
        kq_ast_dump(root, &b);
        snprintf(out, sizeof out, "%s", kq_buf_cstr(&b));
        kq_buf_free(&b);
    }
    kq_arena_free(&arena);
    return out;
}

/* The dump of a single-statement query without the surrounding (query ...). */
static const char *stmt(const char *q)
{
    const char *d = dump_of(q);
    static char inner[8192];
    size_t n = strlen(d);
    if (strncmp(d, "(query ", 7) == 0 && n > 8) {
        snprintf(inner, sizeof inner, "%.*s", (int)(n - 8), d + 7);
        return inner;
    }
    return d;
}

#define EXPECT(q, want) CHECK_EQ_STR(stmt(q), want)

/* the where predicate of "T | where <e>" */
static const char *pred(const char *e)
{
    static char q[4096], out[8192];
    snprintf(q, sizeof q, "T | where %s", e);
    const char *d = stmt(q);
    const char *prefix = "(pipe (table T) (where ";
    size_t n = strlen(d), pn = strlen(prefix);
    if (strncmp(d, prefix, pn) == 0 && n > pn + 2) {
        snprintf(out, sizeof out, "%.*s", (int)(n - pn - 2), d + pn);
        return out;
    }
    return d;
}

#define EXPECT_PRED(e, want) CHECK_EQ_STR(pred(e), want)

static void expect_error(const char *q, int line, int col, const char *msg_part, int lineno)
{
    kq_arena arena;
    kq_arena_init(&arena, 4096);
    kq_error err;
    kq_ast *root = kq_parse(q, strlen(q), &arena, &err);
    if (root) {
        check_failed++;
        fprintf(stderr, "%s:%d: expected an error for: %s\n", __FILE__, lineno, q);
    } else if (err.line != line || err.col != col || !strstr(err.message, msg_part) ||
               err.code != KQ_ERR_QUERY) {
        check_failed++;
        fprintf(stderr, "%s:%d: got %d:%d \"%s\", want %d:%d containing \"%s\"\n", __FILE__,
                lineno, err.line, err.col, err.message, line, col, msg_part);
    } else {
        check_passed++;
    }
    kq_arena_free(&arena);
}

#define EXPECT_ERROR(q, line, col, part) expect_error(q, line, col, part, __LINE__)

static void test_precedence(void)
{
    EXPECT_PRED("a + b * c", "(+ a (* b c))");
    EXPECT_PRED("a - b - c", "(- (- a b) c)");
    EXPECT_PRED("a + b has c", "(+ a (has b c))");
    EXPECT_PRED("a * b contains c", "(* a (contains b c))");
    EXPECT_PRED("a or b and c", "(or a (and b c))");
    EXPECT_PRED("a == 1 or b != 2 and c < 3", "(or (== a 1) (and (!= b 2) (< c 3)))");
    EXPECT_PRED("a + 1 < b * 2", "(< (+ a 1) (* b 2))");
    EXPECT_PRED("a < b == true", "(== (< a b) true)");
    EXPECT_PRED("-a * b", "(* (neg a) b)");
    EXPECT_PRED("- -a", "(neg (neg a))");
    EXPECT_PRED("+a", "(pos a)");
    EXPECT_PRED("a =~ 'x' and b !~ 'y'", "(and (=~ a \"x\") (!~ b \"y\"))");
    EXPECT_PRED("a <> b", "(!= a b)");
    EXPECT_PRED("(a or b) and c", "(and (paren (or a b)) c)");
    EXPECT_PRED("a.b.c == x[0]", "(== (. (. a b) c) ([] x 0))");
    EXPECT_PRED("d['k'] == d[\"k\"]", "(== ([] d \"k\") ([] d \"k\"))");
    EXPECT_PRED("d.['a b'] == 1", "(== ([] d \"a b\") 1)");
    EXPECT_PRED("a matches regex '[0-9]+'", "(matches regex a \"[0-9]+\")");
    EXPECT_PRED("a in (1, 2) and b !in~ ('x')", "(and (in a 1 2) (!in~ b \"x\"))");
    EXPECT_PRED("a in~ ('x') or b !in (1)", "(or (in~ a \"x\") (!in b 1))");
    EXPECT_PRED("a has_any ('x', 'y')", "(has_any a \"x\" \"y\")");
    EXPECT_PRED("a has_all (dynamic(['x']))", "(has_all a (dynamic [\"x\"]))");
    EXPECT_PRED("a between (1 .. 10)", "(between a 1 10)");
    EXPECT_PRED("t !between (ago(1d) .. now())",
                "(!between t (call ago (timespan 864000000000)) (call now))");
    EXPECT_PRED("a !has 'x' or a !contains_cs 'y'", "(or (!has a \"x\") (!contains_cs a \"y\"))");
    EXPECT_PRED("a !startswith 'x' and a hasprefix_cs 'y'",
                "(and (!startswith a \"x\") (hasprefix_cs a \"y\"))");
    EXPECT_PRED("a containscs 'x'", "(contains_cs a \"x\")");
    EXPECT_PRED("* has 'x'", "(has * \"x\")");
    EXPECT_PRED("x in (T | project c)", "(in x (subquery (pipe (table T) (project c))))");
    EXPECT_PRED("x in (datatable(c:string)['a'])", "(in x (subquery (datatable (c:string) \"a\")))");
    EXPECT_PRED("x in ((datatable(c:long)[1, 2]))", "(in x (subquery (datatable (c:long) 1 2)))");
    EXPECT_PRED("x in (L)", "(in x L)");
    EXPECT_PRED("x == toscalar(T | count)", "(== x (call toscalar (subquery (pipe (table T) (count)))))");
    EXPECT_PRED("f(a, b = 2)", "(call f a (arg b 2))");
    EXPECT_PRED("$left.a == 1", "(== (. $left a) 1)");
    EXPECT_PRED("a = true", "(= a true)");
    EXPECT_PRED("a.[0] == 1", "(== ([] a 0) 1)");
}

static void test_literals(void)
{
    EXPECT("print 1, 1.5, 1., 1e5, 0x1F, 'a', \"b\"", "(print 1 1.5 1 100000 31 \"a\" \"b\")");
    EXPECT("print 9223372036854775807", "(print 9223372036854775807)");
    EXPECT("print true, FALSE, True", "(print true false true)");
    EXPECT("print 1d, 2h, 30m, 10s, 100ms, 1.5h, 1tick",
           "(print (timespan 864000000000) (timespan 72000000000) (timespan 18000000000) "
           "(timespan 100000000) (timespan 1000000) (timespan 54000000000) (timespan 1))");
    EXPECT("print 1w", "(print 1w)");
    EXPECT("print \"a\\tb\\\\c\\\"d\\u0041\\x41\\101\"", "(print \"a\\x09b\\\\c\\\"dAAA\")");
    EXPECT("print @'C:\\x' 'y'", "(print \"C:\\\\xy\")");
    EXPECT("print @\"say \"\"hi\"\"\"", "(print \"say \\\"hi\\\"\")");
    EXPECT("print 'it''s'", "(print \"its\")");
    EXPECT("print 'a' // c\n 'b' h'c' H@\"d\"", "(print \"abcd\")");
    EXPECT("print ```a\nb```, ~~~c~~~", "(print \"a\\nb\" \"c\")");
    EXPECT("print datetime(2020-01-01), date(2020-01-01 00:00:01)",
           "(print (datetime 637134336000000000) (datetime 637134336010000000))");
    EXPECT("print datetime(null), datetime(\"2020-01-01\")",
           "(print (datetime null) (datetime 637134336000000000))");
    EXPECT("print datetime(2020, 1, 1)", "(print (datetime 637134336000000000))");
    EXPECT("print time(1.02:03:04.5), timespan(2), timespan(null), time(15 seconds)",
           "(print (timespan 937845000000) (timespan 1728000000000) (timespan null) "
           "(timespan 150000000))");
    EXPECT("print int(5), int(-2), long(null), real(1.5), double(-inf), bool(true), bool(null)",
           "(print (int 5) (int -2) (long null) 1.5 -inf true (bool null))");
    EXPECT("print real(nan), real(+inf)", "(print nan inf)");
    EXPECT("print int(0xf090013d), int(0x10)", "(print (int -258997955) (int 16))");
    EXPECT("print dynamic([1, 'a', {\"k\": [true, null]}, -2, 1.5])",
           "(print (dynamic [1,\"a\",{\"k\":[true,null]},-2,1.5]))");
    EXPECT("print dynamic({'a': datetime(2020-01-01), \"b\": 1d, 'c': long(5)})",
           "(print (dynamic {\"a\":(datetime 637134336000000000),\"b\":864000000000,\"c\":5}))");
    EXPECT("print dynamic(null), dynamic(5), dynamic('s'), dynamic([])",
           "(print (dynamic null) (dynamic 5) (dynamic \"s\") (dynamic []))");
    EXPECT("print typeof(long), typeof(string)", "(print (typeof long) (typeof string))");
    EXPECT("print ['my col'] = 1", "(print (= ['my col'] 1))");
}

static void test_statements(void)
{
    CHECK_EQ_STR(dump_of("let x = 5; T | take x"),
                 "(query (let x 5) (pipe (table T) (take x)))");
    CHECK_EQ_STR(dump_of("let T2 = T | where a > 1;\nT2;"),
                 "(query (let T2 (pipe (table T) (where (> a 1)))) (table T2))");
    CHECK_EQ_STR(dump_of("let f = (a:string, b:long = 5) { let c = a; strcat(c, b) }; print f('x')"),
                 "(query (let f (func (param a:string) (param b:long 5) (query (let c a) "
                 "(call strcat c b)))) (print (call f \"x\")))");
    CHECK_EQ_STR(dump_of("let f = (T:(*), x:long) { T | take x }; f(X, 1)"),
                 "(query (let f (func (param T:(*)) (param x:long) (query (pipe (table T) "
                 "(take x))))) (call f X 1))");
    CHECK_EQ_STR(dump_of("let f = (T:(a:string, b:long)) { T }; f(X)"),
                 "(query (let f (func (param T:(a:string b:long)) (query T))) (call f X))");
    CHECK_EQ_STR(dump_of("let V = view () { T }; V"),
                 "(query (let V (view (query T))) (table V))");
    CHECK_EQ_STR(dump_of("let ['a b'] = 1; print ['a b']"),
                 "(query (let a b 1) (print ['a b']))");
    CHECK_EQ_STR(dump_of("set query_now = datetime(2020-01-01); print 1;"),
                 "(query (set query_now (datetime 637134336000000000)) (print 1))");
    CHECK_EQ_STR(dump_of("set notruncation; T"), "(query (set notruncation) (table T))");
    CHECK_EQ_STR(dump_of("declare query_parameters(x:long = 1); T"),
                 "(query (other declare) (table T))");
    CHECK_EQ_STR(dump_of("T; U | count"), "(query (table T) (pipe (table U) (count)))");
}

static void test_sources(void)
{
    EXPECT("datatable(a:long, b:string)[1, 'x', 2, 'y']",
           "(datatable (a:long b:string) 1 \"x\" 2 \"y\")");
    EXPECT("datatable(a:int, d:dynamic)[int(null), dynamic(null)]",
           "(datatable (a:int d:dynamic) (int null) (dynamic null))");
    EXPECT("range x from 1 to 10 step 2", "(range x 1 10 2)");
    EXPECT("print a = 1, 2 | extend b = a", "(pipe (print (= a 1) 2) (extend (= b a)))");
    EXPECT("union kind=outer withsource=Src T1, (T2 | take 1), T3*",
           "(union kind=outer withsource=Src (table T1) (subquery (pipe (table T2) (take 1))) "
           "(wildcard T3*))");
    EXPECT("union isfuzzy=true T, U | count",
           "(pipe (union isfuzzy=true (table T) (table U)) (count))");
    EXPECT("(T | take 1) | count", "(pipe (subquery (pipe (table T) (take 1))) (count))");
    EXPECT("f(1) | count", "(pipe (call f 1) (count))");
    EXPECT("['My Table'] | count", "(pipe (table ['My Table']) (count))");
    EXPECT("search 'x' | take 1", "(pipe (other search) (take 1))");
    EXPECT("materialize(T) | count", "(pipe (call materialize T) (count))");
}

static void test_operators(void)
{
    EXPECT("T | filter a | project a, b = c + 1, (x, y) = f(z)",
           "(pipe (table T) (where a) (project a (= b (+ c 1)) (= (x y) (call f z))))");
    EXPECT("T | project-away a, b*, *c, d*e, *1 | project-keep x*",
           "(pipe (table T) (project-away a (wildcard b*) (wildcard *c) (wildcard d*e) "
           "(wildcard *1)) "
           "(project-keep (wildcard x*)))");
    EXPECT("T | project-rename n = o, ['x y'] = ['a b']",
           "(pipe (table T) (project-rename (= n o) (= ['x y'] ['a b'])))");
    EXPECT("T | project-reorder b, a* asc, c granny-desc",
           "(pipe (table T) (project-reorder b (wildcard a* asc) c granny-desc))");
    EXPECT("T | extend x = 1, tostring(y)", "(pipe (table T) (extend (= x 1) (call tostring y)))");
    EXPECT("T | sort by a asc nulls last, b | order by c desc nulls first",
           "(pipe (table T) (sort (key a asc nulls-last) (key b)) (sort (key c desc nulls-first)))");
    EXPECT("T | take 5 | limit 1 + 1", "(pipe (table T) (take 5) (take (+ 1 1)))");
    EXPECT("T | top 3 by x asc nulls first", "(pipe (table T) (top 3 (key x asc nulls-first)))");
    EXPECT("T | count | distinct * | distinct a, b = c",
           "(pipe (table T) (count) (distinct *) (distinct a (= b c)))");
    EXPECT("T | summarize count(), n = dcount(x), arg_max(t, *) by bin(t, 1h), k = a",
           "(pipe (table T) (summarize (call count) (= n (call dcount x)) (call arg_max t *) "
           "(by (call bin t (timespan 36000000000)) (= k a))))");
    EXPECT("T | summarize by a | summarize take_any(*)",
           "(pipe (table T) (summarize (by a)) (summarize (call take_any *)))");
    EXPECT("T | summarize hint.strategy=shuffle count", "(pipe (table T) (summarize hint.strategy=shuffle count))");
    EXPECT("T | summarize (a, b) = arg_max(x, y) by c",
           "(pipe (table T) (summarize (= (a b) (call arg_max x y)) (by c)))");
    EXPECT("T | join kind=leftouter hint.strategy=broadcast (U | take 1) on a, $left.b == $right.c and d",
           "(pipe (table T) (join kind=leftouter hint.strategy=broadcast (subquery (pipe (table U) "
           "(take 1))) (on a (== (. $left b) (. $right c)) d)))");
    EXPECT("T | join U on a", "(pipe (table T) (join (table U) (on a)))");
    EXPECT("T | lookup kind=inner (U) on a", "(pipe (table T) (lookup kind=inner (subquery (table U)) (on a)))");
    EXPECT("T | union U, (V)", "(pipe (table T) (union (table U) (subquery (table V))))");
    EXPECT("T | mv-expand kind=array with_itemindex=i a, b = c to typeof(long) limit 10",
           "(pipe (table T) (mv-expand kind=array with_itemindex=i (item a) (to long (= b c)) "
           "(limit 10)))");
    EXPECT("T | parse kind=regex flags=i x with 'a' b:long * \"c\" d",
           "(pipe (table T) (parse kind=regex flags=i x (with \"a\" b:long * \"c\" d:string)))");
    EXPECT("T | parse-where x with * 'k=' v", "(pipe (table T) (parse-where x (with * \"k=\" v:string)))");
    EXPECT("T | as hint.materialized=true X | invoke f(1) | getschema",
           "(pipe (table T) (as hint.materialized=true X) (invoke (call f 1)) (getschema))");
    EXPECT("T | render timechart with (title='x', ymin=0)", "(pipe (table T) (render timechart))");
    EXPECT("T | serialize | serialize n = row_number() | sample 5",
           "(pipe (table T) (serialize) (serialize (= n (call row_number))) (sample 5))");
    EXPECT("T | make-series n = count() on t step 1h by a | mv-apply x on (take 1) | evaluate bag_unpack(d)",
           "(pipe (table T) (other make-series) (other mv-apply) (other evaluate))");
    EXPECT("T | summarise count() | where x", "(pipe (table T) (other summarise) (where x))");
    EXPECT("T | top-nested 3 of a by count() | scan with (step s: true;) | fork (take 1) (count)",
           "(pipe (table T) (other top-nested) (other scan) (other fork))");
    EXPECT("T | where count > 1 | project type, title, data, table",
           "(pipe (table T) (where (> count 1)) (project type title data table))");
}

static void test_errors(void)
{
    EXPECT_ERROR("T | where (a", 1, 13, "expected ')' but found the end of the query");
    EXPECT_ERROR("T | where f(a foo)", 1, 15, "expected ')' but found 'foo'");
    EXPECT_ERROR("T\n| where a ==", 2, 13, "expected an expression");
    EXPECT_ERROR("T | project a /* c */", 1, 15, "block comments");
    EXPECT_ERROR("print 'abc", 1, 7, "unterminated string");
    EXPECT_ERROR("print \"\\d\"", 1, 8, "invalid escape");
    EXPECT_ERROR("print datetime(not a date)", 1, 7, "invalid datetime literal");
    EXPECT_ERROR("print x = decimal(1.5)", 1, 11, "decimal is not supported yet");
    EXPECT_ERROR("print guid(74be27de-1e4e-49d9-b579-fe0b331d3642)", 1, 7, "guid is not supported yet");
    EXPECT_ERROR("datatable(a:guid)[]", 1, 13, "guid is not supported yet");
    EXPECT_ERROR("print 1 < 2 < 3", 1, 13, "expected '|' or ';'");
    EXPECT_ERROR("print a ! b", 1, 9, "no '!' operator");
    EXPECT_ERROR("print .5", 1, 7, "cannot start with '.'");
    EXPECT_ERROR("T | ", 1, 5, "expected an operator name");
    EXPECT_ERROR("T | where a b", 1, 13, "expected '|' or ';'");
    EXPECT_ERROR("", 1, 1, "empty");
    EXPECT_ERROR("T | top 3 by a, b", 1, 15, "expected '|' or ';'");
    EXPECT_ERROR("print dynamic([1,])", 1, 18, "expected a JSON value");
    EXPECT_ERROR("T | sort by a nulls middle", 1, 21, "expected 'first' or 'last'");
    EXPECT_ERROR("print typeof(word)", 1, 14, "unknown type 'word'");
    EXPECT_ERROR("print 1 ? 2", 1, 9, "unexpected character '?'");
}

static void test_depth(void)
{
    char q[4096];
    size_t n = 0;
    n += (size_t)snprintf(q + n, sizeof q - n, "print ");
    for (int i = 0; i < 1000; i++) q[n++] = '(';
    q[n++] = '1';
    for (int i = 0; i < 1000; i++) q[n++] = ')';
    q[n] = 0;
    CHECK(strstr(dump_of(q), "nested too deeply") != NULL);
    n = 6;
    for (int i = 0; i < 2000; i++) q[n++] = '-';
    q[n++] = '1';
    q[n] = 0;
    CHECK(strstr(dump_of(q), "nested too deeply") != NULL);
    n = (size_t)snprintf(q, sizeof q, "print dynamic(");
    for (int i = 0; i < 1000; i++) q[n++] = '[';
    q[n] = 0;
    CHECK(strstr(dump_of(q), "nested too deeply") != NULL);
    n = 6;
    for (int i = 0; i < 100; i++) q[n++] = '(';
    q[n++] = '1';
    for (int i = 0; i < 100; i++) q[n++] = ')';
    q[n] = 0;
    CHECK(strncmp(dump_of(q), "(query", 6) == 0);
}

/* Long left-deep chains (a or a or ...) are bounded too, so tree walkers have a limit. */
static void test_chains(void)
{
    static char q[200000];
    /* long IOC conditions (a or a or ... thousands of times) are ordinary */
    size_t n = (size_t)snprintf(q, sizeof q, "T | where a");
    for (int i = 0; i < 5000; i++) n += (size_t)snprintf(q + n, sizeof q - n, " or a");
    CHECK(strncmp(dump_of(q), "(query", 6) == 0);
    /* past KQ_PARSE_MAX_TREE_DEPTH (20,000) they are refused */
    for (int i = 0; i < 16000; i++) n += (size_t)snprintf(q + n, sizeof q - n, " + a");
    CHECK(strstr(dump_of(q), "nested too deeply") != NULL);
    n = (size_t)snprintf(q, sizeof q, "print a");
    for (int i = 0; i < 21000; i++) n += (size_t)snprintf(q + n, sizeof q - n, ".b");
    CHECK(strstr(dump_of(q), "nested too deeply") != NULL);
}

/* Every query of FACTS.tsv parses (guid/decimal literals are reported as unsupported). */
static void test_facts(void)
{
    FILE *f = fopen(FACTS_PATH, "r");
    if (!f) {
        printf("test_parse: %s absent, skipped\n", FACTS_PATH);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int total = 0, parsed = 0, unsupported = 0, lineno = 0;
    while ((got = getline(&line, &cap, f)) > 0) {
        if (++lineno == 1) continue;
        char *tab = strchr(line, '\t');
        size_t qlen = tab ? (size_t)(tab - line) : strcspn(line, "\r\n");
        kq_arena arena;
        kq_arena_init(&arena, 4096);
        kq_error err;
        total++;
        if (kq_parse(line, qlen, &arena, &err)) {
            parsed++;
        } else if (strstr(err.message, "not supported yet")) {
            unsupported++;
        } else {
            check_failed++;
            fprintf(stderr, "FACTS line %d: %d:%d %s\n  %.*s\n", lineno, err.line, err.col,
                    err.message, (int)qlen, line);
        }
        kq_arena_free(&arena);
    }
    free(line);
    fclose(f);
    printf("test_parse: FACTS.tsv %d of %d queries parse (%d use guid/decimal literals)\n", parsed,
           total, unsupported);
    CHECK(total > 0);
}

int main(void)
{
    test_precedence();
    test_literals();
    test_statements();
    test_sources();
    test_operators();
    test_errors();
    test_depth();
    test_chains();
    test_facts();
    return check_report("test_parse");
}
