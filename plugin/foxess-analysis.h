/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stateful diagnostics in the Wireshark plugin: the Wireshark layer over
 * the plain-C link monitor (include/foxess/link-monitor.h).  Dissectors
 * hand it every CAN frame they see; it links requests and replies,
 * raises the expert infos and feeds the "foxess" tap the statistics use.
 */
#ifndef FOXESS_ANALYSIS_H
#define FOXESS_ANALYSIS_H

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>

#include "foxess/link-monitor.h"

/* What the "foxess" tap carries for each frame. */
struct foxess_tap_frame {
	struct fox_lm_frame frame; /* data points into this record */
	uint8_t data[8];
	struct fox_lm_link link;
	const struct fox_lm_event *events; /* expert infos of this visit */
	unsigned n_events;
};

/* Called from proto_register_foxess(): fields, expert infos, prefs, tap. */
void foxess_analysis_register(int proto, module_t *prefs,
			      expert_module_t *expert);
/* Called from proto_reg_handoff_foxess(). */
void foxess_analysis_handoff(void);

/*
 * One CAN frame seen by a dissector of this plugin (can_id with the
 * SocketCAN flag bits).  Adds the generated request/response fields and
 * expert infos under item/tree (either may be NULL).
 */
void foxess_analysis_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			   proto_item *item, uint32_t can_id);

/* The configuration built from the preferences (for the statistics). */
const struct fox_lm_config *foxess_analysis_config(void);

/* The forced variant of the foxess.variant preference, or UNKNOWN. */
enum fox_variant foxess_forced_variant(void);

#endif /* FOXESS_ANALYSIS_H */
