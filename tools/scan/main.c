// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * foxess-scan: the FoxESS support-ticket summary of many captures and
 * logs at once, without Wireshark (docs/foxess-scan.md, --help).
 *
 * Files are analysed by -j worker threads, each file into its own memory
 * buffers; the main thread writes them out in the order of the command
 * line as they complete, so the output never depends on -j.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "scan.h"

#define MAX_JOBS 256

static const char usage[] =
	"usage: foxess-scan [--json | --csv] [-j N] [options] FILE...\n"
	"\n"
	"Print the FoxESS BMS <-> inverter link summary of each FILE, the\n"
	"same text as `tshark -q -z foxess,summary`, without Wireshark.\n"
	"FILE: pcap, pcapng (each interface is a bus, analysed on its own)\n"
	"or a CAN log foxcap convert reads (candump -l, Battery-Emulator,\n"
	"Vector ASC, PEAK TRC, SavvyCAN GVRET CSV, python-can CSV; each\n"
	"channel is a bus); - reads a pcap or pcapng from standard input.\n"
	"\n"
	"  --json          one JSON object per file, one per line (JSON\n"
	"                  Lines; schema docs/foxess-scan.schema.json)\n"
	"  --bulk INDEX    with --json: an Elasticsearch/OpenSearch bulk\n"
	"                  action line before each object (_id from the path)\n"
	"  --csv           time series for plots, one row per bus and\n"
	"                  interval (columns in docs/foxess-scan.md)\n"
	"  --interval S    --csv interval in seconds (default 60)\n"
	"  -j N            analyse N files at once (default 1); output stays\n"
	"                  in command-line order\n"
	"  -h, --help      this text\n"
	"  --version       the version\n"
	"\n"
	"With several files, each text summary is preceded by a line\n"
	"\"==> FILE <==\"; JSON and CSV name the file in every object/row.\n"
	"\n"
	"Exit status: 0 when every file was read completely; 1 when a file\n"
	"could not be opened, was truncated or had bad log lines (one line on\n"
	"standard error names the file and the problem; what could be read\n"
	"is still reported, and the other files are processed); 2 for bad\n"
	"usage.\n";

struct job {
	const char *path;
	char *out, *err;
	size_t out_len, err_len;
	int status;
	bool done;
};

struct pool {
	const struct scan_options *opt;
	struct job *jobs;
	unsigned n_jobs, next;
	pthread_mutex_t lock;
	pthread_cond_t done;
};

static void run_job(const struct scan_options *opt, struct job *j)
{
	FILE *out = open_memstream(&j->out, &j->out_len);
	FILE *err = open_memstream(&j->err, &j->err_len);

	if (!out || !err) {
		if (out)
			fclose(out);
		if (err)
			fclose(err);
		j->status = -ENOMEM;
		return;
	}
	j->status = scan_file(j->path, opt, out, err);
	fclose(out);
	fclose(err);
}

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		struct job *j;

		pthread_mutex_lock(&p->lock);
		if (p->next == p->n_jobs) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		j = &p->jobs[p->next++];
		pthread_mutex_unlock(&p->lock);
		run_job(p->opt, j);
		pthread_mutex_lock(&p->lock);
		j->done = true;
		pthread_cond_broadcast(&p->done);
		pthread_mutex_unlock(&p->lock);
	}
}

static bool emit(struct job *j, bool tag)
{
	bool ok = j->status == 0;

	if (j->status == -ENOMEM)
		fprintf(stderr, "foxess-scan: %s: out of memory\n", j->path);
	if (j->err_len)
		fwrite(j->err, 1, j->err_len, stderr);
	if (tag)
		printf("==> %s <==\n", j->path);
	if (j->out_len)
		fwrite(j->out, 1, j->out_len, stdout);
	fflush(stdout);
	free(j->out);
	free(j->err);
	j->out = j->err = NULL;
	return ok;
}

static int number_arg(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return errno || end == s || *end ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "csv", no_argument, NULL, 'C' },
		{ "bulk", required_argument, NULL, 'B' },
		{ "interval", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct scan_options opt = { .output = SCAN_TEXT, .interval = 60 };
	struct pool p = { .opt = &opt };
	pthread_t threads[MAX_JOBS];
	unsigned n_threads = 0;
	double jobs = 1;
	bool all_ok = true;
	int c;

	fox_lm_config_default(&opt.config);
	while ((c = getopt_long(argc, argv, "j:h", longs, NULL)) != -1) {
		switch (c) {
		case 'J':
			opt.output = SCAN_JSON;
			break;
		case 'C':
			opt.output = SCAN_CSV;
			break;
		case 'B':
			opt.bulk_index = optarg;
			break;
		case 'I':
			if (number_arg(optarg, &opt.interval) ||
			    !(opt.interval > 0)) {
				fprintf(stderr,
					"foxess-scan: --interval %s: not a "
					"positive number of seconds\n",
					optarg);
				return 2;
			}
			break;
		case 'j':
			if (number_arg(optarg, &jobs) || jobs < 1 ||
			    jobs > MAX_JOBS || jobs != (unsigned)jobs) {
				fprintf(stderr,
					"foxess-scan: -j %s: not a number "
					"from 1 to %d\n",
					optarg, MAX_JOBS);
				return 2;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			printf("foxess-scan %s\n", FOXESS_VERSION);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (opt.bulk_index && opt.output != SCAN_JSON) {
		fprintf(stderr, "foxess-scan: --bulk needs --json\n");
		return 2;
	}
	if (optind == argc) {
		fprintf(stderr, "foxess-scan: no input file\n%s", usage);
		return 2;
	}
	scan_init();
	p.n_jobs = (unsigned)(argc - optind);
	p.jobs = calloc(p.n_jobs, sizeof(*p.jobs));
	if (!p.jobs) {
		fprintf(stderr, "foxess-scan: out of memory\n");
		return 1;
	}
	for (unsigned i = 0; i < p.n_jobs; i++)
		p.jobs[i].path = argv[optind + (int)i];
	if (opt.output == SCAN_CSV)
		csv_header(stdout);
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.done, NULL);
	for (unsigned i = 0; i < (unsigned)jobs && i < p.n_jobs; i++) {
		if (pthread_create(&threads[i], NULL, worker, &p))
			break;
		n_threads++;
	}
	if (!n_threads) {
		/* No thread to be had: do the work here. */
		worker(&p);
	}
	for (unsigned i = 0; i < p.n_jobs; i++) {
		pthread_mutex_lock(&p.lock);
		while (!p.jobs[i].done)
			pthread_cond_wait(&p.done, &p.lock);
		pthread_mutex_unlock(&p.lock);
		if (!emit(&p.jobs[i], opt.output == SCAN_TEXT && p.n_jobs > 1))
			all_ok = false;
	}
	for (unsigned i = 0; i < n_threads; i++)
		pthread_join(threads[i], NULL);
	free(p.jobs);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "foxess-scan: writing the output: %s\n",
			strerror(errno));
		return 1;
	}
	return all_ok ? 0 : 1;
}
