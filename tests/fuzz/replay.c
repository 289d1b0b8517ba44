/*
 * replay.c — the main of a fuzz driver in the ordinary build: runs
 * LLVMFuzzerTestOneInput once on each file named (a directory stands for
 * its files, in name order) and prints TAP, one line per file, so that
 * tests/run.sh counts the corpus. A driver that finds a broken invariant
 * aborts: the plan then outnumbers the "ok" lines and the exit status is
 * not 0, which run.sh counts as a failure.
 *
 * Usage: replay_X FILE|DIR...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

typedef struct list {
	char **v;
	size_t n, cap;
} list;

static void push(list *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		if (!(l->v = realloc(l->v, l->cap * sizeof(*l->v))))
			abort();
	}
	if (!(l->v[l->n++] = strdup(s)))
		abort();
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds `path`, or the regular files of the directory `path`, sorted. */
static int add(list *l, const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	size_t first = l->n;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		push(l, path);
		return 0;
	}
	if (!(d = opendir(path)))
		return -1;
	while ((e = readdir(d))) {
		char full[4096];
		if (e->d_name[0] == '.')
			continue;
		snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
			push(l, full);
	}
	closedir(d);
	qsort(l->v + first, l->n - first, sizeof(*l->v), by_name);
	return 0;
}

static uint8_t *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			if (!(buf = realloc(buf, cap)))
				abort();
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*size = n;
	return buf;
}

int main(int argc, char **argv)
{
	list files = {0};
	int failed = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++)
		if (add(&files, argv[i]) != 0)
			return 2;
	printf("1..%zu\n", files.n);
	fflush(stdout);
	for (size_t i = 0; i < files.n; i++) {
		size_t size = 0;
		uint8_t *data = slurp(files.v[i], &size);
		if (!data) {
			printf("not ok %zu - %s (unreadable)\n", i + 1, files.v[i]);
			failed = 1;
			free(files.v[i]);
			continue;
		}
		LLVMFuzzerTestOneInput(data, size);
		printf("ok %zu - %s\n", i + 1, files.v[i]);
		fflush(stdout);
		free(data);
		free(files.v[i]);
	}
	free(files.v);
	return failed;
}
