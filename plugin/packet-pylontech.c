// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pylontech BMS CAN dissector: the low-voltage broadcast protocol (11-bit
 * IDs 0x351..) and the high-voltage request/response protocol (29-bit IDs
 * 0x4200..), decoded from the same protocol table as FoxESS.  An inverter
 * set to the wrong battery protocol is the commonest field fault
 * (protocol-notes section 5); seeing these frames makes it obvious.
 *
 * Both are claimed per bus and only where certain (lib/claim.c): on a bus
 * from the frame that completed the protocol's frame set or carried its
 * marker, never on one ID or on values no battery sends.  Unclaimed frames
 * go to whoever else wants them.  The decision is made once, in frame
 * order on the first pass, stored with the frame and shown the same way on
 * every later pass (tshark -2, the GUI).
 */
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/dissectors/packet-socketcan.h>
#include <wiretap/wtap.h>

#include "compat.h"
#include "foxess/claim.h"
#include "foxess-analysis.h"
#include "foxess-plugin.h"
#include "table-fields.h"

enum hv_order_pref {
	HV_ORDER_AUTO,
	HV_ORDER_LE,
	HV_ORDER_BE,
};

static const enum_val_t hv_order_vals[] = {
	{ "auto", "Detect from 0x4210/0x4220 values", HV_ORDER_AUTO },
	{ "le", "Little-endian (specification)", HV_ORDER_LE },
	{ "be", "Big-endian (some emulators)", HV_ORDER_BE },
	{ NULL, NULL, 0 },
};

static const value_string byte_order_vals[] = {
	{ FOX_ORDER_LE, "Little-endian" },
	{ FOX_ORDER_BE, "Big-endian" },
	{ 0, NULL },
};

static const value_string claim_vals[] = {
	{ FOX_CLAIM_SET, "Pylontech frame set complete on this bus" },
	{ FOX_CLAIM_MARKER, "Pylontech marker in this frame" },
	{ FOX_CLAIM_BUS, "Pylontech seen earlier on this bus" },
	{ 0, NULL },
};

static int proto_pylontech = -1;
static int hf_claim = -1;
static int hf_byte_order = -1;
static gint ett_pylontech = -1;
static struct fox_ws_common common = FOX_WS_COMMON_INIT;

static fox_pref_bool enable_lv = TRUE;
static gint hv_order_pref = HV_ORDER_AUTO;

/* Per-file state built in frame order on the first pass: the claim
 * evidence of each bus, and the HV byte order. */
static wmem_map_t *buses;
static struct fox_hv_order hv_order;

/* Per-frame records (p_add_proto_data keys). */
enum frame_record {
	RECORD_CLAIM,	 /* enum fox_claim + 1 */
	RECORD_HV_ORDER, /* enum fox_byte_order + 1 or HV_STORED_UNDECIDED */
};

/* Per-frame HV record: the order known when the frame arrived. */
#define HV_STORED_UNDECIDED (FOX_ORDER_BE + 2)

static dissector_handle_t pylontech_lv_handle;
static dissector_handle_t pylontech_hv_handle;

static void pylontech_init(void)
{
	buses = wmem_map_new(wmem_file_scope(), g_int64_hash, g_int64_equal);
	fox_hv_order_init(&hv_order);
}

/*
 * The bus a frame travelled on: its pcapng interface and the SocketCAN
 * bus ID.  Kept in one place so that the analysis engine's notion of a
 * bus can replace it.
 */
static guint64 frame_bus(packet_info *pinfo, const struct can_info *can_info)
{
	guint64 iface = 0;

	if (pinfo->rec && (pinfo->rec->presence_flags & WTAP_HAS_INTERFACE_ID))
		iface = pinfo->rec->rec_header.packet_header.interface_id;
	return iface << 16 | can_info->bus_id;
}

/* Decided on the first pass in frame order and stored, so every pass
 * shows the same. */
enum fox_claim fox_ws_neighbour_claim(packet_info *pinfo,
				      const struct can_info *can_info,
				      const struct fox_decoded *d)
{
	guint stored = GPOINTER_TO_UINT(p_get_proto_data(
		wmem_file_scope(), pinfo, proto_pylontech, RECORD_CLAIM));
	struct fox_claim_bus *bus;
	guint64 key;
	enum fox_claim claim;

	if (stored)
		return (enum fox_claim)(stored - 1);
	key = frame_bus(pinfo, can_info);
	bus = (struct fox_claim_bus *)wmem_map_lookup(buses, &key);
	if (!bus) {
		guint64 *k = wmem_new(wmem_file_scope(), guint64);

		*k = key;
		bus = wmem_new(wmem_file_scope(), struct fox_claim_bus);
		fox_claim_bus_init(bus);
		wmem_map_insert(buses, k, bus);
	}
	claim = fox_claim_frame(bus, d, nstime_to_sec(&pinfo->abs_ts));
	p_add_proto_data(wmem_file_scope(), pinfo, proto_pylontech,
			 RECORD_CLAIM, GUINT_TO_POINTER(claim + 1));
	return claim;
}

/*
 * HV byte order: the preference, or in auto mode the order recorded for
 * this frame on the first pass (fox_hv_order_feed(): 0x4210 and 0x4220,
 * whose current words read as thousands of amperes when swapped, settle
 * it).  Frames before the first cue get the specification's little-endian
 * (*assumed set), in every pass: each pass shows a frame as the first pass
 * decoded it (the placement rule of docs/diagnostics.md), as the FoxESS
 * variant does.
 */
static enum fox_byte_order frame_hv_order(packet_info *pinfo, uint32_t id,
					  const guint8 *bytes, guint len,
					  gboolean *assumed)
{
	guint stored;
	enum fox_byte_order order;
	bool undecided;

	*assumed = FALSE;
	if (hv_order_pref == HV_ORDER_LE)
		return FOX_ORDER_LE;
	if (hv_order_pref == HV_ORDER_BE)
		return FOX_ORDER_BE;
	stored = GPOINTER_TO_UINT(p_get_proto_data(
		wmem_file_scope(), pinfo, proto_pylontech, RECORD_HV_ORDER));
	if (!stored) {
		order = fox_hv_order_feed(&hv_order, id, bytes, len,
					  &undecided);
		stored = undecided ? HV_STORED_UNDECIDED : order + 1;
		p_add_proto_data(wmem_file_scope(), pinfo, proto_pylontech,
				 RECORD_HV_ORDER, GUINT_TO_POINTER(stored));
	}
	if (stored != HV_STORED_UNDECIDED)
		return (enum fox_byte_order)(stored - 1);
	*assumed = TRUE;
	return FOX_ORDER_LE;
}

/* The protocol item with the decoded fields; returns its subtree. */
static proto_tree *add_frame(tvbuff_t *tvb, packet_info *pinfo,
			     proto_tree *tree, const struct fox_decoded *d,
			     uint32_t id, enum fox_claim claim, unsigned checks)
{
	struct foxess_frame_analysis fa;
	proto_item *ti, *pi;
	proto_tree *pt;

	col_set_str(pinfo->cinfo, COL_PROTOCOL, "Pylontech");
	col_clear(pinfo->cinfo, COL_INFO);
	ti = proto_tree_add_item(tree, proto_pylontech, tvb, 0, -1, ENC_NA);
	proto_item_append_text(ti, ", %s (0x%03x)", d->frame->name, id);
	pt = proto_item_add_subtree(ti, ett_pylontech);
	fox_ws_add_id(&common, pt, tvb, id);
	fox_ws_add_frame_type(&common, pt, tvb, d);
	pi = proto_tree_add_uint(pt, hf_claim, tvb, 0, 0, claim);
	proto_item_set_generated(pi);
	fox_ws_add_body(&common, pt, ti, tvb, pinfo, d, checks);
	/* The FoxESS link monitor diagnoses a protocol mismatch from these. */
	foxess_analysis_frame(tvb, pinfo, pt, ti,
			      d->frame->extended ? id | CAN_EFF_FLAG : id, &fa);
	foxess_analysis_info(pinfo, &fa);
	return pt;
}

static int dissect_pylontech_lv(tvbuff_t *tvb, packet_info *pinfo,
				proto_tree *tree, void *data)
{
	struct can_info *can_info = (struct can_info *)data;
	struct fox_decoded *d;
	enum fox_claim claim;
	const guint8 *bytes;
	uint32_t id;
	guint len;

	if (!enable_lv || !can_info || (can_info->id & CAN_FLAG_MASK))
		return 0;
	id = can_info->id & CAN_SFF_MASK;
	len = tvb_captured_length(tvb);
	bytes = tvb_get_ptr(tvb, 0, len);
	d = wmem_new(pinfo->pool, struct fox_decoded);
	if (fox_decode(FOX_PROTO_PYLONTECH, id, false, bytes, len,
		       FOX_VARIANT_UNKNOWN, d) == FOX_UNKNOWN_ID)
		return 0;
	claim = fox_ws_neighbour_claim(pinfo, can_info, d);
	if (claim == FOX_CLAIM_NONE)
		return 0;
	add_frame(tvb, pinfo, tree, d, id, claim,
		  fox_pylontech_frame_checks(d, len, FOX_ORDER_LE));
	return fox_ws_taken(len);
}

static int dissect_pylontech_hv(tvbuff_t *tvb, packet_info *pinfo,
				proto_tree *tree, void *data)
{
	struct can_info *can_info = (struct can_info *)data;
	struct fox_decoded *d, *evidence;
	enum fox_byte_order order, cue;
	enum fox_claim claim;
	unsigned checks;
	gboolean assumed;
	proto_item *pi;
	proto_tree *pt;
	const guint8 *bytes;
	uint32_t id;
	guint len;

	if (!can_info || !(can_info->id & CAN_EFF_FLAG) ||
	    (can_info->id & (CAN_RTR_FLAG | CAN_ERR_FLAG)))
		return 0;
	id = can_info->id & CAN_EFF_MASK;
	len = tvb_captured_length(tvb);
	bytes = tvb_get_ptr(tvb, 0, len);
	order = frame_hv_order(pinfo, id, bytes, len, &assumed);
	d = wmem_new(pinfo->pool, struct fox_decoded);
	if (fox_decode_order(FOX_PROTO_PYLONTECH, id, true, bytes, len,
			     FOX_VARIANT_UNKNOWN, order, d) == FOX_UNKNOWN_ID)
		return 0;
	/* Whether it is Pylontech does not depend on the order the user
	 * chose to read it in: the evidence is judged in the order its own
	 * values tell, where they tell one. */
	evidence = d;
	if (fox_byte_order_cue(FOX_PROTO_PYLONTECH, id, true, bytes, len,
			       &cue) &&
	    cue != order) {
		evidence = wmem_new(pinfo->pool, struct fox_decoded);
		fox_decode_order(FOX_PROTO_PYLONTECH, id, true, bytes, len,
				 FOX_VARIANT_UNKNOWN, cue, evidence);
	}
	claim = fox_ws_neighbour_claim(pinfo, can_info, evidence);
	if (claim == FOX_CLAIM_NONE)
		return 0;
	checks = fox_pylontech_frame_checks(d, len, order);
	pt = add_frame(tvb, pinfo, tree, d, id, claim, checks);
	pi = proto_tree_add_uint(pt, hf_byte_order, tvb, 0, 0, order);
	proto_item_set_generated(pi);
	if (assumed)
		proto_item_append_text(pi, " (assumed: no frame has shown "
					   "the order yet)");
	if (checks & FOX_FC_BIT(FOX_FC_HV_BIG_ENDIAN))
		expert_add_info(pinfo, pi, &common.ei[FOX_FC_HV_BIG_ENDIAN]);
	return fox_ws_taken(len);
}

void proto_register_pylontech(void)
{
	static hf_register_info hf[] = {
		{ &hf_claim,
		  { "Recognised by", "pylontech.recognised_by", FT_UINT8,
		    BASE_DEC, VALS(claim_vals), 0x0,
		    "Why this frame was taken as Pylontech: its bus showed "
		    "the broadcast set (LV: 3 of 0x351-0x35E within 2 s; HV: "
		    "2 frame types) or a PYLON / PN marker",
		    HFILL } },
		{ &hf_byte_order,
		  { "Byte order", "pylontech.hv_byte_order", FT_UINT8, BASE_DEC,
		    VALS(byte_order_vals), 0x0,
		    "Byte order the HV frame was decoded with (preference "
		    "pylontech.hv_byte_order)",
		    HFILL } },
	};
	static gint *ett[] = { &ett_pylontech };
	module_t *module;
	expert_module_t *expert;

	proto_pylontech = proto_register_protocol("Pylontech BMS CAN",
						  "Pylontech", "pylontech");
	proto_register_field_array(proto_pylontech, hf, array_length(hf));
	proto_register_subtree_array(ett, array_length(ett));
	fox_ws_register_fields(proto_pylontech, FOX_PROTO_PYLONTECH);
	expert = expert_register_protocol(proto_pylontech);
	fox_ws_register_common(&common, proto_pylontech, expert, "pylontech",
			       FOX_PROTO_PYLONTECH);

	module = prefs_register_protocol(proto_pylontech, NULL);
	prefs_register_bool_preference(
		module, "enable_lv", "Decode low-voltage frames (0x351..)",
		"Try standard-ID frames 0x305-0x35F as Pylontech LV; they are "
		"taken only on a bus that showed 3 of 0x351/0x355/0x356/0x359/"
		"0x35C/0x35E with credible values within 2 s, or a PYLON / "
		"PN marker, from that frame on",
		&enable_lv);
	prefs_register_enum_preference(
		module, "hv_byte_order", "HV byte order",
		"Little-endian per the specification; some emulators send "
		"big-endian; auto decides from the first 0x4210/0x4220 whose "
		"values are plausible in only one order",
		&hv_order_pref, hv_order_vals, FALSE);

	register_init_routine(pylontech_init);
	pylontech_lv_handle = register_dissector(
		"pylontech.lv", dissect_pylontech_lv, proto_pylontech);
	pylontech_hv_handle = register_dissector(
		"pylontech.hv", dissect_pylontech_hv, proto_pylontech);
}

void proto_reg_handoff_pylontech(void)
{
	for (size_t i = 0; i < fox_n_frames; i++) {
		const struct fox_frame *fr = &fox_frames[i];

		if (fr->proto != FOX_PROTO_PYLONTECH)
			continue;
		for (uint32_t id = fr->id_first; id <= fr->id_last;
		     id += fr->id_step)
			dissector_add_uint(
				fr->extended ? "can.extended_id" : "can.id", id,
				fr->extended ? pylontech_hv_handle :
					       pylontech_lv_handle);
	}
}
