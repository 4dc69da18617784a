;; The legacy try: an exception freed by each catch, and one a rethrow
;; throws again after an inner catch took it (it must stay alive).  The
;; 3.0 reference interpreter doesn't parse the legacy instructions:
;; converted by wabt's wast2json --enable-exceptions (convert.sh).

(module
  (tag $e (param i32))
  (func $throw (param i32) (throw $e (local.get 0)))
  (func (export "loop-catch") (param $n i32) (result i32)
    (local $s i32)
    (loop $l
      (try (do (call $throw (local.get $n)))
        (catch $e (local.get $s) (i32.add) (local.set $s)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s)
  )
  (func (export "loop-catch-all") (param $n i32) (result i32)
    (local $s i32)
    (loop $l
      (try (do (call $throw (local.get $n)))
        (catch_all (local.set $s (i32.add (local.get $s) (i32.const 1)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s)
  )
  (func (export "rethrow-again") (param $n i32) (result i32)
    (local $s i32)
    (try (do (call $throw (i32.const 5)))
      (catch $e
        (drop)
        (loop $l
          (try (do (rethrow 2))
            (catch $e (local.get $s) (i32.add) (local.set $s)))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
    (local.get $s)
  )
)

(assert_return (invoke "loop-catch" (i32.const 100)) (i32.const 5050))
(assert_return (invoke "loop-catch-all" (i32.const 100)) (i32.const 100))
(assert_return (invoke "rethrow-again" (i32.const 10)) (i32.const 50))
