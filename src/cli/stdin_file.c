/*
 * stdin_file.c - standard input copied to a temporary file, for the readers (which map their
 * input) and for feeds read from '-'.
 */
#include "stdin_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *stdin_copy;

static void remove_stdin_copy(void)
{
    if (stdin_copy) unlink(stdin_copy);
    free(stdin_copy);
    stdin_copy = NULL;
}

const char *stdin_as_file(void)
{
    if (stdin_copy) return stdin_copy;
    const char *dir = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/kq-stdin-XXXXXX", dir && dir[0] ? dir : "/tmp");
    int fd = mkstemp(tmpl);
    if (fd < 0) return NULL;
    stdin_copy = strdup(tmpl);
    atexit(remove_stdin_copy);
    char buf[65536];
    ssize_t n;
    while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0)
        if (write(fd, buf, (size_t)n) != n) break;
    close(fd);
    return stdin_copy;
}

bool stdin_has_data(void)
{
    struct stat st;
    if (isatty(STDIN_FILENO) || fstat(STDIN_FILENO, &st) != 0) return false;
    return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || (S_ISREG(st.st_mode) && st.st_size > 0);
}
