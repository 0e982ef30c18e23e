/* refrules.c — rules R1-R11 against the reference data (SPEC 4.4, 4.5). */
#include "refdata.h"
