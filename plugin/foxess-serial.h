/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reassembled serial number (foxess.serial.full) on the frame that
 * completes it, per bus.
 */
#ifndef FOXESS_SERIAL_PLUGIN_H
#define FOXESS_SERIAL_PLUGIN_H

#include <epan/packet.h>

#include "foxess/protocol.h"

void foxess_serial_register(int proto);

/* For a serial-number frame: add the whole serial and say it in the Info
 * column when this frame completes it. */
void foxess_serial_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			 const struct fox_decoded *d);

#endif /* FOXESS_SERIAL_PLUGIN_H */
