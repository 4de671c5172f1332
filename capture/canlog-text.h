/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the text-log parsers of capture/canlog.c (candump,
 * Battery-Emulator, the format detection), capture/asc.c (Vector ASC),
 * capture/trc.c (PEAK TRC) and capture/csvlog.c (SavvyCAN GVRET and
 * python-can CSV).
 */
#ifndef FOXCAP_CANLOG_TEXT_H
#define FOXCAP_CANLOG_TEXT_H

#include "canlog.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes the message to err and returns CANLOG_ERROR. */
enum canlog_result canlog_fail(char *err, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int canlog_hexval(char c);
const char *canlog_skip_spaces(const char *p);
/* Length of the token at p, up to white space or the end. */
size_t canlog_token_len(const char *p);
/* True at the end of the line: NUL, CR or LF. */
bool canlog_at_end(const char *p);
/* The n characters at p are hexadecimal (base 16) or decimal digits. */
bool canlog_parse_uint(const char *p, size_t n, unsigned base, uint32_t *value);
/* "INT[.FRACTION]" in units of unit_ns nanoseconds, exact to the
 * nanosecond (further digits are dropped); n characters. */
bool canlog_parse_decimal(const char *p, size_t n, uint64_t unit_ns,
			  uint64_t *ns);
/* The CAN FD data length of DLC code 0-15. */
unsigned canlog_dlc_to_len(unsigned dlc);
bool canlog_valid_fd_len(unsigned n);
/*
 * Seconds since the epoch of a wall-clock time written in the log, which
 * ASC and TRC record in the logging machine's local time (there is no
 * zone in either format): interpreted in this machine's zone (TZ).
 * local_seconds counts from 1970-01-01 00:00 as if that were UTC.
 * Returns false when the time does not exist.
 */
bool canlog_local_to_epoch(int64_t local_seconds, int64_t *epoch);

/* The parsers of each format, called by canlog_read_line() once the
 * format is known; f is zeroed, the line is not blank. */
enum canlog_result canlog_asc_line(struct canlog_reader *r, const char *line,
				   struct canlog_frame *f, char *err,
				   size_t err_size);
enum canlog_result canlog_trc_line(struct canlog_reader *r, const char *line,
				   struct canlog_frame *f, char *err,
				   size_t err_size);
enum canlog_result canlog_gvret_line(struct canlog_reader *r, const char *line,
				     struct canlog_frame *f, char *err,
				     size_t err_size);
enum canlog_result canlog_pycan_line(struct canlog_reader *r, const char *line,
				     struct canlog_frame *f, char *err,
				     size_t err_size);

#endif /* FOXCAP_CANLOG_TEXT_H */
