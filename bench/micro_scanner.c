/*
 * micro_scanner.c - throughput of kq_scanner_find over a file held in memory: counts the lines
 * containing any needle (the work of `rg -c -F -i -e N1 -e N2 FILE`) for the needles given on
 * the command line, and for a large generated needle list.
 * usage: micro_scanner FILE [NEEDLE...]   (default needles: mythicsu.biz cheapoca.biz)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../src/match/match.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void run(const char *label, int n, const char *const *needles, const size_t *lens, bool backslash,
                const char *data, size_t size)
{
    kq_scanner *s = kq_scanner_new(n, needles, lens, backslash);
    const char *end = data + size;
    double best = 1e9;
    long lines = 0;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now_seconds();
        lines = 0;
        const char *p = data;
        while ((p = kq_scanner_find(s, p, end)) != NULL) {
            lines++;
            const char *eol = memchr(p, '\n', (size_t)(end - p));
            if (!eol) break;
            p = eol + 1;
        }
        double t = now_seconds() - t0;
        if (t < best) best = t;
    }
    printf("%-28s lines %8ld  %.3f s  %.2f GB/s\n", label, lines, best, size / best / 1e9);
    kq_scanner_free(s);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: micro_scanner FILE [NEEDLE...]\n");
        return 2;
    }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(argv[1]);
        return 1;
    }
    size_t size = (size_t)st.st_size;
    const char *data = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (data == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    static const char *const default_needles[] = {"mythicsu.biz", "cheapoca.biz"};
    const char *const *needles = argc > 2 ? (const char *const *)argv + 2 : default_needles;
    int n = argc > 2 ? argc - 2 : 2;
    size_t *lens = malloc((size_t)n * sizeof *lens);
    for (int i = 0; i < n; i++) lens[i] = strlen(needles[i]);
    run("given needles", n, needles, lens, false, data, size);
    run("given needles + backslash", n, needles, lens, true, data, size);

    enum { MANY = 100000 };
    char **many = malloc(MANY * sizeof *many);
    size_t *many_lens = malloc(MANY * sizeof *many_lens);
    unsigned seed = 7;
    for (int i = 0; i < MANY; i++) {
        char buf[32];
        int len = 8 + (int)(seed % 7);
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            buf[k] = "abcdefghijklmnopqrstuvwxyz0123456789"[(seed >> 8) % 36];
        }
        memcpy(buf + len, ".biz", 4);
        many[i] = malloc((size_t)len + 4);
        memcpy(many[i], buf, (size_t)len + 4);
        many_lens[i] = (size_t)len + 4;
    }
    for (int i = 0; i < n && i < MANY; i++) {
        many[i] = (char *)needles[i];
        many_lens[i] = lens[i];
    }
    for (int count = 100; count <= MANY; count *= 10) {
        char label[64];
        snprintf(label, sizeof label, "%d needles", count);
        run(label, count, (const char *const *)many, many_lens, false, data, size);
    }
    return 0;
}
