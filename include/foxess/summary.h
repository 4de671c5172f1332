/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The support-ticket summary as text, in plain C: what
 * "tshark -q -z foxess,summary" prints and foxess-scan prints, written by
 * this one function from the buses' engines so the two never drift.
 *
 * The caller supplies what only it knows: the capture's first and last
 * frame time and frame count, and the expert infos counted per bus (the
 * plugin from Wireshark's expert tap, foxess-scan from the same rules
 * applied to the engine's records).
 */
#ifndef FOXESS_SUMMARY_H
#define FOXESS_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "foxess/engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A time as Wireshark keeps it: seconds since the epoch and nanoseconds. */
struct fox_time {
	int64_t secs;
	int32_t nsecs;
};

/* What the capture as a whole was. */
struct fox_summary_head {
	const char *filter; /* display filter of the summary, or NULL */
	bool any;	    /* at least one frame */
	struct fox_time first, last;
	uint64_t frames; /* every frame of the file, FoxESS or not */
};

/* One kind of expert info on one bus. */
struct fox_expert_count {
	const char *abbrev; /* "foxess.bms_lost": must outlive the tally */
	const char *name;   /* its one-line summary */
	enum fox_lm_severity severity;
	uint64_t count;
};

struct fox_expert_tally;

/* NULL when out of memory. */
struct fox_expert_tally *fox_expert_tally_new(void);
void fox_expert_tally_free(struct fox_expert_tally *t);
void fox_expert_tally_reset(struct fox_expert_tally *t);
/* One more expert info abbrev on bus number bus (fox_bus.index); false
 * when out of memory. */
bool fox_expert_tally_add(struct fox_expert_tally *t, unsigned bus,
			  const char *abbrev, const char *name,
			  enum fox_lm_severity severity);
/* The counts of bus number bus, most severe first, then by abbrev;
 * *n set to their number.  Valid until the next add or reset. */
const struct fox_expert_count *
fox_expert_tally_sorted(struct fox_expert_tally *t, unsigned bus, unsigned *n);

/* "Error", "Warning", "Note": Wireshark's names of the severities. */
const char *fox_expert_severity_name(enum fox_lm_severity s);

/* Seconds from a to b. */
double fox_time_span(const struct fox_time *a, const struct fox_time *b);

/*
 * Write the summary of a capture whose buses are finished
 * (fox_buses_finish()); experts may be NULL (no expert infos).
 */
void fox_summary_write(FILE *out, const struct fox_summary_head *head,
		       const struct fox_buses *buses,
		       struct fox_expert_tally *experts);
/* The same text in a string to free(); NULL when out of memory. */
char *fox_summary_text(const struct fox_summary_head *head,
		       const struct fox_buses *buses,
		       struct fox_expert_tally *experts);

#ifdef __cplusplus
}
#endif

#endif /* FOXESS_SUMMARY_H */
