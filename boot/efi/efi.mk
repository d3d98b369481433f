# napkin-efi: build/napkin.efi, a GNU-EFI application with build/napkin.elf
# embedded, that boots the kernel straight from UEFI firmware (no GRUB).
# Included by the top-level Makefile; also usable alone, with any of the
# paths overridden:
#   make -f boot/efi/efi.mk NAPKIN_ELF=/tmp/k.elf EFI_APP=/tmp/napkin.efi \
#	EFI_OBJDIR=/tmp/efi-obj
# Targets: $(EFI_APP); efi-host-test (host unit tests of the pure parts).

BUILD		?= build
NAPKIN_ELF	?= $(BUILD)/napkin.elf
EFI_APP		:= $(BUILD)/napkin.efi
EFI_OBJDIR	:= $(BUILD)/efi
EFI_OBJCOPY	:= objcopy

GNU_EFI_INC	:= /usr/include/efi
GNU_EFI_LIB	:= /usr/lib
GNU_EFI_CRT0	:= $(GNU_EFI_LIB)/crt0-efi-x86_64.o
GNU_EFI_LDS	:= $(GNU_EFI_LIB)/elf_x86_64_efi.lds

# gnu-efi's standard recipe, using the compiler's ms_abi for firmware calls
# (uefi_call_wrapper becomes a direct, type-checked call).
EFI_CFLAGS	:= -std=gnu11 -ffreestanding -fpic -fshort-wchar -mno-red-zone \
		   -fno-stack-protector -fno-strict-aliasing \
		   -DGNU_EFI_USE_MS_ABI -maccumulate-outgoing-args \
		   -O2 -g -Wall -Wextra -Werror \
		   -I$(GNU_EFI_INC) -I$(GNU_EFI_INC)/x86_64 -I. -MMD -MP
EFI_LDFLAGS	:= -nostdlib -znocombreloc -T $(GNU_EFI_LDS) -shared -Bsymbolic \
		   -L$(GNU_EFI_LIB)
# .rodata* (and the embedded kernel with it) is linked into .data.
EFI_SECTIONS	:= .text .sdata .data .rodata .dynamic .dynsym .rel .rela \
		   .rel.* .rela.* .reloc

EFI_SRCS	:= efi_main.c log.c format.c elf_check.c kernel_load.c \
		   firmware_info.c load_options.c efi_mmap.c mmap_convert.c
EFI_OBJS	:= $(EFI_SRCS:%.c=$(EFI_OBJDIR)/%.o) $(EFI_OBJDIR)/kernel_blob.o

$(EFI_APP): $(EFI_OBJDIR)/napkin-efi.so
	@mkdir -p $(dir $@)
	$(EFI_OBJCOPY) $(foreach s,$(EFI_SECTIONS),-j '$(s)') \
		--target=efi-app-x86_64 --subsystem=10 $< $@

$(EFI_OBJDIR)/napkin-efi.so: $(EFI_OBJS) $(GNU_EFI_LDS)
	$(LD) $(EFI_LDFLAGS) $(GNU_EFI_CRT0) $(EFI_OBJS) -lefi -lgnuefi -o $@

$(EFI_OBJDIR)/%.o: boot/efi/%.c
	@mkdir -p $(dir $@)
	$(CC) $(EFI_CFLAGS) -c $< -o $@

# Debug info is useless to the loader and would only bloat the .efi; strip
# it without moving the loadable contents.
$(EFI_OBJDIR)/napkin-embed.elf: $(NAPKIN_ELF)
	@mkdir -p $(dir $@)
	$(EFI_OBJCOPY) --strip-debug $< $@

$(EFI_OBJDIR)/kernel_blob.o: boot/efi/kernel_blob.S $(EFI_OBJDIR)/napkin-embed.elf
	$(CC) $(EFI_CFLAGS) -DNAPKIN_ELF_PATH='"$(EFI_OBJDIR)/napkin-embed.elf"' \
		-c $< -o $@

# Host unit tests of the parts that need no firmware.
EFI_TEST_SRCS	:= boot/efi/tests/efi_host_test.c boot/efi/elf_check.c \
		   boot/efi/mmap_convert.c boot/efi/load_options.c \
		   boot/efi/format.c
EFI_TEST_BIN	:= $(EFI_OBJDIR)/efi_host_test

.PHONY: efi-host-test
efi-host-test: $(EFI_TEST_BIN)
	$(EFI_TEST_BIN)

$(EFI_TEST_BIN): $(EFI_TEST_SRCS) $(wildcard boot/efi/*.h) boot/boot_info.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -fshort-wchar -g -O1 -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Wall -Wextra -Werror \
		-I$(GNU_EFI_INC) -I$(GNU_EFI_INC)/x86_64 -I. $(EFI_TEST_SRCS) -o $@

-include $(wildcard $(EFI_OBJDIR)/*.d)
