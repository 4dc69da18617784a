/*
 * hostile.c: every WASI function handed pointers and lengths outside
 * linear memory, or wrapping around 2^32, gets EFAULT; nothing is read or
 * written, no file is made, and the host doesn't crash.  A range ending
 * exactly at the end of memory is fine.
 *
 * wasi-test: args two args
 * wasi-test: env SOME=thing
 * wasi-test: no-native calls WASI directly
 * wasi-test: no-node node's WASI answers out-of-bounds pointers with EOVERFLOW,
 * wasi-test: no-node not EFAULT, and spins on an iovec count of 2^29
 */
#include <stdio.h>
#include <string.h>

#include "wasi_raw.h"

#define BAD ((i32)0xfffffff0)
#define ALL 0x3fffffffll
#define READING (ALL & ~(1ll << 0 | 1ll << 6 | 1ll << 8 | 1ll << 22))

static i32 iov[2];          /* one iovec: buf, len */
static i32 out, out2;
static char buf[64];
static unsigned char big[64];

static i32 io(i32 b, i32 len)
{
	iov[0] = b;
	iov[1] = len;
	return P(iov);
}

int main(void)
{
	/* A fresh page at the top of memory, that nothing else uses. */
	i32 end = (i32)(__builtin_wasm_memory_grow(0, 1) + 1) * 65536;
	i32 last = end - 8;
	i32 file = -1, r;

	printf("memory ends at a page boundary: %d\n", end % 65536 == 0);
	r = raw_path_open(3, 1, S("f.txt"), 1, ALL & ~(1ll << 14), 0, 0, P(&file));
	printf("setup: %s\n", wasi_err(r));
	raw_fd_write(file, io(P("0123456789"), 10), 1, P(&out));

	printf("-- args and environment\n");
	SHOW("args_sizes_get bad argc", raw_args_sizes_get(BAD, P(&out)));
	SHOW("args_sizes_get bad size", raw_args_sizes_get(P(&out), BAD));
	SHOW("args_get bad argv", raw_args_get(BAD, P(big)));
	SHOW("args_get bad buf", raw_args_get(P(big), BAD));
	SHOW("args_get argv past end", raw_args_get(end - 4, P(big)));
	SHOW("environ_sizes_get bad", raw_environ_sizes_get(BAD, P(&out)));
	SHOW("environ_get bad buf", raw_environ_get(P(big), end - 1));
	printf("-- clocks and random\n");
	SHOW("clock_res_get bad", raw_clock_res_get(0, BAD));
	SHOW("clock_time_get bad", raw_clock_time_get(0, 0, BAD));
	SHOW("clock_time_get 4 bytes short", raw_clock_time_get(0, 0, end - 4));
	SHOW("clock_time_get at the very end", raw_clock_time_get(0, 0, end - 8));
	SHOW("random_get bad", raw_random_get(BAD, 16));
	SHOW("random_get past end", raw_random_get(end - 8, 16));
	SHOW("random_get 4 GiB", raw_random_get(16, -1));
	SHOW("random_get empty at end", raw_random_get(end, 0));
	SHOW("random_get empty past end", raw_random_get(end + 1, 0));
	SHOW("random_get last 8 bytes", raw_random_get(last, 8));

	printf("-- reading and writing\n");
	SHOW("fd_write bad iovec array", raw_fd_write(1, BAD, 1, P(&out)));
	SHOW("fd_write huge iovec count", raw_fd_write(1, P(iov), 0x20000000, P(&out)));
	SHOW("fd_write bad buffer", raw_fd_write(1, io(BAD, 4), 1, P(&out)));
	SHOW("fd_write buffer past end", raw_fd_write(1, io(end - 2, 4), 1, P(&out)));
	SHOW("fd_write buffer wrapping", raw_fd_write(1, io((i32)0xffffff00, 0x200), 1, P(&out)));
	SHOW("fd_write bad nwritten", raw_fd_write(1, io(P("NOT WRITTEN\n"), 12), 1, BAD));
	SHOW("fd_read bad buffer", raw_fd_read(file, io(BAD, 4), 1, P(&out)));
	SHOW("fd_read bad nread", raw_fd_read(file, io(P(buf), 4), 1, BAD));
	SHOW("fd_pread bad buffer", raw_fd_pread(file, io(end, 1), 1, 0, P(&out)));
	SHOW("fd_pread bad nread", raw_fd_pread(file, io(P(buf), 4), 1, 0, BAD));
	SHOW("fd_pwrite bad buffer", raw_fd_pwrite(file, io(BAD, 4), 1, 0, P(&out)));
	SHOW("fd_pwrite bad nwritten", raw_fd_pwrite(file, io(P("XX"), 2), 1, 0, BAD));
	r = raw_fd_pread(file, io(last, 8), 1, 0, P(&out));
	printf("fd_pread into the last 8 bytes: %s, %d \"%.8s\"\n", wasi_err(r), out,
	       (char *)(uintptr_t)last);
	SHOW("fd_seek bad result", raw_fd_seek(file, 0, 0, BAD));
	SHOW("fd_tell bad result", raw_fd_tell(file, BAD));
	SHOW("fd_fdstat_get bad", raw_fd_fdstat_get(1, BAD));
	SHOW("fd_filestat_get bad", raw_fd_filestat_get(file, end - 63));
	SHOW("fd_prestat_get bad", raw_fd_prestat_get(3, BAD));
	SHOW("fd_prestat_dir_name bad", raw_fd_prestat_dir_name(3, BAD, 1));
	SHOW("fd_prestat_dir_name short", raw_fd_prestat_dir_name(3, P(buf), 0));
	SHOW("fd_readdir bad buffer", raw_fd_readdir(3, BAD, 100, 0, P(&out)));
	SHOW("fd_readdir huge buffer", raw_fd_readdir(3, P(big), -1, 0, P(&out)));
	SHOW("fd_readdir bad bufused", raw_fd_readdir(3, P(big), sizeof big, 0, BAD));

	printf("-- paths\n");
	SHOW("path_open bad path", raw_path_open(3, 1, BAD, 4, 0, READING, 0, 0, P(&out)));
	SHOW("path_open path past end", raw_path_open(3, 1, end - 2, 4, 0, READING, 0, 0, P(&out)));
	SHOW("path_open bad fd result (creating)",
	     raw_path_open(3, 1, S("never.txt"), 1, ALL, 0, 0, BAD));
	SHOW("path_filestat_get never.txt", raw_path_filestat_get(3, 0, S("never.txt"), P(big)));
	SHOW("path_filestat_get bad result", raw_path_filestat_get(3, 0, S("f.txt"), BAD));
	SHOW("path_create_directory bad", raw_path_create_directory(3, BAD, 3));
	SHOW("path_remove_directory bad", raw_path_remove_directory(3, BAD, 3));
	SHOW("path_unlink_file bad", raw_path_unlink_file(3, BAD, 3));
	SHOW("path_filestat_set_times bad", raw_path_filestat_set_times(3, 0, BAD, 3, 0, 0, 2));
	SHOW("path_link bad old", raw_path_link(3, 0, BAD, 3, 3, S("x")));
	SHOW("path_link bad new", raw_path_link(3, 0, S("f.txt"), 3, BAD, 3));
	SHOW("path_rename bad old", raw_path_rename(3, BAD, 3, 3, S("x")));
	SHOW("path_rename bad new", raw_path_rename(3, S("f.txt"), 3, BAD, 3));
	SHOW("path_symlink bad text", raw_path_symlink(BAD, 3, 3, S("x")));
	SHOW("path_symlink bad name", raw_path_symlink(S("f.txt"), 3, BAD, 3));
	raw_path_symlink(S("f.txt"), 3, S("link"));
	SHOW("path_readlink bad buffer", raw_path_readlink(3, S("link"), BAD, 10, P(&out)));
	SHOW("path_readlink bad bufused", raw_path_readlink(3, S("link"), P(buf), 10, BAD));
	SHOW("path_readlink 4 GiB buffer", raw_path_readlink(3, S("link"), P(buf), -1, P(&out)));

	printf("-- poll and sockets\n");
	SHOW("poll_oneoff bad in", raw_poll_oneoff(BAD, P(big), 1, P(&out)));
	SHOW("poll_oneoff bad out", raw_poll_oneoff(P(big), BAD, 1, P(&out)));
	SHOW("poll_oneoff bad nevents", raw_poll_oneoff(P(big), P(big), 1, BAD));
	SHOW("poll_oneoff in past end", raw_poll_oneoff(end - 40, P(big), 1, P(&out)));
	SHOW("poll_oneoff huge count", raw_poll_oneoff(P(big), P(big), 0x10000000, P(&out)));
	SHOW("poll_oneoff no subscriptions", raw_poll_oneoff(P(big), P(big), 0, P(&out)));
	SHOW("sock_recv on a file", raw_sock_recv(file, io(BAD, 4), 1, 0, P(&out), P(&out2)));
	SHOW("sock_send on a file", raw_sock_send(file, io(BAD, 4), 1, 0, P(&out)));
	SHOW("sock_accept on a file", raw_sock_accept(file, 0, BAD));
	SHOW("sock_shutdown on a file", raw_sock_shutdown(file, 3));

	printf("-- bad descriptors\n");
	SHOW("fd_write to -1", raw_fd_write(-1, io(P(buf), 1), 1, P(&out)));
	SHOW("fd_close 0x7fffffff", raw_fd_close(0x7fffffff));
	SHOW("fd_renumber to -1", raw_fd_renumber(file, -1));
	SHOW("fd_readdir of a file", raw_fd_readdir(file, P(big), sizeof big, 0, P(&out)));
	SHOW("path_open in a file", raw_path_open(file, 0, S("x"), 0, READING, 0, 0, P(&out)));
	SHOW("fd_close file", raw_fd_close(file));
	SHOW("fd_close file again", raw_fd_close(file));
	printf("still standing\n");
	return 0;
}
