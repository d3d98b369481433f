# tests/fuzz/fuzz.mk: libFuzzer targets (clang, ASan + UBSan), included by
# the top-level Makefile:
#     make fuzz                        build every target
#     make fuzz-run [FUZZ_TIME=600]    fuzz each target for FUZZ_TIME seconds
#                                      from its corpus (new inputs kept in
#                                      build/fuzz/corpus/<target>/)
#     make -s print-fuzz-bins
# Kernel sources are compiled separately for the host, each with
# tests/fuzz/fuzz_host.h forced in; objects go to build/fuzz/<path>.o,
# programs to build/fuzz/<target>. See tests/fuzz/README.md.

FUZZ_DIR := tests/fuzz
FUZZ_OUT := build/fuzz
FUZZ_CC ?= clang
FUZZ_TIME ?= 600
# Alignment is not checked: like Linux on x86 (NET_IP_ALIGN 0, and
# UBSAN_ALIGNMENT off there), napkin reads the IP header at frame offset
# 14 on purpose, since x86 loads unaligned words at full speed.
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize=alignment \
	-fno-sanitize-recover=all
FUZZ_CFLAGS := -std=gnu11 -O1 -g -Itests/unit/host_include -I. \
	-include $(FUZZ_DIR)/fuzz_host.h -Wall -Wextra -Werror \
	-Wno-unused-parameter -Wno-missing-field-initializers \
	-fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SANITIZE) -MMD -MP
FUZZ_LDFLAGS := -fsanitize=fuzzer $(FUZZ_SANITIZE)

FUZZ_BINS :=
FUZZ_LIB_SRCS := $(sort $(wildcard lib/*.c))
# Every target links lib/, the host stand-ins, the per-CPU areas and the
# timer wheel (fuzz_advance drives it).
FUZZ_COMMON_SRCS := $(FUZZ_DIR)/fuzz_host.c kernel/percpu.c kernel/timer.c $(FUZZ_LIB_SRCS)

# $(call add_fuzz_target,<name>,<repo sources>): build/fuzz/<name> from
# tests/fuzz/<name>.c, the common sources and the named ones.
define fuzz_target_rules
FUZZ_BINS += $(FUZZ_OUT)/$(1)
$(1)_FUZZ_OBJS := $(patsubst %.c,$(FUZZ_OUT)/%.o,$(FUZZ_DIR)/$(1).c \
	$(sort $(2) $(FUZZ_COMMON_SRCS)))
$(FUZZ_OUT)/$(1): $$($(1)_FUZZ_OBJS)
	$$(FUZZ_CC) $$(FUZZ_LDFLAGS) -o $$@ $$^
-include $$($(1)_FUZZ_OBJS:.o=.d)
endef
add_fuzz_target = $(eval $(call fuzz_target_rules,$(strip $(1)),$(strip $(2))))

# The receive path from the driver's hand-off up: core, Ethernet, ARP,
# IPv4 in and out, reassembly, ICMP, UDP and sockets, netfilter, timers.
FUZZ_RX_SRCS := kernel/sysctl.c \
	$(sort $(wildcard net/core/*.c net/ethernet/*.c net/netfilter/*.c \
		net/ipv4/*.c net/ipv4/netfilter/*.c)) net/sock.c
FUZZ_RX_SRCS := $(filter-out net/core/net_shell.c net/core/packet_tap.c \
	net/ipv4/dhcp.c net/ipv4/ipconfig.c, $(FUZZ_RX_SRCS))

# ---- targets: one line each -------------------------------------------
$(call add_fuzz_target, fuzz_rx, $(FUZZ_RX_SRCS))
$(call add_fuzz_target, fuzz_dhcp, net/ipv4/dhcp_msg.c net/ipv4/dhcp_fsm.c)
$(call add_fuzz_target, fuzz_iptables, kernel/sysctl.c net/core/skbuff.c \
	net/ipv4/proc.c net/ipv4/devinet.c net/netfilter/core.c \
	net/ipv4/netfilter/ip_tables.c net/ipv4/netfilter/iptables_cmd.c \
	net/ipv4/netfilter/iptables_list.c)
# ------------------------------------------------------------------------

# Flags live here: a change to them rebuilds every object.
$(FUZZ_OUT)/%.o: %.c $(FUZZ_DIR)/fuzz.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

.PHONY: fuzz fuzz-run print-fuzz-bins fuzz-clean
fuzz: $(FUZZ_BINS)

# Long runs by hand: each target for FUZZ_TIME s on both cores' worth of
# jobs would starve QEMU tests, so one process per target, one at a time.
fuzz-run: fuzz
	@for t in $(FUZZ_BINS); do n=$$(basename $$t); \
		mkdir -p $(FUZZ_OUT)/corpus/$$n; \
		echo "== $$n for $(FUZZ_TIME) s"; \
		$$t -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 \
			-print_final_stats=1 -artifact_prefix=$(FUZZ_OUT)/$$n- \
			$(FUZZ_OUT)/corpus/$$n $(FUZZ_DIR)/corpus/$$n || exit 1; \
	done

print-fuzz-bins:
	@echo $(FUZZ_BINS)

fuzz-clean:
	rm -rf $(FUZZ_OUT)
