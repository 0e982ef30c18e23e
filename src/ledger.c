/* ledger.c — the SQLite history ledger: schema, add, summary, verify (SPEC 8). */
#include "ledger.h"
