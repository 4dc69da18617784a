/*
 * wasm2c_wasi.c: a minimal WASI preview 1 for modules translated by wabt's
 * wasm2c (1.0.32 naming), just enough for the benchmark programs: standard
 * output and error, arguments (no environment), clocks, random bytes and
 * exit.  Everything else a wasi-libc program may import on startup is a
 * stub that fails the way a host without files would (EBADF, ESPIPE).
 *
 * Built per module: run.py translates with `wasm2c -n prog`, so the module's
 * names are Z_prog_*, and compiles this file beside prog.h:
 *     cc -O2 -I OUT -I /usr/share/wabt/wasm2c wasm2c_wasi.c OUT/prog.c wasm-rt-impl.c -lm
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "prog.h"
#include "wasm-rt-impl.h"

enum {
	WASI_ESUCCESS = 0,
	WASI_EBADF = 8,
	WASI_EFAULT = 21,
	WASI_EINVAL = 28,
	WASI_EIO = 29,
	WASI_ENOSYS = 52,
	WASI_ESPIPE = 70,
};

struct Z_wasi_snapshot_preview1_instance_t {
	wasm_rt_memory_t *memory;
	int argc;
	char **argv;
};

/* A guest range [addr, addr + len) or NULL when it is out of bounds. */
static uint8_t *mem(struct Z_wasi_snapshot_preview1_instance_t *w, uint32_t addr, uint64_t len)
{
	if ((uint64_t)addr + len > w->memory->size)
		return NULL;
	return w->memory->data + addr;
}

static uint32_t load32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);   /* wasm and this host are both little-endian */
	return v;
}

static void store32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void store64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

#define WASI(name) Z_wasi_snapshot_preview1Z_##name
typedef struct Z_wasi_snapshot_preview1_instance_t wasi_t;

u32 WASI(args_sizes_get)(wasi_t *w, u32 argc_out, u32 size_out)
{
	uint8_t *a = mem(w, argc_out, 4), *s = mem(w, size_out, 4);
	uint32_t size = 0;

	if (!a || !s)
		return WASI_EFAULT;
	for (int i = 0; i < w->argc; i++)
		size += (uint32_t)strlen(w->argv[i]) + 1;
	store32(a, (uint32_t)w->argc);
	store32(s, size);
	return WASI_ESUCCESS;
}

u32 WASI(args_get)(wasi_t *w, u32 argv_out, u32 buf_out)
{
	for (int i = 0; i < w->argc; i++) {
		size_t n = strlen(w->argv[i]) + 1;
		uint8_t *slot = mem(w, argv_out + 4u * (uint32_t)i, 4), *buf = mem(w, buf_out, n);
		if (!slot || !buf)
			return WASI_EFAULT;
		store32(slot, buf_out);
		memcpy(buf, w->argv[i], n);
		buf_out += (uint32_t)n;
	}
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

u32 WASI(clock_res_get)(wasi_t *w, u32 id, u32 out)
{
	uint8_t *p = mem(w, out, 8);

	if (!p)
		return WASI_EFAULT;
	if (id > 3)
		return WASI_EINVAL;
	store64(p, 1);
	return WASI_ESUCCESS;
}

/* fd_write(fd, iovs, iovs_len, nwritten): stdout and stderr only */
u32 WASI(fd_write)(wasi_t *w, u32 fd, u32 iovs, u32 n, u32 nwritten_out)
{
	uint8_t *vec = mem(w, iovs, 8ull * n), *nw = mem(w, nwritten_out, 4);
	uint32_t total = 0;

	if (fd != 1 && fd != 2)
		return WASI_EBADF;
	if (!vec || !nw)
		return WASI_EFAULT;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len = load32(vec + 8 * i + 4);
		uint8_t *buf = mem(w, load32(vec + 8 * i), len);
		if (!buf)
			return WASI_EFAULT;
		for (uint32_t done = 0; done < len;) {
			ssize_t k = write((int)fd, buf + done, len - done);
			if (k < 0) {
				if (errno == EINTR)
					continue;
				return WASI_EIO;
			}
			done += (uint32_t)k;
		}
		total += len;
	}
	store32(nw, total);
	return WASI_ESUCCESS;
}

/* fd_read: standard input is empty */
u32 WASI(fd_read)(wasi_t *w, u32 fd, u32 iovs, u32 n, u32 nread_out)
{
	uint8_t *nr = mem(w, nread_out, 4);

	(void)iovs, (void)n;
	if (fd != 0)
		return WASI_EBADF;
	if (!nr)
		return WASI_EFAULT;
	store32(nr, 0);
	return WASI_ESUCCESS;
}

u32 WASI(fd_close)(wasi_t *w, u32 fd)
{
	(void)w;
	return fd <= 2 ? WASI_ESUCCESS : WASI_EBADF;
}

u32 WASI(fd_seek)(wasi_t *w, u32 fd, u64 offset, u32 whence, u32 out)
{
	(void)w, (void)offset, (void)whence, (void)out;
	return fd <= 2 ? WASI_ESPIPE : WASI_EBADF;
}

/* fdstat: filetype (u8), flags (u16 at 2), rights base and inheriting (u64 at 8, 16) */
u32 WASI(fd_fdstat_get)(wasi_t *w, u32 fd, u32 out)
{
	uint8_t *p = mem(w, out, 24);

	if (fd > 2)
		return WASI_EBADF;
	if (!p)
		return WASI_EFAULT;
	memset(p, 0, 24);
	p[0] = 2;   /* character device */
	store64(p + 8, ~0ull);
	store64(p + 16, ~0ull);
	return WASI_ESUCCESS;
}

/* no preopened directories: libc's scan stops at the first EBADF */
u32 WASI(fd_prestat_get)(wasi_t *w, u32 fd, u32 out)
{
	(void)w, (void)fd, (void)out;
	return WASI_EBADF;
}

u32 WASI(fd_prestat_dir_name)(wasi_t *w, u32 fd, u32 path, u32 len)
{
	(void)w, (void)fd, (void)path, (void)len;
	return WASI_EBADF;
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

u32 WASI(sched_yield)(wasi_t *w)
{
	(void)w;
	return WASI_ESUCCESS;
}

void WASI(proc_exit)(wasi_t *w, u32 code)
{
	(void)w;
	exit((int)code);
}

int main(int argc, char **argv)
{
	static Z_prog_instance_t inst;
	wasi_t w = { NULL, argc, argv };
	int trap;

	wasm_rt_init();
	Z_prog_init_module();
	Z_prog_instantiate(&inst, &w);
	w.memory = Z_progZ_memory(&inst);
	trap = wasm_rt_impl_try();
	if (trap) {
		fprintf(stderr, "wasm2c: trap: %s\n", wasm_rt_strerror((wasm_rt_trap_t)trap));
		return 134;
	}
	Z_progZ__start(&inst);
	Z_prog_free(&inst);
	wasm_rt_free();
	return 0;
}
