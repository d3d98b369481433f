/* Kernel command line: joins the loader's text and QEMU fw_cfg's
 * opt/napkin/cmdline, splits it into key[=value] words once, then applies
 * them. Not a general shell lexer: double quotes only, no escapes.
 * Also compiled for host unit tests (fw_cfg and printk come from the test). */
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/sysctl.h"
#include "drivers/fw_cfg.h"
#include "lib/ctype.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define FW_CFG_CMDLINE		"opt/napkin/cmdline"
#define SYSCTL_PREFIX		"sysctl."
#define CMDLINE_MAX_ARGS	256
#define CONSOLE_LOGLEVEL_QUIET	4	/* as Linux: errors and worse only */

/* One word of the line. value is NULL for a bare key ("quiet"). */
struct cmdline_arg {
	const char *key;
	const char *value;
	bool unterminated;	/* opening quote never closed */
};

static char saved_cmdline[CMDLINE_MAX];
static char fw_cfg_text[CMDLINE_MAX];
/* The words, unquoted, each key and value NUL-terminated in place. Quote
 * removal only shrinks text, so CMDLINE_MAX bytes always suffice. */
static char args_text[CMDLINE_MAX];
static struct cmdline_arg args[CMDLINE_MAX_ARGS];
static int nr_args;
static bool args_dropped;	/* more words than CMDLINE_MAX_ARGS */
static bool cmdline_truncated;	/* over CMDLINE_MAX - 1: words dropped */

/*
 * The parameter table: what arch/x86_64/kernel.ld gathered from
 * CMDLINE_PARAM(). Host unit tests have no such section and define their
 * own cmdline_param_table(), which overrides this weak one.
 */
extern const struct cmdline_param __cmdline_params_start[] __weak;
extern const struct cmdline_param __cmdline_params_end[] __weak;

const struct cmdline_param *cmdline_param_table(size_t *count);

__weak const struct cmdline_param *cmdline_param_table(size_t *count)
{
	*count = __cmdline_params_end - __cmdline_params_start;
	return __cmdline_params_start;
}

const char *saved_command_line(void)
{
	return saved_cmdline;
}

/*
 * Append len bytes of s (stopping at a NUL) after a space. What does not
 * fit is dropped back to a word boundary: half a word such as
 * "sysctl.x=1000" cut to "sysctl.x=10" would apply a value nobody asked for.
 */
static void cmdline_append(const char *s, size_t len)
{
	size_t used = strlen(saved_cmdline);
	size_t room, sep;

	len = strnlen(s, len);
	if (len == 0)
		return;
	sep = used ? 1 : 0;
	if (used + sep + len > CMDLINE_MAX - 1)
		cmdline_truncated = true;
	if (used + sep >= CMDLINE_MAX - 1)
		return;
	room = CMDLINE_MAX - 1 - used - sep;
	if (sep)
		saved_cmdline[used++] = ' ';
	if (len > room) {
		while (room > 0 && !isspace((unsigned char)s[room]))
			room--;
		len = room;
	}
	memcpy(saved_cmdline + used, s, len);
	saved_cmdline[used + len] = '\0';
}

/* Control bytes would drive the terminal when the line is printed, and
 * anything outside ASCII has no meaning here: both become '?'. Whitespace
 * of any kind becomes a plain space. */
static void cmdline_sanitize(void)
{
	unsigned char *p;

	for (p = (unsigned char *)saved_cmdline; *p; p++) {
		if (isspace(*p))
			*p = ' ';
		else if (!isprint(*p))
			*p = '?';
	}
}

/* Copy one word from p into *out without its quotes, splitting at the first
 * '='; returns where the word ended in p. */
static const char *split_word(const char *p, char **out, struct cmdline_arg *arg)
{
	bool in_quote = false;
	char *o = *out;

	arg->key = o;
	arg->value = NULL;
	for (; *p && (in_quote || *p != ' '); p++) {
		if (*p == '"') {
			in_quote = !in_quote;
		} else if (*p == '=' && !arg->value) {
			*o++ = '\0';
			arg->value = o;
		} else {
			*o++ = *p;
		}
	}
	*o++ = '\0';
	arg->unterminated = in_quote;
	*out = o;
	return p;
}

static void cmdline_split(void)
{
	const char *p = saved_cmdline;
	char *out = args_text;

	nr_args = 0;
	args_dropped = false;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (nr_args == CMDLINE_MAX_ARGS) {
			args_dropped = true;
			break;
		}
		p = split_word(p, &out, &args[nr_args++]);
	}
}

void cmdline_init(const char *loader_cmdline)
{
	int n;

	saved_cmdline[0] = '\0';
	cmdline_truncated = false;
	if (loader_cmdline)
		cmdline_append(loader_cmdline, CMDLINE_MAX);
	n = fw_cfg_read_file(FW_CFG_CMDLINE, fw_cfg_text, sizeof(fw_cfg_text));
	if (n > 0)
		cmdline_append(fw_cfg_text, n);
	cmdline_sanitize();
	cmdline_split();
	if (cmdline_truncated)
		pr_err("cmdline: longer than %d bytes, cut after %zu: the rest is ignored\n",
		       CMDLINE_MAX - 1, strlen(saved_cmdline));
}

const char *cmdline_get(const char *key, char *buf, size_t size)
{
	const struct cmdline_arg *found = NULL;
	int i;

	for (i = 0; i < nr_args; i++)
		if (!args[i].unterminated && strcmp(args[i].key, key) == 0)
			found = &args[i];
	if (!found || size == 0)
		return NULL;
	strlcpy(buf, found->value ? found->value : "", size);
	return buf;
}

static const struct cmdline_param *cmdline_param_find(const char *key)
{
	size_t count, i;
	const struct cmdline_param *table = cmdline_param_table(&count);

	for (i = 0; i < count; i++)
		if (strcmp(table[i].key, key) == 0)
			return &table[i];
	return NULL;
}

static void cmdline_report(const struct cmdline_arg *arg, const char *reason)
{
	if (arg->value)
		pr_err("cmdline: %s=%s: %s\n", arg->key, arg->value, reason);
	else
		pr_err("cmdline: %s: %s\n", arg->key, reason);
}

/* Apply one word; returns the reason it was refused, or NULL. */
static const char *cmdline_apply(const struct cmdline_arg *arg, char *buf,
				 size_t size)
{
	const char *value = arg->value ? arg->value : "";
	const struct cmdline_param *param;
	const char *name;
	int err;

	if (arg->unterminated)
		return "unterminated quote";
	if (arg->key[0] == '\0')
		return "missing key";
	if (strncmp(arg->key, SYSCTL_PREFIX, strlen(SYSCTL_PREFIX)) == 0) {
		name = arg->key + strlen(SYSCTL_PREFIX);
		err = sysctl_set(name, value);
		return err ? sysctl_strerror(sysctl_find(name), err, buf, size) : NULL;
	}
	param = cmdline_param_find(arg->key);
	if (!param)
		return "unknown key";
	err = param->set(value);
	return err ? sysctl_strerror(NULL, err, buf, size) : NULL;
}

void cmdline_parse(void)
{
	char buf[80];	/* "value out of range [<s64>, <s64>]" */
	const char *reason;
	int i;

	for (i = 0; i < nr_args; i++) {
		reason = cmdline_apply(&args[i], buf, sizeof(buf));
		if (reason)
			cmdline_report(&args[i], reason);
	}
	if (args_dropped)
		pr_err("cmdline: more than %d words: the rest is ignored\n",
		       CMDLINE_MAX_ARGS);
}

/* loglevel=<0..8>: the console log level, the same value as kernel.printk. */
static int set_loglevel(const char *value)
{
	return sysctl_set("kernel.printk", value);
}
CMDLINE_PARAM(loglevel, "loglevel", set_loglevel,
	      "console log level 0..8 (as sysctl kernel.printk)");

static int set_quiet(const char *value)
{
	if (value[0] != '\0')
		return -EINVAL;
	WRITE_ONCE(console_loglevel, CONSOLE_LOGLEVEL_QUIET);
	return 0;
}
CMDLINE_PARAM(quiet, "quiet", set_quiet, "console shows errors only (loglevel 4)");
