// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The checks of a single frame and their expert infos
 * (foxess/frame-checks.h).
 */
#include "foxess/frame-checks.h"

#define UND FOX_LM_GRP_UNDECODED
#define MAL FOX_LM_GRP_MALFORMED
#define PRO FOX_LM_GRP_PROTOCOL

/* One check per entry, laid out as a table. */
/* clang-format off */
const struct fox_frame_check_info fox_frame_checks[FOX_FC_PROTOS]
						  [FOX_FC_COUNT] = {
	[FOX_PROTO_FOXESS] = {
		[FOX_FC_UNKNOWN_ID] = { "foxess.unknown_id",
			"FoxESS-range ID with no known layout",
			FOX_LM_SEV_NOTE, UND },
		[FOX_FC_DIALECT] = { "foxess.dialect",
			"Another vendor's dialect on FoxESS IDs (Solax)",
			FOX_LM_SEV_NOTE, PRO },
		[FOX_FC_CAN_FD] = { "foxess.can_fd",
			"CAN FD frame: FoxESS uses classical CAN at 500 kbit/s",
			FOX_LM_SEV_WARN, PRO },
		[FOX_FC_SHORT] = { "foxess.malformed.short",
			"Frame shorter than its layout",
			FOX_LM_SEV_ERROR, MAL },
		[FOX_FC_LONG] = { "foxess.malformed.long",
			"FoxESS frames carry 8 bytes; extra bytes ignored",
			FOX_LM_SEV_WARN, MAL },
		[FOX_FC_UNKNOWN_OPCODE] = { "foxess.request.unknown_opcode",
			"Unknown request opcode",
			FOX_LM_SEV_NOTE, UND },
		[FOX_FC_UNKNOWN_SELECTOR] = { "foxess.request.unknown_selector",
			"Unknown data-request selector",
			FOX_LM_SEV_NOTE, UND },
	},
	[FOX_PROTO_PYLONTECH] = {
		[FOX_FC_SHORT] = { "pylontech.malformed.short",
			"Frame shorter than its layout",
			FOX_LM_SEV_ERROR, MAL },
		[FOX_FC_LONG] = { "pylontech.malformed.long",
			"Pylontech frames carry 8 bytes; extra bytes ignored",
			FOX_LM_SEV_WARN, MAL },
		[FOX_FC_HV_BIG_ENDIAN] = { "pylontech.hv_big_endian",
			"Big-endian HV values: the specification says "
			"little-endian; some emulators send big-endian",
			FOX_LM_SEV_NOTE, PRO },
	},
};
/* clang-format on */

/* Every ID the FoxESS families use (H, EP, the Solax dialect's 0x1801 and
 * 0x100A001): protocol-notes section 2. */
const struct fox_id_range fox_foxess_id_ranges[] = {
	{ 0x0C00, 0x0DFF },
	{ 0x1870, 0x19FF },
	{ 0x1801, 0x1801 },
	{ 0x100A001, 0x100A001 },
};

const size_t fox_n_foxess_id_ranges =
	sizeof(fox_foxess_id_ranges) / sizeof(fox_foxess_id_ranges[0]);

bool fox_foxess_id(uint32_t id)
{
	for (size_t i = 0; i < fox_n_foxess_id_ranges; i++)
		if (id >= fox_foxess_id_ranges[i].first &&
		    id <= fox_foxess_id_ranges[i].last)
			return true;
	return false;
}

/* Bytes against the layout, for every table-driven protocol. */
static unsigned length_checks(const struct fox_decoded *d, unsigned len)
{
	if (d->status == FOX_SHORT)
		return FOX_FC_BIT(FOX_FC_SHORT);
	if (len > 8)
		return FOX_FC_BIT(FOX_FC_LONG);
	return 0;
}

unsigned fox_foxess_frame_checks(const struct fox_decoded *d, unsigned len,
				 bool fd, fox_dialect_claim_fn claim, void *ctx)
{
	unsigned checks;

	/* A dialect's frame is named only where the bus has shown that
	 * dialect (lib/claim.c); until then it is an unknown ID. */
	if (!d || d->status == FOX_UNKNOWN_ID ||
	    (d->frame->dialect && claim(ctx, d) == FOX_CLAIM_NONE))
		return FOX_FC_BIT(FOX_FC_UNKNOWN_ID);
	checks = length_checks(d, len);
	if (d->frame->dialect)
		checks |= FOX_FC_BIT(FOX_FC_DIALECT);
	if (fd)
		checks |= FOX_FC_BIT(FOX_FC_CAN_FD);
	if (d->frame->id_first == FOX_REQUEST_ID) {
		switch (fox_request_form_check(d)) {
		case FOX_REQUEST_UNKNOWN_OPCODE:
			checks |= FOX_FC_BIT(FOX_FC_UNKNOWN_OPCODE);
			break;
		case FOX_REQUEST_UNKNOWN_SELECTOR:
			checks |= FOX_FC_BIT(FOX_FC_UNKNOWN_SELECTOR);
			break;
		case FOX_REQUEST_KNOWN:
			break;
		}
	}
	return checks;
}

unsigned fox_pylontech_frame_checks(const struct fox_decoded *d, unsigned len,
				    enum fox_byte_order order)
{
	unsigned checks = length_checks(d, len);

	if (order == FOX_ORDER_BE)
		checks |= FOX_FC_BIT(FOX_FC_HV_BIG_ENDIAN);
	return checks;
}

void fox_hv_order_init(struct fox_hv_order *o)
{
	o->known = false;
	o->latest = FOX_ORDER_LE;
}

enum fox_byte_order fox_hv_order_feed(struct fox_hv_order *o, uint32_t id,
				      const uint8_t *data, size_t len,
				      bool *assumed)
{
	enum fox_byte_order cue;

	if (fox_byte_order_cue(FOX_PROTO_PYLONTECH, id, true, data, len,
			       &cue)) {
		o->latest = cue;
		o->known = true;
	}
	if (assumed)
		*assumed = !o->known;
	return o->known ? o->latest : FOX_ORDER_LE;
}
