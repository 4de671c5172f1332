/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stateful diagnostics in the Wireshark plugin: the Wireshark layer over
 * the plain-C bus engine (include/foxess/engine.h), one engine per bus
 * (pcapng interface).  Dissectors hand it every CAN frame they see; it
 * shows what the engine decided on the first pass, identically in every
 * pass, and feeds the "foxess" tap the statistics use.
 */
#ifndef FOXESS_ANALYSIS_H
#define FOXESS_ANALYSIS_H

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>

#include "foxess/engine.h"

/* What the "foxess" tap carries for each frame. */
struct foxess_tap_frame {
	struct fox_lm_frame frame; /* data points into this record */
	uint8_t data[8];
	uint64_t bus_key;     /* foxess_bus_of() */
	const char *bus_name; /* "can0", "interface 1" */
	struct fox_lm_link link;
	const struct fox_lm_event *events; /* decided at this frame */
	unsigned n_events;
	/* a dissector decoded it; false for frames only observed (remote
	 * requests, error frames, other protocols' frames) */
	bool dissected;
};

/* What the analysis tells the dissector of a frame. */
struct foxess_frame_analysis {
	enum fox_variant variant; /* decode the frame with this */
	/* The engine's decode with that variant (first pass), or NULL. */
	const struct fox_decoded *decoded;
	/* The most severe diagnosis decided at this frame, or NULL. */
	const struct fox_lm_event *lead;
};

/* Called from proto_register_foxess(): fields, expert infos, prefs, tap. */
void foxess_analysis_register(int proto, module_t *prefs,
			      expert_module_t *expert);
/* Called from proto_reg_handoff_foxess(). */
void foxess_analysis_handoff(void);

/*
 * One CAN frame seen by a dissector of this plugin (can_id with the
 * SocketCAN flag bits).  Adds the generated request/response fields and
 * expert infos under item/tree (either may be NULL); fills out (may be
 * NULL).
 */
void foxess_analysis_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			   proto_item *item, uint32_t can_id,
			   struct foxess_frame_analysis *out);

/* Put the lead diagnosis of fa first in the Info column, as Wireshark's
 * TCP analysis does: "[BMS Lost] Request: ...".  Call after the Info text
 * is written. */
void foxess_analysis_info(packet_info *pinfo,
			  const struct foxess_frame_analysis *fa);

/*
 * The bus a frame travelled on: its capture interface (pcapng interface,
 * one per "foxcap -i", per mergecap input, per "foxcap convert" channel).
 * Frames without one (pcap, candump logs read by tshark 4.0, which drops
 * the channel) are all one bus, key 0.  name: "can0", or "interface N"
 * when the file names none; valid for the file's lifetime.
 */
uint64_t foxess_bus_of(packet_info *pinfo, const char **name);

/* The FoxESS module's preferences were applied: checks the text ones
 * (prefs_register_protocol()'s apply callback). */
void foxess_analysis_prefs_apply(void);

/* The configuration built from the preferences (for the statistics). */
const struct fox_lm_config *foxess_analysis_config(void);

/* The forced variant of the foxess.variant preference, or UNKNOWN. */
enum fox_variant foxess_forced_variant(void);

#endif /* FOXESS_ANALYSIS_H */
