/* thr_fds.c: threads sharing one WASI descriptor table (docs/threads.md).
 * While a writer prints to stdout in a loop, 3 workers each open a file,
 * write it, renumber it to a high fd of their own (growing the table),
 * read it back and close it, and list the sandbox; a chaos thread opens
 * files and directories, renumbers them onto fds 40-59 and far beyond
 * (so the table grows again and again) and closes them, while a racer
 * uses those same fds: read, write, stat, readdir, poll, path_open.  The
 * workers' files must read back as written, the racer may only see
 * success or a descriptor gone or changed (EBADF, ENOTDIR, ENOTCAPABLE,
 * EISDIR), and afterwards the table must be whole: the next open gets
 * fd 4.  All the while a sleeper sits in poll_oneoff for an hour: a
 * blocked call must hold up no other (the program ends without it).
 * wasi-test: threads
 */
#include "wasi_threads.h"
#include "wasi_raw.h"

#define WORKERS 3
#define ITERS 300
#define CHAOS_ITERS 2000
#define DOTS 2000
#define RACE_LO 40
#define RACE_N 20

enum { ESUCCESS = 0, EBADF = 8, EISDIR = 31, ENOTDIR = 54, ENOTCAPABLE = 76 };
enum { OFLAG_CREAT = 1, OFLAG_DIRECTORY = 2, OFLAG_TRUNC = 8 };
#define ALL_RIGHTS ((int64_t)0x3fffffff)
/* without the rights that make path_open ask for write access */
#define DIR_RIGHTS (ALL_RIGHTS & ~(int64_t)(1 << 0 | 1 << 6 | 1 << 8 | 1 << 22))

static struct wt_thread th[WORKERS + 4];
static char stacks[WORKERS + 4][16384];
static int32_t running;          /* workers and chaos still going */
static int32_t chaos_done;
static int32_t racer_started;
static int32_t sleeping;

struct iov { const void *p; uint32_t n; };

static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 16;
}

/* "w<k>" as a path. */
static void name_of(char *buf, int k)
{
	buf[0] = 'w';
	buf[1] = (char)('0' + k);
	buf[2] = '\0';
}

static int same(const char *a, const char *b, uint32_t n)
{
	while (n--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

static uint32_t fmt(char *buf, int k, int i)
{
	uint32_t n = 0;
	char tmp[12];
	int t = 0;

	buf[n++] = (char)('0' + k);
	buf[n++] = ':';
	do
		tmp[t++] = (char)('0' + i % 10);
	while (i /= 10);
	while (t)
		buf[n++] = tmp[--t];
	buf[n++] = '\n';
	return n;
}

static void worker(struct wt_thread *t)
{
	char name[4], want[16], got[32], list[512];
	int k = t->arg, i, bad = 0;

	name_of(name, k);
	for (i = 0; i < ITERS; i++) {
		int32_t fd, used, n, to = 64 + 16 * k + i % 16;
		int64_t pos;
		uint32_t len = fmt(want, k, i);
		struct iov v = { want, len }, r = { got, sizeof got };

		if (raw_path_open(3, 0, P(name), 2, OFLAG_CREAT | OFLAG_TRUNC, ALL_RIGHTS,
		                  ALL_RIGHTS, 0, P(&fd)) ||
		    raw_fd_write(fd, P(&v), 1, P(&n)) || n != (int32_t)len ||
		    raw_fd_renumber(fd, to) ||
		    raw_fd_seek(to, 0, 0, P(&pos)) || pos != 0 ||
		    raw_fd_read(to, P(&r), 1, P(&n)) || n != (int32_t)len ||
		    !same(got, want, len) || raw_fd_close(to))
			bad++;
		if (i % 16 == 0 &&
		    (raw_fd_readdir(3, P(list), sizeof list, 0, P(&used)) || used <= 0))
			bad++;
	}
	raw_path_unlink_file(3, P(name), 2);
	t->result = bad;
	__atomic_fetch_sub(&running, 1, __ATOMIC_SEQ_CST);
}

/* Opens "chaos" or the sandbox itself and moves it to a racer's fd (or
 * far out, then closes it); closes racer fds at random. */
static void chaos(struct wt_thread *t)
{
	uint32_t seed = 7;
	int i;

	/* not before the racer is there to race */
	while (!__atomic_load_n(&racer_started, __ATOMIC_SEQ_CST))
		__builtin_wasm_memory_atomic_wait32(&racer_started, 0, -1);
	for (i = 0; i < CHAOS_ITERS; i++) {
		int32_t fd, to = RACE_LO + (int32_t)(rnd(&seed) % RACE_N);
		int dir = rnd(&seed) & 1;

		if (raw_path_open(3, 0, dir ? P(".") : P("chaos"), dir ? 1 : 5,
		                  dir ? OFLAG_DIRECTORY : OFLAG_CREAT,
		                  dir ? DIR_RIGHTS : ALL_RIGHTS,
		                  ALL_RIGHTS, 0, P(&fd)))
			t->result++;
		else if (i % 100 == 50) {
			/* far beyond: the table grows under the others' feet */
			if (raw_fd_renumber(fd, 200 + 2 * i) || raw_fd_close(200 + 2 * i))
				t->result++;
		} else if (raw_fd_renumber(fd, to))
			t->result++;
		if (rnd(&seed) % 3 == 0)
			raw_fd_close(RACE_LO + (int32_t)(rnd(&seed) % RACE_N));
	}
	__atomic_store_n(&chaos_done, 1, __ATOMIC_SEQ_CST);
	__atomic_fetch_sub(&running, 1, __ATOMIC_SEQ_CST);
}

static int racy_ok(int32_t e)
{
	return e == ESUCCESS || e == EBADF || e == ENOTDIR || e == ENOTCAPABLE ||
	       e == EISDIR;
}

/* Uses the fds chaos closes and renumbers under it. */
static void racer(struct wt_thread *t)
{
	static char buf[256];
	static uint8_t subs[2][48], events[2][32];
	uint32_t seed = 11;

	__atomic_store_n(&racer_started, 1, __ATOMIC_SEQ_CST);
	__builtin_wasm_memory_atomic_notify(&racer_started, 1);
	while (!__atomic_load_n(&chaos_done, __ATOMIC_SEQ_CST)) {
		int32_t fd = RACE_LO + (int32_t)(rnd(&seed) % RACE_N), n, nfd, e;
		struct iov v = { buf, sizeof buf };
		int64_t pos;

		switch (rnd(&seed) % 7) {
		case 0:
			e = raw_fd_read(fd, P(&v), 1, P(&n));
			break;
		case 1:
			e = raw_fd_write(fd, P(&v), 1, P(&n));
			break;
		case 2:
			e = raw_fd_filestat_get(fd, P(buf));
			break;
		case 3:
			e = raw_fd_readdir(fd, P(buf), sizeof buf, 0, P(&n));
			break;
		case 4:
			e = raw_fd_seek(fd, 0, 2, P(&pos));
			break;
		case 5:
			/* an fd_read subscription and a timeout of 0 */
			__builtin_memset(subs, 0, sizeof subs);
			subs[0][8] = 1;
			subs[0][16] = (uint8_t)fd;
			subs[1][8] = 0;
			subs[1][16] = 1; /* monotonic */
			e = raw_poll_oneoff(P(subs), P(events), 2, P(&n));
			break;
		default:
			e = raw_path_open(fd, 0, S("chaos"), 0, ALL_RIGHTS, 0, 0, P(&nfd));
			if (!e)
				raw_fd_close(nfd);
			break;
		}
		if (!racy_ok(e))
			t->result++;
		else if (e == ESUCCESS)
			t->result |= (int64_t)1 << 32; /* it met a live one */
	}
}

static void sleeper(struct wt_thread *t)
{
	uint8_t sub[48] = { 0 }, event[32];
	uint64_t ns = 3600000000000ull; /* an hour */
	int32_t n, i;

	sub[16] = 1; /* monotonic */
	for (i = 0; i < 8; i++)
		sub[24 + i] = (uint8_t)(ns >> 8 * i);
	__atomic_store_n(&sleeping, 1, __ATOMIC_SEQ_CST);
	__builtin_wasm_memory_atomic_notify(&sleeping, 1);
	raw_poll_oneoff(P(sub), P(event), 1, P(&n));
	t->result = 1; /* never */
}

/* Dots to stdout, 50 a line, then empty writes until the others are
 * done: fd 1 in use all along. */
static void writer(struct wt_thread *t)
{
	struct iov dot = { ".", 1 }, nl = { "\n", 1 }, none = { "", 0 };
	int32_t n;
	int i;

	for (i = 1; i <= DOTS; i++)
		if (raw_fd_write(1, P(&dot), 1, P(&n)) || n != 1 ||
		    (i % 50 == 0 && raw_fd_write(1, P(&nl), 1, P(&n))))
			t->result++;
	while (__atomic_load_n(&running, __ATOMIC_SEQ_CST))
		if (raw_fd_write(1, P(&none), 1, P(&n)) || n != 0)
			t->result++;
}

void _start(void)
{
	struct iov none = { "", 0 };
	int32_t fd, i;
	int64_t bad = 0;

	/* there from the start, for the racer's path_open */
	if (raw_path_open(3, 0, S("chaos"), OFLAG_CREAT, ALL_RIGHTS, 0, 0, P(&fd)) ||
	    raw_fd_close(fd))
		wt_exit(2);
	if (wt_start(&th[WORKERS + 3], sleeper, stacks[WORKERS + 3], sizeof stacks[0]) <= 0)
		wt_exit(1);
	while (!__atomic_load_n(&sleeping, __ATOMIC_SEQ_CST))
		__builtin_wasm_memory_atomic_wait32(&sleeping, 0, -1);
	running = WORKERS + 1;
	for (i = 0; i < WORKERS; i++) {
		th[i].arg = i;
		if (wt_start(&th[i], worker, stacks[i], sizeof stacks[i]) <= 0)
			wt_exit(1);
	}
	if (wt_start(&th[WORKERS], chaos, stacks[WORKERS], sizeof stacks[0]) <= 0 ||
	    wt_start(&th[WORKERS + 1], racer, stacks[WORKERS + 1], sizeof stacks[0]) <= 0 ||
	    wt_start(&th[WORKERS + 2], writer, stacks[WORKERS + 2], sizeof stacks[0]) <= 0)
		wt_exit(1);
	for (i = 0; i < WORKERS + 3; i++)
		wt_join(&th[i]);
	for (i = 0; i < WORKERS; i++)
		bad += th[i].result;
	wt_puts("workers' errors: ");
	wt_putu((uint64_t)bad);
	wt_puts("chaos errors: ");
	wt_putu((uint64_t)th[WORKERS].result);
	wt_puts("racer's unexpected errors: ");
	wt_putu((uint64_t)th[WORKERS + 1].result & 0xffffffff);
	wt_puts("racer met live fds: ");
	wt_putu((uint64_t)th[WORKERS + 1].result >> 32);
	wt_puts("writer errors: ");
	wt_putu((uint64_t)th[WORKERS + 2].result);
	/* what chaos left open, then the table must be as at the start */
	for (i = RACE_LO; i < RACE_LO + RACE_N; i++)
		raw_fd_close(i);
	wt_puts("stdio still open: ");
	wt_putu((uint64_t)(raw_fd_write(1, P(&none), 1, P(&fd)) == 0 &&
	                   raw_fd_write(2, P(&none), 1, P(&fd)) == 0));
	wt_puts("next fd: ");
	if (raw_path_open(3, 0, S("chaos"), 0, ALL_RIGHTS, 0, 0, P(&fd)))
		wt_exit(2);
	wt_putu((uint64_t)fd);
	raw_fd_close(fd);
	raw_path_unlink_file(3, S("chaos"));
}
