/*
 * common.h — included first by every .c file in baomi.
 *
 * Holds what every module shares: fixed-width types, the return codes of
 * fallible functions, the allocator that tests can make fail, and the error
 * side channel (util/error.h).
 */
#ifndef BM_COMMON_H
#define BM_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Return codes. A function that can fail returns int: 0 on success, one of
 * the named expected failures below, or BM_ERROR for anything else. The
 * detail (machine code, rule ID, zh/en message) is set once with
 * bm_error_set() and read by the front end with bm_error_last().
 */
enum {
	BM_OK = 0,
	BM_ERROR = -1,     /* internal failure: I/O, database, bug */
	BM_ENOTFOUND = -2, /* the thing asked for does not exist (or is hidden) */
	BM_EDENIED = -3,   /* a rule or a permission refused */
	BM_EINVALID = -4,  /* the input is malformed or out of range */
	BM_ECONFLICT = -5, /* the input clashes with what is stored */
	BM_ETOOLARGE = -6, /* a size cap was exceeded */
	BM_ENOMEM = -7,    /* out of memory */
	BM_ELOCKED = -8,   /* account or resource locked for a while */
	BM_ECORRUPT = -9,  /* stored data fails its integrity check */
};

#define BM_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define BM_UNUSED(x)    ((void)(x))

#include "util/alloc.h"
#include "util/error.h"

#endif
