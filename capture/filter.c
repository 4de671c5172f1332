// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Why BPF and not CAN_RAW_FILTER: libpcap reads from an AF_PACKET socket,
 * where CAN_RAW socket options do not exist.  A socket filter on that
 * socket runs in the kernel before the frame is copied to the capture
 * ring, which is what CAN_RAW_FILTER buys a candump user.
 *
 * The kernel hands the filter struct can_frame with can_id in host byte
 * order (libpcap swaps it to network order only afterwards, in user
 * space), while BPF word loads read big-endian.  ntohl() on the constants
 * makes the comparison right on either kind of host.
 */
#include "filter.h"

#include <arpa/inet.h>
#include <stdlib.h>

#include <pcap/bpf.h>

int foxcap_build_filter(const struct can_filter *filters, unsigned n,
			bool drop_errors, unsigned snaplen,
			struct bpf_program *prog)
{
	/* load, error test, per filter (load, and, jeq), reject, accept */
	unsigned len = 2 + 3 * n + 2;
	unsigned reject = len - 2, accept = len - 1, at = 0;
	struct bpf_insn *insn;

	if (n == 0 && !drop_errors)
		return -1;
	insn = calloc(len, sizeof(*insn));
	if (!insn)
		return -1;
	insn[at++] = (struct bpf_insn)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0);
	/* error frames skip the ID filters, as with CAN_RAW_ERR_FILTER */
	insn[at] = (struct bpf_insn)BPF_JUMP(
		BPF_JMP | BPF_JSET | BPF_K, ntohl(CAN_ERR_FLAG),
		(drop_errors ? reject : accept) - at - 1,
		n ? 0 : accept - at - 1);
	at++;
	for (unsigned i = 0; i < n; i++) {
		uint32_t mask = filters[i].can_mask & ~CAN_ERR_FLAG;

		insn[at++] = (struct bpf_insn)BPF_STMT(
			BPF_LD | BPF_W | BPF_ABS, 0);
		insn[at++] = (struct bpf_insn)BPF_STMT(
			BPF_ALU | BPF_AND | BPF_K, ntohl(mask));
		insn[at] = (struct bpf_insn)BPF_JUMP(
			BPF_JMP | BPF_JEQ | BPF_K,
			ntohl(filters[i].can_id & mask), accept - at - 1, 0);
		at++;
	}
	insn[reject] = (struct bpf_insn)BPF_STMT(BPF_RET | BPF_K, 0);
	insn[accept] = (struct bpf_insn)BPF_STMT(BPF_RET | BPF_K, snaplen);
	prog->bf_len = len;
	prog->bf_insns = insn;
	return 0;
}
