// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr-size: the static_size_mb (and QEMU size=) for a Looking Glass
 * resolution: width x height x 4 bytes x 2 frames + 10 MiB, rounded up to
 * a power of two MiB; HDR (16-bit float per channel) doubles the frames.
 *
 * usage: kvmfr-size [--hdr] WIDTH HEIGHT      prints the size in MiB
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse(const char *s, uint64_t *v)
{
	char *end;

	*v = strtoull(s, &end, 10);
	return *s && !*end && *v > 0 && *v <= 65536;
}

int main(int argc, char **argv)
{
	uint64_t w, h, bytes, mib, p = 1;
	int hdr = 0, i = 1;

	if (argc > 1 && !strcmp(argv[1], "--hdr")) {
		hdr = 1;
		i++;
	}
	if (argc - i != 2 || !parse(argv[i], &w) || !parse(argv[i + 1], &h)) {
		fprintf(stderr, "usage: %s [--hdr] WIDTH HEIGHT  (1..65536)\n", argv[0]);
		return 2;
	}
	bytes = w * h * 4 * 2 * (hdr ? 2 : 1) + (10ULL << 20);
	mib = (bytes + (1 << 20) - 1) >> 20;
	while (p < mib)
		p <<= 1;
	printf("%llu\n", (unsigned long long)p);
	return 0;
}
