// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The capture loop: one libpcap handle per interface, all polled from one
 * thread, every frame appended to the current pcapng file as an EPB of
 * its interface's IDB.
 */
#include "capture.h"
#include "filter.h"
#include "live.h"
#include "pcapng.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <pcap/pcap.h>

#define SNAPLEN 4096 /* a CAN XL frame is at most 2060 bytes */

struct iface {
	const char *name;
	pcap_t *pcap;
	unsigned tsresol; /* 9 nanoseconds, 6 microseconds */
	struct capture *cap;
};

struct capture {
	const struct foxcap_options *o;
	struct iface ifaces[FOXCAP_MAX_IFACES];
	unsigned n_ifaces;

	struct pcapng_writer w;
	int fd;
	char path[PATH_MAX];
	bool rotating;	  /* any -b: numbered file names */
	bool filtering;	  /* --ids or --no-errors */
	unsigned file_no; /* files opened so far */
	char **ring;	  /* names of the files kept, oldest first */
	unsigned ring_len;

	uint64_t received, written_closed;
	uint64_t start_ms, file_start_ms, last_flush_ms;
	bool dirty; /* records written since the last fdatasync */
	bool stop;
	int status; /* FOXCAP_EXIT_* */
	struct live *live;
};

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t rotate_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static void on_rotate_signal(int sig)
{
	(void)sig;
	rotate_signal = 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void fault(struct capture *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fault(struct capture *c, const char *fmt, ...)
{
	va_list ap;

	fputs("foxcap: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	c->stop = true;
	c->status = FOXCAP_EXIT_FAULT;
}

/* Interface state from the kernel: -ENODEV missing, -ENETDOWN down. */
static int iface_state(const char *name)
{
	struct ifreq ifr;
	int sock, ret = 0;

	if (!if_nametoindex(name))
		return -ENODEV;
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(sock, SIOCGIFFLAGS, &ifr) == 0) {
		if (!(ifr.ifr_flags & IFF_UP))
			ret = -ENETDOWN;
	} else if (errno == ENODEV) {
		ret = -ENODEV;
	}
	close(sock);
	return ret;
}

static void report_iface_state(struct capture *c, const char *name, int state,
			       const char *when)
{
	if (state == -ENODEV)
		fault(c, "interface %s %s", name,
		      *when ? "was removed during the capture" :
			      "does not exist (see 'ip link show')");
	else
		fault(c,
		      "interface %s %s: bring it up with 'ip link set %s up type can bitrate 500000'",
		      name, *when ? "went down during the capture" : "is down",
		      name);
}

/* The kernel hands a capture ring block over when it is full or this many
 * milliseconds after its first frame: it bounds how late a frame reaches
 * the file. */
static int ring_block_timeout_ms(const struct foxcap_options *o)
{
	return o->flush_ms >= 400 ? 100 :
	       o->flush_ms >= 4	  ? (int)o->flush_ms / 4 :
				    1;
}

static int open_iface(struct capture *c, struct iface *ifc)
{
	const struct foxcap_options *o = c->o;
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct sock_filter prog[FOXCAP_FILTER_LEN(FOXCAP_MAX_FILTERS)];
	struct sock_fprog fprog = { .filter = prog };
	int state = iface_state(ifc->name);
	int ret;

	if (state) {
		report_iface_state(c, ifc->name, state, "");
		return -1;
	}
	ifc->pcap = pcap_create(ifc->name, errbuf);
	if (!ifc->pcap) {
		fault(c, "cannot capture on %s: %s", ifc->name, errbuf);
		return -1;
	}
	if (pcap_set_snaplen(ifc->pcap, SNAPLEN) ||
	    pcap_set_promisc(ifc->pcap, 0) ||
	    pcap_set_buffer_size(ifc->pcap, (int)(o->buffer_mib << 20)) ||
	    pcap_set_timeout(ifc->pcap, ring_block_timeout_ms(o))) {
		fault(c, "cannot set up the capture on %s: %s", ifc->name,
		      pcap_geterr(ifc->pcap));
		return -1;
	}
	ifc->tsresol = pcap_set_tstamp_precision(
			       ifc->pcap, PCAP_TSTAMP_PRECISION_NANO) == 0 ?
			       9 :
			       6;
	ret = pcap_activate(ifc->pcap);
	if (ret == PCAP_ERROR_PERM_DENIED) {
		fault(c,
		      "cannot capture on %s: permission denied: foxcap needs CAP_NET_RAW (run as root, or 'setcap cap_net_raw=ep foxcap', or AmbientCapabilities=CAP_NET_RAW)",
		      ifc->name);
		return -1;
	}
	if (ret == PCAP_ERROR_NO_SUCH_DEVICE ||
	    ret == PCAP_ERROR_IFACE_NOT_UP) {
		report_iface_state(c, ifc->name,
				   ret == PCAP_ERROR_NO_SUCH_DEVICE ? -ENODEV :
								      -ENETDOWN,
				   "");
		return -1;
	}
	if (ret < 0) {
		fault(c, "cannot capture on %s: %s", ifc->name,
		      pcap_geterr(ifc->pcap));
		return -1;
	}
	if (pcap_datalink(ifc->pcap) != DLT_CAN_SOCKETCAN) {
		fault(c, "%s is not a CAN interface (link type %s)", ifc->name,
		      pcap_datalink_val_to_name(pcap_datalink(ifc->pcap)) ?:
			      "unknown");
		return -1;
	}
	if (pcap_get_tstamp_precision(ifc->pcap) != PCAP_TSTAMP_PRECISION_NANO)
		ifc->tsresol = 6;
	fprog.len = (unsigned short)foxcap_build_filter(
		o->filters, o->n_filters, o->no_errors, SNAPLEN, prog);
	if (fprog.len && setsockopt(pcap_fileno(ifc->pcap), SOL_SOCKET,
				    SO_ATTACH_FILTER, &fprog, sizeof(fprog))) {
		fault(c, "cannot set the --ids filter on %s: %s", ifc->name,
		      strerror(errno));
		return -1;
	}
	if (pcap_setnonblock(ifc->pcap, 1, errbuf)) {
		fault(c, "%s: %s", ifc->name, errbuf);
		return -1;
	}
	return 0;
}

/* "site.pcapng" -> "site_00001_20240101120000.pcapng", like dumpcap. */
static void ring_name(struct capture *c, char *buf, size_t size)
{
	const char *out = c->o->out;
	const char *slash = strrchr(out, '/');
	const char *dot = strrchr(slash ? slash + 1 : out, '.');
	size_t stem = dot && dot != (slash ? slash + 1 : out) ?
			      (size_t)(dot - out) :
			      strlen(out);
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	snprintf(buf, size, "%.*s_%05u_%s%s", (int)stem, out,
		 (c->file_no + 1) % 100000, stamp,
		 stem < strlen(out) ? dot : "");
}

static int sync_file(struct capture *c)
{
	int ret = pcapng_flush(&c->w);

	if (ret == 0 && c->dirty && fdatasync(c->fd) && errno != EINVAL)
		ret = -errno;
	c->dirty = false;
	c->last_flush_ms = now_ms();
	return ret;
}

static void write_failed(struct capture *c, int err)
{
	if (err == -ENOSPC || err == -EDQUOT)
		fault(c,
		      "disk full writing %s: capture stopped; the %llu complete frames in it are kept",
		      c->path, (unsigned long long)c->w.packets);
	else
		fault(c,
		      "cannot write %s: %s: capture stopped; the %llu complete frames in it are kept",
		      c->path, strerror(-err),
		      (unsigned long long)c->w.packets);
}

static void close_file(struct capture *c)
{
	int ret;

	if (c->fd < 0)
		return;
	ret = sync_file(c);
	/* a write fault already reported keeps its own message */
	if (ret && c->status == FOXCAP_EXIT_OK)
		write_failed(c, ret);
	c->written_closed += c->w.packets;
	if (close(c->fd) && c->status == FOXCAP_EXIT_OK)
		fault(c, "closing %s: %s", c->path, strerror(errno));
	pcapng_end(&c->w);
	c->fd = -1;
}

static int open_file(struct capture *c)
{
	const struct foxcap_options *o = c->o;
	int ret;

	if (c->rotating)
		ring_name(c, c->path, sizeof(c->path));
	else
		snprintf(c->path, sizeof(c->path), "%s", o->out);
	c->fd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (c->fd < 0) {
		fault(c, "cannot create %s: %s", c->path, strerror(errno));
		return -1;
	}
	c->file_no++;
	ret = pcapng_begin(&c->w, c->fd, o->comment, "foxcap " FOXCAP_VERSION);
	for (unsigned i = 0; i < c->n_ifaces && ret >= 0; i++)
		ret = pcapng_interface(&c->w, c->ifaces[i].name,
				       LINKTYPE_CAN_SOCKETCAN, SNAPLEN,
				       c->ifaces[i].tsresol);
	if (ret >= 0)
		ret = pcapng_flush(&c->w);
	if (ret < 0) {
		/* a file without its headers is no use to anyone */
		unlink(c->path);
		close(c->fd);
		pcapng_end(&c->w);
		c->fd = -1;
		if (ret == -ENOSPC || ret == -EDQUOT)
			fault(c, "disk full: cannot start %s; capture stopped",
			      c->path);
		else
			fault(c, "cannot write %s: %s", c->path,
			      strerror(-ret));
		return -1;
	}
	c->file_start_ms = now_ms();
	c->dirty = true;
	if (c->rotating && o->ring_files) {
		if (c->ring_len == o->ring_files) {
			if (unlink(c->ring[0]) && errno != ENOENT)
				fprintf(stderr,
					"foxcap: cannot remove %s: %s\n",
					c->ring[0], strerror(errno));
			free(c->ring[0]);
			memmove(c->ring, c->ring + 1,
				(c->ring_len - 1) * sizeof(*c->ring));
			c->ring_len--;
		}
		c->ring[c->ring_len] = strdup(c->path);
		if (!c->ring[c->ring_len]) {
			fault(c, "out of memory");
			return -1;
		}
		c->ring_len++;
	}
	return 0;
}

static void next_file(struct capture *c)
{
	if (c->o->stop_files && c->file_no >= c->o->stop_files) {
		c->stop = true;
		return;
	}
	close_file(c);
	if (!c->stop)
		open_file(c);
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h,
		      const u_char *bytes)
{
	struct iface *ifc = (struct iface *)user;
	struct capture *c = ifc->cap;
	const struct foxcap_options *o = c->o;
	uint64_t ts, size;
	int ret;

	if (c->stop)
		return;
	if (c->filtering && h->caplen >= 4) {
		uint32_t can_id;

		memcpy(&can_id, bytes, 4);
		if (!foxcap_filter_match(o->filters, o->n_filters, o->no_errors,
					 ntohl(can_id)))
			return;
	}
	c->received++;
	ts = (uint64_t)h->ts.tv_sec *
		     (ifc->tsresol == 9 ? 1000000000u : 1000000u) +
	     (uint64_t)h->ts.tv_usec;
	ret = pcapng_packet(&c->w, (uint32_t)(ifc - c->ifaces), ts, bytes,
			    h->caplen, h->len, PCAPNG_DIR_UNKNOWN);
	if (ret) {
		write_failed(c, ret);
		return;
	}
	c->dirty = true;
	if (c->live)
		live_record(c->live, (unsigned)(ifc - c->ifaces), ifc->name,
			    bytes, h->caplen,
			    ifc->tsresol == 9 ? ts : ts * 1000, now_ms());
	if (o->stop_count &&
	    c->written_closed + c->w.packets + c->w.buffered_packets >=
		    o->stop_count) {
		c->stop = true;
		return;
	}
	size = pcapng_size(&c->w);
	if (o->stop_filesize_kb && size >= o->stop_filesize_kb * 1000)
		c->stop = true;
	else if (o->ring_filesize_kb && size >= o->ring_filesize_kb * 1000)
		next_file(c);
}

/* Milliseconds until the next timed event. */
static int poll_timeout(const struct capture *c, uint64_t now)
{
	const struct foxcap_options *o = c->o;
	uint64_t next = now + 1000; /* live and sanity tick */

	if (c->last_flush_ms + o->flush_ms < next)
		next = c->last_flush_ms + o->flush_ms;
	if (o->ring_duration_s &&
	    c->file_start_ms + o->ring_duration_s * 1000ull < next)
		next = c->file_start_ms + o->ring_duration_s * 1000ull;
	if (o->stop_duration_s &&
	    c->start_ms + o->stop_duration_s * 1000ull < next)
		next = c->start_ms + o->stop_duration_s * 1000ull;
	return next > now ? (int)(next - now) : 0;
}

static void dispatch(struct capture *c, struct iface *ifc, short revents)
{
	int n = pcap_dispatch(ifc->pcap, -1, on_packet, (u_char *)ifc);

	if (n == PCAP_ERROR || (n >= 0 && (revents & (POLLERR | POLLHUP)))) {
		int state = iface_state(ifc->name);

		/* Deleting an interface takes it down first: give the kernel
		 * a moment to finish before calling it merely down. */
		for (int i = 0; state == -ENETDOWN && i < 50; i++) {
			const struct timespec tick = { 0, 10 * 1000000L };

			nanosleep(&tick, NULL);
			state = iface_state(ifc->name);
		}
		if (state)
			report_iface_state(c, ifc->name, state, "during");
		else if (n == PCAP_ERROR)
			fault(c, "capture on %s failed: %s", ifc->name,
			      pcap_geterr(ifc->pcap));
	}
}

/*
 * After SIGTERM or SIGINT: frames the kernel already has still belong to
 * the capture.  The block of its capture ring it is filling is handed over
 * only when its timer finds it unchanged for a whole period (so up to two
 * block timeouts late), and frames still queued in the network stack come
 * after that.  Read until the ring has stayed empty for three polls and two
 * block timeouts (on a starved machine the kernel's timer is as late as
 * ours), at most DRAIN_MAX_MS while frames keep coming.  Reading just once
 * lost the last 8 to 33 of 500 frames in the qemu test.
 */
#define DRAIN_MAX_MS 1000

static void drain_ring(struct capture *c, struct pollfd *fds,
		       const sigset_t *unblocked)
{
	const int period = ring_block_timeout_ms(c->o);
	uint64_t start = now_ms(), last_frame = start;
	int empty_polls = 0;

	while (!c->stop && now_ms() < start + DRAIN_MAX_MS) {
		struct timespec ts = { 0, period * 1000000L };
		int got = 0;

		ppoll(fds, c->n_ifaces, &ts, unblocked);
		for (unsigned i = 0; i < c->n_ifaces && !c->stop; i++) {
			int n = pcap_dispatch(c->ifaces[i].pcap, -1, on_packet,
					      (u_char *)&c->ifaces[i]);

			if (n > 0)
				got += n;
		}
		if (got) {
			last_frame = now_ms();
			empty_polls = 0;
		} else if (++empty_polls >= 3 &&
			   now_ms() >= last_frame + 2 * (uint64_t)period + 50) {
			break;
		}
	}
}

static void run(struct capture *c)
{
	const struct foxcap_options *o = c->o;
	struct pollfd fds[FOXCAP_MAX_IFACES];
	uint64_t last_tick = now_ms();
	sigset_t blocked, unblocked;

	sigemptyset(&blocked);
	sigaddset(&blocked, SIGINT);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGHUP);
	sigprocmask(SIG_BLOCK, &blocked, &unblocked);
	sigdelset(&unblocked, SIGINT);
	sigdelset(&unblocked, SIGTERM);
	sigdelset(&unblocked, SIGHUP);

	for (unsigned i = 0; i < c->n_ifaces; i++) {
		fds[i].fd = pcap_get_selectable_fd(c->ifaces[i].pcap);
		fds[i].events = POLLIN;
	}
	while (!c->stop) {
		uint64_t now = now_ms();
		int timeout = poll_timeout(c, now);
		struct timespec ts = { timeout / 1000,
				       (timeout % 1000) * 1000000L };
		int n = ppoll(fds, c->n_ifaces, &ts, &unblocked);

		if (n < 0 && errno != EINTR) {
			fault(c, "poll: %s", strerror(errno));
			break;
		}
		if (stop_signal)
			break;
		for (unsigned i = 0; i < c->n_ifaces && n > 0 && !c->stop; i++)
			if (fds[i].revents)
				dispatch(c, &c->ifaces[i], fds[i].revents);
		if (c->stop)
			break;
		now = now_ms();
		if (rotate_signal) {
			rotate_signal = 0;
			if (c->rotating) {
				next_file(c);
			} else {
				int ret = sync_file(c);

				if (ret)
					write_failed(c, ret);
			}
		}
		if (o->stop_duration_s &&
		    now >= c->start_ms + o->stop_duration_s * 1000ull)
			break;
		if (o->ring_duration_s &&
		    now >= c->file_start_ms + o->ring_duration_s * 1000ull)
			next_file(c);
		else if (now >= c->last_flush_ms + o->flush_ms) {
			int ret = sync_file(c);

			if (ret)
				write_failed(c, ret);
		}
		if (c->live && now >= last_tick + 1000) {
			live_tick(c->live, now);
			last_tick = now;
		}
	}
	if (stop_signal && c->status == FOXCAP_EXIT_OK)
		drain_ring(c, fds, &unblocked);
}

static void print_stats(struct capture *c)
{
	unsigned long long dropped = 0;
	bool stats_ok = true;

	for (unsigned i = 0; i < c->n_ifaces; i++) {
		struct pcap_stat st;

		if (c->ifaces[i].pcap &&
		    pcap_stats(c->ifaces[i].pcap, &st) == 0)
			dropped += st.ps_drop + st.ps_ifdrop;
		else
			stats_ok = false;
	}
	fprintf(stderr, "foxcap: %llu frames received, %llu written, ",
		(unsigned long long)c->received,
		(unsigned long long)c->written_closed);
	if (stats_ok)
		fprintf(stderr, "%llu dropped by the kernel\n", dropped);
	else
		fprintf(stderr, "kernel drop count unavailable\n");
}

int foxcap_capture(const struct foxcap_options *o)
{
	struct capture c = { .o = o, .fd = -1 };
	struct sigaction sa = { .sa_handler = on_stop_signal };
	struct sigaction sa_hup = { .sa_handler = on_rotate_signal };

	c.n_ifaces = o->n_ifaces;
	c.rotating = o->ring_filesize_kb || o->ring_duration_s;
	c.filtering = o->n_filters || o->no_errors;
	if (o->ring_files) {
		c.ring = calloc(o->ring_files, sizeof(*c.ring));
		if (!c.ring) {
			fputs("foxcap: out of memory\n", stderr);
			return FOXCAP_EXIT_FAULT;
		}
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&sa_hup.sa_mask);
	sigaction(SIGHUP, &sa_hup, NULL);
	/* a reader closing our pipe must not kill us mid-record */
	signal(SIGPIPE, SIG_IGN);

	for (unsigned i = 0; i < c.n_ifaces && !c.stop; i++) {
		c.ifaces[i].name = o->ifaces[i];
		c.ifaces[i].cap = &c;
		open_iface(&c, &c.ifaces[i]);
	}
	if (!c.stop)
		c.live = live_new(o->live, stdout);
	c.start_ms = now_ms();
	c.last_flush_ms = c.start_ms;
	if (!c.stop && open_file(&c) == 0) {
		if (!o->quiet)
			fprintf(stderr, "foxcap: capturing on %s%s to %s\n",
				o->ifaces[0], c.n_ifaces > 1 ? " and more" : "",
				c.rotating ? "numbered files" : c.path);
		run(&c);
		close_file(&c);
		if (stop_signal && !o->quiet)
			fprintf(stderr, "foxcap: stopped by %s\n",
				strsignal(stop_signal));
		print_stats(&c);
		if (c.live)
			live_verdict(c.live, now_ms() - c.start_ms, stderr);
	}
	for (unsigned i = 0; i < c.n_ifaces; i++)
		if (c.ifaces[i].pcap)
			pcap_close(c.ifaces[i].pcap);
	for (unsigned i = 0; i < c.ring_len; i++)
		free(c.ring[i]);
	free(c.ring);
	live_free(c.live);
	return c.status;
}
