/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Wireshark fields generated from the protocol table: registration, and
 * adding a decoded frame to the tree and the Info column.
 */
#ifndef FOXESS_TABLE_FIELDS_H
#define FOXESS_TABLE_FIELDS_H

#include <epan/expert.h>
#include <epan/packet.h>

#include "foxess/frame-checks.h"
#include "foxess/protocol.h"

/* What every table-driven protocol shows besides its table fields. */
struct fox_ws_common {
	int hf_id;
	int hf_frame;
	int hf_extra_data;
	expert_field ei[FOX_FC_COUNT]; /* the protocol's frame checks */
};

/* clang-format 14 (Debian 12) and 19 (Debian 13) lay this out
 * differently */
/* clang-format off */
#define FOX_WS_COMMON_INIT { -1, -1, -1, { EI_INIT } }
/* clang-format on */

/* Register PREFIX.id, .frame, .extra_data and the expert
 * infos of proto's frame checks (lib/frame-checks.c). */
void fox_ws_register_common(struct fox_ws_common *c, int proto_id,
			    expert_module_t *expert, const char *prefix,
			    enum fox_proto proto);

/* An expert info of ours as Wireshark registers it. */
void fox_ws_fill_ei(ei_register_info *ei, expert_field *id, const char *name,
		    const char *summary, enum fox_lm_severity severity,
		    enum fox_lm_group group);

/*
 * Whether an item of hf added to tree is kept.  Of an invisible tree
 * (tshark -T fields on 4.2+, taps) Wireshark keeps only the items some
 * filter, field or column asks for, but decides that inside the call that
 * adds one, after its arguments were made: asking first saves the call
 * for every value of every frame.  A visible tree keeps all, no tree
 * none.
 */
static inline bool fox_ws_kept(proto_tree *tree, int hf)
{
	return tree && (PTREE_DATA(tree)->visible ||
			proto_field_is_referenced(tree, hf));
}

/* The generated CAN ID; then the generated frame type. */
void fox_ws_add_id(const struct fox_ws_common *c, proto_tree *tree,
		   tvbuff_t *tvb, uint32_t id);
void fox_ws_add_frame_type(const struct fox_ws_common *c, proto_tree *tree,
			   tvbuff_t *tvb, const struct fox_decoded *d);

/* The decoded values, the Info column, and the malformed expert infos of
 * a frame shorter or longer than its layout, as checks (FOX_FC_BIT()
 * mask) says (ti: the protocol item). */
void fox_ws_add_body(struct fox_ws_common *c, proto_tree *tree, proto_item *ti,
		     tvbuff_t *tvb, packet_info *pinfo,
		     const struct fox_decoded *d, unsigned checks);

/* Register hf/ett entries for every frame of the table that belongs to
 * proto (FOX_PROTO_*), under the Wireshark protocol proto_id. */
void fox_ws_register_fields(int proto_id, enum fox_proto proto);

#endif /* FOXESS_TABLE_FIELDS_H */
