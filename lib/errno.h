/* errno.h: Linux errno numbers (same values as Linux/x86-64), returned
 * negated by every napkin function that can fail, and their names. */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#include "lib/compiler.h"

#ifdef NAPKIN_HOST
/* Host tests may also include <errno.h>; take it first so ours defers. */
#include <errno.h>
#endif

#ifndef EPERM
#define EPERM		1	/* Operation not permitted */
#endif
#ifndef ENOENT
#define ENOENT		2	/* No such file or directory */
#endif
#ifndef ESRCH
#define ESRCH		3	/* No such process */
#endif
#ifndef EINTR
#define EINTR		4	/* Interrupted system call */
#endif
#ifndef EIO
#define EIO		5	/* I/O error */
#endif
#ifndef ENXIO
#define ENXIO		6	/* No such device or address */
#endif
#ifndef E2BIG
#define E2BIG		7	/* Argument list too long */
#endif
#ifndef ENOEXEC
#define ENOEXEC		8	/* Exec format error */
#endif
#ifndef EBADF
#define EBADF		9	/* Bad file number */
#endif
#ifndef ECHILD
#define ECHILD		10	/* No child processes */
#endif
#ifndef EAGAIN
#define EAGAIN		11	/* Try again */
#endif
#ifndef EWOULDBLOCK
#define EWOULDBLOCK	EAGAIN	/* Operation would block */
#endif
#ifndef ENOMEM
#define ENOMEM		12	/* Out of memory */
#endif
#ifndef EACCES
#define EACCES		13	/* Permission denied */
#endif
#ifndef EFAULT
#define EFAULT		14	/* Bad address */
#endif
#ifndef EBUSY
#define EBUSY		16	/* Device or resource busy */
#endif
#ifndef EEXIST
#define EEXIST		17	/* File exists */
#endif
#ifndef ENODEV
#define ENODEV		19	/* No such device */
#endif
#ifndef ENOTDIR
#define ENOTDIR		20	/* Not a directory */
#endif
#ifndef EISDIR
#define EISDIR		21	/* Is a directory */
#endif
#ifndef EINVAL
#define EINVAL		22	/* Invalid argument */
#endif
#ifndef ENFILE
#define ENFILE		23	/* File table overflow */
#endif
#ifndef EMFILE
#define EMFILE		24	/* Too many open files */
#endif
#ifndef ENOTTY
#define ENOTTY		25	/* Not a typewriter */
#endif
#ifndef EFBIG
#define EFBIG		27	/* File too large */
#endif
#ifndef ENOSPC
#define ENOSPC		28	/* No space left on device */
#endif
#ifndef ESPIPE
#define ESPIPE		29	/* Illegal seek */
#endif
#ifndef EROFS
#define EROFS		30	/* Read-only file system */
#endif
#ifndef EPIPE
#define EPIPE		32	/* Broken pipe */
#endif
#ifndef EDOM
#define EDOM		33	/* Math argument out of domain of func */
#endif
#ifndef ERANGE
#define ERANGE		34	/* Math result not representable */
#endif
#ifndef EDEADLK
#define EDEADLK		35	/* Resource deadlock would occur */
#endif
#ifndef ENAMETOOLONG
#define ENAMETOOLONG	36	/* File name too long */
#endif
#ifndef ENOSYS
#define ENOSYS		38	/* Invalid system call number */
#endif
#ifndef ENOTEMPTY
#define ENOTEMPTY	39	/* Directory not empty */
#endif
#ifndef ELOOP
#define ELOOP		40	/* Too many symbolic links encountered */
#endif
#ifndef ENOMSG
#define ENOMSG		42	/* No message of desired type */
#endif
#ifndef ENODATA
#define ENODATA		61	/* No data available */
#endif
#ifndef ETIME
#define ETIME		62	/* Timer expired */
#endif
#ifndef EPROTO
#define EPROTO		71	/* Protocol error */
#endif
#ifndef EBADMSG
#define EBADMSG		74	/* Not a data message */
#endif
#ifndef EOVERFLOW
#define EOVERFLOW	75	/* Value too large for defined data type */
#endif
#ifndef EILSEQ
#define EILSEQ		84	/* Illegal byte sequence */
#endif
#ifndef ENOTSOCK
#define ENOTSOCK	88	/* Socket operation on non-socket */
#endif
#ifndef EDESTADDRREQ
#define EDESTADDRREQ	89	/* Destination address required */
#endif
#ifndef EMSGSIZE
#define EMSGSIZE	90	/* Message too long */
#endif
#ifndef EPROTOTYPE
#define EPROTOTYPE	91	/* Protocol wrong type for socket */
#endif
#ifndef ENOPROTOOPT
#define ENOPROTOOPT	92	/* Protocol not available */
#endif
#ifndef EPROTONOSUPPORT
#define EPROTONOSUPPORT	93	/* Protocol not supported */
#endif
#ifndef ESOCKTNOSUPPORT
#define ESOCKTNOSUPPORT	94	/* Socket type not supported */
#endif
#ifndef EOPNOTSUPP
#define EOPNOTSUPP	95	/* Operation not supported on transport endpoint */
#endif
#ifndef ENOTSUP
#define ENOTSUP		EOPNOTSUPP
#endif
#ifndef EPFNOSUPPORT
#define EPFNOSUPPORT	96	/* Protocol family not supported */
#endif
#ifndef EAFNOSUPPORT
#define EAFNOSUPPORT	97	/* Address family not supported by protocol */
#endif
#ifndef EADDRINUSE
#define EADDRINUSE	98	/* Address already in use */
#endif
#ifndef EADDRNOTAVAIL
#define EADDRNOTAVAIL	99	/* Cannot assign requested address */
#endif
#ifndef ENETDOWN
#define ENETDOWN	100	/* Network is down */
#endif
#ifndef ENETUNREACH
#define ENETUNREACH	101	/* Network is unreachable */
#endif
#ifndef ENETRESET
#define ENETRESET	102	/* Network dropped connection because of reset */
#endif
#ifndef ECONNABORTED
#define ECONNABORTED	103	/* Software caused connection abort */
#endif
#ifndef ECONNRESET
#define ECONNRESET	104	/* Connection reset by peer */
#endif
#ifndef ENOBUFS
#define ENOBUFS		105	/* No buffer space available */
#endif
#ifndef EISCONN
#define EISCONN		106	/* Transport endpoint is already connected */
#endif
#ifndef ENOTCONN
#define ENOTCONN	107	/* Transport endpoint is not connected */
#endif
#ifndef ESHUTDOWN
#define ESHUTDOWN	108	/* Cannot send after transport endpoint shutdown */
#endif
#ifndef ETIMEDOUT
#define ETIMEDOUT	110	/* Connection timed out */
#endif
#ifndef ECONNREFUSED
#define ECONNREFUSED	111	/* Connection refused */
#endif
#ifndef EHOSTDOWN
#define EHOSTDOWN	112	/* Host is down */
#endif
#ifndef EHOSTUNREACH
#define EHOSTUNREACH	113	/* No route to host */
#endif
#ifndef EALREADY
#define EALREADY	114	/* Operation already in progress */
#endif
#ifndef EINPROGRESS
#define EINPROGRESS	115	/* Operation now in progress */
#endif
#ifndef ECANCELED
#define ECANCELED	125	/* Operation Canceled */
#endif

/* Largest errno an ERR_PTR() may carry. */
#define MAX_ERRNO	4095

/* "EINVAL" for EINVAL or -EINVAL; "E?" for numbers it does not know. */
const char *strerror_name(int err);

#endif /* LIB_ERRNO_H */
