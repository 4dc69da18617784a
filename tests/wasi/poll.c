/*
 * poll.c: poll_oneoff by hand: clock subscriptions (relative, absolute,
 * on every clock), fd readiness, events with errors, overlapping arrays;
 * and poll() on files through wasi-libc.
 *
 * wasi-test: no-native calls WASI directly
 * wasi-test: no-node node's WASI never wakes from an absolute monotonic
 * wasi-test: no-node deadline (the run times out)
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wasi_raw.h"

static unsigned char subs[8][48], events[8][32];
static int nsubs;

static void st64(unsigned char *p, unsigned long long v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> 8 * i);
}

static unsigned long long ld64(const unsigned char *p)
{
	unsigned long long v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void clock_sub(unsigned long long userdata, i32 id, unsigned long long timeout,
                      int abstime)
{
	unsigned char *s = subs[nsubs++];
	memset(s, 0, 48);
	st64(s, userdata);
	s[8] = 0;
	s[16] = (unsigned char)id;
	st64(s + 24, timeout);
	s[40] = (unsigned char)abstime;
}

static void fd_sub(unsigned long long userdata, int type, i32 fd)
{
	unsigned char *s = subs[nsubs++];
	memset(s, 0, 48);
	st64(s, userdata);
	s[8] = (unsigned char)type;
	s[16] = (unsigned char)fd;
}

static unsigned long long now(i32 id)
{
	unsigned long long t = 0;
	raw_clock_time_get(id, 1, P(&t));
	return t;
}

/* Polls what was subscribed and prints the events and how long it took,
 * in whole multiples of 10 ms at least `min_ms` (or "fast"). */
static void run(const char *what, unsigned min_ms)
{
	unsigned long long start = now(1), ms;
	i32 n = 0, r = raw_poll_oneoff(P(subs), P(events), nsubs, P(&n));

	ms = (now(1) - start) / 1000000;
	printf("%s: %s, %d event%s, %s\n", what, wasi_err(r), n, n == 1 ? "" : "s",
	       ms < min_ms ? "too early" : ms > min_ms + 1500 ? "too late" : "in time");
	for (i32 i = 0; r == 0 && i < n; i++)
		printf("  userdata %llu, error %s, type %d, nbytes %llu, flags %d\n",
		       ld64(events[i]), wasi_err(events[i][8] | events[i][9] << 8),
		       events[i][10], ld64(events[i] + 16), events[i][24]);
	nsubs = 0;
}

int main(void)
{
	i32 file = -1, out;
	i32 iov[2] = { P("0123456789"), 10 };
	struct pollfd pfd[2];
	unsigned long long t;

	raw_path_open(3, 0, S("f"), 1, 0x3fffffffll & ~(1ll << 14), 0, 0, P(&file));
	raw_fd_write(file, P(iov), 1, P(&out));
	raw_fd_seek(file, 3, 0, P(&t));

	clock_sub(1, 1, 30000000, 0);
	clock_sub(2, 1, 5000000000ull, 0);
	run("30 ms or 5 s, relative, monotonic", 30);
	clock_sub(3, 0, 20000000, 0);
	run("20 ms relative, realtime", 20);
	clock_sub(4, 1, now(1) + 40000000, 1);
	run("40 ms from now, absolute, monotonic", 40);
	clock_sub(5, 0, now(0) - 1000000000, 1);
	run("a second ago, absolute, realtime", 0);
	clock_sub(6, 0, 0, 0);
	run("zero timeout", 0);
	clock_sub(7, 2, 1000000000, 0);
	run("1 s of process CPU time", 0);
	clock_sub(8, 3, 0, 1);
	run("thread CPU time already reached", 0);
	clock_sub(9, 9, 1000, 0);
	run("unknown clock", 0);
	clock_sub(10, 1, 1000, 0);
	subs[0][40] = 2;
	run("unknown clock flag", 0);

	fd_sub(11, 1, file);
	clock_sub(12, 1, 5000000000ull, 0);
	run("reading a file, or 5 s", 0);
	fd_sub(13, 2, file);
	run("writing a file", 0);
	fd_sub(14, 2, 1);
	run("writing stdout", 0);
	fd_sub(15, 1, 0);
	run("reading stdin (/dev/null)", 0);
	fd_sub(16, 1, 99);
	clock_sub(17, 1, 5000000000ull, 0);
	run("reading fd 99, or 5 s", 0);
	fd_sub(18, 1, 3);
	run("reading the preopened directory", 0);
	fd_sub(19, 7, 1);
	run("event type 7", 0);

	/* The same array for subscriptions and events. */
	clock_sub(20, 1, 10000000, 0);
	clock_sub(21, 1, 10000000, 0);
	{
		i32 n = 0, r = raw_poll_oneoff(P(subs), P(subs), 2, P(&n));
		printf("overlapping arrays: %s, %d events, userdata %llu %llu\n", wasi_err(r),
		       n, ld64(subs[0]), ld64(subs[0] + 32));
		nsubs = 0;
	}
	printf("sched_yield: %s\n", wasi_err(raw_sched_yield()));

	pfd[0].fd = open("f", O_RDONLY);
	pfd[0].events = POLLIN;
	pfd[1].fd = 1;
	pfd[1].events = POLLOUT;
	printf("poll() on a file and stdout: %d, revents %d %d\n", poll(pfd, 2, 1000),
	       pfd[0].revents, pfd[1].revents);
	return 0;
}
