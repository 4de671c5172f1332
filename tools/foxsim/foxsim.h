/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * foxsim: deterministic FoxESS CAN scenario generator.
 *
 * The simulation plays both ends of the bus (inverter and BMS) with the
 * timing of protocol-notes section 2, one 1-second main-poll period per
 * "tick".  Every FoxESS field is written through the protocol table
 * (fox_field_find + fox_encode), and every injected event is written to a
 * ground-truth CSV next to the capture.  Same arguments, same bytes: the
 * only source of variation is the seeded PRNG below.
 */
#ifndef FOXSIM_H
#define FOXSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "foxess/protocol.h"

#define SIM_MAX_PACKS	     8
#define SIM_CELLS_PER_PACK   16
#define SIM_SENSORS_PER_PACK 8
#define SIM_MAX_EVENTS	     4
#define SIM_DETAILS_MAX	     320
#define SIM_US		     1000000ull
#define SIM_LOST_POLLS	     3 /* consecutive unanswered main polls: BMS lost */
#define SIM_MAX_CHANNELS     8 /* CAN buses of one capture; 0 = FoxESS */

/* splitmix64: tiny, fast and the same on every platform. */
struct rng {
	uint64_t state;
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
double rng_uniform(struct rng *r); /* [0, 1) */
double rng_range(struct rng *r, double lo, double hi);
unsigned rng_below(struct rng *r, unsigned n); /* [0, n) */
double rng_normal(struct rng *r);	       /* mean 0, sd ~1 */

/* Battery model ---------------------------------------------------------- */

struct pack {
	double soc; /* % */
	double capacity_ah;
	double cell_offset_mv[SIM_CELLS_PER_PACK]; /* manufacturing spread */
	double cell_drift_mv[SIM_CELLS_PER_PACK];  /* set by scenarios */
	double sensor_offset_c[SIM_SENSORS_PER_PACK];
	double temp_c;			    /* pack core temperature */
	double extra_heat_c;		    /* set by scenarios */
	bool present;			    /* answering the BMS master */
	uint8_t error;			    /* 0x1877 pack-error byte */
	double cell_mv[SIM_CELLS_PER_PACK]; /* last sample */
	double sensor_c[SIM_SENSORS_PER_PACK];
};

struct battery {
	unsigned n_packs;
	struct pack packs[SIM_MAX_PACKS];
	double soc;	  /* %, mean of the present packs */
	double current_a; /* + = charging (genuine FoxESS sign) */
	double ambient_c;
	double throughput_wh;
	unsigned cycles;
	bool contactor;
	bool inhibit;	     /* charge inhibit as the BMS reports it */
	bool inhibit_forced; /* BMS master says no, whatever the SoC */
	uint8_t error_code;  /* 0x1879 byte 0 */
	bool active_error;
	bool parallel; /* EP: units in parallel, not packs in series */
	double charge_limit_a, discharge_limit_a; /* per pack / unit */
	double charged_wh, discharged_wh, charged_ah, discharged_ah;
	struct rng rng;
};

void battery_init(struct battery *b, unsigned n_packs, double soc,
		  uint64_t seed);
/* EP-series units: the packs become parallel units of capacity_ah each
 * with these current limits; the lifetime counters start from the
 * throughput. */
void battery_make_parallel(struct battery *b, double capacity_ah,
			   double charge_limit_a, double discharge_limit_a);
/* Current through one pack: all of it in series, a share in parallel. */
double battery_pack_current(const struct battery *b);
/* Advance dt seconds with the present current, then resample sensors. */
void battery_step(struct battery *b, double dt);
double battery_voltage(const struct battery *b); /* V */
double battery_voltage_max(const struct battery *b);
double battery_voltage_min(const struct battery *b);
double battery_charge_limit(const struct battery *b); /* A */
double battery_discharge_limit(const struct battery *b);
double battery_pack_voltage(const struct pack *p);  /* V */
double battery_energy_kwh(const struct battery *b); /* remaining */
void battery_cell_extremes(const struct battery *b, double *max_mv,
			   double *min_mv);
void battery_temp_extremes(const struct battery *b, double *max_c,
			   double *min_c);
void battery_pack_temp_extremes(const struct pack *p, double *max_c,
				double *min_c);
uint8_t battery_present_mask(const struct battery *b);

/* Frames and ground truth ------------------------------------------------ */

enum frame_flag {
	FR_EXT = 1 << 0,
	FR_RTR = 1 << 1,
	FR_ERR = 1 << 2,
	FR_FD = 1 << 3,
};

struct sim_event {
	const char *name;
	char details[SIM_DETAILS_MAX];
};

struct sim_frame {
	uint64_t t_us;	/* since the first frame */
	unsigned seq;	/* creation order, breaks time ties */
	uint32_t id;	/* without flag bits */
	unsigned flags; /* enum frame_flag */
	uint8_t len;
	uint8_t channel; /* bus: 0 = the FoxESS bus, others foreign */
	uint8_t data[64];
	unsigned n_events;
	struct sim_event events[SIM_MAX_EVENTS];
	int checkpoint; /* index of the checkpoint event, or -1 */
};

struct writer_options {
	const char *pcap;
	const char *pcapng;
	const char *candump;
	const char *cantools; /* Battery-Emulator "CAN Tools" log */
	const char *truth;
	unsigned channels;  /* buses in the capture, 1 when 0 */
	const char *ifname; /* transmit in real time on this interface */
	uint64_t epoch_us;  /* absolute time of the first frame */
};

struct writer;

struct writer *writer_open(const struct writer_options *o);
void writer_frame(struct writer *w, const struct sim_frame *f);
unsigned long writer_frames(const struct writer *w);
/* Flushes and closes everything; returns 0 on success. */
int writer_close(struct writer *w);

/* Simulation ------------------------------------------------------------- */

/* What the scenario decides for one tick; reset before every tick. */
struct tick_plan {
	double demand_a;      /* inverter's wanted current, + = charge */
	bool ignore_limits;   /* inverter exceeds the advertised limits */
	bool bms_silent;      /* the BMS answers nothing this tick */
	int truncate_main;    /* main-reply frames sent, -1 = all */
	bool duplicate;	      /* a second BMS answers the main poll */
	bool contactor_fault; /* BMS holds the contactor open */
	/* EP faults */
	double ep_stored_factor; /* 0x1903 off by this factor, 0 = native */
	bool ep_state_swapped;	 /* 0x187B sends 1 and 2 swapped */
	const char *ep_skip;	 /* key of a main-set frame not sent */
	bool current_inverted;	 /* 0x1873 / 0x0C05 sign flipped, 0x187B
				  * state codes left native (an emulator) */
	bool pad_cells;		 /* cell dump fills all 144 positions by
				  * repeating the real cells (an emulator) */
	bool foreign_on_bus;	 /* the foreign device sends on channel 0 */
};

struct scenario;

struct sim {
	const struct scenario *sc;
	struct battery bat;
	struct battery twin; /* second BMS for duplicate bursts */
	struct rng rng;	     /* bus timing and fault decisions */
	struct writer *w;
	uint64_t seed;
	uint64_t epoch_us; /* absolute time of the first frame */
	unsigned tick;
	uint64_t poll_us; /* this tick's main poll */
	struct tick_plan plan;
	bool checkpoint; /* frames of this tick carry checkpoints */

	struct sim_frame *buf;
	size_t n_buf, cap_buf;
	unsigned seq;

	/* link and startup state */
	bool ever_answered;
	bool lost;
	bool restored_pending; /* next reply frame is link_restored */
	unsigned silent_polls; /* consecutive unanswered main polls */
	unsigned bms_silent_ticks;
	bool serial_pending;
	bool bms_data_sent;
	bool pack_data_sent;
	unsigned info_next; /* 0x1877 rotation: 0 master, n pack n */
	unsigned twin_info_next;

	/* last values the BMS sent, for event details */
	int last_soc;
	double last_current;
	bool ep_detected;      /* an EP cue has been sent */
	unsigned pylon_frames; /* Pylontech broadcast frames sent */
	unsigned foreign;      /* channels carrying the foreign device */
	struct rng foreign_rng;
	bool foreign_seen[SIM_MAX_CHANNELS];
};

struct scenario {
	unsigned number;
	const char *stem; /* file name without extension */
	const char *title;
	unsigned packs;
	unsigned duration_s;
	double soc;
	uint64_t seed;
	bool committed;		     /* part of test-captures/ */
	const unsigned *checkpoints; /* ticks, ascending, ends with 0 */
	void (*setup)(struct sim *s);
	void (*tick)(struct sim *s);
	void (*inject)(struct sim *s); /* extra frames for this tick */
	bool ep;		       /* EP-series dialect (notes section 4) */
	bool ep_plus;	  /* newer units: 0x1910-0x1919 in the main reply */
	unsigned foreign; /* bit n: the foreign device on channel n */
	const char *dir;  /* corpus subdirectory, written as pcapng; NULL:
			   * the top directory, written as pcap */
};

extern const struct scenario scenarios[];
extern const size_t n_scenarios;
const struct scenario *scenario_find(const char *name);

/* Resolves every table field foxsim uses; false (with a message) when the
 * table lacks one. */
bool sim_table_init(void);
/* Frame and field handles from the table, by key / abbreviation. */
const struct fox_frame *sim_frame_type(const char *key);
const struct fox_field *sim_field(const char *abbrev);
/* A value of a field's value-string list, by its name. */
uint32_t sim_value(const struct fox_field *f, const char *name);

/* Runs the scenario for duration_s ticks into w; packs 0 keeps the
 * scenario's pack count; foreign (bit n = channel n) adds the foreign
 * device to the scenario's own channels. */
void sim_run(const struct scenario *sc, struct writer *w, uint64_t seed,
	     uint64_t epoch_us, unsigned packs, unsigned duration_s,
	     unsigned foreign);

/* Buses a run needs: one more than the highest foreign channel. */
unsigned sim_channels(unsigned foreign);

/* A foreign 11-bit device (foreign.c): a Nissan Leaf-style battery
 * controller with a lone zero 0x355, one second of it on channel ch. */
void foreign_tick(struct sim *s, unsigned ch);

/* The value a field shows once encoded (table scale, rounding, width). */
double sim_shown(const struct fox_field *f, double v);

/* An EP12 unit (protocol-notes section 4 and its EP12 example). */
#define EP_UNIT_NOMINAL_10WH 1152 /* 11.52 kWh */
#define EP_UNIT_RATED_AH     230.0
#define EP_UNIT_FULL_AH	     225.0

/* EP-only main-reply frames (0x187A-0x1919), in ep.c. */
struct ep_burst {
	double current;	   /* 0x1873 current sent in this burst */
	int soc;	   /* 0x1873 SoC sent in this burst */
	unsigned nominal;  /* 0x1873 nominal energy, 10 Wh */
	unsigned max_cell; /* 1-based positions of the extreme cells */
	unsigned min_cell;
	unsigned max_temp; /* 1-based positions (0x0D21-0x0D22) of the */
	unsigned min_temp; /* extreme temperatures */
};

void ep_table_init(void);
void ep_fill(struct sim *s, struct battery *b, struct sim_frame *fr,
	     const struct ep_burst *eb);

/* Frame construction, for scenarios that inject frames. */
struct sim_frame *sim_add(struct sim *s, uint64_t t_us, uint32_t id,
			  unsigned flags, uint8_t len);
struct sim_frame *sim_add_table(struct sim *s, uint64_t t_us,
				const struct fox_frame *type, unsigned index);
void sim_put(struct sim_frame *fr, const struct fox_field *f, unsigned item,
	     double value);
void sim_put_text(struct sim_frame *fr, const struct fox_field *f,
		  const char *text);
void sim_event(struct sim_frame *fr, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* FOXSIM_H */
