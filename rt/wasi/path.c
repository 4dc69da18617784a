/*
 * path.c: sandboxed path resolution and the path_* functions.
 *
 * A module names files by a directory descriptor plus a relative path, and
 * must never reach anything outside that directory.  The kernel is never
 * handed a guest path: we walk it one component at a time, each step an
 * openat() of a single name with O_NOFOLLOW | O_DIRECTORY relative to the
 * directory reached so far, so no symlink and no ".." is ever followed by
 * the kernel.  Instead:
 *
 *  - "." is skipped; ".." drops the last component of the walk so far (the
 *    list of real directory names below the base) and reopens the result
 *    from the base, one O_NOFOLLOW step at a time; ".." at the base is
 *    ENOTCAPABLE.
 *  - A symlink met on the way (openat fails with ELOOP or ENOTDIR and
 *    readlinkat succeeds) is expanded in place: its text replaces the
 *    component, relative to the directory holding it, and the walk goes
 *    on, so a link can lead anywhere inside the sandbox and nowhere out.
 *    An absolute target is ENOTCAPABLE; more than MAX_SYMLINKS expansions
 *    is ELOOP.
 *  - The last component is left unopened: the caller applies its *at()
 *    call to (directory, name), with AT_SYMLINK_NOFOLLOW or O_NOFOLLOW.
 *    When the caller wants symlinks followed, a final symlink is expanded
 *    here first, so the kernel still never follows one.
 *
 * Absolute paths are ENOTCAPABLE, paths holding NUL bytes EINVAL, empty
 * ones ENOENT.  A trailing slash makes the last component a directory
 * (followed if it is a symlink, as POSIX says), and the operations check
 * that.  At most two host descriptors are open at any time of the walk.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* renameat */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* As Linux's MAXSYMLINKS. */
#define MAX_SYMLINKS 40
/* The longest path, guest-given or after expanding links. */
#define MAX_PATH_BYTES 65536
/* The longest symlink text we read. */
#define MAX_LINK_BYTES 4096

/* How each step of the walk opens a directory: search rights suffice. */
#if defined(O_PATH)
#define WALK_FLAGS (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#elif defined(O_SEARCH)
#define WALK_FLAGS (O_SEARCH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#else
#define WALK_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#endif

/* A resolved path: do the operation on `name` in directory `dir`. */
typedef struct resolved {
	w2c_wasi *w;
	wasi_fd *base;       /* the guest directory, held until release() */
	int dir;
	bool own_dir;        /* dir is ours to close (not the base's) */
	const char *name;    /* one component: no '/', never "..", maybe "." */
	bool must_be_dir;    /* the path ended in '/' */
	char *work;          /* holds name */
} resolved;

/* The state of a walk. */
typedef struct walk {
	int base;            /* the guest directory's host descriptor */
	int cur;             /* where the walk is; base or owned */
	char *canon;         /* names from base to cur, '/'-separated */
	size_t canon_len, canon_cap;
	unsigned links;
} walk;

static void set_cur(walk *k, int fd)
{
	if (k->cur != k->base)
		close(k->cur);
	k->cur = fd;
}

static uint16_t push_name(walk *k, const char *name, size_t len)
{
	size_t need = k->canon_len + len + 2;

	if (need > k->canon_cap) {
		size_t cap = k->canon_cap ? k->canon_cap * 2 : 256;
		char *p;
		while (cap < need)
			cap *= 2;
		p = realloc(k->canon, cap);
		if (!p)
			return WASI_ENOMEM;
		k->canon = p;
		k->canon_cap = cap;
	}
	if (k->canon_len)
		k->canon[k->canon_len++] = '/';
	memcpy(k->canon + k->canon_len, name, len);
	k->canon_len += len;
	k->canon[k->canon_len] = '\0';
	return WASI_ESUCCESS;
}

/* "..": forget the last directory and reopen its parent from the base. */
static uint16_t go_up(walk *k)
{
	char *name;
	int fd;

	if (k->canon_len == 0)
		return WASI_ENOTCAPABLE;
	while (k->canon_len && k->canon[k->canon_len - 1] != '/')
		k->canon_len--;
	if (k->canon_len)
		k->canon_len--; /* the '/' before the dropped name */
	k->canon[k->canon_len] = '\0';
	set_cur(k, k->base);
	for (name = k->canon; k->canon_len && name;) {
		char *slash = strchr(name, '/');
		if (slash)
			*slash = '\0';
		fd = openat(k->cur, name, WALK_FLAGS);
		if (slash)
			*slash = '/';
		if (fd < 0)
			return wasi_errno(errno);
		set_cur(k, fd);
		name = slash ? slash + 1 : NULL;
	}
	return WASI_ESUCCESS;
}

/* If `name` in the current directory is a symlink, replaces *work by its
 * text followed by `rest` (the path after `name`) and sets *expanded. */
static uint16_t expand_link(walk *k, char **work, const char *name,
                            const char *rest, bool *expanded)
{
	char target[MAX_LINK_BYTES];
	size_t rest_len = strlen(rest);
	ssize_t n;
	char *p;

	*expanded = false;
	n = readlinkat(k->cur, name, target, sizeof target);
	if (n < 0)
		return WASI_ESUCCESS; /* not a link (EINVAL) or not there */
	if ((size_t)n == sizeof target)
		return WASI_ENAMETOOLONG;
	if (n == 0)
		return WASI_ENOENT;
	if (target[0] == '/')
		return WASI_ENOTCAPABLE;
	if (++k->links > MAX_SYMLINKS)
		return WASI_ELOOP;
	if ((size_t)n + 1 + rest_len > MAX_PATH_BYTES)
		return WASI_ENAMETOOLONG;
	p = malloc((size_t)n + 1 + rest_len + 1);
	if (!p)
		return WASI_ENOMEM;
	memcpy(p, target, (size_t)n);
	p[n] = '/';
	memcpy(p + n + 1, rest, rest_len + 1);
	if (rest_len == 0)
		p[n] = '\0'; /* no trailing slash unless the path had one */
	free(*work);
	*work = p;
	*expanded = true;
	return WASI_ESUCCESS;
}

/*
 * The walk itself.  `work` is the remaining path (owned, may be replaced
 * by link expansion).  On success out->name points into out->work.
 */
static uint16_t resolve_walk(walk *k, char *work, bool follow, resolved *out)
{
	size_t pos = 0;
	uint16_t r;

	for (;;) {
		size_t start, end, after;
		bool last, trailing, expanded;
		char saved;

		while (work[pos] == '/')
			pos++;
		start = pos;
		if (!work[start]) {
			/* Nothing left: the path named the directory itself. */
			out->name = ".";
			out->work = work;
			return WASI_ESUCCESS;
		}
		end = start + strcspn(work + start, "/");
		for (after = end; work[after] == '/'; after++)
			;
		last = !work[after];
		trailing = last && after > end;

		if (end - start == 1 && work[start] == '.') {
			pos = after;
			continue;
		}
		if (end - start == 2 && work[start] == '.' && work[start + 1] == '.') {
			if ((r = go_up(k)))
				break;
			pos = after;
			continue;
		}

		saved = work[end];
		work[end] = '\0';
		if (last) {
			out->must_be_dir = trailing;
			if (follow || trailing) {
				if ((r = expand_link(k, &work, work + start,
				                     trailing ? "/" : "", &expanded)))
					break;
				if (expanded) {
					pos = 0;
					continue;
				}
			}
			out->name = work + start;
			out->work = work;
			return WASI_ESUCCESS;
		} else {
			int fd = openat(k->cur, work + start, WALK_FLAGS);
			int err = errno;

			if (fd >= 0) {
				r = push_name(k, work + start, end - start);
				set_cur(k, fd);
				work[end] = saved;
				if (r)
					break;
				pos = after;
				continue;
			}
			if (err != ELOOP && err != ENOTDIR && err != EMLINK) {
				r = wasi_errno(err);
				break;
			}
			if ((r = expand_link(k, &work, work + start, work + after,
			                     &expanded)))
				break;
			if (!expanded) {
				r = wasi_errno(err);
				break;
			}
			pos = 0;
		}
	}
	free(work);
	return r;
}

/* Copies a guest string, refusing what can't be a path. */
static uint16_t copy_path(w2c_wasi *w, uint32_t ptr, uint32_t len, char **out)
{
	char *p;

	if (!wasi_in_bounds(w, ptr, len))
		return WASI_EFAULT;
	if (len > MAX_PATH_BYTES)
		return WASI_ENAMETOOLONG;
	if (memchr(wasi_mem(w, ptr), '\0', len))
		return WASI_EINVAL;
	p = malloc((size_t)len + 1);
	if (!p)
		return WASI_ENOMEM;
	memcpy(p, wasi_mem(w, ptr), len);
	p[len] = '\0';
	*out = p;
	return WASI_ESUCCESS;
}

/*
 * Resolves the guest path at (ptr, len) against directory fd `fd`, which
 * must hold `rights`.  `follow`: expand a final symlink.  On success the
 * caller must call release(), which also lets go of the directory's
 * descriptor: it stays open for the whole operation, whatever another
 * thread closes.
 */
static uint16_t resolve(w2c_wasi *w, uint32_t fd, uint64_t rights,
                        uint32_t ptr, uint32_t len, bool follow, resolved *out)
{
	walk k;
	wasi_fd *e;
	char *work;
	uint16_t r;

	memset(out, 0, sizeof *out);
	out->dir = -1;
	if ((r = wasi_fd_acquire(w, fd, rights, &e)))
		return r;
	if (e->type != WASI_FILETYPE_DIRECTORY)
		r = WASI_ENOTDIR;
	else if (!(r = copy_path(w, ptr, len, &work)) && (!work[0] || work[0] == '/')) {
		r = work[0] ? WASI_ENOTCAPABLE : WASI_ENOENT;
		free(work);
	}
	if (r) {
		wasi_fd_release(w, e);
		return r;
	}
	memset(&k, 0, sizeof k);
	k.base = k.cur = e->host;
	r = resolve_walk(&k, work, follow, out);
	free(k.canon);
	if (r) {
		set_cur(&k, k.base);
		wasi_fd_release(w, e);
		return r;
	}
	out->w = w;
	out->base = e;
	out->dir = k.cur;
	out->own_dir = k.cur != k.base;
	return WASI_ESUCCESS;
}

static void release(resolved *p)
{
	if (p->base)
		wasi_fd_release(p->w, p->base);
	p->base = NULL;
	if (p->own_dir)
		close(p->dir);
	free(p->work);
	p->work = NULL;
	p->own_dir = false;
}

/* For a path that ended in '/': ENOTDIR unless it names a directory
 * (or nothing, for operations that create). */
static uint16_t check_dir(const resolved *p)
{
	struct stat st;

	if (!p->must_be_dir)
		return WASI_ESUCCESS;
	if (fstatat(p->dir, p->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? WASI_ESUCCESS : wasi_errno(errno);
	return S_ISDIR(st.st_mode) ? WASI_ESUCCESS : WASI_ENOTDIR;
}

/* ---------------------------------------------------------- path_open */

enum { /* $oflags */
	OFLAG_CREAT = 1,
	OFLAG_DIRECTORY = 2,
	OFLAG_EXCL = 4,
	OFLAG_TRUNC = 8,
};

#define RIGHTS_READING (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR)
#define RIGHTS_WRITING                                                    \
	(WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_ALLOCATE | \
	 WASI_RIGHT_FD_FILESTAT_SET_SIZE)

static uint32_t path_open(void *ctx, uint32_t fd, uint32_t dirflags,
                          uint32_t path, uint32_t path_len, uint32_t oflags,
                          uint64_t rights_base, uint64_t rights_inheriting,
                          uint32_t fdflags, uint32_t fd_ptr)
{
	w2c_wasi *w = ctx;
	uint64_t need = WASI_RIGHT_PATH_OPEN, base, inheriting, dir_inheriting;
	int flags = O_CLOEXEC | O_NOFOLLOW, host;
	resolved p;
	struct stat st;
	uint32_t newfd;
	uint8_t type;
	uint16_t r;

	if ((oflags & ~UINT32_C(0xf)) || (fdflags & ~UINT32_C(0x1f)) ||
	    (dirflags & ~UINT32_C(1)))
		return WASI_EINVAL;
	if (!wasi_in_bounds(w, fd_ptr, 4))
		return WASI_EFAULT;
	/* Creating a directory is path_create_directory's job; some kernels
	 * would make a regular file here. */
	if ((oflags & OFLAG_CREAT) && (oflags & OFLAG_DIRECTORY))
		return WASI_EINVAL;
	if (oflags & OFLAG_CREAT) {
		need |= WASI_RIGHT_PATH_CREATE_FILE;
		flags |= O_CREAT;
	}
	if (oflags & OFLAG_EXCL)
		flags |= O_EXCL;
	if (oflags & OFLAG_TRUNC) {
		need |= WASI_RIGHT_PATH_FILESTAT_SET_SIZE;
		flags |= O_TRUNC;
	}
	if (oflags & OFLAG_DIRECTORY)
		flags |= O_DIRECTORY;
	if (fdflags & WASI_FDFLAG_APPEND)
		flags |= O_APPEND;
	if (fdflags & WASI_FDFLAG_NONBLOCK)
		flags |= O_NONBLOCK;
	if (fdflags & WASI_FDFLAG_SYNC)
		flags |= O_SYNC;
#ifdef O_DSYNC
	if (fdflags & WASI_FDFLAG_DSYNC)
		flags |= O_DSYNC;
#endif
#ifdef O_RSYNC
	if (fdflags & WASI_FDFLAG_RSYNC)
		flags |= O_RSYNC;
#endif
	/* O_CREAT | O_EXCL never follows a final symlink, as in POSIX. */
	if ((r = resolve(w, fd, need, path, path_len,
	                 (dirflags & 1) && !(oflags & OFLAG_EXCL), &p)))
		return r;
	/* What may be opened through the directory bounds what the new fd
	 * gets; the host access mode follows from the rights left. */
	wasi_fd_rights(w, p.base, NULL, &dir_inheriting);
	base = rights_base & dir_inheriting;
	inheriting = rights_inheriting & dir_inheriting;
	if ((base & RIGHTS_READING) && (base & RIGHTS_WRITING))
		flags |= O_RDWR;
	else if (base & RIGHTS_WRITING)
		flags |= O_WRONLY;
	else
		flags |= O_RDONLY;
	if (p.must_be_dir && (flags & O_CREAT)) {
		release(&p);
		return WASI_EISDIR; /* as open("name/", O_CREAT) */
	}
	if (p.must_be_dir)
		flags |= O_DIRECTORY;
	host = openat(p.dir, p.name, flags, 0666);
	r = host < 0 ? wasi_errno(errno) : WASI_ESUCCESS;
	release(&p);
	if (r)
		return r == WASI_EMLINK ? WASI_ELOOP : r; /* FreeBSD's O_NOFOLLOW */
	if (fstat(host, &st) < 0) {
		r = wasi_errno(errno);
		close(host);
		return r;
	}
	type = wasi_filetype(host, &st);
	base &= wasi_rights_for(host, type);
	if (type != WASI_FILETYPE_DIRECTORY)
		inheriting = 0;
	if ((r = wasi_fd_add(w, host, true, type, base, inheriting, &newfd)))
		return r;
	wasi_put32(w, fd_ptr, newfd);
	return WASI_ESUCCESS;
}

/* ------------------------------------------------- the other path_* */

static uint32_t path_create_directory(void *ctx, uint32_t fd, uint32_t path,
                                      uint32_t path_len)
{
	resolved p;
	uint16_t r;

	if ((r = resolve(ctx, fd, WASI_RIGHT_PATH_CREATE_DIRECTORY, path,
	                 path_len, false, &p)))
		return r;
	if (mkdirat(p.dir, p.name, 0777) < 0)
		r = wasi_errno(errno);
	release(&p);
	return r;
}

static uint32_t path_remove_directory(void *ctx, uint32_t fd, uint32_t path,
                                      uint32_t path_len)
{
	resolved p;
	uint16_t r;

	if ((r = resolve(ctx, fd, WASI_RIGHT_PATH_REMOVE_DIRECTORY, path,
	                 path_len, false, &p)))
		return r;
	if (unlinkat(p.dir, p.name, AT_REMOVEDIR) < 0)
		/* Some systems say EEXIST for a directory that isn't empty. */
		r = errno == EEXIST ? WASI_ENOTEMPTY : wasi_errno(errno);
	release(&p);
	return r;
}

static uint32_t path_unlink_file(void *ctx, uint32_t fd, uint32_t path,
                                 uint32_t path_len)
{
	struct stat st;
	resolved p;
	uint16_t r;

	if ((r = resolve(ctx, fd, WASI_RIGHT_PATH_UNLINK_FILE, path, path_len,
	                 false, &p)))
		return r;
	if (fstatat(p.dir, p.name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		r = wasi_errno(errno);
	else if (S_ISDIR(st.st_mode))
		r = WASI_EISDIR; /* POSIX lets unlink say EPERM; WASI wants this */
	else if (p.must_be_dir)
		r = WASI_ENOTDIR;
	else if (unlinkat(p.dir, p.name, 0) < 0)
		r = errno == EPERM || errno == EISDIR ? WASI_EISDIR : wasi_errno(errno);
	release(&p);
	return r;
}

static uint32_t path_filestat_get(void *ctx, uint32_t fd, uint32_t flags,
                                  uint32_t path, uint32_t path_len,
                                  uint32_t buf)
{
	w2c_wasi *w = ctx;
	struct stat st;
	resolved p;
	uint16_t r;

	if (flags & ~UINT32_C(1))
		return WASI_EINVAL;
	if (!wasi_in_bounds(w, buf, 64))
		return WASI_EFAULT;
	if ((r = resolve(w, fd, WASI_RIGHT_PATH_FILESTAT_GET, path, path_len,
	                 flags & 1, &p)))
		return r;
	if (fstatat(p.dir, p.name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		r = wasi_errno(errno);
	else if (p.must_be_dir && !S_ISDIR(st.st_mode))
		r = WASI_ENOTDIR;
	else
		wasi_store_filestat(wasi_mem(w, buf), &st, wasi_filetype(-1, &st));
	release(&p);
	return r;
}

static uint32_t path_filestat_set_times(void *ctx, uint32_t fd,
                                        uint32_t flags, uint32_t path,
                                        uint32_t path_len, uint64_t atim,
                                        uint64_t mtim, uint32_t fst_flags)
{
	struct timespec ts[2];
	resolved p;
	uint16_t r;

	if (flags & ~UINT32_C(1))
		return WASI_EINVAL;
	if ((r = wasi_timespecs(atim, mtim, fst_flags, ts)))
		return r;
	if ((r = resolve(ctx, fd, WASI_RIGHT_PATH_FILESTAT_SET_TIMES, path,
	                 path_len, flags & 1, &p)))
		return r;
	if (!(r = check_dir(&p)) &&
	    utimensat(p.dir, p.name, ts, AT_SYMLINK_NOFOLLOW) < 0)
		r = wasi_errno(errno);
	release(&p);
	return r;
}

static uint32_t path_link(void *ctx, uint32_t old_fd, uint32_t old_flags,
                          uint32_t old_path, uint32_t old_len, uint32_t new_fd,
                          uint32_t new_path, uint32_t new_len)
{
	resolved a, b;
	uint16_t r;

	if (old_flags & ~UINT32_C(1))
		return WASI_EINVAL;
	if ((r = resolve(ctx, old_fd, WASI_RIGHT_PATH_LINK_SOURCE, old_path,
	                 old_len, old_flags & 1, &a)))
		return r;
	if ((r = resolve(ctx, new_fd, WASI_RIGHT_PATH_LINK_TARGET, new_path,
	                 new_len, false, &b))) {
		release(&a);
		return r;
	}
	if (!(r = check_dir(&a)) &&
	    linkat(a.dir, a.name, b.dir, b.name, 0) < 0)
		r = wasi_errno(errno);
	release(&a);
	release(&b);
	return r;
}

static uint32_t path_rename(void *ctx, uint32_t fd, uint32_t old_path,
                            uint32_t old_len, uint32_t new_fd,
                            uint32_t new_path, uint32_t new_len)
{
	resolved a, b;
	uint16_t r;

	if ((r = resolve(ctx, fd, WASI_RIGHT_PATH_RENAME_SOURCE, old_path,
	                 old_len, false, &a)))
		return r;
	if ((r = resolve(ctx, new_fd, WASI_RIGHT_PATH_RENAME_TARGET, new_path,
	                 new_len, false, &b))) {
		release(&a);
		return r;
	}
	/* "file/" as either name: the source has to be a directory. */
	a.must_be_dir |= b.must_be_dir;
	if (!(r = check_dir(&a)) &&
	    renameat(a.dir, a.name, b.dir, b.name) < 0)
		r = wasi_errno(errno);
	release(&a);
	release(&b);
	return r;
}

static uint32_t path_symlink(void *ctx, uint32_t old_path, uint32_t old_len,
                             uint32_t fd, uint32_t new_path, uint32_t new_len)
{
	w2c_wasi *w = ctx;
	char *target;
	resolved p;
	uint16_t r;

	if ((r = copy_path(w, old_path, old_len, &target)))
		return r;
	/* A link's text is only resolved inside the sandbox, but an absolute
	 * one could only ever point out of it: refuse to make one. */
	if (target[0] == '/' || !target[0]) {
		r = target[0] ? WASI_ENOTCAPABLE : WASI_ENOENT;
		free(target);
		return r;
	}
	if ((r = resolve(w, fd, WASI_RIGHT_PATH_SYMLINK, new_path, new_len, false,
	                 &p))) {
		free(target);
		return r;
	}
	if (symlinkat(target, p.dir, p.name) < 0)
		r = wasi_errno(errno);
	release(&p);
	free(target);
	return r;
}

static uint32_t path_readlink(void *ctx, uint32_t fd, uint32_t path,
                              uint32_t path_len, uint32_t buf,
                              uint32_t buf_len, uint32_t bufused_ptr)
{
	w2c_wasi *w = ctx;
	char text[MAX_LINK_BYTES];
	resolved p;
	ssize_t n;
	uint16_t r;

	if (!wasi_in_bounds(w, buf, buf_len) || !wasi_in_bounds(w, bufused_ptr, 4))
		return WASI_EFAULT;
	if ((r = resolve(w, fd, WASI_RIGHT_PATH_READLINK, path, path_len, false,
	                 &p)))
		return r;
	n = readlinkat(p.dir, p.name, text, sizeof text);
	if (n < 0)
		r = wasi_errno(errno);
	release(&p);
	if (r)
		return r;
	/* Like readlink(2), a short buffer gets the start of the text. */
	if ((size_t)n > buf_len)
		n = (ssize_t)buf_len;
	memcpy(wasi_mem(w, buf), text, (size_t)n);
	wasi_put32(w, bufused_ptr, (uint32_t)n);
	return WASI_ESUCCESS;
}

const wasi_func wasi_path_funcs[] = {
	{ "path_create_directory", "i32 i32 i32 -> i32",
	  (w2c_fnptr)path_create_directory },
	{ "path_filestat_get", "i32 i32 i32 i32 i32 -> i32",
	  (w2c_fnptr)path_filestat_get },
	{ "path_filestat_set_times", "i32 i32 i32 i32 i64 i64 i32 -> i32",
	  (w2c_fnptr)path_filestat_set_times },
	{ "path_link", "i32 i32 i32 i32 i32 i32 i32 -> i32", (w2c_fnptr)path_link },
	{ "path_open", "i32 i32 i32 i32 i32 i64 i64 i32 i32 -> i32",
	  (w2c_fnptr)path_open },
	{ "path_readlink", "i32 i32 i32 i32 i32 i32 -> i32", (w2c_fnptr)path_readlink },
	{ "path_remove_directory", "i32 i32 i32 -> i32",
	  (w2c_fnptr)path_remove_directory },
	{ "path_rename", "i32 i32 i32 i32 i32 i32 -> i32", (w2c_fnptr)path_rename },
	{ "path_symlink", "i32 i32 i32 i32 i32 -> i32", (w2c_fnptr)path_symlink },
	{ "path_unlink_file", "i32 i32 i32 -> i32", (w2c_fnptr)path_unlink_file },
};
const size_t wasi_path_nfuncs = sizeof wasi_path_funcs / sizeof wasi_path_funcs[0];
