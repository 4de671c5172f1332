// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Benchmark baseline: configures Wireshark's built-in Signal-PDU dissector
 * (4.0) for the main H-series frames, the way a user would through its UAT
 * tables, but derived from the protocol table instead of typed by hand.
 * Prints one "uat:TABLE:RECORD" per line, for tshark -o:
 *   Signal_PDU_identifiers   one PDU per frame
 *   Signal_PDU_signal_list   the frame's fields in byte order; bytes no
 *                            field covers become hidden padding signals
 *   Signal_PDU_Binding_CAN   the frame's 29-bit CAN ID to its PDU
 * Signal-PDU cannot express bit flags inside a byte, conditional layouts
 * or date and text fields: those bytes are plain (hidden) integers.
 *
 *   usage: signal-pdu-uat FRAME_KEY...   (e.g. limits pack temps)
 */
#include <stdio.h>
#include <string.h>

#include "foxess/protocol.h"

#define MAX_SIGNALS 16

struct signal {
	char name[64];
	char filter[64];
	const char *type;
	unsigned bits;
	double scale, offset;
	bool hidden;
};

static void filter_name(const char *abbrev, char *out, size_t size)
{
	snprintf(out, size, "%s", abbrev);
	for (char *p = out; *p; p++)
		if (*p == '.')
			*p = '_';
}

static unsigned layout(const struct fox_frame *fr, struct signal *sig)
{
	unsigned n = 0, byte = 0;

	while (byte < 8 && n < MAX_SIGNALS) {
		const struct fox_field *use = NULL;
		struct signal *s = &sig[n++];

		for (size_t i = 0; i < fr->n_fields; i++) {
			const struct fox_field *f = &fr->fields[i];

			if (f->offset != byte || f->cond_values ||
			    (f->variants && !(f->variants & FOX_VM_H)) ||
			    (f->kind != FOX_K_UINT && f->kind != FOX_K_INT) ||
			    f->repeat > 1 || f->width == 3 ||
			    byte + f->width > 8)
				continue;
			use = f;
			break;
		}
		memset(s, 0, sizeof(*s));
		if (!use) {
			snprintf(s->name, sizeof(s->name), "byte %u", byte);
			snprintf(s->filter, sizeof(s->filter), "%s_byte%u",
				 fr->key, byte);
			s->type = "uint";
			s->bits = 8;
			s->scale = 1;
			s->hidden = true;
			byte++;
			continue;
		}
		snprintf(s->name, sizeof(s->name), "%s", use->name);
		filter_name(use->abbrev, s->filter, sizeof(s->filter));
		s->type = use->kind == FOX_K_INT ? "int" : "uint";
		s->bits = 8u * use->width;
		s->scale = use->scale != 0 ? use->scale : 1;
		s->offset = use->add;
		byte += use->width;
	}
	return n;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FRAME_KEY...\n", argv[0]);
		return 2;
	}
	for (int a = 1; a < argc; a++) {
		const struct fox_frame *fr = fox_frame_by_key(argv[a]);
		struct signal sig[MAX_SIGNALS];
		unsigned n;

		if (!fr || !fr->extended || fr->id_first != fr->id_last) {
			fprintf(stderr,
				"%s: not a single-ID frame of the table\n",
				argv[a]);
			return 1;
		}
		n = layout(fr, sig);
		printf("uat:Signal_PDU_identifiers:\"%x\",\"%s\"\n",
		       fr->id_first, fr->key);
		for (unsigned i = 0; i < n; i++)
			printf("uat:Signal_PDU_signal_list:\"%x\",\"%u\",\"%u\","
			       "\"%s\",\"%s\",\"%s\",\"FALSE\",\"%u\",\"%u\","
			       "\"%g\",\"%g\",\"FALSE\",\"-1\",\"%s\","
			       "\"FALSE\",\"FALSE\",\"FALSE\"\n",
			       fr->id_first, n, i, sig[i].name, sig[i].filter,
			       sig[i].type, sig[i].bits, sig[i].bits,
			       sig[i].scale, sig[i].offset,
			       sig[i].hidden ? "TRUE" : "FALSE");
		printf("uat:Signal_PDU_Binding_CAN:\"%x\",\"0\",\"%x\"\n",
		       0x80000000u | fr->id_first, fr->id_first);
	}
	return 0;
}
