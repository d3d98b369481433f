/* test_cmdline.c: kernel/cmdline.c with a stand-in fw_cfg, printk and
 * parameter table: joining and truncation, word splitting with quotes,
 * dispatch to parameters and sysctls, and the report for every bad word. */
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/sysctl.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "tests/unit/ktest.h"

/* ---- stand-ins for the kernel around cmdline.c --------------------- */

int console_loglevel = LOGLEVEL_DEFAULT;
static int test_int;

static char log_text[16384];
static size_t log_len;

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	va_start(ap, fmt);
	n = vscnprintf(log_text + log_len, sizeof(log_text) - log_len, fmt, ap);
	va_end(ap);
	log_len += n;
	return n;
}

static const char *fw_text;	/* NULL: no fw_cfg device */
static size_t fw_len;

int fw_cfg_read_file(const char *name, void *buf, size_t size);
int fw_cfg_read_file(const char *name, void *buf, size_t size)
{
	if (!fw_text)
		return -ENODEV;
	if (strcmp(name, "opt/napkin/cmdline") != 0)
		return -ENOENT;
	size = size < fw_len ? size : fw_len;
	(memcpy)(buf, fw_text, size);
	return (int)size;
}

static const struct sysctl_entry test_sysctls[] = {
	{ .name = "kernel.printk", .type = SYSCTL_INT, .data = &console_loglevel,
	  .min = 0, .max = 8 },
	{ .name = "test.int", .type = SYSCTL_INT, .data = &test_int,
	  .min = -5, .max = 5 },
};

const struct sysctl_entry *sysctl_table(size_t *count);
const struct sysctl_entry *sysctl_table(size_t *count)
{
	*count = sizeof(test_sysctls) / sizeof(test_sysctls[0]);
	return test_sysctls;
}

static char param_value[CMDLINE_MAX];
static int param_calls;

static int set_param(const char *value)
{
	param_calls++;
	strlcpy(param_value, value, sizeof(param_value));
	return 0;
}

static int set_failing(const char *value)
{
	(void)value;
	return -EINVAL;
}

static int set_busy(const char *value)
{
	(void)value;
	return -EBUSY;
}

static const struct cmdline_param test_params[] = {
	{ .key = "p", .set = set_param },
	{ .key = "fail", .set = set_failing },
	{ .key = "busy", .set = set_busy },
};

const struct cmdline_param *cmdline_param_table(size_t *count);
const struct cmdline_param *cmdline_param_table(size_t *count)
{
	*count = sizeof(test_params) / sizeof(test_params[0]);
	return test_params;
}

KTEST_SETUP(reset)
{
	console_loglevel = LOGLEVEL_DEFAULT;
	test_int = 0;
	log_len = 0;
	log_text[0] = '\0';
	fw_text = NULL;
	fw_len = 0;
	param_value[0] = '\0';
	param_calls = 0;
}

/* ---- helpers -------------------------------------------------------- */

static void boot(const char *loader, const char *fw)
{
	fw_text = fw;
	fw_len = fw ? strlen(fw) : 0;
	cmdline_init(loader);
	cmdline_parse();
}

#define EXPECT_LOG(s)	EXPECT_NOT_NULL(strstr(log_text, s))
#define EXPECT_NO_LOG()	EXPECT_STREQ(log_text, "")

static const char *get(const char *key)
{
	static char buf[CMDLINE_MAX];

	return cmdline_get(key, buf, sizeof(buf));
}

/* ---- tests ---------------------------------------------------------- */

KTEST(loader_then_fw_cfg)
{
	boot("p=1", "p=2");
	EXPECT_STREQ(saved_command_line(), "p=1 p=2");
	EXPECT_EQ(param_calls, 2);
	EXPECT_STREQ(param_value, "2");		/* fw_cfg comes last and wins */
	EXPECT_STREQ(get("p"), "2");
	EXPECT_NO_LOG();
}

KTEST(no_fw_cfg_or_no_loader)
{
	boot("p=1", NULL);
	EXPECT_STREQ(saved_command_line(), "p=1");
	boot(NULL, "p=3");
	EXPECT_STREQ(saved_command_line(), "p=3");
	EXPECT_STREQ(param_value, "3");
	boot("", "");
	EXPECT_STREQ(saved_command_line(), "");
	EXPECT_NO_LOG();
}

KTEST(fw_cfg_blob_with_nul_and_newline)
{
	fw_text = "p=4\n\0garbage";
	fw_len = 13;
	cmdline_init("");
	cmdline_parse();
	EXPECT_STREQ(saved_command_line(), "p=4 ");
	EXPECT_STREQ(param_value, "4");
	EXPECT_NO_LOG();
}

KTEST(words_and_whitespace)
{
	boot("  p=a\tsysctl.test.int=3 \n ", NULL);
	EXPECT_STREQ(get("p"), "a");
	EXPECT_STREQ(get("sysctl.test.int"), "3");
	EXPECT_EQ(test_int, 3);
	EXPECT_NO_LOG();
}

KTEST(empty_and_only_spaces)
{
	boot("", NULL);
	EXPECT_EQ(param_calls, 0);
	boot("   \t  ", "  ");
	EXPECT_EQ(param_calls, 0);
	EXPECT_NULL(get("p"));
	EXPECT_NO_LOG();
}

KTEST(quotes)
{
	boot("p=\"a b\"", NULL);
	EXPECT_STREQ(param_value, "a b");
	boot("\"p=c d\"", NULL);
	EXPECT_STREQ(param_value, "c d");
	boot("p=\"x=y\" other=\"\"", NULL);
	EXPECT_STREQ(get("p"), "x=y");
	EXPECT_STREQ(get("other"), "");
	EXPECT_LOG("cmdline: other=: unknown key\n");
}

KTEST(unterminated_quote)
{
	boot("p=1 p=\"abc def", NULL);
	EXPECT_LOG("cmdline: p=abc def: unterminated quote\n");
	EXPECT_EQ(param_calls, 1);
	EXPECT_STREQ(param_value, "1");
	EXPECT_STREQ(get("p"), "1");
}

KTEST(bare_key_and_empty_value)
{
	boot("p", NULL);
	EXPECT_EQ(param_calls, 1);
	EXPECT_STREQ(param_value, "");
	EXPECT_STREQ(get("p"), "");
	boot("p=", NULL);
	EXPECT_EQ(param_calls, 2);
	EXPECT_STREQ(get("p"), "");
	EXPECT_NO_LOG();
}

KTEST(repeated_key_last_wins)
{
	boot("p=1 sysctl.test.int=1 p=2 sysctl.test.int=2", "p=3");
	EXPECT_EQ(param_calls, 3);
	EXPECT_STREQ(param_value, "3");
	EXPECT_STREQ(get("p"), "3");
	EXPECT_EQ(test_int, 2);
}

KTEST(missing_key)
{
	boot("=1 = p=ok", NULL);
	EXPECT_LOG("cmdline: =1: missing key\n");
	EXPECT_LOG("cmdline: =: missing key\n");
	EXPECT_STREQ(param_value, "ok");
}

KTEST(unknown_keys_reported)
{
	boot("bogus=1 alsobogus p=fine", NULL);
	EXPECT_LOG("cmdline: bogus=1: unknown key\n");
	EXPECT_LOG("cmdline: alsobogus: unknown key\n");
	EXPECT_STREQ(param_value, "fine");
}

KTEST(parameter_errors_reported)
{
	boot("fail=1 busy", NULL);
	EXPECT_LOG("cmdline: fail=1: invalid value\n");
	EXPECT_LOG("cmdline: busy: EBUSY\n");
}

KTEST(sysctl_set_and_refused)
{
	boot("sysctl.kernel.printk=3", NULL);
	EXPECT_EQ(console_loglevel, 3);
	EXPECT_NO_LOG();
	boot("sysctl.kernel.printk=99 sysctl.net.foo=1 sysctl.test.int=x "
	     "sysctl.test.int= sysctl.test.int sysctl.=1", NULL);
	EXPECT_EQ(console_loglevel, 3);
	EXPECT_EQ(test_int, 0);
	EXPECT_LOG("cmdline: sysctl.kernel.printk=99: value out of range [0, 8]\n");
	EXPECT_LOG("cmdline: sysctl.net.foo=1: no such sysctl\n");
	EXPECT_LOG("cmdline: sysctl.test.int=x: invalid value\n");
	EXPECT_LOG("cmdline: sysctl.test.int=: invalid value\n");
	EXPECT_LOG("cmdline: sysctl.test.int: invalid value\n");
	EXPECT_LOG("cmdline: sysctl.=1: no such sysctl\n");
}

KTEST(garbage_bytes)
{
	boot("\x01\xff\x1b[2J=1 p=\x7f\x80ok sysctl.test.int=\x02", NULL);
	EXPECT_STREQ(saved_command_line(), "???[2J=1 p=??ok sysctl.test.int=?");
	EXPECT_LOG("cmdline: ???[2J=1: unknown key\n");
	EXPECT_LOG("cmdline: sysctl.test.int=?: invalid value\n");
	EXPECT_STREQ(param_value, "??ok");
	EXPECT_EQ(test_int, 0);
}

/* Every word of `line` must be one of the words that were given. */
static void expect_whole_words(const char *line)
{
	char word[32];
	size_t n;

	while (*line) {
		n = strcspn(line, " ");
		if (n > 0) {
			EXPECT_LT(n, sizeof(word));
			if (n >= sizeof(word))
				return;
			(memcpy)(word, line, n);
			word[n] = '\0';
			EXPECT_TRUE(strncmp(word, "p=", 2) == 0 && strlen(word) == 7);
		}
		line += n + (line[n] == ' ');
	}
}

KTEST(overlong_line_truncated_at_a_word)
{
	static char loader[1200], fw[CMDLINE_MAX + 100];
	size_t i;

	for (i = 0; i + 8 <= sizeof(loader) - 1; i += 8)
		(memcpy)(loader + i, "p=11111 ", 8);
	loader[i] = '\0';
	for (i = 0; i + 8 <= sizeof(fw) - 1; i += 8)
		(memcpy)(fw + i, "p=22222 ", 8);
	fw[i] = '\0';
	boot(loader, fw);
	EXPECT_LE(strlen(saved_command_line()), CMDLINE_MAX - 1);
	EXPECT_GE(strlen(saved_command_line()), CMDLINE_MAX - 9);
	expect_whole_words(saved_command_line());
	EXPECT_STREQ(param_value, "22222");
	EXPECT_LOG("cmdline: longer than 2047 bytes, cut after ");
	EXPECT_LOG(": the rest is ignored\n");
}

KTEST(one_huge_word)
{
	static char fw[CMDLINE_MAX * 2];

	(memset)(fw, 'a', sizeof(fw) - 1);
	fw[sizeof(fw) - 1] = '\0';
	(memcpy)(fw, "p=", 2);
	boot("p=1", fw);
	EXPECT_STREQ(saved_command_line(), "p=1 ");	/* no half word */
	EXPECT_STREQ(param_value, "1");
	EXPECT_LOG("the rest is ignored\n");
}

KTEST(too_many_words)
{
	static char line[CMDLINE_MAX];
	size_t i;

	for (i = 0; i < 300; i++)
		(memcpy)(line + 2 * i, "p ", 2);
	line[600] = '\0';
	boot(line, NULL);
	EXPECT_EQ(param_calls, 256);
	EXPECT_LOG("cmdline: more than 256 words: the rest is ignored\n");
}

KTEST(get_bounds)
{
	char small[4];

	boot("p=abcdef", NULL);
	EXPECT_NULL(cmdline_get("q", small, sizeof(small)));
	EXPECT_NULL(cmdline_get("p", small, 0));
	EXPECT_EQ(cmdline_get("p", small, sizeof(small)), small);
	EXPECT_STREQ(small, "abc");
	EXPECT_NULL(cmdline_get("p=abcdef", small, sizeof(small)));
}

KTEST(random_bytes_never_crash)
{
	static char line[CMDLINE_MAX + 64];
	int round;

	for (round = 0; round < 200; round++) {
		ktest_fill_random(line, sizeof(line) - 1);
		line[sizeof(line) - 1] = '\0';
		boot(line, line + 17);
		EXPECT_LE(strlen(saved_command_line()), CMDLINE_MAX - 1);
		log_len = 0;
	}
}
