/* check_reader.c — Check suite for reader. */
#include "check_suites.h"

Suite *make_reader_suite(void)
{
    Suite *s = suite_create("reader");
    return s;
}
