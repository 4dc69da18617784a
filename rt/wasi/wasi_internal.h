/*
 * wasi_internal.h: what the files of w2c-wasi share and nobody else sees.
 *
 * The library is split by concern:
 *
 *   wasi.c   the context, the import object, w2c_wasi_run, arguments,
 *            environment, clocks, randomness and the process functions;
 *   fd.c     the descriptor table and every fd_* function;
 *   path.c   sandboxed path resolution and every path_* function;
 *   poll.c   poll_oneoff;
 *   sock.c   sock_* on inherited sockets.
 *
 * Each file keeps its WASI functions static and lists them in a table of
 * wasi_func that wasi.c joins into the import object, so a name, its C
 * function and its signature sit on one line.
 *
 * Everything a module hands us is untrusted: guest pointers are offsets
 * into linear memory, checked with wasi_in_bounds before any access, and
 * guest integers are read and written little-endian byte by byte so the
 * host's byte order and alignment never matter.
 */
#ifndef W2C_WASI_INTERNAL_H
#define W2C_WASI_INTERNAL_H

/* The *at() family, O_PATH, DT_*, getentropy and friends live behind
 * feature macros on glibc when compiling as strict C11. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif
/* 64-bit file offsets on 32-bit hosts too: WASI's are 64-bit. */
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif

#include <stdbool.h>
#include <stddef.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "w2c_wasi.h"

/* ------------------------------------------------------------- errno */

/* WASI's own error numbers (typenames.witx, $errno), not the host's. */
enum {
	WASI_ESUCCESS = 0, WASI_E2BIG = 1, WASI_EACCES = 2, WASI_EADDRINUSE = 3,
	WASI_EADDRNOTAVAIL = 4, WASI_EAFNOSUPPORT = 5, WASI_EAGAIN = 6,
	WASI_EALREADY = 7, WASI_EBADF = 8, WASI_EBADMSG = 9, WASI_EBUSY = 10,
	WASI_ECANCELED = 11, WASI_ECHILD = 12, WASI_ECONNABORTED = 13,
	WASI_ECONNREFUSED = 14, WASI_ECONNRESET = 15, WASI_EDEADLK = 16,
	WASI_EDESTADDRREQ = 17, WASI_EDOM = 18, WASI_EDQUOT = 19,
	WASI_EEXIST = 20, WASI_EFAULT = 21, WASI_EFBIG = 22,
	WASI_EHOSTUNREACH = 23, WASI_EIDRM = 24, WASI_EILSEQ = 25,
	WASI_EINPROGRESS = 26, WASI_EINTR = 27, WASI_EINVAL = 28, WASI_EIO = 29,
	WASI_EISCONN = 30, WASI_EISDIR = 31, WASI_ELOOP = 32, WASI_EMFILE = 33,
	WASI_EMLINK = 34, WASI_EMSGSIZE = 35, WASI_EMULTIHOP = 36,
	WASI_ENAMETOOLONG = 37, WASI_ENETDOWN = 38, WASI_ENETRESET = 39,
	WASI_ENETUNREACH = 40, WASI_ENFILE = 41, WASI_ENOBUFS = 42,
	WASI_ENODEV = 43, WASI_ENOENT = 44, WASI_ENOEXEC = 45, WASI_ENOLCK = 46,
	WASI_ENOLINK = 47, WASI_ENOMEM = 48, WASI_ENOMSG = 49,
	WASI_ENOPROTOOPT = 50, WASI_ENOSPC = 51, WASI_ENOSYS = 52,
	WASI_ENOTCONN = 53, WASI_ENOTDIR = 54, WASI_ENOTEMPTY = 55,
	WASI_ENOTRECOVERABLE = 56, WASI_ENOTSOCK = 57, WASI_ENOTSUP = 58,
	WASI_ENOTTY = 59, WASI_ENXIO = 60, WASI_EOVERFLOW = 61,
	WASI_EOWNERDEAD = 62, WASI_EPERM = 63, WASI_EPIPE = 64, WASI_EPROTO = 65,
	WASI_EPROTONOSUPPORT = 66, WASI_EPROTOTYPE = 67, WASI_ERANGE = 68,
	WASI_EROFS = 69, WASI_ESPIPE = 70, WASI_ESRCH = 71, WASI_ESTALE = 72,
	WASI_ETIMEDOUT = 73, WASI_ETXTBSY = 74, WASI_EXDEV = 75,
	WASI_ENOTCAPABLE = 76,
};

/* The WASI errno for a host errno value; unknown ones become EIO. */
uint16_t wasi_errno(int host_errno);

/* ------------------------------------------------------------ rights */

#define WASI_RIGHT_FD_DATASYNC             (UINT64_C(1) << 0)
#define WASI_RIGHT_FD_READ                 (UINT64_C(1) << 1)
#define WASI_RIGHT_FD_SEEK                 (UINT64_C(1) << 2)
#define WASI_RIGHT_FD_FDSTAT_SET_FLAGS     (UINT64_C(1) << 3)
#define WASI_RIGHT_FD_SYNC                 (UINT64_C(1) << 4)
#define WASI_RIGHT_FD_TELL                 (UINT64_C(1) << 5)
#define WASI_RIGHT_FD_WRITE                (UINT64_C(1) << 6)
#define WASI_RIGHT_FD_ADVISE               (UINT64_C(1) << 7)
#define WASI_RIGHT_FD_ALLOCATE             (UINT64_C(1) << 8)
#define WASI_RIGHT_PATH_CREATE_DIRECTORY   (UINT64_C(1) << 9)
#define WASI_RIGHT_PATH_CREATE_FILE        (UINT64_C(1) << 10)
#define WASI_RIGHT_PATH_LINK_SOURCE        (UINT64_C(1) << 11)
#define WASI_RIGHT_PATH_LINK_TARGET        (UINT64_C(1) << 12)
#define WASI_RIGHT_PATH_OPEN               (UINT64_C(1) << 13)
#define WASI_RIGHT_FD_READDIR              (UINT64_C(1) << 14)
#define WASI_RIGHT_PATH_READLINK           (UINT64_C(1) << 15)
#define WASI_RIGHT_PATH_RENAME_SOURCE      (UINT64_C(1) << 16)
#define WASI_RIGHT_PATH_RENAME_TARGET      (UINT64_C(1) << 17)
#define WASI_RIGHT_PATH_FILESTAT_GET       (UINT64_C(1) << 18)
#define WASI_RIGHT_PATH_FILESTAT_SET_SIZE  (UINT64_C(1) << 19)
#define WASI_RIGHT_PATH_FILESTAT_SET_TIMES (UINT64_C(1) << 20)
#define WASI_RIGHT_FD_FILESTAT_GET         (UINT64_C(1) << 21)
#define WASI_RIGHT_FD_FILESTAT_SET_SIZE    (UINT64_C(1) << 22)
#define WASI_RIGHT_FD_FILESTAT_SET_TIMES   (UINT64_C(1) << 23)
#define WASI_RIGHT_PATH_SYMLINK            (UINT64_C(1) << 24)
#define WASI_RIGHT_PATH_REMOVE_DIRECTORY   (UINT64_C(1) << 25)
#define WASI_RIGHT_PATH_UNLINK_FILE        (UINT64_C(1) << 26)
#define WASI_RIGHT_POLL_FD_READWRITE       (UINT64_C(1) << 27)
#define WASI_RIGHT_SOCK_SHUTDOWN           (UINT64_C(1) << 28)
#define WASI_RIGHT_SOCK_ACCEPT             (UINT64_C(1) << 29)
#define WASI_RIGHTS_ALL                    ((UINT64_C(1) << 30) - 1)

/* ------------------------------------------------------ other enums */

enum { /* $filetype */
	WASI_FILETYPE_UNKNOWN = 0,
	WASI_FILETYPE_BLOCK_DEVICE = 1,
	WASI_FILETYPE_CHARACTER_DEVICE = 2,
	WASI_FILETYPE_DIRECTORY = 3,
	WASI_FILETYPE_REGULAR_FILE = 4,
	WASI_FILETYPE_SOCKET_DGRAM = 5,
	WASI_FILETYPE_SOCKET_STREAM = 6,
	WASI_FILETYPE_SYMBOLIC_LINK = 7,
};

enum { /* $fdflags */
	WASI_FDFLAG_APPEND = 1,
	WASI_FDFLAG_DSYNC = 2,
	WASI_FDFLAG_NONBLOCK = 4,
	WASI_FDFLAG_RSYNC = 8,
	WASI_FDFLAG_SYNC = 16,
};

enum { /* $clockid */
	WASI_CLOCK_REALTIME = 0,
	WASI_CLOCK_MONOTONIC = 1,
	WASI_CLOCK_PROCESS_CPUTIME = 2,
	WASI_CLOCK_THREAD_CPUTIME = 3,
};

/* ---------------------------------------------------------- context */

struct wasi_dir; /* fd.c: the state of fd_readdir on one descriptor */

/*
 * An open descriptor.  Table slots point to these, and a call that uses
 * one holds a reference to it (wasi_fd_acquire) until it returns, so a
 * racing fd_close or fd_renumber only empties the slot: the host
 * descriptor and everything here stay until the last user lets go
 * (docs/threads.md).  Only the rights and `dir` can change after it is
 * made; they are read and written under the context's lock.
 */
typedef struct wasi_fd {
	int host;
	uint8_t type;             /* $filetype */
	bool close_host;          /* ours to close (not the embedder's stdio) */
	uint64_t base;            /* rights for this descriptor: under lock */
	uint64_t inheriting;      /* rights for what path_open makes from it */
	char *preopen;            /* guest name of a preopened directory */
	uint32_t preopen_len;
	struct wasi_dir *dir;     /* set once, under lock; has its own lock */
	atomic_uint refs;         /* the slot's and each user's */
} wasi_fd;

struct w2c_wasi {
	w2c_memory *memory;
	/* The instance w2c_wasi_run is setting up: its start function may
	 * call WASI before the memory is set, so look it up there. */
	w2c_instance *starting;
	char *args;               /* argc NUL-terminated strings, back to back */
	uint32_t argc, args_size;
	char *env;                /* likewise, envc NAME=VALUE strings */
	uint32_t envc, env_size;
	/* wasi-threads: every thread's instance calls in with this context.
	 * The lock guards the table (which may move as it grows) and the
	 * mutable fields of its descriptors; no host call is made under it. */
	pthread_mutex_t lock;
	wasi_fd **fds;            /* indexed by guest fd; NULL: free */
	uint32_t nfds;            /* slots allocated */
};

/* A WASI function as it goes into the import object. */
typedef struct wasi_func {
	const char *name;
	const char *signature;
	w2c_fnptr fn;
} wasi_func;

extern const wasi_func wasi_fd_funcs[];
extern const size_t wasi_fd_nfuncs;
extern const wasi_func wasi_path_funcs[];
extern const size_t wasi_path_nfuncs;
extern const wasi_func wasi_poll_funcs[];
extern const size_t wasi_poll_nfuncs;
extern const wasi_func wasi_sock_funcs[];
extern const size_t wasi_sock_nfuncs;

/* ----------------------------------------------------- guest memory */

/* The memory WASI functions use, or NULL. */
static inline const w2c_memory *wasi_memory(const w2c_wasi *w)
{
	if (w->memory || !w->starting)
		return w->memory;
	return w2c_get_memory(w->starting, "memory");
}

/* Whether the `len` bytes at guest address `ptr` lie inside linear memory.
 * No memory at all (a module without one) fails every check. */
static inline bool wasi_in_bounds(const w2c_wasi *w, uint32_t ptr, uint64_t len)
{
	const w2c_memory *m = wasi_memory(w);
	uint64_t size;

	if (!m)
		return false;
#if defined(__GNUC__)
	/* Another thread may be growing a shared memory (rt/atomic.c
	 * publishes its size with a release store).  It never shrinks or
	 * moves, so an older size is only a more cautious one. */
	size = m->shared ? __atomic_load_n(&m->size, __ATOMIC_ACQUIRE) : m->size;
#else
	size = m->size;
#endif
	return len <= size && ptr <= size - len;
}

/* The host address of a guest address already checked in bounds.  Valid
 * only until the memory next grows, i.e. within one WASI call. */
static inline uint8_t *wasi_mem(const w2c_wasi *w, uint32_t ptr)
{
	return wasi_memory(w)->data + ptr;
}

static inline uint16_t wasi_ld16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t wasi_ld32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t wasi_ld64(const uint8_t *p)
{
	return (uint64_t)wasi_ld32(p) | (uint64_t)wasi_ld32(p + 4) << 32;
}

static inline void wasi_st16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void wasi_st32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void wasi_st64(uint8_t *p, uint64_t v)
{
	wasi_st32(p, (uint32_t)v);
	wasi_st32(p + 4, (uint32_t)(v >> 32));
}

/* Stores a result through a guest pointer; false if out of bounds. */
bool wasi_put32(w2c_wasi *w, uint32_t ptr, uint32_t v);
bool wasi_put64(w2c_wasi *w, uint32_t ptr, uint64_t v);

/*
 * Turns a guest array of `n` iovecs (8 bytes each: buf, buf_len) into host
 * iovecs pointing into linear memory, every one checked in bounds.  At most
 * WASI_MAX_IOVS are taken and their total is capped at WASI_MAX_IO bytes;
 * I/O on the rest is simply short, which callers of read and write must
 * expect anyway.  Returns an errno; *count gets how many were filled.
 */
#define WASI_MAX_IOVS 256
#define WASI_MAX_IO 0x7ffff000u
uint16_t wasi_iovecs(w2c_wasi *w, uint32_t iovs, uint32_t n,
                     struct iovec *out, int *count);

/* ------------------------------------------------------ descriptors */

/*
 * Looks up `fd` and checks it holds every right in `rights`: EBADF,
 * ENOTCAPABLE, or success with *out set and referenced; the caller then
 * owes a wasi_fd_release, however it returns.
 */
uint16_t wasi_fd_acquire(w2c_wasi *w, uint32_t fd, uint64_t rights,
                         wasi_fd **out);
void wasi_fd_release(w2c_wasi *w, wasi_fd *e);
/* Whether e holds every right in `rights` now: ENOTCAPABLE or success. */
uint16_t wasi_fd_can(w2c_wasi *w, const wasi_fd *e, uint64_t rights);
/* e's rights now (either pointer may be NULL). */
void wasi_fd_rights(w2c_wasi *w, const wasi_fd *e, uint64_t *base,
                    uint64_t *inheriting);
/* Takes ownership of host descriptor `host` as the lowest free guest fd.
 * On failure closes `host` when close_host. */
uint16_t wasi_fd_add(w2c_wasi *w, int host, bool close_host, uint8_t type,
                     uint64_t base, uint64_t inheriting, uint32_t *fd_out);
/* Fills the table from a config: stdio as 0-2, preopens from 3.  False
 * with a message in err on failure; wasi_fd_teardown frees it either way. */
bool wasi_fd_setup(w2c_wasi *w, const w2c_wasi_config *cfg, char *err,
                   size_t errsize);
void wasi_fd_teardown(w2c_wasi *w);

/* The WASI type of a host file, and the rights that make sense for it. */
uint8_t wasi_filetype(int host, const struct stat *st);
uint64_t wasi_rights_for(int host, uint8_t type);
#define WASI_RIGHTS_DIR_INHERITING WASI_RIGHTS_ALL

/* Writes a 64-byte $filestat for `st` at p (checked in bounds). */
void wasi_store_filestat(uint8_t *p, const struct stat *st, uint8_t type);

/*
 * The timespec pair for futimens/utimensat from a $fstflags mask (1 atim,
 * 2 atim_now, 4 mtim, 8 mtim_now) and two timestamps: an errno.
 */
struct timespec;
uint16_t wasi_timespecs(uint64_t atim, uint64_t mtim, uint32_t flags,
                        struct timespec ts[2]);

/* ----------------------------------------------------------- clocks */

/* The time of a WASI clock in nanoseconds: an errno. */
uint16_t wasi_clock_now(uint32_t id, uint64_t *ns);

#endif
