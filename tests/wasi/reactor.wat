;; reactor.wat: a reactor (it exports _initialize, not _start) is not a
;; command, and running it is an error.
;;
;; wasi-test: status 1
;; wasi-test: stderr reactor
;; wasi-test: no-native a hand-written module
;; wasi-test: no-node node's start() throws for a reactor (status 1)
(module
  (memory (export "memory") 1)
  (func (export "_initialize")))
