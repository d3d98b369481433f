/* byteorder.h: conversions between CPU order (x86-64: little endian) and
 * wire order, and unaligned loads/stores of big/little-endian fields.
 * Host builds map htons & co. to napkin_* to stay clear of glibc's. */
#ifndef LIB_BYTEORDER_H
#define LIB_BYTEORDER_H

#include "lib/types.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "napkin assumes a little-endian CPU"
#endif

#ifdef NAPKIN_HOST
#include <arpa/inet.h>
#include <netinet/in.h>
#undef htons
#undef ntohs
#undef htonl
#undef ntohl
#define htons(x)	napkin_htons(x)
#define ntohs(x)	napkin_ntohs(x)
#define htonl(x)	napkin_htonl(x)
#define ntohl(x)	napkin_ntohl(x)
#endif

#define swab16(x)	((u16)__builtin_bswap16((u16)(x)))
#define swab32(x)	((u32)__builtin_bswap32((u32)(x)))
#define swab64(x)	((u64)__builtin_bswap64((u64)(x)))

/* Macros so they fold in constant initialisers (case labels, tables). */
#define cpu_to_be16(x)	((__be16)swab16(x))
#define cpu_to_be32(x)	((__be32)swab32(x))
#define cpu_to_be64(x)	((__be64)swab64(x))
#define be16_to_cpu(x)	((u16)swab16(x))
#define be32_to_cpu(x)	((u32)swab32(x))
#define be64_to_cpu(x)	((u64)swab64(x))
#define cpu_to_le16(x)	((__le16)(u16)(x))
#define cpu_to_le32(x)	((__le32)(u32)(x))
#define cpu_to_le64(x)	((__le64)(u64)(x))
#define le16_to_cpu(x)	((u16)(x))
#define le32_to_cpu(x)	((u32)(x))
#define le64_to_cpu(x)	((u64)(x))

static inline __be16 htons(u16 x)
{
	return cpu_to_be16(x);
}

static inline u16 ntohs(__be16 x)
{
	return be16_to_cpu(x);
}

static inline __be32 htonl(u32 x)
{
	return cpu_to_be32(x);
}

static inline u32 ntohl(__be32 x)
{
	return be32_to_cpu(x);
}

/* Loads and stores at any address: __builtin_memcpy compiles to one mov. */
static inline u16 get_unaligned_le16(const void *p)
{
	u16 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return le16_to_cpu(v);
}

static inline u32 get_unaligned_le32(const void *p)
{
	u32 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return le32_to_cpu(v);
}

static inline u64 get_unaligned_le64(const void *p)
{
	u64 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return le64_to_cpu(v);
}

static inline u16 get_unaligned_be16(const void *p)
{
	return swab16(get_unaligned_le16(p));
}

static inline u32 get_unaligned_be32(const void *p)
{
	return swab32(get_unaligned_le32(p));
}

static inline u64 get_unaligned_be64(const void *p)
{
	return swab64(get_unaligned_le64(p));
}

static inline void put_unaligned_le16(u16 val, void *p)
{
	__le16 v = cpu_to_le16(val);

	__builtin_memcpy(p, &v, sizeof(v));
}

static inline void put_unaligned_le32(u32 val, void *p)
{
	__le32 v = cpu_to_le32(val);

	__builtin_memcpy(p, &v, sizeof(v));
}

static inline void put_unaligned_le64(u64 val, void *p)
{
	__le64 v = cpu_to_le64(val);

	__builtin_memcpy(p, &v, sizeof(v));
}

static inline void put_unaligned_be16(u16 val, void *p)
{
	put_unaligned_le16(swab16(val), p);
}

static inline void put_unaligned_be32(u32 val, void *p)
{
	put_unaligned_le32(swab32(val), p);
}

static inline void put_unaligned_be64(u64 val, void *p)
{
	put_unaligned_le64(swab64(val), p);
}

#endif /* LIB_BYTEORDER_H */
