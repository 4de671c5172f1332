/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef FOXCAP_FILTER_H
#define FOXCAP_FILTER_H

#include <stdbool.h>

#include <linux/can.h>
#include <pcap/pcap.h>

/*
 * Compile CAN_RAW filter semantics into a classic BPF program for the
 * kernel packet socket libpcap captures from: a frame passes when
 * (can_id & mask) == (filter_id & mask) for any filter (no filters: every
 * frame); error frames pass unless drop_errors.  Returns 0, or -1 when
 * nothing needs filtering (prog untouched).  Free with pcap_freecode().
 */
int foxcap_build_filter(const struct can_filter *filters, unsigned n,
			bool drop_errors, unsigned snaplen,
			struct bpf_program *prog);

#endif /* FOXCAP_FILTER_H */
