;; Array heavy code on WebAssembly GC: sorting an array of structs (array
;; (mut (ref $point))) by quicksort, then building a string of them in
;; (array (mut i8)), grown by doubling.  Argument: rounds of 20000 points
;; (default 150).  Prints "checksum N".
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (memory 1)
  (export "memory" (memory 0))


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

  (type $point (struct (field $x i32) (field $y i32)))
  (type $points (array (mut (ref $point))))
  (type $bytes (array (mut i8)))

  (global $seed (mut i32) (i32.const 0))
  ;; the string being built, and its length
  (global $str (mut (ref null $bytes)) (ref.null $bytes))
  (global $len (mut i32) (i32.const 0))

  (func $random (result i32)
    (global.set $seed (i32.add (i32.mul (global.get $seed) (i32.const 1103515245))
                               (i32.const 12345)))
    (i32.rem_u (i32.shr_u (global.get $seed) (i32.const 8)) (i32.const 100000)))

  (func $less (param $a (ref $point)) (param $b (ref $point)) (result i32)
    (local $ax i32) (local $bx i32)
    (local.set $ax (struct.get $point $x (local.get $a)))
    (local.set $bx (struct.get $point $x (local.get $b)))
    (i32.or (i32.lt_s (local.get $ax) (local.get $bx))
            (i32.and (i32.eq (local.get $ax) (local.get $bx))
                     (i32.lt_s (struct.get $point $y (local.get $a))
                               (struct.get $point $y (local.get $b))))))

  ;; quicksort of a[lo..hi], the middle element as pivot (Hoare's partition)
  (func $sort (param $a (ref $points)) (param $lo i32) (param $hi i32)
    (local $i i32) (local $j i32) (local $p (ref $point)) (local $t (ref $point))
    (loop $again
      (if (i32.ge_s (local.get $lo) (local.get $hi)) (then (return)))
      (local.set $p (array.get $points (local.get $a)
        (i32.add (local.get $lo) (i32.shr_u (i32.sub (local.get $hi) (local.get $lo)) (i32.const 1)))))
      (local.set $i (i32.sub (local.get $lo) (i32.const 1)))
      (local.set $j (i32.add (local.get $hi) (i32.const 1)))
      (block $split
        (loop $scan
          (loop $up
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $up (call $less (array.get $points (local.get $a) (local.get $i)) (local.get $p))))
          (loop $down
            (local.set $j (i32.sub (local.get $j) (i32.const 1)))
            (br_if $down (call $less (local.get $p) (array.get $points (local.get $a) (local.get $j)))))
          (br_if $split (i32.ge_s (local.get $i) (local.get $j)))
          (local.set $t (array.get $points (local.get $a) (local.get $i)))
          (array.set $points (local.get $a) (local.get $i) (array.get $points (local.get $a) (local.get $j)))
          (array.set $points (local.get $a) (local.get $j) (local.get $t))
          (br $scan)))
      ;; recurse into the smaller half, loop on the larger
      (if (i32.lt_s (i32.sub (local.get $j) (local.get $lo)) (i32.sub (local.get $hi) (local.get $j)))
        (then (call $sort (local.get $a) (local.get $lo) (local.get $j))
              (local.set $lo (i32.add (local.get $j) (i32.const 1))))
        (else (call $sort (local.get $a) (i32.add (local.get $j) (i32.const 1)) (local.get $hi))
              (local.set $hi (local.get $j))))
      (br $again)))

  ;; one byte onto the string, doubling its array when full
  (func $put (param $c i32)
    (local $s (ref $bytes)) (local $n (ref $bytes))
    (local.set $s (ref.as_non_null (global.get $str)))
    (if (i32.eq (global.get $len) (array.len (local.get $s)))
      (then
        (local.set $n (array.new_default $bytes (i32.shl (global.get $len) (i32.const 1))))
        (array.copy $bytes $bytes (local.get $n) (i32.const 0) (local.get $s) (i32.const 0)
                    (global.get $len))
        (global.set $str (local.get $n))
        (local.set $s (local.get $n))))
    (array.set $bytes (local.get $s) (global.get $len) (local.get $c))
    (global.set $len (i32.add (global.get $len) (i32.const 1))))

  ;; v in decimal onto the string (digits into a small array first)
  (func $put_num (param $v i32)
    (local $d (ref $bytes)) (local $k i32)
    (local.set $d (array.new_default $bytes (i32.const 10)))
    (loop $digit
      (array.set $bytes (local.get $d) (local.get $k)
        (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $digit (i32.ne (local.get $v) (i32.const 0))))
    (loop $out
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (call $put (array.get_u $bytes (local.get $d) (local.get $k)))
      (br_if $out (i32.ne (local.get $k) (i32.const 0)))))

  ;; one round: n random points sorted, then written out as "x,y;..."; its
  ;; checksum is the string's FNV-1a hash plus the sorted order's weighted sum
  (func $round (param $r i32) (param $n i32) (result i64)
    (local $a (ref $points)) (local $i i32) (local $p (ref $point)) (local $h i32)
    (local $sum i64) (local $s (ref $bytes))
    (global.set $seed (local.get $r))
    (local.set $a (array.new $points (struct.new $point (i32.const 0) (i32.const 0)) (local.get $n)))
    (loop $fill
      (array.set $points (local.get $a) (local.get $i)
        (struct.new $point (call $random) (call $random)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_s (local.get $i) (local.get $n))))
    (call $sort (local.get $a) (i32.const 0) (i32.sub (local.get $n) (i32.const 1)))
    (global.set $str (array.new_default $bytes (i32.const 16)))
    (global.set $len (i32.const 0))
    (local.set $i (i32.const 0))
    (loop $write
      (local.set $p (array.get $points (local.get $a) (local.get $i)))
      (local.set $sum (i64.add (local.get $sum)
        (i64.mul (i64.extend_i32_u (local.get $i))
                 (i64.extend_i32_u (i32.xor (struct.get $point $x (local.get $p))
                                            (struct.get $point $y (local.get $p)))))))
      (call $put_num (struct.get $point $x (local.get $p)))
      (call $put (i32.const 44))
      (call $put_num (struct.get $point $y (local.get $p)))
      (call $put (i32.const 59))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $write (i32.lt_s (local.get $i) (local.get $n))))
    (local.set $s (ref.as_non_null (global.get $str)))
    (local.set $h (i32.const 0x811c9dc5))
    (local.set $i (i32.const 0))
    (loop $hash
      (local.set $h (i32.mul (i32.xor (local.get $h) (array.get_u $bytes (local.get $s) (local.get $i)))
                             (i32.const 16777619)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $hash (i32.lt_s (local.get $i) (global.get $len))))
    (i64.add (local.get $sum) (i64.extend_i32_u (local.get $h))))

  ;; argument: rounds of 20000 points (default 150)
  (func (export "_start")
    (local $n i32) (local $i i32) (local $sum i64)
    (local.set $n (call $arg (i32.const 150)))
    (block $done
      (loop $rounds
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $sum (i64.add (local.get $sum) (call $round (local.get $i) (i32.const 20000))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rounds)))
    (call $print (local.get $sum))))
