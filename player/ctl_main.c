/* ctl_main.c — the vitrinactl program: everything is in ctl_run() (ctl.h). */
#include <stdio.h>

#include "player/ctl.h"

int main(int argc, char **argv)
{
    return ctl_run(argc, argv, stdout, stderr);
}
