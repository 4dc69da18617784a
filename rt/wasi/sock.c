/*
 * sock.c: sock_accept, sock_recv, sock_send and sock_shutdown.
 *
 * Preview 1 can't create or connect sockets; a module only uses sockets it
 * inherits as descriptors (a listening socket passed as stdin, say, the
 * way inetd or systemd hand them over).  These functions work on any
 * descriptor whose host file is a socket; on anything else they return
 * ENOTSOCK, as the host would.
 *
 * Sending never raises SIGPIPE in the host: a peer that went away is
 * EPIPE for the module, not the end of the embedding process.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* macOS: SO_NOSIGPIPE would be needed instead */
#endif

enum {
	RIFLAG_RECV_PEEK = 1,
	RIFLAG_RECV_WAITALL = 2,
	ROFLAG_RECV_DATA_TRUNCATED = 1,
	SDFLAG_RD = 1,
	SDFLAG_WR = 2,
};

/* The socket `fd` with `rights`: EBADF, ENOTSOCK, ENOTCAPABLE or success,
 * with *out held (wasi_fd_release). */
static uint16_t get_socket(w2c_wasi *w, uint32_t fd, uint64_t rights,
                           wasi_fd **out)
{
	wasi_fd *e;
	uint16_t r;

	if ((r = wasi_fd_acquire(w, fd, 0, &e)))
		return r;
	if (e->type != WASI_FILETYPE_SOCKET_STREAM &&
	    e->type != WASI_FILETYPE_SOCKET_DGRAM)
		r = WASI_ENOTSOCK;
	else
		r = wasi_fd_can(w, e, rights);
	if (r) {
		wasi_fd_release(w, e);
		return r;
	}
	*out = e;
	return WASI_ESUCCESS;
}

static uint16_t accept_on(w2c_wasi *w, int sock, uint32_t flags,
                          uint32_t fd_ptr)
{
	uint32_t newfd;
	uint16_t r;
	int host;

	if (flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK)
		return WASI_EINVAL;
	if (!wasi_in_bounds(w, fd_ptr, 4))
		return WASI_EFAULT;
	host = accept(sock, NULL, NULL);
	if (host < 0)
		return wasi_errno(errno);
	if (fcntl(host, F_SETFD, FD_CLOEXEC) < 0 ||
	    ((flags & WASI_FDFLAG_NONBLOCK) &&
	     fcntl(host, F_SETFL, fcntl(host, F_GETFL) | O_NONBLOCK) < 0)) {
		r = wasi_errno(errno);
		close(host);
		return r;
	}
	if ((r = wasi_fd_add(w, host, true, WASI_FILETYPE_SOCKET_STREAM,
	                     wasi_rights_for(host, WASI_FILETYPE_SOCKET_STREAM), 0,
	                     &newfd)))
		return r;
	wasi_put32(w, fd_ptr, newfd);
	return WASI_ESUCCESS;
}

/* A call blocked in accept, recv or send holds the socket: closing it in
 * another thread does not wake it, as on Linux. */
static uint32_t sock_accept(void *ctx, uint32_t fd, uint32_t flags,
                            uint32_t fd_ptr)
{
	wasi_fd *e;
	uint16_t r;

	if ((r = get_socket(ctx, fd, WASI_RIGHT_SOCK_ACCEPT, &e)))
		return r;
	r = accept_on(ctx, e->host, flags, fd_ptr);
	wasi_fd_release(ctx, e);
	return r;
}

static uint16_t recv_on(w2c_wasi *w, int sock, uint32_t ri_data,
                        uint32_t ri_data_len, uint32_t ri_flags,
                        uint32_t ro_datalen_ptr, uint32_t ro_flags_ptr)
{
	struct iovec iov[WASI_MAX_IOVS];
	struct msghdr msg;
	ssize_t got;
	uint16_t r;
	int cnt, flags = 0;

	if (ri_flags & ~(uint32_t)(RIFLAG_RECV_PEEK | RIFLAG_RECV_WAITALL))
		return WASI_EINVAL;
	if (!wasi_in_bounds(w, ro_datalen_ptr, 4) ||
	    !wasi_in_bounds(w, ro_flags_ptr, 2))
		return WASI_EFAULT;
	if ((r = wasi_iovecs(w, ri_data, ri_data_len, iov, &cnt)))
		return r;
	if (ri_flags & RIFLAG_RECV_PEEK)
		flags |= MSG_PEEK;
	if (ri_flags & RIFLAG_RECV_WAITALL)
		flags |= MSG_WAITALL;
	memset(&msg, 0, sizeof msg);
	msg.msg_iov = iov;
	msg.msg_iovlen = cnt;
	got = recvmsg(sock, &msg, flags);
	if (got < 0)
		return wasi_errno(errno);
	wasi_put32(w, ro_datalen_ptr, (uint32_t)got);
	wasi_st16(wasi_mem(w, ro_flags_ptr),
	          msg.msg_flags & MSG_TRUNC ? ROFLAG_RECV_DATA_TRUNCATED : 0);
	return WASI_ESUCCESS;
}

static uint32_t sock_recv(void *ctx, uint32_t fd, uint32_t ri_data,
                          uint32_t ri_data_len, uint32_t ri_flags,
                          uint32_t ro_datalen_ptr, uint32_t ro_flags_ptr)
{
	wasi_fd *e;
	uint16_t r;

	if ((r = get_socket(ctx, fd, WASI_RIGHT_FD_READ, &e)))
		return r;
	r = recv_on(ctx, e->host, ri_data, ri_data_len, ri_flags, ro_datalen_ptr,
	            ro_flags_ptr);
	wasi_fd_release(ctx, e);
	return r;
}

static uint16_t send_on(w2c_wasi *w, int sock, uint32_t si_data,
                        uint32_t si_data_len, uint32_t si_flags,
                        uint32_t so_datalen_ptr)
{
	struct iovec iov[WASI_MAX_IOVS];
	struct msghdr msg;
	ssize_t put;
	uint16_t r;
	int cnt;

	if (si_flags != 0) /* no $siflags are defined */
		return WASI_EINVAL;
	if (!wasi_in_bounds(w, so_datalen_ptr, 4))
		return WASI_EFAULT;
	if ((r = wasi_iovecs(w, si_data, si_data_len, iov, &cnt)))
		return r;
	memset(&msg, 0, sizeof msg);
	msg.msg_iov = iov;
	msg.msg_iovlen = cnt;
	put = sendmsg(sock, &msg, MSG_NOSIGNAL);
	if (put < 0)
		return wasi_errno(errno);
	wasi_put32(w, so_datalen_ptr, (uint32_t)put);
	return WASI_ESUCCESS;
}

static uint32_t sock_send(void *ctx, uint32_t fd, uint32_t si_data,
                          uint32_t si_data_len, uint32_t si_flags,
                          uint32_t so_datalen_ptr)
{
	wasi_fd *e;
	uint16_t r;

	if ((r = get_socket(ctx, fd, WASI_RIGHT_FD_WRITE, &e)))
		return r;
	r = send_on(ctx, e->host, si_data, si_data_len, si_flags, so_datalen_ptr);
	wasi_fd_release(ctx, e);
	return r;
}

static uint32_t sock_shutdown(void *ctx, uint32_t fd, uint32_t how)
{
	wasi_fd *e;
	uint16_t r;
	int h;

	if ((r = get_socket(ctx, fd, WASI_RIGHT_SOCK_SHUTDOWN, &e)))
		return r;
	switch (how) {
	case SDFLAG_RD:
		h = SHUT_RD;
		break;
	case SDFLAG_WR:
		h = SHUT_WR;
		break;
	case SDFLAG_RD | SDFLAG_WR:
		h = SHUT_RDWR;
		break;
	default:
		wasi_fd_release(ctx, e);
		return WASI_EINVAL;
	}
	r = shutdown(e->host, h) < 0 ? wasi_errno(errno) : WASI_ESUCCESS;
	wasi_fd_release(ctx, e);
	return r;
}

const wasi_func wasi_sock_funcs[] = {
	{ "sock_accept", "i32 i32 i32 -> i32", (w2c_fnptr)sock_accept },
	{ "sock_recv", "i32 i32 i32 i32 i32 i32 -> i32", (w2c_fnptr)sock_recv },
	{ "sock_send", "i32 i32 i32 i32 i32 -> i32", (w2c_fnptr)sock_send },
	{ "sock_shutdown", "i32 i32 -> i32", (w2c_fnptr)sock_shutdown },
};
const size_t wasi_sock_nfuncs = sizeof wasi_sock_funcs / sizeof wasi_sock_funcs[0];
