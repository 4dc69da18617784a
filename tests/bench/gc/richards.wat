;; richards (Octane's, on WebAssembly GC): a task scheduler whose tasks are
;; subtypes of one struct type, run through call_ref and ref.cast.  Argument:
;; runs (default 10000).  Prints "checksum N": the sum over runs of
;; queue count * 10000 + hold count (2322 and 928 a run in richards.js).
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

  ;; Octane's richards: task control blocks are one struct type with a
  ;; subtype per kind of task, each holding its own state; the scheduler
  ;; runs a block through its function reference (call_ref), and the
  ;; function casts the block to its own subtype (ref.cast).
  (type $data (array (mut i32)))
  (rec
    (type $packet (struct (field $link (mut (ref null $packet))) (field $id (mut i32))
                          (field $kind i32) (field $a1 (mut i32)) (field $a2 (ref $data))))
    (type $run (func (param (ref $tcb) (ref null $packet)) (result (ref null $tcb))))
    (type $tcb (sub (struct (field $link (ref null $tcb)) (field $id i32) (field $pri i32)
                            (field $queue (mut (ref null $packet))) (field $state (mut i32))
                            (field $fn (ref $run)))))
    (type $idle (sub final $tcb (struct (field $link (ref null $tcb)) (field $id i32)
                            (field $pri i32) (field $queue (mut (ref null $packet)))
                            (field $state (mut i32)) (field $fn (ref $run))
                            (field $v1 (mut i32)) (field $count (mut i32)))))
    (type $worker (sub final $tcb (struct (field $link (ref null $tcb)) (field $id i32)
                            (field $pri i32) (field $queue (mut (ref null $packet)))
                            (field $state (mut i32)) (field $fn (ref $run))
                            (field $v1 (mut i32)) (field $v2 (mut i32)))))
    (type $handler (sub final $tcb (struct (field $link (ref null $tcb)) (field $id i32)
                            (field $pri i32) (field $queue (mut (ref null $packet)))
                            (field $state (mut i32)) (field $fn (ref $run))
                            (field $v1 (mut (ref null $packet))) (field $v2 (mut (ref null $packet))))))
    (type $device (sub final $tcb (struct (field $link (ref null $tcb)) (field $id i32)
                            (field $pri i32) (field $queue (mut (ref null $packet)))
                            (field $state (mut i32)) (field $fn (ref $run))
                            (field $v1 (mut (ref null $packet)))))))
  (type $blocks (array (mut (ref null $tcb))))

  ;; ids, kinds and states as in richards.js
  (global $list (mut (ref null $tcb)) (ref.null $tcb))
  (global $current (mut (ref null $tcb)) (ref.null $tcb))
  (global $current_id (mut i32) (i32.const 0))
  (global $blocks (mut (ref null $blocks)) (ref.null $blocks))
  (global $queue_count (mut i32) (i32.const 0))
  (global $hold_count (mut i32) (i32.const 0))

  (elem declare func $run_idle $run_worker $run_handler $run_device)

  (func $new_packet (param $link (ref null $packet)) (param $id i32) (param $kind i32)
                    (result (ref $packet))
    (struct.new $packet (local.get $link) (local.get $id) (local.get $kind) (i32.const 0)
                (array.new_default $data (i32.const 4))))

  ;; packet onto the end of queue q
  (func $add_to (param $p (ref $packet)) (param $q (ref null $packet)) (result (ref $packet))
    (local $next (ref $packet)) (local $peek (ref null $packet))
    (struct.set $packet $link (local.get $p) (ref.null $packet))
    (if (ref.is_null (local.get $q)) (then (return (local.get $p))))
    (local.set $next (ref.as_non_null (local.get $q)))
    (block $end
      (loop $walk
        (local.set $peek (struct.get $packet $link (local.get $next)))
        (br_if $end (ref.is_null (local.get $peek)))
        (local.set $next (ref.as_non_null (local.get $peek)))
        (br $walk)))
    (struct.set $packet $link (local.get $next) (local.get $p))
    (ref.as_non_null (local.get $q)))

  (func $add (param $t (ref $tcb))
    (global.set $list (local.get $t))
    (array.set $blocks (global.get $blocks) (struct.get $tcb $id (local.get $t)) (local.get $t)))

  ;; state: queue == null ? SUSPENDED (2) : SUSPENDED_RUNNABLE (3)
  (func $state0 (param $q (ref null $packet)) (result i32)
    (select (i32.const 2) (i32.const 3) (ref.is_null (local.get $q))))

  (func $release (param $id i32) (result (ref null $tcb))
    (local $t (ref $tcb))
    (local.set $t (ref.as_non_null (array.get $blocks (global.get $blocks) (local.get $id))))
    (struct.set $tcb $state (local.get $t)
      (i32.and (struct.get $tcb $state (local.get $t)) (i32.const -5)))
    (if (result (ref null $tcb))
        (i32.gt_s (struct.get $tcb $pri (local.get $t))
                  (struct.get $tcb $pri (ref.as_non_null (global.get $current))))
      (then (local.get $t)) (else (global.get $current))))

  (func $hold_current (result (ref null $tcb))
    (local $c (ref $tcb))
    (local.set $c (ref.as_non_null (global.get $current)))
    (global.set $hold_count (i32.add (global.get $hold_count) (i32.const 1)))
    (struct.set $tcb $state (local.get $c) (i32.or (struct.get $tcb $state (local.get $c)) (i32.const 4)))
    (struct.get $tcb $link (local.get $c)))

  (func $suspend_current (result (ref null $tcb))
    (local $c (ref $tcb))
    (local.set $c (ref.as_non_null (global.get $current)))
    (struct.set $tcb $state (local.get $c) (i32.or (struct.get $tcb $state (local.get $c)) (i32.const 2)))
    (local.get $c))

  (func $queue (param $p (ref $packet)) (result (ref null $tcb))
    (local $t (ref $tcb)) (local $c (ref $tcb))
    (local.set $t (ref.as_non_null
      (array.get $blocks (global.get $blocks) (struct.get $packet $id (local.get $p)))))
    (local.set $c (ref.as_non_null (global.get $current)))
    (global.set $queue_count (i32.add (global.get $queue_count) (i32.const 1)))
    (struct.set $packet $link (local.get $p) (ref.null $packet))
    (struct.set $packet $id (local.get $p) (global.get $current_id))
    ;; check_priority_add
    (if (ref.is_null (struct.get $tcb $queue (local.get $t)))
      (then
        (struct.set $tcb $queue (local.get $t) (local.get $p))
        (struct.set $tcb $state (local.get $t)
          (i32.or (struct.get $tcb $state (local.get $t)) (i32.const 1)))
        (if (i32.gt_s (struct.get $tcb $pri (local.get $t)) (struct.get $tcb $pri (local.get $c)))
          (then (return (local.get $t)))))
      (else
        (struct.set $tcb $queue (local.get $t)
          (call $add_to (local.get $p) (struct.get $tcb $queue (local.get $t))))))
    (local.get $c))

  (func $run_idle (type $run) (param $b (ref $tcb)) (param $p (ref null $packet))
                  (result (ref null $tcb))
    (local $t (ref $idle)) (local $v i32)
    (local.set $t (ref.cast (ref $idle) (local.get $b)))
    (struct.set $idle $count (local.get $t) (i32.sub (struct.get $idle $count (local.get $t)) (i32.const 1)))
    (if (i32.eqz (struct.get $idle $count (local.get $t)))
      (then (return (call $hold_current))))
    (local.set $v (struct.get $idle $v1 (local.get $t)))
    (if (result (ref null $tcb)) (i32.eqz (i32.and (local.get $v) (i32.const 1)))
      (then
        (struct.set $idle $v1 (local.get $t) (i32.shr_s (local.get $v) (i32.const 1)))
        (call $release (i32.const 4)))
      (else
        (struct.set $idle $v1 (local.get $t)
          (i32.xor (i32.shr_s (local.get $v) (i32.const 1)) (i32.const 0xd008)))
        (call $release (i32.const 5)))))

  (func $run_device (type $run) (param $b (ref $tcb)) (param $p (ref null $packet))
                    (result (ref null $tcb))
    (local $t (ref $device)) (local $v (ref null $packet))
    (local.set $t (ref.cast (ref $device) (local.get $b)))
    (if (ref.is_null (local.get $p))
      (then
        (local.set $v (struct.get $device $v1 (local.get $t)))
        (if (ref.is_null (local.get $v)) (then (return (call $suspend_current))))
        (struct.set $device $v1 (local.get $t) (ref.null $packet))
        (return (call $queue (ref.as_non_null (local.get $v))))))
    (struct.set $device $v1 (local.get $t) (local.get $p))
    (call $hold_current))

  (func $run_worker (type $run) (param $b (ref $tcb)) (param $p (ref null $packet))
                    (result (ref null $tcb))
    (local $t (ref $worker)) (local $pk (ref $packet)) (local $i i32) (local $v2 i32)
    (local.set $t (ref.cast (ref $worker) (local.get $b)))
    (if (ref.is_null (local.get $p)) (then (return (call $suspend_current))))
    (local.set $pk (ref.as_non_null (local.get $p)))
    (struct.set $worker $v1 (local.get $t)
      (select (i32.const 3) (i32.const 2) (i32.eq (struct.get $worker $v1 (local.get $t)) (i32.const 2))))
    (struct.set $packet $id (local.get $pk) (struct.get $worker $v1 (local.get $t)))
    (struct.set $packet $a1 (local.get $pk) (i32.const 0))
    (local.set $v2 (struct.get $worker $v2 (local.get $t)))
    (loop $fill
      (local.set $v2 (i32.add (local.get $v2) (i32.const 1)))
      (if (i32.gt_s (local.get $v2) (i32.const 26)) (then (local.set $v2 (i32.const 1))))
      (array.set $data (struct.get $packet $a2 (local.get $pk)) (local.get $i) (local.get $v2))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_s (local.get $i) (i32.const 4))))
    (struct.set $worker $v2 (local.get $t) (local.get $v2))
    (call $queue (local.get $pk)))

  (func $run_handler (type $run) (param $b (ref $tcb)) (param $p (ref null $packet))
                     (result (ref null $tcb))
    (local $t (ref $handler)) (local $pk (ref $packet)) (local $w (ref $packet))
    (local $v (ref $packet)) (local $count i32)
    (local.set $t (ref.cast (ref $handler) (local.get $b)))
    (if (i32.eqz (ref.is_null (local.get $p)))
      (then
        (local.set $pk (ref.as_non_null (local.get $p)))
        (if (i32.eq (struct.get $packet $kind (local.get $pk)) (i32.const 1))
          (then (struct.set $handler $v1 (local.get $t)
                  (call $add_to (local.get $pk) (struct.get $handler $v1 (local.get $t)))))
          (else (struct.set $handler $v2 (local.get $t)
                  (call $add_to (local.get $pk) (struct.get $handler $v2 (local.get $t))))))))
    (if (i32.eqz (ref.is_null (struct.get $handler $v1 (local.get $t))))
      (then
        (local.set $w (ref.as_non_null (struct.get $handler $v1 (local.get $t))))
        (local.set $count (struct.get $packet $a1 (local.get $w)))
        (if (i32.lt_s (local.get $count) (i32.const 4))
          (then
            (if (i32.eqz (ref.is_null (struct.get $handler $v2 (local.get $t))))
              (then
                (local.set $v (ref.as_non_null (struct.get $handler $v2 (local.get $t))))
                (struct.set $handler $v2 (local.get $t) (struct.get $packet $link (local.get $v)))
                (struct.set $packet $a1 (local.get $v)
                  (array.get $data (struct.get $packet $a2 (local.get $w)) (local.get $count)))
                (struct.set $packet $a1 (local.get $w) (i32.add (local.get $count) (i32.const 1)))
                (return (call $queue (local.get $v))))))
          (else
            (struct.set $handler $v1 (local.get $t) (struct.get $packet $link (local.get $w)))
            (return (call $queue (local.get $w)))))))
    (call $suspend_current))

  ;; one run of the benchmark: set up the six tasks, schedule until idle
  (func $richards
    (local $q (ref null $packet)) (local $t (ref null $tcb)) (local $s i32) (local $pk (ref null $packet))
    (global.set $blocks (array.new_default $blocks (i32.const 6)))
    (global.set $list (ref.null $tcb))
    (global.set $queue_count (i32.const 0))
    (global.set $hold_count (i32.const 0))
    ;; idle: id 0, priority 0, count 1000 (v1 1)
    (call $add (struct.new $idle (global.get $list) (i32.const 0) (i32.const 0) (ref.null $packet)
                 (i32.const 1) (ref.func $run_idle) (i32.const 1) (i32.const 1000)))
    ;; worker: id 1, priority 1000, two work packets
    (local.set $q (call $new_packet (ref.null $packet) (i32.const 1) (i32.const 1)))
    (local.set $q (call $new_packet (local.get $q) (i32.const 1) (i32.const 1)))
    (call $add (struct.new $worker (global.get $list) (i32.const 1) (i32.const 1000) (local.get $q)
                 (call $state0 (local.get $q)) (ref.func $run_worker) (i32.const 2) (i32.const 0)))
    ;; handlers a and b (ids 2, 3), three device packets each
    (local.set $q (call $new_packet (ref.null $packet) (i32.const 4) (i32.const 0)))
    (local.set $q (call $new_packet (local.get $q) (i32.const 4) (i32.const 0)))
    (local.set $q (call $new_packet (local.get $q) (i32.const 4) (i32.const 0)))
    (call $add (struct.new $handler (global.get $list) (i32.const 2) (i32.const 2000) (local.get $q)
                 (call $state0 (local.get $q)) (ref.func $run_handler) (ref.null $packet) (ref.null $packet)))
    (local.set $q (call $new_packet (ref.null $packet) (i32.const 5) (i32.const 0)))
    (local.set $q (call $new_packet (local.get $q) (i32.const 5) (i32.const 0)))
    (local.set $q (call $new_packet (local.get $q) (i32.const 5) (i32.const 0)))
    (call $add (struct.new $handler (global.get $list) (i32.const 3) (i32.const 3000) (local.get $q)
                 (call $state0 (local.get $q)) (ref.func $run_handler) (ref.null $packet) (ref.null $packet)))
    ;; devices a and b (ids 4, 5)
    (call $add (struct.new $device (global.get $list) (i32.const 4) (i32.const 4000) (ref.null $packet)
                 (i32.const 2) (ref.func $run_device) (ref.null $packet)))
    (call $add (struct.new $device (global.get $list) (i32.const 5) (i32.const 5000) (ref.null $packet)
                 (i32.const 2) (ref.func $run_device) (ref.null $packet)))
    ;; schedule
    (local.set $t (global.get $list))
    (block $done
      (loop $next
        (br_if $done (ref.is_null (local.get $t)))
        (local.set $s (struct.get $tcb $state (local.get $t)))
        ;; held (4) or suspended (2 exactly): skip
        (if (i32.or (i32.ne (i32.and (local.get $s) (i32.const 4)) (i32.const 0))
                    (i32.eq (local.get $s) (i32.const 2)))
          (then (local.set $t (struct.get $tcb $link (local.get $t))) (br $next)))
        (global.set $current_id (struct.get $tcb $id (local.get $t)))
        (global.set $current (local.get $t))
        ;; suspended runnable (3): take the first packet
        (local.set $pk (ref.null $packet))
        (if (i32.eq (local.get $s) (i32.const 3))
          (then
            (local.set $pk (struct.get $tcb $queue (local.get $t)))
            (struct.set $tcb $queue (local.get $t)
              (struct.get $packet $link (ref.as_non_null (local.get $pk))))
            (struct.set $tcb $state (local.get $t)
              (select (i32.const 0) (i32.const 1)
                (ref.is_null (struct.get $tcb $queue (local.get $t)))))))
        (local.set $t (call_ref $run (ref.as_non_null (local.get $t)) (local.get $pk)
                        (struct.get $tcb $fn (ref.as_non_null (local.get $t)))))
        (br $next))))

  ;; argument: runs (default 10000); checksum: the queue and hold counts of
  ;; every run (2322 and 928 each in richards.js)
  (func (export "_start")
    (local $n i32) (local $i i32) (local $sum i64)
    (local.set $n (call $arg (i32.const 10000)))
    (block $done
      (loop $runs
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (call $richards)
        (local.set $sum (i64.add (local.get $sum)
          (i64.extend_i32_u (i32.add (i32.mul (global.get $queue_count) (i32.const 10000))
                                     (global.get $hold_count)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $runs)))
    (call $print (local.get $sum))))
