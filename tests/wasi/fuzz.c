/*
 * fuzz.c: tens of thousands of WASI calls with random arguments.  Every
 * pointer, length, fd, flag and offset is drawn from values that matter
 * (inside a scratch area, just inside and past the end of memory, huge,
 * zero), and the scratch area itself is refilled with such values, so
 * iovecs and other structures in it are hostile too.  Paths come from a
 * page of text made of "a", "b", ".", "/" and the odd NUL, so that they
 * often name something: files get made, linked, renamed and removed.
 * The host must neither crash nor leak outside the sandbox (run_tests.py
 * checks that); in a sanitizer build any bad access in it aborts the run.
 *
 * poll_oneoff is left out (a random clock subscription may legitimately
 * sleep for centuries; hostile.c and poll.c cover it), as are proc_exit,
 * fd_allocate (it may really reserve gigabytes) and terminating signals.
 * Destructive calls never touch fds 1, 2 and 3, so the output and the
 * preopen survive, and more directory fds are opened as others get lost.
 *
 * wasi-test: no-native calls WASI directly
 * wasi-test: no-node node's WASI hangs or fails on hostile arguments
 * wasi-test: no-node (see hostile.c)
 */
#include <stdio.h>
#include <string.h>

#include "wasi_raw.h"

#define CALLS 40000
#define PAGES 2

/* The scratch area [lo, hi), its last page text; memory's end. */
static uint32_t lo, hi, text, end;
static uint64_t state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (uint32_t)(state >> 16);
}

/* A pointer: in the scratch area, at its end, past memory, or wrapping. */
static i32 ptr(void)
{
	switch (rnd() % 8) {
	case 0: return (i32)(end - rnd() % 16);
	case 1: return (i32)(end + rnd() % 64);
	case 2: return (i32)(0xffffffffu - rnd() % 64);
	case 3: return (i32)hi;
	default: return (i32)(lo + rnd() % (hi - lo));
	}
}

/* A length or count: small, page-ish, or huge. */
static i32 len(void)
{
	switch (rnd() % 6) {
	case 0: return 0;
	case 1: return (i32)(rnd() % 65536);
	case 2: return (i32)(0x80000000u + rnd() % 16);
	case 3: return -1;
	default: return (i32)(rnd() % 40);
	}
}

/* A path: somewhere in the text page, a few bytes long; at times a bad
 * pointer instead. */
static i32 path(void)
{
	return rnd() % 16 ? (i32)(text + rnd() % 4000) : ptr();
}

static i32 plen(void)
{
	return rnd() % 16 ? (i32)(1 + rnd() % 12) : len();
}

/* Any fd, mostly open ones; `safe`: not stdout, stderr or the preopen. */
static i32 fd(int safe)
{
	i32 f;
	switch (rnd() % 8) {
	case 0: f = (i32)rnd(); break;
	case 1: f = -1; break;
	case 2: f = (i32)(rnd() % 32); break;
	default: f = (i32)(rnd() % 12); break;
	}
	return safe && f >= 1 && f <= 3 ? 4 + (i32)(rnd() % 8) : f;
}

static i64 wide(void)
{
	switch (rnd() % 5) {
	case 0: return 0;
	case 1: return (i64)rnd();
	case 2: return -1;
	case 3: return (i64)((uint64_t)rnd() << 32 | rnd());
	default: return (i64)(rnd() % 100);
	}
}

/* Flags: a few low bits, or anything. */
static i32 flags(void)
{
	return rnd() % 4 ? (i32)(rnd() % 32) : (i32)rnd();
}

/* The scratch area holds words that are pointers, lengths or text, and
 * then a page of path text. */
static void refill(void)
{
	static const char alphabet[] = "aaabbb....////";
	uint32_t at;

	for (at = text; at < hi; at++)
		*(char *)(uintptr_t)at = rnd() % 64 ? alphabet[rnd() % 14] : '\0';
	for (at = lo; at + 4 <= text; at += 4) {
		uint32_t v;
		switch (rnd() % 4) {
		case 0: v = (uint32_t)ptr(); break;
		case 1: v = (uint32_t)len(); break;
		case 2: v = 0x2f2e2e2f; break;             /* "/../" */
		default: v = 0x61626364 + rnd() % 4; break; /* letters */
		}
		memcpy((void *)(uintptr_t)at, &v, 4);
	}
}

int main(void)
{
	static const i32 quiet[] = { 0, 13, 16, 17, 18, 19, 20, 21, 22, 27, 31, 99 };
	unsigned i;
	i32 dir;

	lo = (uint32_t)__builtin_wasm_memory_grow(0, PAGES) * 65536;
	hi = lo + PAGES * 65536;
	text = hi - 65536;
	end = hi;
	for (i = 0; i < CALLS; i++) {
		if (i % 64 == 0) {
			/* Directory fds to work in, as the fuzz closes them. */
			refill();
			raw_path_open(3, 0, P("."), 1, 2, 0x3fffffffll & ~(1ll << 1 | 1ll << 6), -1,
			              0, P(&dir));
		}
		switch (rnd() % 43) {
		case 0: raw_args_get(ptr(), ptr()); break;
		case 1: raw_args_sizes_get(ptr(), ptr()); break;
		case 2: raw_environ_get(ptr(), ptr()); break;
		case 3: raw_environ_sizes_get(ptr(), ptr()); break;
		case 4: raw_clock_res_get(flags(), ptr()); break;
		case 5: raw_clock_time_get(flags(), wide(), ptr()); break;
		case 6: raw_fd_advise(fd(0), wide(), wide(), flags()); break;
		case 7: raw_fd_close(fd(1)); break;
		case 8: raw_fd_datasync(fd(0)); break;
		case 9: raw_fd_fdstat_get(fd(0), ptr()); break;
		case 10: raw_fd_fdstat_set_flags(fd(1), flags()); break;
		case 11: raw_fd_fdstat_set_rights(fd(1), wide(), wide()); break;
		case 12: raw_fd_filestat_get(fd(0), ptr()); break;
		case 13: raw_fd_filestat_set_size(fd(1), wide() & 0xffffff); break;
		case 14: raw_fd_filestat_set_times(fd(1), wide(), wide(), flags()); break;
		case 15: raw_fd_pread(fd(0), ptr(), len(), wide(), ptr()); break;
		case 16: raw_fd_prestat_get(fd(0), ptr()); break;
		case 17: raw_fd_prestat_dir_name(fd(0), ptr(), len()); break;
		case 18: raw_fd_pwrite(fd(1), ptr(), len(), wide() & 0xffffff, ptr()); break;
		case 19: raw_fd_read(fd(1), ptr(), len(), ptr()); break;
		case 20: raw_fd_readdir(fd(0), ptr(), len(), wide(), ptr()); break;
		case 21: raw_fd_renumber(fd(1), fd(1)); break;
		case 22: raw_fd_seek(fd(1), wide(), flags(), ptr()); break;
		case 23: raw_fd_sync(fd(0)); break;
		case 24: raw_fd_tell(fd(0), ptr()); break;
		case 25: raw_fd_write(fd(1), ptr(), len(), ptr()); break;
		case 26: raw_path_create_directory(fd(0), path(), plen()); break;
		case 27: raw_path_filestat_get(fd(0), flags(), path(), plen(), ptr()); break;
		case 28: raw_path_filestat_set_times(fd(0), flags(), path(), plen(), wide(), wide(),
		                                     flags());
			break;
		case 29: raw_path_link(fd(0), flags(), path(), plen(), fd(0), path(), plen()); break;
		case 30: raw_path_open(fd(0), flags(), path(), plen(), flags(), wide(), wide(),
		                       flags() & ~4, ptr());
			break;
		case 31: raw_path_readlink(fd(0), path(), plen(), ptr(), len(), ptr()); break;
		case 32: raw_path_remove_directory(fd(0), path(), plen()); break;
		case 33: raw_path_rename(fd(0), path(), plen(), fd(0), path(), plen()); break;
		case 34: raw_path_symlink(path(), plen(), fd(0), path(), plen()); break;
		case 35: raw_path_unlink_file(fd(0), path(), plen()); break;
		case 36: raw_proc_raise(quiet[rnd() % (sizeof quiet / sizeof quiet[0])]); break;
		case 37: raw_sched_yield(); break;
		case 38: raw_random_get(ptr(), len()); break;
		case 39: raw_sock_accept(fd(1), flags(), ptr()); break;
		case 40: raw_sock_recv(fd(1), ptr(), len(), flags(), ptr(), ptr()); break;
		case 41: raw_sock_send(fd(1), ptr(), len(), flags(), ptr()); break;
		case 42: raw_sock_shutdown(fd(1), flags()); break;
		}
	}
	printf("%d random calls, and the host still stands\n", CALLS);
	return 0;
}
