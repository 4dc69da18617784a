;; GC references as the embedder sees them (gcref.c).  Types 0-5 are
;; named by index from C: keep them first and in this order.
(module
  (type $point (sub (struct (field i32) (field i32))))             ;; 0
  (type $point3 (sub $point (struct (field i32) (field i32) (field i32)))) ;; 1
  (type $pair (struct (field i32) (field i32)))                    ;; 2: final, not $point
  (type $bytes (array (mut i8)))                                   ;; 3
  (type $fn (func (param i32) (result i32)))                       ;; 4: final
  (type $open (sub (func)))                                        ;; 5: not final
  (import "host" "weigh" (func $weigh (param eqref) (result i32)))
  ;; the same C signature: each must get its values tagged as its own
  (import "host" "tag_any" (func $tag_any (param anyref) (result i32)))
  (import "host" "tag_ext" (func $tag_ext (param externref) (result i32)))
  (func $inc (type $fn) (i32.add (local.get 0) (i32.const 1)))
  (elem declare func $inc)
  (func (export "point") (result anyref)
    (struct.new $point (i32.const 1) (i32.const 2)))
  (func (export "point3") (result anyref)
    (struct.new $point3 (i32.const 1) (i32.const 2) (i32.const 3)))
  (func (export "pair") (result anyref)
    (struct.new $pair (i32.const 1) (i32.const 2)))
  (func (export "bytes") (param i32) (result anyref)
    (array.new_default $bytes (local.get 0)))
  (func (export "i31") (param i32) (result anyref) (ref.i31 (local.get 0)))
  (func (export "i31_get_s") (param anyref) (result i32)
    (i31.get_s (ref.cast (ref i31) (local.get 0))))
  (func (export "is_point") (param anyref) (result i32)
    (ref.test (ref $point) (local.get 0)))
  (func (export "ext") (param anyref) (result externref)
    (extern.convert_any (local.get 0)))
  (func (export "int") (param externref) (result anyref)
    (any.convert_extern (local.get 0)))
  (func (export "fn") (result funcref) (ref.func $inc))
  (func (export "tags") (result i32)
    (i32.add (i32.mul (call $tag_any (ref.null any)) (i32.const 100))
             (call $tag_ext (ref.null extern))))
  (func (export "weigh") (param anyref) (result i32)
    (call $weigh (ref.cast eqref (local.get 0)))))
