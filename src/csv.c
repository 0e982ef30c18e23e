/* csv.c — reader for the reference-data CSV files (SPEC 2.2). */
#include "refdata.h"
