/*
 * fuzz.h — what the drivers share: the libFuzzer entry point and a check
 * that holds in every build (not assert: it is not compiled out by NDEBUG).
 * A broken invariant prints what broke and aborts, which libFuzzer reports
 * as a crash and the replay (replay.c) as a failed test.
 */
#ifndef BM_FUZZ_H
#define BM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional: once, before the first input (replay.c calls it too). */
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...)                                                                      \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz: invariant broken at %s:%d: %s\n", __FILE__,         \
			        __LINE__, #cond);                                                  \
			fprintf(stderr, "fuzz: " __VA_ARGS__);                                     \
			fputc('\n', stderr);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
