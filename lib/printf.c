/* printf.c: vsnprintf and friends for printk, the shell and /stats JSON.
 * Integer conversions follow C99 (so host snprintf can check them);
 * return values follow Linux. No floating point, no %n. */
#include "lib/printf.h"
#include "lib/string.h"
#include "lib/ctype.h"

#define FLAG_LEFT	BIT(0)	/* '-' */
#define FLAG_ZERO	BIT(1)	/* '0' */
#define FLAG_PLUS	BIT(2)	/* '+' */
#define FLAG_SPACE	BIT(3)	/* ' ' */
#define FLAG_ALT	BIT(4)	/* '#' */

/* Widths beyond this are clamped so a stray "%999999999d" stays cheap. */
#define MAX_WIDTH	4096

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG,
	      LEN_SIZE, LEN_PTRDIFF, LEN_INTMAX };

struct spec {
	unsigned int flags;
	int width;
	int precision;		/* -1: none given */
	enum length length;
	char conv;
};

/* Output cursor: len counts everything, buf gets what fits before size-1. */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_mem(struct out *o, const char *s, size_t n)
{
	while (n--)
		out_char(o, *s++);
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

/* Text of n bytes padded to the field width. */
static void emit_padded(struct out *o, const struct spec *sp, const char *s,
			size_t n)
{
	int pad = sp->width > (int)n ? sp->width - (int)n : 0;

	if (!(sp->flags & FLAG_LEFT))
		out_pad(o, ' ', pad);
	out_mem(o, s, n);
	if (sp->flags & FLAG_LEFT)
		out_pad(o, ' ', pad);
}

static void emit_string(struct out *o, const struct spec *sp, const char *s)
{
	size_t n;

	if (!s)
		s = "(null)";
	n = sp->precision >= 0 ? strnlen(s, sp->precision) : strlen(s);
	emit_padded(o, sp, s, n);
}

/* Digits of val in reverse order; returns how many. */
static int to_digits(u64 val, unsigned int base, bool upper, char *tmp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		tmp[n++] = digits[val % base];
		val /= base;
	} while (val);
	return n;
}

/* sign is '-', '+', ' ' or 0. Layout: pad sign prefix zeros digits pad. */
static void emit_number(struct out *o, const struct spec *sp, u64 val,
			char sign, unsigned int base)
{
	char tmp[24];
	const char *prefix = "";
	int ndigits, zeros, body, pad;

	ndigits = to_digits(val, base, sp->conv == 'X', tmp);
	if (sp->precision == 0 && val == 0)
		ndigits = 0;
	zeros = sp->precision > ndigits ? sp->precision - ndigits : 0;
	if (sp->flags & FLAG_ALT) {
		/* C99: '#' makes octal start with 0, hex of nonzero get 0x. */
		if (base == 8 && zeros == 0 && (ndigits == 0 || val != 0))
			zeros = 1;
		if (base == 16 && val != 0)
			prefix = sp->conv == 'X' ? "0X" : "0x";
	}
	body = !!sign + (int)strlen(prefix) + zeros + ndigits;
	pad = sp->width > body ? sp->width - body : 0;
	if ((sp->flags & (FLAG_ZERO | FLAG_LEFT)) == FLAG_ZERO && sp->precision < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(sp->flags & FLAG_LEFT))
		out_pad(o, ' ', pad);
	if (sign)
		out_char(o, sign);
	out_mem(o, prefix, strlen(prefix));
	out_pad(o, '0', zeros);
	while (ndigits)
		out_char(o, tmp[--ndigits]);
	if (sp->flags & FLAG_LEFT)
		out_pad(o, ' ', pad);
}

static s64 fetch_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return va_arg(*ap, ssize_t);
	case LEN_PTRDIFF:
		return va_arg(*ap, ptrdiff_t);
	case LEN_INTMAX:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static u64 fetch_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	case LEN_PTRDIFF:
		return (u64)va_arg(*ap, ptrdiff_t);
	case LEN_INTMAX:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static void format_signed(struct out *o, const struct spec *sp, va_list *ap)
{
	s64 v = fetch_signed(sp, ap);
	char sign = 0;

	if (v < 0)
		sign = '-';
	else if (sp->flags & FLAG_PLUS)
		sign = '+';
	else if (sp->flags & FLAG_SPACE)
		sign = ' ';
	/* 0 - (u64)v is |v| even for INT64_MIN. */
	emit_number(o, sp, v < 0 ? 0 - (u64)v : (u64)v, sign, 10);
}

static void format_unsigned(struct out *o, const struct spec *sp, va_list *ap)
{
	unsigned int base = sp->conv == 'u' ? 10 : sp->conv == 'o' ? 8 : 16;

	emit_number(o, sp, fetch_unsigned(sp, ap), 0, base);
}

/* Writes "a.b.c.d" for 4 bytes in network order; returns its length. */
static size_t format_ipv4(char *buf, const u8 *addr)
{
	struct out o = { .buf = buf, .size = 16 };
	struct spec sp = { .precision = -1, .conv = 'u' };
	int i;

	for (i = 0; i < 4; i++) {
		if (i)
			out_char(&o, '.');
		emit_number(&o, &sp, addr[i], 0, 10);
	}
	return o.len;
}

static size_t format_mac(char *buf, const u8 *addr)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	int i;

	for (i = 0; i < 6; i++) {
		if (i)
			buf[n++] = ':';
		buf[n++] = hex[addr[i] >> 4];
		buf[n++] = hex[addr[i] & 0xf];
	}
	return n;
}

/* %p and its extensions; returns how many format bytes after 'p' it used. */
static int format_pointer(struct out *o, const struct spec *sp,
			  const char *ext, const void *ptr)
{
	struct spec hex = { .flags = FLAG_ZERO, .precision = 16, .conv = 'x' };
	struct out tmp_out;
	char tmp[24];
	int used = 0;
	size_t n;

	if (ext[0] == 'I' && ext[1] == '4')
		used = 2;
	else if (ext[0] == 'M')
		used = 1;
	if (!ptr) {
		emit_string(o, sp, "(null)");
		return used;
	}
	if (used == 2) {
		n = format_ipv4(tmp, ptr);
	} else if (used == 1) {
		n = format_mac(tmp, ptr);
	} else {
		tmp_out = (struct out){ .buf = tmp + 2, .size = sizeof(tmp) - 2 };
		emit_number(&tmp_out, &hex, (uintptr_t)ptr, 0, 16);
		tmp[0] = '0';
		tmp[1] = 'x';
		n = 2 + tmp_out.len;
	}
	emit_padded(o, sp, tmp, n);
	return used;
}

/* Decimal field of a spec, or '*' taken from the arguments. */
static int parse_number(const char **fmt, va_list *ap)
{
	int n = 0;

	if (**fmt == '*') {
		(*fmt)++;
		return va_arg(*ap, int);
	}
	while (isdigit(**fmt)) {
		if (n < MAX_WIDTH)
			n = n * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return min(n, MAX_WIDTH);
}

/* The flag characters, in FLAG_* bit order. */
static const char flag_chars[] = "-0+ #";

static unsigned int parse_flags(const char **fmt)
{
	unsigned int flags = 0;
	const char *f;

	while (**fmt && (f = strchr(flag_chars, **fmt))) {
		flags |= BIT(f - flag_chars);
		(*fmt)++;
	}
	return flags;
}

/* hh h l ll L q z t j; a doubled letter (hh, ll) is one modifier. */
static enum length parse_length(const char **fmt)
{
	static const char letters[] = "hlLqztj";
	static const enum length single[] = { LEN_SHORT, LEN_LONG, LEN_LLONG,
		LEN_LLONG, LEN_SIZE, LEN_PTRDIFF, LEN_INTMAX };
	const char *f = *fmt;
	const char *l = *f ? strchr(letters, *f) : NULL;

	if (!l)
		return LEN_INT;
	if ((f[0] == 'h' || f[0] == 'l') && f[1] == f[0]) {
		*fmt += 2;
		return f[0] == 'h' ? LEN_CHAR : LEN_LLONG;
	}
	*fmt += 1;
	return single[l - letters];
}

/* Parse "%[flags][width][.precision][length]conv" starting after '%'. */
static void parse_spec(const char **fmt, va_list *ap, struct spec *sp)
{
	sp->flags = parse_flags(fmt);
	sp->width = parse_number(fmt, ap);
	if (sp->width < 0) {
		/* C99 7.19.6.1: a negative '*' width is '-' plus its size. */
		sp->flags |= FLAG_LEFT;
		sp->width = sp->width == INT32_MIN ? MAX_WIDTH : -sp->width;
	}
	sp->width = min(sp->width, MAX_WIDTH);
	sp->precision = -1;
	if (**fmt == '.') {
		(*fmt)++;
		sp->precision = max(parse_number(fmt, ap), -1);
		sp->precision = min(sp->precision, MAX_WIDTH);
	}
	sp->length = parse_length(fmt);
	sp->conv = **fmt;
}

/* One conversion; returns false for an unknown one (printed literally). */
static bool format_one(struct out *o, struct spec *sp, const char **fmt,
		       va_list *ap)
{
	char c;

	switch (sp->conv) {
	case 'd': case 'i':
		format_signed(o, sp, ap);
		return true;
	case 'u': case 'x': case 'X': case 'o':
		format_unsigned(o, sp, ap);
		return true;
	case 'c':
		c = (char)va_arg(*ap, int);
		emit_padded(o, sp, &c, 1);
		return true;
	case 's':
		emit_string(o, sp, va_arg(*ap, const char *));
		return true;
	case 'p':
		*fmt += format_pointer(o, sp, *fmt + 1, va_arg(*ap, const void *));
		return true;
	case '%':
		out_char(o, '%');
		return true;
	default:
		return false;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size };
	struct spec sp;
	const char *start;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		start = fmt++;
		parse_spec(&fmt, &args, &sp);
		if (format_one(&o, &sp, &fmt, &args)) {
			fmt++;
			continue;
		}
		/* Unknown or truncated spec: copy its text, resume after it. */
		if (*fmt)
			fmt++;
		out_mem(&o, start, fmt - start);
	}
	va_end(args);
	if (size)
		buf[min(o.len, size - 1)] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if ((size_t)n < size)
		return n;
	return size ? (int)(size - 1) : 0;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
