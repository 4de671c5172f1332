// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Files to CAN frames: pcap, pcapng (every interface a bus, named as
 * Wireshark names it) and the text logs foxcap convert reads (through the
 * same reader, capture/canlog.h: a log gives what its converted pcapng
 * gives).  Times, frame numbers and bus names are Wireshark's, so the
 * summary matches tshark's to the digit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/can.h>

#include "canlog.h"
#include "scan.h"

#define MAX_REPORTED_LINES 10
#define PCAPNG_SHB	   0x0A0D0D0A
#define PCAPNG_IDB	   1
#define PCAPNG_OPB	   2 /* obsolete Packet Block */
#define PCAPNG_SPB	   3
#define PCAPNG_EPB	   6
#define PCAPNG_MAGIC	   0x1A2B3C4D

struct reader {
	const char *path;
	/* the whole file, mapped (or read, from a pipe) */
	const uint8_t *data;
	size_t size, pos;
	FILE *diag;
	scan_frame_cb cb;
	void *ctx;
	uint32_t number;
	bool failed;
};

static void problem(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	fprintf(r->diag, "foxess-scan: %s: ", r->path);
	va_start(ap, fmt);
	vfprintf(r->diag, fmt, ap);
	va_end(ap);
	fputc('\n', r->diag);
	r->failed = true;
}

/* The next n bytes of the file; NULL when fewer are left. */
static const uint8_t *take(struct reader *r, size_t n)
{
	const uint8_t *p = r->data + r->pos;

	if (r->size - r->pos < n)
		return NULL;
	r->pos += n;
	return p;
}

static bool at_end(const struct reader *r)
{
	return r->pos == r->size;
}

static uint32_t get32(const uint8_t *p, bool swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

static uint16_t get16(const uint8_t *p, bool swap)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return swap ? __builtin_bswap16(v) : v;
}

/* A LINKTYPE_CAN_SOCKETCAN record (ID big-endian) into f. */
static void socketcan_record(struct scan_frame *f, const uint8_t *rec,
			     uint32_t caplen)
{
	unsigned len;

	f->is_can = caplen >= 8;
	if (!f->is_can)
		return;
	f->can_id = (uint32_t)rec[0] << 24 | (uint32_t)rec[1] << 16 |
		    (uint32_t)rec[2] << 8 | rec[3];
	/* CANFD_FDF in the flags byte, or the CAN FD record size. */
	f->fd = (rec[5] & SOCKETCAN_FD_FLAG_FDF) || caplen == SOCKETCAN_FD_LEN;
	len = rec[4];
	if (len > caplen - 8)
		len = caplen - 8;
	f->len = len;
	f->data = rec + 8;
}

/* pcap --------------------------------------------------------------------- */

static void read_pcap(struct reader *r)
{
	const uint8_t *hdr = take(r, 24), *rh, *rec;
	uint32_t magic, linktype;
	bool swap, nsec;

	if (!hdr) {
		problem(r, "truncated pcap file header");
		return;
	}
	magic = get32(hdr, false);
	swap = magic == 0xD4C3B2A1 || magic == 0x4D3CB2A1;
	nsec = magic == 0xA1B23C4D || magic == 0x4D3CB2A1;
	linktype = get32(hdr + 20, swap) & 0xFFFF;
	while (!at_end(r)) {
		struct scan_frame f = { 0 };
		uint32_t caplen;

		rh = take(r, 16);
		if (!rh) {
			problem(r,
				"truncated: the record header after frame %u "
				"is cut short (frames before it kept)",
				r->number);
			return;
		}
		caplen = get32(rh + 8, swap);
		rec = take(r, caplen);
		if (!rec) {
			problem(r,
				"truncated: frame %u is cut short (frames "
				"before it kept)",
				r->number + 1);
			return;
		}
		f.number = ++r->number;
		f.ts.secs = get32(rh, swap);
		f.ts.nsecs = (int32_t)get32(rh + 4, swap);
		if (!nsec)
			f.ts.nsecs *= 1000;
		if (linktype == SCAN_LINKTYPE_CAN)
			socketcan_record(&f, rec, caplen);
		r->cb(r->ctx, &f);
	}
}

/* pcapng ------------------------------------------------------------------- */

struct iface {
	uint16_t linktype;
	char *name;
	/* timestamp units per second: 10^n or 2^n */
	uint64_t units;
	int64_t offset; /* if_tsoffset, seconds */
};

struct pcapng {
	bool swap;
	struct iface *ifaces;
	unsigned n_ifaces, cap_ifaces, section_base;
};

/* An Interface Description Block; false when out of memory. */
static bool add_iface(struct reader *r, struct pcapng *p, const uint8_t *b,
		      uint32_t len)
{
	struct iface *it;
	const uint8_t *opt = b + 8, *end = b + len;
	char *desc = NULL;

	if (p->n_ifaces == p->cap_ifaces) {
		unsigned cap = p->cap_ifaces ? 2 * p->cap_ifaces : 8;
		struct iface *more = realloc(p->ifaces, cap * sizeof(*more));

		if (!more) {
			problem(r, "out of memory");
			return false;
		}
		p->ifaces = more;
		p->cap_ifaces = cap;
	}
	it = &p->ifaces[p->n_ifaces++];
	memset(it, 0, sizeof(*it));
	it->linktype = len >= 8 ? get16(b, p->swap) : 0;
	it->units = 1000000;
	while (opt + 4 <= end) {
		uint16_t code = get16(opt, p->swap),
			 olen = get16(opt + 2, p->swap);
		const uint8_t *v = opt + 4;

		if (code == 0 || v + olen > end)
			break;
		if (code == 2 && !it->name)
			it->name = strndup((const char *)v, olen);
		else if (code == 3 && !desc)
			desc = strndup((const char *)v, olen);
		else if (code == 9 && olen >= 1) {
			unsigned n = v[0] & 0x7F;

			it->units = 1;
			while (n--)
				it->units *= (v[0] & 0x80) ? 2 : 10;
		} else if (code == 14 && olen == 8) {
			uint64_t off;

			memcpy(&off, v, 8);
			it->offset =
				(int64_t)(p->swap ? __builtin_bswap64(off) :
						    off);
		}
		opt = v + ((olen + 3u) & ~3u);
	}
	/* Wireshark names an interface by if_name, else if_description. */
	if (!it->name)
		it->name = desc;
	else
		free(desc);
	return true;
}

static void packet(struct reader *r, struct pcapng *p, unsigned local,
		   uint64_t ts, const uint8_t *data, uint32_t caplen)
{
	struct scan_frame f = { 0 };
	unsigned id = p->section_base + local;
	const struct iface *it;

	f.number = ++r->number;
	if (id >= p->n_ifaces) {
		problem(r, "frame %u names interface %u, not described",
			f.number, local);
		return;
	}
	it = &p->ifaces[id];
	f.ts.secs = (int64_t)(ts / it->units) + it->offset;
	f.ts.nsecs = (int32_t)((ts % it->units) * 1000000000 / it->units);
	f.has_iface = true;
	f.iface = id;
	f.iface_name = it->name;
	if (it->linktype == SCAN_LINKTYPE_CAN)
		socketcan_record(&f, data, caplen);
	r->cb(r->ctx, &f);
}

static void read_pcapng(struct reader *r)
{
	struct pcapng p = { 0 };
	bool first = true;

	while (!at_end(r)) {
		const uint8_t *head = take(r, 8), *b, *magic;
		uint32_t type, len, body;

		if (!head) {
			problem(r,
				"truncated: a block after frame %u is cut "
				"short (frames before it kept)",
				r->number);
			break;
		}
		type = get32(head, false);
		if (type == PCAPNG_SHB) {
			magic = take(r, 4);
			p.swap = magic && get32(magic, false) != PCAPNG_MAGIC;
			len = get32(head + 4, p.swap);
			if (!magic || get32(magic, p.swap) != PCAPNG_MAGIC ||
			    len < 28 || len % 4 || !take(r, len - 12)) {
				problem(r, "corrupt or truncated section "
					   "header");
				break;
			}
			p.section_base = p.n_ifaces;
			first = false;
			continue;
		}
		if (first) {
			problem(r, "not a pcapng file (no section header)");
			break;
		}
		type = get32(head, p.swap);
		len = get32(head + 4, p.swap);
		if (len < 12 || len % 4) {
			problem(r, "corrupt block after frame %u (length %u)",
				r->number, len);
			break;
		}
		body = len - 12;
		b = take(r, body + 4);
		if (!b) {
			problem(r,
				"truncated: the block after frame %u is cut "
				"short (frames before it kept)",
				r->number);
			break;
		}
		if (type == PCAPNG_IDB) {
			if (!add_iface(r, &p, b, body))
				break;
		} else if ((type == PCAPNG_EPB || type == PCAPNG_OPB) &&
			   body >= 20) {
			/* The obsolete Packet Block has a 16-bit interface
			 * and a drop count where the EPB has 32 bits. */
			unsigned local = type == PCAPNG_EPB ? get32(b, p.swap) :
							      get16(b, p.swap);
			uint32_t caplen = get32(b + 12, p.swap);

			if (caplen > body - 20) {
				problem(r,
					"corrupt: frame %u longer than its "
					"block",
					r->number + 1);
				break;
			}
			packet(r, &p, local,
			       (uint64_t)get32(b + 4, p.swap) << 32 |
				       get32(b + 8, p.swap),
			       b + 20, caplen);
		} else if (type == PCAPNG_SPB && body >= 4) {
			uint32_t caplen = get32(b, p.swap);

			if (caplen > body - 4)
				caplen = body - 4;
			/* No timestamp: Wireshark shows such frames at 0. */
			packet(r, &p, 0, 0, b + 4, caplen);
		}
	}
	for (unsigned i = 0; i < p.n_ifaces; i++)
		free(p.ifaces[i].name);
	free(p.ifaces);
}

/* Text logs ---------------------------------------------------------------- */

static void read_log(struct reader *r, FILE *in, const char **format)
{
	struct canlog_reader cl;
	char *line = NULL, err[160];
	const char *names[64];
	unsigned n_names = 0, line_no = 0, bad = 0;
	size_t line_cap = 0;
	ssize_t n;

	canlog_reader_init(&cl);
	while ((n = getline(&line, &line_cap, in)) >= 0) {
		struct canlog_frame cf;
		struct scan_frame f = { 0 };
		enum canlog_result res;
		unsigned id;

		line_no++;
		if (strlen(line) != (size_t)n) {
			snprintf(err, sizeof(err),
				 "NUL byte in the line (binary file?)");
			res = CANLOG_ERROR;
		} else {
			res = canlog_read_line(&cl, line, &cf, err,
					       sizeof(err));
		}
		if (res == CANLOG_SKIP)
			continue;
		if (res == CANLOG_ERROR) {
			if (++bad <= MAX_REPORTED_LINES)
				problem(r, "line %u: %s", line_no, err);
			r->failed = true;
			continue;
		}
		/* One interface per channel name, in order of appearance,
		 * as foxcap convert writes them. */
		for (id = 0; id < n_names; id++)
			if (!strcmp(names[id], cf.iface))
				break;
		if (id == n_names) {
			if (n_names == sizeof(names) / sizeof(names[0])) {
				if (++bad <= MAX_REPORTED_LINES)
					problem(r,
						"line %u: more than %u channels",
						line_no, n_names);
				continue;
			}
			names[n_names++] = strdup(cf.iface);
		}
		f.number = ++r->number;
		f.ts.secs = (int64_t)(cf.ts_ns / 1000000000u);
		f.ts.nsecs = (int32_t)(cf.ts_ns % 1000000000u);
		f.has_iface = true;
		f.iface = id;
		f.iface_name = names[id];
		f.is_can = true;
		f.can_id = cf.can_id;
		f.fd = cf.fd;
		f.len = cf.len;
		f.data = cf.data;
		r->cb(r->ctx, &f);
	}
	if (bad > MAX_REPORTED_LINES)
		problem(r, "%u bad lines in all", bad);
	if (ferror(in))
		problem(r, "read error: %s", strerror(errno));
	if (!r->number && !r->failed)
		problem(r, "no frames: not a capture or CAN log");
	*format = canlog_format_name(cl.format);
	for (unsigned i = 0; i < n_names; i++)
		free((char *)names[i]);
	free(line);
}

/* All of a pipe, in memory; NULL (errno set) when it cannot be read. */
static uint8_t *slurp(int fd, size_t *size)
{
	size_t cap = 1 << 20;
	uint8_t *buf = malloc(cap), *more;
	ssize_t n;

	*size = 0;
	while (buf) {
		if (*size == cap) {
			cap *= 2;
			more = realloc(buf, cap);
			if (!more)
				break;
			buf = more;
		}
		n = read(fd, buf + *size, cap - *size);
		if (n == 0)
			return buf;
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0)
			*size += (size_t)n;
	}
	free(buf);
	return NULL;
}

int scan_read(const char *path, scan_frame_cb cb, void *ctx,
	      const char **format, FILE *diag)
{
	struct reader r = { .path = path, .diag = diag, .cb = cb, .ctx = ctx };
	bool from_stdin = !strcmp(path, "-");
	int fd = from_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	uint8_t *owned = NULL;
	void *map = MAP_FAILED;
	struct stat st;
	uint32_t magic;
	FILE *text;

	*format = "unknown";
	if (fd < 0 || fstat(fd, &st)) {
		problem(&r, "cannot open: %s", strerror(errno));
		if (fd >= 0 && !from_stdin)
			close(fd);
		return -1;
	}
	/* Mapped, a day-long capture costs no copying at all. */
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
			   0);
		if (map != MAP_FAILED) {
			r.data = map;
			r.size = (size_t)st.st_size;
			madvise(map, r.size, MADV_SEQUENTIAL);
		}
	}
	if (map == MAP_FAILED && !(S_ISREG(st.st_mode) && !st.st_size)) {
		owned = slurp(fd, &r.size);
		r.data = owned;
	}
	if (!from_stdin)
		close(fd);
	if (map == MAP_FAILED && !owned &&
	    !(S_ISREG(st.st_mode) && !st.st_size)) {
		problem(&r, "cannot read: %s", strerror(errno));
		return -1;
	}
	magic = r.size >= 4 ? get32(r.data, false) : 0;
	if (magic == 0xA1B2C3D4 || magic == 0xD4C3B2A1 || magic == 0xA1B23C4D ||
	    magic == 0x4D3CB2A1) {
		*format = "pcap";
		read_pcap(&r);
	} else if (magic == PCAPNG_SHB) {
		*format = "pcapng";
		read_pcapng(&r);
	} else if (!r.size) {
		problem(&r, "empty file");
	} else if ((text = fmemopen((void *)r.data, r.size, "r"))) {
		read_log(&r, text, format);
		fclose(text);
	} else {
		problem(&r, "cannot read: %s", strerror(errno));
	}
	if (map != MAP_FAILED)
		munmap(map, r.size);
	free(owned);
	return r.failed ? -1 : 0;
}
