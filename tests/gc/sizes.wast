;; Objects of every size class of rt/gc.c's pages (8-byte steps to 128,
;; 16-byte steps to 256, then to 4096) and past them (large blocks): an i8
;; array and an i64 array of length n, kept by a local and a global, keep
;; their contents while arrays of all sizes are allocated and dropped
;; around them (collections under W2C_GC_HEAP_MAX=16000000 and at least
;; every MiB).
(module
  (type $bytes (array (mut i8)))
  (type $longs (array (mut i64)))
  (type $refs (array (mut anyref)))
  (global $keep (mut (ref null $refs)) (ref.null $refs))

  (func $fill (param $n i32) (result (ref $bytes))
    (local $a (ref $bytes)) (local $i i32)
    (local.set $a (array.new_default $bytes (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (array.set $bytes (local.get $a) (local.get $i)
          (i32.add (i32.mul (local.get $i) (i32.const 7)) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $a))

  (func $sum (param $a (ref $bytes)) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (array.len (local.get $a))))
        (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 31))
                               (array.get_u $bytes (local.get $a) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $s))

  ;; every long of l is v
  (func $all (param $l (ref $longs)) (param $v i64) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (array.len (local.get $l))))
        (if (i64.ne (array.get $longs (local.get $l) (local.get $i)) (local.get $v))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  (func $churn (param $k i32)
    (loop $next
      (drop (array.new_default $bytes (i32.rem_u (i32.mul (local.get $k) (i32.const 37))
                                                 (i32.const 6000))))
      (drop (array.new $longs (i64.const -1) (i32.rem_u (i32.mul (local.get $k) (i32.const 13))
                                                        (i32.const 700))))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br_if $next (local.get $k))))

  (func (export "check") (param $n i32) (result i32)
    (local $a (ref $bytes)) (local $l (ref $longs)) (local $s i32)
    (local.set $a (call $fill (local.get $n)))
    (local.set $s (call $sum (local.get $a)))
    (local.set $l (array.new $longs (i64.extend_i32_u (local.get $n)) (local.get $n)))
    (global.set $keep (array.new_fixed $refs 2 (call $fill (local.get $n))
                                               (array.new $longs (i64.const 5) (local.get $n))))
    (call $churn (i32.const 3000))
    (i32.and
      (i32.and (i32.eq (call $sum (local.get $a)) (local.get $s))
               (call $all (local.get $l) (i64.extend_i32_u (local.get $n))))
      (i32.and
        (i32.eq (call $sum (ref.cast (ref $bytes) (array.get $refs (global.get $keep) (i32.const 0))))
                (local.get $s))
        (i32.and
          (call $all (ref.cast (ref $longs) (array.get $refs (global.get $keep) (i32.const 1)))
                     (i64.const 5))
          (i32.eq (array.len (local.get $a)) (local.get $n)))))))

(assert_return (invoke "check" (i32.const 0)) (i32.const 1))
(assert_return (invoke "check" (i32.const 1)) (i32.const 1))
(assert_return (invoke "check" (i32.const 8)) (i32.const 1))
(assert_return (invoke "check" (i32.const 9)) (i32.const 1))
(assert_return (invoke "check" (i32.const 112)) (i32.const 1))
(assert_return (invoke "check" (i32.const 113)) (i32.const 1))
(assert_return (invoke "check" (i32.const 240)) (i32.const 1))
(assert_return (invoke "check" (i32.const 241)) (i32.const 1))
(assert_return (invoke "check" (i32.const 300)) (i32.const 1))
(assert_return (invoke "check" (i32.const 1000)) (i32.const 1))
(assert_return (invoke "check" (i32.const 4080)) (i32.const 1))
(assert_return (invoke "check" (i32.const 4081)) (i32.const 1))
(assert_return (invoke "check" (i32.const 70000)) (i32.const 1))
