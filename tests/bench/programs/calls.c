/*
 * calls: call-heavy code, written for w2c's benchmarks.  Doubly recursive
 * Fibonacci, Takeuchi's function, Ackermann's function (deep recursion) and
 * a loop over small functions kept out of line, so the cost is the calls
 * themselves: prologues, stack checks, argument passing.
 */
#include "bench.h"

static NOINLINE uint32_t fib(uint32_t n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static NOINLINE int32_t tak(int32_t x, int32_t y, int32_t z)
{
	return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z;
}

static NOINLINE uint32_t ack(uint32_t m, uint32_t n)
{
	while (m) {
		n = n ? ack(m, n - 1) : 1;
		m--;
	}
	return n + 1;
}

static NOINLINE uint64_t step_a(uint64_t x, uint32_t k) { return x * 6364136223846793005u + k; }
static NOINLINE uint64_t step_b(uint64_t x, uint32_t k) { return (x ^ (x >> 29)) + k * 3u; }
static NOINLINE uint32_t pick(uint64_t x) { return (uint32_t)(x >> 61 ^ x >> 17); }
static NOINLINE double to_unit(uint64_t x) { return (double)(x >> 11) * (1.0 / 9007199254740992.0); }

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	uint64_t reps = bench_n(30, pct), loops = bench_n(60000000, pct);
	uint64_t h = MIX_INIT, x = 1;
	double acc = 0;

	for (uint64_t rep = 0; rep < reps; rep++) {
		h = mix64(h, fib(27 + (uint32_t)(rep % 3)));
		h = mix64(h, (uint64_t)tak(18, 12, 6 + (int32_t)(rep % 2)));
		h = mix64(h, ack(2, 2000 + (uint32_t)rep));
		h = mix64(h, ack(3, 7));
	}
	for (uint64_t i = 0; i < loops; i++) {
		x = pick(x) & 1 ? step_a(x, (uint32_t)i) : step_b(x, (uint32_t)i);
		if ((i & 1023) == 0)
			acc += to_unit(x);
	}
	printf("calls: hash %016llx x %016llx acc %.12f\n", (unsigned long long)h,
	       (unsigned long long)x, acc);
	return 0;
}
