/* SPDX-License-Identifier: MIT */
/* check_suites.h — one Suite per module; check_main.c runs them all. */
#ifndef CHECK_SUITES_H
#define CHECK_SUITES_H
#include <check.h>
#define SUITES(X) X(date) X(field) X(hidx) X(engine) X(xmlio) X(layout) X(rules) X(content) X(keys) X(aw320) X(reader) \
    X(csv) X(refdata) X(aw33) X(controlset) X(report) X(ledger) X(v14) X(output)
#define DECL(n) Suite *make_##n##_suite(void);
SUITES(DECL)
#undef DECL
#endif
