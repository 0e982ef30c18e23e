/* render.c — XSLT renderings of the XML report (html, junit, csv) through libxslt. */
#include "awint.h"
