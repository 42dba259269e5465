/*
 * stream.c - the bytes under a reader: a plain file is mapped whole (MAP_PRIVATE, sequential
 * advice) and is one window; a gzip file (sniffed by its magic bytes) is inflated in chunks into a
 * window that keeps the unread tail (a partial record) of the previous chunk. A truncated or
 * corrupt gzip stream ends the data early and is marked damaged, never an abort.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/arena.h"
#include "../base/error.h"
#include "reader_impl.h"

int kq_stream_open(kq_stream *s, const char *path, kq_error *err)
{
    memset(s, 0, sizeof *s);
    s->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot open: %s", strerror(errno));
        return -KQ_ERR_INPUT;
    }
    struct stat st;
    if (fstat(s->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "not a regular file");
        close(s->fd);
        s->fd = -1;
        return -KQ_ERR_INPUT;
    }
    s->map_len = (size_t)st.st_size;
    if (s->map_len > 0) {
        void *m = mmap(NULL, s->map_len, PROT_READ, MAP_PRIVATE, s->fd, 0);
        if (m == MAP_FAILED) {
            kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot map: %s", strerror(errno));
            close(s->fd);
            s->fd = -1;
            return -KQ_ERR_INPUT;
        }
        madvise(m, s->map_len, MADV_SEQUENTIAL);
        s->map = m;
    }
    s->gzip = s->map_len >= 2 && s->map[0] == 0x1f && s->map[1] == 0x8b;
    kq_stream_rewind(s);
    return 0;
}

void kq_stream_close(kq_stream *s)
{
    if (s->z_ready) inflateEnd(&s->z);
    if (s->map) munmap((void *)s->map, s->map_len);
    if (s->fd >= 0) close(s->fd);
    free(s->buf);
    memset(s, 0, sizeof *s);
    s->fd = -1;
}

#define RELEASE_STEP (32u << 20)

void kq_stream_release(kq_stream *s, size_t upto)
{
    if (!s->map) return;
    /* plain files: the window is the mapping; gzip: the compressed bytes zlib has consumed */
    size_t done = s->gzip ? (size_t)(s->z.next_in - s->map) : upto;
    if (done < s->released + RELEASE_STEP) return;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t end = done & ~(page - 1);
    if (end <= s->released) return;
    madvise((void *)(s->map + s->released), end - s->released, MADV_DONTNEED);
    s->released = end;
}

void kq_stream_rewind(kq_stream *s)
{
    s->offset = 0;
    s->released = 0;
    s->damaged = false;
    s->problem[0] = 0;
    if (!s->gzip) {
        s->data = (const char *)s->map;
        s->len = s->map_len;
        s->eof = true;
        return;
    }
    if (s->z_ready) inflateEnd(&s->z);
    memset(&s->z, 0, sizeof s->z);
    s->z_ready = inflateInit2(&s->z, 15 + 16) == Z_OK;
    s->z.next_in = (unsigned char *)s->map;
    s->z.avail_in = (uInt)(s->map_len > UINT32_MAX ? UINT32_MAX : s->map_len);
    s->data = s->buf;
    s->len = 0;
    s->eof = !s->z_ready;
    if (!s->z_ready) {
        s->damaged = true;
        snprintf(s->problem, sizeof s->problem, "cannot start gzip decompression");
        return;
    }
    kq_stream_refill(s, 0);
}

/* Feeds the rest of the mapping to zlib past the 4 GB avail_in limit. */
static void top_up_input(kq_stream *s)
{
    size_t used = (size_t)(s->z.next_in - s->map);
    if (s->z.avail_in == 0 && used < s->map_len) {
        size_t left = s->map_len - used;
        s->z.avail_in = (uInt)(left > UINT32_MAX ? UINT32_MAX : left);
    }
}

static void mark_damaged(kq_stream *s, const char *what, size_t have)
{
    s->damaged = true;
    s->eof = true;
    snprintf(s->problem, sizeof s->problem, "%s after %llu decompressed bytes", what,
             (unsigned long long)(s->offset + have));
}

size_t kq_stream_refill(kq_stream *s, size_t keep_from)
{
    if (s->eof) return 0;
    size_t keep = s->len - keep_from;
    if (keep_from > 0 && keep > 0) memmove(s->buf, s->buf + keep_from, keep);
    s->offset += keep_from;
    if (s->buf_cap < keep + KQ_STREAM_CHUNK) {
        s->buf_cap = keep + KQ_STREAM_CHUNK;
        s->buf = kq_xrealloc(s->buf, s->buf_cap);
    }
    size_t have = keep;
    while (have < s->buf_cap && !s->eof) {
        top_up_input(s);
        if (s->z.avail_in == 0) {
            /* input exhausted without the end-of-stream marker */
            mark_damaged(s, "truncated gzip stream", have);
            break;
        }
        s->z.next_out = (unsigned char *)s->buf + have;
        s->z.avail_out = (uInt)(s->buf_cap - have);
        int rc = inflate(&s->z, Z_NO_FLUSH);
        have = s->buf_cap - s->z.avail_out;
        if (rc == Z_STREAM_END) {
            top_up_input(s);
            /* a concatenated gzip member may follow; trailing zero padding is tolerated */
            const unsigned char *rest = s->z.next_in;
            size_t left = s->map_len - (size_t)(rest - s->map);
            if (left >= 2 && rest[0] == 0x1f && rest[1] == 0x8b) {
                inflateReset(&s->z);
            } else {
                s->eof = true;
            }
        } else if (rc == Z_BUF_ERROR) {
            if (s->z.avail_out == 0) break;
            mark_damaged(s, "truncated gzip stream", have);
        } else if (rc != Z_OK) {
            mark_damaged(s, "corrupt gzip data", have);
        }
    }
    s->data = s->buf;
    s->len = have;
    return have - keep;
}
