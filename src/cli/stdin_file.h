/*
 * stdin_file.h - standard input as a file: the readers map and re-read their input, so data
 * piped into kq is first copied to a temporary file (removed at exit, and when a signal ends kq).
 */
#ifndef KQ_CLI_STDIN_FILE_H
#define KQ_CLI_STDIN_FILE_H

#include <stdbool.h>

/* The path of the copy of standard input (made on the first call), or NULL with errno set. */
const char *stdin_as_file(void);
/* "<stdin>" for the path of the copy, else path itself: how messages and reports name a file. */
const char *stdin_display_name(const char *path);
/* True when standard input is a pipe, a socket or a non-empty file (not a terminal). */
bool stdin_has_data(void);

#endif
