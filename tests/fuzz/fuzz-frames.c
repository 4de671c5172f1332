// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Helper of the Wireshark-style fuzz run (ws-fuzz.sh), on classic pcap
 * files with LINKTYPE_CAN_SOCKETCAN records:
 *
 *   fuzz-frames random SEED COUNT OUT.pcap
 *	COUNT random frames: half with an ID of the protocol table, half
 *	with any ID in the FoxESS ranges (one in eight in the Pylontech
 *	ones); random DLC and payload, some remote and CAN FD frames.
 *	Same seed, same file.
 *   fuzz-frames diff A.pcap B.pcap
 *	prints "<records> <records that differ> <of those, FoxESS IDs>":
 *	how many frames editcap actually changed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "foxess/protocol.h"

#define LINKTYPE_CAN_SOCKETCAN 227
#define CAN_EFF_FLAG	       0x80000000u
#define CAN_RTR_FLAG	       0x40000000u
#define CANFD_FDF	       0x04
#define MAX_RECORD	       256

struct pcap_hdr {
	uint32_t magic;
	uint16_t major, minor;
	int32_t zone;
	uint32_t sigfigs, snaplen, linktype;
};

struct rec_hdr {
	uint32_t sec, usec, caplen, len;
};

static uint64_t rng_state;

/* splitmix64: the same sequence on every platform */
static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
	return (unsigned)(rng() % n);
}

static uint32_t range_id(bool *extended)
{
	/* FoxESS: 0x0C00-0x0DFF, 0x1870-0x19FF; Pylontech LV 11-bit
	 * 0x300-0x37F, HV 0x4200-0x42FF, 0x7310-0x734F, 0x8200-0x821F */
	static const uint32_t ranges[][3] = {
		{ 0x0C00, 0x0DFF, 1 }, { 0x1870, 0x19FF, 1 },
		{ 0x300, 0x37F, 0 },   { 0x4200, 0x42FF, 1 },
		{ 0x7310, 0x734F, 1 }, { 0x8200, 0x821F, 1 },
	};
	unsigned r = below(8) ? below(2) : 2 + below(4);

	*extended = ranges[r][2];
	return ranges[r][0] + below(ranges[r][1] - ranges[r][0] + 1);
}

static uint32_t random_id(bool *extended)
{
	if (below(2)) {
		/* half of them IDs the table knows, so most frames get
		 * decoded rather than shown as unknown */
		const struct fox_frame *fr = &fox_frames[below(fox_n_frames)];

		*extended = fr->extended;
		return fr->id_first +
		       below((fr->id_last - fr->id_first) / fr->id_step + 1) *
			       fr->id_step;
	}
	return range_id(extended);
}

static int write_random(uint64_t seed, unsigned long count, const char *out)
{
	static const uint8_t fd_lens[] = { 12, 16, 20, 24, 32, 48, 64 };
	struct pcap_hdr h = {
		0xA1B2C3D4, 2, 4, 0, 0, 72, LINKTYPE_CAN_SOCKETCAN
	};
	FILE *f = fopen(out, "wb");

	if (!f) {
		perror(out);
		return 1;
	}
	rng_state = seed;
	fwrite(&h, sizeof(h), 1, f);
	for (unsigned long i = 0; i < count; i++) {
		uint8_t rec[72] = { 0 };
		struct rec_hdr rh;
		bool ext, fd = below(32) == 0, rtr = !fd && below(32) == 0;
		uint32_t id = random_id(&ext);
		unsigned len = fd ? fd_lens[below(sizeof(fd_lens))] : below(9);
		unsigned size = fd ? 72 : 16;

		if (ext)
			id |= CAN_EFF_FLAG;
		if (rtr)
			id |= CAN_RTR_FLAG;
		rec[0] = (uint8_t)(id >> 24);
		rec[1] = (uint8_t)(id >> 16);
		rec[2] = (uint8_t)(id >> 8);
		rec[3] = (uint8_t)id;
		rec[4] = (uint8_t)len;
		rec[5] = fd ? CANFD_FDF : 0;
		for (unsigned b = 0; b < len && !rtr; b++)
			rec[8 + b] = (uint8_t)rng();
		rh.sec = (uint32_t)(1700000000 + i / 1000);
		rh.usec = (uint32_t)(i % 1000 * 1000);
		rh.caplen = rh.len = size;
		fwrite(&rh, sizeof(rh), 1, f);
		fwrite(rec, size, 1, f);
	}
	if (fclose(f)) {
		perror(out);
		return 1;
	}
	return 0;
}

static FILE *open_pcap(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct pcap_hdr h;

	if (!f) {
		perror(path);
		return NULL;
	}
	if (fread(&h, sizeof(h), 1, f) != 1 ||
	    (h.magic != 0xA1B2C3D4 && h.magic != 0xA1B23C4D)) {
		fprintf(stderr, "%s: not a little-endian classic pcap file\n",
			path);
		fclose(f);
		return NULL;
	}
	return f;
}

/* Reads one record's bytes; 0 at the end, -1 on a broken file. */
static int read_record(FILE *f, uint8_t *buf, uint32_t *len)
{
	struct rec_hdr rh;

	if (fread(&rh, sizeof(rh), 1, f) != 1)
		return 0;
	if (rh.caplen > MAX_RECORD || fread(buf, rh.caplen, 1, f) != 1)
		return -1;
	*len = rh.caplen;
	return 1;
}

/* The ID bytes of a record (network order) name a FoxESS frame. */
static bool foxess_id(const uint8_t *rec)
{
	uint32_t id = (uint32_t)rec[0] << 24 | (uint32_t)rec[1] << 16 |
		      (uint32_t)rec[2] << 8 | rec[3];

	if (!(id & CAN_EFF_FLAG))
		return false;
	id &= 0x1FFFFFFF;
	return (id >= 0x0C00 && id <= 0x0DFF) || (id >= 0x1870 && id <= 0x19FF);
}

static int diff(const char *a_path, const char *b_path)
{
	FILE *a = open_pcap(a_path), *b = open_pcap(b_path);
	unsigned long records = 0, changed = 0, foxess = 0;
	int rc = 1;

	if (!a || !b)
		goto out;
	for (;;) {
		uint8_t ra[MAX_RECORD], rb[MAX_RECORD];
		uint32_t la, lb;
		int ea = read_record(a, ra, &la), eb = read_record(b, rb, &lb);

		if (ea < 0 || eb < 0 || ea != eb) {
			fprintf(stderr, "%s and %s: different record counts\n",
				a_path, b_path);
			goto out;
		}
		if (!ea)
			break;
		records++;
		if (la == lb && !memcmp(ra, rb, la))
			continue;
		changed++;
		if (la >= 4 && foxess_id(ra))
			foxess++;
	}
	printf("%lu %lu %lu\n", records, changed, foxess);
	rc = 0;
out:
	if (a)
		fclose(a);
	if (b)
		fclose(b);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "random"))
		return write_random(strtoull(argv[2], NULL, 0),
				    strtoul(argv[3], NULL, 0), argv[4]);
	if (argc == 4 && !strcmp(argv[1], "diff"))
		return diff(argv[2], argv[3]);
	fprintf(stderr,
		"usage: %s random SEED COUNT OUT.pcap\n"
		"       %s diff A.pcap B.pcap\n",
		argv[0], argv[0]);
	return 2;
}
