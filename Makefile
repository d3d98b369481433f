# napkin — top-level build. `make` builds the kernel ELF, the hybrid BIOS/UEFI
# ISO and the GNU-EFI application; `make run` boots it; `make test` tests it.

BUILD		:= build
CC		:= gcc
NASM		:= nasm
LD		:= ld
PYTHON		:= /usr/bin/python3
QEMU		:= qemu-system-x86_64

KERNEL_DIRS	:= arch kernel drivers net app lib boot
KERNEL_C	:= $(shell find $(KERNEL_DIRS) -name '*.c' -not -path 'boot/efi/*' 2>/dev/null | sort)
KERNEL_ASM	:= $(shell find $(KERNEL_DIRS) -name '*.asm' -not -path 'boot/efi/*' 2>/dev/null | sort)
KERNEL_OBJS	:= $(KERNEL_C:%.c=$(BUILD)/kernel/%.o) $(KERNEL_ASM:%.asm=$(BUILD)/kernel/%.asm.o)

# Identity-mapped kernel linked at 2 MiB, so the small code model reaches
# every symbol; no SSE so interrupt entry need not save vector state.
KCFLAGS		:= -std=gnu11 -ffreestanding -fno-stack-protector -fno-pic -fno-pie \
		   -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-avx -mcmodel=small \
		   -fno-omit-frame-pointer -fno-optimize-sibling-calls \
		   -fno-strict-aliasing -fno-common -O2 -g \
		   -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers \
		   -I. -MMD -MP
KLDFLAGS	:= -nostdlib -static -no-pie -z max-page-size=0x1000 -z noexecstack \
		   -T arch/x86_64/kernel.ld
NASMFLAGS	:= -f elf64 -g -F dwarf -w+all

VERSION		:= 0.1
GIT_REV		:= $(shell git rev-parse --short HEAD 2>/dev/null || echo none)
KCFLAGS		+= -DNAPKIN_VERSION='"$(VERSION)"' -DNAPKIN_GIT='"$(GIT_REV)"'

NAPKIN_ELF	:= $(BUILD)/napkin.elf
NAPKIN_ISO	:= $(BUILD)/napkin.iso

.PHONY: all clean run test deps unit bench
all: $(NAPKIN_ELF) $(NAPKIN_ISO) $(BUILD)/napkin.efi

$(BUILD)/kernel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/kernel/%.asm.o: %.asm
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) -MP $< -o $@

# Two links: the first finds where every function landed, the second embeds
# that table (.ksyms sits after .text, so the text does not move).
$(BUILD)/ksyms0.o: tools/gen-ksyms.sh
	@mkdir -p $(BUILD)
	tools/gen-ksyms.sh /dev/null > $(BUILD)/ksyms0.asm
	$(NASM) -f elf64 $(BUILD)/ksyms0.asm -o $@

$(BUILD)/napkin.pass1.elf: $(KERNEL_OBJS) $(BUILD)/ksyms0.o arch/x86_64/kernel.ld
	$(LD) $(KLDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms0.o

$(BUILD)/ksyms.o: $(BUILD)/napkin.pass1.elf tools/gen-ksyms.sh
	nm -n --defined-only $< | tools/gen-ksyms.sh - > $(BUILD)/ksyms.asm
	$(NASM) -f elf64 $(BUILD)/ksyms.asm -o $@

$(NAPKIN_ELF): $(BUILD)/ksyms.o
	$(LD) $(KLDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms.o
	@tools/check-ksyms.sh $(BUILD)/napkin.pass1.elf $@

$(NAPKIN_ISO): $(NAPKIN_ELF) iso/grub.cfg
	@rm -rf $(BUILD)/isodir && mkdir -p $(BUILD)/isodir/boot/grub
	cp $(NAPKIN_ELF) $(BUILD)/isodir/boot/napkin.elf
	cp iso/grub.cfg $(BUILD)/isodir/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/isodir 2>$(BUILD)/grub-mkrescue.log || \
		{ cat $(BUILD)/grub-mkrescue.log; exit 1; }

-include boot/efi/efi.mk
-include tests/unit/unit.mk
-include tests/fuzz/fuzz.mk
-include $(shell find $(BUILD)/kernel -name '*.d' 2>/dev/null)

# The EFI loader's pure parts are unit-tested on the host like lib/.
unit: $(EFI_TEST_BIN)
print-all-unit-bins:
	@echo $(UNIT_BINS) $(EFI_TEST_BIN)

deps:
	@tools/install-deps.sh

# User-mode networking with host forwards, serial on this terminal.
# Extra kernel arguments: make run CMDLINE='loglevel=8'
CMDLINE		?=
run: deps all
	tools/run-qemu.sh $(NAPKIN_ISO) "$(CMDLINE)"

test: deps
	$(MAKE) all
	$(PYTHON) -m pytest -c tests/pytest.ini tests

clean:
	rm -rf $(BUILD)
