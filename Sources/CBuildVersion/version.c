// The version lives in C because a C file can include a header that may be missing: `make` writes
// build_version.h (git-ignored) from the git tag, and only this file is compiled again when it
// changes. A Swift define cannot carry a string, and -Xcc flags would rebuild every Swift module.
#include "CBuildVersion.h"

#if __has_include("build_version.h")
#include "build_version.h"
#endif

#ifndef TACHIKOMA_VERSION
#define TACHIKOMA_VERSION "dev"
#endif

const char *tachikoma_build_version(void) { return TACHIKOMA_VERSION; }
