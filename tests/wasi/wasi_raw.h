/*
 * wasi_raw.h: every wasi_snapshot_preview1 function as a raw import, with
 * guest pointers as plain integers, so tests can hand the host any address
 * and any length (wasi-libc's own declarations take C pointers and
 * measure strings themselves).  Only for wasm32-wasi builds.
 */
#ifndef WASI_RAW_H
#define WASI_RAW_H

#include <stdint.h>

#define RAW(name)                                                       \
	__attribute__((import_module("wasi_snapshot_preview1"),             \
	               import_name(#name))) raw_##name

typedef int32_t i32;
typedef int64_t i64;

i32 RAW(args_get)(i32 argv, i32 buf);
i32 RAW(args_sizes_get)(i32 argc, i32 size);
i32 RAW(environ_get)(i32 env, i32 buf);
i32 RAW(environ_sizes_get)(i32 count, i32 size);
i32 RAW(clock_res_get)(i32 id, i32 res);
i32 RAW(clock_time_get)(i32 id, i64 precision, i32 time);
i32 RAW(fd_advise)(i32 fd, i64 offset, i64 len, i32 advice);
i32 RAW(fd_allocate)(i32 fd, i64 offset, i64 len);
i32 RAW(fd_close)(i32 fd);
i32 RAW(fd_datasync)(i32 fd);
i32 RAW(fd_fdstat_get)(i32 fd, i32 stat);
i32 RAW(fd_fdstat_set_flags)(i32 fd, i32 flags);
i32 RAW(fd_fdstat_set_rights)(i32 fd, i64 base, i64 inheriting);
i32 RAW(fd_filestat_get)(i32 fd, i32 buf);
i32 RAW(fd_filestat_set_size)(i32 fd, i64 size);
i32 RAW(fd_filestat_set_times)(i32 fd, i64 atim, i64 mtim, i32 flags);
i32 RAW(fd_pread)(i32 fd, i32 iovs, i32 n, i64 offset, i32 nread);
i32 RAW(fd_prestat_get)(i32 fd, i32 buf);
i32 RAW(fd_prestat_dir_name)(i32 fd, i32 path, i32 len);
i32 RAW(fd_pwrite)(i32 fd, i32 iovs, i32 n, i64 offset, i32 nwritten);
i32 RAW(fd_read)(i32 fd, i32 iovs, i32 n, i32 nread);
i32 RAW(fd_readdir)(i32 fd, i32 buf, i32 len, i64 cookie, i32 used);
i32 RAW(fd_renumber)(i32 fd, i32 to);
i32 RAW(fd_seek)(i32 fd, i64 offset, i32 whence, i32 newoffset);
i32 RAW(fd_sync)(i32 fd);
i32 RAW(fd_tell)(i32 fd, i32 offset);
i32 RAW(fd_write)(i32 fd, i32 iovs, i32 n, i32 nwritten);
i32 RAW(path_create_directory)(i32 fd, i32 path, i32 len);
i32 RAW(path_filestat_get)(i32 fd, i32 flags, i32 path, i32 len, i32 buf);
i32 RAW(path_filestat_set_times)(i32 fd, i32 flags, i32 path, i32 len,
                                 i64 atim, i64 mtim, i32 fst_flags);
i32 RAW(path_link)(i32 old_fd, i32 old_flags, i32 old_path, i32 old_len,
                   i32 new_fd, i32 new_path, i32 new_len);
i32 RAW(path_open)(i32 fd, i32 dirflags, i32 path, i32 len, i32 oflags,
                   i64 base, i64 inheriting, i32 fdflags, i32 fd_out);
i32 RAW(path_readlink)(i32 fd, i32 path, i32 len, i32 buf, i32 buf_len,
                       i32 used);
i32 RAW(path_remove_directory)(i32 fd, i32 path, i32 len);
i32 RAW(path_rename)(i32 fd, i32 old_path, i32 old_len, i32 new_fd,
                     i32 new_path, i32 new_len);
i32 RAW(path_symlink)(i32 old_path, i32 old_len, i32 fd, i32 new_path,
                      i32 new_len);
i32 RAW(path_unlink_file)(i32 fd, i32 path, i32 len);
i32 RAW(poll_oneoff)(i32 in, i32 out, i32 n, i32 nevents);
void RAW(proc_exit)(i32 code);
i32 RAW(proc_raise)(i32 sig);
i32 RAW(sched_yield)(void);
i32 RAW(random_get)(i32 buf, i32 len);
i32 RAW(sock_accept)(i32 fd, i32 flags, i32 fd_out);
i32 RAW(sock_recv)(i32 fd, i32 iovs, i32 n, i32 flags, i32 len, i32 oflags);
i32 RAW(sock_send)(i32 fd, i32 iovs, i32 n, i32 flags, i32 len);
i32 RAW(sock_shutdown)(i32 fd, i32 how);

/* A C object's guest address. */
#define P(x) ((i32)(uintptr_t)(x))
/* A string's address and length, for path arguments. */
#define S(s) P(s), (i32)__builtin_strlen(s)

/* WASI's names for its error numbers. */
static inline const char *wasi_err(i32 e)
{
	static const char *const names[] = {
		"SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL",
		"AFNOSUPPORT", "AGAIN", "ALREADY", "BADF", "BADMSG", "BUSY",
		"CANCELED", "CHILD", "CONNABORTED", "CONNREFUSED", "CONNRESET",
		"DEADLK", "DESTADDRREQ", "DOM", "DQUOT", "EXIST", "FAULT", "FBIG",
		"HOSTUNREACH", "IDRM", "ILSEQ", "INPROGRESS", "INTR", "INVAL", "IO",
		"ISCONN", "ISDIR", "LOOP", "MFILE", "MLINK", "MSGSIZE", "MULTIHOP",
		"NAMETOOLONG", "NETDOWN", "NETRESET", "NETUNREACH", "NFILE",
		"NOBUFS", "NODEV", "NOENT", "NOEXEC", "NOLCK", "NOLINK", "NOMEM",
		"NOMSG", "NOPROTOOPT", "NOSPC", "NOSYS", "NOTCONN", "NOTDIR",
		"NOTEMPTY", "NOTRECOVERABLE", "NOTSOCK", "NOTSUP", "NOTTY", "NXIO",
		"OVERFLOW", "OWNERDEAD", "PERM", "PIPE", "PROTO", "PROTONOSUPPORT",
		"PROTOTYPE", "RANGE", "ROFS", "SPIPE", "SRCH", "STALE", "TIMEDOUT",
		"TXTBSY", "XDEV", "NOTCAPABLE",
	};
	return e >= 0 && e < (i32)(sizeof names / sizeof names[0]) ? names[e] : "?";
}

/* Prints "what: ERRNO" for a raw call. */
#define SHOW(what, call) printf("%s: %s\n", (what), wasi_err(call))

#endif
