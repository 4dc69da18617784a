/*
 * readdir.c: listing directories through wasi-libc: hundreds of entries
 * with long names (many fd_readdir calls, records cut at buffer ends),
 * entry types, seekdir and telldir, rewinddir seeing new entries, an empty
 * directory, and scandir.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_test.h"

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in `path` but "." and "..", sorted; returns how many. */
static int names_of(DIR *d, char **names, int max)
{
	struct dirent *de;
	int n = 0;

	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && n < max)
			names[n++] = strdup(de->d_name);
	qsort(names, (size_t)n, sizeof names[0], cmp);
	return n;
}

static int not_dots(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

int main(void)
{
	static char *names[1000];
	static const char *const typed[3] = { "000-a", "zdir", "zlink" };
	int types[3] = { -1, -1, -1 };
	char name[300];
	struct dirent *de;
	struct dirent **list;
	long pos;
	int i, n, ok;
	DIR *d;

	mkdir("many", 0755);
	for (i = 0; i < 400; i++) {
		int len = 1 + i % 200;
		snprintf(name, sizeof name, "many/%03d-", i);
		memset(name + 9, 'a' + i % 26, (size_t)len);
		name[9 + len] = '\0';
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	mkdir("many/zdir", 0755);
	symlink("000-a", "many/zlink");

	d = opendir("many");
	n = names_of(d, names, 1000);
	ok = n == 402;
	for (i = 0; i < 400 && ok; i++)
		ok = atoi(names[i]) == i && strlen(names[i]) == 4 + 1 + (size_t)(i % 200);
	printf("400 files, a directory and a link: %d entries, names right %d\n", n, ok);
	printf("last two: %s %s\n", names[n - 2], names[n - 1]);
	for (i = 0; i < n; i++)
		free(names[i]);

	/* Types from d_type. */
	rewinddir(d);
	while ((de = readdir(d)))
		for (i = 0; i < 3; i++)
			if (!strcmp(de->d_name, typed[i]))
				types[i] = de->d_type;
	for (i = 0; i < 3; i++)
		printf("%s: d_type %s\n", typed[i],
		       types[i] == DT_DIR ? "DT_DIR" : types[i] == DT_LNK ? "DT_LNK"
		       : types[i] == DT_REG ? "DT_REG" : "other");

	/* telldir and seekdir come back to the same entry. */
	rewinddir(d);
	for (i = 0; i < 150; i++)
		readdir(d);
	pos = telldir(d);
	de = readdir(d);
	snprintf(name, sizeof name, "%s", de->d_name);
	for (i = 0; i < 100; i++)
		readdir(d);
	seekdir(d, pos);
	de = readdir(d);
	printf("seekdir back to entry 150: %s\n", de && !strcmp(de->d_name, name) ? "same" : "different");

	/* rewinddir sees what was made since. */
	close(open("many/new-file", O_CREAT | O_WRONLY, 0644));
	unlink("many/000-a");
	rewinddir(d);
	n = names_of(d, names, 1000);
	printf("after rewinddir: %d entries, first %s, new-file there %d\n", n, names[0],
	       bsearch(&(const char *){ "new-file" }, names, (size_t)n, sizeof names[0], cmp) != NULL);
	for (i = 0; i < n; i++)
		free(names[i]);
	closedir(d);

	mkdir("empty", 0755);
	d = opendir("empty");
	n = names_of(d, names, 10);
	printf("empty directory: %d entries besides . and ..\n", n);
	closedir(d);

	mkdir("few", 0755);
	close(open("few/b", O_CREAT | O_WRONLY, 0644));
	close(open("few/a", O_CREAT | O_WRONLY, 0644));
	close(open("few/.hidden", O_CREAT | O_WRONLY, 0644));
	n = scandir("few", &list, not_dots, alphasort);
	printf("scandir: %d:", n);
	for (i = 0; i < n; i++) {
		printf(" %s", list[i]->d_name);
		free(list[i]);
	}
	free(list);
	printf("\n");

	/* fdopendir on a descriptor of our own. */
	d = fdopendir(open("few", O_RDONLY | O_DIRECTORY));
	n = names_of(d, names, 10);
	printf("fdopendir: %d entries\n", n);
	for (i = 0; i < n; i++)
		free(names[i]);
	closedir(d);
	return 0;
}
