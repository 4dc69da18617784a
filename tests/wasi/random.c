/*
 * random.c: random_get through getentropy and arc4random-style use: bytes
 * come, differ between calls, and look random.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "wasi_test.h"

int main(void)
{
	unsigned char a[256], b[256];
	static unsigned char big[1 << 16];
	int counts[256] = { 0 }, i, zeros = 0, min = 1 << 30, max = 0;

	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	printf("getentropy 256: %d\n", getentropy(a, sizeof a));
	printf("getentropy 256 again: %d\n", getentropy(b, sizeof b));
	printf("the two differ: %d\n", memcmp(a, b, sizeof a) != 0);
	for (i = 0; i < 256; i++)
		zeros += a[i] == 0;
	printf("few zero bytes: %d\n", zeros < 16);
	errno = 0;
	i = getentropy(big, 257);
	printf("getentropy 257: %d %s\n", i, errname(errno));
	printf("getentropy 0: %d\n", getentropy(a, 0));

	/* 64 KiB through 256-byte calls: every byte value turns up about
	 * 256 times. */
	for (i = 0; i < (int)sizeof big; i += 256)
		getentropy(big + i, 256);
	for (i = 0; i < (int)sizeof big; i++)
		counts[big[i]]++;
	for (i = 0; i < 256; i++) {
		if (counts[i] < min)
			min = counts[i];
		if (counts[i] > max)
			max = counts[i];
	}
	printf("byte counts between 150 and 400: %d\n", min > 150 && max < 400);
	return 0;
}
