/*
 * poll.c: poll_oneoff, WASI's one way to wait.
 *
 * A call subscribes to clock timeouts and to fds becoming readable or
 * writable, and returns the events that happened, at least one.  wasi-libc
 * builds sleep, nanosleep, usleep and poll on it.
 *
 * Every timeout becomes a deadline on the host's monotonic clock, so a
 * change of the wall clock doesn't stretch a relative sleep.  Regular
 * files and directories are always ready, as the spec says; other fds go
 * to poll(2).  With no fd to watch we sleep with nanosleep, which keeps
 * short sleeps short (poll counts in milliseconds, rounded up here so a
 * timeout never fires early).  A subscription that is wrong on its own (a
 * bad fd, a clock we can't wait on) is an event with an error, which ends
 * the wait at once like any other event.
 *
 * Subscriptions are copied out of linear memory before any event is
 * written, since a module may pass overlapping arrays.  Their number is
 * capped at MAX_SUBSCRIPTIONS (EINVAL beyond, as poll(2) refuses more fds
 * than a process may have): far more than any program waits on, and it
 * bounds what a call can make the host allocate.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define MAX_SUBSCRIPTIONS 65536

enum { /* $eventtype */
	EVENT_CLOCK = 0,
	EVENT_FD_READ = 1,
	EVENT_FD_WRITE = 2,
};

#define SUBCLOCK_ABSTIME 1
#define EVENT_FD_READWRITE_HANGUP 1

typedef struct sub {
	uint64_t userdata;
	uint8_t type;
	bool fired;
	uint16_t error;
	uint64_t deadline;  /* clock: monotonic ns */
	int poll_index;     /* fd: index into the pollfd array, or -1 */
	wasi_fd *fd;        /* held until the call returns, or NULL */
	int host;
	uint64_t nbytes;
	uint16_t rwflags;
} sub;

static uint64_t now_ns(void)
{
	uint64_t t = 0;
	wasi_clock_now(WASI_CLOCK_MONOTONIC, &t);
	return t;
}

/* Reads a clock subscription: a deadline, or an error event. */
static void setup_clock(sub *s, const uint8_t *p, uint64_t now)
{
	uint32_t id = wasi_ld32(p + 16);
	uint64_t timeout = wasi_ld64(p + 24), left = timeout, t;
	uint16_t flags = wasi_ld16(p + 40);

	if (flags & ~SUBCLOCK_ABSTIME || id > WASI_CLOCK_THREAD_CPUTIME) {
		s->fired = true;
		s->error = WASI_EINVAL;
		return;
	}
	if (flags & SUBCLOCK_ABSTIME) {
		if (wasi_clock_now(id, &t)) {
			s->fired = true;
			s->error = WASI_EINVAL;
			return;
		}
		left = timeout > t ? timeout - t : 0;
	}
	/* A sleeping program uses no CPU time, so waiting for a CPU-time
	 * clock could never end; only one already reached can fire. */
	if (left && id >= WASI_CLOCK_PROCESS_CPUTIME) {
		s->fired = true;
		s->error = WASI_ENOTSUP;
		return;
	}
	s->deadline = left > UINT64_MAX - now ? UINT64_MAX : now + left;
	if (left == 0)
		s->fired = true;
}

/* Readiness of a regular file: reading can go to the end. */
static void file_ready(sub *s, const wasi_fd *e)
{
	struct stat st;
	off_t at;

	s->fired = true;
	if (s->type == EVENT_FD_READ && e->type == WASI_FILETYPE_REGULAR_FILE &&
	    fstat(e->host, &st) == 0 && (at = lseek(e->host, 0, SEEK_CUR)) >= 0 &&
	    st.st_size > at)
		s->nbytes = (uint64_t)(st.st_size - at);
}

/* What poll(2) said about an fd subscription. */
static void fd_event(sub *s, const struct pollfd *pfds)
{
	short rev;
	int avail;

	if (s->poll_index < 0 || s->fired)
		return;
	rev = pfds[s->poll_index].revents;
	if (!rev)
		return;
	s->fired = true;
	if (rev & POLLNVAL)
		s->error = WASI_EBADF;
	else if ((rev & POLLERR) && !(rev & (POLLIN | POLLOUT)))
		s->error = WASI_EIO;
	if (rev & POLLHUP)
		s->rwflags |= EVENT_FD_READWRITE_HANGUP;
	if (s->type == EVENT_FD_READ && ioctl(s->host, FIONREAD, &avail) == 0 &&
	    avail > 0)
		s->nbytes = (uint64_t)avail;
}

static uint32_t poll_oneoff(void *ctx, uint32_t in, uint32_t out,
                            uint32_t nsubs, uint32_t nevents_ptr)
{
	w2c_wasi *w = ctx;
	struct pollfd *pfds = NULL;
	sub *subs;
	uint64_t now;
	uint32_t i, nevents = 0;
	int npoll = 0;
	bool any = false;
	uint16_t r = WASI_ESUCCESS;

	if (nsubs == 0 || nsubs > MAX_SUBSCRIPTIONS)
		return WASI_EINVAL;
	if (!wasi_in_bounds(w, in, (uint64_t)nsubs * 48) ||
	    !wasi_in_bounds(w, out, (uint64_t)nsubs * 32) ||
	    !wasi_in_bounds(w, nevents_ptr, 4))
		return WASI_EFAULT;
	subs = calloc(nsubs, sizeof *subs);
	pfds = calloc(nsubs, sizeof *pfds);
	if (!subs || !pfds) {
		free(subs);
		free(pfds);
		return WASI_ENOMEM;
	}

	/* $subscription: userdata u64, tag u8 at 8, then at 16 either a
	 * clock (id u32, timeout u64 at 24, precision u64 at 32, flags u16
	 * at 40) or an fd (u32). */
	now = now_ns();
	for (i = 0; i < nsubs; i++) {
		const uint8_t *p = wasi_mem(w, in + 48 * i);
		sub *s = &subs[i];
		wasi_fd *e;
		uint64_t right;

		s->userdata = wasi_ld64(p);
		s->type = p[8];
		s->poll_index = -1;
		switch (s->type) {
		case EVENT_CLOCK:
			setup_clock(s, p, now);
			break;
		case EVENT_FD_READ:
		case EVENT_FD_WRITE:
			right = s->type == EVENT_FD_READ ? WASI_RIGHT_FD_READ
			                                 : WASI_RIGHT_FD_WRITE;
			if ((s->error = wasi_fd_acquire(w, wasi_ld32(p + 16),
			                                right | WASI_RIGHT_POLL_FD_READWRITE,
			                                &e))) {
				s->fired = true;
				break;
			}
			s->fd = e;
			if (e->type == WASI_FILETYPE_REGULAR_FILE ||
			    e->type == WASI_FILETYPE_DIRECTORY) {
				file_ready(s, e);
			} else {
				s->host = e->host;
				s->poll_index = npoll;
				pfds[npoll].fd = e->host;
				pfds[npoll].events = s->type == EVENT_FD_READ ? POLLIN : POLLOUT;
				npoll++;
			}
			break;
		default:
			r = WASI_EINVAL;
			goto done;
		}
		any |= s->fired;
	}

	/* Wait until something fires; if something already has, only look
	 * (timeout 0) for more that is ready. */
	for (;;) {
		uint64_t deadline = UINT64_MAX, wait;
		bool pending = npoll > 0;

		for (i = 0; i < nsubs; i++)
			if (subs[i].type == EVENT_CLOCK && !subs[i].fired) {
				pending = true;
				if (subs[i].deadline < deadline)
					deadline = subs[i].deadline;
			}
		if (!pending)
			break;
		now = now_ns();
		wait = any ? 0 : deadline > now ? deadline - now : 0;
		if (npoll > 0) {
			int ms, n;

			if (!any && deadline == UINT64_MAX)
				ms = -1;
			else if (wait > (uint64_t)INT32_MAX * 1000000u)
				ms = INT32_MAX;
			else
				ms = (int)((wait + 999999u) / 1000000u);
			n = poll(pfds, (nfds_t)npoll, ms);
			if (n < 0 && errno != EINTR && errno != EAGAIN) {
				r = wasi_errno(errno);
				goto done;
			}
			for (i = 0; n > 0 && i < nsubs; i++)
				fd_event(&subs[i], pfds);
		} else if (wait > 0) {
			struct timespec ts;
			uint64_t sec = wait / 1000000000u;

			/* A very long sleep just goes round the loop again. */
			ts.tv_sec = (time_t)(sec > INT32_MAX ? INT32_MAX : sec);
			ts.tv_nsec = (long)(wait % 1000000000u);
			nanosleep(&ts, NULL);
		}
		now = now_ns();
		for (i = 0; i < nsubs; i++) {
			if (subs[i].type == EVENT_CLOCK && !subs[i].fired &&
			    subs[i].deadline <= now)
				subs[i].fired = true;
			any |= subs[i].fired;
		}
		if (any)
			break;
	}

	/* $event: userdata u64, error u16 at 8, type u8 at 10, then at 16
	 * nbytes u64 and flags u16 (fd events only), 32 bytes in all. */
	for (i = 0; i < nsubs; i++) {
		const sub *s = &subs[i];
		uint8_t *p;

		if (!s->fired)
			continue;
		p = wasi_mem(w, out + 32 * nevents);
		memset(p, 0, 32);
		wasi_st64(p, s->userdata);
		wasi_st16(p + 8, s->error);
		p[10] = s->type;
		if (s->type != EVENT_CLOCK) {
			wasi_st64(p + 16, s->nbytes);
			wasi_st16(p + 24, s->rwflags);
		}
		nevents++;
	}
	wasi_put32(w, nevents_ptr, nevents);
done:
	for (i = 0; i < nsubs; i++)
		if (subs[i].fd)
			wasi_fd_release(w, subs[i].fd);
	free(subs);
	free(pfds);
	return r;
}

const wasi_func wasi_poll_funcs[] = {
	{ "poll_oneoff", "i32 i32 i32 i32 -> i32", (w2c_fnptr)poll_oneoff },
};
const size_t wasi_poll_nfuncs = sizeof wasi_poll_funcs / sizeof wasi_poll_funcs[0];
