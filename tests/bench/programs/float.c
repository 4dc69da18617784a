/*
 * float: floating-point kernels, written for w2c's benchmarks.  A gravity
 * simulation of a few dozen bodies in double precision (sqrt and division in
 * the inner loop) and a Mandelbrot set escape count in single precision.
 * Only + - * / and sqrt, which IEEE 754 rounds the same everywhere.
 */
#include <math.h>
#include "bench.h"

#define NB 40

typedef struct {
	double x, y, z, vx, vy, vz, m;
} body;

static void advance(body *b, int n, double dt)
{
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++) {
			double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
			double d2 = dx * dx + dy * dy + dz * dz + 0.01;
			double mag = dt / (d2 * sqrt(d2));
			b[i].vx -= dx * b[j].m * mag;
			b[i].vy -= dy * b[j].m * mag;
			b[i].vz -= dz * b[j].m * mag;
			b[j].vx += dx * b[i].m * mag;
			b[j].vy += dy * b[i].m * mag;
			b[j].vz += dz * b[i].m * mag;
		}
	for (int i = 0; i < n; i++) {
		b[i].x += dt * b[i].vx;
		b[i].y += dt * b[i].vy;
		b[i].z += dt * b[i].vz;
	}
}

static double energy(const body *b, int n)
{
	double e = 0;

	for (int i = 0; i < n; i++) {
		e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
		for (int j = i + 1; j < n; j++) {
			double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
			e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz + 0.01);
		}
	}
	return e;
}

static uint64_t mandel(int w, int h, int maxit, float cx, float cy, float scale)
{
	uint64_t total = 0;

	for (int py = 0; py < h; py++)
		for (int px = 0; px < w; px++) {
			float x0 = cx + ((float)px - (float)w * 0.5f) * scale;
			float y0 = cy + ((float)py - (float)h * 0.5f) * scale;
			float x = 0, y = 0;
			int it = 0;
			while (it < maxit && x * x + y * y <= 4.0f) {
				float t = x * x - y * y + x0;
				y = 2.0f * x * y + y0;
				x = t;
				it++;
			}
			total += (uint64_t)it * (uint64_t)(px + 1);
		}
	return total;
}

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	uint64_t steps = bench_n(18000, pct), frames = bench_n(18, pct);
	body b[NB];
	rng_t r = { 1 };
	uint64_t mt = 0;

	for (int i = 0; i < NB; i++) {
		b[i].x = (double)rng_below(&r, 20001) / 1000.0 - 10.0;
		b[i].y = (double)rng_below(&r, 20001) / 1000.0 - 10.0;
		b[i].z = (double)rng_below(&r, 2001) / 1000.0 - 1.0;
		b[i].vx = b[i].y * 0.05;
		b[i].vy = -b[i].x * 0.05;
		b[i].vz = 0;
		b[i].m = 0.5 + (double)rng_below(&r, 1000) / 1000.0;
	}
	double e0 = energy(b, NB);
	for (uint64_t s = 0; s < steps; s++)
		advance(b, NB, 0.001);
	double e1 = energy(b, NB);
	for (uint64_t f = 0; f < frames; f++)
		mt += mandel(320, 240, 400, -0.7435f, 0.1314f, 0.00002f * (float)(f + 1));
	printf("nbody: energy %.12e -> %.12e, x0 %.12e\n", e0, e1, b[0].x);
	printf("mandel: %llu\n", (unsigned long long)mt);
	return 0;
}
