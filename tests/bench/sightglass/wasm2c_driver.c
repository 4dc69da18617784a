/*
 * wasm2c_driver.c: runs a Sightglass benchmark module translated by wabt's
 * wasm2c 1.0.32 (`wasm2c MODULE.wasm -n prog -o prog.c`) the way
 * w2c_driver.c runs w2c's: WASI preview 1 with the current directory
 * preopened as "." (fd 3), files opened under it, no arguments beyond the
 * name and no environment, and the `bench` imports timing the work into
 * $W2C_BENCH_TIME.  Enough WASI for the suite's C, Rust and TinyGo
 * programs: arguments, environment, clocks, random bytes, exit, and files
 * (open, read, write, seek, stat, close); poll_oneoff is ENOSYS.
 *
 * sightglass.py writes instantiate.h, the arguments of Z_prog_instantiate
 * in the order the generated prog.h wants them (one struct per imported
 * module), and builds:
 *     cc -O2 -I OUT -I /usr/share/wabt/wasm2c wasm2c_driver.c OUT/prog.c wasm-rt-impl.c -lm
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "prog.h"
#include "wasm-rt-impl.h"

enum {
	WASI_ESUCCESS = 0, WASI_EACCES = 2, WASI_EBADF = 8, WASI_EEXIST = 20, WASI_EFAULT = 21,
	WASI_EINVAL = 28, WASI_EIO = 29, WASI_EISDIR = 31, WASI_EMFILE = 33, WASI_ENOENT = 44,
	WASI_ENOSYS = 52, WASI_ENOTDIR = 54, WASI_ESPIPE = 70,
};

enum { MAX_FDS = 64 };

struct Z_wasi_snapshot_preview1_instance_t {
	wasm_rt_memory_t *memory;
	int fds[MAX_FDS];   /* guest fd -> host fd, -1 when closed */
};
struct Z_bench_instance_t {
	struct timespec start, end;
	int starts, ends;
};

typedef struct Z_wasi_snapshot_preview1_instance_t wasi_t;
#define WASI(name) Z_wasi_snapshot_preview1Z_##name

static uint8_t *mem(wasi_t *w, uint32_t addr, uint64_t len)
{
	if ((uint64_t)addr + len > w->memory->size)
		return NULL;
	return w->memory->data + addr;
}

static uint32_t load32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static void store32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void store64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static uint32_t wasi_errno(int e)
{
	switch (e) {
	case EACCES: case EPERM: return WASI_EACCES;
	case EBADF: return WASI_EBADF;
	case EEXIST: return WASI_EEXIST;
	case EINVAL: return WASI_EINVAL;
	case EISDIR: return WASI_EISDIR;
	case EMFILE: return WASI_EMFILE;
	case ENOENT: return WASI_ENOENT;
	case ENOTDIR: return WASI_ENOTDIR;
	case ESPIPE: return WASI_ESPIPE;
	default: return WASI_EIO;
	}
}

static int host_fd(wasi_t *w, uint32_t fd)
{
	return fd < MAX_FDS ? w->fds[fd] : -1;
}

/* CLOCK_PROCESS_CPUTIME_ID with $W2C_BENCH_CLOCK=cpu, as w2c_driver.c */
static clockid_t bench_clock = CLOCK_MONOTONIC;

void Z_benchZ_start(struct Z_bench_instance_t *b)
{
	b->starts++;
	clock_gettime(bench_clock, &b->start);
}

void Z_benchZ_end(struct Z_bench_instance_t *b)
{
	clock_gettime(bench_clock, &b->end);
	b->ends++;
}

u32 WASI(args_sizes_get)(wasi_t *w, u32 argc_out, u32 size_out)
{
	uint8_t *a = mem(w, argc_out, 4), *s = mem(w, size_out, 4);

	if (!a || !s)
		return WASI_EFAULT;
	store32(a, 1);
	store32(s, sizeof "benchmark.wasm");
	return WASI_ESUCCESS;
}

u32 WASI(args_get)(wasi_t *w, u32 argv_out, u32 buf_out)
{
	uint8_t *slot = mem(w, argv_out, 4), *buf = mem(w, buf_out, sizeof "benchmark.wasm");

	if (!slot || !buf)
		return WASI_EFAULT;
	store32(slot, buf_out);
	memcpy(buf, "benchmark.wasm", sizeof "benchmark.wasm");
	return WASI_ESUCCESS;
}

u32 WASI(environ_sizes_get)(wasi_t *w, u32 count_out, u32 size_out)
{
	uint8_t *c = mem(w, count_out, 4), *s = mem(w, size_out, 4);

	if (!c || !s)
		return WASI_EFAULT;
	store32(c, 0);
	store32(s, 0);
	return WASI_ESUCCESS;
}

u32 WASI(environ_get)(wasi_t *w, u32 env_out, u32 buf_out)
{
	(void)w, (void)env_out, (void)buf_out;
	return WASI_ESUCCESS;
}

u32 WASI(clock_time_get)(wasi_t *w, u32 id, u64 precision, u32 out)
{
	static const clockid_t ids[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
	                                 CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID };
	uint8_t *p = mem(w, out, 8);
	struct timespec ts;

	(void)precision;
	if (!p)
		return WASI_EFAULT;
	if (id > 3 || clock_gettime(ids[id], &ts) != 0)
		return WASI_EINVAL;
	store64(p, (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
	return WASI_ESUCCESS;
}

u32 WASI(random_get)(wasi_t *w, u32 buf, u32 len)
{
	uint8_t *p = mem(w, buf, len);
	static uint64_t s = 0x853c49e6748fea9bu;

	if (!p)
		return WASI_EFAULT;
	for (uint32_t i = 0; i < len; i++) {
		s = s * 6364136223846793005u + 1442695040888963407u;
		p[i] = (uint8_t)(s >> 56);
	}
	return WASI_ESUCCESS;
}

u32 WASI(poll_oneoff)(wasi_t *w, u32 in, u32 out, u32 n, u32 nevents)
{
	(void)w, (void)in, (void)out, (void)n, (void)nevents;
	return WASI_ENOSYS;
}

void WASI(proc_exit)(wasi_t *w, u32 code)
{
	(void)w;
	exit((int)code);
}

/* readv/writev through the guest's iovec array */
static u32 rw(wasi_t *w, u32 fd, u32 iovs, u32 n, u32 done_out, int writing)
{
	uint8_t *vec = mem(w, iovs, 8ull * n), *out = mem(w, done_out, 4);
	int h = host_fd(w, fd);
	uint32_t total = 0;

	if (h < 0 || fd == 3)
		return WASI_EBADF;
	if (!vec || !out)
		return WASI_EFAULT;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len = load32(vec + 8 * i + 4), got = 0;
		uint8_t *buf = mem(w, load32(vec + 8 * i), len);
		if (!buf)
			return WASI_EFAULT;
		while (got < len) {
			ssize_t k = writing ? write(h, buf + got, len - got) : read(h, buf + got, len - got);
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0)
				return wasi_errno(errno);
			if (k == 0)
				break;
			got += (uint32_t)k;
		}
		total += got;
		if (got < len)
			break;
	}
	store32(out, total);
	return WASI_ESUCCESS;
}

u32 WASI(fd_write)(wasi_t *w, u32 fd, u32 iovs, u32 n, u32 out)
{
	return rw(w, fd, iovs, n, out, 1);
}

u32 WASI(fd_read)(wasi_t *w, u32 fd, u32 iovs, u32 n, u32 out)
{
	return rw(w, fd, iovs, n, out, 0);
}

u32 WASI(fd_close)(wasi_t *w, u32 fd)
{
	int h = host_fd(w, fd);

	if (h < 0)
		return WASI_EBADF;
	if (fd > 3)
		close(h);
	w->fds[fd] = -1;
	return WASI_ESUCCESS;
}

u32 WASI(fd_sync)(wasi_t *w, u32 fd)
{
	return host_fd(w, fd) < 0 ? WASI_EBADF : WASI_ESUCCESS;
}

u32 WASI(fd_seek)(wasi_t *w, u32 fd, u64 offset, u32 whence, u32 out)
{
	static const int how[] = { SEEK_SET, SEEK_CUR, SEEK_END };
	uint8_t *p = mem(w, out, 8);
	int h = host_fd(w, fd);
	off_t r;

	if (h < 0)
		return WASI_EBADF;
	if (!p)
		return WASI_EFAULT;
	if (whence > 2)
		return WASI_EINVAL;
	if (fd <= 3)
		return WASI_ESPIPE;
	r = lseek(h, (off_t)offset, how[whence]);
	if (r < 0)
		return wasi_errno(errno);
	store64(p, (uint64_t)r);
	return WASI_ESUCCESS;
}

static uint8_t filetype(mode_t m)
{
	return S_ISDIR(m) ? 3 : S_ISREG(m) ? 4 : S_ISCHR(m) ? 2 : S_ISBLK(m) ? 1 : 0;
}

/* fdstat: filetype (u8), flags (u16 at 2), rights base and inheriting (u64 at 8, 16) */
u32 WASI(fd_fdstat_get)(wasi_t *w, u32 fd, u32 out)
{
	uint8_t *p = mem(w, out, 24);
	int h = host_fd(w, fd);
	struct stat st;

	if (h < 0)
		return WASI_EBADF;
	if (!p)
		return WASI_EFAULT;
	memset(p, 0, 24);
	p[0] = fd <= 2 ? 2 : fstat(h, &st) == 0 ? filetype(st.st_mode) : 0;
	store64(p + 8, ~0ull);
	store64(p + 16, ~0ull);
	return WASI_ESUCCESS;
}

/* filestat: dev, ino (u64), filetype (u8 at 16), nlink, size, atim, mtim, ctim (u64 at 24..) */
static u32 put_stat(uint8_t *p, const struct stat *st)
{
	if (!p)
		return WASI_EFAULT;
	memset(p, 0, 64);
	store64(p, (uint64_t)st->st_dev);
	store64(p + 8, (uint64_t)st->st_ino);
	p[16] = filetype(st->st_mode);
	store64(p + 24, (uint64_t)st->st_nlink);
	store64(p + 32, (uint64_t)st->st_size);
	store64(p + 40, (uint64_t)st->st_atim.tv_sec * 1000000000u + (uint64_t)st->st_atim.tv_nsec);
	store64(p + 48, (uint64_t)st->st_mtim.tv_sec * 1000000000u + (uint64_t)st->st_mtim.tv_nsec);
	store64(p + 56, (uint64_t)st->st_ctim.tv_sec * 1000000000u + (uint64_t)st->st_ctim.tv_nsec);
	return WASI_ESUCCESS;
}

u32 WASI(fd_filestat_get)(wasi_t *w, u32 fd, u32 out)
{
	int h = host_fd(w, fd);
	struct stat st;

	if (h < 0)
		return WASI_EBADF;
	if (fstat(h, &st) != 0)
		return wasi_errno(errno);
	return put_stat(mem(w, out, 64), &st);
}

/* A guest path under a directory fd, as a host string (no escaping the
 * directory is checked: the benchmarks are trusted). */
static int guest_path(wasi_t *w, u32 path, u32 len, char *out, size_t size)
{
	uint8_t *p = mem(w, path, len);

	if (!p || len >= size)
		return 0;
	memcpy(out, p, len);
	out[len] = 0;
	return 1;
}

u32 WASI(path_filestat_get)(wasi_t *w, u32 fd, u32 flags, u32 path, u32 len, u32 out)
{
	char name[4096];
	struct stat st;
	int h = host_fd(w, fd);

	if (h < 0)
		return WASI_EBADF;
	if (!guest_path(w, path, len, name, sizeof name))
		return WASI_EFAULT;
	if (fstatat(h, name, &st, flags & 1 ? 0 : AT_SYMLINK_NOFOLLOW) != 0)
		return wasi_errno(errno);
	return put_stat(mem(w, out, 64), &st);
}

/* oflags: creat 1, directory 2, excl 4, trunc 8; rights: fd_read 2, fd_write 64 */
u32 WASI(path_open)(wasi_t *w, u32 dirfd, u32 lookup, u32 path, u32 len, u32 oflags,
                    u64 base, u64 inheriting, u32 fdflags, u32 fd_out)
{
	char name[4096];
	uint8_t *p = mem(w, fd_out, 4);
	int h = host_fd(w, dirfd), flags, fd;
	u32 g;

	(void)lookup, (void)inheriting;
	if (h < 0)
		return WASI_EBADF;
	if (!p || !guest_path(w, path, len, name, sizeof name))
		return WASI_EFAULT;
	flags = (base & 64) ? ((base & 2) ? O_RDWR : O_WRONLY) : O_RDONLY;
	if (oflags & 1) flags |= O_CREAT;
	if (oflags & 2) flags |= O_DIRECTORY;
	if (oflags & 4) flags |= O_EXCL;
	if (oflags & 8) flags |= O_TRUNC;
	if (fdflags & 1) flags |= O_APPEND;
	for (g = 4; g < MAX_FDS && w->fds[g] >= 0; g++)
		;
	if (g == MAX_FDS)
		return WASI_EMFILE;
	fd = openat(h, name, flags | O_CLOEXEC, 0666);
	if (fd < 0)
		return wasi_errno(errno);
	w->fds[g] = fd;
	store32(p, g);
	return WASI_ESUCCESS;
}

/* fd 3 is the preopened ".": prestat tag 0 (a directory), name length 1 */
u32 WASI(fd_prestat_get)(wasi_t *w, u32 fd, u32 out)
{
	uint8_t *p = mem(w, out, 8);

	if (fd != 3 || w->fds[3] < 0)
		return WASI_EBADF;
	if (!p)
		return WASI_EFAULT;
	memset(p, 0, 8);
	store32(p + 4, 1);
	return WASI_ESUCCESS;
}

u32 WASI(fd_prestat_dir_name)(wasi_t *w, u32 fd, u32 path, u32 len)
{
	uint8_t *p = mem(w, path, len);

	if (fd != 3)
		return WASI_EBADF;
	if (!p || len < 1)
		return WASI_EFAULT;
	p[0] = '.';
	return WASI_ESUCCESS;
}

int main(void)
{
	static Z_prog_instance_t inst;
	static wasi_t w;
	static struct Z_bench_instance_t bench;
	const char *out = getenv("W2C_BENCH_TIME");
	const char *clk = getenv("W2C_BENCH_CLOCK");
	int trap, i;

	if (clk && strcmp(clk, "cpu") == 0)
		bench_clock = CLOCK_PROCESS_CPUTIME_ID;

	for (i = 0; i < MAX_FDS; i++)
		w.fds[i] = i < 3 ? i : -1;
	w.fds[3] = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	wasm_rt_init();
	Z_prog_init_module();
	Z_prog_instantiate(&inst,
#include "instantiate.h"
	);
	w.memory = Z_progZ_memory(&inst);
	trap = wasm_rt_impl_try();
	if (trap) {
		fprintf(stderr, "wasm2c: trap: %s\n", wasm_rt_strerror((wasm_rt_trap_t)trap));
		return 134;
	}
	Z_progZ__start(&inst);
	Z_prog_free(&inst);
	wasm_rt_free();
	if (out && bench.starts == 1 && bench.ends == 1) {
		FILE *f = fopen(out, "w");
		long long ns = (long long)(bench.end.tv_sec - bench.start.tv_sec) * 1000000000LL +
		               (bench.end.tv_nsec - bench.start.tv_nsec);
		if (!f || fprintf(f, "%lld\n", ns) < 0 || fclose(f) != 0)
			return 1;
	}
	return 0;
}
