/* 16550 UART driver for COM1 (console) and raw output to other ports.
 * [PC16550D datasheet: registers, LSR bits, FIFO control] */
#include "drivers/serial.h"
#include "arch/x86_64/io.h"
#include "kernel/irq.h"
#include "kernel/spinlock.h"
#include "kernel/wait.h"
#include "lib/errno.h"

#define UART_RBR	0	/* receive buffer (read, DLAB=0) */
#define UART_THR	0	/* transmit holding (write, DLAB=0) */
#define UART_DLL	0	/* divisor low (DLAB=1) */
#define UART_IER	1	/* interrupt enable (DLAB=0) */
#define UART_DLM	1	/* divisor high (DLAB=1) */
#define UART_FCR	2	/* FIFO control (write) */
#define UART_IIR	2	/* interrupt identification (read) */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5

#define UART_IER_RDI	0x01	/* receive data available */
#define UART_FCR_ENABLE	0x01
#define UART_FCR_CLEAR	0x06	/* clear RX and TX FIFOs */
#define UART_FCR_TRIG14	0xC0	/* RX interrupt at 14 bytes (or timeout) */
#define UART_LCR_8N1	0x03
#define UART_LCR_DLAB	0x80
#define UART_MCR_DTR	0x01
#define UART_MCR_RTS	0x02
#define UART_MCR_OUT2	0x08	/* gates the UART's IRQ line on PCs */
#define UART_LSR_DR	0x01
#define UART_LSR_ERR	0x1E	/* overrun, parity, framing, break */
#define UART_LSR_THRE	0x20

#define UART_CLOCK_DIV_115200	1
#define SERIAL_RX_RING	256	/* power of two */
#define THRE_SPIN_LIMIT	100000	/* a missing UART must not hang printk */

static u8 rx_ring[SERIAL_RX_RING];
static u32 rx_head, rx_tail;	/* head: next write (IRQ), tail: next read */
static DEFINE_SPINLOCK(rx_lock);
static DECLARE_WAIT_QUEUE_HEAD(rx_wait);
static struct serial_stats stats;
static bool rx_irq_ready;

static void uart_setup(u16 base)
{
	outb(base + UART_IER, 0);
	outb(base + UART_LCR, UART_LCR_DLAB);
	outb(base + UART_DLL, UART_CLOCK_DIV_115200);
	outb(base + UART_DLM, 0);
	outb(base + UART_LCR, UART_LCR_8N1);
	outb(base + UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR | UART_FCR_TRIG14);
	outb(base + UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
}

void serial_init(void)
{
	uart_setup(COM1_BASE);
	uart_setup(COM2_BASE);
}

static void uart_tx(u16 base, u8 c)
{
	u32 spins = 0;

	while (!(inb(base + UART_LSR) & UART_LSR_THRE) && spins++ < THRE_SPIN_LIMIT)
		cpu_relax();
	outb(base + UART_THR, c);
}

void serial_write_raw(u16 base, const void *buf, size_t len)
{
	const u8 *p = buf;

	while (len--)
		uart_tx(base, *p++);
}

void serial_putc(char c)
{
	if (c == '\n')
		uart_tx(COM1_BASE, '\r');
	uart_tx(COM1_BASE, (u8)c);
}

void serial_write(const char *s, size_t len)
{
	while (len--)
		serial_putc(*s++);
}

static irqreturn_t serial_interrupt(int vector, void *ctx)
{
	bool got = false;
	u8 lsr;

	stats.irqs++;
	spin_lock(&rx_lock);
	while ((lsr = inb(COM1_BASE + UART_LSR)) & UART_LSR_DR) {
		u8 c = inb(COM1_BASE + UART_RBR);

		if (lsr & UART_LSR_ERR)
			stats.rx_hw_errors++;
		got = true;
		if (rx_head - rx_tail >= SERIAL_RX_RING) {
			stats.rx_overruns++;
			continue;
		}
		rx_ring[rx_head++ % SERIAL_RX_RING] = c;
		stats.rx_chars++;
	}
	spin_unlock(&rx_lock);
	if (got)
		wake_up(&rx_wait);
	return got ? IRQ_HANDLED : IRQ_NONE;
}

int serial_irq_init(void)
{
	bool level, active_low;
	u32 gsi = irq_isa_to_gsi(COM1_ISA_IRQ, &level, &active_low);
	int err;

	err = request_irq(IRQ_GSI_BASE + gsi, serial_interrupt, NULL, "serial", "IO-APIC");
	if (err)
		return err;
	err = irq_setup_gsi(gsi, level, active_low);
	if (err)
		return err;
	rx_irq_ready = true;
	/* Drain anything typed before the line was routed, then enable. */
	while (inb(COM1_BASE + UART_LSR) & UART_LSR_DR)
		inb(COM1_BASE + UART_RBR);
	outb(COM1_BASE + UART_IER, UART_IER_RDI);
	return 0;
}

static bool rx_available(void)
{
	return READ_ONCE(rx_head) != READ_ONCE(rx_tail);
}

int serial_getc(void)
{
	unsigned long flags;
	int c;

	if (!rx_irq_ready)
		return -ENODEV;
	for (;;) {
		wait_event(rx_wait, rx_available());
		spin_lock_irqsave(&rx_lock, flags);
		if (rx_head != rx_tail) {
			c = rx_ring[rx_tail++ % SERIAL_RX_RING];
			spin_unlock_irqrestore(&rx_lock, flags);
			return c;
		}
		spin_unlock_irqrestore(&rx_lock, flags);
	}
}

void serial_get_stats(struct serial_stats *st)
{
	*st = stats;
}
