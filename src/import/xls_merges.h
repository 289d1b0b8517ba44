/*
 * xls_merges.h — the merged ranges of an .xls's first worksheet, read with
 * libgsf from the BIFF8 MergeCells records (libfreexl gives none); the
 * import layer's own, used by sheet.c.
 */
#ifndef BM_IMPORT_XLS_MERGES_H
#define BM_IMPORT_XLS_MERGES_H

#include "import/sheet.h"

/*
 * The merged ranges of the first worksheet of the .xls `data` into `out`
 * (`n` of them, in `a`; none for a BIFF5 file). Errors: import_format (the
 * compound file or its records broken), BM_ETOOLARGE past the limits.
 */
int bm_import_xls_merges(bm_arena *a, const void *data, size_t len, bm_import_merge **out,
                         size_t *n);

#endif
