/* SPDX-License-Identifier: MIT */
/* record.h — the parsed records the engine hands to the rule modules: the voorlooprecord's
 * facts and a trusted prestatierecord. */
#ifndef AW_RECORD_H
#define AW_RECORD_H

#include "core.h"

/* The parsed prestatierecord handed to content, reference and history rules. */
typedef struct rec04 {
    unsigned long line;
    const char *raw;           /* 310 bytes */
    char bsn[10];              /* 0403 digits */
    uint32_t bsn_num;
    char prestatiecode[6];     /* 0417 without trailing spaces */
    unsigned functie;          /* 0412, 0 = absent */
    unsigned zzp;              /* 0413, 0 = absent */
    long begin, end;           /* 0414/0415 in days since 1970 */
    long begin_ymd, end_ymd;   /* same as CCYYMMDD */
    unsigned aantal;           /* 0418 */
    unsigned eenheid;          /* 0419 */
    unsigned percentage;       /* 0424, hundredths */
    uint64_t tarief;           /* 0425, cents */
    uint64_t berekend;         /* 0426 */
    char dc;                   /* 0427 'D' or 'C' */
    unsigned btw;              /* 0428 */
    uint64_t bedrag;           /* 0429 */
    char dc2;                  /* 0430 */
    char ref[21];              /* 0431, trailing spaces removed */
    char prevref[21];          /* 0432, "" when absent */
} rec04;

/* The header facts the content rules use; *_ok = 0 when the field had a finding. */
typedef struct hdr01 {
    int present;
    char uzovi[5]; int uzovi_ok;                 /* 0108 */
    char instelling[9]; uint32_t instelling_num; int instelling_ok; /* 0112 */
    long period_begin, period_end; int period_ok; /* 0114/0115 as days */
    char factuur[13]; int factuur_ok;            /* 0116 */
    long dagtekening; int dagtekening_ok;        /* 0117 as days */
} hdr01;

#endif
