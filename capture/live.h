/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the person at the box sees: bus sanity ("no frames", "only error
 * frames") always, and with --live what the link monitor
 * (foxess/engine.h, one per interface) makes of every frame: one status line
 * per answered FoxESS main poll with the values decoded through the table, one
 * line per unanswered poll, and its diagnoses (BMS Lost, link restored,
 * charge inhibit, ...) when they start and when they clear.
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
 * file) from interface number iface, named iface_name; ts_ns is the
 * capture time.  Records are numbered from 1 in the order they come, as
 * the diagnoses name them.  Each interface is its own bus, with its own
 * engine: with several, every line names its interface. */
void live_record(struct live *l, unsigned iface, const char *iface_name,
		 const uint8_t *rec, uint32_t caplen, uint64_t ts_ns,
		 uint64_t now_ms);

/* Called about once a second with CLOCK_MONOTONIC milliseconds. */
void live_tick(struct live *l, uint64_t now_ms);

/* End of the capture: with --live, print the last poll's status line and
 * the link monitor's summary; then the bus-sanity verdict for a capture
 * that lasted elapsed_ms.  Returns true when the bus looked healthy. */
bool live_verdict(struct live *l, uint64_t elapsed_ms, FILE *out);

#endif /* FOXCAP_LIVE_H */
