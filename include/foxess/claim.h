/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * When a frame on a neighbouring protocol's IDs may be called that
 * protocol (docs/protocol.md, "Claiming neighbouring protocols").
 *
 * CAN IDs are short and shared: a vehicle battery's 0x355 is not a
 * Pylontech BMS.  The evidence is kept per bus (a CAN ID has one sender
 * per bus) and decided in frame order: a protocol is claimed on a bus from
 * the frame that made it certain, and every later frame of that protocol
 * on that bus is claimed too.  Nothing here depends on Wireshark.
 */
#ifndef FOXESS_CLAIM_H
#define FOXESS_CLAIM_H

#include <stdbool.h>
#include <stdint.h>

#include "foxess/protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Pylontech LV: this many distinct broadcast IDs with credible values
 * within FOX_CLAIM_WINDOW seconds; HV: this many distinct frame types. */
#define FOX_CLAIM_LV_SET    3
#define FOX_CLAIM_HV_SET    2
#define FOX_CLAIM_WINDOW    2.0 /* s */
#define FOX_CLAIM_MAX_TYPES 24	/* frame types tracked per protocol */

/* Why a frame was claimed (or not). */
enum fox_claim {
	FOX_CLAIM_NONE,	  /* not (yet) certain: left to other dissectors */
	FOX_CLAIM_SET,	  /* this frame completed the protocol's frame set */
	FOX_CLAIM_MARKER, /* this frame carries the protocol's marker */
	FOX_CLAIM_BUS,	  /* the bus was shown to carry it before */
	FOX_CLAIM_ID,	  /* an ID only this protocol uses (Solax) */
};

/* Evidence for one protocol on one bus. */
struct fox_claim_set {
	bool certain;
	unsigned n;
	struct {
		const struct fox_frame *type;
		double time; /* last credible frame of this type */
		bool ranged; /* it carried range-checked values */
	} seen[FOX_CLAIM_MAX_TYPES];
};

struct fox_claim_bus {
	struct fox_claim_set lv; /* Pylontech low-voltage, 11-bit */
	struct fox_claim_set hv; /* Pylontech high-voltage, 29-bit */
	bool solax;		 /* a Solax-only ID was seen */
};

void fox_claim_bus_init(struct fox_claim_bus *b);

/*
 * True when a decoded neighbour frame is evidence for its protocol:
 * complete, every range-checked value in range, and none of the values
 * no real BMS sends (SoH 0 %, 0 V, both current limits 0).
 */
bool fox_claim_credible(const struct fox_decoded *d);

/*
 * Feed one frame of bus b at time t (seconds) in frame order; d is its
 * decoding (a Pylontech frame, or a FoxESS-range frame of a dialect).
 * Returns whether it may be shown as that protocol.  Frames that are not
 * neighbour frames return FOX_CLAIM_NONE and change nothing.
 */
enum fox_claim fox_claim_frame(struct fox_claim_bus *b,
			       const struct fox_decoded *d, double t);

const char *fox_claim_name(enum fox_claim c);

#ifdef __cplusplus
}
#endif

#endif /* FOXESS_CLAIM_H */
