#!/bin/sh
# SPDX-License-Identifier: MIT
# .ci/deps.sh — install the build and test dependencies on Debian 12 (run as root).
# Every package is Debian's own: the toolchain, autotools, libxml2/libxslt, SQLite, Check,
# xmllint (schema checks in tests), valgrind (CI's memory check), clang with libFuzzer (the
# compiler-rt of clang-14 is in libclang-rt-14-dev; fuzz/), GNU time (bench/run.sh) and
# gettext (msgfmt builds the Dutch catalogue; xgettext/msgmerge check it is complete).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    build-essential autoconf automake libtool pkg-config \
    libxml2-dev libxslt1-dev libsqlite3-dev nettle-dev check \
    libxml2-utils sqlite3 valgrind ca-certificates \
    clang libclang-rt-14-dev time gettext >/dev/null
