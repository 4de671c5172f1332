/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * foxess-scan: the support-ticket summary of captures and logs without
 * Wireshark.  read.c turns a file into CAN frames, analyse.c feeds them to
 * one bus engine per bus and counts the expert infos the plugin would
 * raise, output.c writes text, JSON and CSV, main.c runs many files.
 */
#ifndef FOXESS_SCAN_H
#define FOXESS_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "foxess/summary.h"

/* LINKTYPE_CAN_SOCKETCAN: the only link type carrying CAN frames here. */
#define SCAN_LINKTYPE_CAN 227
#define SCAN_MAX_CAN_LEN  64

/* One record of a file, as Wireshark would number and time it. */
struct scan_frame {
	uint32_t number; /* 1-based, every record of the file */
	struct fox_time ts;
	bool has_iface; /* pcapng and logs: the record names a bus */
	unsigned iface;
	const char *iface_name; /* NULL: "interface N" */
	bool is_can;		/* LINKTYPE_CAN_SOCKETCAN, complete header */
	uint32_t can_id;	/* with the CAN_EFF/RTR/ERR flags */
	bool fd;
	unsigned len; /* data bytes present */
	const uint8_t *data;
};

typedef void (*scan_frame_cb)(void *ctx, const struct scan_frame *f);

/*
 * Read path and hand each record to cb in file order.  Returns 0, or -1
 * after writing one line per problem to diag ("foxess-scan: PATH: ...")
 * when the file cannot be read, ends early or has bad log lines; every
 * frame before a cut, and every good line, was handed over.  *format is
 * set to what the file was ("pcap", "pcapng", "Vector ASC", ...).
 */
int scan_read(const char *path, scan_frame_cb cb, void *ctx,
	      const char **format, FILE *diag);

enum scan_output {
	SCAN_TEXT, /* the summary, as tshark -q -z foxess,summary */
	SCAN_JSON, /* one JSON object per file, one per line */
	SCAN_CSV,  /* time series */
};

struct scan_options {
	enum scan_output output;
	double interval;	/* --csv: seconds per row */
	const char *bulk_index; /* --bulk: Elasticsearch action lines */
	struct fox_lm_config config;
};

/* Everything about one file: writes its report to out and its error
 * messages (each naming path) to err; returns 0 when the file was read
 * completely. */
int scan_file(const char *path, const struct scan_options *opt, FILE *out,
	      FILE *err);

#endif /* FOXESS_SCAN_H */
