/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * FoxESS link monitor: the types of the stateful diagnostics of a BMS <->
 * inverter CAN link, in plain C (no Wireshark): the thresholds, the events
 * (diagnoses) and their texts, the per-frame request/reply link and the
 * statistics of the support-ticket summary.  The bus engine
 * (foxess/engine.h) produces them, one engine per bus.
 *
 * Conditions (charge inhibit, cell spread, ...) are reported on every
 * frame that shows them, as Wireshark marks every affected packet.
 */
#ifndef FOXESS_LINK_MONITOR_H
#define FOXESS_LINK_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "foxess/protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Thresholds; fox_lm_config_default() gives the documented defaults, the
 * one place they are written: the plugin's preferences and foxcap's
 * options start from it. */
struct fox_lm_config {
	enum fox_variant variant; /* UNKNOWN = detect from the frames */
	double reply_window;	  /* s a reply may follow its request */
	unsigned lost_polls;	  /* consecutive unanswered = BMS Lost */
	double poll_interval_min; /* s, main-poll interval window */
	double poll_interval_max;
	double startup_deadline; /* s after link up for pack data and
				  * the serial-number request */
	double inhibit_warn_soc; /* %, charge inhibit below: warning */
	double cell_spread_mv;	 /* max - min cell voltage */
	double cell_min_mv;	 /* cell voltage window */
	double cell_max_mv;
	double temp_min; /* degC, cell temperature window */
	double temp_max;
	double current_margin;	   /* A above an advertised limit */
	double current_deadband;   /* A treated as zero for sign checks */
	double energy_tolerance;   /* % of nominal energy (EP check) */
	unsigned foreign_frames;   /* 11-bit frames within 1 s that make
				    * foreign traffic on a FoxESS bus */
	double cell_sum_tolerance; /* % the cell-voltage sum may differ
				    * from the pack voltage */
};

enum fox_lm_severity {
	FOX_LM_SEV_NONE, /* bookkeeping, not a diagnosis */
	FOX_LM_SEV_NOTE,
	FOX_LM_SEV_WARN,
	FOX_LM_SEV_ERROR,
};

enum fox_lm_group {
	FOX_LM_GRP_SEQUENCE,	  /* request/response, timing, bursts */
	FOX_LM_GRP_RESPONSE_CODE, /* what the BMS reports about itself */
	FOX_LM_GRP_PROTOCOL,	  /* values contradicting each other */
	FOX_LM_GRP_UNDECODED,	  /* frame checks: no layout for it */
	FOX_LM_GRP_MALFORMED,	  /* frame checks: bytes against layout */
};

enum fox_lm_event_type {
	FOX_LM_EV_POLL_ANSWERED,   /* first reply to a main poll */
	FOX_LM_EV_POLL_UNANSWERED, /* about the poll */
	FOX_LM_EV_LATE_REPLY,	   /* reply after the reply window */
	FOX_LM_EV_BMS_LOST,	   /* about the lost_polls-th silent poll */
	FOX_LM_EV_NEVER_ANSWERED,  /* the same, no reply since the start */
	FOX_LM_EV_LINK_RESTORED,   /* value = outage in s */
	FOX_LM_EV_BURST_INCOMPLETE,
	FOX_LM_EV_DUPLICATE_BURST,
	FOX_LM_EV_ITEM_GAP, /* cell-voltage / temperature burst gap */
	FOX_LM_EV_PACK_DATA_MISSING,
	FOX_LM_EV_SERIAL_MISSING,
	FOX_LM_EV_CHARGE_INHIBIT_FULL,
	FOX_LM_EV_CHARGE_INHIBIT,
	FOX_LM_EV_PACK_ERROR,
	FOX_LM_EV_ERROR_BITS,
	FOX_LM_EV_ACTIVE_ERROR,
	FOX_LM_EV_OFFLINE,
	FOX_LM_EV_PACKS_MISSING,
	FOX_LM_EV_CONTACTOR_OPEN,
	FOX_LM_EV_CELL_SPREAD,
	FOX_LM_EV_CELL_VOLTAGE,
	FOX_LM_EV_TEMPERATURE,
	FOX_LM_EV_CHARGE_OVER_LIMIT,
	FOX_LM_EV_DISCHARGE_OVER_LIMIT,
	FOX_LM_EV_VOLTAGE_WINDOW,
	FOX_LM_EV_SIGN_FLAGS,	   /* H: current vs 0x1879 flags */
	FOX_LM_EV_SIGN_STATE,	   /* EP: current vs 0x187B state */
	FOX_LM_EV_ENERGY_MISMATCH, /* EP: 0x1903 vs 0x1873 x SoC */
	FOX_LM_EV_POLL_INTERVAL,
	FOX_LM_EV_PROTOCOL_MISMATCH,
	FOX_LM_EV_FOREIGN_TRAFFIC, /* 11-bit frames on a FoxESS bus */
	FOX_LM_EV_COUNTER_RESET,   /* a cumulative counter went back */
	FOX_LM_EV_CELL_SUM,	   /* cell-voltage sum vs pack voltage */
	FOX_LM_EV_SIGN_CONVENTION, /* EP: 0x1873 vs inverter 0x07 sign */
	FOX_LM_EV_COUNT
};

struct fox_lm_event_info {
	const char *key;     /* stable name: expert "foxess.<key>" */
	const char *tag;     /* two words for the Info column: "BMS Lost" */
	const char *summary; /* one line, for expert registration */
	enum fox_lm_severity severity;
	enum fox_lm_group group;
};

extern const struct fox_lm_event_info fox_lm_events[FOX_LM_EV_COUNT];

#define FOX_LM_DETAIL_MAX 96

struct fox_lm_event {
	enum fox_lm_event_type type;
	uint32_t at_frame;    /* frame being fed when it became certain */
	uint32_t about_frame; /* frame it concerns (often at_frame) */
	uint32_t ref_frame;   /* related frame, 0 = none: first silent
			       * poll, request of a burst, ... */
	double value;	      /* the measured number (s, mV, A, ...) */
	double limit;	      /* the threshold or the other number */
	double extra;	      /* third number (e.g. last SoC seen) */
	char detail[FOX_LM_DETAIL_MAX]; /* names: missing IDs, packs, ... */
};

/* Per-frame result of fox_lm_feed(). */
struct fox_lm_link {
	enum fox_class class; /* of the request, or the reply */
	bool is_request;
	uint32_t request_frame;	  /* replies: the request, 0 = none */
	double response_time;	  /* replies: s since the request */
	enum fox_variant variant; /* as known after this frame */
};

#define FOX_LM_MAX_EPISODES  32
#define FOX_LM_MAX_PACKS     8
#define FOX_LM_SERIAL_LEN    21
#define FOX_LM_CURRENT_BANDS 4
#define FOX_LM_RESP_BINS     32768

/* Current bands for error-frame correlation: |I| below 5, 20, 50 A, and
 * above (protocol-notes section 6: EMI errors rise with current). */
extern const double fox_lm_band_edges[FOX_LM_CURRENT_BANDS - 1];

struct fox_lm_episode {
	double start;	     /* time of the first silent poll */
	double duration;     /* to the first reply, or the last frame */
	uint32_t frame;	     /* first silent poll */
	bool ongoing;	     /* no reply until the end of the capture */
	bool never_answered; /* no reply since the capture start */
};

struct fox_lm_minmax {
	bool seen;
	double min, max;
};

struct fox_lm_record {
	bool seen;
	uint8_t type_code; /* 0x1877 byte 4 */
	char firmware[FOX_TEXT_MAX];
};

#define FOX_LM_MAX_FOREIGN     8  /* foreign-traffic episodes kept */
#define FOX_LM_MAX_FOREIGN_IDS 16 /* IDs kept per episode */
#define FOX_LM_MAX_RESETS      16 /* counter resets kept */

/* Foreign 11-bit traffic on a FoxESS bus: from its first frame to its
 * last, ended by FOX_LM_FOREIGN_QUIET s without one. */
#define FOX_LM_FOREIGN_QUIET 5.0

struct fox_lm_foreign {
	double start, end; /* first and last frame */
	uint32_t frame;	   /* first frame */
	uint64_t frames;
	unsigned n_ids; /* in ascending order */
	bool more_ids;	/* beyond FOX_LM_MAX_FOREIGN_IDS */
	uint16_t ids[FOX_LM_MAX_FOREIGN_IDS];
};

struct fox_lm_reset {
	uint32_t frame;
	const char *field; /* filter name of the counter */
	double before, after;
};

/* EP current sign, from 0x1873 against the inverter's own 0x07
 * measurement (protocol-notes 4.5.3 item 2). */
enum fox_lm_convention {
	FOX_LM_CONV_UNKNOWN,
	FOX_LM_CONV_NATIVE,   /* opposite signs: a genuine unit */
	FOX_LM_CONV_INVERTED, /* the same sign: an emulator (v67) */
};

struct fox_lm_stats {
	bool any_frame;
	double first_time, last_time;
	uint64_t frames, foxess_frames, pylontech_frames;
	uint64_t dialect_frames; /* another vendor on FoxESS IDs */
	const char *dialect;	 /* its name ("Solax"), from the table */
	uint64_t requests[FOX_CLASS_COUNT];
	uint64_t polls_answered, polls_unanswered, polls_pending;
	uint64_t late_replies;
	double resp_min, resp_max, resp_sum;
	uint64_t n_resp;     /* main-poll response times seen */
	uint32_t *resp_hist; /* their histogram, FOX_LM_RESP_BINS
			      * geometric bins: fixed memory however
			      * long the capture runs */
	struct fox_lm_episode episodes[FOX_LM_MAX_EPISODES];
	unsigned n_episodes; /* may exceed FOX_LM_MAX_EPISODES */
	struct fox_lm_minmax soc, voltage, current, temp, cell_mv;
	double worst_spread_mv;
	uint32_t worst_spread_frame;
	double inhibit_time;
	uint64_t event_counts[FOX_LM_EV_COUNT];
	uint64_t events_dropped; /* beyond FOX_ENGINE_MAX_EVENTS a frame */
	uint64_t error_frames;
	uint64_t band_errors[FOX_LM_CURRENT_BANDS];
	double band_time[FOX_LM_CURRENT_BANDS];
	unsigned pack_count; /* 0x1875, last seen */
	/* serials[0] = BMS, [n] = pack n; records[0] = BMS master */
	char serials[FOX_LM_MAX_PACKS + 1][FOX_LM_SERIAL_LEN + 1];
	struct fox_lm_record records[FOX_LM_MAX_PACKS + 1];
	/* issue 13: faults of real installations */
	struct fox_lm_foreign foreign[FOX_LM_MAX_FOREIGN];
	unsigned n_foreign; /* may exceed FOX_LM_MAX_FOREIGN */
	struct fox_lm_reset resets[FOX_LM_MAX_RESETS];
	unsigned n_resets; /* may exceed FOX_LM_MAX_RESETS */
	double worst_cell_sum, worst_cell_sum_pack; /* V, largest gap */
	uint32_t worst_cell_sum_frame;		    /* 0 = none flagged */
	unsigned worst_cell_sum_positions;
	enum fox_lm_convention convention; /* last decided */
	uint32_t convention_frame;
};

/* One CAN frame as captured. */
struct fox_lm_frame {
	uint32_t number; /* caller's frame number, 1-based */
	double time;	 /* seconds, any epoch */
	uint32_t id;	 /* without flag bits */
	bool extended;
	bool error; /* a CAN error frame (id/data: error class) */
	const uint8_t *data;
	size_t len;
};

void fox_lm_config_default(struct fox_lm_config *cfg);

/* One line saying what ev found, with its numbers: the plugin's expert
 * info text.  Returns the length it wanted (as snprintf). */
size_t fox_lm_event_message(const struct fox_lm_event *ev,
			    const struct fox_lm_config *cfg, char *buf,
			    size_t size);
/* What to do about ev (seeds 000 and 001), or NULL: a generated field
 * in the plugin, after the message in the capture tool's live mode. */
const char *fox_lm_event_advice(const struct fox_lm_event *ev);
/* The message followed by the advice, the live mode's line. */
size_t fox_lm_event_describe(const struct fox_lm_event *ev,
			     const struct fox_lm_config *cfg, char *buf,
			     size_t size);

#ifdef __cplusplus
}
#endif

#endif /* FOXESS_LINK_MONITOR_H */
