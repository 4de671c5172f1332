// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel BPF program foxcap attaches must accept exactly what the
 * CAN_RAW-style matcher accepts.  Run it with libpcap's BPF interpreter
 * on struct can_frame as the kernel lays it out (host byte order).
 */
#include "check.h"
#include "filter.h"
#include "options.h"

#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

static bool kernel_accepts(const struct sock_filter *prog, unsigned len,
			   uint32_t can_id)
{
	struct can_frame frame = { .can_id = can_id, .len = 8 };
	struct bpf_program bpf = { .bf_len = len,
				   .bf_insns = (struct bpf_insn *)prog };
	struct pcap_pkthdr hdr = { .caplen = sizeof(frame),
				   .len = sizeof(frame) };

	if (len == 0)
		return true;
	return pcap_offline_filter(&bpf, &hdr, (const u_char *)&frame) != 0;
}

static void compare(const char *spec, bool no_errors)
{
	struct can_filter f[FOXCAP_MAX_FILTERS];
	struct sock_filter prog[FOXCAP_FILTER_LEN(FOXCAP_MAX_FILTERS)];
	char err[128];
	int n = foxcap_parse_ids(spec, f, FOXCAP_MAX_FILTERS, err, sizeof(err));
	unsigned len;
	int mismatches = 0;

	CHECK(n >= 0);
	len = foxcap_build_filter(f, (unsigned)n, no_errors, 4096, prog);
	CHECK(len ==
	      (n == 0 && !no_errors ? 0 : FOXCAP_FILTER_LEN((unsigned)n)));
	srand(7);
	for (int i = 0; i < 200000; i++) {
		uint32_t id;

		switch (i % 4) {
		case 0: /* near the FoxESS ranges */
			id = (0x1800 + (uint32_t)(rand() % 0x300)) |
			     CAN_EFF_FLAG;
			break;
		case 1:
			id = (uint32_t)rand() & CAN_SFF_MASK;
			break;
		case 2:
			id = (uint32_t)rand() & 0x1FFF;
			id |= (rand() & 1) ? CAN_EFF_FLAG : 0;
			break;
		default:
			id = (uint32_t)rand();
			break;
		}
		if (kernel_accepts(prog, len, id) !=
		    foxcap_filter_match(f, (unsigned)n, no_errors, id))
			mismatches++;
	}
	if (mismatches)
		fprintf(stderr, "--ids %s%s: %d mismatches\n", spec,
			no_errors ? " --no-errors" : "", mismatches);
	CHECK(mismatches == 0);
}

int main(void)
{
	static const char *const specs[] = {
		"all",	     "foxess",	"123,00000456,1871",   "0x1872-0x1879",
		"300-3FF,0", "700:700", "foxess,351,0x0-0x10",
	};

	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		compare(specs[i], false);
		compare(specs[i], true);
	}
	return check_report("test_filter");
}
