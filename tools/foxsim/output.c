// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Output: pcap and pcapng with LINKTYPE_CAN_SOCKETCAN, a can-utils candump
 * log, a Battery-Emulator "CAN Tools" log, the ground-truth CSV, and
 * optional real-time transmission on a SocketCAN interface.  Channel n of
 * a run is pcapng interface n ("can<n>" when there are several), candump
 * interface can<n> and CAN Tools channel rx<n> / tx<n>.  The file formats are
 * written byte by byte in a fixed byte order so that the output is the same on
 * every host.
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/can.h>
#include <linux/can/raw.h>

#include "foxsim.h"

#define LINKTYPE_CAN_SOCKETCAN 227
#define SNAPLEN		       72 /* CAN FD: 8-byte header + 64 data */
/* SocketCAN header (big-endian ID word on this link type) */
#define SOCKETCAN_EFF 0x80000000u
#define SOCKETCAN_RTR 0x40000000u
#define SOCKETCAN_ERR 0x20000000u
#define SOCKETCAN_FDF 0x04 /* CANFD_FDF in the flags byte */

struct writer {
	FILE *pcap;
	FILE *pcapng;
	FILE *candump;
	FILE *cantools;
	FILE *truth;
	unsigned channels;
	const char *ifname;
	int sock;
	uint64_t epoch_us;
	struct timespec start; /* monotonic time of the first frame */
	bool started;	       /* start is set */
	unsigned long frames;
	bool failed;
};

static void put16le(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32le(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put32be(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (24 - 8 * i));
}

static void emit(struct writer *w, FILE *f, const void *p, size_t n)
{
	if (fwrite(p, 1, n, f) != n)
		w->failed = true;
}

/* The SocketCAN pseudo-header and data: what both pcap formats carry. */
static size_t socketcan_record(const struct sim_frame *f, uint8_t *out)
{
	uint32_t id = f->id;

	if (f->flags & FR_EXT)
		id |= SOCKETCAN_EFF;
	if (f->flags & FR_RTR)
		id |= SOCKETCAN_RTR;
	if (f->flags & FR_ERR)
		id |= SOCKETCAN_ERR;
	put32be(out, id);
	out[4] = f->len;
	out[5] = (f->flags & FR_FD) ? SOCKETCAN_FDF : 0;
	out[6] = 0;
	out[7] = 0;
	/* Classical frames always carry 8 data bytes, FD frames len. */
	if (f->flags & FR_FD) {
		memcpy(out + 8, f->data, f->len);
		return 8 + f->len;
	}
	memset(out + 8, 0, 8);
	memcpy(out + 8, f->data, f->len > 8 ? 8 : f->len);
	return 16;
}

static void pcap_header(struct writer *w)
{
	uint8_t h[24];

	put32le(h, 0xA1B2C3D4);
	put16le(h + 4, 2);
	put16le(h + 6, 4);
	put32le(h + 8, 0);
	put32le(h + 12, 0);
	put32le(h + 16, SNAPLEN);
	put32le(h + 20, LINKTYPE_CAN_SOCKETCAN);
	emit(w, w->pcap, h, sizeof(h));
}

static void pcap_record(struct writer *w, uint64_t abs_us, const uint8_t *rec,
			size_t n)
{
	uint8_t h[16];

	put32le(h, (uint32_t)(abs_us / SIM_US));
	put32le(h + 4, (uint32_t)(abs_us % SIM_US));
	put32le(h + 8, (uint32_t)n);
	put32le(h + 12, (uint32_t)n);
	emit(w, w->pcap, h, sizeof(h));
	emit(w, w->pcap, rec, n);
}

static void pcapng_block(struct writer *w, uint32_t type, const uint8_t *body,
			 size_t n)
{
	static const uint8_t pad[4];
	size_t padded = (n + 3) & ~(size_t)3;
	uint8_t h[8];

	put32le(h, type);
	put32le(h + 4, (uint32_t)(12 + padded));
	emit(w, w->pcapng, h, 8);
	emit(w, w->pcapng, body, n);
	emit(w, w->pcapng, pad, padded - n);
	emit(w, w->pcapng, h + 4, 4);
}

/* One interface per channel; with several, each named can<n> (if_name
 * option) so that Wireshark shows which bus a frame came from. */
static void pcapng_interfaces(struct writer *w)
{
	uint8_t idb[8 + 4 + 8 + 4];
	char name[8];

	put16le(idb, LINKTYPE_CAN_SOCKETCAN);
	put16le(idb + 2, 0);
	put32le(idb + 4, SNAPLEN);
	if (w->channels == 1) {
		pcapng_block(w, 0x00000001, idb, 8);
		return;
	}
	for (unsigned ch = 0; ch < w->channels; ch++) {
		size_t n = (size_t)snprintf(name, sizeof(name), "can%u", ch);

		memset(idb + 8, 0, sizeof(idb) - 8);
		put16le(idb + 8, 2); /* if_name */
		put16le(idb + 10, (uint16_t)n);
		memcpy(idb + 12, name, n);
		/* opt_endofopt: two zero words after the padded name */
		pcapng_block(w, 0x00000001, idb,
			     12 + ((n + 3) & ~(size_t)3) + 4);
	}
}

static void pcapng_header(struct writer *w)
{
	uint8_t shb[16];

	put32le(shb, 0x1A2B3C4D);
	put16le(shb + 4, 1);
	put16le(shb + 6, 0);
	put32le(shb + 8, 0xFFFFFFFF); /* section length unknown */
	put32le(shb + 12, 0xFFFFFFFF);
	pcapng_block(w, 0x0A0D0D0A, shb, sizeof(shb));
	pcapng_interfaces(w);
}

static void pcapng_record(struct writer *w, uint64_t abs_us, unsigned channel,
			  const uint8_t *rec, size_t n)
{
	uint8_t body[20 + 80];

	put32le(body, channel); /* interface = channel */
	put32le(body + 4, (uint32_t)(abs_us >> 32));
	put32le(body + 8, (uint32_t)abs_us); /* default: microseconds */
	put32le(body + 12, (uint32_t)n);
	put32le(body + 16, (uint32_t)n);
	memcpy(body + 20, rec, n);
	pcapng_block(w, 0x00000006, body, 20 + n);
}

/* can-utils log format, the one tshark reads natively. */
static void candump_line(struct writer *w, uint64_t abs_us,
			 const struct sim_frame *f)
{
	uint32_t id = f->id;
	char line[200];
	int n;

	if (f->flags & FR_ERR)
		id |= CAN_ERR_FLAG;
	if (f->flags & (FR_EXT | FR_ERR))
		n = snprintf(line, sizeof(line), "(%llu.%06llu) can%u %08X#",
			     (unsigned long long)(abs_us / SIM_US),
			     (unsigned long long)(abs_us % SIM_US), f->channel,
			     id);
	else
		n = snprintf(line, sizeof(line), "(%llu.%06llu) can%u %03X#",
			     (unsigned long long)(abs_us / SIM_US),
			     (unsigned long long)(abs_us % SIM_US), f->channel,
			     id);
	if (f->flags & FR_RTR)
		n += snprintf(line + n, sizeof(line) - n, "R");
	else if (f->flags & FR_FD)
		n += snprintf(line + n, sizeof(line) - n, "#0");
	for (unsigned i = 0; !(f->flags & FR_RTR) && i < f->len; i++)
		n += snprintf(line + n, sizeof(line) - n, "%02X", f->data[i]);
	line[n++] = '\n';
	emit(w, w->candump, line, (size_t)n);
}

/*
 * Battery-Emulator's "CAN Tools" log (the format capture/canlog.c reads):
 *   (10085.151) rx6 00001871 [8] 01 00 01 00 00 00 00 00
 * Seconds since the logger started with millisecond resolution, "tx" for
 * the frames the emulator (playing the battery) sends, "rx" for the rest,
 * 8 hex digits for an extended ID, 3 for a standard one.  The format has
 * no error or remote frames: those are left out.
 */
static void cantools_line(struct writer *w, const struct sim_frame *f)
{
	const struct fox_frame *type;
	bool battery = false;
	char line[240];
	int n;

	if (f->flags & (FR_ERR | FR_RTR))
		return;
	if (f->flags & FR_EXT) {
		type = fox_frame_find(FOX_PROTO_FOXESS, f->id, true, NULL);
		battery = type && type->dir == FOX_DIR_BMS_TO_INVERTER &&
			  !f->channel;
	}
	n = snprintf(line, sizeof(line), "(%llu.%03llu) %s%u ",
		     (unsigned long long)(f->t_us / SIM_US),
		     (unsigned long long)(f->t_us % SIM_US / 1000),
		     battery ? "tx" : "rx", f->channel);
	n += snprintf(line + n, sizeof(line) - n,
		      (f->flags & FR_EXT) ? "%08X [%u]" : "%03X [%u]", f->id,
		      f->len);
	for (unsigned i = 0; i < f->len; i++)
		n += snprintf(line + n, sizeof(line) - n, " %02X", f->data[i]);
	line[n++] = '\n';
	emit(w, w->cantools, line, (size_t)n);
}

static int socketcan_open(const char *ifname)
{
	struct sockaddr_can addr = { .can_family = AF_CAN };
	int one = 1;
	int s = socket(PF_CAN, SOCK_RAW, CAN_RAW);

	if (s < 0) {
		fprintf(stderr, "foxsim: CAN socket: %s\n", strerror(errno));
		return -1;
	}
	addr.can_ifindex = (int)if_nametoindex(ifname);
	if (!addr.can_ifindex) {
		fprintf(stderr, "foxsim: %s: %s\n", ifname, strerror(errno));
		close(s);
		return -1;
	}
	/* FD frames are refused unless asked for; classical still work on
	 * a classical-only interface. */
	setsockopt(s, SOL_CAN_RAW, CAN_RAW_FD_FRAMES, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		fprintf(stderr, "foxsim: bind %s: %s\n", ifname,
			strerror(errno));
		close(s);
		return -1;
	}
	return s;
}

/* Waits until the frame's time, relative to the first one, then sends. */
static void socketcan_send(struct writer *w, const struct sim_frame *f)
{
	struct canfd_frame cf = { 0 };
	struct timespec due;
	size_t size = CAN_MTU;

	/* The clock starts at the first frame, not at writer_open(): the
	 * setup time in between would otherwise send the first frames in a
	 * burst. */
	if (!w->started) {
		clock_gettime(CLOCK_MONOTONIC, &w->start);
		w->started = true;
	}
	due = w->start;
	if (f->flags & FR_ERR)
		return; /* error frames come from controllers */
	due.tv_sec += (time_t)(f->t_us / SIM_US);
	due.tv_nsec += (long)(f->t_us % SIM_US) * 1000;
	if (due.tv_nsec >= 1000000000L) {
		due.tv_sec++;
		due.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL) ==
	       EINTR)
		;
	cf.can_id = f->id;
	if (f->flags & FR_EXT)
		cf.can_id |= CAN_EFF_FLAG;
	if (f->flags & FR_RTR)
		cf.can_id |= CAN_RTR_FLAG;
	cf.len = f->len;
	memcpy(cf.data, f->data, f->len);
	if (f->flags & FR_FD) {
		cf.flags = CANFD_FDF;
		size = CANFD_MTU;
	}
	if (write(w->sock, &cf, size) != (ssize_t)size) {
		fprintf(stderr, "foxsim: send on %s: %s\n", w->ifname,
			strerror(errno));
		w->failed = true;
	}
}

static FILE *open_out(const char *path)
{
	FILE *f;

	if (!path)
		return NULL;
	f = fopen(path, "wb");
	if (!f)
		fprintf(stderr, "foxsim: %s: %s\n", path, strerror(errno));
	return f;
}

struct writer *writer_open(const struct writer_options *o)
{
	struct writer *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->sock = -1;
	w->epoch_us = o->epoch_us;
	w->ifname = o->ifname;
	w->channels = o->channels ? o->channels : 1;
	if (o->pcap && w->channels > 1) {
		fprintf(stderr,
			"foxsim: %s: a pcap cannot tell %u buses apart "
			"(use --pcapng, -l or --cantools)\n",
			o->pcap, w->channels);
		goto fail;
	}
	w->pcap = open_out(o->pcap);
	w->pcapng = open_out(o->pcapng);
	w->candump = open_out(o->candump);
	w->cantools = open_out(o->cantools);
	w->truth = open_out(o->truth);
	if ((o->pcap && !w->pcap) || (o->pcapng && !w->pcapng) ||
	    (o->candump && !w->candump) || (o->cantools && !w->cantools) ||
	    (o->truth && !w->truth))
		goto fail;
	if (o->ifname) {
		w->sock = socketcan_open(o->ifname);
		if (w->sock < 0)
			goto fail;
	}
	if (w->pcap)
		pcap_header(w);
	if (w->pcapng)
		pcapng_header(w);
	if (w->truth)
		fputs("frame,time,event,details\n", w->truth);
	return w;
fail:
	writer_close(w);
	return NULL;
}

void writer_frame(struct writer *w, const struct sim_frame *f)
{
	uint64_t abs_us = w->epoch_us + f->t_us;
	uint8_t rec[80];
	size_t n = socketcan_record(f, rec);

	w->frames++;
	if (w->pcap)
		pcap_record(w, abs_us, rec, n);
	if (w->pcapng)
		pcapng_record(w, abs_us, f->channel, rec, n);
	if (w->candump)
		candump_line(w, abs_us, f);
	if (w->cantools)
		cantools_line(w, f);
	/* the interface is the FoxESS bus: other channels stay off it */
	if (w->sock >= 0 && !f->channel)
		socketcan_send(w, f);
	for (unsigned i = 0; w->truth && i < f->n_events; i++)
		fprintf(w->truth, "%lu,%llu.%06llu,%s,\"%s\"\n", w->frames,
			(unsigned long long)(f->t_us / SIM_US),
			(unsigned long long)(f->t_us % SIM_US),
			f->events[i].name, f->events[i].details);
}

unsigned long writer_frames(const struct writer *w)
{
	return w->frames;
}

static void close_out(struct writer *w, FILE *f)
{
	if (f && fclose(f) != 0)
		w->failed = true;
}

int writer_close(struct writer *w)
{
	int rc;

	close_out(w, w->pcap);
	close_out(w, w->pcapng);
	close_out(w, w->candump);
	close_out(w, w->cantools);
	close_out(w, w->truth);
	if (w->sock >= 0)
		close(w->sock);
	rc = w->failed ? -1 : 0;
	free(w);
	return rc;
}
