/* census.h: at exit, count the children the program never reaped.
 *
 * Shared by the caps and faults shims. A zombie is a child that exited and
 * was never waited for; once the program exits, init reaps it and the
 * evidence is gone, so the count is taken in a destructor, while the program
 * is still its parent. Only the process the shim was loaded into reports;
 * forked children that call exit() stay quiet. */
#ifndef DODONT_CENSUS_H
#define DODONT_CENSUS_H

#include "shim_real.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

static pid_t census_owner;

static int census_zombies(void)
{
	int zombies = 0;
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	for (struct dirent *de; (de = readdir(d));) {
		char path[300], buf[512];
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
		/* raw calls: the faults shim's open() and read() would count
		 * these as the program's, and may fail them on purpose */
		int fd = raw_open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		long len = raw_read(fd, buf, sizeof buf - 1);
		raw_close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		char *rp = strrchr(buf, ')');
		char state;
		long ppid;
		if (rp && sscanf(rp + 1, " %c %ld", &state, &ppid) == 2 &&
		    state == 'Z' && ppid == (long)getpid())
			zombies++;
	}
	closedir(d);
	return zombies;
}

__attribute__((constructor)) static void census_start(void)
{
	census_owner = getpid();
}

__attribute__((destructor)) static void census_report(void)
{
	if (getpid() != census_owner)
		return;
	int zombies = census_zombies();
	if (zombies > 0) {
		char line[96];
		snprintf(line, sizeof line, "[dodont-census] %d zombie children at exit "
			 "(never reaped)\n", zombies);
		shim_say(line);
	}
}

#endif
