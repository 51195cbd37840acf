#ifndef CBUILDVERSION_H
#define CBUILDVERSION_H

/// This build's version, as `make` wrote it from `git describe` (scripts/version.sh); "dev" for a
/// plain `swift build`, which writes none.
const char *tachikoma_build_version(void);

#endif
