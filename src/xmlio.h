/* xmlio.h — libxml2/libxslt hardening shared by aw33.c, controlset.c, report.c, render.c. */
#ifndef XMLIO_H
#define XMLIO_H
#include "awint.h"
#endif
