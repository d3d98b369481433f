# tests/unit/unit.mk: host-compiled unit tests (ASan + UBSan). Included by
# the top-level Makefile, or standalone from the repo root:
#     make -f tests/unit/unit.mk unit        build every test program
#     make -f tests/unit/unit.mk unit-run    build and run them all
#     make -s -f tests/unit/unit.mk print-unit-bins
# Objects go to build/host/<path>.o, programs to build/host/tests/unit/<name>.
# lib/ headers switch to the napkin_* names by themselves in hosted builds.

ifeq ($(words $(MAKEFILE_LIST)),1)
UNIT_STANDALONE := 1
endif
UNIT_SAVED_GOAL := $(.DEFAULT_GOAL)

UNIT_MK_DIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
UNIT_ROOT := $(patsubst %/tests/unit,%,$(UNIT_MK_DIR))
ifneq ($(abspath .),$(UNIT_ROOT))
$(error unit.mk: run make from the repo root ($(UNIT_ROOT)), e.g. make -C $(UNIT_ROOT))
endif

UNIT_DIR := tests/unit
UNIT_OUT := build/host
UNIT_CC ?= gcc
UNIT_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
UNIT_CFLAGS := -std=gnu11 -O1 -g -I. -Wall -Wextra -Werror \
	-fno-omit-frame-pointer $(UNIT_SANITIZE) -MMD -MP
UNIT_LDFLAGS := $(UNIT_SANITIZE)

UNIT_BINS :=

# Every test links all of lib/ (it depends on nothing), so a test line
# only has to name sources outside lib/; naming lib files too is harmless.
UNIT_LIB_SRCS := $(sort $(wildcard lib/*.c))

# $(call add_unit_test,<name>,<repo sources>): build/host/tests/unit/<name>
# from tests/unit/<name>.c, the ktest runner, the sources and lib/.
define unit_test_rules
UNIT_BINS += $(UNIT_OUT)/$(UNIT_DIR)/$(1)
$(1)_UNIT_OBJS := $(patsubst %.c,$(UNIT_OUT)/%.o,$(UNIT_DIR)/$(1).c \
	$(UNIT_DIR)/ktest.c $(sort $(2) $(UNIT_LIB_SRCS)))
$(UNIT_OUT)/$(UNIT_DIR)/$(1): $$($(1)_UNIT_OBJS)
	$$(UNIT_CC) $$(UNIT_LDFLAGS) -o $$@ $$^
-include $$($(1)_UNIT_OBJS:.o=.d)
endef
add_unit_test = $(eval $(call unit_test_rules,$(strip $(1)),$(strip $(2))))

# ---- test programs: one line each -------------------------------------
$(call add_unit_test, test_lib_string, lib/string.c lib/errno.c)
$(call add_unit_test, test_printf, lib/printf.c lib/string.c)
$(call add_unit_test, test_kstrtox, lib/kstrtox.c)
$(call add_unit_test, test_checksum, lib/checksum.c)
$(call add_unit_test, test_siphash, lib/siphash.c)
$(call add_unit_test, test_list_hash, lib/hash.c)
$(call add_unit_test, test_rbtree, lib/rbtree.c)
$(call add_unit_test, test_sysctl, kernel/sysctl.c lib/kstrtox.c lib/printf.c lib/string.c lib/errno.c)
$(call add_unit_test, test_cmdline, kernel/cmdline.c kernel/sysctl.c lib/kstrtox.c lib/printf.c lib/string.c lib/errno.c)
$(call add_unit_test, test_page_alloc, lib/string.c)
$(call add_unit_test, test_slab, lib/string.c lib/printf.c)
$(call add_unit_test, test_timer, kernel/timer.c kernel/percpu.c)
$(call add_unit_test, test_skbuff, )
$(call add_unit_test, test_netcore, )
$(call add_unit_test, test_acpi, drivers/acpi/acpi.c lib/string.c)
$(call add_unit_test, test_pci, drivers/pci/pci_parse.c lib/printf.c lib/string.c)
$(call add_unit_test, test_e1000_itr, drivers/net/e1000/e1000_itr.c)
$(call add_unit_test, test_e1000_desc, )
$(call add_unit_test, test_arp, )
$(call add_unit_test, test_ip_validate, )
$(call add_unit_test, test_ip_fragment, )
$(call add_unit_test, test_icmp_rules, )
$(call add_unit_test, test_udp, )
$(call add_unit_test, test_netfilter, )
$(call add_unit_test, test_dhcp, net/ipv4/dhcp_msg.c net/ipv4/dhcp_fsm.c)
# ------------------------------------------------------------------------

$(UNIT_OUT)/%.o: %.c
	@mkdir -p $(@D)
	$(UNIT_CC) $(UNIT_CFLAGS) -c -o $@ $<

.PHONY: unit unit-run print-unit-bins unit-clean
unit: $(UNIT_BINS)

# Runs every program even after a failure, then fails if any did.
unit-run: unit
	@fail=0; for t in $(UNIT_BINS); do echo "== $$t"; $$t || fail=1; done; exit $$fail

print-unit-bins:
	@echo $(UNIT_BINS)

unit-clean:
	rm -rf $(UNIT_OUT)

ifdef UNIT_STANDALONE
.DEFAULT_GOAL := unit
else
.DEFAULT_GOAL := $(UNIT_SAVED_GOAL)
endif
