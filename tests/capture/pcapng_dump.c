// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test helper: a strict, independent pcapng reader.  Prints the section
 * comment and interfaces as '#' lines, then every SocketCAN record in
 * candump -l form with a nanosecond timestamp:
 *   (1700000000.000000123) vcan0 00001871#0100010000000000
 * so tests can diff a capture against the frames they injected.  Any
 * structural fault (bad lengths, a cut block, unknown interface) is an
 * error with a non-zero exit.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_IFACES 64

struct iface {
	char name[64];
	unsigned tsresol;
};

static int fail(const char *path, long at, const char *what)
{
	fprintf(stderr, "pcapng_dump: %s: offset %ld: %s\n", path, at, what);
	return 1;
}

static uint64_t pow10u(unsigned n)
{
	uint64_t v = 1;

	while (n--)
		v *= 10;
	return v;
}

static void print_frame(const uint8_t *rec, uint32_t len)
{
	uint32_t id;
	uint8_t dlc = rec[4];

	memcpy(&id, rec, 4);
	id = ntohl(id);
	if (id & 0x20000000u)
		printf("%08X#", id & 0x3FFFFFFFu);
	else if (id & 0x80000000u)
		printf("%08X#", id & 0x1FFFFFFFu);
	else
		printf("%03X#", id & 0x7FFu);
	if (len == 72 || (rec[5] & 0x04)) {
		printf("#%X", rec[5] & 0x03);
	} else if (id & 0x40000000u) {
		putchar('R');
		if (dlc)
			printf("%u", dlc);
		return;
	}
	for (unsigned i = 0; i < dlc && 8 + i < len; i++)
		printf("%02X", rec[8 + i]);
}

int main(int argc, char **argv)
{
	struct iface ifaces[MAX_IFACES];
	unsigned n_ifaces = 0;
	uint8_t *block = NULL;
	uint32_t hdr[2];
	long at = 0;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: pcapng_dump FILE.pcapng\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	while (fread(hdr, 4, 2, f) == 2) {
		uint32_t type = hdr[0], len = hdr[1], trailer;

		if (len < 12 || len % 4 || len > 1 << 20)
			return fail(argv[1], at, "bad block length");
		if (at == 0 && type != 0x0A0D0D0A)
			return fail(argv[1], at, "does not start with an SHB");
		block = realloc(block, len);
		memcpy(block, hdr, 8);
		if (fread(block + 8, 1, len - 8, f) != len - 8)
			return fail(argv[1], at, "block cut short");
		memcpy(&trailer, block + len - 4, 4);
		if (trailer != len)
			return fail(argv[1], at, "trailing length differs");
		if (type == 0x0A0D0D0A) {
			uint32_t magic;

			memcpy(&magic, block + 8, 4);
			if (magic != 0x1A2B3C4D)
				return fail(argv[1], at, "foreign byte order");
			n_ifaces = 0;
			for (uint32_t o = 24; o + 4 <= len - 4;) {
				uint16_t code, olen;

				memcpy(&code, block + o, 2);
				memcpy(&olen, block + o + 2, 2);
				if (code == 0)
					break;
				if (code == 1)
					printf("#comment %.*s\n", olen,
					       block + o + 4);
				o += 4 + ((olen + 3u) & ~3u);
			}
		} else if (type == 1) {
			struct iface *i = &ifaces[n_ifaces];
			uint16_t linktype;

			if (n_ifaces == MAX_IFACES)
				return fail(argv[1], at, "too many IDBs");
			memcpy(&linktype, block + 8, 2);
			if (linktype != 227)
				return fail(argv[1], at,
					    "link type is not 227");
			strcpy(i->name, "?");
			i->tsresol = 6;
			for (uint32_t o = 16; o + 4 <= len - 4;) {
				uint16_t code, olen;

				memcpy(&code, block + o, 2);
				memcpy(&olen, block + o + 2, 2);
				if (code == 0)
					break;
				if (code == 2)
					snprintf(i->name, sizeof(i->name),
						 "%.*s", olen, block + o + 4);
				if (code == 9)
					i->tsresol = block[o + 4];
				o += 4 + ((olen + 3u) & ~3u);
			}
			printf("#if %u %s tsresol %u\n", n_ifaces, i->name,
			       i->tsresol);
			n_ifaces++;
		} else if (type == 6) {
			uint32_t ifid, hi, lo, caplen;
			uint64_t ts, unit;

			memcpy(&ifid, block + 8, 4);
			memcpy(&hi, block + 12, 4);
			memcpy(&lo, block + 16, 4);
			memcpy(&caplen, block + 20, 4);
			if (ifid >= n_ifaces)
				return fail(argv[1], at, "EPB before its IDB");
			if (caplen < 8 || 28 + caplen + 4 > len)
				return fail(argv[1], at, "bad captured length");
			ts = (uint64_t)hi << 32 | lo;
			unit = pow10u(ifaces[ifid].tsresol);
			printf("(%llu.%09llu) %s ",
			       (unsigned long long)(ts / unit),
			       (unsigned long long)(ts % unit *
						    (1000000000u / unit)),
			       ifaces[ifid].name);
			print_frame(block + 28, caplen);
			putchar('\n');
		}
		at += len;
	}
	if (!feof(f) || ftell(f) != at)
		return fail(argv[1], at, "trailing bytes after the last block");
	free(block);
	fclose(f);
	return 0;
}
