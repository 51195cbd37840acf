#ifndef TACHIKOMA_CLIBEDIT_SHIM_H
#define TACHIKOMA_CLIBEDIT_SHIM_H
#include <histedit.h>
#endif
