#ifndef CAVRA_GIT_STARTUP_H
#define CAVRA_GIT_STARTUP_H

/* Initialises libgit2 for a process that reads local repositories only. */
int cavra_git_startup(void);

#endif
