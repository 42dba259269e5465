/*
 * stdin_file.c - standard input copied to a temporary file, for the readers (which map their
 * input) and for feeds read from '-'.
 */
#include "stdin_file.h"

#include <signal.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *stdin_copy;
/* the same path in static storage, for the signal handler */
static char stdin_copy_path[4096];

static void remove_stdin_copy(void)
{
    if (stdin_copy) unlink(stdin_copy);
    free(stdin_copy);
    stdin_copy = NULL;
    stdin_copy_path[0] = 0;
}

/* interrupted (Ctrl-C, kill, a closed terminal or pipe): remove the copy, then die of the signal */
static void remove_on_signal(int sig)
{
    if (stdin_copy_path[0]) unlink(stdin_copy_path);
    signal(sig, SIG_DFL);
    raise(sig);
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
    snprintf(stdin_copy_path, sizeof stdin_copy_path, "%s", tmpl);
    atexit(remove_stdin_copy);
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction sa = {.sa_handler = remove_on_signal};
        sigemptyset(&sa.sa_mask);
        struct sigaction old;
        /* a signal the caller ignores (nohup, a shell's background job) stays ignored */
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(signals[i], &sa, NULL);
    }
    char buf[65536];
    ssize_t n;
    int saved = 0;
    while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0)
        if (write(fd, buf, (size_t)n) != n) {
            saved = errno ? errno : ENOSPC;
            break;
        }
    if (n < 0) saved = errno;
    close(fd);
    if (saved) {
        remove_stdin_copy();
        errno = saved;
        return NULL;
    }
    return stdin_copy;
}

const char *stdin_display_name(const char *path)
{
    return path && stdin_copy && strcmp(path, stdin_copy) == 0 ? "<stdin>" : path;
}

bool stdin_has_data(void)
{
    struct stat st;
    if (isatty(STDIN_FILENO) || fstat(STDIN_FILENO, &st) != 0) return false;
    return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || (S_ISREG(st.st_mode) && st.st_size > 0);
}
