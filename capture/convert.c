// SPDX-License-Identifier: GPL-2.0-or-later
#include "convert.h"
#include "canlog.h"
#include "capture.h"
#include "live.h"
#include "pcapng.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_IFACES 64
/* Bad lines are each named up to this many; the rest are counted. */
#define MAX_REPORTED 20

struct out_iface {
	char name[16];
};

static int iface_id(struct pcapng_writer *w, struct out_iface *ifaces,
		    unsigned *n, const char *name)
{
	int id;

	for (unsigned i = 0; i < *n; i++)
		if (!strcmp(ifaces[i].name, name))
			return (int)i;
	if (*n == MAX_IFACES)
		return -EMLINK;
	id = pcapng_interface(w, name, LINKTYPE_CAN_SOCKETCAN, SOCKETCAN_FD_LEN,
			      9);
	if (id >= 0)
		snprintf(ifaces[(*n)++].name, sizeof(ifaces[0].name), "%s",
			 name);
	return id;
}

int foxcap_convert(const char *in_path, const char *out_path, bool live)
{
	struct live *l = NULL;
	struct out_iface ifaces[MAX_IFACES];
	struct canlog_reader reader;
	unsigned n_ifaces = 0, line_no = 0, bad_lines = 0, iface;
	struct pcapng_writer w;
	char *line = NULL, err[160], comment[512];
	size_t line_cap = 0;
	ssize_t line_len;
	int status = FOXCAP_EXIT_OK;
	int ret, fd;
	FILE *in;

	in = strcmp(in_path, "-") ? fopen(in_path, "r") : stdin;
	if (!in) {
		fprintf(stderr, "foxcap convert: cannot open %s: %s\n", in_path,
			strerror(errno));
		return FOXCAP_EXIT_FAULT;
	}
	fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "foxcap convert: cannot create %s: %s\n",
			out_path, strerror(errno));
		fclose(in);
		return FOXCAP_EXIT_FAULT;
	}
	if (live) {
		l = live_new(true, stdout);
		if (!l) {
			fprintf(stderr, "foxcap convert: out of memory\n");
			close(fd);
			fclose(in);
			return FOXCAP_EXIT_FAULT;
		}
	}
	canlog_reader_init(&reader);
	snprintf(comment, sizeof(comment), "converted from %s", in_path);
	ret = pcapng_begin(&w, fd, comment, "foxcap " FOXCAP_VERSION);
	while (ret >= 0 && (line_len = getline(&line, &line_cap, in)) >= 0) {
		struct canlog_frame f;
		uint8_t rec[SOCKETCAN_FD_LEN];
		size_t rec_len;

		line_no++;
		if (strlen(line) != (size_t)line_len) {
			snprintf(err, sizeof(err),
				 "NUL byte in the line (binary file?)");
		} else {
			enum canlog_result r = canlog_read_line(
				&reader, line, &f, err, sizeof(err));

			if (r == CANLOG_SKIP)
				continue;
			if (r == CANLOG_FRAME) {
				ret = iface_id(&w, ifaces, &n_ifaces, f.iface);
				if (ret == -EMLINK) {
					snprintf(err, sizeof(err),
						 "more than %d interfaces",
						 MAX_IFACES);
				} else {
					if (ret < 0)
						break;
					iface = (unsigned)ret;
					rec_len = canlog_to_record(&f, rec);
					ret = pcapng_packet(&w, iface, f.ts_ns,
							    rec, rec_len,
							    rec_len, f.dir);
					if (l)
						live_record(l, iface, f.iface,
							    rec,
							    (uint32_t)rec_len,
							    f.ts_ns, 0);
					continue;
				}
			}
		}
		/* A bad line is named and skipped: the rest of a long log
		 * is worth more than stopping at one damaged line. */
		if (++bad_lines <= MAX_REPORTED)
			fprintf(stderr, "foxcap convert: %s:%u: %s\n", in_path,
				line_no, err);
		status = FOXCAP_EXIT_FAULT;
	}
	if (ret >= 0 && ferror(in)) {
		fprintf(stderr, "foxcap convert: reading %s: %s\n", in_path,
			strerror(errno));
		status = FOXCAP_EXIT_FAULT;
	}
	if (ret >= 0)
		ret = pcapng_flush(&w);
	if (ret < 0) {
		fprintf(stderr,
			"foxcap convert: writing %s: %s; %llu complete frames kept\n",
			out_path, strerror(-ret),
			(unsigned long long)w.packets);
		status = FOXCAP_EXIT_FAULT;
	} else if (status == FOXCAP_EXIT_OK && w.packets == 0) {
		fprintf(stderr, "foxcap convert: %s: no frames in the file\n",
			in_path);
		status = FOXCAP_EXIT_FAULT;
	} else if (bad_lines) {
		if (bad_lines > MAX_REPORTED)
			fprintf(stderr,
				"foxcap convert: %u more bad lines not named\n",
				bad_lines - MAX_REPORTED);
		fprintf(stderr,
			"foxcap convert: %u bad line%s skipped; the other %llu frames (%s) are in %s\n",
			bad_lines, bad_lines == 1 ? "" : "s",
			(unsigned long long)w.packets,
			canlog_format_name(reader.format), out_path);
	}
	/* An empty log was reported above. */
	if (l && w.packets)
		live_verdict(l, 0, stderr);
	live_free(l);
	if (close(fd) && status == FOXCAP_EXIT_OK) {
		fprintf(stderr, "foxcap convert: closing %s: %s\n", out_path,
			strerror(errno));
		status = FOXCAP_EXIT_FAULT;
	}
	pcapng_end(&w);
	free(line);
	if (in != stdin)
		fclose(in);
	return status;
}
