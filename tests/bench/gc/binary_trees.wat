;; binary-trees (the Benchmarks Game's, on WebAssembly GC): allocation
;; heavy, a struct of two references per node.  Argument: the maximum depth
;; (default 18).  Prints the sum of every check as "checksum N".
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (memory 1)
  (export "memory" (memory 0))

  (type $node (struct (field $l (ref null $node)) (field $r (ref null $node))))

  ;; argv[1] as a decimal number, or def: argc at 0, argv[] at 16, strings at 256
  (func $arg (param $def i32) (result i32)
    (local $p i32) (local $n i32) (local $c i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (if (i32.or (i32.lt_u (i32.load (i32.const 0)) (i32.const 2))
                (i32.gt_u (i32.load (i32.const 4)) (i32.const 3000)))
      (then (return (local.get $def))))
    (drop (call $args_get (i32.const 16) (i32.const 256)))
    (local.set $p (i32.load (i32.const 20)))
    (block $done
      (loop $digits
        (local.set $c (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)))
        (br_if $done (i32.gt_u (local.get $c) (i32.const 9)))
        (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10)) (local.get $c)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digits)))
    (local.get $n))

  ;; "checksum N\n" to stdout, built backwards from 4200
  (func $print (param $v i64)
    (local $p i32)
    (local.set $p (i32.const 4200))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
    (local.set $p (i32.sub (local.get $p) (i32.const 9)))
    (i64.store (local.get $p) (i64.const 0x6d75736b63656863)) ;; "checksum"
    (i32.store8 offset=8 (local.get $p) (i32.const 32))
    (i32.store (i32.const 4096) (local.get $p))
    (i32.store (i32.const 4100) (i32.sub (i32.const 4201) (local.get $p)))
    (drop (call $fd_write (i32.const 1) (i32.const 4096) (i32.const 1) (i32.const 4104))))

  (func $bottom_up (param $d i32) (result (ref $node))
    (if (result (ref $node)) (i32.eqz (local.get $d))
      (then (struct.new_default $node))
      (else
        (local.set $d (i32.sub (local.get $d) (i32.const 1)))
        (struct.new $node (call $bottom_up (local.get $d)) (call $bottom_up (local.get $d))))))

  (func $check (param $t (ref $node)) (result i32)
    (local $l (ref null $node))
    (local.set $l (struct.get $node $l (local.get $t)))
    (if (result i32) (ref.is_null (local.get $l))
      (then (i32.const 1))
      (else
        (i32.add (i32.const 1)
          (i32.add (call $check (ref.as_non_null (local.get $l)))
                   (call $check (ref.as_non_null (struct.get $node $r (local.get $t)))))))))

  (func (export "_start")
    (local $max i32) (local $d i32) (local $i i32) (local $n i32)
    (local $sum i64) (local $long (ref null $node))
    (local.set $max (call $arg (i32.const 18)))
    (if (i32.lt_s (local.get $max) (i32.const 6)) (then (local.set $max (i32.const 6))))
    ;; the stretch tree, then one that lives throughout
    (local.set $sum (i64.extend_i32_u
      (call $check (call $bottom_up (i32.add (local.get $max) (i32.const 1))))))
    (local.set $long (call $bottom_up (local.get $max)))
    (local.set $d (i32.const 4))
    (loop $depths
      (local.set $n (i32.shl (i32.const 1)
        (i32.add (i32.sub (local.get $max) (local.get $d)) (i32.const 4))))
      (local.set $i (i32.const 0))
      (loop $trees
        (local.set $sum (i64.add (local.get $sum)
          (i64.extend_i32_u (call $check (call $bottom_up (local.get $d))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $trees (i32.lt_s (local.get $i) (local.get $n))))
      (local.set $d (i32.add (local.get $d) (i32.const 2)))
      (br_if $depths (i32.le_s (local.get $d) (local.get $max))))
    (local.set $sum (i64.add (local.get $sum)
      (i64.extend_i32_u (call $check (ref.as_non_null (local.get $long))))))
    (call $print (local.get $sum))))
