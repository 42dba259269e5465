/*
 * fuzz_reader.c - libFuzzer harness: the input is the content of a log file.
 *
 * The bytes are written to a temporary file (mkstemp in /tmp, unlinked afterwards), bound as
 * table T, and read by a few queries (take, summarize over a dynamic column, count, getschema)
 * so the format sniffing and the JSON-lines, CSV, Zeek and packet-capture readers see arbitrary
 * data. The same bytes are then read once more gzip-compressed, through the .gz path. Skipped
 * records are counted through the diagnostic callback.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "kq.h"

#define FUZZ_ROW_LIMIT 10000
#define FUZZ_NOW_TICKS 639147456000000000LL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const queries[] = {
    "T | take 1000",
    "T | summarize count() by tostring(column_ifexists(\"a\", \"\"))",
    "T | count",
    "T | getschema",
};

static void on_diag(void *user, const char *file, int64_t line, const char *message)
{
    int64_t *skipped = user;
    (*skipped)++;
    (void)file;
    (void)line;
    (void)message;
}

static void run_query(kq_engine *e, const char *text)
{
    kq_query *q = NULL;
    kq_error err = {0};
    char buf[256];
    if (kq_prepare(e, text, strlen(text), &q, &err) != 0 || !q)
        return;
    while (kq_query_next_result(q, &err) == KQ_OK) {
        int ncol = kq_query_column_count(q);
        int rows = 0;
        int st;
        while (rows < FUZZ_ROW_LIMIT && (st = kq_query_step(q, &err)) == KQ_ROW) {
            for (int c = 0; c < ncol; c++) {
                const kq_value *v = kq_query_value(q, c);
                if (v)
                    (void)kq_value_format(v, buf, sizeof buf);
            }
            rows++;
        }
        if (rows < FUZZ_ROW_LIMIT && st != KQ_DONE)
            break;
    }
    kq_query_free(q);
}

static void run_file(const char *path)
{
    int64_t skipped = 0;
    kq_engine *e = kq_engine_new();
    if (!e)
        return;
    kq_engine_set_now(e, FUZZ_NOW_TICKS);
    kq_engine_set_diag(e, on_diag, &skipped);
    kq_error err = {0};
    if (kq_engine_add_path(e, "T", path, &err) == 0) {
        for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
            run_query(e, queries[i]);
        (void)kq_engine_skipped(e);
    }
    kq_engine_free(e);
}

/* Writes data to a fresh temporary file (path is a mkstemp template); 0 on success. */
static int write_plain(const uint8_t *data, size_t size, char *path)
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

static int write_gzip(const uint8_t *data, size_t size, char *path)
{
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    gzFile gz = gzdopen(fd, "wb");
    if (!gz) {
        close(fd);
        unlink(path);
        return -1;
    }
    if (size > 0 && gzwrite(gz, data, (unsigned)size) != (int)size) {
        gzclose(gz);
        unlink(path);
        return -1;
    }
    if (gzclose(gz) != Z_OK) {
        unlink(path);
        return -1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;

    char path[] = "/tmp/kq-fuzz-XXXXXX";
    if (write_plain(data, size, path) == 0) {
        run_file(path);
        unlink(path);
    }

    char gzpath[] = "/tmp/kq-fuzz-gz-XXXXXX"; /* gzip is recognised by its magic bytes */
    if (write_gzip(data, size, gzpath) == 0) {
        run_file(gzpath);
        unlink(gzpath);
    }
    return 0;
}
