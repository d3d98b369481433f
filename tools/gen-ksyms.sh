#!/bin/sh
# Turn `nm -n --defined-only` output (file or - for stdin) into a nasm source
# for the .ksyms section the stack tracer reads: a count, then (address, name
# pointer) pairs sorted by address, then the names. /dev/null gives an empty one.
set -e
in=${1:--}
awk '
$2 ~ /^[Tt]$/ && $3 !~ /^\./ && $3 !~ /^\$/ { addr[n] = $1; name[n] = $3; n++ }
END {
	print "section .ksyms progbits alloc noexec nowrite align=8"
	print "global __ksyms_count"
	print "__ksyms_count: dq " n + 0
	for (i = 0; i < n; i++)
		printf "dq 0x%s, ks_%d\n", addr[i], i
	for (i = 0; i < n; i++)
		printf "ks_%d: db \"%s\", 0\n", i, name[i]
}' "$in"
