;; Canonical types across modules (rt/types.c, docs/gc.md): objects and
;; functions made by one module are of the types of another module's equal
;; rec groups, and of their declared supertypes; a structurally alike type
;; of another group, or another place in its group, is not the same type.

(module $A
  (rec
    (type $node (sub (struct (field i32) (field (ref null $node)))))
    (type $f (sub (func (param (ref null $node)) (result i32)))))
  (type $leaf (sub final $node (struct (field i32) (field (ref null $node)) (field i64))))
  (type $bytes (array (mut i8)))
  (type $g (sub $f (func (param (ref null $node)) (result i32))))
  (type $alone (struct (field i32) (field (ref null $alone))))

  (func (export "node") (param i32) (result anyref)
    (struct.new $node (local.get 0) (ref.null $node)))
  (func (export "leaf") (param i32) (result anyref)
    (struct.new $leaf (local.get 0) (struct.new $node (i32.const 1) (ref.null $node))
                      (i64.const 7)))
  (func (export "bytes") (result anyref) (array.new $bytes (i32.const 3) (i32.const 4)))
  (func (export "alone") (result anyref) (struct.new $alone (i32.const 1) (ref.null $alone)))
  (func $first (export "first") (type $f) (struct.get $node 0 (local.get 0)))
  (func $second (export "second") (type $g)
    (struct.get $node 0 (ref.as_non_null (struct.get $node 1 (local.get 0)))))
  (table (export "tab") 2 funcref)
  (elem (i32.const 0) $first $second)
)
(register "A" $A)

;; The same groups: A's objects and functions are of B's types.
(module $B
  (rec
    (type $node (sub (struct (field i32) (field (ref null $node)))))
    (type $f (sub (func (param (ref null $node)) (result i32)))))
  (type $leaf (sub final $node (struct (field i32) (field (ref null $node)) (field i64))))
  (type $bytes (array (mut i8)))
  (type $g (sub $f (func (param (ref null $node)) (result i32))))
  (func $node (import "A" "node") (param i32) (result anyref))
  (func $leaf (import "A" "leaf") (param i32) (result anyref))
  (func $bytes (import "A" "bytes") (result anyref))
  (func $alone (import "A" "alone") (result anyref))
  (func $first (import "A" "first") (type $f))
  (func $second_f (import "A" "second") (type $f))
  (func $second_g (import "A" "second") (type $g))
  (table $tab (import "A" "tab") 2 funcref)

  (func (export "node-is-node") (result i32) (ref.test (ref $node) (call $node (i32.const 5))))
  (func (export "leaf-is-node") (result i32) (ref.test (ref $node) (call $leaf (i32.const 5))))
  (func (export "leaf-is-leaf") (result i32) (ref.test (ref $leaf) (call $leaf (i32.const 5))))
  (func (export "node-is-leaf") (result i32) (ref.test (ref $leaf) (call $node (i32.const 5))))
  (func (export "alone-is-node") (result i32) (ref.test (ref $node) (call $alone)))
  (func (export "bytes-is-bytes") (result i32) (ref.test (ref $bytes) (call $bytes)))
  (func (export "bytes-len") (result i32) (array.len (ref.cast (ref $bytes) (call $bytes))))
  (func (export "leaf-value") (result i64)
    (struct.get $leaf 2 (ref.cast (ref $leaf) (call $leaf (i32.const 5)))))
  (func (export "call-first") (result i32)
    (call_indirect $tab (type $f)
      (ref.cast (ref $node) (call $node (i32.const 9))) (i32.const 0)))
  (func (export "call-second") (result i32)
    (call_indirect $tab (type $f)
      (ref.cast (ref $node) (call $leaf (i32.const 9))) (i32.const 1)))
  (func (export "call-second-g") (result i32)
    (call_indirect $tab (type $g)
      (ref.cast (ref $node) (call $leaf (i32.const 9))) (i32.const 1)))
  (func (export "call-first-g") (result i32)
    (call_indirect $tab (type $g) (ref.null $node) (i32.const 0)))
  (func (export "ref-second") (result i32)
    (call_ref $f (ref.cast (ref $node) (call $leaf (i32.const 3)))
                 (ref.cast (ref $f) (table.get $tab (i32.const 1)))))
)
(assert_return (invoke "node-is-node") (i32.const 1))
(assert_return (invoke "leaf-is-node") (i32.const 1))
(assert_return (invoke "leaf-is-leaf") (i32.const 1))
(assert_return (invoke "node-is-leaf") (i32.const 0))
(assert_return (invoke "alone-is-node") (i32.const 0))
(assert_return (invoke "bytes-is-bytes") (i32.const 1))
(assert_return (invoke "bytes-len") (i32.const 4))
(assert_return (invoke "leaf-value") (i64.const 7))
(assert_return (invoke "call-first") (i32.const 9))
(assert_return (invoke "call-second") (i32.const 1))
(assert_return (invoke "call-second-g") (i32.const 1))
(assert_trap (invoke "call-first-g") "indirect call type mismatch")
(assert_return (invoke "ref-second") (i32.const 1))

;; The same types in another order of the group: other types.
(module $C
  (rec
    (type $f (sub (func (param (ref null $node)) (result i32))))
    (type $node (sub (struct (field i32) (field (ref null $node))))))
  (func $node (import "A" "node") (param i32) (result anyref))
  (table $tab (import "A" "tab") 2 funcref)
  (func (export "node-is-node") (result i32) (ref.test (ref $node) (call $node (i32.const 5))))
  (func (export "call-first") (result i32)
    (call_indirect $tab (type $f) (ref.null $node) (i32.const 0)))
)
(assert_return (invoke "node-is-node") (i32.const 0))
(assert_trap (invoke "call-first") "indirect call type mismatch")

(assert_unlinkable
  (module
    (rec
      (type $f (sub (func (param (ref null $node)) (result i32))))
      (type $node (sub (struct (field i32) (field (ref null $node))))))
    (func (import "A" "first") (type $f)))
  "incompatible import type")
(assert_unlinkable
  (module
    (rec
      (type $node (sub (struct (field i32) (field (ref null $node)))))
      (type $f (sub (func (param (ref null $node)) (result i32)))))
    (type $g (sub $f (func (param (ref null $node)) (result i32))))
    (func (import "A" "first") (type $g)))
  "incompatible import type")

;; A funcref to an imported function is of the function's own type, which
;; may be a subtype of the import's.
(module $D
  (rec
    (type $node (sub (struct (field i32) (field (ref null $node)))))
    (type $f (sub (func (param (ref null $node)) (result i32)))))
  (type $g (sub $f (func (param (ref null $node)) (result i32))))
  (func $second (import "A" "second") (type $f))
  (func $first (import "A" "first") (type $f))
  (table $t 2 funcref)
  (elem (table $t) (i32.const 0) func $first $second)
  (elem declare func $second)
  (func (export "second-is-g") (result i32) (ref.test (ref $g) (ref.func $second)))
  (func (export "first-is-g") (result i32) (ref.test (ref $g) (ref.func $first)))
  (func (export "table-second-is-g") (result i32) (ref.test (ref $g) (table.get $t (i32.const 1))))
  (func (export "table-first-is-g") (result i32) (ref.test (ref $g) (table.get $t (i32.const 0))))
)
(assert_return (invoke "second-is-g") (i32.const 1))
(assert_return (invoke "first-is-g") (i32.const 0))
(assert_return (invoke "table-second-is-g") (i32.const 1))
(assert_return (invoke "table-first-is-g") (i32.const 0))

;; Globals and tables of a concrete type link by canonical type: a
;; subtype for an immutable global, the same type for a mutable one and
;; for a table's elements.
(module $E
  (rec
    (type $node (sub (struct (field i32) (field (ref null $node)))))
    (type $f (sub (func (param (ref null $node)) (result i32)))))
  (type $leaf (sub final $node (struct (field i32) (field (ref null $node)) (field i64))))
  (global (export "leaf") (ref null $leaf)
    (struct.new $leaf (i32.const 4) (ref.null $node) (i64.const 2)))
  (global (export "mut-node") (mut (ref null $node)) (ref.null $node))
  (table (export "nodes") 1 (ref null $node))
  (table (export "fs") 1 (ref null $f))
)
(register "E" $E)
(module
  (rec
    (type $node (sub (struct (field i32) (field (ref null $node)))))
    (type $f (sub (func (param (ref null $node)) (result i32)))))
  (type $leaf (sub final $node (struct (field i32) (field (ref null $node)) (field i64))))
  (global $l (import "E" "leaf") (ref null $leaf))
  (global $n (import "E" "leaf") (ref null $node))
  (global (import "E" "mut-node") (mut (ref null $node)))
  (table (import "E" "nodes") 1 (ref null $node))
  (table (import "E" "fs") 1 (ref null $f))
  (func (export "leaf-field") (result i32) (struct.get $node 0 (global.get $n)))
)
(assert_return (invoke "leaf-field") (i32.const 4))
(assert_unlinkable
  (module
    (rec
      (type $f (sub (func (param (ref null $node)) (result i32))))
      (type $node (sub (struct (field i32) (field (ref null $node))))))
    (global (import "E" "leaf") (ref null $node)))
  "incompatible import type")
(assert_unlinkable
  (module
    (rec
      (type $node (sub (struct (field i32) (field (ref null $node)))))
      (type $f (sub (func (param (ref null $node)) (result i32)))))
    (type $leaf (sub final $node (struct (field i32) (field (ref null $node)) (field i64))))
    (global (import "E" "mut-node") (mut (ref null $leaf))))
  "incompatible import type")
(assert_unlinkable
  (module
    (rec
      (type $f (sub (func (param (ref null $node)) (result i32))))
      (type $node (sub (struct (field i32) (field (ref null $node))))))
    (table (import "E" "nodes") 1 (ref null $node)))
  "incompatible import type")
(assert_unlinkable
  (module
    (rec
      (type $f (sub (func (param (ref null $node)) (result i32))))
      (type $node (sub (struct (field i32) (field (ref null $node))))))
    (table (import "E" "fs") 1 (ref null $f)))
  "incompatible import type")
