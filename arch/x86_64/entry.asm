; Exception and interrupt entry: one small stub per vector pushes a dummy
; error code where the CPU pushes none, then the vector, and jumps to a
; common path that saves the GPRs as struct pt_regs (kernel/irq.h) and calls
; do_exception() or do_irq(). Ring 0 only: no swapgs, no stack switch here.
; [Intel SDM Vol.3 6.14 64-bit interrupt handling, Table 6-1 error codes]

bits 64

KERNEL_DS	equ 0x10
PT_REGS_RIP	equ 17 * 8		; 15 GPRs, vector, error code, then rip

extern do_exception
extern do_irq

section .rodata
align 8
global interrupt_entry_table
interrupt_entry_table:			; 256 stub addresses, used by idt.c

section .text

; STUB vector, cpu_pushes_error, common_path
%macro STUB 3
section .text
align 16
%%entry:
%if %2 == 0
	push 0
%endif
	push %1
	jmp %3
section .rodata
	dq %%entry
%endmacro

; Named so a symbol lookup never blames the previous object's last function.
align 16
global interrupt_entry_stubs
interrupt_entry_stubs:
%assign v 0
%rep 32
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
	STUB v, 1, exception_common
%else
	STUB v, 0, exception_common
%endif
%assign v v + 1
%endrep
%rep 256 - 32
	STUB v, 0, irq_common
%assign v v + 1
%endrep

section .text

%macro SAVE_REGS 0
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
%endmacro

%macro RESTORE_REGS 0
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rbp
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rbx
	pop rax
%endmacro

; ENTRY_COMMON handler: rsp points at a complete pt_regs. A fake frame
; (interrupted rip, interrupted rbp) links the frame-pointer chain through
; the interruption so a trace taken in a handler continues into the code it
; interrupted. rbx (callee-saved) keeps the pt_regs pointer across the call;
; the CPU already aligned rsp to 16 [SDM 6.14.2], the and keeps it so.
%macro ENTRY_COMMON 1
	SAVE_REGS
	cld
	mov rbx, rsp
	push qword [rsp + PT_REGS_RIP]
	push rbp
	mov rbp, rsp
	and rsp, -16
	mov rdi, rbx
	call %1
	mov rsp, rbx
	RESTORE_REGS
	add rsp, 16			; vector and error code
	iretq
%endmacro

global exception_common
exception_common:
	ENTRY_COMMON do_exception

global irq_common
irq_common:
	ENTRY_COMMON do_irq

; void crash_setup_regs(struct pt_regs *regs): the caller's registers as
; they are at the call, for panic(). rip is the return address, rsp the
; caller's stack pointer after the return; vector/error_code are zero.
global crash_setup_regs
crash_setup_regs:
	mov [rdi + 0 * 8], r15
	mov [rdi + 1 * 8], r14
	mov [rdi + 2 * 8], r13
	mov [rdi + 3 * 8], r12
	mov [rdi + 4 * 8], r11
	mov [rdi + 5 * 8], r10
	mov [rdi + 6 * 8], r9
	mov [rdi + 7 * 8], r8
	mov [rdi + 8 * 8], rbp
	mov [rdi + 9 * 8], rdi
	mov [rdi + 10 * 8], rsi
	mov [rdi + 11 * 8], rdx
	mov [rdi + 12 * 8], rcx
	mov [rdi + 13 * 8], rbx
	mov [rdi + 14 * 8], rax
	mov qword [rdi + 15 * 8], 0
	mov qword [rdi + 16 * 8], 0
	mov rax, [rsp]
	mov [rdi + 17 * 8], rax		; rip
	mov ax, cs
	movzx eax, ax
	mov [rdi + 18 * 8], rax
	pushfq
	pop rax
	mov [rdi + 19 * 8], rax
	lea rax, [rsp + 8]
	mov [rdi + 20 * 8], rax
	mov ax, ss
	movzx eax, ax
	mov [rdi + 21 * 8], rax
	mov rax, [rdi + 14 * 8]
	ret
