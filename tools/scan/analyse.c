// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One file: its frames to one bus engine per bus, and the expert infos
 * the Wireshark plugin raises on them counted per bus by the same code
 * (the engine's events and the frame checks of lib/frame-checks.c, fed
 * the frames the plugin's dissectors get), so the summary is tshark's.
 *
 * Frames reach the engines as they reach the plugin's: CAN error frames
 * (which the summary feeds from the frame tap) and the rest, at most 8
 * bytes of them; remote frames reach only the plugin's observer, which
 * feeds them like data frames, and raise no dissector expert infos.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/can.h>

#include "foxess/claim.h"
#include "foxess/field-handles.h"
#include "foxess/frame-checks.h"
#include "output.h"
#include "scan.h"

/* The engine's events: "foxess.<key>", filled by scan_init(). */
static char event_abbrev[FOX_LM_EV_COUNT][48];

void scan_init(void)
{
	for (unsigned t = 0; t < FOX_LM_EV_COUNT; t++)
		snprintf(event_abbrev[t], sizeof(event_abbrev[t]), "foxess.%s",
			 fox_lm_events[t].key);
}

struct bus_extra {
	struct fox_claim_bus claim;
};

struct file_scan {
	const struct scan_options *opt;
	struct fox_buses *buses;
	struct fox_expert_tally *experts;
	struct fox_summary_head head;
	struct bus_extra *extra; /* per bus index */
	unsigned n_extra;
	struct fox_hv_order hv_order; /* per file, as the plugin keeps it */
	struct csv_state csv;
	bool oom;
};

/* The frame checks found, counted under the plugin's expert infos. */
static void count_checks(struct file_scan *s, const struct fox_bus *bus,
			 enum fox_proto proto, unsigned checks)
{
	for (unsigned k = 0; k < FOX_FC_COUNT; k++) {
		const struct fox_frame_check_info *info =
			&fox_frame_checks[proto][k];

		if ((checks & FOX_FC_BIT(k)) &&
		    !fox_expert_tally_add(s->experts, bus->index, info->abbrev,
					  info->summary, info->severity))
			s->oom = true;
	}
}

static struct bus_extra *extra_of(struct file_scan *s, const struct fox_bus *b)
{
	if (b->index >= s->n_extra) {
		unsigned n = b->index + 1;
		struct bus_extra *more = realloc(s->extra, n * sizeof(*more));

		if (!more)
			return NULL;
		for (unsigned i = s->n_extra; i < n; i++) {
			memset(&more[i], 0, sizeof(more[i]));
			fox_claim_bus_init(&more[i].claim);
		}
		s->extra = more;
		s->n_extra = n;
	}
	return &s->extra[b->index];
}

struct dialect_claim {
	struct bus_extra *x;
	double time;
};

static enum fox_claim claim_dialect(void *ctx, const struct fox_decoded *d)
{
	struct dialect_claim *c = ctx;

	return fox_claim_frame(&c->x->claim, d, c->time);
}

/* The frame checks of packet-foxess.c dissect_foxess(). */
static void foxess_experts(struct file_scan *s, const struct fox_bus *bus,
			   struct bus_extra *x, const struct scan_frame *f,
			   const struct fox_record *rec)
{
	struct dialect_claim claim = { x, (double)f->ts.secs +
						  (double)f->ts.nsecs / 1e9 };

	count_checks(s, bus, FOX_PROTO_FOXESS,
		     fox_foxess_frame_checks(rec->decoded, f->len, f->fd,
					     claim_dialect, &claim));
}

/*
 * packet-pylontech.c dissect_pylontech_hv() and _lv(), which decide
 * before the frame reaches the engine: the frame is Pylontech once its
 * bus has shown the protocol (lib/claim.c), HV values in the byte order
 * the latest 0x4210/0x4220 cue showed (foxess-scan has no preferences,
 * so a cue always settles the frame's own order).
 */
static void pylontech_experts(struct file_scan *s, const struct fox_bus *bus,
			      struct bus_extra *x, const struct scan_frame *f)
{
	bool extended = (f->can_id & CAN_EFF_FLAG) != 0;
	uint32_t id = f->can_id & (extended ? CAN_EFF_MASK : CAN_SFF_MASK);
	double abs_time = (double)f->ts.secs + (double)f->ts.nsecs / 1e9;
	enum fox_byte_order order = FOX_ORDER_LE;
	struct fox_decoded d;

	if (extended)
		order = fox_hv_order_feed(&s->hv_order, id, f->data, f->len,
					  NULL);
	if (fox_decode_order(FOX_PROTO_PYLONTECH, id, extended, f->data, f->len,
			     FOX_VARIANT_UNKNOWN, order,
			     &d) == FOX_UNKNOWN_ID ||
	    fox_claim_frame(&x->claim, &d, abs_time) == FOX_CLAIM_NONE)
		return;
	count_checks(s, bus, FOX_PROTO_PYLONTECH,
		     fox_pylontech_frame_checks(&d, f->len, order));
}

static void on_frame(void *ctx, const struct scan_frame *f)
{
	struct file_scan *s = ctx;
	struct fox_lm_frame lf = { 0 };
	const struct fox_record *rec;
	struct fox_bus *bus;
	struct bus_extra *x;
	char name[FOX_BUS_NAME_MAX];
	bool extended, rtr, foxess;

	if (!s->head.any) {
		s->head.any = true;
		s->head.first = f->ts;
	}
	s->head.last = f->ts;
	s->head.frames++;
	if (!f->is_can || s->oom)
		return;
	if (f->has_iface && !f->iface_name)
		snprintf(name, sizeof(name), "interface %u", f->iface);
	bus = fox_buses_get(
		s->buses, f->has_iface ? f->iface + 1u : 0,
		f->has_iface ? (f->iface_name ? f->iface_name : name) : NULL);
	x = bus ? extra_of(s, bus) : NULL;
	if (!x) {
		s->oom = true;
		return;
	}
	lf.number = f->number;
	lf.time = fox_time_span(&s->head.first, &f->ts);
	if (s->opt->output == SCAN_CSV)
		csv_time(&s->csv, lf.time);
	if (f->can_id & CAN_ERR_FLAG) {
		lf.error = true;
		rec = fox_engine_feed(bus->engine, &lf);
	} else {
		extended = (f->can_id & CAN_EFF_FLAG) != 0;
		lf.extended = extended;
		lf.id = f->can_id & (extended ? CAN_EFF_MASK : CAN_SFF_MASK);
		lf.data = f->data;
		lf.len = f->len < 8 ? f->len : 8;
		/* Remote frames reach no dissector, only the observer. */
		rtr = (f->can_id & CAN_RTR_FLAG) != 0;
		foxess = extended && fox_foxess_id(lf.id);
		if (!rtr && !foxess &&
		    fox_frame_find(FOX_PROTO_PYLONTECH, lf.id, extended, NULL))
			pylontech_experts(s, bus, x, f);
		rec = fox_engine_feed(bus->engine, &lf);
		if (!rtr && foxess)
			foxess_experts(s, bus, x, f, rec);
	}
	for (unsigned i = 0; i < rec->n_events; i++) {
		const struct fox_lm_event_info *info =
			&fox_lm_events[rec->events[i].type];

		if (info->severity == FOX_LM_SEV_NONE)
			continue;
		if (!fox_expert_tally_add(s->experts, bus->index,
					  event_abbrev[rec->events[i].type],
					  info->summary, info->severity))
			s->oom = true;
	}
	if (s->opt->output == SCAN_CSV)
		csv_frame(&s->csv, bus, rec);
}

int scan_file(const char *path, const struct scan_options *opt, FILE *out,
	      FILE *err)
{
	struct file_scan s = { .opt = opt };
	const char *format;
	int status = 0;

	fox_hv_order_init(&s.hv_order);
	s.buses = fox_buses_new(&opt->config);
	s.experts = fox_expert_tally_new();
	if (!s.buses || !s.experts) {
		fprintf(err, "foxess-scan: %s: out of memory\n", path);
		fox_buses_free(s.buses);
		fox_expert_tally_free(s.experts);
		return -1;
	}
	csv_begin(&s.csv, path, opt->interval,
		  opt->output == SCAN_CSV ? out : NULL);
	if (scan_read(path, on_frame, &s, &format, err))
		status = -1;
	if (s.oom) {
		fprintf(err,
			"foxess-scan: %s: out of memory, summary incomplete\n",
			path);
		status = -1;
	}
	fox_buses_finish(s.buses);
	switch (opt->output) {
	case SCAN_TEXT:
		if (s.head.any || !status)
			fox_summary_write(out, &s.head, s.buses, s.experts);
		break;
	case SCAN_JSON:
		json_write(out, path, format, status == 0, &s.head, s.buses,
			   s.experts, opt);
		break;
	case SCAN_CSV:
		break;
	}
	csv_end(&s.csv);
	fox_buses_free(s.buses);
	fox_expert_tally_free(s.experts);
	free(s.extra);
	return status;
}
