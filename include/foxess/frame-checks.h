/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checks of a single frame, without Wireshark: which frames on FoxESS
 * IDs are unknown, of another vendor's dialect, CAN FD, shorter or longer
 * than their layout, or requests with an unknown opcode or selector; and
 * which Pylontech frames are malformed or big-endian.  One table names
 * each check as an expert info (filter name, severity, group, summary):
 * the Wireshark plugin registers and raises its expert infos from it, and
 * foxess-scan counts the same checks under the same names.
 */
#ifndef FOXESS_FRAME_CHECKS_H
#define FOXESS_FRAME_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "foxess/claim.h"
#include "foxess/link-monitor.h"
#include "foxess/protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

enum fox_frame_check {
	FOX_FC_UNKNOWN_ID, /* FoxESS-range ID with no layout (or a dialect
			    * the bus has not shown): excludes the rest */
	FOX_FC_DIALECT,	   /* another vendor's frame on FoxESS IDs */
	FOX_FC_CAN_FD,
	FOX_FC_SHORT,		 /* fewer bytes than the layout needs */
	FOX_FC_LONG,		 /* more than the 8 of classical CAN */
	FOX_FC_UNKNOWN_OPCODE,	 /* request 0x1871 */
	FOX_FC_UNKNOWN_SELECTOR, /* request 0x1871, data request */
	FOX_FC_HV_BIG_ENDIAN,	 /* Pylontech HV read big-endian */
	FOX_FC_COUNT
};

#define FOX_FC_BIT(check) (1u << (check))

/* A check as an expert info of one protocol. */
struct fox_frame_check_info {
	const char *abbrev; /* filter name; NULL: not a check of it */
	const char *summary;
	enum fox_lm_severity severity;
	enum fox_lm_group group;
};

#define FOX_FC_PROTOS (FOX_PROTO_PYLONTECH + 1)

/* Indexed by enum fox_proto, then enum fox_frame_check. */
extern const struct fox_frame_check_info fox_frame_checks[FOX_FC_PROTOS]
							 [FOX_FC_COUNT];

/* The CAN ID ranges the FoxESS dissector takes, known IDs or not:
 * unknown IDs in them are shown raw with foxess.unknown_id. */
struct fox_id_range {
	uint32_t first, last;
};

extern const struct fox_id_range fox_foxess_id_ranges[];
extern const size_t fox_n_foxess_id_ranges;

bool fox_foxess_id(uint32_t id);

/* Whether a dialect frame may be shown as its dialect on its bus
 * (fox_claim_frame() or a stored decision); asked only for dialect
 * frames, so a stateful answer is asked once per frame. */
typedef enum fox_claim (*fox_dialect_claim_fn)(void *ctx,
					       const struct fox_decoded *d);

/*
 * The checks (FOX_FC_BIT() mask) of a frame the FoxESS dissector takes:
 * an extended data frame on FoxESS IDs, d its decoding (NULL: none), len
 * its data bytes and fd whether it is a CAN FD frame.
 */
unsigned fox_foxess_frame_checks(const struct fox_decoded *d, unsigned len,
				 bool fd, fox_dialect_claim_fn claim,
				 void *ctx);

/*
 * The byte order of Pylontech HV (29-bit) frames, decided in frame order
 * when no preference forces one: a frame whose values are plausible in
 * exactly one order (fox_byte_order_cue(): 0x4210 and 0x4220) settles it
 * until the next such frame.
 */
struct fox_hv_order {
	bool known;
	enum fox_byte_order latest; /* the order the latest cue showed */
};

void fox_hv_order_init(struct fox_hv_order *o);

/* Feed an HV frame in frame order: the order to read it in, which is the
 * specification's little-endian while no frame has shown one (*assumed
 * set, where assumed is not NULL). */
enum fox_byte_order fox_hv_order_feed(struct fox_hv_order *o, uint32_t id,
				      const uint8_t *data, size_t len,
				      bool *assumed);

/* The checks of a frame claimed as Pylontech, decoded in order. */
unsigned fox_pylontech_frame_checks(const struct fox_decoded *d, unsigned len,
				    enum fox_byte_order order);

#ifdef __cplusplus
}
#endif

#endif /* FOXESS_FRAME_CHECKS_H */
