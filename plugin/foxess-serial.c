// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Serial numbers come in three 7-character parts (0x1881-0x1883); the
 * plain-C assembler (lib/serial.c) joins them per bus in the first pass,
 * and the frame that completes a serial keeps it (proto data) for the
 * later passes and the GUI.
 */
#include <string.h>

#include <epan/packet.h>
#include <epan/proto_data.h>

#include "foxess-analysis.h"
#include "foxess-serial.h"
#include "foxess/serial.h"

static int proto_foxess = -1;
static int hf_serial_full = -1;

/* Per-bus assemblers of the file being read. */
static wmem_map_t *assemblers;

/* The bus a frame came from, as the link analysis sees it (its capture
 * interface), so a serial and a diagnosis name the same bus. */
static guint64 bus_key(packet_info *pinfo)
{
	const char *name;

	return foxess_bus_of(pinfo, &name);
}

static struct fox_serial_assembler *bus_assembler(packet_info *pinfo)
{
	guint64 key = bus_key(pinfo);
	struct fox_serial_assembler *a = wmem_map_lookup(assemblers, &key);
	guint64 *stored;

	if (!a) {
		a = wmem_new(wmem_file_scope(), struct fox_serial_assembler);
		fox_serial_init(a);
		stored = wmem_new(wmem_file_scope(), guint64);
		*stored = key;
		wmem_map_insert(assemblers, stored, a);
	}
	return a;
}

static void serial_init(void)
{
	assemblers =
		wmem_map_new(wmem_file_scope(), g_int64_hash, g_int64_equal);
}

void foxess_serial_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			 const struct fox_decoded *d)
{
	const struct fox_value *owner, *part;
	char full[FOX_SERIAL_CHARS + 1];
	const char *serial, *owner_name;
	proto_item *pi;

	if (d->status != FOX_OK || d->frame->answers != FOX_CLASS_SERIAL)
		return;
	owner = fox_decoded_get(d, "foxess.serial.owner", 0);
	part = fox_decoded_get(d, "foxess.serial.fragment", 0);
	if (!owner || !part)
		return;
	if (!pinfo->fd->visited) {
		if (!fox_serial_add(bus_assembler(pinfo), (unsigned)owner->raw,
				    d->index, part->text, strlen(part->text),
				    full))
			return;
		p_add_proto_data(wmem_file_scope(), pinfo, proto_foxess, 0,
				 wmem_strdup(wmem_file_scope(), full));
	}
	serial = p_get_proto_data(wmem_file_scope(), pinfo, proto_foxess, 0);
	if (!serial)
		return;
	pi = proto_tree_add_string(tree, hf_serial_full, tvb, 1, 7, serial);
	proto_item_set_generated(pi);
	owner_name = fox_value_name(owner->field->names, (uint32_t)owner->raw);
	col_add_fstr(pinfo->cinfo, COL_INFO, "Serial: %s %s",
		     owner_name ? owner_name : "owner ?", serial);
}

void foxess_serial_register(int proto)
{
	static hf_register_info hf[] = {
		{ &hf_serial_full,
		  { "Serial number", "foxess.serial.full", FT_STRING, BASE_NONE,
		    NULL, 0x0,
		    "The whole serial number, joined from the three parts "
		    "0x1881-0x1883 of one owner on this bus; on the frame "
		    "that completes it",
		    HFILL } },
	};

	proto_foxess = proto;
	proto_register_field_array(proto, hf, array_length(hf));
	register_init_routine(serial_init);
}
