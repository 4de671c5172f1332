// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Why BPF and not CAN_RAW_FILTER: libpcap reads from an AF_PACKET socket,
 * where CAN_RAW socket options do not exist.  A socket filter on that
 * socket runs in the kernel before the frame is copied to the capture
 * ring, which is what CAN_RAW_FILTER buys a candump user.
 *
 * The kernel hands the filter struct can_frame with can_id in host byte
 * order, while BPF word loads read big-endian: ntohl() on the constants
 * makes the comparison right on either kind of host.  libpcap swaps the
 * ID to network order in user space, so its own user-space copy of a
 * filter would see other bytes; the capture attaches the program with
 * SO_ATTACH_FILTER itself and re-checks frames with
 * foxcap_filter_match() to cover those that arrived before the filter.
 */
#include "filter.h"

#include <arpa/inet.h>

bool foxcap_filter_match(const struct can_filter *filters, unsigned n,
			 bool drop_errors, uint32_t can_id)
{
	if (can_id & CAN_ERR_FLAG)
		return !drop_errors;
	if (n == 0)
		return true;
	for (unsigned i = 0; i < n; i++) {
		uint32_t mask = filters[i].can_mask & ~CAN_ERR_FLAG;

		if ((can_id & mask) == (filters[i].can_id & mask))
			return true;
	}
	return false;
}

unsigned foxcap_build_filter(const struct can_filter *filters, unsigned n,
			     bool drop_errors, unsigned snaplen,
			     struct sock_filter *prog)
{
	/* load, error test, per filter (load, and, jeq), reject, accept */
	unsigned len = FOXCAP_FILTER_LEN(n);
	unsigned reject = len - 2, accept = len - 1, at = 0;

	if (n == 0 && !drop_errors)
		return 0;
	prog[at++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0);
	/* error frames skip the ID filters, as with CAN_RAW_ERR_FILTER */
	prog[at] = (struct sock_filter)BPF_JUMP(
		BPF_JMP | BPF_JSET | BPF_K, ntohl(CAN_ERR_FLAG),
		(drop_errors ? reject : accept) - at - 1,
		n ? 0 : accept - at - 1);
	at++;
	for (unsigned i = 0; i < n; i++) {
		uint32_t mask = filters[i].can_mask & ~CAN_ERR_FLAG;

		prog[at++] = (struct sock_filter)BPF_STMT(
			BPF_LD | BPF_W | BPF_ABS, 0);
		prog[at++] = (struct sock_filter)BPF_STMT(
			BPF_ALU | BPF_AND | BPF_K, ntohl(mask));
		prog[at] = (struct sock_filter)BPF_JUMP(
			BPF_JMP | BPF_JEQ | BPF_K,
			ntohl(filters[i].can_id & mask), accept - at - 1, 0);
		at++;
	}
	prog[reject] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	prog[accept] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, snaplen);
	return len;
}
