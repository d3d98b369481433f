/* UEFI load options (UCS-2) -> boot_info command line (ASCII). Pure code:
 * the firmware calls that find the options are in firmware_info.c. */
#include "boot/efi/load_options.h"

static char to_ascii(CHAR16 c)
{
	if (c == L'\t' || c == L'\r' || c == L'\n')
		return ' ';
	if (c >= 0x20 && c < 0x7f)
		return (char)c;
	return '?';
}

void ucs2_to_ascii(const CHAR16 *src, UINTN n, char *out, UINTN size)
{
	UINTN i;

	for (i = 0; i < n && src[i] && i + 1 < size; i++)
		out[i] = to_ascii(src[i]);
	if (size)
		out[i] = '\0';
}

static int is_sep(char c)
{
	return c == '\\' || c == '/' || c == ':';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Length of name's basename without a trailing ".efi", any case. */
static UINTN stem_len(const char *name, UINTN len)
{
	if (len >= 4 && name[len - 4] == '.' && lower(name[len - 3]) == 'e' &&
	    lower(name[len - 2]) == 'f' && lower(name[len - 1]) == 'i')
		return len - 4;
	return len;
}

/* Does word[0..len) name the same file as image (paths and .efi ignored)? */
static int names_image(const char *word, UINTN len, const char *image)
{
	UINTN i, b = 0, ilen = 0, ib = 0;

	for (i = 0; i < len; i++)
		if (is_sep(word[i]))
			b = i + 1;
	for (; image[ilen]; ilen++)
		if (is_sep(image[ilen]))
			ib = ilen + 1;
	len = stem_len(word + b, len - b);
	ilen = stem_len(image + ib, ilen - ib);
	if (!len || len != ilen)
		return 0;
	for (i = 0; i < len; i++)
		if (lower(word[b + i]) != lower(image[ib + i]))
			return 0;
	return 1;
}

/* Mostly non-ASCII (or control characters) means binary data, not text. */
static int looks_like_text(const CHAR16 *opt, UINTN n)
{
	UINTN i, text = 0;

	for (i = 0; i < n && opt[i]; i++) {
		if (opt[i] < 0x20 && to_ascii(opt[i]) != ' ')
			return 0;
		if (opt[i] < 0x7f)
			text++;
	}
	return text * 2 >= i;
}

/* Remove the first (possibly quoted) word of s if it names the image. */
static void strip_image_name(char *s, const char *image_name)
{
	UINTN start = 0, len, end, i;
	char quote = 0;

	while (s[start] == ' ')
		start++;
	if (s[start] == '"')
		quote = s[start++];
	for (len = 0; s[start + len] && s[start + len] != (quote ? quote : ' ');)
		len++;
	if (!names_image(s + start, len, image_name))
		return;
	end = start + len + (quote && s[start + len] ? 1 : 0);
	while (s[end] == ' ')
		end++;
	for (i = 0; s[end + i]; i++)
		s[i] = s[end + i];
	s[i] = '\0';
}

static void trim_trailing_spaces(char *s)
{
	UINTN n = 0;

	while (s[n])
		n++;
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

int load_options_to_cmdline(const CHAR16 *opt, UINTN n, const char *image_name,
			    char *out, UINTN size)
{
	out[0] = '\0';
	if (!opt || !n)
		return 0;
	if (!looks_like_text(opt, n))
		return -1;
	ucs2_to_ascii(opt, n, out, size);
	if (image_name && image_name[0])
		strip_image_name(out, image_name);
	trim_trailing_spaces(out);
	return 0;
}

