# wasi_thread_start(tid, arg) for the threaded test programs
# (wasi_threads.h): the new thread's stack pointer from arg's first word,
# before any C runs on it (clang 14 can't take this as inline asm).
	.globaltype __stack_pointer, i32
	.functype wt_entry (i32, i32) -> ()
	.text
	.globl wasi_thread_start
	.type wasi_thread_start,@function
wasi_thread_start:
	.functype wasi_thread_start (i32, i32) -> ()
	local.get 1
	i32.load 0
	global.set __stack_pointer
	local.get 0
	local.get 1
	call wt_entry
	end_function
