/* The printf subset napkin-efi's log lines need, into a bounded buffer.
 * Pure code (no firmware), host-tested; not the kernel's lib/printf. */
#include "boot/efi/format.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_c(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len++] = c;
}

static void out_num(struct out *o, unsigned long long v, unsigned int base,
		    int neg, unsigned int width, char pad)
{
	char digits[24];
	unsigned int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		digits[n++] = '-';
	while (width-- > n)
		out_c(o, pad);
	while (n)
		out_c(o, digits[--n]);
}

/* Fetch an integer argument of the given length ('i', 'l' or 'L' for ll). */
static unsigned long long arg_u(va_list *ap, char len)
{
	if (len == 'L')
		return va_arg(*ap, unsigned long long);
	if (len == 'l')
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static long long arg_s(va_list *ap, char len)
{
	if (len == 'L')
		return va_arg(*ap, long long);
	if (len == 'l')
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static void out_conv(struct out *o, char conv, char len, unsigned int width,
		     char pad, va_list *ap)
{
	const char *s;
	long long sv;

	switch (conv) {
	case 's':
		s = va_arg(*ap, const char *);
		for (s = s ? s : "(null)"; *s; s++)
			out_c(o, *s);
		break;
	case 'c':
		out_c(o, (char)va_arg(*ap, int));
		break;
	case 'd':
		sv = arg_s(ap, len);
		out_num(o, sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv,
			10, sv < 0, width, pad);
		break;
	case 'u':
		out_num(o, arg_u(ap, len), 10, 0, width, pad);
		break;
	case 'x':
		out_num(o, arg_u(ap, len), 16, 0, width, pad);
		break;
	default:
		out_c(o, '%');
		out_c(o, conv);
		break;
	}
}

void format_line(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	unsigned int width;
	va_list aq;
	char pad, len;

	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%' || !fmt[1]) {
			out_c(&o, *fmt);
			continue;
		}
		fmt++;
		pad = ' ';
		if (*fmt == '0')
			pad = *fmt++;
		for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (unsigned int)(*fmt - '0');
		len = 'i';
		if (*fmt == 'z' || *fmt == 'l')
			len = *fmt++;
		if (len == 'l' && *fmt == 'l') {
			len = 'L';
			fmt++;
		}
		if (len == 'z')
			len = 'l';	/* size_t is unsigned long on x86-64 */
		if (*fmt == '%')
			out_c(&o, '%');
		else if (*fmt)
			out_conv(&o, *fmt, len, width, pad, &aq);
		else
			break;
	}
	va_end(aq);
	if (size)
		buf[o.len] = '\0';
}
