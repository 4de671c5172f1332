// SPDX-License-Identifier: GPL-2.0-or-later
/* Serial-number reassembly: see include/foxess/serial.h. */
#include <string.h>

#include "foxess/serial.h"

void fox_serial_init(struct fox_serial_assembler *a)
{
	memset(a, 0, sizeof(*a));
}

bool fox_serial_add(struct fox_serial_assembler *a, unsigned owner,
		    unsigned part, const char *text, size_t len,
		    char full[FOX_SERIAL_CHARS + 1])
{
	size_t used;

	if (owner >= FOX_SERIAL_OWNERS)
		return false;
	/* A missing or repeated part would splice two serials together. */
	if (part >= FOX_SERIAL_PARTS || part != a->owner[owner].parts) {
		a->owner[owner].parts = 0;
		a->owner[owner].text[0] = '\0';
		if (part != 0)
			return false;
	}
	if (len > FOX_SERIAL_PART_CHARS)
		len = FOX_SERIAL_PART_CHARS;
	if (part == 0)
		a->owner[owner].text[0] = '\0';
	used = strlen(a->owner[owner].text);
	memcpy(a->owner[owner].text + used, text, len);
	a->owner[owner].text[used + len] = '\0';
	a->owner[owner].parts = part + 1;
	if (a->owner[owner].parts < FOX_SERIAL_PARTS)
		return false;
	memcpy(full, a->owner[owner].text, used + len + 1);
	a->owner[owner].parts = 0;
	a->owner[owner].text[0] = '\0';
	return true;
}
