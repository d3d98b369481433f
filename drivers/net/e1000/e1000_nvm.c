/* EEPROM reads for the e1000 family: the EERD register in its 8254x and
 * 8257x layouts, and microwire bit-banged through EECD for the 82544
 * (which has no EERD) or when EERD does not answer. Reads only: no EEPROM
 * writes, no SPI bit-banging (SPI parts are read through EERD).
 * [8254x SDM ch. 5 EEPROM interface] */
#include "drivers/net/e1000/e1000.h"
#include "kernel/time.h"
#include "kernel/printk.h"
#include "lib/errno.h"

#define E1000_EERD_POLLS	2000	/* x 5 us: 10 ms per word */
#define E1000_EECD_GNT_POLLS	1000	/* x 5 us */
#define E1000_MICROWIRE_DELAY_US 50	/* half clock period */
#define E1000_NVM_WORDS		(E1000_EEPROM_CHECKSUM_REG + 1)

/* --- EERD --- */

static int e1000_eerd_read(struct e1000_adapter *a, u16 offset, u16 *word)
{
	bool new_layout = a->chip->nvm == E1000_NVM_EERD_8257X;
	u32 done = new_layout ? E1000_EERD_DONE_8257X : E1000_EERD_DONE_8254X;
	u32 shift = new_layout ? E1000_EERD_ADDR_SHIFT_8257X : E1000_EERD_ADDR_SHIFT_8254X;
	int i;

	ew32(a, E1000_EERD, ((u32)offset << shift) | E1000_EERD_START);
	for (i = 0; i < E1000_EERD_POLLS; i++) {
		u32 v = er32(a, E1000_EERD);

		if (v & done) {
			*word = (u16)(v >> E1000_EERD_DATA_SHIFT);
			return 0;
		}
		udelay(5);
	}
	return -ETIMEDOUT;
}

/* --- microwire: the driver drives SK, CS and DI and samples DO --- */

static void ee_write(struct e1000_adapter *a, u32 eecd)
{
	ew32(a, E1000_EECD, eecd);
	e1000_flush(a);
	udelay(E1000_MICROWIRE_DELAY_US);
}

/* One clock pulse: the EEPROM samples DI on the rising edge. */
static void ee_clock(struct e1000_adapter *a, u32 *eecd)
{
	*eecd |= E1000_EECD_SK;
	ee_write(a, *eecd);
	*eecd &= ~E1000_EECD_SK;
	ee_write(a, *eecd);
}

/* Send the count low bits of data, most significant first. */
static void ee_shift_out(struct e1000_adapter *a, u32 *eecd, u16 data, int count)
{
	u32 mask = 1u << (count - 1);

	while (mask) {
		*eecd &= ~E1000_EECD_DI;
		if (data & mask)
			*eecd |= E1000_EECD_DI;
		ee_write(a, *eecd);
		ee_clock(a, eecd);
		mask >>= 1;
	}
	*eecd &= ~E1000_EECD_DI;
	ee_write(a, *eecd);
}

/* Read 16 bits: DO is valid while the clock is high. */
static u16 ee_shift_in(struct e1000_adapter *a, u32 *eecd)
{
	u16 data = 0;
	int i;

	for (i = 0; i < 16; i++) {
		data <<= 1;
		*eecd |= E1000_EECD_SK;
		ee_write(a, *eecd);
		if (er32(a, E1000_EECD) & E1000_EECD_DO)
			data |= 1;
		*eecd &= ~E1000_EECD_SK;
		ee_write(a, *eecd);
	}
	return data;
}

/* Deselect and reselect between two commands (a clock while CS is low). */
static void ee_standby(struct e1000_adapter *a, u32 *eecd)
{
	*eecd &= ~(E1000_EECD_CS | E1000_EECD_SK);
	ee_write(a, *eecd);
	*eecd |= E1000_EECD_SK;
	ee_write(a, *eecd);
	*eecd |= E1000_EECD_CS;
	ee_write(a, *eecd);
	*eecd &= ~E1000_EECD_SK;
	ee_write(a, *eecd);
}

/* Parts after the 82544 share the EEPROM with firmware: request it. */
static int ee_acquire(struct e1000_adapter *a, u32 *eecd)
{
	int i;

	*eecd = er32(a, E1000_EECD) & ~(E1000_EECD_DO | E1000_EECD_GNT);
	if (a->chip->mac != e1000_82544) {
		*eecd |= E1000_EECD_REQ;
		ew32(a, E1000_EECD, *eecd);
		for (i = 0; !(er32(a, E1000_EECD) & E1000_EECD_GNT); i++) {
			if (i == E1000_EECD_GNT_POLLS) {
				*eecd &= ~E1000_EECD_REQ;
				ew32(a, E1000_EECD, *eecd);
				return -EBUSY;
			}
			udelay(5);
		}
	}
	*eecd &= ~(E1000_EECD_DI | E1000_EECD_SK);
	ee_write(a, *eecd);
	*eecd |= E1000_EECD_CS;
	ee_write(a, *eecd);
	return 0;
}

static void ee_release(struct e1000_adapter *a, u32 *eecd)
{
	*eecd &= ~(E1000_EECD_CS | E1000_EECD_DI);
	ee_write(a, *eecd);
	ee_clock(a, eecd);
	if (a->chip->mac != e1000_82544) {
		*eecd &= ~E1000_EECD_REQ;
		ew32(a, E1000_EECD, *eecd);
	}
}

/* 64-word parts take 6 address bits, 256-word parts 8. */
static int ee_address_bits(struct e1000_adapter *a, u32 eecd)
{
	bool large = a->chip->mac == e1000_82541 || a->chip->mac == e1000_82547 ?
		     eecd & E1000_EECD_ADDR_BITS : eecd & E1000_EECD_SIZE;

	return large ? 8 : 6;
}

static int e1000_microwire_read(struct e1000_adapter *a, u16 offset, u16 count, u16 *data)
{
	u32 eecd;
	int bits, i, err;

	err = ee_acquire(a, &eecd);
	if (err)
		return err;
	bits = ee_address_bits(a, eecd);
	if (offset + count > (1u << bits)) {
		ee_release(a, &eecd);
		return -EINVAL;
	}
	for (i = 0; i < count; i++) {
		ee_shift_out(a, &eecd, E1000_EEPROM_READ_OPCODE_MICROWIRE,
			     E1000_EEPROM_OPCODE_BITS_MICROWIRE);
		ee_shift_out(a, &eecd, offset + i, bits);
		data[i] = ee_shift_in(a, &eecd);
		ee_standby(a, &eecd);
	}
	ee_release(a, &eecd);
	return 0;
}

/* --- entry points --- */

/* A microwire EEPROM can stand in when EERD is silent (never on SPI parts). */
static bool e1000_has_microwire(struct e1000_adapter *a)
{
	if (a->chip->nvm == E1000_NVM_EERD_8257X)
		return false;
	if (a->chip->mac == e1000_82541 || a->chip->mac == e1000_82547)
		return !(er32(a, E1000_EECD) & E1000_EECD_TYPE);
	return true;
}

int e1000_read_nvm(struct e1000_adapter *a, u16 offset, u16 count, u16 *data)
{
	int i, err = 0;

	if (a->chip->nvm == E1000_NVM_MICROWIRE)
		return e1000_microwire_read(a, offset, count, data);
	for (i = 0; i < count && !err; i++)
		err = e1000_eerd_read(a, offset + i, &data[i]);
	if (err == -ETIMEDOUT && e1000_has_microwire(a)) {
		pr_warn("%s: EERD does not answer, reading the EEPROM bit by bit\n",
			a->pdev->name);
		err = e1000_microwire_read(a, offset, count, data);
	}
	return err;
}

int e1000_validate_nvm_checksum(struct e1000_adapter *a)
{
	u16 words[E1000_NVM_WORDS];
	u16 sum = 0;
	int i, err;

	err = e1000_read_nvm(a, 0, E1000_NVM_WORDS, words);
	if (err)
		return err;
	for (i = 0; i < E1000_NVM_WORDS; i++)
		sum += words[i];
	return sum == E1000_EEPROM_SUM ? 0 : -EIO;
}
