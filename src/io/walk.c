/*
 * walk.c - kq_walk: the regular files under a path, depth first, sorted by name at each level,
 * hidden entries (names starting with '.') skipped. Symbolic links are followed, but a directory
 * already open higher up the current path (a link loop) is not entered again.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/arena.h"
#include "../base/error.h"
#include "reader_impl.h"

typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

typedef struct walk_state {
    kq_walk_fn fn;
    void *user;
    kq_error *err;
    dir_id *open_dirs; /* the directories on the current path */
    int depth, cap;
} walk_state;

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool on_current_path(const walk_state *w, const struct stat *st)
{
    for (int i = 0; i < w->depth; i++)
        if (w->open_dirs[i].dev == st->st_dev && w->open_dirs[i].ino == st->st_ino) return true;
    return false;
}

static int walk_path(walk_state *w, const char *path);

static int walk_dir(walk_state *w, const char *path, const struct stat *st)
{
    if (on_current_path(w, st)) return 0;
    DIR *dir = opendir(path);
    if (!dir) {
        kq_error_input(w->err, KQ_ERR_INPUT, path, 0, "cannot read directory: %s", strerror(errno));
        return -KQ_ERR_INPUT;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            names = kq_xrealloc(names, cap * sizeof *names);
        }
        names[n++] = kq_xstrdup(de->d_name);
    }
    closedir(dir);
    if (n) qsort(names, n, sizeof *names, compare_names);
    if (w->depth == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 16;
        w->open_dirs = kq_xrealloc(w->open_dirs, (size_t)w->cap * sizeof *w->open_dirs);
    }
    w->open_dirs[w->depth++] = (dir_id){st->st_dev, st->st_ino};
    int rc = 0;
    size_t plen = strlen(path);
    bool slash = plen > 0 && path[plen - 1] == '/';
    for (size_t i = 0; i < n; i++) {
        if (rc == 0) {
            size_t len = plen + 1 + strlen(names[i]) + 1;
            char *child = kq_xmalloc(len);
            snprintf(child, len, "%s%s%s", path, slash ? "" : "/", names[i]);
            rc = walk_path(w, child);
            free(child);
        }
        free(names[i]);
    }
    free(names);
    w->depth--;
    return rc;
}

static int walk_path(walk_state *w, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        struct stat lst;
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) return 0; /* dangling link */
        kq_error_input(w->err, KQ_ERR_INPUT, path, 0, "cannot read: %s", strerror(errno));
        return -KQ_ERR_INPUT;
    }
    if (S_ISDIR(st.st_mode)) return walk_dir(w, path, &st);
    if (S_ISREG(st.st_mode)) return w->fn(w->user, path);
    return 0; /* devices, sockets, fifos */
}

int kq_walk(const char *path, kq_walk_fn fn, void *user, kq_error *err)
{
    walk_state w = {fn, user, err, NULL, 0, 0};
    int rc = walk_path(&w, path);
    free(w.open_dirs);
    return rc;
}
