/*
 * nospace.c — a full disk, or a disk that cannot read, on demand, for tests
 * (issue 9 point 5).
 *
 * Interposes write(), pwrite(), pwrite64(), pread() and pread64(): while the
 * file "$BAOMI_TEST_NOSPACE_DB.full" exists, every write to the database
 * $BAOMI_TEST_NOSPACE_DB or to its -wal or -journal fails with ENOSPC, as
 * on a full disk (the -shm index is memory, and stays writable). Removing
 * the file frees the space. Likewise, while "$BAOMI_TEST_NOSPACE_DB.eio"
 * exists, every pread()/pread64() of those files fails with EIO, as a disk
 * that cannot read its sectors answers (SQLite: SQLITE_IOERR_READ): an I/O
 * error, which says nothing of the file's pages. Nothing else is touched.
 *
 * Built twice: as a shared module for LD_PRELOAD under a real `baomi serve`
 * (tests/api/faults.test.mjs), and linked into unit tests that
 * set the variable themselves (tests/unit/service/test_faults.c). Never
 * part of the program.
 */
#define _GNU_SOURCE
#undef _FILE_OFFSET_BITS /* pwrite and pwrite64, pread and pread64 are all defined here */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* True when `fd` is the database or its log and the file "<db><fault>" exists. */
static int faulty(int fd, const char *fault)
{
	const char *db = getenv("BAOMI_TEST_NOSPACE_DB");
	char flag[PATH_MAX], link[64], path[PATH_MAX];
	const char *rest;
	struct stat st;
	size_t dblen;
	ssize_t n;

	if (!db || !*db)
		return 0;
	snprintf(flag, sizeof(flag), "%s%s", db, fault);
	if (stat(flag, &st) != 0)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof(path) - 1)) <= 0)
		return 0;
	path[n] = '\0';
	dblen = strlen(db);
	if (strncmp(path, db, dblen) != 0)
		return 0;
	rest = path + dblen;
	return *rest == '\0' || strcmp(rest, "-wal") == 0 || strcmp(rest, "-journal") == 0;
}

/* The next definition of `name` (libc's); POSIX's way to store a dlsym'd function. */
#define NEXT(name, type)                                                                           \
	static type real;                                                                          \
	if (!real)                                                                                 \
		*(void **)&real = dlsym(RTLD_NEXT, name);

ssize_t write(int fd, const void *buf, size_t len)
{
	typedef ssize_t (*fn)(int, const void *, size_t);
	NEXT("write", fn)
	if (faulty(fd, ".full")) {
		errno = ENOSPC;
		return -1;
	}
	return real(fd, buf, len);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	typedef ssize_t (*fn)(int, const void *, size_t, off_t);
	NEXT("pwrite", fn)
	if (faulty(fd, ".full")) {
		errno = ENOSPC;
		return -1;
	}
	return real(fd, buf, len, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off64_t off)
{
	typedef ssize_t (*fn)(int, const void *, size_t, off64_t);
	NEXT("pwrite64", fn)
	if (faulty(fd, ".full")) {
		errno = ENOSPC;
		return -1;
	}
	return real(fd, buf, len, off);
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	typedef ssize_t (*fn)(int, void *, size_t, off_t);
	NEXT("pread", fn)
	if (faulty(fd, ".eio")) {
		errno = EIO;
		return -1;
	}
	return real(fd, buf, len, off);
}

ssize_t pread64(int fd, void *buf, size_t len, off64_t off)
{
	typedef ssize_t (*fn)(int, void *, size_t, off64_t);
	NEXT("pread64", fn)
	if (faulty(fd, ".eio")) {
		errno = EIO;
		return -1;
	}
	return real(fd, buf, len, off);
}
