;; runtime_limits.c: 1 GiB of memory at instantiation.
(module (memory 16384))
