// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * foxsim command line: pick a scenario, write it as pcap / pcapng /
 * candump log with its ground truth, or send it on a SocketCAN interface.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "foxsim.h"

/* 2024-05-09 09:00:00 UTC: a fixed start so captures are reproducible. */
#define DEFAULT_START 1715245200ull

static void usage(FILE *out)
{
	fputs("usage: foxsim [options]\n"
	      "  -s, --scenario N|NAME  scenario number or name (default 1)\n"
	      "  -o, --pcap FILE        write a pcap (LINKTYPE_CAN_SOCKETCAN)\n"
	      "      --pcapng FILE      write a pcapng\n"
	      "  -l, --candump FILE     write a can-utils candump log (channel n\n"
	      "                         is interface can<n>)\n"
	      "      --cantools FILE    write a Battery-Emulator \"CAN Tools\" log\n"
	      "                         (channel n is rx<n> / tx<n>)\n"
	      "  -g, --truth FILE       write the ground-truth CSV\n"
	      "  -I, --interface IF     send in real time on SocketCAN IF\n"
	      "      --seed N           PRNG seed (default: the scenario's)\n"
	      "      --packs N          number of packs, 1-8\n"
	      "      --duration S       seconds of traffic\n"
	      "      --start EPOCH      time of the first frame, seconds\n"
	      "      --foreign CH       add a foreign 11-bit device (Nissan Leaf-\n"
	      "                         style battery, lone zero 0x355) on channel\n"
	      "                         CH, 0-7; 0 is the FoxESS bus; repeatable\n"
	      "      --corpus DIR       write every committed scenario to DIR\n"
	      "  -L, --list             list the scenarios\n"
	      "  -h, --help\n",
	      out);
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!*s)
		return false;
	v = strtoull(s, &end, 0);
	*out = v;
	return *end == '\0';
}

/*
 * Scenarios of the top directory are written as pcap; those of a
 * subdirectory (several buses, or ground truth for diagnoses still to
 * come) as pcapng.
 */
static int write_corpus(const char *dir)
{
	for (size_t i = 0; i < n_scenarios; i++) {
		const struct scenario *sc = &scenarios[i];
		char cap[PATH_MAX], truth[PATH_MAX], sub[PATH_MAX / 2];
		struct writer_options o = { .truth = truth,
					    .channels =
						    sim_channels(sc->foreign),
					    .epoch_us =
						    DEFAULT_START * SIM_US };
		struct writer *w;
		const char *d = sc->dir ? sc->dir : "", *slash = *d ? "/" : "";

		if (!sc->committed)
			continue;
		errno = 0;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, d) >=
			    sizeof(sub) - 64 ||
		    (*d && mkdir(sub, 0777) && errno != EEXIST)) {
			fprintf(stderr, "foxsim: %s: %s\n", sub,
				errno ? strerror(errno) : "path too long");
			return 1;
		}
		snprintf(cap, sizeof(cap), "%s/%s%s%s.%s", dir, d, slash,
			 sc->stem, *d ? "pcapng" : "pcap");
		snprintf(truth, sizeof(truth), "%s/%s%s%s.truth.csv", dir, d,
			 slash, sc->stem);
		if (sc->dir)
			o.pcapng = cap;
		else
			o.pcap = cap;
		w = writer_open(&o);
		if (!w)
			return 1;
		sim_run(sc, w, sc->seed, o.epoch_us, 0, sc->duration_s, 0);
		printf("%-40s %8lu frames\n", sc->stem, writer_frames(w));
		if (writer_close(w))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "scenario", required_argument, NULL, 's' },
		{ "pcap", required_argument, NULL, 'o' },
		{ "pcapng", required_argument, NULL, 'n' },
		{ "candump", required_argument, NULL, 'l' },
		{ "cantools", required_argument, NULL, 'C' },
		{ "foreign", required_argument, NULL, 'F' },
		{ "truth", required_argument, NULL, 'g' },
		{ "interface", required_argument, NULL, 'I' },
		{ "seed", required_argument, NULL, 'S' },
		{ "packs", required_argument, NULL, 'p' },
		{ "duration", required_argument, NULL, 'd' },
		{ "start", required_argument, NULL, 't' },
		{ "corpus", required_argument, NULL, 'c' },
		{ "list", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct writer_options o = { .epoch_us = DEFAULT_START * SIM_US };
	const struct scenario *sc = &scenarios[0];
	const char *corpus = NULL;
	uint64_t seed = 0, packs = 0, duration = 0, start, ch;
	unsigned foreign = 0;
	bool have_seed = false;
	struct writer *w;
	int c;

	if (!sim_table_init())
		return 2;
	while ((c = getopt_long(argc, argv, "s:o:l:g:I:Lh", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 's':
			sc = scenario_find(optarg);
			if (!sc) {
				fprintf(stderr, "foxsim: no scenario %s\n",
					optarg);
				return 2;
			}
			break;
		case 'o':
			o.pcap = optarg;
			break;
		case 'n':
			o.pcapng = optarg;
			break;
		case 'l':
			o.candump = optarg;
			break;
		case 'C':
			o.cantools = optarg;
			break;
		case 'F':
			if (!parse_u64(optarg, &ch) || ch >= SIM_MAX_CHANNELS)
				goto bad;
			foreign |= 1u << ch;
			break;
		case 'g':
			o.truth = optarg;
			break;
		case 'I':
			o.ifname = optarg;
			break;
		case 'S':
			have_seed = parse_u64(optarg, &seed);
			if (!have_seed)
				goto bad;
			break;
		case 'p':
			if (!parse_u64(optarg, &packs) || packs < 1 ||
			    packs > SIM_MAX_PACKS)
				goto bad;
			break;
		case 'd':
			if (!parse_u64(optarg, &duration) || !duration ||
			    duration > 10u * 86400)
				goto bad;
			break;
		case 't':
			if (!parse_u64(optarg, &start))
				goto bad;
			o.epoch_us = start * SIM_US;
			break;
		case 'c':
			corpus = optarg;
			break;
		case 'L':
			for (size_t i = 0; i < n_scenarios; i++)
				printf("%2u  %-34s %s%s\n", scenarios[i].number,
				       scenarios[i].stem, scenarios[i].title,
				       scenarios[i].committed ? "" :
								" (on demand)");
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc)
		goto bad;
	if (corpus)
		return write_corpus(corpus);
	if (!o.pcap && !o.pcapng && !o.candump && !o.cantools && !o.ifname) {
		fputs("foxsim: nothing to write (-o, --pcapng, -l, --cantools "
		      "or -I)\n",
		      stderr);
		return 2;
	}
	o.channels = sim_channels(sc->foreign | foreign);
	w = writer_open(&o);
	if (!w)
		return 1;
	sim_run(sc, w, have_seed ? seed : sc->seed, o.epoch_us, (unsigned)packs,
		duration ? (unsigned)duration : sc->duration_s, foreign);
	fprintf(stderr, "foxsim: %s: %lu frames\n", sc->stem, writer_frames(w));
	return writer_close(w) ? 1 : 0;
bad:
	fprintf(stderr, "foxsim: bad arguments\n");
	usage(stderr);
	return 2;
}
