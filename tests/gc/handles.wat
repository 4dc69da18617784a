(module
  (type $node (struct (field i32) (field (ref null $node))))
  (type $bytes (array (mut i8)))
  (func (export "make") (param i32) (result anyref)
    (struct.new $node (local.get 0) (ref.null $node)))
  ;; a node whose next is the argument: a kept object reached from another
  (func (export "cons") (param i32 anyref) (result anyref)
    (struct.new $node (local.get 0) (ref.cast (ref null $node) (local.get 1))))
  (func (export "val") (param anyref) (result i32)
    (struct.get $node 0 (ref.cast (ref $node) (local.get 0))))
  (func (export "next_val") (param anyref) (result i32)
    (struct.get $node 0 (struct.get $node 1 (ref.cast (ref $node) (local.get 0)))))
  ;; allocates n KB and drops it: collections
  (func (export "churn") (param $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (drop (array.new_default $bytes (i32.const 1024)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))))
