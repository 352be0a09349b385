;; Hamming distances of 1-bit codes for the SQLite store's fast vector path
;; (src/storage/sqlite/hamming-wasm.ts loads it; scripts/build-wasm.mjs compiles it to
;; src/storage/sqlite/hamming-wasm-bytes.ts). WebAssembly 1.0 (i64.popcnt; no SIMD needed).
;;
;; Memory is imported (one per user index), laid out by the caller:
;;   codes  count x stride bytes, stride a multiple of 16 (codes zero-padded), at 0
;;   query  stride bytes
;;   dist   count x u16, written
;;   hist   (code bits + 1) x u32, zeroed by the caller, incremented: hist[d] counts codes at distance d
;;   out    up to count x u32 slot numbers, written by $collect
(module
  (import "env" "memory" (memory 1))

  ;; dist[i] = popcount(codes[i] xor query) for i < count; hist[dist[i]] += 1.
  ;; Scalar i64.popcnt, two 8-byte words per step (stride is a multiple of 16). Measured at
  ;; 100k codes of 64 bytes (bench/README.md, "WASM popcount and two-stage rescoring"):
  ;; 0.42 ms a scan, against 0.77-0.83 ms for i8x16.popcnt with three ways of summing the
  ;; lanes, and 0.38 ms fully unrolled for 64-byte codes (not worth a second function).
  (func (export "hamming") (param $codes i32) (param $count i32) (param $stride i32)
      (param $query i32) (param $dist i32) (param $hist i32)
    (local $end i32) (local $off i32) (local $d i64) (local $h i32) (local $q i32)
    (local.set $end (i32.add (local.get $codes) (i32.mul (local.get $count) (local.get $stride))))
    (block $done
      (loop $code
        (br_if $done (i32.ge_u (local.get $codes) (local.get $end)))
        (local.set $d (i64.const 0))
        (local.set $off (i32.const 0))
        (loop $chunk
          (local.set $q (i32.add (local.get $query) (local.get $off)))
          (local.set $h (i32.add (local.get $codes) (local.get $off)))
          (local.set $d (i64.add (local.get $d)
            (i64.add
              (i64.popcnt (i64.xor (i64.load (local.get $h)) (i64.load (local.get $q))))
              (i64.popcnt (i64.xor (i64.load offset=8 (local.get $h)) (i64.load offset=8 (local.get $q)))))))
          (local.set $off (i32.add (local.get $off) (i32.const 16)))
          (br_if $chunk (i32.lt_u (local.get $off) (local.get $stride))))
        (i32.store16 (local.get $dist) (i32.wrap_i64 (local.get $d)))
        (local.set $h (i32.add (local.get $hist) (i32.shl (i32.wrap_i64 (local.get $d)) (i32.const 2))))
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
