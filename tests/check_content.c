/* check_content.c — Check suite for content. */
#include "check_suites.h"

Suite *make_content_suite(void)
{
    Suite *s = suite_create("content");
    return s;
}
