/* 16550 UART console on COM1: polled output (printk must work before and
 * without interrupts), interrupt-driven input for the shell. */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

#include "lib/types.h"

#define COM1_BASE	0x3F8
#define COM2_BASE	0x2F8
#define COM1_ISA_IRQ	4

void serial_init(void);
void serial_putc(char c);
/* Raw bytes, no newline translation (pcap streams, escape sequences). */
void serial_write_raw(u16 base, const void *buf, size_t len);
/* Text: "\n" becomes "\r\n". */
void serial_write(const char *s, size_t len);

/* Route the COM1 receive interrupt; needs the IOAPIC and the scheduler. */
int serial_irq_init(void);
/* Block until a character arrives on COM1. Threads only. */
int serial_getc(void);

struct serial_stats {
	u64 rx_chars;
	u64 rx_overruns;	/* ring full: characters dropped */
	u64 rx_hw_errors;	/* LSR overrun/parity/framing */
	u64 irqs;
};
void serial_get_stats(struct serial_stats *st);

#endif /* DRIVERS_SERIAL_H */
