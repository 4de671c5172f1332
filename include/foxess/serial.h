/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reassembly of the serial numbers the BMS sends in three frames: 0x1881,
 * 0x1882 and 0x1883 each carry an owner byte (0 = BMS, 1-8 = pack) and 7
 * ASCII characters; the three in order give the 21-character serial
 * number (protocol-notes section 3).  Plain C: one assembler per bus.
 */
#ifndef FOXESS_SERIAL_H
#define FOXESS_SERIAL_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FOX_SERIAL_PARTS      3
#define FOX_SERIAL_PART_CHARS 7
#define FOX_SERIAL_CHARS      (FOX_SERIAL_PARTS * FOX_SERIAL_PART_CHARS)
#define FOX_SERIAL_OWNERS     9 /* BMS and packs 1-8 */

struct fox_serial_assembler {
	struct {
		unsigned parts; /* parts received in order so far */
		char text[FOX_SERIAL_CHARS + 1];
	} owner[FOX_SERIAL_OWNERS];
};

void fox_serial_init(struct fox_serial_assembler *a);

/*
 * Add part (0, 1 or 2: the ID's position after 0x1881) of owner's serial,
 * len characters of text.  Part 0 starts the serial over; a part out of
 * order, or an owner out of range, drops what was collected for it.
 * Returns true when this part completes the serial, which is then copied
 * (NUL-terminated) to full.
 */
bool fox_serial_add(struct fox_serial_assembler *a, unsigned owner,
		    unsigned part, const char *text, size_t len,
		    char full[FOX_SERIAL_CHARS + 1]);

#ifdef __cplusplus
}
#endif

#endif /* FOXESS_SERIAL_H */
