/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the person at the box sees: bus sanity ("no frames", "only error
 * frames") always, and with --live one status line per FoxESS main poll.
 */
#ifndef FOXCAP_LIVE_H
#define FOXCAP_LIVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Silence, in seconds, before the bus is reported quiet. */
#define LIVE_QUIET_S 5

struct live;

struct live *live_new(bool status_lines, FILE *out);
void live_free(struct live *l);

/* One captured SocketCAN record (can_id in network byte order, as in the
 * file); ts_ns is the capture time. */
void live_record(struct live *l, const uint8_t *rec, uint32_t caplen,
		 uint64_t ts_ns, uint64_t now_ms);

/* Called about once a second with CLOCK_MONOTONIC milliseconds. */
void live_tick(struct live *l, uint64_t now_ms);

/* Print the bus-sanity verdict for a capture that lasted elapsed_ms;
 * returns true when the bus looked healthy. */
bool live_verdict(struct live *l, uint64_t elapsed_ms, FILE *out);

#endif /* FOXCAP_LIVE_H */
