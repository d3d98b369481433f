#!/bin/sh
# The symbol table embedded by the second link was computed from the first:
# prove the text did not move between the two links.
a=$(nm -n --defined-only "$1" | awk '$2 ~ /^[Tt]$/' | md5sum)
b=$(nm -n --defined-only "$2" | awk '$2 ~ /^[Tt]$/ && $3 != "__ksyms_count"' | md5sum)
if [ "$a" != "$b" ]; then
	echo "check-ksyms: text symbols moved between link passes" >&2
	exit 1
fi
