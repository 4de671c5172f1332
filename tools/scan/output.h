/* SPDX-License-Identifier: GPL-2.0-or-later */
/* foxess-scan's JSON and CSV output (docs/foxess-scan.md). */
#ifndef FOXESS_SCAN_OUTPUT_H
#define FOXESS_SCAN_OUTPUT_H

#include "scan.h"

void scan_init(void);

/* One JSON object on one line (after an Elasticsearch bulk action line
 * when opt->bulk_index is set). */
void json_write(FILE *out, const char *path, const char *format, bool complete,
		const struct fox_summary_head *head,
		const struct fox_buses *buses, struct fox_expert_tally *experts,
		const struct scan_options *opt);

/* Time series: one row per bus and interval with frames in it. */
struct csv_bus {
	bool active; /* frames in the current interval */
	struct fox_lm_stats at_start;
	bool have_pack;
	double soc, voltage, current;
};

struct csv_state {
	FILE *out; /* NULL: no CSV */
	const char *path;
	double interval;
	int64_t bucket;
	const struct fox_bus **bus; /* per bus index */
	struct csv_bus *state;
	unsigned n_bus;
};

void csv_begin(struct csv_state *c, const char *path, double interval,
	       FILE *out);
/* Before a frame at time t (s since the capture start). */
void csv_time(struct csv_state *c, double t);
void csv_frame(struct csv_state *c, const struct fox_bus *bus,
	       const struct fox_record *rec);
void csv_end(struct csv_state *c);
/* The CSV header line. */
void csv_header(FILE *out);

#endif /* FOXESS_SCAN_OUTPUT_H */
