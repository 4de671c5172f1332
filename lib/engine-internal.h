/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the bus engine (include/foxess/engine.h): the state shared by its
 * parts, one file each:
 *   engine.c       feeding: bus bookkeeping, variant, decoding, the record
 *   link-state.c   requests, replies, the link state and its episodes
 *   value-checks.c what the decoded values of the replies say
 *   event-text.c   the event table and the text of every event
 *   resp-hist.c    the response-time histogram
 */
#ifndef FOXESS_ENGINE_INTERNAL_H
#define FOXESS_ENGINE_INTERNAL_H

#include "foxess/claim.h"
#include "foxess/engine.h"

/*
 * The main reply set as bits: every ID of the table's main-poll replies
 * gets one, in table order (protocol-notes sections 3 and 4).
 */
#define MAIN_SLOTS 64
#define NO_SLOT	   MAIN_SLOTS

struct main_slots {
	uint32_t id[MAIN_SLOTS];
	uint64_t required[FOX_VARIANT_EP + 1]; /* by variant */
	unsigned base[];		       /* per table row */
};

/* Counters that only grow (protocol-notes 4.5.3 item 3). */
#define N_COUNTERS 6

/* The last standard-ID frames of the bus, for the foreign-traffic rate. */
#define FOREIGN_RING 32

/* The request of one class that replies are currently linked to. */
struct outstanding {
	bool open;
	uint32_t frame;
	double time;
	unsigned replies;
	uint64_t seen;	/* main: main_slot_bit set; bursts: item index */
	int last_index; /* bursts: last item index, -1 = none */
	bool duplicate_raised;
	bool late_raised;
};

struct fox_engine {
	struct fox_lm_config cfg;
	struct main_slots *main;
	struct fox_lm_stats st;
	enum fox_variant variant;
	uint32_t frame; /* number of the frame being fed */
	double now;

	/* The record of the frame being fed */
	struct fox_record rec;
	struct fox_decoded decoded;
	struct fox_lm_event events[FOX_ENGINE_MAX_EVENTS];

	struct outstanding req[FOX_CLASS_COUNT];
	bool any_poll, any_answer;
	double prev_poll_time;
	unsigned silent; /* consecutive unanswered main polls */
	uint32_t silent_first_frame;
	double silent_first_time;
	bool outage; /* BMS Lost / never answered raised */

	double link_up_time; /* first answer (after a seen startup) */
	bool startup_seen;   /* the capture shows the link coming up */
	bool link_up;
	bool pack_data_seen, serial_req_seen;
	bool pack_data_raised, serial_raised;
	bool mismatch_raised;

	/* Latest values (valid when have_*) */
	bool have_pack, have_limits;
	bool packs_missing; /* the last 0x1875 bitmap lacks packs */
	double soc, voltage, current, nominal_kwh;
	double vmax, vmin, chg_max, dis_max;
	bool inhibit;
	double inhibit_since;
	double band_since;
	int band;

	/* Neighbour protocols and foreign 11-bit traffic (link-state.c) */
	struct fox_claim_bus claims;
	struct fox_decoded neighbour; /* a Pylontech frame, decoded */
	double foreign_time[FOREIGN_RING];
	uint32_t foreign_frame[FOREIGN_RING];
	uint16_t foreign_id[FOREIGN_RING];
	unsigned foreign_next; /* ring position of the next frame */
	bool foreign_active;   /* an episode is going on */
	double foreign_last;   /* time of the last standard-ID frame */

	/* Value checks of issue 13 (value-checks.c) */
	bool duplicate_reply; /* this main reply repeats an ID of its set */
	bool counter_seen[N_COUNTERS];
	double counter[N_COUNTERS];
	bool dump_open, dump_gap; /* cell-voltage dump being summed */
	int dump_last;		  /* its last item index */
	uint32_t dump_frame;	  /* its last frame */
	uint32_t dump_request;	  /* the request it answers */
	unsigned dump_positions;  /* non-zero cell readings */
	double dump_sum_mv;
	bool convention_raised[2]; /* sign.convention: charging, discharging */
};

/* engine.c: events of the frame being fed */
struct fox_lm_event *event_init(struct fox_engine *e, struct fox_lm_event *ev,
				enum fox_lm_event_type type, uint32_t about);
void event_send(struct fox_engine *e, const struct fox_lm_event *ev);
void emit_simple(struct fox_engine *e, enum fox_lm_event_type type,
		 double value, double limit, const char *detail);
/* A condition is reported on every frame that shows it. */
void condition(struct fox_engine *e, bool holds, enum fox_lm_event_type type,
	       double value, double limit, const char *detail);
/* Time accounting up to now: charge-inhibit time, time per band. */
void account_time(struct fox_engine *e);

/* link-state.c */
struct main_slots *main_slots_new(void);
/* The reply window of the open main poll has passed: close it. */
void link_expire(struct fox_engine *e);
void link_request(struct fox_engine *e, const struct fox_lm_frame *f,
		  struct fox_lm_link *link);
void link_reply(struct fox_engine *e, const struct fox_lm_frame *f,
		const struct fox_decoded *d, struct fox_lm_link *link);
void link_finish(struct fox_engine *e);

/* A frame on a neighbour protocol's ID (Pylontech): claimed or not. */
enum fox_record_kind neighbour_frame(struct fox_engine *e,
				     const struct fox_lm_frame *f);
/* A frame of no battery protocol: 11-bit ones are foreign traffic. */
void other_frame(struct fox_engine *e, const struct fox_lm_frame *f);

/* value-checks.c */
void check_main_reply(struct fox_engine *e, const struct fox_decoded *d);
/* Inverter requests: the 0x07 DC measurement. */
void check_request(struct fox_engine *e, const struct fox_decoded *d);
/* Cell-voltage dumps: each item frame, and the end of a dump (any other
 * FoxESS frame of the bus). */
void check_cell_item(struct fox_engine *e, const struct fox_decoded *d);
void cell_dump_close(struct fox_engine *e);
void check_pack_data(struct fox_engine *e, const struct fox_decoded *d);
void check_serial_part(struct fox_engine *e, const struct fox_decoded *d);

/* resp-hist.c */
void resp_record(struct fox_lm_stats *st, double rt);
double resp_percentile(const struct fox_lm_stats *st, double p);

#endif /* FOXESS_ENGINE_INTERNAL_H */
