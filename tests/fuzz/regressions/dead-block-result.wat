(module
  ;; A block that never completes, its result then used: w2c read
  ;; fc->slot_bits[h] for a slot it had never grown the arrays for.
  (func
    block (result i32)
      unreachable
    end
    i32.eqz
    drop))
