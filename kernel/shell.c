/* The serial console shell: a thread that edits one line at a time on COM1,
 * splits it into words and runs the matching command from the .shell_cmds
 * table. Basic editing only (no cursor movement, no history). */
#include "kernel/shell.h"
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/sysctl.h"
#include "drivers/serial.h"
#include "lib/ctype.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define SHELL_PROMPT	"napkin> "
#define SHELL_LINE_MAX	256	/* bytes, NUL included */
#define SHELL_OUT_CHUNK	256	/* long text goes out in pieces kprintf can hold */

#define CTRL(c)		((c) & 0x1f)
#define ASCII_ESC	0x1b
#define ASCII_DEL	0x7f

extern const struct shell_cmd __shell_cmds_start[], __shell_cmds_end[];

/* Where the editor is inside a terminal escape sequence [ECMA-48 5.4]. */
enum esc_state {
	ESC_NONE,
	ESC_START,	/* got ESC */
	ESC_CSI,	/* got ESC [: parameters until a final byte */
	ESC_SS3,	/* got ESC O: one more byte (keypad arrows) */
};

enum line_status { LINE_PENDING, LINE_DONE, LINE_CANCELLED };

struct line_editor {
	char buf[SHELL_LINE_MAX];
	size_t len;
	int esc;		/* enum esc_state */
	bool last_cr;		/* a CR ended the last line: swallow its LF */
};

/* ---- output -------------------------------------------------------- */

static void shell_write(const char *s, size_t len)
{
	size_t n;

	while (len) {
		n = min_t(size_t, len, SHELL_OUT_CHUNK);
		kprintf("%.*s", (int)n, s);
		s += n;
		len -= n;
	}
}

/* ---- line editing -------------------------------------------------- */

static void line_erase(struct line_editor *le, size_t n)
{
	for (; n && le->len; n--, le->len--)
		kprintf("\b \b");
}

static void line_insert(struct line_editor *le, int c)
{
	if (le->len >= sizeof(le->buf) - 1) {
		kprintf("\a");		/* full: refuse, audibly */
		return;
	}
	le->buf[le->len++] = c;
	kprintf("%c", c);
}

/*
 * Swallow escape sequences (arrow keys and the like) so they do not land in
 * the line as "[A". Returns false when c ends the sequence without being
 * part of it (a control character): the caller then handles c itself.
 */
static bool line_escape(struct line_editor *le, int c)
{
	switch (le->esc) {
	case ESC_START:
		le->esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
		break;
	case ESC_SS3:
		le->esc = ESC_NONE;
		break;
	case ESC_CSI:
		if (c >= 0x20 && c <= 0x3f)
			return true;	/* parameter or intermediate byte */
		le->esc = ESC_NONE;	/* final byte 0x40-0x7e, or malformed */
		break;
	}
	return !iscntrl(c) || c == ASCII_DEL;
}

/* Feed one received byte to the editor. */
static int line_input(struct line_editor *le, int c)
{
	bool after_cr = le->last_cr;

	le->last_cr = false;
	if (le->esc != ESC_NONE && line_escape(le, c))
		return LINE_PENDING;
	switch (c) {
	case '\r':
		le->last_cr = true;
		return LINE_DONE;
	case '\n':
		return after_cr ? LINE_PENDING : LINE_DONE;
	case ASCII_ESC:
		le->esc = ESC_START;
		break;
	case '\b':
	case ASCII_DEL:
		line_erase(le, 1);
		break;
	case CTRL('U'):
		line_erase(le, le->len);
		break;
	case CTRL('C'):
		kprintf("^C\n");
		return LINE_CANCELLED;
	default:
		if (isprint(c))
			line_insert(le, c);
		break;		/* other control bytes and non-ASCII: ignored */
	}
	return LINE_PENDING;
}

/* Read one line into le->buf; LINE_DONE or LINE_CANCELLED. */
static int shell_readline(struct line_editor *le)
{
	int status = LINE_PENDING;
	int c;

	le->len = 0;
	le->esc = ESC_NONE;
	while (status == LINE_PENDING) {
		c = serial_getc();
		if (c >= 0)
			status = line_input(le, c);
	}
	le->buf[le->len] = '\0';
	if (status == LINE_DONE)
		kprintf("\n");
	return status;
}

/* ---- words and dispatch ------------------------------------------- */

/*
 * Split line in place into argv[] at spaces; double quotes group words and
 * are removed. Returns argc, -E2BIG for more than SHELL_MAX_ARGS words or
 * -EINVAL for an unterminated quote.
 */
static int shell_split(char *line, char **argv)
{
	char *in = line, *out = line;
	bool in_quote;
	char end;
	int argc = 0;

	for (;;) {
		while (*in == ' ')
			in++;
		if (!*in)
			break;
		if (argc == SHELL_MAX_ARGS)
			return -E2BIG;
		argv[argc++] = out;
		for (in_quote = false; *in && (in_quote || *in != ' '); in++) {
			if (*in == '"')
				in_quote = !in_quote;
			else
				*out++ = *in;
		}
		if (in_quote)
			return -EINVAL;
		end = *in;	/* read before the NUL below may overwrite it */
		*out++ = '\0';
		if (!end)
			break;
		in++;
	}
	argv[argc] = NULL;
	return argc;
}

static size_t shell_cmd_count(void)
{
	return __shell_cmds_end - __shell_cmds_start;
}

static const struct shell_cmd *shell_find(const char *name)
{
	size_t i;

	for (i = 0; i < shell_cmd_count(); i++)
		if (strcmp(__shell_cmds_start[i].name, name) == 0)
			return &__shell_cmds_start[i];
	return NULL;
}

static void shell_run(char *line)
{
	char *argv[SHELL_MAX_ARGS + 1];
	const struct shell_cmd *cmd;
	int argc, ret;

	argc = shell_split(line, argv);
	if (argc == -E2BIG) {
		kprintf("%s: too many arguments (at most %d words)\n", argv[0],
			SHELL_MAX_ARGS);
		return;
	}
	if (argc == -EINVAL) {
		kprintf("shell: unterminated quote\n");
		return;
	}
	if (argc == 0)
		return;
	cmd = shell_find(argv[0]);
	if (!cmd) {
		kprintf("%s: command not found\n", argv[0]);
		return;
	}
	ret = cmd->fn(argc, argv);
	if (ret < 0)
		kprintf("%s: %s\n", argv[0], strerror_name(ret));
}

static int shell_thread(void *unused)
{
	static struct line_editor le;

	for (;;) {
		kprintf(SHELL_PROMPT);
		if (shell_readline(&le) == LINE_DONE)
			shell_run(le.buf);
	}
	return 0;
}

void shell_start(void)
{
	struct task_struct *t;

	t = kthread_run(shell_thread, NULL, "shell", SCHED_PRIO_NORMAL);
	if (IS_ERR_OR_NULL(t))
		pr_err("shell: cannot start the shell thread\n");
}

/* ---- listing in name order ----------------------------------------- */

/* a before b in (name, index) order; the index keeps duplicates apart. */
static int name_order(const char *a, long ia, const char *b, long ib)
{
	int c = strcmp(a, b);

	return c ? c : (ia > ib) - (ia < ib);
}

/*
 * Index of the entry that follows `prev` (-1: the first) in name order, or
 * -1 after the last. name_at(i) is NULL past the end. O(n) per call, which
 * is fine for tables of tens of entries and needs no allocation.
 */
static long next_by_name(const char *(*name_at)(size_t), long prev)
{
	const char *pname = prev >= 0 ? name_at(prev) : NULL;
	const char *name, *best_name = NULL;
	long best = -1;
	size_t i;

	for (i = 0; (name = name_at(i)) != NULL; i++) {
		if (pname && name_order(name, i, pname, prev) <= 0)
			continue;
		if (best < 0 || name_order(name, i, best_name, best) < 0) {
			best = i;
			best_name = name;
		}
	}
	return best;
}

static const char *cmd_name_at(size_t i)
{
	return i < shell_cmd_count() ? __shell_cmds_start[i].name : NULL;
}

static const char *sysctl_name_at(size_t i)
{
	const struct sysctl_entry *e = sysctl_entry_at(i);

	return e ? e->name : NULL;
}

/* ---- built-in commands --------------------------------------------- */

static int cmd_help(int argc, char **argv)
{
	const struct shell_cmd *cmd;
	int width = 0;
	long i;

	for (i = 0; (size_t)i < shell_cmd_count(); i++)
		width = max_t(int, width, strlen(__shell_cmds_start[i].name));
	for (i = next_by_name(cmd_name_at, -1); i >= 0;
	     i = next_by_name(cmd_name_at, i)) {
		cmd = &__shell_cmds_start[i];
		kprintf("  %-*s  %s\n", width, cmd->name, cmd->help ? cmd->help : "");
	}
	return 0;
}
SHELL_COMMAND(help, "help", cmd_help, "list commands");

static void sysctl_show(const struct sysctl_entry *e)
{
	char val[64];

	sysctl_format(e, val, sizeof(val));
	kprintf("%s = %s\n", e->name, val);
}

/* "name=value" (split in place); reports the result either way. */
static void sysctl_write(char *arg)
{
	char *value = strchr(arg, '=');
	char reason[80];
	int err;

	*value++ = '\0';
	err = sysctl_set(arg, value);
	if (err)
		kprintf("sysctl: %s=%s: %s\n", arg, value,
			sysctl_strerror(sysctl_find(arg), err, reason, sizeof(reason)));
	else
		sysctl_show(sysctl_find(arg));
}

static void sysctl_show_all(void)
{
	long i;

	for (i = next_by_name(sysctl_name_at, -1); i >= 0;
	     i = next_by_name(sysctl_name_at, i))
		sysctl_show(sysctl_entry_at(i));
}

/*
 * sysctl -a | sysctl name... | sysctl [-w] name=value...
 * Each argument's failure is reported on its own line; the rest still run.
 */
static int cmd_sysctl(int argc, char **argv)
{
	const struct sysctl_entry *e;
	bool write = argc > 1 && strcmp(argv[1], "-w") == 0;
	int i = write ? 2 : 1;

	if (argc == 2 && strcmp(argv[1], "-a") == 0) {
		sysctl_show_all();
		return 0;
	}
	if (i >= argc) {
		kprintf("usage: sysctl -a | sysctl name... | sysctl -w name=value...\n");
		return -EINVAL;
	}
	for (; i < argc; i++) {
		if (strchr(argv[i], '='))
			sysctl_write(argv[i]);
		else if (write)
			kprintf("sysctl: %s: expected name=value\n", argv[i]);
		else if ((e = sysctl_find(argv[i])) != NULL)
			sysctl_show(e);
		else
			kprintf("sysctl: %s: no such sysctl\n", argv[i]);
	}
	return 0;
}
SHELL_COMMAND(sysctl, "sysctl", cmd_sysctl,
	      "show or set tunables: -a | name... | -w name=value...");

static int cmd_echo(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		kprintf("%s%s", i > 1 ? " " : "", argv[i]);
	kprintf("\n");
	return 0;
}
SHELL_COMMAND(echo, "echo", cmd_echo, "print the arguments");

static int cmd_dmesg(int argc, char **argv)
{
	static char log[32 * 1024];	/* only the shell thread uses it */
	size_t len = log_buf_read(log, sizeof(log));
	const char *start = log;

	/* A full buffer starts mid-line: show whole lines only. */
	if (len == sizeof(log) - 1) {
		start = memchr(log, '\n', len);
		start = start ? start + 1 : log;
	}
	shell_write(start, len - (start - log));
	return 0;
}
SHELL_COMMAND(dmesg, "dmesg", cmd_dmesg, "show the kernel log");

static int cmd_cmdline(int argc, char **argv)
{
	const char *s = saved_command_line();

	shell_write(s, strlen(s));
	kprintf("\n");
	return 0;
}
SHELL_COMMAND(cmdline, "cmdline", cmd_cmdline, "show the kernel command line");

static int cmd_reboot(int argc, char **argv)
{
	machine_restart();	/* says "reboot: Restarting system" itself */
}
SHELL_COMMAND(reboot, "reboot", cmd_reboot, "reset the machine");

static int cmd_halt(int argc, char **argv)
{
	kprintf("System halted.\n");
	machine_halt();
}
SHELL_COMMAND(halt, "halt", cmd_halt, "stop the machine");
