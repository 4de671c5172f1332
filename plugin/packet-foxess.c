// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * FoxESS BMS <-> inverter CAN dissector.
 *
 * The SocketCAN dissector hands us extended-ID frames through the
 * "can.extended_id" table with a struct can_info as data.  The bytes are
 * decoded by the plain-C table decoder (lib/protocol.c) with the variant
 * the bus engine (foxess-analysis.c) detected; this file is the Wireshark
 * layer: tree, Info column and expert infos for frames that do not fit
 * the table.
 */
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/dissectors/packet-socketcan.h>

#include "compat.h"
#include "foxess-analysis.h"
#include "foxess-plugin.h"
#include "foxess-serial.h"
#include "table-fields.h"

enum variant_pref {
	VARIANT_PREF_AUTO,
	VARIANT_PREF_H,
	VARIANT_PREF_EP,
};

static const enum_val_t variant_pref_vals[] = {
	{ "auto", "Detect from the capture", VARIANT_PREF_AUTO },
	{ "h", "H-series (HV2600 / ECS4100)", VARIANT_PREF_H },
	{ "ep", "EP-series (EP5 / EP11 / EP12)", VARIANT_PREF_EP },
	{ NULL, NULL, 0 },
};

static const value_string variant_vals[] = {
	{ FOX_VARIANT_UNKNOWN, "Not yet known (H-series meanings)" },
	{ FOX_VARIANT_H, "H-series" },
	{ FOX_VARIANT_EP, "EP-series" },
	{ 0, NULL },
};

static int proto_foxess = -1;
static int hf_variant = -1;
static int hf_unknown_data = -1;
static gint ett_foxess = -1;
static struct fox_ws_common common = FOX_WS_COMMON_INIT;

static gint variant_pref = VARIANT_PREF_AUTO;

static dissector_handle_t foxess_handle;

enum fox_variant foxess_forced_variant(void)
{
	if (variant_pref == VARIANT_PREF_H)
		return FOX_VARIANT_H;
	if (variant_pref == VARIANT_PREF_EP)
		return FOX_VARIANT_EP;
	return FOX_VARIANT_UNKNOWN;
}

/* The request checks' texts name the unknown byte. */
static void add_request_experts(proto_item *ti, packet_info *pinfo,
				const struct fox_decoded *d, unsigned checks)
{
	if (checks & FOX_FC_BIT(FOX_FC_UNKNOWN_OPCODE))
		expert_add_info_format(
			pinfo, ti, &common.ei[FOX_FC_UNKNOWN_OPCODE],
			"Unknown request opcode 0x%02x",
			(unsigned)fox_decoded_get(d, "foxess.request.opcode", 0)
				->raw);
	else if (checks & FOX_FC_BIT(FOX_FC_UNKNOWN_SELECTOR))
		expert_add_info_format(pinfo, ti,
				       &common.ei[FOX_FC_UNKNOWN_SELECTOR],
				       "Unknown data-request selector 0x%02x",
				       (unsigned)fox_decoded_get(
					       d, "foxess.request.selector", 0)
					       ->raw);
}

struct claim_context {
	packet_info *pinfo;
	const struct can_info *can_info;
};

static enum fox_claim claim_dialect(void *ctx, const struct fox_decoded *d)
{
	struct claim_context *c = (struct claim_context *)ctx;

	return fox_ws_neighbour_claim(c->pinfo, c->can_info, d);
}

#define PROTO_NAME "FoxESS BMS CAN"

/* "FoxESS BMS CAN, Pack data (0x1872)", as appending "%s (0x%04x)" would
 * write it, without printf and in one piece (a visible tree has it on
 * every frame; appending would first copy the protocol name). */
static void label_frame(proto_item *ti, const char *name, uint32_t id)
{
	static const char prefix[] = PROTO_NAME ", ";
	char text[128], hex[9];
	size_t n = strlen(name), used = sizeof(prefix) - 1;
	unsigned digits = 0;

	if (n > sizeof(text) - sizeof(prefix) - 16)
		n = sizeof(text) - sizeof(prefix) - 16;
	do {
		hex[digits++] = "0123456789abcdef"[id & 0xF];
		id >>= 4;
	} while (id || digits < 4);
	memcpy(text, prefix, used);
	memcpy(text + used, name, n);
	used += n;
	memcpy(text + used, " (0x", 4);
	used += 4;
	while (digits)
		text[used++] = hex[--digits];
	text[used++] = ')';
	text[used] = '\0';
	proto_item_set_text(ti, "%s", text);
}

static int dissect_foxess(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			  void *data)
{
	struct can_info *can_info = (struct can_info *)data;
	struct foxess_frame_analysis fa;
	const struct fox_decoded *d;
	struct fox_decoded *own;
	proto_item *ti, *pi;
	proto_tree *ft;
	const guint8 *bytes;
	guint len;
	uint32_t id;
	enum fox_variant variant;
	struct claim_context claim;
	unsigned checks;

	if (!can_info || !(can_info->id & CAN_EFF_FLAG) ||
	    (can_info->id & (CAN_RTR_FLAG | CAN_ERR_FLAG)))
		return 0;
	id = can_info->id & CAN_EFF_MASK;
	len = tvb_captured_length(tvb);
	bytes = tvb_get_ptr(tvb, 0, len);

	col_set_str(pinfo->cinfo, COL_PROTOCOL, "FoxESS");
	col_clear(pinfo->cinfo, COL_INFO);

	/* No tree (summary lines, the first of two passes): no items. */
	ti = NULL;
	ft = NULL;
	if (tree) {
		ti = proto_tree_add_item(tree, proto_foxess, tvb, 0, -1,
					 ENC_NA);
		ft = proto_item_add_subtree(ti, ett_foxess);
		fox_ws_add_id(&common, ft, tvb, id);
	}
	/* The engine decodes each frame once, on the first pass; later
	 * passes decode with the variant it had then. */
	foxess_analysis_frame(tvb, pinfo, ft, ti, can_info->id, &fa);
	variant = fa.variant;
	d = fa.decoded;
	if (!d) {
		own = wmem_new(pinfo->pool, struct fox_decoded);
		fox_decode(FOX_PROTO_FOXESS, id, true, bytes, len, variant,
			   own);
		d = own;
	}

	claim.pinfo = pinfo;
	claim.can_info = can_info;
	checks = fox_foxess_frame_checks(d, len, fox_can_is_fd(can_info),
					 claim_dialect, &claim);
	if (checks & FOX_FC_BIT(FOX_FC_UNKNOWN_ID)) {
		proto_item_append_text(ti, ", unknown ID 0x%04x", id);
		col_add_fstr(pinfo->cinfo, COL_INFO, "Unknown FoxESS ID 0x%04x",
			     id);
		pi = proto_tree_add_item(ft, hf_unknown_data, tvb, 0, -1,
					 ENC_NA);
		expert_add_info_format(pinfo, pi, &common.ei[FOX_FC_UNKNOWN_ID],
				       "ID 0x%04x is in the FoxESS range but "
				       "has no known layout",
				       id);
		pi = proto_tree_add_uint(ft, hf_variant, tvb, 0, 0, variant);
		proto_item_set_generated(pi);
		foxess_analysis_info(pinfo, &fa);
		return fox_ws_taken(len);
	}

	if (ft) {
		label_frame(ti, fox_frame_name(d->frame, d->variant), id);
		fox_ws_add_frame_type(&common, ft, tvb, d);
		if (fox_ws_kept(ft, hf_variant)) {
			pi = proto_tree_add_uint(ft, hf_variant, tvb, 0, 0,
						 variant);
			proto_item_set_generated(pi);
		}
	}
	if (checks & FOX_FC_BIT(FOX_FC_DIALECT))
		expert_add_info_format(pinfo, ti, &common.ei[FOX_FC_DIALECT],
				       "%s dialect frame, not FoxESS",
				       d->frame->dialect);
	if (checks & FOX_FC_BIT(FOX_FC_CAN_FD))
		expert_add_info(pinfo, ti, &common.ei[FOX_FC_CAN_FD]);

	fox_ws_add_body(&common, ft, ti, tvb, pinfo, d, checks);
	foxess_serial_frame(tvb, pinfo, ft, d);
	add_request_experts(ti, pinfo, d, checks);
	foxess_analysis_info(pinfo, &fa);
	return fox_ws_taken(len);
}

void proto_register_foxess(void)
{
	static hf_register_info hf[] = {
		{ &hf_variant,
		  { "Protocol variant", "foxess.variant", FT_UINT8, BASE_DEC,
		    VALS(variant_vals), 0x0,
		    "H-series or EP-series, from the foxess.variant "
		    "preference or detected from the capture",
		    HFILL } },
		{ &hf_unknown_data,
		  { "Unknown data", "foxess.unknown_data", FT_BYTES, BASE_NONE,
		    NULL, 0x0, "Payload of an ID with no known layout",
		    HFILL } },
	};
	static gint *ett[] = { &ett_foxess };
	module_t *module;
	expert_module_t *expert;

	proto_foxess = proto_register_protocol(PROTO_NAME, "FoxESS", "foxess");
	proto_register_field_array(proto_foxess, hf, array_length(hf));
	proto_register_subtree_array(ett, array_length(ett));
	fox_ws_register_fields(proto_foxess, FOX_PROTO_FOXESS);
	expert = expert_register_protocol(proto_foxess);
	fox_ws_register_common(&common, proto_foxess, expert, "foxess",
			       FOX_PROTO_FOXESS);
	foxess_serial_register(proto_foxess);

	module = prefs_register_protocol(proto_foxess,
					 foxess_analysis_prefs_apply);
	prefs_register_enum_preference(
		module, "variant", "Protocol variant",
		"H-series and EP-series share IDs but differ in some bytes; "
		"auto detects the variant from the capture",
		&variant_pref, variant_pref_vals, FALSE);
	foxess_analysis_register(proto_foxess, module, expert);

	foxess_handle =
		register_dissector("foxess", dissect_foxess, proto_foxess);
}

void proto_reg_handoff_foxess(void)
{
	static char ranges[128];
	size_t used = 0;

	/* Unknown IDs in these ranges are shown raw with a note rather than
	 * left to "Data". */
	for (size_t i = 0; i < fox_n_foxess_id_ranges; i++) {
		const struct fox_id_range *r = &fox_foxess_id_ranges[i];

		used += (size_t)g_snprintf(ranges + used,
					   (gulong)(sizeof(ranges) - used),
					   "%s0x%04X", i ? "," : "", r->first);
		if (r->last != r->first)
			used += (size_t)g_snprintf(
				ranges + used, (gulong)(sizeof(ranges) - used),
				"-0x%04X", r->last);
	}
	dissector_add_uint_range_with_preference("can.extended_id", ranges,
						 foxess_handle);
	dissector_add_for_decode_as("can.subdissector", foxess_handle);
	foxess_analysis_handoff();
}
