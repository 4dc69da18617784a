/*
 * all46.c: calls all 46 wasi_snapshot_preview1 functions, 45 of them
 * through wasi-libc's own bindings (generated from the witx, so their
 * import signatures are independent of ours) and proc_raise, which
 * wasi-libc no longer binds, by hand.  Linking proves none is missing or
 * mistyped; each call on a descriptor that doesn't exist says EBADF.
 *
 * wasi-test: env A=b
 * wasi-test: no-native calls WASI directly
 * wasi-test: no-node node answers proc_raise(0) with ENOSYS
 */
#include <stdio.h>
#include <wasi/api.h>

#include "wasi_raw.h"

#define NOFD 1000

int main(void)
{
	__wasi_size_t a, b;
	__wasi_timestamp_t t;
	__wasi_fd_t fd;
	__wasi_fdstat_t fdstat;
	__wasi_filestat_t filestat;
	__wasi_prestat_t prestat;
	__wasi_filesize_t off;
	__wasi_roflags_t roflags;
	__wasi_event_t event;
	__wasi_subscription_t sub = { .userdata = 1, .u.tag = __WASI_EVENTTYPE_CLOCK };
	static char buf[16], strings[65536];
	static char *ptrs[1024];
	__wasi_iovec_t iov = { (uint8_t *)buf, sizeof buf };
	__wasi_ciovec_t ciov = { (const uint8_t *)buf, 1 };

	SHOW("args_sizes_get", __wasi_args_sizes_get(&a, &b));
	SHOW("args_get", __wasi_args_get((uint8_t **)ptrs, (uint8_t *)strings));
	SHOW("environ_sizes_get", __wasi_environ_sizes_get(&a, &b));
	SHOW("environ_get", __wasi_environ_get((uint8_t **)ptrs, (uint8_t *)strings));
	SHOW("clock_res_get", __wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &t));
	SHOW("clock_time_get", __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t));
	SHOW("fd_advise", __wasi_fd_advise(NOFD, 0, 0, __WASI_ADVICE_NORMAL));
	SHOW("fd_allocate", __wasi_fd_allocate(NOFD, 0, 1));
	SHOW("fd_close", __wasi_fd_close(NOFD));
	SHOW("fd_datasync", __wasi_fd_datasync(NOFD));
	SHOW("fd_fdstat_get", __wasi_fd_fdstat_get(NOFD, &fdstat));
	SHOW("fd_fdstat_set_flags", __wasi_fd_fdstat_set_flags(NOFD, 0));
	SHOW("fd_fdstat_set_rights", __wasi_fd_fdstat_set_rights(NOFD, 0, 0));
	SHOW("fd_filestat_get", __wasi_fd_filestat_get(NOFD, &filestat));
	SHOW("fd_filestat_set_size", __wasi_fd_filestat_set_size(NOFD, 0));
	SHOW("fd_filestat_set_times", __wasi_fd_filestat_set_times(NOFD, 0, 0, 0));
	SHOW("fd_pread", __wasi_fd_pread(NOFD, &iov, 1, 0, &a));
	SHOW("fd_prestat_get", __wasi_fd_prestat_get(NOFD, &prestat));
	SHOW("fd_prestat_dir_name", __wasi_fd_prestat_dir_name(NOFD, (uint8_t *)buf, 1));
	SHOW("fd_pwrite", __wasi_fd_pwrite(NOFD, &ciov, 1, 0, &a));
	SHOW("fd_read", __wasi_fd_read(NOFD, &iov, 1, &a));
	SHOW("fd_readdir", __wasi_fd_readdir(NOFD, (uint8_t *)buf, sizeof buf, 0, &a));
	SHOW("fd_renumber", __wasi_fd_renumber(NOFD, NOFD + 1));
	SHOW("fd_seek", __wasi_fd_seek(NOFD, 0, __WASI_WHENCE_SET, &off));
	SHOW("fd_sync", __wasi_fd_sync(NOFD));
	SHOW("fd_tell", __wasi_fd_tell(NOFD, &off));
	SHOW("fd_write", __wasi_fd_write(NOFD, &ciov, 1, &a));
	SHOW("path_create_directory", __wasi_path_create_directory(NOFD, "x"));
	SHOW("path_filestat_get", __wasi_path_filestat_get(NOFD, 0, "x", &filestat));
	SHOW("path_filestat_set_times", __wasi_path_filestat_set_times(NOFD, 0, "x", 0, 0, 0));
	SHOW("path_link", __wasi_path_link(NOFD, 0, "x", NOFD, "y"));
	SHOW("path_open", __wasi_path_open(NOFD, 0, "x", 0, 0, 0, 0, &fd));
	SHOW("path_readlink", __wasi_path_readlink(NOFD, "x", (uint8_t *)buf, sizeof buf, &a));
	SHOW("path_remove_directory", __wasi_path_remove_directory(NOFD, "x"));
	SHOW("path_rename", __wasi_path_rename(NOFD, "x", NOFD, "y"));
	SHOW("path_symlink", __wasi_path_symlink("x", NOFD, "y"));
	SHOW("path_unlink_file", __wasi_path_unlink_file(NOFD, "x"));
	SHOW("poll_oneoff", __wasi_poll_oneoff(&sub, &event, 1, &a));
	SHOW("proc_raise", raw_proc_raise(0));
	SHOW("sched_yield", __wasi_sched_yield());
	SHOW("random_get", __wasi_random_get((uint8_t *)buf, sizeof buf));
	SHOW("sock_accept", __wasi_sock_accept(NOFD, 0, &fd));
	SHOW("sock_recv", __wasi_sock_recv(NOFD, &iov, 1, 0, &a, &roflags));
	SHOW("sock_send", __wasi_sock_send(NOFD, &ciov, 1, 0, &a));
	SHOW("sock_shutdown", __wasi_sock_shutdown(NOFD, __WASI_SDFLAGS_WR));
	fflush(stdout);
	__wasi_proc_exit(0);
}
