// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Turns the rows of include/foxess/table.h into Wireshark header fields.
 *
 * Type rules: unscaled integers become FT_UINTn / FT_INTn with the unit as
 * BASE_UNIT_STRING; integers with a whole-number offset (temperatures sent
 * as raw - 50) become FT_INT16; everything scaled becomes FT_DOUBLE,
 * BASE_CUSTOM with the table's decimals and unit ("2.0 V", in the tree and
 * in a custom column).  Bitmaps use the flag rows that follow them as
 * proto_tree_add_bitmask children.
 */
#include <math.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/unit_strings.h>

#include "table-fields.h"

struct ws_frame {
	int hf_index;	   /* generated index field, or -1 */
	int *hf;	   /* one per table field */
	gint *ett;	   /* one per table field (bitmaps use theirs) */
	int ***children;   /* per field: NULL-terminated flag list for BITS */
	int **item_hf;	   /* per field: one per item (numbered_items()), or
			    * NULL */
	enum ftenum *type; /* per field: field_ftype() */
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

/*
 * Doubles are BASE_CUSTOM, formatted as the table writes them ("422.9 V",
 * decimals and unit: 4.0 ignores BASE_UNIT_STRING on doubles).  Wireshark
 * calls the formatter only when it shows the value, so a visible tree
 * whose labels nobody reads (tshark 4.0's -T fields) formats nothing.  A
 * formatter is given only the value: each pair of decimals and unit in
 * the table gets a slot of its own, which keeps one field that has them.
 */
#define DOUBLE_SLOTS 16

static const struct fox_field *double_slot_field[DOUBLE_SLOTS];

static void format_double_slot(unsigned slot, gchar *buf, double value)
{
	fox_format_number(double_slot_field[slot], value, buf,
			  ITEM_LABEL_LENGTH);
}

#define DOUBLE_SLOT(k)                                                         \
	static void format_double_slot_##k(gchar *buf, double value)           \
	{                                                                      \
		format_double_slot(k, buf, value);                             \
	}
DOUBLE_SLOT(0)
DOUBLE_SLOT(1)
DOUBLE_SLOT(2)
DOUBLE_SLOT(3)
DOUBLE_SLOT(4)
DOUBLE_SLOT(5)
DOUBLE_SLOT(6)
DOUBLE_SLOT(7)
DOUBLE_SLOT(8)
DOUBLE_SLOT(9)
DOUBLE_SLOT(10)
DOUBLE_SLOT(11)
DOUBLE_SLOT(12)
DOUBLE_SLOT(13)
DOUBLE_SLOT(14)
DOUBLE_SLOT(15)

static const custom_fmt_func_double_t double_slot_formatters[DOUBLE_SLOTS] = {
	format_double_slot_0,  format_double_slot_1,  format_double_slot_2,
	format_double_slot_3,  format_double_slot_4,  format_double_slot_5,
	format_double_slot_6,  format_double_slot_7,  format_double_slot_8,
	format_double_slot_9,  format_double_slot_10, format_double_slot_11,
	format_double_slot_12, format_double_slot_13, format_double_slot_14,
	format_double_slot_15,
};

static bool same_unit(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static custom_fmt_func_double_t double_formatter(const struct fox_field *f)
{
	unsigned k;

	for (k = 0; k < DOUBLE_SLOTS && double_slot_field[k]; k++)
		if (double_slot_field[k]->decimals == f->decimals &&
		    same_unit(double_slot_field[k]->unit, f->unit))
			return double_slot_formatters[k];
	/* More pairs of decimals and unit than slots: add slots. */
	DISSECTOR_ASSERT(k < DOUBLE_SLOTS);
	double_slot_field[k] = f;
	return double_slot_formatters[k];
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

	u->singular =
		g_strdup_printf("%s%s", strcmp(unit, "%") ? " " : "", unit);
	return u;
}

static char *make_blurb(const struct fox_field *f)
{
	enum fox_confidence shared =
		fox_field_confidence(f, FOX_VARIANT_UNKNOWN);
	enum fox_confidence ep = fox_field_confidence(f, FOX_VARIANT_EP);
	const char *variant = "";

	if (f->variants == FOX_VM_H)
		variant = "; H-series meaning";
	else if (f->variants == FOX_VM_EP)
		variant = "; EP-series meaning";
	if (ep != shared)
		return g_strdup_printf("%s [%s; EP-series: %s]", f->blurb,
				       fox_confidence_name(shared),
				       fox_confidence_name(ep));
	return g_strdup_printf("%s [%s%s]", f->blurb, fox_confidence_name(ep),
			       variant);
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
	case FT_DOUBLE:
		/* The formatter writes numbers: value names would be lost. */
		DISSECTOR_ASSERT(!f->names);
		display = BASE_CUSTOM;
		strings = CF_FUNC(double_formatter(f));
		break;
	case FT_STRING:
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

static bool is_signed(enum ftenum type)
{
	return type == FT_INT8 || type == FT_INT16 || type == FT_INT24 ||
	       type == FT_INT32;
}

/*
 * Repeated numbers ("Cell voltage 3: 3312 mV") get one field per item
 * number, all with the field's filter name, so that Wireshark writes the
 * label itself when it is shown: tshark -T fields builds a visible tree
 * whose labels nobody reads, and formatting them was most of the
 * plugin's cost there.  Only where Wireshark's label equals ours: doubles
 * (double_formatter() writes them), and integers that are plain decimal
 * numbers with their unit, no value names, no kWh.
 */
static bool numbered_items(const struct fox_field *f)
{
	enum ftenum type = field_ftype(f);
	bool is_unsigned = type == FT_UINT8 || type == FT_UINT16 ||
			   type == FT_UINT24 || type == FT_UINT32;

	if (f->repeat <= 1)
		return false;
	if (type == FT_DOUBLE)
		return true;
	return (is_unsigned || is_signed(type)) && !f->names &&
	       !(f->flags & FOX_F_HEX) && !(f->unit && !strcmp(f->unit, "Wh"));
}

/*
 * The fields of numbered_items(f), registered after f's own field, which
 * keeps the name tshark -G fields lists.  Wireshark chains fields of one
 * filter name and a custom column reads the chain from the last one
 * registered back: items in reverse make it show them in order.
 */
static void add_item_fields(GArray *hfs, int **item_hf,
			    const struct fox_field *f)
{
	hf_register_info hfi;

	*item_hf = g_new(int, f->repeat);
	for (unsigned k = f->repeat; k-- > 0;) {
		memset(&hfi, 0, sizeof(hfi));
		fill_hf(&hfi, &(*item_hf)[k], f);
		hfi.hfinfo.name = g_strdup_printf("%s %u", f->name, k + 1);
		g_array_append_val(hfs, hfi);
	}
}

static int **make_children(const struct fox_frame *fr, size_t bits_row, int *hf)
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
		wf->item_hf = g_new0(int *, fr->n_fields);
		wf->type = g_new(enum ftenum, fr->n_fields);
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
			const struct fox_field *f = &fr->fields[j];
			gint *ett = &wf->ett[j];

			*ett = -1;
			wf->type[j] = field_ftype(f);
			memset(&hfi, 0, sizeof(hfi));
			fill_hf(&hfi, &wf->hf[j], f);
			g_array_append_val(hfs, hfi);
			if (numbered_items(f))
				add_item_fields(hfs, &wf->item_hf[j], f);
			if (fr->fields[j].kind == FOX_K_BITS) {
				wf->children[j] = make_children(fr, j, wf->hf);
				g_array_append_val(etts, ett);
			}
		}
	}
	proto_register_field_array(proto_id, (hf_register_info *)hfs->data,
				   (int)hfs->len);
	proto_register_subtree_array((gint *const *)etts->data, (int)etts->len);
	/* Wireshark keeps pointers into the hf array for good; the ett
	 * pointers are only followed to store the subtree numbers. */
	g_array_free(hfs, FALSE);
	g_array_free(etts, TRUE);
}

/*
 * Text built by appending, as a run of g_snprintf(buf + used, size - used)
 * calls would (used counts what did not fit too), without printf: the
 * Info text and the tree labels are built for millions of frames, and
 * printf's set-up cost more than the copying.
 */
struct text {
	char *buf;
	size_t size, used;
};

static void put(struct text *t, const char *s)
{
	size_t n = 0;

	/* Byte by byte: the pieces are a few characters long, shorter than
	 * a call to strlen() and memcpy() costs. */
	for (; s[n]; n++)
		if (t->used + n + 1 < t->size)
			t->buf[t->used + n] = s[n];
	if (t->used + 1 < t->size)
		t->buf[t->used + n + 1 < t->size ? t->used + n : t->size - 1] =
			'\0';
	t->used += n;
}

/* put() of v's text (fox_format_value()), formatted in place when it has
 * room: no copy. */
static void put_value(struct text *t, const struct fox_value *v)
{
	char text[64];

	if (t->used + sizeof(text) < t->size) {
		t->used += fox_format_value(v, t->buf + t->used,
					    t->size - t->used);
		return;
	}
	fox_format_value(v, text, sizeof(text));
	put(t, text);
}

static void put_uint(struct text *t, unsigned u)
{
	char digits[12];
	unsigned n = sizeof(digits) - 1;

	digits[n] = '\0';
	do {
		digits[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	put(t, digits + n);
}

/* "Cell voltage 3: 3.312 V": the label of item v->item of a field. */
static void item_label(const struct fox_value *v, char *buf, size_t size)
{
	struct text t = { buf, size, 0 };
	char text[64];

	buf[0] = '\0';
	fox_format_value(v, text, sizeof(text));
	put(&t, v->field->name);
	put(&t, " ");
	put_uint(&t, v->item);
	put(&t, ": ");
	put(&t, text);
}

/*
 * Wireshark gives items of an invisible tree (tshark -T fields, summary
 * lines, taps) no label, so a label is only worth formatting for a
 * visible tree: most of the plugin's time went into text nobody saw.
 * Unlabelled items carry the same values; fox_ws_kept() says which are
 * kept at all.
 */
static void add_value(proto_tree *tree, tvbuff_t *tvb,
		      const struct ws_frame *wf, size_t row,
		      const struct fox_value *v)
{
	const struct fox_field *f = v->field;
	int hf = wf->hf[row];
	bool labelled = tree && PTREE_DATA(tree)->visible;
	char label[ITEM_LABEL_LENGTH];
	nstime_t t;

	if (wf->item_hf[row])
		hf = wf->item_hf[row][v->item - 1];
	if (!fox_ws_kept(tree, hf))
		return;
	if (wf->item_hf[row]) {
		if (wf->type[row] == FT_DOUBLE)
			proto_tree_add_double(tree, hf, tvb, v->offset,
					      v->width, v->value);
		else if (is_signed(wf->type[row]))
			proto_tree_add_int(tree, hf, tvb, v->offset, v->width,
					   (gint32)v->value);
		else
			proto_tree_add_uint(tree, hf, tvb, v->offset, v->width,
					    (guint32)v->raw);
		return;
	}

	switch (wf->type[row]) {
	case FT_STRING:
		proto_tree_add_string(tree, hf, tvb, v->offset, v->width,
				      v->text);
		return;
	case FT_BYTES:
		proto_tree_add_item(tree, hf, tvb, v->offset, v->width, ENC_NA);
		return;
	case FT_ABSOLUTE_TIME:
		t.secs = v->raw < 0 ? 0 : (time_t)v->raw;
		t.nsecs = 0;
		if (v->raw < 0 && labelled)
			proto_tree_add_time_format_value(
				tree, hf, tvb, v->offset, v->width, &t,
				"invalid date (%s)", v->text);
		else
			proto_tree_add_time(tree, hf, tvb, v->offset, v->width,
					    &t);
		return;
	case FT_DOUBLE:
		proto_tree_add_double(tree, hf, tvb, v->offset, v->width,
				      v->value);
		return;
	case FT_INT8:
	case FT_INT16:
	case FT_INT24:
	case FT_INT32:
		if (v->item && labelled) {
			item_label(v, label, sizeof(label));
			proto_tree_add_int_format(tree, hf, tvb, v->offset,
						  v->width, (gint32)v->value,
						  "%s", label);
		} else {
			proto_tree_add_int(tree, hf, tvb, v->offset, v->width,
					   (gint32)v->value);
		}
		return;
	default:
		if (v->item && labelled) {
			item_label(v, label, sizeof(label));
			proto_tree_add_uint_format(tree, hf, tvb, v->offset,
						   v->width, (guint32)v->raw,
						   "%s", label);
		} else if (labelled && f->unit && !strcmp(f->unit, "Wh")) {
			/* Read in kWh; the value filters match, in Wh. */
			fox_format_value(v, label, sizeof(label));
			proto_tree_add_uint_format_value(
				tree, hf, tvb, v->offset, v->width,
				(guint32)v->raw, "%s (%u Wh)", label,
				(guint32)v->raw);
		} else {
			proto_tree_add_uint(tree, hf, tvb, v->offset, v->width,
					    (guint32)v->raw);
		}
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

/* Whether a bitmap of row is kept: it or one of its flags (fox_ws_kept). */
static bool bits_kept(proto_tree *tree, const struct ws_frame *wf, size_t row)
{
	if (fox_ws_kept(tree, wf->hf[row]))
		return true;
	for (int **flag = wf->children[row]; *flag; flag++)
		if (fox_ws_kept(tree, **flag))
			return true;
	return false;
}

static void add_values(proto_tree *tree, tvbuff_t *tvb,
		       const struct fox_decoded *d)
{
	const struct fox_frame *fr = d->frame;
	const struct ws_frame *wf = ws_frames[fr - fox_frames];
	proto_item *pi;

	if (wf->hf_index != -1 && fox_ws_kept(tree, wf->hf_index)) {
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
			if (!bits_kept(tree, wf, row))
				continue;
			proto_tree_add_bitmask_with_flags(
				tree, tvb, v->offset, wf->hf[row], wf->ett[row],
				(int *const *)wf->children[row], ENC_NA,
				BMT_NO_APPEND);
			continue;
		}
		add_value(tree, tvb, wf, row, v);
	}
}

/*
 * The Info column: the frame's summary, then its labelled values, fields
 * separated by commas and the items of a repeated field by spaces
 * ("Limits: max 467.2 V, min 320.0 V, chg 25.0 A, dis 50.0 A").  A frame
 * none of whose values is labelled shows its name.
 */
static void summarise(const struct fox_decoded *d, char *buf, size_t size)
{
	const struct fox_field *previous = NULL;
	struct text t = { buf, size, 0 };

	buf[0] = '\0';
	put(&t, fox_frame_summary(d->frame, d->variant));
	put(&t, ":");
	for (unsigned i = 0; i < d->n_values && t.used < size; i++) {
		const struct fox_value *v = &d->values[i];
		const char *label = v->field->info;
		const char *sep = previous == v->field ? " " :
				  previous	       ? ", " :
							 " ";

		if (!label)
			continue;
		if (v->field->kind == FOX_K_FLAG && *label) {
			if (!v->raw)
				continue;
			put(&t, sep);
			put(&t, label);
			previous = v->field;
			continue;
		}
		if (previous != v->field) {
			put(&t, sep);
			put(&t, label);
			if (*label)
				put(&t, " ");
		} else {
			put(&t, " ");
		}
		put_value(&t, v);
		previous = v->field;
	}
	if (!previous) {
		t.used = 0;
		put(&t, fox_frame_name(d->frame, d->variant));
	}
}

#define SUMMARY_SIZE 256

/* CAN IDs as the protocol documents write them: 0x1871, 0x0C1D, 0x0351. */
static void format_can_id(gchar *buf, guint32 id)
{
	g_snprintf(buf, ITEM_LABEL_LENGTH, "0x%04X", id);
}

static int expert_group(enum fox_lm_group g)
{
	switch (g) {
	case FOX_LM_GRP_SEQUENCE:
		return PI_SEQUENCE;
	case FOX_LM_GRP_RESPONSE_CODE:
		return PI_RESPONSE_CODE;
	case FOX_LM_GRP_UNDECODED:
		return PI_UNDECODED;
	case FOX_LM_GRP_MALFORMED:
		return PI_MALFORMED;
	case FOX_LM_GRP_PROTOCOL:
		break;
	}
	return PI_PROTOCOL;
}

static int expert_severity(enum fox_lm_severity s)
{
	switch (s) {
	case FOX_LM_SEV_ERROR:
		return PI_ERROR;
	case FOX_LM_SEV_WARN:
		return PI_WARN;
	case FOX_LM_SEV_NOTE:
	case FOX_LM_SEV_NONE:
		break;
	}
	return PI_NOTE;
}

void fox_ws_fill_ei(ei_register_info *ei, expert_field *id, const char *name,
		    const char *summary, enum fox_lm_severity severity,
		    enum fox_lm_group group)
{
	static const ei_register_info blank = { NULL,
						{ NULL, 0, 0, NULL, EXPFILL } };
	expert_field init = EI_INIT;

	*id = init;
	*ei = blank;
	ei->ids = id;
	ei->eiinfo.name = name;
	ei->eiinfo.group = expert_group(group);
	ei->eiinfo.severity = expert_severity(severity);
	ei->eiinfo.summary = summary;
}

void fox_ws_register_common(struct fox_ws_common *c, int proto_id,
			    expert_module_t *expert, const char *prefix,
			    enum fox_proto proto)
{
	hf_register_info *hf = g_new0(hf_register_info, 3);
	ei_register_info *ei = g_new0(ei_register_info, FOX_FC_COUNT);
	const hf_register_info templates[] = {
		{ &c->hf_id,
		  { "CAN ID", "id", FT_UINT32, BASE_CUSTOM,
		    CF_FUNC(format_can_id), 0x0, "CAN identifier of the frame",
		    HFILL } },
		{ &c->hf_frame,
		  { "Frame type", "frame", FT_STRING, BASE_NONE, NULL, 0x0,
		    "Short name of the frame layout", HFILL } },
		{ &c->hf_extra_data,
		  { "Extra data", "extra_data", FT_BYTES, BASE_NONE, NULL, 0x0,
		    "Bytes beyond the 8 of a classical CAN frame", HFILL } },
	};
	int n = 0;

	/* Wireshark keeps pointers to the names: they live for good. */
	for (size_t i = 0; i < G_N_ELEMENTS(templates); i++) {
		hf[i] = templates[i];
		hf[i].hfinfo.abbrev = g_strdup_printf(
			"%s.%s", prefix, templates[i].hfinfo.abbrev);
	}
	for (unsigned k = 0; k < FOX_FC_COUNT; k++) {
		const struct fox_frame_check_info *info =
			&fox_frame_checks[proto][k];
		expert_field unregistered = EI_INIT;

		c->ei[k] = unregistered;
		if (info->abbrev)
			fox_ws_fill_ei(&ei[n++], &c->ei[k], info->abbrev,
				       info->summary, info->severity,
				       info->group);
	}
	proto_register_field_array(proto_id, hf, G_N_ELEMENTS(templates));
	expert_register_field_array(expert, ei, n);
}

void fox_ws_add_id(const struct fox_ws_common *c, proto_tree *tree,
		   tvbuff_t *tvb, uint32_t id)
{
	proto_item *pi;

	if (!fox_ws_kept(tree, c->hf_id))
		return;
	pi = proto_tree_add_uint(tree, c->hf_id, tvb, 0, 0, id);
	proto_item_set_generated(pi);
}

void fox_ws_add_frame_type(const struct fox_ws_common *c, proto_tree *tree,
			   tvbuff_t *tvb, const struct fox_decoded *d)
{
	proto_item *pi;

	if (!fox_ws_kept(tree, c->hf_frame))
		return;
	pi = proto_tree_add_string(tree, c->hf_frame, tvb, 0, 0, d->frame->key);
	proto_item_set_generated(pi);
}

void fox_ws_add_body(struct fox_ws_common *c, proto_tree *tree, proto_item *ti,
		     tvbuff_t *tvb, packet_info *pinfo,
		     const struct fox_decoded *d, unsigned checks)
{
	guint len = tvb_captured_length(tvb);
	char *summary;
	proto_item *pi;

	/* No tree (summary lines, the first of two passes): no items. */
	if (tree)
		add_values(tree, tvb, d);
	/* Without columns (tshark -T fields, most taps) nobody reads it.
	 * Written where it can stay for the packet: not copied again. */
	if (pinfo->cinfo) {
		summary = (char *)wmem_alloc(pinfo->pool, SUMMARY_SIZE);
		summarise(d, summary, SUMMARY_SIZE);
		col_set_str(pinfo->cinfo, COL_INFO, summary);
	}
	if (checks & FOX_FC_BIT(FOX_FC_SHORT)) {
		expert_add_info_format(pinfo, ti, &c->ei[FOX_FC_SHORT],
				       "%s frame has %u bytes; its layout "
				       "needs %u",
				       fox_frame_name(d->frame, d->variant),
				       len, d->frame->min_len);
		col_append_str(pinfo->cinfo, COL_INFO, " [MALFORMED: short]");
	} else if (checks & FOX_FC_BIT(FOX_FC_LONG)) {
		pi = proto_tree_add_item(tree, c->hf_extra_data, tvb, 8, -1,
					 ENC_NA);
		expert_add_info(pinfo, pi, &c->ei[FOX_FC_LONG]);
	}
}
