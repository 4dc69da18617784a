/*
 * fd.c: the descriptor table and the fd_* functions of WASI preview 1.
 *
 * A guest fd indexes w->fds; each slot points to a descriptor: a host
 * descriptor, the WASI file type and two rights masks.  Rights are checked
 * before any host call
 * (ENOTCAPABLE), so fd_fdstat_set_rights really takes rights away.  The
 * standard streams belong to the embedder: closing or renumbering them in
 * the guest only forgets them.  New descriptors take the lowest free slot.
 *
 * A descriptor's rights depend on what it is: directories get the path_*
 * rights and pass every right on to what is opened through them; files
 * get the fd_* rights; anything lseek refuses (pipes, terminals, sockets)
 * loses fd_seek and fd_tell, which is also how wasi-libc's isatty tells a
 * terminal.
 *
 * Directories are read through a DIR stream of their own, opened on ".",
 * so the descriptor's offset is untouched.  Cookies are entry numbers:
 * entry k (from 0) has d_next k + 1.  The entry read last is kept, so a
 * caller whose buffer truncated it and who asks again with its cookie gets
 * it without a rewind; any other cookie than the next one rewinds and
 * skips.  Cookie 0 always rewinds, so a fresh listing sees fresh entries.
 *
 * wasi-threads (docs/threads.md): every thread calls in with the same
 * context.  w->lock guards the table and the rights; a call takes its
 * descriptor out with a reference (wasi_fd_acquire) and makes its host
 * calls without the lock, so a thread blocked reading stdin stops nobody.
 * fd_close and fd_renumber only empty or refill slots: the last reference
 * closes the host descriptor.
 */
#include "wasi_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* More guest descriptors than any host allows a process. */
#define MAX_FDS (1u << 20)

#define RIGHTS_FILE                                                       \
	(WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK |   \
	 WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC |                 \
	 WASI_RIGHT_FD_TELL | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ADVISE |     \
	 WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_FD_FILESTAT_GET |                 \
	 WASI_RIGHT_FD_FILESTAT_SET_SIZE | WASI_RIGHT_FD_FILESTAT_SET_TIMES |  \
	 WASI_RIGHT_POLL_FD_READWRITE)

#define RIGHTS_DIR                                                        \
	(WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC |                \
	 WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_PATH_CREATE_DIRECTORY |            \
	 WASI_RIGHT_PATH_CREATE_FILE | WASI_RIGHT_PATH_LINK_SOURCE |           \
	 WASI_RIGHT_PATH_LINK_TARGET | WASI_RIGHT_PATH_OPEN |                  \
	 WASI_RIGHT_FD_READDIR | WASI_RIGHT_PATH_READLINK |                    \
	 WASI_RIGHT_PATH_RENAME_SOURCE | WASI_RIGHT_PATH_RENAME_TARGET |       \
	 WASI_RIGHT_PATH_FILESTAT_GET | WASI_RIGHT_PATH_FILESTAT_SET_SIZE |    \
	 WASI_RIGHT_PATH_FILESTAT_SET_TIMES | WASI_RIGHT_FD_FILESTAT_GET |     \
	 WASI_RIGHT_FD_FILESTAT_SET_TIMES | WASI_RIGHT_PATH_SYMLINK |          \
	 WASI_RIGHT_PATH_REMOVE_DIRECTORY | WASI_RIGHT_PATH_UNLINK_FILE |      \
	 WASI_RIGHT_POLL_FD_READWRITE)

#if defined(__APPLE__)
#define ST_ATIM st_atimespec
#define ST_MTIM st_mtimespec
#define ST_CTIM st_ctimespec
#else
#define ST_ATIM st_atim
#define ST_MTIM st_mtim
#define ST_CTIM st_ctim
#endif

/* The state of fd_readdir on one directory descriptor. */
struct wasi_dir {
	pthread_mutex_t lock;   /* one reader at a time: the stream and the rest */
	DIR *stream;
	uint64_t next;      /* number of the entry readdir returns next */
	bool have_last;     /* the last_* fields hold entry next - 1 */
	uint64_t last_ino;
	uint8_t last_type;
	char *last_name;
	size_t last_len, last_cap;
};

/* ------------------------------------------------------------ helpers */

bool wasi_put32(w2c_wasi *w, uint32_t ptr, uint32_t v)
{
	if (!wasi_in_bounds(w, ptr, 4))
		return false;
	wasi_st32(wasi_mem(w, ptr), v);
	return true;
}

bool wasi_put64(w2c_wasi *w, uint32_t ptr, uint64_t v)
{
	if (!wasi_in_bounds(w, ptr, 8))
		return false;
	wasi_st64(wasi_mem(w, ptr), v);
	return true;
}

uint16_t wasi_iovecs(w2c_wasi *w, uint32_t iovs, uint32_t n,
                     struct iovec *out, int *count)
{
	uint64_t total = 0;
	uint32_t i;
	int k = 0;

	*count = 0;
	if (!wasi_in_bounds(w, iovs, (uint64_t)n * 8))
		return WASI_EFAULT;
	for (i = 0; i < n && k < WASI_MAX_IOVS && total < WASI_MAX_IO; i++) {
		const uint8_t *v = wasi_mem(w, iovs + 8 * i);
		uint32_t buf = wasi_ld32(v), len = wasi_ld32(v + 4);

		if (!wasi_in_bounds(w, buf, len))
			return WASI_EFAULT;
		if (len > WASI_MAX_IO - total)
			len = (uint32_t)(WASI_MAX_IO - total);
		if (len == 0)
			continue;
		out[k].iov_base = wasi_mem(w, buf);
		out[k].iov_len = len;
		k++;
		total += len;
	}
	*count = k;
	return WASI_ESUCCESS;
}

/* Nanoseconds since the epoch; times before it are clamped to 0. */
static uint64_t timespec_ns(struct timespec t)
{
	if (t.tv_sec < 0)
		return 0;
	if ((uint64_t)t.tv_sec > UINT64_MAX / 1000000000u - 1)
		return UINT64_MAX;
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void wasi_store_filestat(uint8_t *p, const struct stat *st, uint8_t type)
{
	memset(p, 0, 64);
	wasi_st64(p + 0, (uint64_t)st->st_dev);
	wasi_st64(p + 8, (uint64_t)st->st_ino);
	p[16] = type;
	wasi_st64(p + 24, (uint64_t)st->st_nlink);
	wasi_st64(p + 32, st->st_size < 0 ? 0 : (uint64_t)st->st_size);
	wasi_st64(p + 40, timespec_ns(st->ST_ATIM));
	wasi_st64(p + 48, timespec_ns(st->ST_MTIM));
	wasi_st64(p + 56, timespec_ns(st->ST_CTIM));
}

uint16_t wasi_timespecs(uint64_t atim, uint64_t mtim, uint32_t flags,
                        struct timespec ts[2])
{
	const uint64_t times[2] = { atim, mtim };
	int i;

	if (flags & ~UINT32_C(0xf))
		return WASI_EINVAL;
	for (i = 0; i < 2; i++) {
		uint32_t f = flags >> (2 * i) & 3; /* 1: the value, 2: now */
		uint64_t sec = times[i] / 1000000000u;

		if (f == 3)
			return WASI_EINVAL;
		ts[i].tv_sec = 0;
		if (f == 1) {
			if (sizeof(time_t) < 8 && sec > INT32_MAX)
				return WASI_EOVERFLOW;
			ts[i].tv_sec = (time_t)sec;
			ts[i].tv_nsec = (long)(times[i] % 1000000000u);
		} else {
			ts[i].tv_nsec = f == 2 ? UTIME_NOW : UTIME_OMIT;
		}
	}
	return WASI_ESUCCESS;
}

uint8_t wasi_filetype(int host, const struct stat *st)
{
	switch (st->st_mode & S_IFMT) {
	case S_IFREG:
		return WASI_FILETYPE_REGULAR_FILE;
	case S_IFDIR:
		return WASI_FILETYPE_DIRECTORY;
	case S_IFCHR:
		return WASI_FILETYPE_CHARACTER_DEVICE;
	case S_IFBLK:
		return WASI_FILETYPE_BLOCK_DEVICE;
	case S_IFLNK:
		return WASI_FILETYPE_SYMBOLIC_LINK;
	case S_IFSOCK:
		if (host >= 0) {
			int t;
			socklen_t len = sizeof t;
			if (getsockopt(host, SOL_SOCKET, SO_TYPE, &t, &len) == 0 &&
			    t == SOCK_DGRAM)
				return WASI_FILETYPE_SOCKET_DGRAM;
		}
		return WASI_FILETYPE_SOCKET_STREAM;
	default: /* FIFOs have no WASI type */
		return WASI_FILETYPE_UNKNOWN;
	}
}

uint64_t wasi_rights_for(int host, uint8_t type)
{
	switch (type) {
	case WASI_FILETYPE_REGULAR_FILE:
		return RIGHTS_FILE;
	case WASI_FILETYPE_DIRECTORY:
		return RIGHTS_DIR;
	case WASI_FILETYPE_SOCKET_DGRAM:
	case WASI_FILETYPE_SOCKET_STREAM:
		return (RIGHTS_FILE & ~(WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL)) |
		       WASI_RIGHT_SOCK_SHUTDOWN | WASI_RIGHT_SOCK_ACCEPT;
	default:
		if (lseek(host, 0, SEEK_CUR) < 0 || isatty(host))
			return RIGHTS_FILE & ~(WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL);
		return RIGHTS_FILE;
	}
}

/* -------------------------------------------------------------- table */

static void dir_free(struct wasi_dir *d);

/* The descriptor in slot fd, or NULL; under w->lock. */
static wasi_fd *slot(w2c_wasi *w, uint32_t fd)
{
	return fd < w->nfds ? w->fds[fd] : NULL;
}

uint16_t wasi_fd_acquire(w2c_wasi *w, uint32_t fd, uint64_t rights,
                         wasi_fd **out)
{
	wasi_fd *e;
	uint16_t r = WASI_ESUCCESS;

	pthread_mutex_lock(&w->lock);
	e = slot(w, fd);
	if (!e)
		r = WASI_EBADF;
	else if ((e->base & rights) != rights)
		r = WASI_ENOTCAPABLE;
	else
		/* the slot's reference keeps it above 0 while we hold the lock */
		atomic_fetch_add_explicit(&e->refs, 1, memory_order_relaxed);
	pthread_mutex_unlock(&w->lock);
	*out = r ? NULL : e;
	return r;
}

static void destroy(wasi_fd *e)
{
	if (e->dir)
		dir_free(e->dir);
	if (e->close_host)
		close(e->host);
	free(e->preopen);
	free(e);
}

/* Drops a reference: true if it was the last, and the caller must
 * destroy e (outside the lock: close may take its time).  The last one
 * sees all the others' writes to e (acquire-release). */
static bool unref(wasi_fd *e)
{
	return atomic_fetch_sub_explicit(&e->refs, 1, memory_order_acq_rel) == 1;
}

/* Without the lock: only a slot's reference is dropped under it. */
void wasi_fd_release(w2c_wasi *w, wasi_fd *e)
{
	(void)w;
	if (unref(e))
		destroy(e);
}

uint16_t wasi_fd_can(w2c_wasi *w, const wasi_fd *e, uint64_t rights)
{
	uint64_t base;

	wasi_fd_rights(w, e, &base, NULL);
	return (base & rights) == rights ? WASI_ESUCCESS : WASI_ENOTCAPABLE;
}

void wasi_fd_rights(w2c_wasi *w, const wasi_fd *e, uint64_t *base,
                    uint64_t *inheriting)
{
	pthread_mutex_lock(&w->lock);
	if (base)
		*base = e->base;
	if (inheriting)
		*inheriting = e->inheriting;
	pthread_mutex_unlock(&w->lock);
}

/* Makes room for `need` slots; under w->lock.  Slots hold pointers, and
 * nothing keeps a pointer into the table past the lock, so it may move. */
static bool grow_table(w2c_wasi *w, uint32_t need)
{
	uint32_t n = w->nfds ? w->nfds : 8, i;
	wasi_fd **fds;

	while (n < need)
		n *= 2;
	if (n > MAX_FDS)
		return false;
	fds = realloc(w->fds, n * sizeof *fds);
	if (!fds)
		return false;
	for (i = w->nfds; i < n; i++)
		fds[i] = NULL;
	w->fds = fds;
	w->nfds = n;
	return true;
}

/* A new descriptor for `host` with its slot's reference, or NULL. */
static wasi_fd *make(int host, bool close_host, uint8_t type, uint64_t base,
                     uint64_t inheriting)
{
	wasi_fd *e = calloc(1, sizeof *e);

	if (!e)
		return NULL;
	e->host = host;
	e->close_host = close_host;
	e->type = type;
	e->base = base;
	e->inheriting = inheriting;
	atomic_init(&e->refs, 1);
	return e;
}

uint16_t wasi_fd_add(w2c_wasi *w, int host, bool close_host, uint8_t type,
                     uint64_t base, uint64_t inheriting, uint32_t *fd_out)
{
	wasi_fd *e = make(host, close_host, type, base, inheriting);
	uint16_t r = WASI_ESUCCESS;
	uint32_t i;

	if (!e) {
		if (close_host)
			close(host);
		return WASI_ENOMEM;
	}
	pthread_mutex_lock(&w->lock);
	for (i = 0; i < w->nfds && w->fds[i]; i++)
		;
	if (i == w->nfds && !grow_table(w, i + 1))
		r = i + 1 > MAX_FDS ? WASI_EMFILE : WASI_ENOMEM;
	else
		w->fds[i] = e;
	pthread_mutex_unlock(&w->lock);
	if (r) {
		destroy(e);
		return r;
	}
	*fd_out = i;
	return WASI_ESUCCESS;
}

/* A descriptor for a host one that is already open (stdio, preopens). */
static wasi_fd *make_open(int host, bool close_host)
{
	struct stat st;
	uint8_t type = fstat(host, &st) == 0 ? wasi_filetype(host, &st)
	                                     : WASI_FILETYPE_UNKNOWN;

	return make(host, close_host, type, wasi_rights_for(host, type),
	            type == WASI_FILETYPE_DIRECTORY ? WASI_RIGHTS_DIR_INHERITING : 0);
}

/* Before any thread: no lock needed yet (the config's stdio and preopens
 * go where the spec's convention puts them, not in the lowest slot). */
bool wasi_fd_setup(w2c_wasi *w, const w2c_wasi_config *cfg, char *err,
                   size_t errsize)
{
	int std[3] = { 0, 1, 2 };
	size_t i;

	/* A zeroed config means the usual streams, not fd 0 three times. */
	if (!cfg->inherit_stdio &&
	    (cfg->stdin_fd || cfg->stdout_fd || cfg->stderr_fd)) {
		std[0] = cfg->stdin_fd;
		std[1] = cfg->stdout_fd;
		std[2] = cfg->stderr_fd;
	}
	if (cfg->npreopens > MAX_FDS - 3 ||
	    !grow_table(w, 3 + (uint32_t)cfg->npreopens)) {
		snprintf(err, errsize, "out of memory");
		return false;
	}
	for (i = 0; i < 3; i++)
		if (std[i] >= 0 && fcntl(std[i], F_GETFD) >= 0 &&
		    !(w->fds[i] = make_open(std[i], false))) {
			snprintf(err, errsize, "out of memory");
			return false;
		}
	for (i = 0; i < cfg->npreopens; i++) {
		const w2c_wasi_preopen *p = &cfg->preopens[i];
		const char *guest = p->guest ? p->guest : p->host;
		size_t len = strlen(guest);
		wasi_fd *e;
		int host = p->host ? open(p->host, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
		                   : -1;

		if (host < 0) {
			snprintf(err, errsize, "can't open directory %s: %s",
			         p->host ? p->host : "(null)",
			         p->host ? strerror(errno) : "no path");
			return false;
		}
		e = w->fds[3 + i] = make_open(host, true);
		if (!e) {
			close(host);
			snprintf(err, errsize, "out of memory");
			return false;
		}
		e->preopen = malloc(len + 1);
		if (!e->preopen || len > UINT32_MAX) {
			snprintf(err, errsize, "out of memory");
			return false;
		}
		memcpy(e->preopen, guest, len + 1);
		e->preopen_len = (uint32_t)len;
	}
	return true;
}

/* When the embedder frees the context, no call is running: each
 * descriptor has only its slot's reference left. */
void wasi_fd_teardown(w2c_wasi *w)
{
	uint32_t i;

	for (i = 0; i < w->nfds; i++)
		if (w->fds[i] && unref(w->fds[i]))
			destroy(w->fds[i]);
	free(w->fds);
	w->fds = NULL;
	w->nfds = 0;
}

/* ------------------------------------------------------ reading, writing */

static uint32_t fd_read(void *ctx, uint32_t fd, uint32_t iovs, uint32_t n,
                        uint32_t nread_ptr)
{
	w2c_wasi *w = ctx;
	struct iovec iov[WASI_MAX_IOVS];
	wasi_fd *e;
	uint16_t r;
	ssize_t got;
	int cnt;

	if ((r = wasi_fd_acquire(w, fd, WASI_RIGHT_FD_READ, &e)))
		return r;
	if (!wasi_in_bounds(w, nread_ptr, 4))
		r = WASI_EFAULT;
	else if (!(r = wasi_iovecs(w, iovs, n, iov, &cnt))) {
		got = cnt ? readv(e->host, iov, cnt) : 0;
		if (got < 0)
			r = wasi_errno(errno);
		else
			wasi_put32(w, nread_ptr, (uint32_t)got);
	}
	wasi_fd_release(w, e);
	return r;
}

static uint32_t fd_write(void *ctx, uint32_t fd, uint32_t iovs, uint32_t n,
                         uint32_t nwritten_ptr)
{
	w2c_wasi *w = ctx;
	struct iovec iov[WASI_MAX_IOVS];
	wasi_fd *e;
	uint16_t r;
	ssize_t put;
	int cnt;

	if ((r = wasi_fd_acquire(w, fd, WASI_RIGHT_FD_WRITE, &e)))
		return r;
	if (!wasi_in_bounds(w, nwritten_ptr, 4))
		r = WASI_EFAULT;
	else if (!(r = wasi_iovecs(w, iovs, n, iov, &cnt))) {
		put = cnt ? writev(e->host, iov, cnt) : 0;
		if (put < 0)
			r = wasi_errno(errno);
		else
			wasi_put32(w, nwritten_ptr, (uint32_t)put);
	}
	wasi_fd_release(w, e);
	return r;
}

/* pread or pwrite over iovecs, one at a time: portable where preadv is
 * not, and a short transfer ends it as it would end preadv. */
static uint32_t positioned(w2c_wasi *w, uint32_t fd, uint32_t iovs,
                           uint32_t n, uint64_t offset, uint32_t done_ptr,
                           bool writing)
{
	uint64_t rights = WASI_RIGHT_FD_SEEK |
	                  (writing ? WASI_RIGHT_FD_WRITE : WASI_RIGHT_FD_READ);
	struct iovec iov[WASI_MAX_IOVS];
	uint64_t total = 0;
	wasi_fd *e;
	uint16_t r;
	int cnt, i;

	if ((r = wasi_fd_acquire(w, fd, rights, &e)))
		return r;
	if (!wasi_in_bounds(w, done_ptr, 4))
		r = WASI_EFAULT;
	else if (offset > INT64_MAX)
		r = WASI_EINVAL;
	else
		r = wasi_iovecs(w, iovs, n, iov, &cnt);
	if (r) {
		wasi_fd_release(w, e);
		return r;
	}
	for (i = 0; i < cnt; i++) {
		off_t at = (off_t)(offset + total);
		ssize_t k = writing ? pwrite(e->host, iov[i].iov_base, iov[i].iov_len, at)
		                    : pread(e->host, iov[i].iov_base, iov[i].iov_len, at);
		if (k < 0) {
			if (!total)
				r = wasi_errno(errno);
			break;
		}
		total += (uint64_t)k;
		if ((size_t)k < iov[i].iov_len)
			break;
	}
	wasi_fd_release(w, e);
	if (!r)
		wasi_put32(w, done_ptr, (uint32_t)total);
	return r;
}

static uint32_t fd_pread(void *ctx, uint32_t fd, uint32_t iovs, uint32_t n,
                         uint64_t offset, uint32_t nread_ptr)
{
	return positioned(ctx, fd, iovs, n, offset, nread_ptr, false);
}

static uint32_t fd_pwrite(void *ctx, uint32_t fd, uint32_t iovs, uint32_t n,
                          uint64_t offset, uint32_t nwritten_ptr)
{
	return positioned(ctx, fd, iovs, n, offset, nwritten_ptr, true);
}

static uint32_t fd_seek(void *ctx, uint32_t fd, uint64_t offset,
                        uint32_t whence, uint32_t newoffset_ptr)
{
	static const int whences[3] = { SEEK_SET, SEEK_CUR, SEEK_END };
	w2c_wasi *w = ctx;
	int64_t delta = (int64_t)offset;
	/* Asking where we are needs only fd_tell. */
	uint64_t need = whence == 1 && delta == 0 ? WASI_RIGHT_FD_TELL
	                                          : WASI_RIGHT_FD_SEEK;
	uint64_t base;
	wasi_fd *e;
	uint16_t r;
	off_t at;

	if ((r = wasi_fd_acquire(w, fd, 0, &e)))
		return r;
	wasi_fd_rights(w, e, &base, NULL);
	if ((base & need) != need && !(base & WASI_RIGHT_FD_SEEK))
		r = WASI_ENOTCAPABLE;
	else if (whence > 2)
		r = WASI_EINVAL;
	else if (!wasi_in_bounds(w, newoffset_ptr, 8))
		r = WASI_EFAULT;
	else if ((int64_t)(off_t)delta != delta)
		r = WASI_EOVERFLOW;
	else if ((at = lseek(e->host, (off_t)delta, whences[whence])) < 0)
		r = wasi_errno(errno);
	else
		wasi_put64(w, newoffset_ptr, (uint64_t)at);
	wasi_fd_release(w, e);
	return r;
}

static uint32_t fd_tell(void *ctx, uint32_t fd, uint32_t offset_ptr)
{
	w2c_wasi *w = ctx;
	wasi_fd *e;
	uint16_t r;
	off_t at;

	if ((r = wasi_fd_acquire(w, fd, WASI_RIGHT_FD_TELL, &e)))
		return r;
	if (!wasi_in_bounds(w, offset_ptr, 8))
		r = WASI_EFAULT;
	else if ((at = lseek(e->host, 0, SEEK_CUR)) < 0)
		r = wasi_errno(errno);
	else
		wasi_put64(w, offset_ptr, (uint64_t)at);
	wasi_fd_release(w, e);
	return r;
}

/* ------------------------------------------------- descriptor management */

/* Empties the slot; a call still using the descriptor keeps it (and
 * its host descriptor) until it returns. */
static uint32_t fd_close(void *ctx, uint32_t fd)
{
	w2c_wasi *w = ctx;
	wasi_fd *e;
	bool last = false;

	pthread_mutex_lock(&w->lock);
	if ((e = slot(w, fd)) != NULL) {
		w->fds[fd] = NULL;
		last = unref(e);
	}
	pthread_mutex_unlock(&w->lock);
	if (last)
		destroy(e);
	return e ? WASI_ESUCCESS : WASI_EBADF;
}

/* As dup2: the target may be open (it is closed first) or not, as in
 * wasmtime and the preview-2 adapter; a program capturing its output
 * closes 1 and renumbers a file onto it. */
static uint32_t fd_renumber(void *ctx, uint32_t from, uint32_t to)
{
	w2c_wasi *w = ctx;
	wasi_fd *old = NULL;
	uint16_t r = WASI_ESUCCESS;
	bool last = false;

	pthread_mutex_lock(&w->lock);
	if (!slot(w, from) || to >= MAX_FDS)
		r = WASI_EBADF;
	else if (to >= w->nfds && !grow_table(w, to + 1))
		r = WASI_ENOMEM;
	else if (from != to) {
		old = w->fds[to];
		w->fds[to] = w->fds[from];
		w->fds[from] = NULL;
		last = old && unref(old);
	}
	pthread_mutex_unlock(&w->lock);
	if (last)
		destroy(old);
	return r;
}

/* The $fdflags a host descriptor has. */
static uint16_t host_fdflags(int flags)
{
	uint16_t f = 0;

	if (flags & O_APPEND)
		f |= WASI_FDFLAG_APPEND;
	if (flags & O_NONBLOCK)
		f |= WASI_FDFLAG_NONBLOCK;
	if ((flags & O_SYNC) == O_SYNC)
		f |= WASI_FDFLAG_SYNC;
#ifdef O_DSYNC
	if ((flags & O_DSYNC) == O_DSYNC)
		f |= WASI_FDFLAG_DSYNC;
#endif
#if defined(O_RSYNC) && O_RSYNC != O_SYNC
	if ((flags & O_RSYNC) == O_RSYNC)
		f |= WASI_FDFLAG_RSYNC;
#endif
	return f;
}

static uint32_t fd_fdstat_get(void *ctx, uint32_t fd, uint32_t stat_ptr)
{
	w2c_wasi *w = ctx;
	uint64_t base, inheriting;
	wasi_fd *e;
	uint8_t *p;
	uint16_t r;
	int flags;

	if ((r = wasi_fd_acquire(w, fd, 0, &e)))
		return r;
	if (!wasi_in_bounds(w, stat_ptr, 24))
		r = WASI_EFAULT;
	else if ((flags = fcntl(e->host, F_GETFL)) < 0)
		r = wasi_errno(errno);
	else {
		wasi_fd_rights(w, e, &base, &inheriting);
		p = wasi_mem(w, stat_ptr);
		memset(p, 0, 24);
		p[0] = e->type;
		wasi_st16(p + 2, host_fdflags(flags));
		wasi_st64(p + 8, base);
		wasi_st64(p + 16, inheriting);
	}
	wasi_fd_release(w, e);
	return r;
}

static uint16_t set_flags(int host, uint32_t fdflags)
{
	const uint16_t sync = WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC |
	                      WASI_FDFLAG_SYNC;
	int flags;

	if (fdflags & ~UINT32_C(0x1f))
		return WASI_EINVAL;
	flags = fcntl(host, F_GETFL);
	if (flags < 0)
		return wasi_errno(errno);
	/* F_SETFL can't change the sync modes: accept them as they are. */
	if ((fdflags & sync) != (host_fdflags(flags) & sync))
		return WASI_ENOTSUP;
	flags &= ~(O_APPEND | O_NONBLOCK);
	if (fdflags & WASI_FDFLAG_APPEND)
		flags |= O_APPEND;
	if (fdflags & WASI_FDFLAG_NONBLOCK)
		flags |= O_NONBLOCK;
	if (fcntl(host, F_SETFL, flags) < 0)
		return wasi_errno(errno);
	return WASI_ESUCCESS;
}

static uint32_t fd_fdstat_set_flags(void *ctx, uint32_t fd, uint32_t fdflags)
{
	wasi_fd *e;
	uint16_t r;

	if ((r = wasi_fd_acquire(ctx, fd, WASI_RIGHT_FD_FDSTAT_SET_FLAGS, &e)))
		return r;
	r = set_flags(e->host, fdflags);
	wasi_fd_release(ctx, e);
	return r;
}

static uint32_t fd_fdstat_set_rights(void *ctx, uint32_t fd, uint64_t base,
                                     uint64_t inheriting)
{
	w2c_wasi *w = ctx;
	uint16_t r = WASI_ESUCCESS;
	wasi_fd *e;

	pthread_mutex_lock(&w->lock);
	if (!(e = slot(w, fd)))
		r = WASI_EBADF;
	else if ((base & ~e->base) || (inheriting & ~e->inheriting))
		r = WASI_ENOTCAPABLE;
	else {
		e->base = base;
		e->inheriting = inheriting;
	}
	pthread_mutex_unlock(&w->lock);
	return r;
}

static uint32_t fd_prestat_get(void *ctx, uint32_t fd, uint32_t prestat_ptr)
{
	w2c_wasi *w = ctx;
	wasi_fd *e;
	uint8_t *p;
	uint16_t r;

	if ((r = wasi_fd_acquire(w, fd, 0, &e)))
		return r;
	if (!e->preopen)
		r = WASI_EBADF;
	else if (!wasi_in_bounds(w, prestat_ptr, 8))
		r = WASI_EFAULT;
	else {
		p = wasi_mem(w, prestat_ptr);
		memset(p, 0, 8); /* tag 0: a directory */
		wasi_st32(p + 4, e->preopen_len);
	}
	wasi_fd_release(w, e);
	return r;
}

static uint32_t fd_prestat_dir_name(void *ctx, uint32_t fd, uint32_t path,
                                    uint32_t path_len)
{
	w2c_wasi *w = ctx;
	wasi_fd *e;
	uint16_t r;

	if ((r = wasi_fd_acquire(w, fd, 0, &e)))
		return r;
	if (!e->preopen)
		r = WASI_EBADF;
	else if (!wasi_in_bounds(w, path, path_len))
		r = WASI_EFAULT;
	else if (path_len < e->preopen_len)
		r = WASI_ENAMETOOLONG;
	else
		memcpy(wasi_mem(w, path), e->preopen, e->preopen_len);
	wasi_fd_release(w, e);
	return r;
}

/* --------------------------------------------------------- file state */

/* Each function here is a check of rights and one host call on the
 * descriptor: `op` does the call with the descriptor held. */
typedef struct file_op {
	uint32_t advice, flags;
	uint64_t offset, len, atim, mtim;
} file_op;

static uint32_t with_fd(w2c_wasi *w, uint32_t fd, uint64_t rights,
                        uint16_t (*op)(int host, const file_op *), const file_op *a)
{
	wasi_fd *e;
	uint16_t r;

	if ((r = wasi_fd_acquire(w, fd, rights, &e)))
		return r;
	r = op(e->host, a);
	wasi_fd_release(w, e);
	return r;
}

static uint16_t do_sync(int host, const file_op *a)
{
	(void)a;
	return fsync(host) < 0 ? wasi_errno(errno) : WASI_ESUCCESS;
}

static uint32_t fd_sync(void *ctx, uint32_t fd)
{
	return with_fd(ctx, fd, WASI_RIGHT_FD_SYNC, do_sync, NULL);
}

static uint16_t do_datasync(int host, const file_op *a)
{
	(void)a;
#if defined(__APPLE__)
	return fsync(host) < 0 ? wasi_errno(errno) : WASI_ESUCCESS;
#else
	return fdatasync(host) < 0 ? wasi_errno(errno) : WASI_ESUCCESS;
#endif
}

static uint32_t fd_datasync(void *ctx, uint32_t fd)
{
	return with_fd(ctx, fd, WASI_RIGHT_FD_DATASYNC, do_datasync, NULL);
}

static uint16_t do_advise(int host, const file_op *a)
{
	if (a->advice > 5 || a->offset > INT64_MAX || a->len > INT64_MAX)
		return WASI_EINVAL;
#ifdef POSIX_FADV_NORMAL
	{
		static const int advices[6] = {
			POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
			POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE,
		};
		int err = posix_fadvise(host, (off_t)a->offset, (off_t)a->len,
		                        advices[a->advice]);
		return err ? wasi_errno(err) : WASI_ESUCCESS;
	}
#else
	/* Advice is only advice: ignoring it is a valid implementation. */
	(void)host;
	return WASI_ESUCCESS;
#endif
}

static uint32_t fd_advise(void *ctx, uint32_t fd, uint64_t offset,
                          uint64_t len, uint32_t advice)
{
	file_op a = { 0 };

	a.offset = offset;
	a.len = len;
	a.advice = advice;
	return with_fd(ctx, fd, WASI_RIGHT_FD_ADVISE, do_advise, &a);
}

static uint16_t do_allocate(int host, const file_op *a)
{
	uint64_t offset = a->offset, len = a->len;
	struct stat st;

	if (len == 0 || offset > INT64_MAX || len > INT64_MAX)
		return WASI_EINVAL;
	if (offset + len > INT64_MAX)
		return WASI_EFBIG;
#if defined(__linux__) || defined(__FreeBSD__)
	{
		int err = posix_fallocate(host, (off_t)offset, (off_t)len);
		if (err == 0)
			return WASI_ESUCCESS;
		if (err != EOPNOTSUPP && err != EINVAL)
			return wasi_errno(err);
	}
#endif
	/* No preallocation on this file system: at least make the file long
	 * enough, which is what a caller can observe. */
	if (fstat(host, &st) < 0)
		return wasi_errno(errno);
	if (!S_ISREG(st.st_mode))
		return WASI_ENODEV;
	if ((uint64_t)st.st_size < offset + len &&
	    ftruncate(host, (off_t)(offset + len)) < 0)
		return wasi_errno(errno);
	return WASI_ESUCCESS;
}

static uint32_t fd_allocate(void *ctx, uint32_t fd, uint64_t offset,
                            uint64_t len)
{
	file_op a = { 0 };

	a.offset = offset;
	a.len = len;
	return with_fd(ctx, fd, WASI_RIGHT_FD_ALLOCATE, do_allocate, &a);
}

static uint32_t fd_filestat_get(void *ctx, uint32_t fd, uint32_t buf)
{
	w2c_wasi *w = ctx;
	struct stat st;
	wasi_fd *e;
	uint16_t r;

	if ((r = wasi_fd_acquire(w, fd, WASI_RIGHT_FD_FILESTAT_GET, &e)))
		return r;
	if (!wasi_in_bounds(w, buf, 64))
		r = WASI_EFAULT;
	else if (fstat(e->host, &st) < 0)
		r = wasi_errno(errno);
	else
		wasi_store_filestat(wasi_mem(w, buf), &st, e->type);
	wasi_fd_release(w, e);
	return r;
}

static uint16_t do_set_size(int host, const file_op *a)
{
	if (a->len > INT64_MAX)
		return WASI_EINVAL;
	return ftruncate(host, (off_t)a->len) < 0 ? wasi_errno(errno)
	                                          : WASI_ESUCCESS;
}

static uint32_t fd_filestat_set_size(void *ctx, uint32_t fd, uint64_t size)
{
	file_op a = { 0 };

	a.len = size;
	return with_fd(ctx, fd, WASI_RIGHT_FD_FILESTAT_SET_SIZE, do_set_size, &a);
}

static uint16_t do_set_times(int host, const file_op *a)
{
	struct timespec ts[2];
	uint16_t r;

	if ((r = wasi_timespecs(a->atim, a->mtim, a->flags, ts)))
		return r;
	return futimens(host, ts) < 0 ? wasi_errno(errno) : WASI_ESUCCESS;
}

static uint32_t fd_filestat_set_times(void *ctx, uint32_t fd, uint64_t atim,
                                      uint64_t mtim, uint32_t flags)
{
	file_op a = { 0 };

	a.atim = atim;
	a.mtim = mtim;
	a.flags = flags;
	return with_fd(ctx, fd, WASI_RIGHT_FD_FILESTAT_SET_TIMES, do_set_times, &a);
}

/* -------------------------------------------------------------- readdir */

static uint8_t dirent_type(DIR *stream, const struct dirent *de)
{
	struct stat st;

	switch (de->d_type) {
	case DT_REG:
		return WASI_FILETYPE_REGULAR_FILE;
	case DT_DIR:
		return WASI_FILETYPE_DIRECTORY;
	case DT_LNK:
		return WASI_FILETYPE_SYMBOLIC_LINK;
	case DT_CHR:
		return WASI_FILETYPE_CHARACTER_DEVICE;
	case DT_BLK:
		return WASI_FILETYPE_BLOCK_DEVICE;
	case DT_SOCK:
		return WASI_FILETYPE_SOCKET_STREAM;
	case DT_UNKNOWN:
		/* Some file systems don't say: ask. */
		if (fstatat(dirfd(stream), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			return wasi_filetype(-1, &st);
		return WASI_FILETYPE_UNKNOWN;
	default:
		return WASI_FILETYPE_UNKNOWN;
	}
}

/* Reads the next entry into d->last; *end at the end of the directory. */
static uint16_t dir_read(struct wasi_dir *d, bool *end)
{
	struct dirent *de;
	size_t len;

	errno = 0;
	de = readdir(d->stream);
	if (!de) {
		if (errno)
			return wasi_errno(errno);
		*end = true;
		return WASI_ESUCCESS;
	}
	len = strlen(de->d_name);
	if (len > d->last_cap) {
		char *p = realloc(d->last_name, len);
		if (!p)
			return WASI_ENOMEM;
		d->last_name = p;
		d->last_cap = len;
	}
	memcpy(d->last_name, de->d_name, len);
	d->last_len = len;
	d->last_ino = (uint64_t)de->d_ino;
	d->last_type = dirent_type(d->stream, de);
	d->have_last = true;
	d->next++;
	return WASI_ESUCCESS;
}

static void dir_free(struct wasi_dir *d)
{
	closedir(d->stream);
	free(d->last_name);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

/* e's readdir state, made on first use.  Two threads may both make one:
 * the first to install it wins, the other frees its own. */
static uint16_t dir_get(w2c_wasi *w, wasi_fd *e, struct wasi_dir **out)
{
	struct wasi_dir *d;
	int fd;

	pthread_mutex_lock(&w->lock);
	d = e->dir;
	pthread_mutex_unlock(&w->lock);
	if (d) {
		*out = d;
		return WASI_ESUCCESS;
	}
	if (!(d = calloc(1, sizeof *d)))
		return WASI_ENOMEM;
	fd = openat(e->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(d->stream = fdopendir(fd))) {
		uint16_t r = wasi_errno(errno);
		if (fd >= 0)
			close(fd);
		free(d);
		return r;
	}
	if (pthread_mutex_init(&d->lock, NULL)) {
		closedir(d->stream);
		free(d);
		return WASI_ENOMEM;
	}
	pthread_mutex_lock(&w->lock);
	if (!e->dir) {
		e->dir = d;
		d = NULL;
	}
	*out = e->dir;
	pthread_mutex_unlock(&w->lock);
	if (d)
		dir_free(d);
	return WASI_ESUCCESS;
}

/* Fills buf (checked in bounds) with entries from `cookie` on, under
 * d->lock. */
static uint16_t read_entries(w2c_wasi *w, struct wasi_dir *d, uint32_t buf,
                             uint32_t buf_len, uint64_t cookie, uint32_t *used_out)
{
	uint32_t used = 0;
	bool end = false, reuse;
	uint16_t r;

	reuse = cookie != 0 && d->have_last && cookie == d->next - 1;
	if (!reuse && (cookie == 0 || cookie != d->next)) {
		rewinddir(d->stream);
		d->next = 0;
		d->have_last = false;
		while (d->next < cookie && !end)
			if ((r = dir_read(d, &end)))
				return r;
	}

	while (!end && used < buf_len) {
		uint8_t head[24];
		uint32_t room = buf_len - used, n;

		if (!reuse && ((r = dir_read(d, &end)) || end)) {
			if (r && used == 0)
				return r;
			break;
		}
		reuse = false;
		/* $dirent: d_next u64, d_ino u64, d_namlen u32, d_type u8, then
		 * padding to 24 bytes, then the name without a NUL.  A record
		 * that doesn't fit is cut short and fills the buffer. */
		memset(head, 0, sizeof head);
		wasi_st64(head, d->next);
		wasi_st64(head + 8, d->last_ino);
		wasi_st32(head + 16, (uint32_t)d->last_len);
		head[20] = d->last_type;
		n = room < 24 ? room : 24;
		memcpy(wasi_mem(w, buf + used), head, n);
		used += n;
		room -= n;
		n = room < d->last_len ? room : (uint32_t)d->last_len;
		memcpy(wasi_mem(w, buf + used), d->last_name, n);
		used += n;
	}
	*used_out = used;
	return WASI_ESUCCESS;
}

/* Threads reading one directory at once take turns (d->lock): each gets
 * whole entries, as with readdir(3) on a shared DIR. */
static uint32_t fd_readdir(void *ctx, uint32_t fd, uint32_t buf,
                           uint32_t buf_len, uint64_t cookie,
                           uint32_t bufused_ptr)
{
	w2c_wasi *w = ctx;
	struct wasi_dir *d = NULL;
	uint32_t used = 0;
	wasi_fd *e;
	uint16_t r;

	if ((r = wasi_fd_acquire(w, fd, WASI_RIGHT_FD_READDIR, &e)))
		return r;
	if (e->type != WASI_FILETYPE_DIRECTORY)
		r = WASI_ENOTDIR;
	else if (!wasi_in_bounds(w, buf, buf_len) ||
	         !wasi_in_bounds(w, bufused_ptr, 4))
		r = WASI_EFAULT;
	else if (!(r = dir_get(w, e, &d))) {
		pthread_mutex_lock(&d->lock);
		r = read_entries(w, d, buf, buf_len, cookie, &used);
		pthread_mutex_unlock(&d->lock);
	}
	wasi_fd_release(w, e);
	if (!r)
		wasi_put32(w, bufused_ptr, used);
	return r;
}

const wasi_func wasi_fd_funcs[] = {
	{ "fd_advise", "i32 i64 i64 i32 -> i32", (w2c_fnptr)fd_advise },
	{ "fd_allocate", "i32 i64 i64 -> i32", (w2c_fnptr)fd_allocate },
	{ "fd_close", "i32 -> i32", (w2c_fnptr)fd_close },
	{ "fd_datasync", "i32 -> i32", (w2c_fnptr)fd_datasync },
	{ "fd_fdstat_get", "i32 i32 -> i32", (w2c_fnptr)fd_fdstat_get },
	{ "fd_fdstat_set_flags", "i32 i32 -> i32", (w2c_fnptr)fd_fdstat_set_flags },
	{ "fd_fdstat_set_rights", "i32 i64 i64 -> i32",
	  (w2c_fnptr)fd_fdstat_set_rights },
	{ "fd_filestat_get", "i32 i32 -> i32", (w2c_fnptr)fd_filestat_get },
	{ "fd_filestat_set_size", "i32 i64 -> i32", (w2c_fnptr)fd_filestat_set_size },
	{ "fd_filestat_set_times", "i32 i64 i64 i32 -> i32",
	  (w2c_fnptr)fd_filestat_set_times },
	{ "fd_pread", "i32 i32 i32 i64 i32 -> i32", (w2c_fnptr)fd_pread },
	{ "fd_prestat_get", "i32 i32 -> i32", (w2c_fnptr)fd_prestat_get },
	{ "fd_prestat_dir_name", "i32 i32 i32 -> i32", (w2c_fnptr)fd_prestat_dir_name },
	{ "fd_pwrite", "i32 i32 i32 i64 i32 -> i32", (w2c_fnptr)fd_pwrite },
	{ "fd_read", "i32 i32 i32 i32 -> i32", (w2c_fnptr)fd_read },
	{ "fd_readdir", "i32 i32 i32 i64 i32 -> i32", (w2c_fnptr)fd_readdir },
	{ "fd_renumber", "i32 i32 -> i32", (w2c_fnptr)fd_renumber },
	{ "fd_seek", "i32 i64 i32 i32 -> i32", (w2c_fnptr)fd_seek },
	{ "fd_sync", "i32 -> i32", (w2c_fnptr)fd_sync },
	{ "fd_tell", "i32 i32 -> i32", (w2c_fnptr)fd_tell },
	{ "fd_write", "i32 i32 i32 i32 -> i32", (w2c_fnptr)fd_write },
};
const size_t wasi_fd_nfuncs = sizeof wasi_fd_funcs / sizeof wasi_fd_funcs[0];
