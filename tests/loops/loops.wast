;; Loops versioned by w2c/loops.c (docs/loops.md): the fast copy runs only
;; where every address stays in bounds and its 32-bit sum can't wrap, and
;; otherwise the loop runs as ever: wrapping pointers, traps part of the
;; way through with the stores before them done, counters up and down,
;; several terms.
(module
  (memory 1)
  (data (i32.const 0) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00\05\00\00\00")

  ;; a pointer stepping by 4, a count down to zero; the address is p + 8
  (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $s i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $s (i32.add (local.get $s)
                               (i32.load (i32.add (local.get $p) (i32.const 8)))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
    (local.get $s))

  ;; stores through a pointer while an index counts up to n (lt_u)
  (func (export "fill") (param $p i32) (param $n i32) (param $v i32) (local $i i32)
    (loop $l
      (i32.store (local.get $p) (local.get $v))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (local.get $n)))))

  ;; a pointer stepping down while a count stays positive (gt_s)
  (func (export "down") (param $p i32) (param $n i32) (result i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load offset=4 (local.get $p))))
      (local.set $p (i32.sub (local.get $p) (i32.const 4)))
      (br_if $l (i32.gt_s (local.tee $n (i32.add (local.get $n) (i32.const -1)))
                          (i32.const 0))))
    (local.get $s))

  ;; base + (i << 2), i from 0 while i != n: two terms
  (func (export "idx") (param $b i32) (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s)
                             (i32.load (i32.add (local.get $b)
                                                (i32.shl (local.get $i) (i32.const 2))))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                        (local.get $n))))
    (local.get $s))

  ;; a step of 2 that never meets n when their distance is odd: the loop
  ;; runs until its load traps
  (func (export "odd") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load8_u (i32.add (local.get $i) (i32.const 65000)))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 2)))
                        (local.get $n))))
    (local.get $s))

  ;; nine rows read at one index and a tenth written (out[j] = the sum of
  ;; the rows at j): more groups of accesses than LP_GROUP_MAX, so the
  ;; loop is versioned only for explicit bounds checks; either way it
  ;; traps where the rows end, the stores before done
  (func (export "rows") (param $r i32) (param $n i32) (result i32)
    (local $j i32) (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local $e i32) (local $f i32) (local $g i32) (local $h i32) (local $i i32)
    (local.set $a (local.get $r))
    (local.set $b (i32.add (local.get $r) (i32.const 4)))
    (local.set $c (i32.add (local.get $r) (i32.const 8)))
    (local.set $d (i32.add (local.get $r) (i32.const 12)))
    (local.set $e (i32.add (local.get $r) (i32.const 16)))
    (local.set $f (i32.add (local.get $r) (i32.const 20)))
    (local.set $g (i32.add (local.get $r) (i32.const 24)))
    (local.set $h (i32.add (local.get $r) (i32.const 28)))
    (local.set $i (i32.add (local.get $r) (i32.const 32)))
    (loop $l
      (i32.store offset=400 (local.get $j)
        (i32.add
          (i32.add
            (i32.add (i32.load (i32.add (local.get $a) (local.get $j)))
                     (i32.load (i32.add (local.get $b) (local.get $j))))
            (i32.add (i32.load (i32.add (local.get $c) (local.get $j)))
                     (i32.load (i32.add (local.get $d) (local.get $j)))))
          (i32.add
            (i32.add (i32.load (i32.add (local.get $e) (local.get $j)))
                     (i32.load (i32.add (local.get $f) (local.get $j))))
            (i32.add (i32.load (i32.add (local.get $g) (local.get $j)))
                     (i32.add (i32.load (i32.add (local.get $h) (local.get $j)))
                              (i32.load (i32.add (local.get $i) (local.get $j))))))))
      (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4)))
                        (local.get $n))))
    (i32.add (i32.load offset=400 (i32.const 0)) (i32.load offset=404 (i32.const 0))))

  (func (export "get") (param $p i32) (result i32) (i32.load (local.get $p)))
)

(assert_return (invoke "sum" (i32.const 0) (i32.const 3)) (i32.const 12))
(assert_return (invoke "sum" (i32.const -8) (i32.const 4)) (i32.const 10))
(assert_return (invoke "sum" (i32.const -8) (i32.const 5)) (i32.const 15))
(assert_return (invoke "sum" (i32.const 65520) (i32.const 2)) (i32.const 0))
(assert_trap (invoke "sum" (i32.const 65524) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "idx" (i32.const 0) (i32.const 5)) (i32.const 15))
(assert_return (invoke "idx" (i32.const 4) (i32.const 4)) (i32.const 14))
(assert_trap (invoke "idx" (i32.const -4) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "down" (i32.const 12) (i32.const 4)) (i32.const 14))
(assert_trap (invoke "down" (i32.const 8) (i32.const 5)) "out of bounds memory access")
(assert_return (invoke "fill" (i32.const 100) (i32.const 3) (i32.const 9)))
(assert_return (invoke "get" (i32.const 108)) (i32.const 9))
(assert_return (invoke "get" (i32.const 112)) (i32.const 0))
(assert_trap (invoke "fill" (i32.const 65528) (i32.const 4) (i32.const 7)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 65532)) (i32.const 7))
(assert_return (invoke "odd" (i32.const 10)) (i32.const 0))
(assert_trap (invoke "odd" (i32.const 11)) "out of bounds memory access")
(assert_return (invoke "rows" (i32.const 0) (i32.const 8)) (i32.const 29))
(assert_return (invoke "get" (i32.const 400)) (i32.const 15))
(assert_return (invoke "rows" (i32.const 4) (i32.const 4)) (i32.const 28))
(assert_trap (invoke "rows" (i32.const 65496) (i32.const 12)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 400)) (i32.const 7))
(assert_return (invoke "get" (i32.const 404)) (i32.const 14))
