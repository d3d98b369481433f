/* Fine time from the TSC, calibrated at boot against PIT channel 2 (CPUID
 * leaf 0x15/0x16 if there is no PIT), and the HZ tick from the LAPIC timer,
 * calibrated against the TSC. No HPET, no TSC-deadline mode. */
#include "kernel/time.h"
#include "kernel/timer.h"
#include "kernel/irq.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"

/* 8254 PIT channel 2, gated through port 0x61 [Intel 82C54 datasheet] */
#define PIT_TICK_RATE		1193182		/* Hz */
#define PIT_CH2			0x42
#define PIT_MODE		0x43
#define PIT_MODE_CH2_ONESHOT	0xB0	/* channel 2, lobyte/hibyte, mode 0, binary */
#define PORT_61			0x61
#define PORT61_GATE2		BIT(0)
#define PORT61_SPEAKER		BIT(1)
#define PORT61_OUT2		BIT(5)

#define CALIBRATE_MS		10
#define CALIBRATE_ROUNDS	5
/* Give up on a PIT that never reaches terminal count: a 20 GHz TSC's worth
 * of cycles, or this many polls. */
#define PIT_MAX_CYCLES_PER_MS	20000000ULL
#define PIT_MAX_POLLS		10000000U
#define TSC_FALLBACK_KHZ	1000000ULL

#define CPUID_80000007_EDX_INVTSC	BIT(8)

u64 tsc_khz;
static u64 tsc_boot;
static u64 ns_mult;		/* ns = (cycles * ns_mult) >> 32 */
static u32 lapic_ticks_per_ms;

/* TSC cycles while PIT channel 2 counts down ms milliseconds; 0 if the
 * PIT never finishes (absent, or gated off as on some newer chipsets). */
static u64 pit_measure_tsc(u32 ms)
{
	u32 latch = PIT_TICK_RATE * ms / 1000, polls = 0;
	u64 t0, t1;

	outb(PORT_61, (inb(PORT_61) & ~PORT61_SPEAKER) | PORT61_GATE2);
	outb(PIT_MODE, PIT_MODE_CH2_ONESHOT);
	outb(PIT_CH2, latch & 0xFF);
	outb(PIT_CH2, latch >> 8);
	t0 = t1 = rdtsc();
	while (!(inb(PORT_61) & PORT61_OUT2)) {
		t1 = rdtsc();
		if (t1 - t0 > PIT_MAX_CYCLES_PER_MS * ms || ++polls > PIT_MAX_POLLS)
			return 0;
	}
	return t1 - t0;
}

static void sort_u64(u64 *v, int n)
{
	int i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && v[j - 1] > v[j]; j--)
			swap(v[j - 1], v[j]);
}

/* The median of a few rounds: a round stretched by an SMI (or, under
 * emulation, by the host descheduling us) does not move it. */
static u64 pit_calibrate_tsc(void)
{
	u64 cycles[CALIBRATE_ROUNDS];
	int i;

	for (i = 0; i < CALIBRATE_ROUNDS; i++) {
		cycles[i] = pit_measure_tsc(CALIBRATE_MS);
		if (!cycles[i])
			return 0;
	}
	sort_u64(cycles, CALIBRATE_ROUNDS);
	pr_info("time: PIT calibration %d x %d ms: %llu..%llu kHz\n", CALIBRATE_ROUNDS,
		CALIBRATE_MS, (unsigned long long)(cycles[0] / CALIBRATE_MS),
		(unsigned long long)(cycles[CALIBRATE_ROUNDS - 1] / CALIBRATE_MS));
	return cycles[CALIBRATE_ROUNDS / 2] / CALIBRATE_MS;
}

/* CPUID 0x15 (TSC/crystal ratio) or 0x16 (base MHz) [SDM Vol.3 18.7.3]. */
static u64 cpuid_tsc_khz(void)
{
	u32 max, a, b, c, d;

	cpuid(0, 0, &max, &b, &c, &d);
	if (max >= 0x15) {
		cpuid(0x15, 0, &a, &b, &c, &d);
		if (a && b && c)
			return (u64)c * b / a / 1000;
	}
	if (max >= 0x16) {
		cpuid(0x16, 0, &a, &b, &c, &d);
		if (a & 0xFFFF)
			return (u64)(a & 0xFFFF) * 1000;
	}
	return 0;
}

static void tsc_init(void)
{
	u32 a, b, c, d;

	tsc_khz = pit_calibrate_tsc();
	if (!tsc_khz) {
		tsc_khz = cpuid_tsc_khz();
		if (tsc_khz)
			pr_warn("time: no PIT; TSC frequency from CPUID\n");
	}
	if (!tsc_khz) {
		pr_err("time: cannot calibrate the TSC (no PIT, no CPUID leaf); assuming %llu MHz\n",
		       TSC_FALLBACK_KHZ / 1000);
		tsc_khz = TSC_FALLBACK_KHZ;
	}
	ns_mult = (1000000ULL << 32) / tsc_khz;
	tsc_boot = rdtsc();
	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a >= 0x80000007) {
		cpuid(0x80000007, 0, &a, &b, &c, &d);
		if (!(d & CPUID_80000007_EDX_INVTSC))
			pr_info("time: TSC not advertised invariant; ktime may drift with CPU frequency\n");
	}
}

u64 ktime_get_ns(void)
{
	if (!tsc_khz)
		return 0;
	return (u64)(((unsigned __int128)(rdtsc() - tsc_boot) * ns_mult) >> 32);
}

static void delay_cycles(u64 cycles)
{
	u64 start = rdtsc();

	while (rdtsc() - start < cycles)
		cpu_relax();
}

/* Before calibration (early panic, reboot) fall back on ~1 us port writes. */
void udelay(u32 us)
{
	if (!tsc_khz) {
		while (us--)
			io_delay();
		return;
	}
	delay_cycles(DIV_ROUND_UP((u64)us * tsc_khz, 1000));
}

void ndelay(u32 ns)
{
	if (!tsc_khz) {
		udelay(DIV_ROUND_UP(ns, 1000));
		return;
	}
	delay_cycles(DIV_ROUND_UP((u64)ns * tsc_khz, 1000000));
}

void mdelay(u32 ms)
{
	while (ms--)
		udelay(1000);
}

/* LAPIC timer ticks (divide by 16) per millisecond, measured by the TSC. */
static u32 lapic_timer_measure(void)
{
	u64 t0, t1;
	u32 left;

	lapic_write(APIC_TDCR, APIC_TDR_DIV_16);
	lapic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TMICT, 0xFFFFFFFF);
	t0 = rdtsc();
	mdelay(CALIBRATE_MS);
	left = lapic_read(APIC_TMCCT);
	t1 = rdtsc();
	lapic_write(APIC_TMICT, 0);
	if (t1 == t0)
		return 0;
	return (u64)(0xFFFFFFFFU - left) * tsc_khz / (t1 - t0);
}

static u32 lapic_timer_calibrate(void)
{
	u64 v[3];
	int i;

	for (i = 0; i < 3; i++)
		v[i] = lapic_timer_measure();
	sort_u64(v, 3);
	return v[1];
}

static irqreturn_t lapic_timer_interrupt(int vector, void *ctx)
{
	timer_interrupt();
	return IRQ_HANDLED;
}

void time_init(void)
{
	tsc_init();
	lapic_ticks_per_ms = lapic_timer_calibrate();
	if (lapic_ticks_per_ms < 1000 / HZ)
		panic("time: the LAPIC timer does not count (%u ticks/ms)", lapic_ticks_per_ms);
	if (request_irq(LOCAL_TIMER_VECTOR, lapic_timer_interrupt, NULL, "timer", "LAPIC"))
		panic("time: cannot register the timer interrupt");
	lapic_write(APIC_TDCR, APIC_TDR_DIV_16);
	lapic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TMICT, lapic_ticks_per_ms * 1000 / HZ);
	pr_info("time: TSC %llu.%03llu MHz, LAPIC timer %u ticks/ms, HZ=%d\n",
		(unsigned long long)(tsc_khz / 1000), (unsigned long long)(tsc_khz % 1000),
		lapic_ticks_per_ms, HZ);
}
