;; The collector (rt/gc.c, docs/gc.md): lists, trees and byte arrays are
;; built and dropped far beyond the heap limit the test runs under
;; (W2C_GC_HEAP_MAX, 16 MB), so that it passes only if memory is
;; reclaimed, while a global, a table, a local held across calls and an
;; exnref keep their objects, whose contents are checked after.
(module
  (type $node (struct (field $val i32) (field $next (ref null $node))))
  (type $tree (struct (field $l (ref null $tree)) (field $r (ref null $tree)) (field $v i32)))
  (type $lists (array (mut (ref null $node))))
  (type $bytes (array (mut i8)))
  (tag $e (param (ref null $node)))
  (global $keep (mut (ref null $node)) (ref.null $node))
  (table $t 4 (ref null any))

  ;; the list n-1, ..., 1, 0
  (func $list (param $n i32) (result (ref null $node))
    (local $l (ref null $node))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (local.set $l (struct.new $node (local.get $n) (local.get $l)))
        (br $next)))
    (local.get $l))

  (func $sum (param $l (ref null $node)) (result i32)
    (local $s i32)
    (block $done
      (loop $next
        (br_if $done (ref.is_null (local.get $l)))
        (local.set $s (i32.add (local.get $s) (struct.get $node $val (local.get $l))))
        (local.set $l (struct.get $node $next (local.get $l)))
        (br $next)))
    (local.get $s))

  ;; a full tree of depth d, each node counting 1
  (func $tree (param $d i32) (result (ref null $tree))
    (if (result (ref null $tree)) (i32.eqz (local.get $d))
      (then (struct.new $tree (ref.null $tree) (ref.null $tree) (i32.const 1)))
      (else (struct.new $tree (call $tree (i32.sub (local.get $d) (i32.const 1)))
                              (call $tree (i32.sub (local.get $d) (i32.const 1)))
                              (i32.const 1)))))

  (func $count (param $t (ref null $tree)) (result i32)
    (if (result i32) (ref.is_null (local.get $t))
      (then (i32.const 0))
      (else (i32.add (struct.get $tree $v (local.get $t))
                     (i32.add (call $count (struct.get $tree $l (local.get $t)))
                              (call $count (struct.get $tree $r (local.get $t))))))))

  (func (export "setup")
    (global.set $keep (call $list (i32.const 1000)))
    (table.set $t (i32.const 0) (call $tree (i32.const 10)))
    (table.set $t (i32.const 1) (array.new $lists (call $list (i32.const 100)) (i32.const 8)))
    (table.set $t (i32.const 2) (array.new $bytes (i32.const 7) (i32.const 100000))))

  ;; each round allocates about 120 KB and drops it
  (func $churn (export "churn") (param $rounds i32) (result i32)
    (local $held (ref null $node))
    (local $acc i32)
    (local.set $held (call $list (i32.const 50)))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $rounds)))
        (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
        (local.set $acc (i32.add (local.get $acc) (call $sum (call $list (i32.const 1000)))))
        (local.set $acc (i32.add (local.get $acc) (call $count (call $tree (i32.const 8)))))
        (drop (array.new $bytes (i32.const 1) (i32.const 50000)))
        (br $next)))
    (i32.add (local.get $acc) (call $sum (local.get $held))))

  (func (export "check") (result i32)
    (local $a (ref null $lists))
    (local $i i32)
    (local $s i32)
    (local.set $s (i32.add (call $sum (global.get $keep))
                           (call $count (ref.cast (ref null $tree) (table.get $t (i32.const 0))))))
    (local.set $a (ref.cast (ref null $lists) (table.get $t (i32.const 1))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (array.len (local.get $a))))
        (local.set $s (i32.add (local.get $s)
                               (call $sum (array.get $lists (local.get $a) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.add (local.get $s)
      (i32.add (array.len (ref.cast (ref $bytes) (table.get $t (i32.const 2))))
               (array.get_u $bytes (ref.cast (ref $bytes) (table.get $t (i32.const 2)))
                                   (i32.const 99999)))))

  ;; an exception's payload, held by an exnref only, across collections
  (func (export "exn") (result i32)
    (local $x exnref)
    (block $h (result (ref null $node) exnref)
      (try_table (catch_ref $e $h) (throw $e (call $list (i32.const 100))))
      (unreachable))
    (local.set $x)
    (drop)
    (drop (call $churn (i32.const 30)))
    (block $h2 (result (ref null $node))
      (try_table (catch $e $h2) (throw_ref (local.get $x)))
      (unreachable))
    (call $sum))
)

(invoke "setup")
(assert_return (invoke "check") (i32.const 641154))
(assert_return (invoke "churn" (i32.const 10)) (i32.const 5001335))
(assert_return (invoke "exn") (i32.const 4950))
(assert_return (invoke "check") (i32.const 641154))
(assert_return (invoke "churn" (i32.const 2000)) (i32.const 1000023225))
(assert_return (invoke "check") (i32.const 641154))
(assert_return (invoke "exn") (i32.const 4950))

