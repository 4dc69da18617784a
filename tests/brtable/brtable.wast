;; Big br_tables (w2c/emit_func.c, emit_goto_table): in a loop, with 64
;; entries or more whose targets change often enough, the first one of a
;; function jumps through a table of label addresses; the rest, small
;; ones and those outside loops, are switches.  (The tables below are
;; padded to 64 entries with their default.)  Targets that take operands along, return, continue a
;; loop, leave a try_table, and a default reached from inside the table
;; as well as out of it.
(module
  (tag $e (param i32))

  ;; the first table of the function: operands moved to the targets'
  ;; heights (an operand lies below), the function's own label, a loop's
  ;; label with a parameter, a default also named inside the table
  (func $dispatch (export "dispatch") (param $i i32) (result i32) (local $v i32) (local $n i32)
    (i32.const 100)
    (loop $again (param i32) (result i32)
      (local.set $v)
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (if (i32.gt_u (local.get $n) (i32.const 3))
        (then (return (i32.add (local.get $v) (i32.const 5000)))))
      (block $b3 (result i32)
        (block $b2 (result i32)
          (block $b1 (result i32)
            (block $b0 (result i32)
              (i32.const 7)
              (local.get $v)
              (local.get $i)
              (br_table $b0 $b1 $b2 $b3 $again 5 $b0 $b0 $b1 $again $b3 $b2 $b1 $b1 $b1 $b1
                $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1
                $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1
                $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1 $b1
                $b1))
            (return (i32.add (i32.const 10))))
          (return (i32.add (i32.const 20))))
        (return (i32.add (i32.const 30))))
      ;; $b3: once more with v + 1 and i = 1
      (i32.add (i32.const 1))
      (local.set $i (i32.const 1))
      (br $again)))

  ;; two tables in one function (the second a switch), in a loop: the
  ;; sum of what the indices select
  (func (export "two") (param $i i32) (param $j i32) (result i32) (local $s i32) (local $k i32)
    (loop $l
      (block $a3
        (block $a2
          (block $a1
            (block $a0
              (br_table $a0 $a1 $a2 $a3 $a0 $a1 $a2 $a3 $a0 $a1 $a1 $a1 $a1 $a1 $a1 $a1
                $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1
                $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1
                $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1 $a1
                $a1 (local.get $i)))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $a3))
          (local.set $s (i32.add (local.get $s) (i32.const 10)))
          (br $a3))
        (local.set $s (i32.add (local.get $s) (i32.const 100))))
      (block $c3
        (block $c2
          (block $c1
            (block $c0
              (br_table $c0 $c1 $c2 $c3 $c0 $c1 $c2 $c3 $c3 $c0 $c1 (local.get $j)))
            (local.set $s (i32.add (local.get $s) (i32.const 1000)))
            (br $c3))
          (local.set $s (i32.add (local.get $s) (i32.const 10000)))
          (br $c3))
        (local.set $s (i32.add (local.get $s) (i32.const 100000))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 3))))
    (local.get $s))

  ;; outside a loop: a switch
  (func (export "leaf") (param $i i32) (result i32)
    (block $d3
      (block $d2
        (block $d1
          (block $d0
            (br_table $d0 $d1 $d2 $d3 $d0 $d1 $d2 $d3 $d0 $d1 $d2 (local.get $i)))
          (return (i32.const 20)))
        (return (i32.const 21)))
      (return (i32.const 22)))
    (i32.const 23))

  ;; out of a try_table: the handler frame left on the way
  (func (export "leave") (param $i i32) (result i32) (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $n) (i32.const 2))))
    (loop $once (result i32)
      (block $out (result i32)
        (block $h (result i32)
          (try_table (result i32) (catch $e $h)
            (block $t1 (result i32)
              (block $t0 (result i32)
                (i32.const 50)
                (local.get $i)
                (br_table $t0 $t1 $out $t1 $t0 $out $t1 $t0 $out $out $t1 $t1 $t1 $t1 $t1 $t1
                $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1
                $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1
                $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1 $t1
                $t1))
              (throw $e))
            (return (i32.add (i32.const 7)))))
        ;; caught: the thrown value + n
        (return (i32.add (local.get $n))))
      ;; $out: 50 + 1000
      (i32.add (i32.const 1000))))
)

(assert_return (invoke "dispatch" (i32.const 0)) (i32.const 110))
(assert_return (invoke "dispatch" (i32.const 1)) (i32.const 120))
(assert_return (invoke "dispatch" (i32.const 2)) (i32.const 130))
(assert_return (invoke "dispatch" (i32.const 3)) (i32.const 121))
(assert_return (invoke "dispatch" (i32.const 4)) (i32.const 5100))
(assert_return (invoke "dispatch" (i32.const 5)) (i32.const 100))
(assert_return (invoke "dispatch" (i32.const 6)) (i32.const 110))
(assert_return (invoke "dispatch" (i32.const 7)) (i32.const 110))
(assert_return (invoke "dispatch" (i32.const 8)) (i32.const 120))
(assert_return (invoke "dispatch" (i32.const 9)) (i32.const 5100))
(assert_return (invoke "dispatch" (i32.const 10)) (i32.const 121))
(assert_return (invoke "dispatch" (i32.const 11)) (i32.const 130))
(assert_return (invoke "dispatch" (i32.const 12)) (i32.const 120))
(assert_return (invoke "dispatch" (i32.const -1)) (i32.const 120))
(assert_return (invoke "dispatch" (i32.const 2147483647)) (i32.const 120))

(assert_return (invoke "two" (i32.const 0) (i32.const 0)) (i32.const 3111))
(assert_return (invoke "two" (i32.const 8) (i32.const 7)) (i32.const 21))
(assert_return (invoke "two" (i32.const 99) (i32.const 9)) (i32.const 3030))
(assert_return (invoke "two" (i32.const 3) (i32.const 10)) (i32.const 30011))
(assert_return (invoke "two" (i32.const 6) (i32.const 2)) (i32.const 300101))
(assert_return (invoke "two" (i32.const 7) (i32.const 3)) (i32.const 11))

(assert_return (invoke "leaf" (i32.const 0)) (i32.const 20))
(assert_return (invoke "leaf" (i32.const 5)) (i32.const 21))
(assert_return (invoke "leaf" (i32.const 10)) (i32.const 22))
(assert_return (invoke "leaf" (i32.const 11)) (i32.const 22))
(assert_return (invoke "leaf" (i32.const 3)) (i32.const 23))
(assert_return (invoke "leaf" (i32.const 9)) (i32.const 21))
(assert_return (invoke "leaf" (i32.const -1)) (i32.const 22))

(assert_return (invoke "leave" (i32.const 0)) (i32.const 52))
(assert_return (invoke "leave" (i32.const 1)) (i32.const 57))
(assert_return (invoke "leave" (i32.const 2)) (i32.const 1050))
(assert_return (invoke "leave" (i32.const 3)) (i32.const 57))
(assert_return (invoke "leave" (i32.const 4)) (i32.const 52))
(assert_return (invoke "leave" (i32.const 5)) (i32.const 1050))
(assert_return (invoke "leave" (i32.const 6)) (i32.const 57))
(assert_return (invoke "leave" (i32.const 7)) (i32.const 52))
(assert_return (invoke "leave" (i32.const 8)) (i32.const 1050))
(assert_return (invoke "leave" (i32.const 9)) (i32.const 1050))
(assert_return (invoke "leave" (i32.const 10)) (i32.const 57))
(assert_return (invoke "leave" (i32.const 11)) (i32.const 57))
(assert_return (invoke "leave" (i32.const -1)) (i32.const 57))
