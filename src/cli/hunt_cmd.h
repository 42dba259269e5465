/*
 * hunt_cmd.h - the subcommands of the hunt layer: `kq hunt` (IOC feeds -> hunts over the logs ->
 * exclusions -> report) and `kq pack` (a hunting pack per malware family of a feed), and the
 * --iocs option of queries (feeds bound as ThreatIntelligenceIndicator).
 */
#ifndef KQ_CLI_HUNT_CMD_H
#define KQ_CLI_HUNT_CMD_H

#include <stdint.h>

#include "kq.h"

int cli_hunt(int argc, char **argv);
int cli_pack(int argc, char **argv);

/* Loads the feeds and binds their indicators as ThreatIntelligenceIndicator in e. Prints its own
 * errors; returns 0 or an exit code. The temporary file is removed at exit. */
int cli_bind_feeds(kq_engine *e, const char *const *feeds, int nfeeds, int64_t now);

#endif
