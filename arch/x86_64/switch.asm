; The context switch: save the callee-saved registers of one kernel thread on
; its own stack, park its stack pointer in task->rsp, and resume another.
; Everything else (run queues, locking, `current`) is kernel/sched.c's.

bits 64
default rel

TASK_RSP	equ 0		; offsetof(struct task_struct, rsp), checked in sched.c

section .text

; void __switch_to_asm(struct task_struct *prev, struct task_struct *next)
;
; The System V ABI lets the caller assume rbx, rbp and r12-r15 survive a call;
; the rest it has already saved if it needed them, so these six and rsp are
; the whole state of a thread switched out from C. A new thread's stack is
; laid out by kthread_create() as if it had been switched out here (struct
; inactive_task_frame), so the pops and ret below start it.
global __switch_to_asm
__switch_to_asm:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov [rdi + TASK_RSP], rsp
	mov rsp, [rsi + TASK_RSP]
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret
