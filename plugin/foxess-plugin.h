/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef FOXESS_PLUGIN_H
#define FOXESS_PLUGIN_H

#include <epan/packet.h>
#include <epan/dissectors/packet-socketcan.h>

#include "foxess/claim.h"

void proto_register_foxess(void);
void proto_reg_handoff_foxess(void);
void proto_register_pylontech(void);
void proto_reg_handoff_pylontech(void);

/* Whether a neighbour protocol's frame (Pylontech, or a dialect on FoxESS
 * IDs) may be shown as that protocol: decided per bus in frame order on
 * the first pass, stored with the frame (packet-pylontech.c). */
enum fox_claim fox_ws_neighbour_claim(packet_info *pinfo,
				      const struct can_info *can_info,
				      const struct fox_decoded *d);

/* What a dissector returns for a frame it took: its length, but at least
 * 1, since 0 makes the CAN dissector offer a frame with no data bytes to
 * the next dissector (whose observer would feed it to the engine again). */
static inline int fox_ws_taken(guint len)
{
	return len ? (int)len : 1;
}

#endif /* FOXESS_PLUGIN_H */
