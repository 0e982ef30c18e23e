/* ledger.h — the history ledger (SQLite) behind aw319ledger and H1-H5 (internal). */
#ifndef LEDGER_H
#define LEDGER_H

#include "awint.h"

#endif
