/*
 * wasi_test.h: what the WASI test programs share.
 *
 * The programs are plain C, built three ways by run_tests.py: for
 * wasm32-wasi and run under w2c, the same .wasm under node's WASI, and
 * natively with the host's compiler, every run's output compared with the
 * expected file beside the program.  Errors are printed by errno name,
 * never by strerror, whose wording differs between libcs.
 */
#ifndef WASI_TEST_H
#define WASI_TEST_H

#include <errno.h>
#include <stdio.h>

static inline const char *errname(int e)
{
	switch (e) {
	case 0: return "OK";
	case EACCES: return "EACCES";
	case EBADF: return "EBADF";
	case EEXIST: return "EEXIST";
	case EFAULT: return "EFAULT";
	case EINVAL: return "EINVAL";
	case EIO: return "EIO";
	case EISDIR: return "EISDIR";
	case ELOOP: return "ELOOP";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ENOENT: return "ENOENT";
	case ENOSYS: return "ENOSYS";
	case ENOTDIR: return "ENOTDIR";
	case ENOTEMPTY: return "ENOTEMPTY";
	case EPERM: return "EPERM";
	case ESPIPE: return "ESPIPE";
	case EXDEV: return "EXDEV";
#ifdef ENOTCAPABLE
	case ENOTCAPABLE: return "ENOTCAPABLE";
#endif
	default: return "E?";
	}
}

/* Prints "what: OK" or "what: ENAME" for a call returning -1 on error. */
#define TRY(what, call)                                                     \
	do {                                                                    \
		errno = 0;                                                          \
		int try_rc_ = (call);                                               \
		printf("%s: %s\n", (what), try_rc_ < 0 ? errname(errno) : "OK");    \
	} while (0)

#endif
