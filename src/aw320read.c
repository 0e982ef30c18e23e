/* aw320read.c — reader of AW320 return files (for the ledger). */
#include "ledger.h"
