// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Turns the rows of include/foxess/table.h into Wireshark header fields.
 *
 * Type rules: unscaled integers become FT_UINTn / FT_INTn with the unit as
 * BASE_UNIT_STRING; integers with a whole-number offset (temperatures sent
 * as raw - 50) become FT_INT16; everything scaled becomes FT_DOUBLE, whose
 * unit is written by proto_tree_add_double_format_value because 4.0
 * ignores BASE_UNIT_STRING on doubles.  Bitmaps use the flag rows that
 * follow them as proto_tree_add_bitmask children.
 */
#include <math.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/unit_strings.h>

#include "table-fields.h"

struct ws_frame {
	int hf_index;	/* generated index field, or -1 */
	int *hf;	/* one per table field */
	gint *ett;	/* one per table field (bitmaps use theirs) */
	int ***children; /* per field: NULL-terminated flag list for BITS */
};

/* Indexed like fox_frames[]; NULL for frames of other protocols. */
static struct ws_frame *ws_frames[128];

static bool is_integral(const struct fox_field *f)
{
	double s = f->scale != 0.0 ? f->scale : 1.0;

	return s == 1.0 && f->decimals == 0 && f->add == floor(f->add);
}

static enum ftenum field_ftype(const struct fox_field *f)
{
	static const enum ftenum uint_types[] = { FT_UINT8, FT_UINT8, FT_UINT16,
						  FT_UINT24, FT_UINT32 };
	static const enum ftenum int_types[] = { FT_INT8, FT_INT8, FT_INT16,
						 FT_INT24, FT_INT32 };

	switch (f->kind) {
	case FOX_K_ASCII:
	case FOX_K_FIRMWARE:
		return FT_STRING;
	case FOX_K_DATETIME:
		return FT_ABSOLUTE_TIME;
	case FOX_K_BITS:
	case FOX_K_FLAG:
		return FT_UINT8;
	case FOX_K_U12_LO:
	case FOX_K_U12_HI:
		return is_integral(f) ? FT_UINT16 : FT_DOUBLE;
	case FOX_K_BYTES:
		return FT_BYTES;
	case FOX_K_UINT:
		if (!is_integral(f))
			return FT_DOUBLE;
		return f->add < 0 ? FT_INT16 : uint_types[f->width];
	case FOX_K_INT:
		return is_integral(f) ? int_types[f->width] : FT_DOUBLE;
	}
	return FT_BYTES;
}

static const value_string *make_vals(const struct fox_value_name *names)
{
	value_string *vs;
	size_t n = 0;

	if (!names)
		return NULL;
	while (names[n].name)
		n++;
	vs = g_new0(value_string, n + 1);
	for (size_t i = 0; i < n; i++) {
		vs[i].value = names[i].value;
		vs[i].strptr = names[i].name;
	}
	return vs;
}

static const unit_name_string *make_unit(const char *unit)
{
	unit_name_string *u = g_new0(unit_name_string, 1);

	u->singular = g_strdup_printf("%s%s", strcmp(unit, "%") ? " " : "",
				      unit);
	return u;
}

static char *make_blurb(const struct fox_field *f)
{
	const char *variant = "";

	if (f->variants == FOX_VM_H)
		variant = "; H-series meaning";
	else if (f->variants == FOX_VM_EP)
		variant = "; EP-series meaning";
	return g_strdup_printf("%s [%s%s]", f->blurb,
			       fox_confidence_name(f->confidence), variant);
}

static void fill_hf(hf_register_info *hfi, int *id, const struct fox_field *f)
{
	enum ftenum type = field_ftype(f);
	int display = BASE_NONE;
	const void *strings = NULL;

	*id = -1;
	switch (type) {
	case FT_ABSOLUTE_TIME:
		display = ABSOLUTE_TIME_UTC;
		break;
	case FT_STRING:
	case FT_DOUBLE:
	case FT_BYTES:
		break;
	default:
		display = (f->flags & FOX_F_HEX) ? BASE_HEX : BASE_DEC;
		if (f->names) {
			strings = make_vals(f->names);
		} else if (f->unit) {
			display |= BASE_UNIT_STRING;
			strings = make_unit(f->unit);
		}
		break;
	}
	hfi->p_id = id;
	hfi->hfinfo.name = f->name;
	hfi->hfinfo.abbrev = f->abbrev;
	hfi->hfinfo.type = type;
	hfi->hfinfo.display = display;
	hfi->hfinfo.strings = strings;
	hfi->hfinfo.bitmask = f->kind == FOX_K_FLAG ? f->mask : 0;
	hfi->hfinfo.blurb = make_blurb(f);
	HFILL_INIT(*hfi);
}

static int **make_children(const struct fox_frame *fr, size_t bits_row,
			   int *hf)
{
	size_t n = 0;
	int **children;

	while (bits_row + 1 + n < fr->n_fields &&
	       fr->fields[bits_row + 1 + n].kind == FOX_K_FLAG)
		n++;
	children = g_new0(int *, n + 1);
	for (size_t i = 0; i < n; i++)
		children[i] = &hf[bits_row + 1 + i];
	return children;
}

void fox_ws_register_fields(int proto_id, enum fox_proto proto)
{
	GArray *hfs = g_array_new(FALSE, TRUE, sizeof(hf_register_info));
	GArray *etts = g_array_new(FALSE, TRUE, sizeof(gint *));

	DISSECTOR_ASSERT(fox_n_frames <= G_N_ELEMENTS(ws_frames));
	for (size_t i = 0; i < fox_n_frames; i++) {
		const struct fox_frame *fr = &fox_frames[i];
		struct ws_frame *wf;
		hf_register_info hfi;

		if (fr->proto != proto)
			continue;
		wf = g_new0(struct ws_frame, 1);
		ws_frames[i] = wf;
		wf->hf_index = -1;
		wf->hf = g_new(int, fr->n_fields);
		wf->ett = g_new(gint, fr->n_fields);
		wf->children = g_new0(int **, fr->n_fields);
		if (fr->index_abbrev) {
			memset(&hfi, 0, sizeof(hfi));
			hfi.p_id = &wf->hf_index;
			hfi.hfinfo.name = fr->index_name;
			hfi.hfinfo.abbrev = fr->index_abbrev;
			hfi.hfinfo.type = FT_UINT8;
			hfi.hfinfo.display = BASE_DEC;
			hfi.hfinfo.blurb = "Derived from the CAN identifier";
			HFILL_INIT(hfi);
			g_array_append_val(hfs, hfi);
		}
		for (size_t j = 0; j < fr->n_fields; j++) {
			gint *ett = &wf->ett[j];

			*ett = -1;
			memset(&hfi, 0, sizeof(hfi));
			fill_hf(&hfi, &wf->hf[j], &fr->fields[j]);
			g_array_append_val(hfs, hfi);
			if (fr->fields[j].kind == FOX_K_BITS) {
				wf->children[j] =
					make_children(fr, j, wf->hf);
				g_array_append_val(etts, ett);
			}
		}
	}
	proto_register_field_array(proto_id, (hf_register_info *)hfs->data,
				   (int)hfs->len);
	proto_register_subtree_array((gint *const *)etts->data,
				     (int)etts->len);
	/* Wireshark keeps pointers into the hf array for good; the ett
	 * pointers are only followed to store the subtree numbers. */
	g_array_free(hfs, FALSE);
	g_array_free(etts, TRUE);
}

static void add_value(proto_tree *tree, tvbuff_t *tvb,
		      const struct ws_frame *wf, size_t row,
		      const struct fox_value *v)
{
	const struct fox_field *f = v->field;
	int hf = wf->hf[row];
	char text[64];
	nstime_t t;

	fox_format_value(v, text, sizeof(text));
	switch (field_ftype(f)) {
	case FT_STRING:
		proto_tree_add_string(tree, hf, tvb, v->offset, v->width,
				      v->text);
		return;
	case FT_BYTES:
		proto_tree_add_item(tree, hf, tvb, v->offset, v->width,
				    ENC_NA);
		return;
	case FT_ABSOLUTE_TIME:
		t.secs = v->raw < 0 ? 0 : (time_t)v->raw;
		t.nsecs = 0;
		if (v->raw < 0)
			proto_tree_add_time_format_value(
				tree, hf, tvb, v->offset, v->width, &t,
				"invalid date (%s)", v->text);
		else
			proto_tree_add_time(tree, hf, tvb, v->offset, v->width,
					    &t);
		return;
	case FT_DOUBLE:
		if (v->item)
			proto_tree_add_double_format(
				tree, hf, tvb, v->offset, v->width, v->value,
				"%s %u: %s", f->name, v->item, text);
		else
			proto_tree_add_double_format_value(
				tree, hf, tvb, v->offset, v->width, v->value,
				"%s", text);
		return;
	case FT_INT8:
	case FT_INT16:
	case FT_INT24:
	case FT_INT32:
		if (v->item)
			proto_tree_add_int_format(tree, hf, tvb, v->offset,
						  v->width, (gint32)v->value,
						  "%s %u: %s", f->name,
						  v->item, text);
		else
			proto_tree_add_int(tree, hf, tvb, v->offset, v->width,
					   (gint32)v->value);
		return;
	default:
		if (v->item)
			proto_tree_add_uint_format(tree, hf, tvb, v->offset,
						   v->width, (guint32)v->raw,
						   "%s %u: %s", f->name,
						   v->item, text);
		else
			proto_tree_add_uint(tree, hf, tvb, v->offset, v->width,
					    (guint32)v->raw);
		return;
	}
}

static unsigned index_value(const struct fox_frame *fr, unsigned index)
{
	if (fr->index == FOX_IDX_ITEMS)
		return index * fr->per_frame + 1;
	if (fr->index == FOX_IDX_ADDRESS)
		return index;
	return index + 1;
}

void fox_ws_add_values(proto_tree *tree, tvbuff_t *tvb,
		       const struct fox_decoded *d)
{
	const struct fox_frame *fr = d->frame;
	const struct ws_frame *wf = ws_frames[fr - fox_frames];
	proto_item *pi;

	if (wf->hf_index != -1) {
		pi = proto_tree_add_uint(tree, wf->hf_index, tvb, 0, 0,
					 index_value(fr, d->index));
		proto_item_set_generated(pi);
	}
	for (unsigned i = 0; i < d->n_values; i++) {
		const struct fox_value *v = &d->values[i];
		size_t row = (size_t)(v->field - fr->fields);

		if (v->field->kind == FOX_K_FLAG)
			continue;
		if (v->field->kind == FOX_K_BITS) {
			proto_tree_add_bitmask_with_flags(
				tree, tvb, v->offset, wf->hf[row],
				wf->ett[row], (int *const *)wf->children[row], ENC_NA,
				BMT_NO_APPEND);
			continue;
		}
		add_value(tree, tvb, wf, row, v);
	}
}

void fox_ws_summary(const struct fox_decoded *d, char *buf, size_t size)
{
	size_t used;

	used = (size_t)g_snprintf(buf, (gulong)size, "%s:", d->frame->summary);
	for (unsigned i = 0; i < d->n_values && used < size; i++) {
		const struct fox_value *v = &d->values[i];
		const char *label = v->field->info;
		char text[64];

		if (!label)
			continue;
		if (v->field->kind == FOX_K_FLAG && *label) {
			if (v->raw)
				used += (size_t)g_snprintf(buf + used,
							   (gulong)(size - used),
							   " %s", label);
			continue;
		}
		fox_format_value(v, text, sizeof(text));
		used += (size_t)g_snprintf(buf + used, (gulong)(size - used),
					   "%s%s %s", *label ? " " : "", label,
					   text);
	}
}
