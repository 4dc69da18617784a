;; Litmus shapes for tests/threads/litmus.c, one iteration i per 16 bytes
;; from 4096 (x, y, r1, r2), fresh zeros each: the two threads meet at
;; every iteration (each publishes its progress, at 0 and 64, and waits
;; for the other's), then race.
;;   MP: a writes x (plain), then y = 1 (atomic); b reads y (atomic), then
;;       x (plain).  Forbidden: r1 = 1 and r2 = 0.
;;   SB: a writes x, reads y; b writes y, reads x (all atomic, seq_cst).
;;       Forbidden: r1 = 0 and r2 = 0.
(module
  (memory (export "mem") 256 256 shared)
  (func $meet (param $me i32) (param $other i32) (param $i i32)
    (i32.atomic.store (local.get $me) (local.get $i))
    (loop $spin
      (br_if $spin (i32.lt_u (i32.atomic.load (local.get $other)) (local.get $i)))))
  (func $slot (param $i i32) (result i32)
    (i32.add (i32.const 4096) (i32.shl (local.get $i) (i32.const 4))))
  (func (export "mp_a") (param $n i32) (local $i i32) (local $p i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (call $meet (i32.const 0) (i32.const 64) (local.get $i))
      (local.set $p (call $slot (local.get $i)))
      (i32.store (local.get $p) (i32.const 1))
      (i32.atomic.store offset=4 (local.get $p) (i32.const 1))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
  (func (export "mp_b") (param $n i32) (local $i i32) (local $p i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (call $meet (i32.const 64) (i32.const 0) (local.get $i))
      (local.set $p (call $slot (local.get $i)))
      (i32.store offset=8 (local.get $p) (i32.atomic.load offset=4 (local.get $p)))
      (i32.store offset=12 (local.get $p) (i32.load (local.get $p)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
  (func (export "sb_a") (param $n i32) (local $i i32) (local $p i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (call $meet (i32.const 0) (i32.const 64) (local.get $i))
      (local.set $p (call $slot (local.get $i)))
      (i32.atomic.store (local.get $p) (i32.const 1))
      (i32.store offset=8 (local.get $p) (i32.atomic.load offset=4 (local.get $p)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
  (func (export "sb_b") (param $n i32) (local $i i32) (local $p i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (call $meet (i32.const 64) (i32.const 0) (local.get $i))
      (local.set $p (call $slot (local.get $i)))
      (i32.atomic.store offset=4 (local.get $p) (i32.const 1))
      (i32.store offset=12 (local.get $p) (i32.atomic.load (local.get $p)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
  ;; outcomes of iterations 1..n, as r1 * 2 + r2: counts at 128 + 4k
  (func (export "tally") (param $n i32) (local $i i32) (local $p i32) (local $k i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $p (call $slot (local.get $i)))
      (local.set $k (i32.add (i32.const 128) (i32.shl
        (i32.add (i32.shl (i32.load offset=8 (local.get $p)) (i32.const 1))
                 (i32.load offset=12 (local.get $p))) (i32.const 2))))
      (i32.store (local.get $k) (i32.add (i32.load (local.get $k)) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))
