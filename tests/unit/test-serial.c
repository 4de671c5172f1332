// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Serial-number reassembly: the three 7-character parts of the corpus's
 * BMS serial give the 21 characters in order; interleaved owners keep
 * their own parts; a missing or repeated part yields nothing rather than
 * a spliced serial.
 */
#include <stdio.h>
#include <string.h>

#include "foxess/serial.h"

static int failures;

static void check(int cond, const char *what)
{
	if (!cond) {
		failures++;
		printf("FAIL: %s\n", what);
	}
}

static bool add(struct fox_serial_assembler *a, unsigned owner, unsigned part,
		const char *text, char *full)
{
	return fox_serial_add(a, owner, part, text, strlen(text), full);
}

int main(void)
{
	struct fox_serial_assembler a;
	char full[FOX_SERIAL_CHARS + 1] = "";

	fox_serial_init(&a);
	check(!add(&a, 0, 0, "FXHVBM0", full), "part 1 alone completes");
	check(!add(&a, 0, 1, "0230512", full), "part 2 completes");
	check(add(&a, 0, 2, "4348320", full), "part 3 does not complete");
	check(!strcmp(full, "FXHVBM002305124348320"), "wrong BMS serial");

	/* Two packs interleaved. */
	check(!add(&a, 1, 0, "FXHVPK0", full), "pack 1 part 1");
	check(!add(&a, 2, 0, "FXHVPK0", full), "pack 2 part 1");
	check(!add(&a, 1, 1, "1230543", full), "pack 1 part 2");
	check(!add(&a, 2, 1, "2230507", full), "pack 2 part 2");
	check(add(&a, 2, 2, "9620541", full) &&
		      !strcmp(full, "FXHVPK022305079620541"),
	      "pack 2 serial");
	check(add(&a, 1, 2, "2478012", full) &&
		      !strcmp(full, "FXHVPK012305432478012"),
	      "pack 1 serial");

	/* Part 2 lost: part 3 must not splice parts 1 and 3. */
	check(!add(&a, 3, 0, "FXHVPK0", full), "pack 3 part 1");
	check(!add(&a, 3, 2, "0821993", full), "spliced pack 3 serial");
	/* Repeated part 1 restarts; then a full set works. */
	check(!add(&a, 3, 0, "FXHVPK0", full), "pack 3 part 1 again");
	check(!add(&a, 3, 0, "FXHVPK0", full), "pack 3 part 1 repeated");
	check(!add(&a, 3, 1, "3230539", full), "pack 3 part 2");
	check(add(&a, 3, 2, "0821993", full) &&
		      !strcmp(full, "FXHVPK032305390821993"),
	      "pack 3 serial after a restart");
	/* Out-of-range owner and part. */
	check(!add(&a, 9, 0, "X", full), "owner 9 accepted");
	check(!add(&a, 0, 3, "X", full), "part 4 accepted");
	/* A short (NUL-padded) last part. */
	check(!add(&a, 4, 0, "ABCDEFG", full) &&
		      !add(&a, 4, 1, "HIJKLMN", full) &&
		      add(&a, 4, 2, "OP", full) &&
		      !strcmp(full, "ABCDEFGHIJKLMNOP"),
	      "short last part");

	if (failures)
		return 1;
	printf("serial reassembly: all checks passed\n");
	return 0;
}
