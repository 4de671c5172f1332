/* SPDX-License-Identifier: GPL-2.0-or-later */
/* foxcap command line: parsed into one struct, no side effects, so the
 * unit tests can feed it argument vectors. */
#ifndef FOXCAP_OPTIONS_H
#define FOXCAP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/can.h>

#define FOXCAP_MAX_IFACES 8
/* Each filter is three classic-BPF instructions and jumps are 8 bits. */
#define FOXCAP_MAX_FILTERS 64

struct foxcap_options {
	const char *ifaces[FOXCAP_MAX_IFACES];
	unsigned n_ifaces;
	const char *out;

	/* -b ring buffer; 0 = not set */
	uint64_t ring_filesize_kb;
	unsigned ring_duration_s;
	unsigned ring_files;

	/* stop conditions; 0 = not set */
	uint64_t stop_count;
	unsigned stop_duration_s;
	uint64_t stop_filesize_kb;
	unsigned stop_files;

	/* --ids: no filters means every identifier */
	struct can_filter filters[FOXCAP_MAX_FILTERS];
	unsigned n_filters;
	bool no_errors;

	unsigned flush_ms;
	unsigned buffer_mib;
	const char *comment;
	bool live;
	bool quiet;
};

enum foxcap_parse_result {
	FOXCAP_PARSE_OK,
	FOXCAP_PARSE_ERROR, /* err holds a one-line message */
	FOXCAP_PARSE_HELP,
	FOXCAP_PARSE_VERSION,
};

/* Parse argv (argv[0] is the program name).  Uses getopt_long state. */
enum foxcap_parse_result foxcap_parse_options(int argc, char **argv,
					      struct foxcap_options *o,
					      char *err, size_t err_size);

/*
 * Parse an --ids value into CAN_RAW-style filters: "all", "foxess" or a
 * comma-separated list of hex IDs, LO-HI ranges and ID:MASK pairs.
 * Returns the number of filters (0 for "all") or -1 with err set.
 */
int foxcap_parse_ids(const char *spec, struct can_filter *filters, unsigned max,
		     char *err, size_t err_size);

extern const char foxcap_usage[];

#endif /* FOXCAP_OPTIONS_H */
