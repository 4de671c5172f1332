/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Wireshark fields generated from the protocol table: registration, and
 * adding a decoded frame to the tree and the Info column.
 */
#ifndef FOXESS_TABLE_FIELDS_H
#define FOXESS_TABLE_FIELDS_H

#include <epan/packet.h>

#include "foxess/protocol.h"

/* Register hf/ett entries for every frame of the table that belongs to
 * proto (FOX_PROTO_*), under the Wireshark protocol proto_id. */
void fox_ws_register_fields(int proto_id, enum fox_proto proto);

/* Add the generated index field and every decoded value of d. */
void fox_ws_add_values(proto_tree *tree, tvbuff_t *tvb,
		       const struct fox_decoded *d);

/* "Pack: 397.2 V 0.0 A SoC 80% 10.00 kWh" into buf. */
void fox_ws_summary(const struct fox_decoded *d, char *buf, size_t size);

#endif /* FOXESS_TABLE_FIELDS_H */
