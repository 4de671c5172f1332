/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * FoxESS bus engine: everything this project knows about one CAN bus, in
 * plain C (no Wireshark).  The Wireshark plugin, its statistics, the
 * capture tool's live mode, the unit tests and the fuzzers each keep one
 * engine per bus and feed it that bus's frames in order.
 *
 * Per frame the engine detects the protocol variant (H or EP), decodes the
 * frame once through the protocol table, links requests and replies,
 * follows the link state (BMS Lost episodes), runs the value checks and
 * accumulates the statistics of the support-ticket summary.  It returns
 * one record per frame: the decoded frame, its link and the events
 * (diagnoses) that became certain at this frame.
 *
 * Placement rule (docs/diagnostics.md): an event is reported exactly once,
 * on the frame being fed when it became certain from the frames seen so
 * far.  A caller shows it there in every pass; an event that concerns an
 * earlier frame (an unanswered poll is only certain when a later frame
 * shows the reply window has passed) names that frame in about_frame.
 *
 * Several buses in one capture (pcapng interfaces, candump channels) are
 * kept apart by a bus set (struct fox_buses): one engine per bus key.
 */
#ifndef FOXESS_ENGINE_H
#define FOXESS_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "foxess/link-monitor.h"
#include "foxess/protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Events one frame can raise; more are counted in the statistics
 * (fox_lm_stats.event_counts) but not listed in the record. */
#define FOX_ENGINE_MAX_EVENTS 16

/* What a frame is, as far as the FoxESS link is concerned. */
enum fox_record_kind {
	FOX_REC_ERROR,	   /* CAN error frame */
	FOX_REC_FOXESS,	   /* a FoxESS identifier (known layout or not) */
	FOX_REC_PYLONTECH, /* a Pylontech frame: another battery protocol */
	FOX_REC_DIALECT,   /* another vendor's frame on FoxESS IDs */
	FOX_REC_OTHER,	   /* anything else on the bus */
};

/* The engine's account of one frame, valid until the next feed. */
struct fox_record {
	enum fox_record_kind kind;
	/* FOXESS and DIALECT frames: decoded with link.variant. */
	const struct fox_decoded *decoded;
	struct fox_lm_link link;
	unsigned n_events;
	const struct fox_lm_event *events;
};

struct fox_engine;

/* NULL when out of memory. */
struct fox_engine *fox_engine_new(const struct fox_lm_config *cfg);
void fox_engine_free(struct fox_engine *e);

/*
 * Feed the next frame of this bus (times must not go backwards by much: a
 * frame older than its predecessor is treated as simultaneous).  The
 * record and what it points to stay valid until the next call.
 */
const struct fox_record *fox_engine_feed(struct fox_engine *e,
					 const struct fox_lm_frame *f);

/* End of capture: settle the statistics (the last poll is "pending", an
 * ongoing outage ends at the last frame).  Reports no events. */
void fox_engine_finish(struct fox_engine *e);

const struct fox_lm_stats *fox_engine_stats(const struct fox_engine *e);
const struct fox_lm_config *fox_engine_config(const struct fox_engine *e);
/* The variant as known after the last frame fed. */
enum fox_variant fox_engine_variant(const struct fox_engine *e);
/* The main-poll response time at percentile p (0-100); -1 when none. */
double fox_engine_response_percentile(const struct fox_engine *e, double p);

/* Buses ------------------------------------------------------------------ */

#define FOX_BUS_NAME_MAX 32

struct fox_bus {
	uint64_t key;	/* caller's identity of the bus */
	unsigned index; /* 0, 1, ... in order of the first frame */
	char name[FOX_BUS_NAME_MAX];
	struct fox_engine *engine;
};

struct fox_buses;

/* Buses created on demand, each with an engine configured by cfg. */
struct fox_buses *fox_buses_new(const struct fox_lm_config *cfg);
void fox_buses_free(struct fox_buses *b);

/* The bus with this key, created (named name, or "bus N" when name is
 * NULL or empty) on first use; NULL when out of memory. */
struct fox_bus *fox_buses_get(struct fox_buses *b, uint64_t key,
			      const char *name);
unsigned fox_buses_count(const struct fox_buses *b);
/* Bus number i, 0 <= i < count, in order of their first frame. */
struct fox_bus *fox_buses_at(const struct fox_buses *b, unsigned i);
/* fox_engine_finish() on every bus. */
void fox_buses_finish(struct fox_buses *b);

#ifdef __cplusplus
}
#endif

#endif /* FOXESS_ENGINE_H */
