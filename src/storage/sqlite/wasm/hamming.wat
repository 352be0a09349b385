;; Hamming distances of 1-bit codes for the SQLite store's fast vector path
;; (src/storage/sqlite/hamming-wasm.ts loads it; scripts/build-wasm.mjs compiles it to
;; src/storage/sqlite/hamming-wasm-bytes.ts). WebAssembly SIMD (i8x16.popcnt).
;;
;; Memory is imported (one per user index), laid out by the caller:
;;   codes  count x stride bytes, stride a multiple of 16 (codes zero-padded)
;;   query  stride bytes
;;   dist   count x u16, written
;;   hist   (stride x 8 + 1) x u32, incremented: hist[d] counts codes at distance d
;;   out    up to count x u32 slot numbers, written by $collect
(module
  (import "env" "memory" (memory 1))

  ;; dist[i] = popcount(codes[i] xor query) for i < count; hist[dist[i]] += 1.
  (func (export "hamming") (param $codes i32) (param $count i32) (param $stride i32)
      (param $query i32) (param $dist i32) (param $hist i32)
    (local $end i32) (local $off i32) (local $acc v128) (local $d i32) (local $h i32)
    (local.set $end (i32.add (local.get $codes) (i32.mul (local.get $count) (local.get $stride))))
    (block $done
      (loop $code
        (br_if $done (i32.ge_u (local.get $codes) (local.get $end)))
        (local.set $acc (v128.const i64x2 0 0))
        (local.set $off (i32.const 0))
        (loop $chunk
          ;; Per-byte counts (at most 8) widened to 16-bit lanes at once: no overflow
          ;; below 4096 chunks (65,536 dimensions).
          (local.set $acc
            (i16x8.add (local.get $acc)
              (i16x8.extadd_pairwise_i8x16_u
                (i8x16.popcnt
                  (v128.xor
                    (v128.load (i32.add (local.get $codes) (local.get $off)))
                    (v128.load (i32.add (local.get $query) (local.get $off))))))))
          (local.set $off (i32.add (local.get $off) (i32.const 16)))
          (br_if $chunk (i32.lt_u (local.get $off) (local.get $stride))))
        (local.set $acc (i32x4.extadd_pairwise_i16x8_u (local.get $acc)))
        (local.set $d
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (i32.store16 (local.get $dist) (local.get $d))
        (local.set $h (i32.add (local.get $hist) (i32.shl (local.get $d) (i32.const 2))))
        (i32.store (local.get $h) (i32.add (i32.load (local.get $h)) (i32.const 1)))
        (local.set $dist (i32.add (local.get $dist) (i32.const 2)))
        (local.set $codes (i32.add (local.get $codes) (local.get $stride)))
        (br $code))))

  ;; Writes to out the slots i < count with dist[i] < cut, and the first atCut slots with
  ;; dist[i] == cut, in slot order. Returns how many were written.
  (func (export "collect") (param $dist i32) (param $count i32) (param $cut i32) (param $atCut i32)
      (param $out i32) (result i32)
    (local $i i32) (local $d i32) (local $n i32)
    (block $done
      (loop $slot
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $d (i32.load16_u (i32.add (local.get $dist) (i32.shl (local.get $i) (i32.const 1)))))
        (if (i32.lt_u (local.get $d) (local.get $cut))
          (then
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (local.get $i))
            (local.set $n (i32.add (local.get $n) (i32.const 1))))
          (else
            (if (i32.and (i32.eq (local.get $d) (local.get $cut)) (i32.gt_s (local.get $atCut) (i32.const 0)))
              (then
                (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (local.get $i))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $atCut (i32.sub (local.get $atCut) (i32.const 1)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $slot)))
    (local.get $n)))
