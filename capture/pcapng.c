// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pcapng writer.  Format: draft-ietf-opsawg-pcapng.  Blocks are written
 * in host byte order; readers detect it from the SHB byte-order magic.
 */
#include "pcapng.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BT_SHB		 0x0A0D0D0Au
#define BT_IDB		 0x00000001u
#define BT_EPB		 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du

#define OPT_ENDOFOPT 0
#define OPT_COMMENT  1
#define SHB_OS	     3
#define SHB_USERAPPL 4
#define IF_NAME	     2
#define IF_TSRESOL   9
#define EPB_FLAGS    2

#define BUF_SIZE (256u * 1024u)

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static size_t option_size(size_t len)
{
	return 4 + pad4(len);
}

/* Make room for a block of size bytes, flushing first when needed. */
static int reserve(struct pcapng_writer *w, size_t size)
{
	int ret;
	uint8_t *bigger;

	if (w->err)
		return -w->err;
	if (w->len + size <= w->cap)
		return 0;
	ret = pcapng_flush(w);
	if (ret)
		return ret;
	if (size <= w->cap)
		return 0;
	bigger = realloc(w->buf, size);
	if (!bigger)
		return -ENOMEM;
	w->buf = bigger;
	w->cap = size;
	return 0;
}

static void put32(struct pcapng_writer *w, uint32_t v)
{
	memcpy(w->buf + w->len, &v, 4);
	w->len += 4;
}

static void put_bytes(struct pcapng_writer *w, const void *p, size_t n)
{
	memcpy(w->buf + w->len, p, n);
	memset(w->buf + w->len + n, 0, pad4(n) - n);
	w->len += pad4(n);
}

static void put_option(struct pcapng_writer *w, uint16_t code, const void *p,
		       size_t n)
{
	uint16_t hdr[2] = { code, (uint16_t)n };

	memcpy(w->buf + w->len, hdr, 4);
	w->len += 4;
	put_bytes(w, p, n);
}

static void put_end_of_options(struct pcapng_writer *w)
{
	put32(w, OPT_ENDOFOPT);
}

/* Option values are at most 65535 bytes; longer text is cut. */
static size_t opt_len(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > 65532 ? 65532 : n;
}

int pcapng_begin(struct pcapng_writer *w, int fd, const char *comment,
		 const char *app)
{
	static const char os[] = "Linux";
	size_t size, opts = 0;
	uint64_t section_length = UINT64_MAX;

	memset(w, 0, sizeof(*w));
	w->fd = fd;
	w->buf = malloc(BUF_SIZE);
	if (!w->buf)
		return -ENOMEM;
	w->cap = BUF_SIZE;

	if (opt_len(comment))
		opts += option_size(opt_len(comment));
	opts += option_size(strlen(os));
	if (opt_len(app))
		opts += option_size(opt_len(app));
	opts += 4;
	size = 28 + opts;
	if (reserve(w, size))
		return -ENOMEM;
	put32(w, BT_SHB);
	put32(w, size);
	put32(w, BYTE_ORDER_MAGIC);
	put32(w, 1); /* major 1, minor 0 */
	memcpy(w->buf + w->len, &section_length, 8);
	w->len += 8;
	if (opt_len(comment))
		put_option(w, OPT_COMMENT, comment, opt_len(comment));
	put_option(w, SHB_OS, os, strlen(os));
	if (opt_len(app))
		put_option(w, SHB_USERAPPL, app, opt_len(app));
	put_end_of_options(w);
	put32(w, size);
	return 0;
}

int pcapng_interface(struct pcapng_writer *w, const char *name,
		     uint16_t linktype, uint32_t snaplen,
		     unsigned tsresol_digits)
{
	size_t name_len = opt_len(name);
	size_t size = 20 + option_size(name_len) + option_size(1) + 4;
	uint8_t tsresol = (uint8_t)tsresol_digits;
	int ret;

	ret = reserve(w, size);
	if (ret)
		return ret;
	put32(w, BT_IDB);
	put32(w, size);
	put32(w, linktype); /* LinkType (16) + Reserved (16) */
	put32(w, snaplen);
	put_option(w, IF_NAME, name, name_len);
	put_option(w, IF_TSRESOL, &tsresol, 1);
	put_end_of_options(w);
	put32(w, size);
	return (int)w->n_ifaces++;
}

int pcapng_packet(struct pcapng_writer *w, uint32_t iface, uint64_t ts,
		  const void *data, uint32_t caplen, uint32_t origlen,
		  unsigned dir)
{
	size_t size = 32 + pad4(caplen);
	int ret;

	if (dir != PCAPNG_DIR_UNKNOWN)
		size += option_size(4) + 4;
	ret = reserve(w, size);
	if (ret)
		return ret;
	put32(w, BT_EPB);
	put32(w, size);
	put32(w, iface);
	put32(w, (uint32_t)(ts >> 32));
	put32(w, (uint32_t)ts);
	put32(w, caplen);
	put32(w, origlen);
	put_bytes(w, data, caplen);
	if (dir != PCAPNG_DIR_UNKNOWN) {
		uint32_t flags = dir;

		put_option(w, EPB_FLAGS, &flags, 4);
		put_end_of_options(w);
	}
	put32(w, size);
	w->buffered_packets++;
	return 0;
}

/* Length of the whole blocks among the first n bytes of the buffer;
 * counts the packets among them. */
static size_t complete_blocks(const struct pcapng_writer *w, size_t n,
			      uint64_t *packets)
{
	size_t at = 0;
	uint32_t block_type, block_len;

	while (at + 8 <= w->len) {
		memcpy(&block_type, w->buf + at, 4);
		memcpy(&block_len, w->buf + at + 4, 4);
		if (at + block_len > n)
			break;
		if (block_type == BT_EPB)
			(*packets)++;
		at += block_len;
	}
	return at;
}

int pcapng_flush(struct pcapng_writer *w)
{
	size_t done = 0;
	ssize_t n;

	if (w->err)
		return -w->err;
	while (done < w->len) {
		n = write(w->fd, w->buf + done, w->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			w->err = n < 0 ? errno : ENOSPC;
			break;
		}
		done += (size_t)n;
	}
	if (w->err) {
		size_t keep = complete_blocks(w, done, &w->packets);

		/* The tail of a cut block would make the file unreadable. */
		if (keep != done)
			while (ftruncate(w->fd, (off_t)(w->on_disk + keep)) &&
			       errno == EINTR)
				;
		w->on_disk += keep;
		w->len = 0;
		w->buffered_packets = 0;
		return -w->err;
	}
	w->on_disk += w->len;
	w->packets += w->buffered_packets;
	w->buffered_packets = 0;
	w->len = 0;
	return 0;
}

uint64_t pcapng_size(const struct pcapng_writer *w)
{
	return w->on_disk + w->len;
}

void pcapng_end(struct pcapng_writer *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = 0;
}
