; napkin boot entry: the multiboot2 header and 32-bit entry (GRUB), and the
; 64-bit entry used by the UEFI loader. Both build the same boot page tables
; (identity map of the low 4 GiB in 2 MiB pages) and call into C on the boot stack.
; [Multiboot2 spec 3.1.1 header, 3.3 machine state; Intel SDM Vol.3 9.8.5 IA-32e init]

MB2_MAGIC	equ 0xE85250D6
MB2_ARCH_I386	equ 0
MB2_HDR_LEN	equ 24
MB2_BOOT_MAGIC	equ 0x36D76289

CR0_PE		equ 1 << 0
CR0_WP		equ 1 << 16
CR0_PG		equ 1 << 31
CR4_PAE		equ 1 << 5
MSR_EFER	equ 0xC0000080
EFER_LME	equ 1 << 8
EFER_NXE	equ 1 << 11
PTE_P		equ 1 << 0
PTE_W		equ 1 << 1
PTE_PS		equ 1 << 7
BOOT_PD_PAGES	equ 4			; 4 x 1 GiB of 2 MiB pages
BOOT_STACK_SIZE	equ 16384

KERNEL_CS	equ 0x08
KERNEL_DS	equ 0x10

section .multiboot2 progbits alloc noexec nowrite align=8
mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd MB2_HDR_LEN
	dd 0x100000000 - (MB2_MAGIC + MB2_ARCH_I386 + MB2_HDR_LEN)
	dw 0, 0			; end tag
	dd 8

section .napkin_entry progbits alloc noexec nowrite align=8
	dq 0x314b50414e4b504e	; NAPKIN_ENTRY_MAGIC, boot/boot_info.h
	dq napkin_entry64

section .boot.text progbits alloc exec nowrite align=16
bits 32
global _start
_start:
	cli
	cld
	mov esp, boot_stack_top
	mov edi, eax			; multiboot2 magic, for C
	mov esi, ebx			; multiboot2 info pointer
	cmp eax, MB2_BOOT_MAGIC
	jne .no_boot

	; Long mode is required: CPUID.80000001h:EDX.LM[bit 29].
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no_long_mode
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29
	jz .no_long_mode
	mov ebp, edx			; keep NX support (bit 20) for EFER

	; PML4[0] -> PDPT, PDPT[0..3] -> four PDs of 2 MiB pages.
	mov eax, boot_pdpt
	or eax, PTE_P | PTE_W
	mov [boot_pml4], eax
	xor ecx, ecx
.fill_pdpt:
	mov eax, ecx
	shl eax, 12
	add eax, boot_pd
	or eax, PTE_P | PTE_W
	mov [boot_pdpt + ecx * 8], eax
	inc ecx
	cmp ecx, BOOT_PD_PAGES
	jne .fill_pdpt
	xor ecx, ecx
.fill_pd:
	mov eax, ecx
	shl eax, 21
	or eax, PTE_P | PTE_W | PTE_PS
	mov [boot_pd + ecx * 8], eax
	mov dword [boot_pd + ecx * 8 + 4], 0
	inc ecx
	cmp ecx, 512 * BOOT_PD_PAGES
	jne .fill_pd

	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, boot_pml4
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	test ebp, 1 << 20
	jz .no_nx
	or eax, EFER_NXE
.no_nx:
	wrmsr
	mov eax, cr0
	or eax, CR0_PG | CR0_WP | CR0_PE
	mov cr0, eax
	lgdt [boot_gdt_ptr]
	jmp KERNEL_CS:.long_mode

.no_long_mode:
	mov esi, msg_no_lm
	jmp .fail
.no_boot:
	mov esi, msg_no_mb2
.fail:
	; COM1 is all we have: poll LSR.THRE (bit 5) and write each byte.
	mov dx, 0x3FD
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	mov al, [esi]
	test al, al
	jz .halt
	mov dx, 0x3F8
	out dx, al
	inc esi
	mov dx, 0x3FD
	jmp .wait
.halt:
	hlt
	jmp .halt

bits 64
.long_mode:
	mov ax, KERNEL_DS
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rsp, boot_stack_top
	xor ebp, ebp
	mov edi, edi			; zero-extend magic and info pointer
	mov esi, esi
	extern multiboot2_start
	call multiboot2_start
	jmp halt64

; void napkin_entry64(struct boot_info *bi): called by the UEFI loader in long
; mode on the firmware's page tables and stack; we replace both.
global napkin_entry64
napkin_entry64:
	cli
	cld
	mov r12, rdi			; cpuid below clobbers rbx
	mov rsp, boot_stack_top
	lea rax, [rel boot_pdpt]
	or rax, PTE_P | PTE_W
	mov [rel boot_pml4], rax
	xor ecx, ecx
.fill_pdpt64:
	mov rax, rcx
	shl rax, 12
	lea rdx, [rel boot_pd]
	add rax, rdx
	or rax, PTE_P | PTE_W
	lea rdx, [rel boot_pdpt]
	mov [rdx + rcx * 8], rax
	inc ecx
	cmp ecx, BOOT_PD_PAGES
	jne .fill_pdpt64
	xor ecx, ecx
	lea rdx, [rel boot_pd]
.fill_pd64:
	mov rax, rcx
	shl rax, 21
	or rax, PTE_P | PTE_W | PTE_PS
	mov [rdx + rcx * 8], rax
	inc ecx
	cmp ecx, 512 * BOOT_PD_PAGES
	jne .fill_pd64
	mov eax, 0x80000001
	cpuid
	mov ecx, MSR_EFER
	mov ebp, edx
	rdmsr
	or eax, EFER_LME
	test ebp, 1 << 20
	jz .no_nx64
	or eax, EFER_NXE
.no_nx64:
	wrmsr
	lea rax, [rel boot_pml4]
	mov cr3, rax
	lgdt [rel boot_gdt_ptr]
	; Reload CS through a far return; the firmware's selectors mean nothing here.
	push KERNEL_CS
	lea rax, [rel .reload_cs]
	push rax
	retfq
.reload_cs:
	mov ax, KERNEL_DS
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	xor ebp, ebp
	mov rdi, r12
	extern efi_start
	call efi_start
halt64:
	cli
	hlt
	jmp halt64

section .rodata
msg_no_mb2:	db "napkin: not loaded by a multiboot2 loader", 13, 10, 0
msg_no_lm:	db "napkin: this CPU has no 64-bit long mode", 13, 10, 0

align 16
boot_gdt:
	dq 0
	dq 0x00AF9A000000FFFF		; 64-bit code, DPL 0
	dq 0x00CF92000000FFFF		; data, DPL 0
boot_gdt_end:
boot_gdt_ptr:
	dw boot_gdt_end - boot_gdt - 1
	dq boot_gdt

section .bss
align 4096
global boot_pml4
boot_pml4:	resb 4096
boot_pdpt:	resb 4096
boot_pd:	resb 4096 * BOOT_PD_PAGES
align 16
global boot_stack_top
boot_stack:	resb BOOT_STACK_SIZE
boot_stack_top:
