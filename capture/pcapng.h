/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal pcapng writer: one section, Interface Description Blocks and
 * Enhanced Packet Blocks.  libpcap 1.10 can only write classic pcap, which
 * has no interface names, no per-file comment and one link type per file.
 *
 * Blocks are assembled in a memory buffer and written whole, so the file
 * only ever grows by complete blocks; a failed write is cut back to the
 * last complete block and the file stays readable.
 */
#ifndef FOXCAP_PCAPNG_H
#define FOXCAP_PCAPNG_H

#include <stddef.h>
#include <stdint.h>

#define LINKTYPE_CAN_SOCKETCAN 227

/* epb_flags direction bits */
#define PCAPNG_DIR_UNKNOWN  0
#define PCAPNG_DIR_INBOUND  1
#define PCAPNG_DIR_OUTBOUND 2

struct pcapng_writer {
	int fd;
	uint8_t *buf;
	size_t len; /* bytes buffered, always whole blocks */
	size_t cap;
	uint64_t on_disk;  /* bytes of complete blocks in the file */
	uint32_t n_ifaces; /* IDBs written: the next interface id */
	uint64_t packets;  /* EPBs in the file */
	uint64_t buffered_packets;
	int err; /* errno of the first failed write, 0 if none */
};

/*
 * Start a writer on fd (which it does not own) and buffer the Section
 * Header Block.  comment may be NULL.  Returns 0 or -errno.
 */
int pcapng_begin(struct pcapng_writer *w, int fd, const char *comment,
		 const char *app);

/* Buffer an IDB; returns the interface id for pcapng_packet(), or -errno.
 * tsresol_digits is the decimal exponent: 6 for us, 9 for ns. */
int pcapng_interface(struct pcapng_writer *w, const char *name,
		     uint16_t linktype, uint32_t snaplen,
		     unsigned tsresol_digits);

/*
 * Buffer an EPB.  ts is in the interface's timestamp units.  dir is one of
 * PCAPNG_DIR_*; unknown writes no epb_flags option.  May flush; returns 0
 * or -errno from that flush.
 */
int pcapng_packet(struct pcapng_writer *w, uint32_t iface, uint64_t ts,
		  const void *data, uint32_t caplen, uint32_t origlen,
		  unsigned dir);

/*
 * Write the buffer out.  On a short or failed write (disk full), the file
 * is truncated back to its last complete block, w->err is set and -errno
 * returned; every later call fails the same way.
 */
int pcapng_flush(struct pcapng_writer *w);

/* Bytes in the file once the buffer is flushed. */
uint64_t pcapng_size(const struct pcapng_writer *w);

/* Free the buffer (does not flush, does not close fd). */
void pcapng_end(struct pcapng_writer *w);

#endif /* FOXCAP_PCAPNG_H */
