/* ledger_main.c — aw319ledger: thin command line over the ledger (SPEC 8). */
#include "ledger.h"
#include <stdio.h>

int main(void)
{
    fputs("aw319ledger: not yet supported\n", stderr);
    return 2;
}
