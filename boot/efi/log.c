/* napkin-efi logging: a small formatter writing to the 16550 UART at COM1 by
 * polling, and to the firmware's ConOut while boot services are alive. */
#include <efi.h>
#include <efilib.h>

#include "boot/efi/format.h"
#include "boot/efi/log.h"

#define COM1_BASE	0x3F8
#define UART_THR	0	/* transmit holding register (DLAB=0) */
#define UART_IER	1	/* interrupt enable (DLAB=0) */
#define UART_DLL	0	/* divisor latch low byte (DLAB=1) */
#define UART_DLM	1	/* divisor latch high byte (DLAB=1) */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */
#define LCR_8N1		0x03
#define LCR_DLAB	0x80
#define MCR_DTR_RTS	0x03
#define LSR_THRE	0x20	/* transmit holding register empty */
#define DIVISOR_115200	1	/* 115200 = 1.8432 MHz / 16 / 1 */
/* A missing UART must not hang the loader: give up on a byte after this. */
#define THRE_SPINS	100000

#define LOG_LINE_MAX	256

static int console_on;

static inline void outb(UINT16 port, UINT8 v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline UINT8 inb(UINT16 port)
{
	UINT8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/*
 * OVMF and the kernel both run COM1 at 115200 8N1; programming the same here
 * keeps our lines readable on firmware that never touched the UART.
 */
void log_init(void)
{
	outb(COM1_BASE + UART_IER, 0);
	outb(COM1_BASE + UART_LCR, LCR_DLAB);
	outb(COM1_BASE + UART_DLL, DIVISOR_115200);
	outb(COM1_BASE + UART_DLM, 0);
	outb(COM1_BASE + UART_LCR, LCR_8N1);
	outb(COM1_BASE + UART_MCR, MCR_DTR_RTS);
	console_on = 1;
}

void log_console_off(void)
{
	console_on = 0;
}

static void com1_putc(char c)
{
	unsigned int spins = 0;

	while (!(inb(COM1_BASE + UART_LSR) & LSR_THRE) && ++spins < THRE_SPINS)
		;
	outb(COM1_BASE + UART_THR, (UINT8)c);
}

static void com1_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			com1_putc('\r');
		com1_putc(*s);
	}
}

/* ConOut takes UCS-2 and wants CR LF; convert in chunks to bound the stack. */
static void conout_puts(const char *s)
{
	CHAR16 buf[64];
	unsigned int n = 0;

	for (; *s; s++) {
		if (*s == '\n')
			buf[n++] = L'\r';
		buf[n++] = (CHAR16)(unsigned char)*s;
		if (n >= sizeof(buf) / sizeof(buf[0]) - 2 || !s[1]) {
			buf[n] = 0;
			uefi_call_wrapper(ST->ConOut->OutputString, 2,
					  ST->ConOut, buf);
			n = 0;
		}
	}
}

void log_printf(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	format_line(line, sizeof(line), fmt, ap);
	va_end(ap);
	com1_puts(line);
	if (console_on)
		conout_puts(line);
}

const char *efi_status_name(EFI_STATUS status)
{
	switch (status) {
	case EFI_SUCCESS:
		return "EFI_SUCCESS";
	case EFI_NOT_FOUND:
		return "EFI_NOT_FOUND";
	case EFI_OUT_OF_RESOURCES:
		return "EFI_OUT_OF_RESOURCES";
	case EFI_INVALID_PARAMETER:
		return "EFI_INVALID_PARAMETER";
	case EFI_BUFFER_TOO_SMALL:
		return "EFI_BUFFER_TOO_SMALL";
	case EFI_UNSUPPORTED:
		return "EFI_UNSUPPORTED";
	default:
		return "error";
	}
}
