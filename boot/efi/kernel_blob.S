/* The napkin kernel ELF, embedded whole at build time (efi.mk passes its path
 * as NAPKIN_ELF_PATH). .rodata* lands in the PE .data section (gnu-efi lds). */
	.section .rodata.napkin_kernel, "a"
	.balign 4096
	.globl napkin_kernel_start
	.hidden napkin_kernel_start
napkin_kernel_start:
	.incbin NAPKIN_ELF_PATH
	.globl napkin_kernel_end
	.hidden napkin_kernel_end
napkin_kernel_end:

	.section .note.GNU-stack, "", @progbits
