/*
 * clocks.c: the four clocks, their resolutions, and sleeping through
 * poll_oneoff (nanosleep, usleep, sleep, clock_nanosleep, poll with no
 * descriptors), each measured on the monotonic clock.
 *
 * wasi-test: no-node node's poll_oneoff sleeps on a libuv timer, which counts
 * wasi-test: no-node whole milliseconds of a cached loop time and so may wake up
 * wasi-test: no-node to a millisecond early ("too short" on a loaded machine)
 */
#include <poll.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t c)
{
	struct timespec ts;
	if (clock_gettime(c, &ts) < 0)
		return -1;
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Whether a sleep of `want` ms took at least that long and not absurdly
 * longer. */
static const char *took(long long start, long long want_ms)
{
	long long ms = (ns(CLOCK_MONOTONIC) - start) / 1000000;
	return ms < want_ms ? "too short" : ms > want_ms + 2000 ? "too long" : "OK";
}

int main(void)
{
	static const struct {
		const char *name;
		clockid_t id;
	} clocks[] = {
		{ "CLOCK_REALTIME", CLOCK_REALTIME },
		{ "CLOCK_MONOTONIC", CLOCK_MONOTONIC },
		{ "CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID },
		{ "CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID },
	};
	struct timespec res, req;
	struct timeval tv;
	volatile unsigned long sink = 0;
	long long start, a, b;
	unsigned i;
	int r;

	for (i = 0; i < 4; i++) {
		int ok = clock_getres(clocks[i].id, &res) == 0;
		printf("%s: resolution %s", clocks[i].name,
		       ok && (res.tv_sec || res.tv_nsec) && res.tv_sec < 1 ? "OK" : "bad");
		a = ns(clocks[i].id);
		for (unsigned long k = 0; k < 20000000; k++)
			sink += k;
		b = ns(clocks[i].id);
		printf(", advances %s\n", a >= 0 && b > a ? "OK" : "bad");
	}
	/* The wall clock is after 2020 and agrees with gettimeofday and time. */
	a = ns(CLOCK_REALTIME);
	gettimeofday(&tv, NULL);
	printf("realtime after 2020: %d\n", a / 1000000000 > 1577836800LL);
	printf("gettimeofday agrees: %d\n", tv.tv_sec - a / 1000000000 < 5);
	printf("time agrees: %d\n", time(NULL) - a / 1000000000 < 5);

	req.tv_sec = 0;
	req.tv_nsec = 50000000;
	start = ns(CLOCK_MONOTONIC);
	r = nanosleep(&req, NULL);
	printf("nanosleep 50ms: %d, %s\n", r, took(start, 50));
	start = ns(CLOCK_MONOTONIC);
	r = usleep(20000);
	printf("usleep 20ms: %d, %s\n", r, took(start, 20));
	start = ns(CLOCK_MONOTONIC);
	r = (int)sleep(1);
	printf("sleep 1s: %d, %s\n", r, took(start, 1000));
	req.tv_nsec = 30000000;
	start = ns(CLOCK_MONOTONIC);
	r = clock_nanosleep(CLOCK_REALTIME, 0, &req, NULL);
	printf("clock_nanosleep 30ms: %d, %s\n", r, took(start, 30));
	start = ns(CLOCK_MONOTONIC);
	r = poll(NULL, 0, 40);
	printf("poll no fds 40ms: %d, %s\n", r, took(start, 40));
	req.tv_nsec = 0;
	start = ns(CLOCK_MONOTONIC);
	r = nanosleep(&req, NULL);
	printf("nanosleep 0: %d, %s\n", r, took(start, 0));
	printf("sink is %s\n", sink ? "set" : "unset");
	return 0;
}
