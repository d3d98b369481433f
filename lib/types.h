/* types.h: fixed-width kernel integer types (u8..s64), wire-order
 * annotations (__be16..) and ssize_t for freestanding builds. */
#ifndef LIB_TYPES_H
#define LIB_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

#include "lib/compiler.h"

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* Values as they sit in a packet; documentation only, no sparse checking. */
typedef u16 __be16;
typedef u32 __be32;
typedef u64 __be64;
typedef u16 __le16;
typedef u32 __le32;
typedef u64 __le64;
typedef u16 __sum16;	/* folded, complemented checksum as stored on the wire */
typedef u32 __wsum;	/* unfolded 32-bit partial checksum */

#ifdef NAPKIN_HOST
#include <sys/types.h>	/* ssize_t, off_t */
#else
typedef long ssize_t;
typedef long off_t;
#endif

typedef u64 phys_addr_t;

#endif /* LIB_TYPES_H */
