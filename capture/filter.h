/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef FOXCAP_FILTER_H
#define FOXCAP_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/can.h>
#include <linux/filter.h>

/*
 * CAN_RAW filter semantics: a frame passes when (can_id & mask) ==
 * (filter_id & mask) for any filter (no filters: every frame); error
 * frames pass unless drop_errors, whatever the filters say.
 */
bool foxcap_filter_match(const struct can_filter *filters, unsigned n,
			 bool drop_errors, uint32_t can_id);

/*
 * The same as a classic BPF program for the AF_PACKET socket libpcap
 * reads from.  Returns the number of instructions written to prog (room
 * for FOXCAP_FILTER_LEN(n)), or 0 when nothing needs filtering.
 */
#define FOXCAP_FILTER_LEN(n) (2 + 3 * (n) + 2)
unsigned foxcap_build_filter(const struct can_filter *filters, unsigned n,
			     bool drop_errors, unsigned snaplen,
			     struct sock_filter *prog);

#endif /* FOXCAP_FILTER_H */
